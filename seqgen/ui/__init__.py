"""The Streamlit page, in small sections: `from seqgen.ui.page import main; main()`.

Only this package imports streamlit. Each module draws one part of the page
(corpus, train, generate, models ...) and talks to the engine through `seqgen.X`.
TensorFlow is imported lazily, the first time a model is needed.
"""
