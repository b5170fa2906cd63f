"""The page, driven by Streamlit's AppTest: `pytest tests/test_app.py`.

Every test runs the real app.py in-process with its own model folder, and uses
tiny settings (16 units, a few seconds of training) so the file runs in about a
minute on two cores.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from music_files import midi_bytes
from streamlit.testing.v1 import AppTest

import seqgen
from seqgen.i18n import LANGS, t
from seqgen.i18n.app_text import TEXT

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SMALL_TEXT = ("the quick brown fox jumps over the lazy dog. " * 40).encode()


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.radio(key="corpus_source").set_value("upload").run()
    return at.file_uploader(key="upload").set_value(files).run()


def train_tiny(at: AppTest, timeout: float = 90) -> object:
    """Tiny custom settings, press Train, wait for the job thread, redraw the page."""
    at.selectbox(key="preset").set_value("tiny").run()
    at.number_input(key="units_tiny").set_value(16)
    at.number_input(key="seq_len_tiny").set_value(16)
    at.number_input(key="minutes_tiny").set_value(0.05).run()
    at.button(key="train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    job = seqgen.get_job(at.session_state["job_id"])
    assert job is not None
    deadline = time.monotonic() + timeout
    while job.running and time.monotonic() < deadline:
        time.sleep(0.3)
    assert not job.running, "training did not finish in time"
    at.run()
    return job


def test_page_renders_the_steps_without_importing_tensorflow(app):
    labels = {tab.label for tab in app.tabs}
    assert {"1 · Corpus", "2 · Train", "3 · Generate", "Inside the network"} <= labels
    assert app.button(key="train").label == "Train"
    assert app.button(key="stop").label == "Stop"
    assert app.session_state["corpus"].name == "python-docs"  # preselected: can train at once
    # AppTest runs in this process: other tests may have imported TF already.
    if "tensorflow" not in sys.modules:
        assert "keras" not in sys.modules


def test_the_page_modules_load_without_numpy_tensorflow_or_pandas():
    # The page must show fast (issue 5's cold start): heavy libraries load on first use.
    code = (
        "import sys, seqgen.ui.page; "
        "print([m for m in ('numpy', 'tensorflow', 'pandas') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_picking_a_builtin_corpus_loads_it(app):
    app.selectbox(key="corpus_choice").set_value("folk-abc-text").run()
    assert not app.exception
    corpus = app.session_state["corpus"]
    assert corpus.name == "folk-abc-text" and corpus.kind == "text"
    assert any("Preview: folk-abc-text" in h.value for h in app.subheader)


def test_uploading_a_text_file_makes_it_the_corpus(app):
    upload(app, [("fox.txt", SMALL_TEXT, "text/plain")])
    assert not errors(app)
    corpus = app.session_state["corpus"]
    assert corpus.name == "fox.txt" and corpus.n_tokens == len(SMALL_TEXT)


def test_an_empty_upload_gets_a_clear_message_and_keeps_the_corpus(app):
    upload(app, [("empty.txt", b"  \n ", "text/plain")])
    assert any("empty.txt" in e and "empty" in e for e in errors(app))
    assert app.session_state["corpus"].name == "python-docs"
    assert not app.exception


def test_a_binary_file_gets_a_clear_message(app):
    upload(app, [("photo.txt", bytes(range(256)) * 20, "text/plain")])
    assert any("photo.txt" in e and "binary" in e for e in errors(app))
    assert not app.exception


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One page with a tiny model trained on an uploaded text (shared: training takes ~15 s)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SEQGEN_MODEL_DIR", str(tmp_path_factory.mktemp("models")))
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
        upload(at, [("fox.txt", SMALL_TEXT, "text/plain")])
        job = train_tiny(at)
        yield at, job


def test_training_saves_the_model_and_keeps_the_job_in_the_url(trained):
    app, job = trained
    assert job.status == "done" and Path(job.bundle_path).exists()
    assert not errors(app) and not app.exception
    assert any("The model is saved" in s.value for s in app.success)
    assert any("n-gram" in m.value for m in app.markdown)  # the baselines sentence
    assert app.query_params["job"] == job.id  # a refresh can reconnect
    assert app.session_state["model"].name == job.name


def test_generated_text_shows_the_seed_highlighted(trained):
    app, _ = trained
    app.text_input(key="seed").set_value("the ")
    app.number_input(key="length").set_value(40).run()
    app.button(key="generate").click().run()
    assert not errors(app) and not app.exception
    out = app.session_state["output"]
    assert out["seed_text"] == "the " and len(out["takes"][0]["tokens"]) == 40
    html = app.get("html")[0].proto.body
    assert re.search(r"<mark[^>]*>the </mark>", html)


def test_three_variations_come_side_by_side(trained):
    app, _ = trained
    app.button(key="variations").click().run()
    takes = app.session_state["output"]["takes"]
    assert len(takes) == 3 and len({tuple(t["tokens"]) for t in takes}) == 3
    assert any("Variation 3" in m.value for m in app.markdown)


def test_a_seed_of_unknown_characters_is_refused_clearly(trained):
    app, _ = trained
    app.text_input(key="seed").set_value("€€€").run()
    app.button(key="generate").click().run()
    assert any("seed" in e for e in errors(app))
    assert not app.exception


def test_a_bad_model_upload_is_refused_with_a_message(trained):
    app, _ = trained
    app.file_uploader(key="model_upload").set_value(("evil.seqgen", b"not a zip", "x")).run()
    assert any("evil.seqgen" in e and "not a seqgen model" in e for e in errors(app))
    assert not app.exception


def test_a_refreshed_page_reconnects_to_the_job_in_its_url(trained):
    _, job = trained
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["job"] = job.id
    at.run()
    assert not at.exception
    assert at.session_state["job_id"] == job.id
    assert any("The model is saved" in s.value for s in at.success)
    assert at.session_state["model"].name == job.name


def test_a_music_upload_trains_and_the_melody_plays_with_its_score(app):
    pattern = [60, 62, 64, 65, 67, 65, 64, 62, 60, 67, 72, 67]
    files = []
    for k in range(3):
        notes = [(pattern[(i + k) % 12], i * 0.5, i * 0.5 + 0.5) for i in range(80)]
        files.append((f"tune{k}.mid", midi_bytes([notes]), "audio/midi"))
    upload(app, files)
    assert not errors(app)
    assert app.session_state["corpus"].kind == "music"
    train_tiny(app)
    app.number_input(key="length").set_value(24).run()
    app.button(key="generate").click().run()
    assert not errors(app) and not app.exception
    art = app.session_state["output"]["takes"][0]["art"]
    assert {"wav", "svg", "midi", "musicxml", "chart"} <= set(art)
    assert art["wav"][:4] == b"RIFF" and "<svg" in art["svg"]
    assert len(app.get("audio")) >= 1


def test_stop_ends_training_and_keeps_the_model(app):
    upload(app, [("fox.txt", SMALL_TEXT * 4, "text/plain")])
    app.selectbox(key="preset").set_value("tiny").run()
    app.number_input(key="units_tiny").set_value(16)
    app.number_input(key="epochs_tiny").set_value(10_000)  # still training when Stop comes
    app.number_input(key="minutes_tiny").set_value(2.0).run()
    app.button(key="train").click().run()
    job = seqgen.get_job(app.session_state["job_id"])
    deadline = time.monotonic() + 60
    while not job.history.batch_loss and time.monotonic() < deadline:
        time.sleep(0.2)
    app.button(key="stop").click().run()
    job.thread.join(timeout=30)
    assert job.status == "stopped" and Path(job.bundle_path).exists()
    app.run()
    assert any("Stopped by the user" in i.value for i in app.info)


def test_switching_to_chinese_changes_the_labels_and_the_url(app):
    app.radio(key="lang").set_value("zh").run()
    assert app.query_params["lang"] == "zh"
    assert app.button(key="train").label == t("train", "zh") == "训练"
    assert {"1 · 语料", "2 · 训练", "3 · 生成"} <= {tab.label for tab in app.tabs}


def test_the_language_comes_from_the_url(tmp_path, monkeypatch):
    monkeypatch.setenv("SEQGEN_MODEL_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "zh"
    at.run()
    assert at.button(key="stop").label == "停止"


def test_every_string_has_english_and_chinese():
    english_only_allowed = {k for k, v in TEXT.items() if set(v) == {"zh"}}  # engine text in en
    for key, entry in TEXT.items():
        assert key in english_only_allowed or set(entry) == set(LANGS), key


def test_every_key_the_page_asks_for_exists():
    used = set()
    for path in (ROOT / "seqgen" / "ui").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\btr\(\s*\"([a-z_0-9]+)\"\s*[,)]", text))
    assert used, "no keys found"
    assert sorted(used - set(seqgen.i18n.table())) == []


def test_overfitting_is_seen_when_validation_rises_while_training_falls():
    from seqgen.ui.progress import overfitting_since

    def rows(pairs):
        return [{"epoch": i + 1, "loss": a, "val_loss": b} for i, (a, b) in enumerate(pairs)]

    assert overfitting_since(rows([(3.0, 3.1), (2.5, 2.7), (2.0, 2.9), (1.6, 3.2)])) == 2
    assert overfitting_since(rows([(3.0, 3.1), (2.5, 2.7), (2.0, 2.5)])) is None
    assert overfitting_since(rows([(3.0, 3.1), (2.5, 2.7)])) is None


def test_the_names_browser_tests_look_for_are_exact():
    for key, word in [
        ("train", "Train"),
        ("stop", "Stop"),
        ("generate", "Generate"),
        ("seed", "Seed"),
        ("length", "Length"),
        ("temperature", "Temperature"),
    ]:
        assert t(key) == word


def test_a_page_whose_job_is_gone_finds_the_model_it_saved(trained, monkeypatch):
    """Runs last in this file: it makes the server forget the shared job."""
    _, job = trained
    monkeypatch.setenv("SEQGEN_MODEL_DIR", os.path.dirname(job.bundle_path))
    seqgen.release_job(job.id)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["job"] = job.id
    at.run()
    assert not at.exception
    assert any("its saved model is loaded" in s.value for s in at.success)
    assert at.session_state["model"].path == job.bundle_path


def test_the_3min_preset_offers_the_music_network_for_a_music_corpus(app):
    app.selectbox(key="preset").set_value("3min").run()
    assert app.number_input(key="units_3min").value == 384  # text (python-docs) first
    notes = [(60 + i % 7, i * 0.5, i * 0.5 + 0.5) for i in range(80)]
    upload(app, [(f"tune{k}.mid", midi_bytes([notes]), "audio/midi") for k in range(3)])
    assert app.session_state["corpus"].kind == "music"
    assert app.number_input(key="units_3min_music").value == 256
