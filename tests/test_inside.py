"""Tests for seqgen.inside: the classroom views show the real model and the code shown runs.

Tiny models (n_a 8, vocabulary 10) with random weights large enough that every gate
matters, so equalities are not trivially true.
"""

import math
import re

import keras
import numpy as np
import pytest

from seqgen import (
    PRESENTATION_CSS,
    DataConfig,
    ModelConfig,
    NumpyLSTM,
    SampleConfig,
    StepThrough,
    Vocab,
    build_model,
    compact_code,
    count_params,
    exercise_code,
    forcing_dot,
    generate,
    network_dot,
    run_code,
    settings_from_query,
    settings_to_query,
    uniform_loss,
)

V, N_A, TX, TY = 10, 8, 4, 8  # n_values, n_a, Tx, Ty
VOCAB = Vocab(("<eos>", "<unk>") + tuple("abcdefgh"))


def randomised(cfg: ModelConfig, seed: int = 0) -> keras.Model:
    model = build_model(cfg)
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, 0.6, w.shape).astype("float32") for w in model.weights])
    return model


@pytest.fixture(scope="module")
def onehot_model():
    return randomised(ModelConfig(vocab_size=V, units=N_A, encoding="onehot"))


def probs_of(model, ids):
    return keras.ops.convert_to_numpy(keras.ops.softmax(model.predict(ids, verbose=0)))


def greedy_ids(model, length=TY):
    out = generate(NumpyLSTM.from_model(model), VOCAB, [], SampleConfig(length, argmax=True))
    return VOCAB.encode(out.outputs[0])


# --- the diagram ------------------------------------------------------------------


def test_training_diagram_carries_the_real_shapes_and_parameter_counts(onehot_model):
    cfg = ModelConfig(vocab_size=V, units=N_A, encoding="onehot")
    params = count_params(onehot_model)
    dot = network_dot(cfg, DataConfig(seq_len=48), 64, params, mode="train")
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
    assert "(m=64, Tx=48, n_values=10)" in dot  # X
    assert "(m=64, n_a=8)" in dot  # a0, c0
    assert f"{params['lstm_1']:,} parameters" in dot
    assert f"{params['dense']:,} parameters" in dot
    assert "x<Tx>" in dot and "x<3>" in dot and "x<4>" not in dot  # 3 steps, "...", Tx


def test_every_drawn_step_is_the_same_shared_cell(onehot_model):
    cfg = ModelConfig(vocab_size=V, units=N_A, encoding="onehot")
    dot = network_dot(cfg, DataConfig(seq_len=48), 64, count_params(onehot_model))
    cells = re.findall(r"^\s*cell\d+ \[label=(\"[^\"]*\")", dot, flags=re.M)
    assert len(cells) == 4  # steps 1, 2, 3 and Tx, drawn with ...
    assert len(set(cells)) == 1 and "shared" in cells[0]  # ... one and the same cell


def test_generation_diagram_feeds_each_output_back_and_shows_the_embedding():
    cfg = ModelConfig(vocab_size=300, units=16, encoding="auto", embedding_dim=12)
    params = {"embedding": 3600, "lstm_1": 1856, "dense": 5100}
    dot = network_dot(cfg, DataConfig(seq_len=20), None, params, mode="generate", dark=True)
    assert "x<2> = ŷ<1>" in dot and "fed back" in dot
    assert "n_e=12" in dot and "(m, n_a=16)" in dot
    assert "Total: 10,556 parameters" in dot


def test_diagram_labels_follow_the_language(onehot_model):
    cfg = ModelConfig(vocab_size=V, units=N_A, encoding="onehot")
    dot = network_dot(cfg, DataConfig(seq_len=8), 32, count_params(onehot_model), lang="zh")
    assert "共享" in dot and "shared" not in dot


def test_diagram_refuses_an_unknown_mode():
    with pytest.raises(ValueError, match="mode"):
        network_dot(ModelConfig(vocab_size=V), DataConfig(), 1, {}, mode="sideways")


def test_teacher_forcing_figure_marks_right_and_wrong_guesses():
    dot = forcing_dot(list("hello"), list("ello"), list("elp!"))
    assert "cluster_tf" in dot and "cluster_fr" in dot
    assert dot.count("✗") == 2 and dot.count("✓") == 6


# --- the code shown runs and matches seqgen ------------------------------------------


@pytest.mark.parametrize(
    "cfg",
    [
        ModelConfig(vocab_size=V, units=N_A, encoding="onehot"),
        ModelConfig(vocab_size=V, units=N_A, layers=2, encoding="embedding", embedding_dim=6),
    ],
    ids=["onehot-1-layer", "embedding-2-layers"],
)
def test_exercise_code_gives_seqgens_outputs_and_greedy_sequence(cfg):
    model = randomised(cfg, seed=1)
    ns = run_code(exercise_code(cfg, TX, ty=TY), model)
    ids = np.random.default_rng(0).integers(0, V, (3, TX))
    x = ids if cfg.resolved_encoding == "embedding" else np.eye(V, dtype="float32")[ids]
    zeros = np.zeros((3, N_A), dtype="float32")
    unrolled = np.stack(ns["model"].predict([x, zeros, zeros], verbose=0), axis=1)
    np.testing.assert_allclose(unrolled, probs_of(model, ids), atol=1e-5)
    assert list(ns["indices"]) == greedy_ids(model)


@pytest.mark.parametrize("encoding", ["onehot", "embedding"])
def test_compact_code_gives_seqgens_outputs_and_greedy_sequence(encoding):
    cfg = ModelConfig(vocab_size=V, units=N_A, encoding=encoding, embedding_dim=5, dropout=0.1)
    model = randomised(cfg, seed=2)
    ns = run_code(compact_code(cfg, ty=TY), model)
    ids = np.random.default_rng(1).integers(0, V, (2, TX))
    logits = ns["model"].predict(ids, verbose=0)
    np.testing.assert_allclose(logits, model.predict(ids, verbose=0), atol=1e-5)
    assert ns["indices"] == greedy_ids(model)


def test_compact_code_carries_recurrent_dropout_and_still_gives_seqgens_outputs():
    cfg = ModelConfig(vocab_size=V, units=N_A, encoding="onehot", recurrent_dropout=0.25)
    code = compact_code(cfg, ty=TY)
    assert "recurrent_dropout=0.25" in code
    model = randomised(cfg, seed=3)
    ns = run_code(code, model)
    assert ns["model"].get_layer("lstm_1").recurrent_dropout == 0.25
    ids = np.random.default_rng(2).integers(0, V, (2, TX))
    np.testing.assert_allclose(
        ns["model"].predict(ids, verbose=0), model.predict(ids, verbose=0), atol=1e-5
    )


def test_exercise_code_has_the_exercises_shared_cell_and_explicit_loops():
    code = exercise_code(ModelConfig(vocab_size=V, units=N_A, encoding="onehot"), 30)
    for line in (
        "LSTM_cell = LSTM(n_a, return_state=True",
        'densor = Dense(n_values, activation="softmax"',
        "reshaper = Reshape((1, n_values))",
        "for t in range(Tx):",
        "for t in range(Ty):",
        "Tx = 30",
    ):
        assert line in code


# --- step-through --------------------------------------------------------------------


def test_step_records_have_the_models_shapes_and_distributions(onehot_model):
    stepper = StepThrough(NumpyLSTM.from_model(onehot_model), VOCAB, (), SampleConfig(5))
    first = stepper.step()
    assert first.t == 1 and first.input_token is None  # x0: the zero vector
    assert first.a.shape == first.c.shape == (N_A,)
    assert set(first.gates) == {"input", "forget", "candidate", "output"}
    assert all(g.shape == (N_A,) for g in first.gates.values())
    assert first.probs.sum() == pytest.approx(1.0) and first.raw_probs.sum() == pytest.approx(1.0)
    second = stepper.step()
    assert second.input_token == first.chosen and second.sequence == (first.chosen, second.chosen)
    top = stepper.top(second, k=4)
    assert len(top) == 4 and top[0]["raw_p"] >= top[-1]["raw_p"]


def test_run_to_end_stops_at_the_length_and_matches_generate(onehot_model):
    net = NumpyLSTM.from_model(onehot_model)
    cfg = SampleConfig(12, argmax=True)
    stepper = StepThrough(net, VOCAB, list("ab"), cfg)
    records = stepper.run_to_end()
    assert len(records) == 12 and stepper.done and records[0].input_token == "b"
    assert stepper.sequence == generate(net, VOCAB, list("ab"), cfg).outputs[0]


def test_argmax_is_reported_even_when_sampling(onehot_model):
    net = NumpyLSTM.from_model(onehot_model)
    stepper = StepThrough(net, VOCAB, (), SampleConfig(30, temperature=3.0, top_p=None))
    records = stepper.run_to_end()
    assert all(r.argmax == VOCAB.tokens[int(r.logits.argmax())] for r in records)
    assert any(r.chosen != r.argmax for r in records)  # hot sampling strays from argmax


def test_temperature_reshapes_the_shown_distribution_but_not_the_raw_one(onehot_model):
    stepper = StepThrough(NumpyLSTM.from_model(onehot_model), VOCAB, (), SampleConfig(3))
    record = stepper.step()
    cold = stepper.top(record, k=V, temperature=0.3)
    hot = stepper.top(record, k=V, temperature=2.0)
    assert cold[0]["p"] > hot[0]["p"]  # the top token gains when it is cold
    assert [r["raw_p"] for r in cold] == [r["raw_p"] for r in hot]
    stepper.set_temperature(0.3)
    assert stepper.step().temperature == 0.3


def test_uniform_loss_is_the_log_of_the_vocabulary_size():
    assert uniform_loss(65) == pytest.approx(math.log(65))


# --- shareable links -----------------------------------------------------------------


def test_settings_survive_a_round_trip_through_the_url():
    settings = {
        "lang": "zh",
        "present": True,
        "corpus": "bach-chorales",
        "preset": "lesson",
        "length": 120,
        "argmax": False,
        "temperature": 0.85,
        "top_k": None,
        "top_p": 0.9,
        "random_seed": 7,
        "seed_text": "春眠不觉晓",
        "instrument": 40,
        "tempo": 96.0,
    }
    query = settings_to_query(settings)
    assert all(isinstance(v, str) for v in query.values())
    assert settings_from_query(query) == settings


def test_bad_or_unknown_query_values_are_ignored():
    query = {
        "lang": "fr",
        "temperature": "hot",
        "length": "-3",
        "top_p": "nan",
        "corpus": "../../etc/passwd",
        "preset": "lesson",
        "tempo": ["90", "120"],
        "evil": "1",
    }
    assert settings_from_query(query) == {"preset": "lesson", "tempo": 120.0}


def test_presentation_css_enlarges_type_and_hides_advanced_controls():
    assert "<style>" in PRESENTATION_CSS and "font-size" in PRESENTATION_CSS
    assert 'st-key-adv_"]' in PRESENTATION_CSS


# --- the tab in the app --------------------------------------------------------------


def inside_app():
    """The tab alone, with a tiny untrained model in the session (as page.py passes it)."""
    import streamlit as st

    import seqgen
    from seqgen.ui.inside import inside_section
    from seqgen.ui.state import LoadedModel, app_state, init_session

    init_session()
    if "model" not in st.session_state:
        vocab = seqgen.Vocab(("<eos>", "<unk>") + tuple("abcdefgh"))
        cfg = seqgen.ModelConfig(vocab_size=len(vocab), units=8, encoding="onehot")
        model = seqgen.build_model(cfg)
        data = seqgen.DataConfig(seq_len=16)
        st.session_state["model"] = LoadedModel("tiny", model, vocab, data, cfg, {"preset": "tiny"})
    inside_section(app_state(), st.session_state.get("lang", "en"))


def test_a_teacher_can_step_through_ten_steps_and_reshape_the_distribution():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(inside_app, default_timeout=120).run()
    at.text_input(key="inside_seed").set_value("ab").run()
    for _ in range(10):
        at.button(key="next_step").click().run()
    assert not at.exception
    assert at.metric[0].value == "10 / 20"
    stepper = at.session_state["inside_stepper"][1]
    assert len(stepper.records) == 10 and stepper.records[0].input_token == "b"
    at.slider(key="inside_temperature").set_value(0.3).run()
    assert stepper.cfg.temperature == 0.3 and not at.exception
    at.button(key="run_to_end").click().run()
    assert at.metric[0].value == "20 / 20" and at.button(key="next_step").disabled


def test_the_tab_speaks_chinese_and_draws_every_view():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(inside_app, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.run()
    assert at.button(key="next_step").label == "下一步"
    for view in ("generate", "forcing", "train"):
        at.radio(key="inside_view").set_value(view).run()
        assert not at.exception
    assert "LSTM_cell = LSTM(n_a, return_state=True" in at.code[0].value


def music_inside_app():
    """The tab with a tiny music model whose every next token is the note E4 (N64_1)."""
    import numpy as np
    import streamlit as st

    import seqgen
    from seqgen.ui.inside import inside_section
    from seqgen.ui.state import LoadedModel, app_state, init_session

    init_session()
    if "model" not in st.session_state:
        vocab = seqgen.Vocab(("<eos>", "<unk>", "N60_1", "N62_1", "N64_1", "R_1"), level="music")
        cfg = seqgen.ModelConfig(vocab_size=len(vocab), units=8, encoding="onehot")
        model = seqgen.build_model(cfg)
        kernel, bias = model.layers[-1].get_weights()
        bias[:] = -10.0
        bias[vocab.id_of(st.session_state.get("next_token", "N64_1"))] = 10.0
        model.layers[-1].set_weights([np.zeros_like(kernel), bias])
        data = seqgen.DataConfig(seq_len=16, level="music")
        st.session_state["model"] = LoadedModel("tune", model, vocab, data, cfg, {})
    inside_section(app_state(), st.session_state.get("lang", "en"))


def audios(at) -> list:
    """The audio players on the page (AppTest has no typed accessor for st.audio)."""
    return [el for el in at.get("audio")]


def test_each_step_of_a_music_model_plays_the_new_note():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(music_inside_app, default_timeout=120).run()
    at.text_input(key="inside_seed").set_value("N60_1 N62_1").run()
    assert not audios(at)  # nothing plays before a step
    at.button(key="next_step").click().run()
    assert not at.exception, [e.value for e in at.exception]
    stepper = at.session_state["inside_stepper"][1]
    assert list(stepper.sequence) == ["N64_1"]
    assert len(audios(at)) == 1
    at.button(key="next_step").click().run()
    assert list(stepper.sequence) == ["N64_1", "N64_1"] and len(audios(at)) == 1
    at.slider(key="inside_temperature").set_value(0.5).run()
    assert not audios(at)  # a rerun without a step stays quiet


def test_a_step_that_chooses_a_rest_says_there_is_nothing_to_hear():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(music_inside_app, default_timeout=120)
    at.session_state["next_token"] = "R_1"
    at.run()
    at.button(key="next_step").click().run()
    assert list(at.session_state["inside_stepper"][1].sequence) == ["R_1"]
    assert not audios(at)
    from seqgen.i18n import t

    assert any(c.value == t("in_no_sound", "en") for c in at.caption)
