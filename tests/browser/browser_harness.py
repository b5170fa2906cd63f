"""Drive the app in a browser: `with streamlit_server(tmp) as srv: AppPage(page, srv.url).open()`.

Starts `streamlit run app.py` on 127.0.0.1 with a free port and Debian's Chromium through
Playwright (never a downloaded browser). `AppPage` watches Streamlit's websocket so a test can
wait for a script run to finish instead of sleeping, and time how long each rerun takes.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.serve import free_port, healthy

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FULL_RUN = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FRAGMENT_RUN = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
INTERRUPTED = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    model_dir: Path

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's output, for failure messages."""
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


@contextlib.contextmanager
def streamlit_server(tmp: Path, name: str = "app", app: Path | None = None, timeout: float = 90):
    """Run `streamlit run <app>` in its own process, with the model folder inside `tmp`."""
    port = free_port()
    model_dir = tmp / "models"
    model_dir.mkdir(parents=True, exist_ok=True)
    log = OUTPUT / "logs" / f"{name}-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SEQGEN_MODEL_DIR=str(model_dir), TF_CPP_MIN_LOG_LEVEL="2")
    cmd = [sys.executable, "-m", "streamlit", "run", str(app or REPO / "app.py")]
    cmd += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", proc, log, model_dir)
    try:
        deadline = time.monotonic() + timeout
        while not healthy(server.url):
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited ({proc.returncode}):\n{server.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy in {timeout}s:\n{server.log_tail()}")
            time.sleep(0.2)  # polling the health endpoint: nothing to wait on instead
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def launch_chromium(playwright):
    """Debian's Chromium, headless; Playwright must never download a browser here."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class Run:
    """One script run a user asked for (auto reruns of fragments are not counted)."""

    sent: float
    fragment: bool
    finished: float | None = None


@dataclass
class RunLog:
    """Script runs of one page, from the BackMsg/ForwardMsg frames of its websocket."""

    runs: list[Run] = field(default_factory=list)
    finishes: list[tuple[float, int]] = field(default_factory=list)

    def on_sent(self, payload) -> None:
        if isinstance(payload, str):
            return
        msg = BackMsg.FromString(payload)
        if msg.WhichOneof("type") == "rerun_script" and not msg.rerun_script.is_auto_rerun:
            self.runs.append(Run(time.monotonic(), bool(msg.rerun_script.fragment_id)))

    def on_received(self, payload) -> None:
        if isinstance(payload, str):
            return
        msg = ForwardMsg.FromString(payload)
        if msg.WhichOneof("type") != "script_finished":
            return
        now, status = time.monotonic(), msg.script_finished
        self.finishes.append((now, status))
        if status == INTERRUPTED:
            return  # a newer run follows and will finish the requests
        # Requests made while a run was going are merged into one run: close them all.
        for run in self.runs:
            if run.finished is None and (status == FULL_RUN or run.fragment):
                run.finished = now


class AppPage:
    """A Playwright page on the app, with waits that follow Streamlit's script runs."""

    def __init__(self, page, url: str, timeout_ms: float = 60_000):
        self.page, self.url, self.runs = page, url, RunLog()
        page.set_default_timeout(timeout_ms)
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        if "/_stcore/stream" in ws.url:
            ws.on("framesent", self.runs.on_sent)
            ws.on("framereceived", self.runs.on_received)

    def open(self, query: str = "") -> AppPage:
        """Load the page and wait for the first script run to finish."""
        start = len(self.runs.finishes)
        self.page.goto(self.url + query)
        self.page.locator('[data-testid="stApp"]').wait_for()
        self._wait(lambda: self._full_finished_since(start), 90_000, "first script run")
        return self

    def _full_finished_since(self, index: int) -> bool:
        return any(s == FULL_RUN for _, s in self.runs.finishes[index:])

    def _wait(self, done, timeout_ms: float, what: str) -> None:
        # Playwright delivers websocket events only while it runs; pumping with short
        # waits lets the condition see them (it is not a fixed sleep).
        deadline = time.monotonic() + timeout_ms / 1000
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout_ms / 1000:.0f}s waiting for {what}")
            self.page.wait_for_timeout(25)

    def rerun(self, action, timeout_ms: float = 60_000, what: str = "rerun") -> float:
        """Do `action` (a click, a fill ...) and wait until the run it caused has finished.

        Returns seconds from the action to the end of that run: the response time a user
        feels (runs cut short by a newer rerun are not the end).
        """
        first = len(self.runs.runs)
        start = time.monotonic()
        action()

        def done() -> bool:
            new = self.runs.runs[first:]
            return bool(new) and all(r.finished is not None for r in new)

        self._wait(done, timeout_ms, what)
        seconds = max(r.finished for r in self.runs.runs[first:]) - start
        self.check_no_exception(what)
        return seconds

    def check_no_exception(self, what: str = "") -> None:
        """Fail at once, with the traceback's text, when the page shows an uncaught error."""
        errors = self.page.locator('[data-testid="stException"]')
        if errors.count():
            text = errors.first.inner_text()[:2000]
            raise AssertionError(f"the app raised during {what}:\n{text}")

    def idle(self, timeout_ms: float = 60_000) -> None:
        """Wait until Streamlit's "Running..." indicator is gone."""
        self.page.locator('[data-testid="stStatusWidget"]').wait_for(
            state="hidden", timeout=timeout_ms
        )

    def key(self, key: str, inner: str = ""):
        """The element of the widget with this key (Streamlit adds class st-key-<key>)."""
        return self.page.locator(f".st-key-{key} {inner}".strip())

    def click(self, key: str, timeout_ms: float = 60_000) -> float:
        """Click the button with this key and wait for the rerun; returns seconds."""
        button = self.key(key, "button").first
        return self.rerun(button.click, timeout_ms, f"rerun after clicking {key}")

    def screenshot(self, name: str) -> Path:
        """Save the whole page under test-output/screenshots/ (main area unscrolled).

        Streamlit scrolls inside its main area, so a full-page screenshot would only show
        the viewport: the viewport is made as tall as the content for the picture.
        """
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        size = self.page.viewport_size
        height = self.page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
            "[data-testid=stSidebarContent]')].map(e => e.scrollHeight), 600)"
        )
        self.page.set_viewport_size({"width": size["width"], "height": min(height, 8000)})
        try:
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(size)
        return path
