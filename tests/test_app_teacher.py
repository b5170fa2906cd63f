"""The teacher's features, driven by AppTest: `pytest tests/test_app_teacher.py`.

Settings in the URL (a shared link fills a new session's widgets, and changing
a widget rewrites the URL), the share link, presentation mode, the ready lesson
and the batch size in the bundle. Nothing here trains: the Generate step gets an
untrained tiny model, and the Train button starts a recording stand-in for the job.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import seqgen
from seqgen.dataset import training_windows
from seqgen.i18n import t

APP = str(Path(__file__).resolve().parents[1] / "app.py")
LINK = {
    "lang": "zh",
    "preset": "lesson",
    "temperature": "0.5",
    "length": "123",
    "corpus": "folk-abc-text",
}


def open_page(query: dict | None = None) -> AppTest:
    """A fresh session (a new browser tab) opened at `?query`."""
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def adv_containers(at: AppTest) -> dict[str, set[str]]:
    """{container key starting with adv_: the keys of the widgets inside it}."""
    found = {}

    def keys_under(node) -> set[str]:
        keys = {node.key} if getattr(node, "key", None) else set()
        for child in getattr(node, "children", {}).values():
            keys |= keys_under(child)
        return keys

    def walk(node) -> None:
        block_id = getattr(getattr(node, "proto", None), "id", "")
        if isinstance(block_id, str) and "-adv_" in block_id:
            found[block_id.rsplit("-", 1)[-1]] = keys_under(node)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def test_a_shared_link_restores_language_corpus_and_preset_in_a_fresh_session():
    at = open_page(LINK)
    assert at.radio(key="lang").value == "zh"
    assert at.button(key="train").label == t("train", "zh")
    assert at.selectbox(key="corpus_choice").value == "folk-abc-text"
    assert at.session_state["corpus"].name == "folk-abc-text"  # loaded, not only selected
    assert at.selectbox(key="preset").value == "lesson"
    # The Generate step's widgets appear with a model; until then the values wait for them.
    assert at.session_state["temperature"] == 0.5
    assert at.session_state["length"] == 123


def test_a_shared_link_fills_the_generate_step_once_a_model_is_picked(untrained_model, monkeypatch):
    monkeypatch.setenv("SEQGEN_MODEL_DIR", str(Path(untrained_model).parent))
    at = open_page({**LINK, "top_k": "3", "top_p": "off", "seed_text": "the ", "argmax": "0"})
    at.selectbox(key="model_pick").set_value(untrained_model).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="length").value == 123
    assert at.slider(key="temperature").value == 0.5
    assert at.number_input(key="top_k").value == 3
    assert at.slider(key="top_p").value == 1.0  # 1.0 in the slider means top-p is off
    assert at.text_input(key="seed").value == "the "
    assert at.query_params["seed_text"] == "the "  # the space after the word is kept
    assert at.radio(key="mode").value == "sample"


def test_a_link_asking_for_more_top_k_than_the_model_has_tokens_gets_all_of_them(
    untrained_model, monkeypatch
):
    monkeypatch.setenv("SEQGEN_MODEL_DIR", str(Path(untrained_model).parent))
    at = open_page({"top_k": "5000"})
    at.selectbox(key="model_pick").set_value(untrained_model).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="top_k").value == len(at.session_state["model"].vocab)


def test_another_preset_in_a_link_is_selected():
    at = open_page({"preset": "tiny"})
    assert at.selectbox(key="preset").value == "tiny"


def test_bad_values_in_a_link_are_ignored_and_the_page_works():
    at = open_page({"preset": "huge", "corpus": "../etc", "temperature": "nan", "lang": "xx"})
    assert at.selectbox(key="preset").value == "lesson"
    assert at.selectbox(key="corpus_choice").value == "python-docs"
    assert at.radio(key="lang").value == "en"
    assert "temperature" not in at.session_state
    assert at.query_params["preset"] == "lesson"  # the URL now shows what the page uses


def test_changing_a_widget_updates_the_url():
    at = open_page()
    at.selectbox(key="preset").set_value("tiny").run()
    assert at.query_params["preset"] == "tiny"
    at.selectbox(key="corpus_choice").set_value("folk-abc-text").run()
    assert at.query_params["corpus"] == "folk-abc-text"
    at.radio(key="lang").set_value("zh").run()
    assert at.query_params["lang"] == "zh"
    assert at.query_params["preset"] == "tiny"  # the other settings stay in the URL


def test_an_uploaded_corpus_is_not_put_in_the_url():
    at = open_page({"corpus": "folk-abc-text"})
    at.radio(key="corpus_source").set_value("upload").run()
    assert "corpus" not in at.query_params


def test_the_share_link_shows_the_current_settings_without_the_job():
    at = open_page()
    at.selectbox(key="preset").set_value("tiny").run()
    at.query_params["job"] = "not-shared"
    at.run()
    links = [c.value for c in at.sidebar.code]
    assert len(links) == 1 and "?" in links[0]
    assert "preset=tiny" in links[0] and "lang=en" in links[0] and "job" not in links[0]
    assert any(c.value == t("share_help") for c in at.sidebar.caption)


def test_presentation_mode_injects_the_large_type_css_and_goes_into_the_url():
    at = open_page()
    assert not any("st-key-adv_" in h.proto.body for h in at.get("html"))
    at.toggle(key="present").set_value(True).run()
    assert any(h.proto.body.strip() == seqgen.PRESENTATION_CSS.strip() for h in at.get("html"))
    assert at.query_params["present"] == "1"
    # The CSS hides the adv_ containers; the advanced settings are still there, inside one.
    assert "units_lesson" in adv_containers(at)["adv_train"]
    at.toggle(key="present").set_value(False).run()
    assert not any("st-key-adv_" in h.proto.body for h in at.get("html"))
    assert at.query_params["present"] == "0"


def test_a_link_with_present_1_opens_in_presentation_mode():
    at = open_page({"present": "1"})
    assert at.toggle(key="present").value is True
    assert any(h.proto.body.strip() == seqgen.PRESENTATION_CSS.strip() for h in at.get("html"))


def test_sampling_details_are_advanced_controls(untrained_model, monkeypatch):
    monkeypatch.setenv("SEQGEN_MODEL_DIR", str(Path(untrained_model).parent))
    at = open_page()
    at.selectbox(key="model_pick").set_value(untrained_model).run()
    inside = adv_containers(at)
    assert {"top_k", "top_p", "gen_seed"} <= inside["adv_sampling"]
    assert "temperature" not in inside["adv_sampling"]  # the lesson is about temperature


def test_the_lesson_button_selects_the_lesson_preset():
    at = open_page({"preset": "tiny"})
    at.button(key="lesson").click().run()
    assert at.selectbox(key="preset").value == "lesson"
    assert at.query_params["preset"] == "lesson"
    assert seqgen.PRESETS["lesson"].expected_seconds < 60
    assert any(t("lesson_picked") == i.value for i in at.info)


def test_the_bundle_records_the_batch_size(monkeypatch):
    started = []

    class RecordingJob:
        """Stands in for seqgen.TrainingJob: records what the page passes, trains nothing."""

        def __init__(self, corpus, data, model, train, name, extra):
            self.id, self.extra, self.running = "recorded", extra, False
            self.corpus, self.data, self.train = corpus, data, train
            started.append(self)

        def start(self) -> None:
            pass

    monkeypatch.setattr(seqgen, "TrainingJob", RecordingJob)
    at = open_page()
    at.number_input(key="batch_lesson").set_value(7).run()
    at.button(key="train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert started and started[-1].extra["batch_size"] == 7
    # The page fixes the epoch's batches for its chart: as many as the trainer makes of
    # the training windows, which never cross a piece (a stream count was 30% off).
    job = started[-1]
    vocab, split = seqgen.prepare(job.corpus, job.data)
    windows = training_windows(split.train, job.data.seq_len, vocab.eos_id)
    assert len(set(windows[2].sum(axis=1))) > 1  # pieces end inside windows: counts differ
    assert job.train.steps_per_epoch == job.extra["steps_per_epoch"] == len(windows[0]) // 7
