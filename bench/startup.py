"""App cold start vs a hello-world page, both served by `streamlit run`: `--only startup`.

Each run starts a fresh `streamlit run` process on 127.0.0.1 with a free port
(from the repository root, so both pages get .streamlit/config.toml), waits for
/_stcore/health, then opens the page in headless Debian Chromium through
Playwright and waits for the page's title (an h1 on both pages) to appear. The
two pages alternate, so a busy moment affects both.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import median
from .serve import free_port, healthy

REPO = Path(__file__).resolve().parents[1]
HELLO = Path(__file__).resolve().parent / "apps" / "hello.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIRST_ELEMENT = "[data-testid='stElementContainer']"


def cold_start(app: Path, browser, model_dir: str, timeout: float = 180) -> dict:
    """Seconds from `streamlit run` to health, to the first element, and to the title."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", "127.0.0.1"]
    cmd += ["--server.port", str(port), "--server.headless", "true"]
    cmd += ["--browser.gatherUsageStats", "false"]
    env = dict(os.environ, SEQGEN_MODEL_DIR=model_dir)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while not healthy(url, timeout=1):
            if proc.poll() is not None or time.perf_counter() - start > timeout:
                raise RuntimeError(f"streamlit did not start for {app.name}")
            time.sleep(0.02)
        health = time.perf_counter() - start
        context = browser.new_context()  # no cache from an earlier run
        page = context.new_page()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(FIRST_ELEMENT, timeout=timeout * 1000)
        first = time.perf_counter() - start
        page.wait_for_selector("h1", timeout=timeout * 1000)
        title = time.perf_counter() - start
        context.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {"health_s": health, "first_element_s": first, "title_s": title}


def run(quick: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    app = REPO / "app.py"
    if not app.exists():
        raise SystemExit("app.py is missing: nothing to measure")
    rounds = 1 if quick else 3
    runs = {"app": [], "hello": []}
    with tempfile.TemporaryDirectory() as models, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cold_start(HELLO, browser, models)  # warm the disk cache for both
        for _ in range(rounds):
            runs["hello"].append(cold_start(HELLO, browser, models))
            runs["app"].append(cold_start(app, browser, models))
        browser.close()
    summary = {
        name: {key: median(r[key] for r in rs) for key in rs[0]} for name, rs in runs.items()
    }
    return {
        "runs": runs,
        "median": summary,
        "ratio": summary["app"]["title_s"] / summary["hello"]["title_s"],
    }


def rows(result: dict) -> list[dict]:
    app, hello = result["median"]["app"], result["median"]["hello"]
    return [
        {
            "measure": "cold start: `streamlit run` to the page's title shown",
            "seqgen": f"{app['title_s']:.1f} s (first element {app['first_element_s']:.1f} s)",
            "baseline": f"hello world: {hello['title_s']:.1f} s",
            "ratio": f"{result['ratio']:.2f}x",
            "target": "<= 1.5x",
            "met": result["ratio"] <= 1.5,
        }
    ]
