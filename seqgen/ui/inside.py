"""Step 4, "Inside the network": `inside_section(state, lang)` (called from page.py).

What it reads (from seqgen.ui.state.AppState, or from st.session_state directly):
  state.model  / st.session_state["model"]   the LoadedModel (keras_model, vocab, data,
                                             model_cfg, manifest); nothing is shown without it
  state.corpus / st.session_state["corpus"]  the seqgen.Corpus, optional: its opening is the
                                             teacher-forcing example
  state.net()                                the model's NumpyLSTM (cached per model)
  st.session_state["instrument"], ["tempo"]  the Generate step's sound settings, if set
What it keeps: st.session_state["inside_stepper"] (the StepThrough and the settings it was
started with). Widget keys: inside_view, inside_seed, inside_length, inside_argmax,
inside_temperature, inside_restart, next_step, run_to_end, inside_dl_exercise, inside_dl_compact.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

import seqgen
from seqgen.i18n import t
from seqgen.ui import state as S
from seqgen.ui.inside_charts import heat_strips, prob_chart, show_token

TOP_K = 10  # tokens in the probability chart
MAX_STEPS = 500  # step-through length limit: each step is drawn


def inside_section(state, lang: str) -> None:
    """The whole tab: the network drawn, the decoding loop stepped through, the code."""

    def tr(key: str, **fmt) -> str:
        return t(key, lang, **fmt)

    st.header(tr("in_title"))
    st.markdown(tr("in_intro"))
    model = _get(state, "model")
    if model is None:
        st.info(tr("in_no_model"))
        return
    net = state.net() if hasattr(state, "net") else seqgen.NumpyLSTM.from_model(model.keras_model)
    diagram, steps, code = st.tabs([tr("in_tab_diagram"), tr("in_tab_step"), tr("in_tab_code")])
    with diagram:
        diagram_view(model, net, _get(state, "corpus"), tr, lang)
    with steps:
        step_view(model, net, tr)
    with code:
        code_view(model, tr)


def _get(state, name: str):
    """`name` from the AppState, or from st.session_state when that is what was passed."""
    if isinstance(state, Mapping) or hasattr(state, "to_dict"):
        return state.get(name)
    return getattr(state, name, None)


def _batch_size(model) -> int | None:
    """m of the model's training, from its saved settings or its preset (None: unknown)."""
    manifest = model.manifest or {}
    m = manifest.get("batch_size") or (manifest.get("train") or {}).get("batch_size")
    if m is None and manifest.get("preset") in seqgen.PRESETS:
        m = seqgen.PRESETS[manifest["preset"]].train.batch_size
    return m


def _dark() -> bool:
    try:
        return st.context.theme.type == "dark"
    except AttributeError:  # older Streamlit: assume the light theme
        return False


def diagram_view(model, net, corpus, tr, lang: str) -> None:
    views = ["train", "generate", "forcing"]
    view = st.radio(
        tr("in_view"),
        views,
        format_func=lambda v: tr(f"in_view_{v}"),
        key="inside_view",
        horizontal=True,
    )
    if view == "forcing":
        truth = _example_tokens(model, net, corpus)
        forced, free = seqgen.forcing_example(net, model.vocab, truth)
        dot = seqgen.forcing_dot(truth, forced, free, dark=_dark(), lang=lang)
    else:
        params = seqgen.count_params(model.keras_model)
        dot = seqgen.network_dot(
            model.model_cfg, model.data, _batch_size(model), params, view, _dark(), lang
        )
    st.graphviz_chart(dot, width="stretch")
    st.markdown(tr(f"in_explain_{view}"))


def _example_tokens(model, net, corpus, n: int = 9) -> list[str]:
    """The opening of the corpus (tokens the model knows), else a sample of its own."""
    if corpus is not None and corpus.pieces:
        known = [tok for tok in corpus.pieces[0][: n * 4] if tok in model.vocab][:n]
        if len(known) >= 3:
            return known
    cfg = seqgen.SampleConfig(length=n, temperature=1.0, top_p=None)
    return list(seqgen.generate(net, model.vocab, [], cfg).outputs[0])


def code_view(model, tr) -> None:
    st.markdown(tr("in_code_intro"))
    left, right = st.columns(2, gap="large")
    exercise = seqgen.exercise_code(model.model_cfg, model.data.seq_len)
    compact = seqgen.compact_code(model.model_cfg)
    with left:
        st.subheader(tr("in_code_exercise"))
        st.code(exercise, language="python", line_numbers=True)
        st.download_button(
            tr("in_download_code"),
            exercise,
            "exercise_style.py",
            "text/x-python",
            key="inside_dl_exercise",
            on_click="ignore",
        )
    with right:
        st.subheader(tr("in_code_compact"))
        st.code(compact, language="python", line_numbers=True)
        st.download_button(
            tr("in_download_code"),
            compact,
            "compact.py",
            "text/x-python",
            key="inside_dl_compact",
            on_click="ignore",
        )
    st.caption(tr("in_code_tested"))


# --- step-through ------------------------------------------------------------------


def _seed(model, tr) -> list[str]:
    music = model.kind == "music"
    text = st.text_input(
        tr("in_seed"),
        value="" if music else "The ",
        key="inside_seed",
        help=tr("in_seed_help_music" if music else "in_seed_help"),
    )
    if not text:
        return []
    return text.split() if music else seqgen.tokenize(text, model.level)


def _stepper(model, net, seed, length: int, argmax: bool, temperature: float, tr):
    """The session's StepThrough, restarted when the model, seed, length or mode change."""
    key = (model.uid, tuple(seed), length, argmax)
    kept = st.session_state.get("inside_stepper")
    if kept is None or kept[0] != key:
        cfg = seqgen.SampleConfig(length=length, argmax=argmax, temperature=temperature)
        try:
            kept = (key, seqgen.StepThrough(net, model.vocab, seed, cfg))
        except seqgen.SeqgenError as e:
            st.error(S.err(e))
            return None
        st.session_state["inside_stepper"] = kept
    stepper = kept[1]
    stepper.set_temperature(temperature)  # from the next step on; the chart reshapes now
    return stepper


def step_view(model, net, tr) -> None:
    st.markdown(tr("in_step_intro"))
    c1, c2, c3 = st.columns([3, 1, 1])
    with c1:
        seed = _seed(model, tr)
    length = c2.number_input(tr("in_length"), 1, MAX_STEPS, 20, key="inside_length")
    argmax = c3.toggle(tr("in_argmax"), key="inside_argmax", help=tr("in_argmax_help"))
    temperature = st.slider(
        tr("in_temperature"),
        0.1,
        3.0,
        1.0,
        0.05,
        key="inside_temperature",
        help=tr("in_temperature_help"),
        disabled=argmax,
    )
    stepper = _stepper(model, net, seed, int(length), argmax, float(temperature), tr)
    if stepper is None:
        return
    # Callbacks run before the page is drawn, so the buttons already know when it is done.
    b1, b2, b3 = st.columns(3)
    b1.button(
        tr("in_next"),
        key="next_step",
        type="primary",
        disabled=stepper.done,
        on_click=_advance,
        args=(stepper, False),
    )
    b2.button(
        tr("in_run"),
        key="run_to_end",
        disabled=stepper.done,
        on_click=_advance,
        args=(stepper, True),
    )
    b3.button(
        tr("in_restart"),
        key="inside_restart",
        on_click=st.session_state.pop,
        args=("inside_stepper", None),
    )
    new = st.session_state.pop("inside_new", 0)
    if stepper.dropped:
        st.warning(tr("in_dropped", tokens=" ".join(stepper.dropped[:20])))
    if not stepper.records:
        st.info(tr("in_press_next"))
        return
    show_step(stepper, stepper.records[-1], float(temperature), argmax, tr)
    show_sequence(model, stepper, new, tr)


def _advance(stepper, to_end: bool) -> None:
    """Button callback: one step, or all the rest; remembers how many were new (for sound)."""
    if stepper.done:
        return
    st.session_state["inside_new"] = len(stepper.run_to_end()) if to_end else len([stepper.step()])


def show_step(stepper, record, temperature: float, argmax: bool, tr) -> None:
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(tr("in_step"), f"{record.t} / {stepper.cfg.length}")
    m2.metric(tr("in_input"), show_token(record.input_token))
    m3.metric(tr("in_chosen"), show_token(record.chosen))
    m4.metric(tr("in_argmax"), show_token(record.argmax))
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.subheader(tr("in_probs", k=TOP_K))
        shown_t = 1.0 if argmax else temperature
        rows = stepper.top(record, TOP_K, temperature=shown_t)
        st.altair_chart(prob_chart(rows, tr), width="stretch")
        st.caption(tr("in_probs_caption", temperature=f"{shown_t:g}"))
    with right:
        st.subheader(tr("in_states"))
        # tanh values in (-1, 1): a, c~ and (mostly) c; sigmoid gates in (0, 1).
        states = {
            "a<t>": record.a,
            "c<t>": record.c,
            tr("in_gate_candidate"): record.gates["candidate"],
        }
        st.altair_chart(heat_strips(states, (-1, 1), "redblue", "", reverse=True), width="stretch")
        st.caption(tr("in_states_caption", n_a=len(record.a)))
        gates = {tr(f"in_gate_{g}"): record.gates[g] for g in ("forget", "input", "output")}
        st.altair_chart(heat_strips(gates, (0, 1), "viridis", tr("in_gates")), width="stretch")
        st.caption(tr("in_gates_caption"))


def show_sequence(model, stepper, new, tr) -> None:
    st.subheader(tr("in_sequence"))
    seq = stepper.seed + stepper.sequence
    if model.kind == "music":
        st.code(" ".join(seq), language=None, wrap_lines=True)
        if new:  # only just after a step: other reruns stay quiet
            _play(stepper.sequence[-1:] if new == 1 else stepper.sequence, tr)
    else:
        st.code(seqgen.detokenize(list(seq), model.level), language=None, wrap_lines=True)
    import pandas as pd

    with st.expander(tr("in_history")):
        rows = [
            {
                tr("in_step"): r.t,
                tr("in_input"): show_token(r.input_token),
                tr("in_chosen"): show_token(r.chosen),
                tr("in_p_chosen"): float(r.probs[stepper.vocab.id_of(r.chosen)]),
                tr("in_argmax"): show_token(r.argmax),
            }
            for r in stepper.records
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _play(tokens, tr) -> None:
    """The newest note (or, after "Run to end", the whole melody), played at once."""
    notes = [tok for tok in tokens if tok[:1] in ("N", "C", "R")]
    if not notes or all(tok.startswith("R") for tok in notes):
        st.caption(tr("in_no_sound"))
        return
    ss = st.session_state
    try:
        wav, _ = seqgen.to_wav_bytes(
            notes, int(ss.get("instrument", 0)), float(ss.get("tempo", 100))
        )
    except seqgen.SeqgenError as e:
        st.caption(S.err(e))
        return
    st.audio(wav, format="audio/wav", autoplay=True)
