"""Fixtures for the real-browser tests: a `streamlit run` server, Debian's Chromium, app pages.

`server` starts one server per test module (models go to a tmp folder); `open_page()` gives a
fresh browser context (its own Streamlit session) with the app loaded.
"""

from __future__ import annotations

import os

import pytest
from browser_harness import AppPage, launch_chromium, streamlit_server

# Playwright must use Debian's Chromium; make any attempt to fetch a browser fail fast.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

VIEWPORT = {"width": 1400, "height": 1000}


@pytest.fixture(scope="module")
def server(tmp_path_factory, request):
    """A `streamlit run app.py` server on 127.0.0.1, its model folder in a tmp dir."""
    name = request.module.__name__.rsplit(".", 1)[-1]
    with streamlit_server(tmp_path_factory.mktemp(name), name=name) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, server):
    """`open_page()` -> AppPage in a new browser context, i.e. a new Streamlit session."""
    contexts = []

    def _open(query: str = "", **context_options) -> AppPage:
        context = browser.new_context(viewport=VIEWPORT, **context_options)
        contexts.append(context)
        return AppPage(context.new_page(), server.url).open(query)

    yield _open
    for context in contexts:
        context.close()
