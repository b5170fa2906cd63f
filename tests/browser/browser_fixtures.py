"""Fixtures of the real-browser tests: `from browser_fixtures import *` in a conftest.py.

`server` starts one `streamlit run` server per test module (models go to a tmp folder),
`browser` is Debian's Chromium, and `open_page()` gives a fresh browser context (its own
Streamlit session) with the app loaded. Shared by tests/browser and tests/soak.
"""

from __future__ import annotations

import contextlib
import os

import pytest
from browser_harness import AppPage, launch_chromium, streamlit_server

# Playwright must use Debian's Chromium; make any attempt to fetch a browser fail fast.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

__all__ = ["browser", "open_page", "pytest_runtest_makereport", "server"]
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


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, "report_" + report.when, report)
    return report


@pytest.fixture
def open_page(browser, server, request):
    """`open_page()` -> AppPage in a new browser context, i.e. a new Streamlit session.

    When the test fails, every page it opened is saved under test-output/failures/.
    """
    contexts, pages = [], []

    def _open(query: str = "", **context_options) -> AppPage:
        context = browser.new_context(viewport=VIEWPORT, **context_options)
        contexts.append(context)
        app = AppPage(context.new_page(), server.url)
        pages.append(app)
        return app.open(query)

    yield _open
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for i, app in enumerate(pages):
            with contextlib.suppress(Exception):  # the page may be the thing that broke
                app.screenshot(f"../failures/{request.node.name}-{i}.png")
    for context in contexts:
        context.close()
