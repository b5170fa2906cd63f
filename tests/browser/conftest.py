"""Real-browser tests: the fixtures live in browser_fixtures.py (shared with tests/soak)."""

from browser_fixtures import *  # noqa: F403
