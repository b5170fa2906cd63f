"""seqgen web app: `streamlit run app.py`.

Layout and widgets live in seqgen/ui (one module per step); this file only
starts the page, so a rerun never redefines any class or callback.
"""

from seqgen.ui.page import main

main()
