"""Many users on one server: `pytest tests/browser/test_load.py -s` (report in test-output/).

Five browser sessions share one `streamlit run` server: two train tiny models at the same
time on corpora with disjoint alphabets, two others click around (one in Chinese) and a
fifth opens the page while training runs. Every session must end with its own corpus,
job, model and output only, and the page must answer clicks while the jobs train.
"""

from __future__ import annotations

import json
import os
import statistics
import time

import pytest
from browser_harness import OUTPUT
from pages import (
    choose,
    generate_text,
    label,
    open_tab,
    pick_radio,
    preset_option,
    start_training,
    upload_text,
    wait_first_point,
    wait_trained,
)

pytestmark = pytest.mark.browser

# Disjoint alphabets: a character from the other corpus in an output means a leak.
ALPHA = "abcdefghij"
BETA = "klmnopqrst"
POKES_PER_SESSION = 6  # widget clicks per session while the two jobs train
MAX_MEDIAN_RERUN_S = 10.0
MAX_RERUN_S = 45.0


def corpus_text(letters: str, words: int = 500) -> str:
    """Pseudo-words over `letters`, the same every run."""
    out, x = [], 7
    for _ in range(words):
        length = 2 + x % 5
        word = ""
        for _ in range(length):
            x = (x * 1103515245 + 12345) % 2**31
            word += letters[x % len(letters)]
        out.append(word)
    return " ".join(out) + "\n"


def poke(app, i: int) -> float:
    """One ordinary widget click that reruns the page: the sidebar name, or the preset."""
    if i % 2 == 0:
        field = app.key("owner", "input")
        field.fill(f"user-{i}")
        return app.rerun(lambda: field.press("Enter"), what="rerun after typing a name")
    open_tab(app, "tab_train")
    current = app.key("preset", "[role=combobox]").input_value()
    target = "tiny" if current.startswith("lesson") else "lesson"
    return choose(app, "preset", preset_option(target))


def training(app) -> bool:
    """Whether the session's job is still running (its Stop button is enabled)."""
    return app.key("stop", "button").first.is_enabled()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def test_five_sessions_two_training_stay_isolated_and_responsive(open_page, tmp_path):
    started = time.monotonic()
    report: dict = {"sessions": {}, "load_average_before": os.getloadavg(), "cpus": os.cpu_count()}
    paths = {}
    for name, letters in (("alpha", ALPHA), ("beta", BETA), ("delta", "uvwxyz")):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(corpus_text(letters), encoding="utf-8")

    opened = time.monotonic()
    a, b, c, d = (open_page() for _ in range(4))
    page_load_idle = (time.monotonic() - opened) / 4
    # The Chinese user switches language first: a switch after the upload is tested (and
    # currently fails) in test_flow; here the language only adds a different page.
    pick_radio(d, "lang", "中文")
    d.lang = "zh"
    upload_text(a, paths["alpha"])
    upload_text(b, paths["beta"])
    upload_text(d, paths["delta"])
    sessions = {"alpha-trainer": a, "beta-trainer": b, "browser": c, "chinese": d}

    # Both jobs start before either finishes: two training slots, two jobs at once.
    _, clicked_a = start_training(a)
    train_click = {"alpha-trainer": time.monotonic() - clicked_a}
    _, clicked_b = start_training(b)
    train_click["beta-trainer"] = time.monotonic() - clicked_b
    reruns: dict[str, list[float]] = {name: [] for name in sessions}
    rounds_while_training = 0
    for i in range(POKES_PER_SESSION):
        rounds_while_training += training(a) or training(b)
        for name, app in sessions.items():
            reruns[name].append(poke(app, i))
    assert rounds_while_training >= 2, "the jobs ended before the page was clicked"
    # Seen after the clicks above, so these are upper bounds (test_flow measures it exactly).
    first_a, _ = wait_first_point(a, open_tab(a, "tab_train"), clicked_a)
    first_b, _ = wait_first_point(b, open_tab(b, "tab_train"), clicked_b)
    # A newcomer opens the page while both jobs train.
    load_start = time.monotonic()
    e = open_page()
    page_load = time.monotonic() - load_start

    saved_a = wait_trained(a, open_tab(a, "tab_train"))
    saved_b = wait_trained(b, open_tab(b, "tab_train"))
    trained_s = time.monotonic() - clicked_a

    text_a, gen_a = generate_text(a, "abc ")
    text_b, gen_b = generate_text(b, "klm ")
    check_isolation(a, b, c, d, e, saved_a, saved_b, text_a, text_b)

    all_reruns = [s for values in reruns.values() for s in values]
    summary = {
        "widget_reruns_during_training": len(all_reruns),
        "median_s": round(statistics.median(all_reruns), 3),
        "p90_s": round(percentile(all_reruns, 0.9), 3),
        "max_s": round(max(all_reruns), 3),
        "rounds_of_clicks_while_a_job_ran": f"{rounds_while_training}/{POKES_PER_SESSION}",
        "page_load_idle_s": round(page_load_idle, 3),
        "page_load_during_training_s": round(page_load, 3),
        "train_click_s": {k: round(v, 3) for k, v in train_click.items()},
        "first_point_seen_within_s": {"alpha": round(first_a, 3), "beta": round(first_b, 3)},
        "both_trained_after_s": round(trained_s, 3),
        "generate_click_s": {"alpha": round(gen_a, 3), "beta": round(gen_b, 3)},
        "total_test_s": round(time.monotonic() - started, 1),
    }
    report["summary"] = summary
    report["sessions"] = {name: [round(s, 3) for s in values] for name, values in reruns.items()}
    report["load_average_after"] = os.getloadavg()
    write_report(report)

    assert summary["median_s"] < MAX_MEDIAN_RERUN_S, summary
    assert summary["max_s"] < MAX_RERUN_S, summary


def check_isolation(a, b, c, d, e, saved_a, saved_b, text_a, text_b) -> None:
    """Each session sees its own corpus, job, model and output, and nothing of the others."""
    assert "alpha.txt" in saved_a and "beta.txt" in saved_b
    for text, own, other in ((text_a, ALPHA, BETA), (text_b, BETA, ALPHA)):
        letters = set(text.replace("<eos>", "").replace("<unk>", "")) - set(" \n")
        assert letters <= set(own), f"foreign characters {letters - set(own)} in {text!r}"
        assert not letters & set(other)
    # The model each trainer generates with is its own.
    for app, own, other in ((a, "alpha.txt", "beta.txt"), (b, "beta.txt", "alpha.txt")):
        open_tab(app, "tab_generate")
        picked = app.key("model_pick", "input").input_value()
        assert own in picked and other not in picked, picked
    for app, corpus in ((a, "alpha.txt"), (b, "beta.txt"), (d, "delta.txt")):
        panel = open_tab(app, "tab_corpus")
        assert panel.get_by_text(label(app, "preview_title", name=corpus)).is_visible()
    # The sessions that never trained have no job and no model of their own.
    for app in (c, d, e):
        panel = open_tab(app, "tab_train")
        assert panel.get_by_text(label(app, "train_empty")).is_visible()
        for other in ("alpha.txt", "beta.txt"):
            assert other not in open_tab(app, "tab_corpus").inner_text()
    for app in (c, d, e):
        gen = open_tab(app, "tab_generate")
        assert app.key("model_pick", "input").input_value() == ""
        assert gen.get_by_text(label(app, "generate_empty")).is_visible()
        assert gen.locator(".seqgen-output").count() == 0


def write_report(report: dict) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / "load-report.json"
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    s = report["summary"]
    print(f"\nLoad test ({len(report['sessions']) + 1} sessions, 2 training), written to {path}")
    for key, value in s.items():
        print(f"  {key}: {value}")
    for name, values in report["sessions"].items():
        print(f"  reruns {name}: {values}")
