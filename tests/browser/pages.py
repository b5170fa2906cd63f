"""Steps a user takes on the seqgen page: `panel = open_tab(app, "tab_train")`; `train_tiny(app)`.

Shared by the flow, load and soak tests. Labels come from the app's own string tables
(`seqgen.i18n.t`), so the tests follow wording changes but still find elements the way a
user does: by tab name, button key or visible text.
"""

from __future__ import annotations

import base64
import io
import math
import re
import time
import wave

import numpy as np
from browser_harness import AppPage

from seqgen.i18n import t

TRAIN_TIMEOUT_MS = 240_000  # the first Train click also imports TensorFlow on the server
CHART = '[data-testid="stVegaLiteChart"]'
# Vega draws each series of the loss chart as an SVG path of a data mark ("role-mark"); an
# empty series draws none. Legend symbols are paths too, so they are left out.
DATA_PATHS = ".mark-line.role-mark path, .mark-symbol.role-mark path"
CHART_POINTS_JS = f"""el => [...el.querySelectorAll('{DATA_PATHS}')]
    .map(p => p.getAttribute('d') || '').filter(d => d.length > 0).join('|')"""


def lang_of(app: AppPage) -> str:
    return getattr(app, "lang", "en")


def label(app: AppPage, key: str, **fmt) -> str:
    return t(key, lang_of(app), **fmt)


def open_tab(app: AppPage, key: str, within=None):
    """Click the tab labelled t(key) and return its panel (the tab's aria-controls)."""
    scope = within if within is not None else app.page
    tab = scope.get_by_role("tab", name=label(app, key), exact=True).first
    tab.click()
    panel = app.page.locator(f'[id="{tab.get_attribute("aria-controls")}"]')
    panel.wait_for(state="visible")
    return panel


def choose(app: AppPage, key: str, option: str | re.Pattern) -> float:
    """Pick the first option matching `option` in the select box with this key.

    Nothing happens (and 0.0 is returned) when that option is already the chosen one.
    """
    box = app.key(key, "[role=combobox]")
    current = box.input_value()
    if re.search(option, current) if isinstance(option, re.Pattern) else option in current:
        return 0.0
    box.click()
    item = app.page.get_by_role("option").filter(has_text=option).first
    return app.rerun(item.click, what=f"rerun after choosing {option} in {key}")


def preset_option(name: str) -> re.Pattern:
    """The preset's entry in the select box, in either language: "tiny (about 10 s ...)"."""
    return re.compile(rf"^{re.escape(name)}\s*[(（]")


def pick_radio(app: AppPage, key: str, option_label: str) -> float:
    """Pick a radio option by its label (nothing happens if it is already picked)."""
    if app.key(key).get_by_role("radio", name=option_label, exact=True).is_checked():
        return 0.0
    radio = app.key(key).locator("label").filter(has_text=option_label).first
    return app.rerun(radio.click, what=f"rerun after picking {option_label} in {key}")


def upload_text(app: AppPage, path) -> None:
    """Switch the corpus source to uploads and upload one file; wait for its preview."""
    open_tab(app, "tab_corpus")
    pick_radio(app, "corpus_source", label(app, "source_upload"))
    field = app.key("upload", "input[type=file]")
    app.rerun(lambda: field.set_input_files(str(path)), what="rerun after the upload")
    app.page.get_by_text(label(app, "preview_title", name=path.name)).wait_for()


def choose_builtin(app: AppPage, name: str, timeout_ms: float = 240_000) -> None:
    """Pick a built-in corpus (the first parse of the Bach chorales takes about a minute)."""
    open_tab(app, "tab_corpus")
    pick_radio(app, "corpus_source", label(app, "source_builtin"))
    app.key("corpus_choice", "[role=combobox]").click()
    option = app.page.get_by_role("option").filter(has_text=name).first
    app.rerun(option.click, timeout_ms, f"loading the built-in corpus {name}")
    app.page.get_by_text(label(app, "preview_title", name=name)).first.wait_for()


def chart_points(chart) -> str:
    """The SVG path data of the chart's loss series ('' while no point is drawn)."""
    return chart.evaluate(CHART_POINTS_JS)


def start_training(app: AppPage, preset: str = "tiny"):
    """Choose the preset and click Train; returns (train panel, time of the click)."""
    panel = open_tab(app, "tab_train")
    choose(app, "preset", preset_option(preset))
    clicked = time.monotonic()
    app.click("train", timeout_ms=TRAIN_TIMEOUT_MS)
    return panel, clicked


def wait_first_point(app: AppPage, panel, clicked: float) -> tuple[float, str]:
    """(Seconds from the Train click until the loss chart shows a point, the points then)."""
    chart = panel.locator(CHART).first
    chart.wait_for(timeout=TRAIN_TIMEOUT_MS)
    deadline = clicked + TRAIN_TIMEOUT_MS / 1000
    while not (points := chart_points(chart)):
        assert time.monotonic() < deadline, "the loss chart never showed a point"
        app.page.wait_for_timeout(50)
    return time.monotonic() - clicked, points


def wait_trained(app: AppPage, panel) -> str:
    """Wait for "The model is saved: <path>" in the train panel; returns that message."""
    saved = t("saved_at", lang_of(app)).split("{path}")[0].strip()
    message = panel.get_by_text(saved).first
    message.wait_for(timeout=TRAIN_TIMEOUT_MS)
    return message.inner_text()


def train_tiny(app: AppPage) -> dict:
    """Train the tiny preset on the current corpus; returns the panel, timings, chart points."""
    panel, clicked = start_training(app)
    first_point_s, points = wait_first_point(app, panel, clicked)
    saved = wait_trained(app, panel)
    total_s = time.monotonic() - clicked
    return dict(
        panel=panel, first_point_s=first_point_s, points=points, total_s=total_s, saved=saved
    )


def generate_text(app: AppPage, seed: str) -> tuple[str, float]:
    """Type the seed, click Generate; returns (the output text, seconds the click took)."""
    panel = open_tab(app, "tab_generate")
    field = app.key("seed", "input")
    field.fill(seed)
    app.rerun(lambda: field.press("Enter"), what="rerun after typing the seed")
    seconds = app.click("generate")
    output = panel.locator(".seqgen-output").first
    output.wait_for()
    return output.inner_text(), seconds


def media_bytes(app: AppPage, src: str) -> bytes:
    """Bytes behind an <audio>/<img> src: a data URL, or a /media URL on the server."""
    if src.startswith("data:"):
        return base64.b64decode(src.split(",", 1)[1])
    response = app.page.request.get(src)
    assert response.ok, f"{src} answered {response.status}"
    return response.body()


def wav_rms(data: bytes) -> tuple[float, float]:
    """(RMS of the samples scaled to [-1, 1], duration in seconds) of a PCM WAV file."""
    with wave.open(io.BytesIO(data)) as w:
        width, frames = w.getsampwidth(), w.readframes(w.getnframes())
        seconds = w.getnframes() / w.getframerate()
    dtype = {1: np.uint8, 2: np.int16, 4: np.int32}[width]
    samples = np.frombuffer(frames, dtype=dtype).astype(np.float64)
    if width == 1:
        samples -= 128
    samples /= float(2 ** (8 * width - 1))
    rms = math.sqrt(float(np.mean(samples**2))) if samples.size else 0.0
    return rms, seconds
