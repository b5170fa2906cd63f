"""Soak tests drive the app in a browser: they reuse the fixtures of tests/browser."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

from browser_fixtures import *  # noqa: E402, F403
