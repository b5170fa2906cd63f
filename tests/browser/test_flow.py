"""The app in a real browser, as a new user meets it: `pytest tests/browser/test_flow.py -s`.

Upload a text, train tiny, watch the chart, generate; Bach chorales, train, generate, hear
and see the melody; step through the decoding loop in "Inside the network", in English and
in Chinese. Screenshots of each step go to test-output/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from pages import (
    CHART,
    chart_points,
    choose,
    choose_builtin,
    generate_text,
    label,
    media_bytes,
    open_tab,
    pick_radio,
    preset_option,
    train_tiny,
    upload_text,
    wav_rms,
)

import seqgen

pytestmark = pytest.mark.browser

TEXT = "the cat sat on the mat. the dog sat on the log. a cat and a dog sat on a mat.\n" * 12
CJK = re.compile(r"[\u4e00-\u9fff]")
TINY_UNITS = seqgen.PRESETS["tiny"].model.units
STEPS = 10


def write_corpus(tmp_path, name: str = "my-first-corpus.txt", text: str = TEXT):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def metrics(panel) -> dict[str, str]:
    """{label: value} of the st.metric elements in a panel."""
    out = {}
    for item in panel.locator('[data-testid="stMetric"]').all():
        name = item.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[name] = item.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def test_a_new_user_uploads_a_text_trains_tiny_and_generates(open_page, tmp_path):
    app = open_page()
    path = write_corpus(tmp_path)
    upload_text(app, path)
    stats = metrics(open_tab(app, "tab_corpus"))
    assert stats[label(app, "stat_chars")].replace(",", "") == str(len(TEXT)), stats
    app.screenshot("corpus.png")

    result = train_tiny(app)
    print(f"\nTrain click to first chart point: {result['first_point_s']:.1f} s; "
          f"training done after {result['total_s']:.1f} s")  # fmt: skip
    chart = result["panel"].locator(CHART).first
    assert chart_points(chart) != result["points"], "the loss chart did not change"
    assert path.name in result["saved"]
    app.screenshot("training.png")

    text, seconds = generate_text(app, "the ")
    print(f"Generate click took {seconds:.1f} s: {text[:60]!r}")
    assert text.startswith("the ") and len(text) > 50, text
    assert set(text) <= set(TEXT), "the output holds characters the corpus never had"
    app.screenshot("text-generated.png")


def test_switching_to_chinese_keeps_the_uploaded_corpus_and_the_chosen_preset(open_page, tmp_path):
    app = open_page()
    path = write_corpus(tmp_path)
    upload_text(app, path)
    open_tab(app, "tab_train")
    choose(app, "preset", preset_option("tiny"))
    pick_radio(app, "lang", "中文")
    app.lang = "zh"
    # Any later click reruns the page with the widgets' values as the browser holds them.
    field = app.key("owner", "input")
    field.fill("teacher")
    app.rerun(lambda: field.press("Enter"))
    corpus = open_tab(app, "tab_corpus")
    upload = app.key("corpus_source").get_by_role("radio", name=label(app, "source_upload"))
    assert upload.is_checked(), "the corpus source went back to the built-in corpora"
    assert corpus.get_by_text(label(app, "preview_title", name=path.name)).is_visible()
    open_tab(app, "tab_train")
    assert preset_option("tiny").search(app.key("preset", "[role=combobox]").input_value())


def test_a_new_user_trains_on_bach_chorales_and_hears_and_sees_the_melody(open_page):
    app = open_page()
    choose_builtin(app, "bach-chorales")
    result = train_tiny(app)
    print(f"\nBach: Train click to first chart point {result['first_point_s']:.1f} s")
    panel = open_tab(app, "tab_generate")
    seconds = app.click("generate", timeout_ms=120_000)
    print(f"Generate (with audio and score rendering) took {seconds:.1f} s")

    audio = panel.locator('[data-testid="stAudio"], audio').first
    audio.wait_for(state="attached")
    rms, duration = wav_rms(media_bytes(app, audio.evaluate("a => a.currentSrc || a.src")))
    print(f"WAV: {duration:.1f} s, RMS {rms:.4f}")
    assert rms > 1e-3 and duration > 1.0

    score = panel.locator('[data-testid="stImage"] img').first
    score.wait_for()
    src = score.get_attribute("src") or ""
    assert "svg" in src, src[:80]
    assert score.evaluate("img => img.complete && img.naturalWidth > 0"), "score not drawn"
    app.screenshot("music-generated.png")


def test_a_teacher_steps_through_ten_decoding_steps_in_english_and_chinese(open_page, tmp_path):
    app = open_page()
    upload_text(app, write_corpus(tmp_path))
    train_tiny(app)

    svg_text = show_diagram(app, "inside-diagram-en.png")
    assert f"n_a={TINY_UNITS}" in svg_text, svg_text
    n_values = int(re.search(r"n_values=(\d+)", svg_text).group(1))
    assert n_values >= len(set(TEXT))

    panel, bars = step_through(app, STEPS)
    assert len(set(bars)) > 1, "the probabilities did not change from step to step"
    app.screenshot("inside-step-en.png")

    pick_radio(app, "lang", "中文")
    app.lang = "zh"
    for key in ("tab_corpus", "tab_train", "tab_generate", "tab_inside"):
        assert CJK.search(label(app, key))
        app.page.get_by_role("tab", name=label(app, key), exact=True).wait_for()
    svg_text = show_diagram(app, "inside-diagram-zh.png")
    assert CJK.search(svg_text), "the diagram has no Chinese labels"
    assert f"n_a={TINY_UNITS}" in svg_text

    inside = open_tab(app, "tab_inside")
    panel = open_tab(app, "in_tab_step", within=inside)
    assert panel.get_by_role("button", name=label(app, "in_next")).is_visible()
    step = metrics(panel)[label(app, "in_step")]
    assert step.startswith(f"{STEPS} /"), "the steps were lost when the language changed"
    assert panel.get_by_text(label(app, "in_probs", k=10)).is_visible()
    app.screenshot("inside-step-zh.png")


def show_diagram(app, screenshot: str) -> str:
    """Open Inside the network > The network; returns the diagram's text."""
    inside = open_tab(app, "tab_inside")
    assert inside.get_by_role("heading", name=label(app, "in_title")).is_visible()
    panel = open_tab(app, "in_tab_diagram", within=inside)
    svg = panel.locator('[data-testid="stGraphVizChart"] svg').first
    svg.wait_for()
    app.screenshot(screenshot)
    return svg.text_content()


def step_through(app, steps: int):
    """Press Next step `steps` times; returns (the step panel, the bars' paths per step)."""
    inside = open_tab(app, "tab_inside")
    panel = open_tab(app, "in_tab_step", within=inside)
    bars = []
    for i in range(1, steps + 1):
        app.click("next_step")
        assert metrics(panel)[label(app, "in_step")].startswith(f"{i} /")
        chart = panel.locator(CHART).first
        bars.append(chart.evaluate("el => [...el.querySelectorAll('.mark-rect path')]"
                                   ".map(p => p.getAttribute('d')).join('|')"))  # fmt: skip
        assert bars[-1], "no probability bars drawn"
    # a<t>, c<t>, candidate and the gates are drawn as heat strips next to the bars
    assert panel.locator(CHART).count() >= 3
    assert panel.get_by_text(label(app, "in_states")).is_visible()
    return panel, bars
