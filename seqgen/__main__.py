"""`python -m seqgen ...`: see seqgen/cli.py."""

import sys

from .cli import main

sys.exit(main())
