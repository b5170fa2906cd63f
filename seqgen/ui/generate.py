"""Step 3, generation: `generate_section(state)`.

The same trained cell now runs one-to-many: from the seed (or the zero vector
x0) it carries its state (a, c) from step to step and feeds back each token it
samples. Runs on the numpy copy of the weights (seqgen.NumpyLSTM), cached per
model, so generating never waits for TensorFlow.
"""

from __future__ import annotations

import streamlit as st

import seqgen
from seqgen.ui import state as S
from seqgen.ui.models import models_section
from seqgen.ui.output import output_section
from seqgen.ui.seed import seed_tokens

MAX_UI_LENGTH = 5000  # longer outputs make the page slow; the CLI has no such limit


def generate_section(state: S.AppState) -> None:
    tr = state.tr
    st.header(tr("generate_title"))
    st.markdown(tr("generate_intro"))
    model = models_section(state)
    if model is None:
        return
    st.divider()
    left, right = st.columns([2, 3], gap="large")
    with left:
        seed = seed_tokens(model, state.corpus, tr)
        cfg = sample_settings(model, tr)
        render = music_settings(tr) if model.kind == "music" else {}
        b1, b2 = st.columns(2)
        one = b1.button(tr("generate"), key="generate", type="primary", width="stretch")
        three = b2.button(tr("variations"), key="variations", width="stretch")
    if (one or three) and cfg is not None and seed is not None:
        run_generation(model, seed, cfg, 3 if three else 1, render, state, tr)
    with right:
        output_section(model, state.corpus, tr)


def starting_value(key: str, value) -> None:
    """A widget's first value, unless a shared link (or an earlier run) gave it one.

    Set here rather than passed as `value=`: Streamlit warns when a widget gets both."""
    st.session_state.setdefault(key, value)


def sample_settings(model, tr):
    """A SampleConfig from the widgets (None after showing an error)."""
    music = model.kind == "music"
    starting_value("length", 64 if music else 300)
    length = st.number_input(tr("length"), 1, MAX_UI_LENGTH, key="length", help=tr("length_help"))
    mode = st.radio(
        tr("mode"),
        ["sample", "argmax"],
        format_func=lambda m: tr(f"mode_{m}"),
        key="mode",
        horizontal=True,
        help=tr("mode_help"),
    )
    argmax = mode == "argmax"
    starting_value("temperature", 0.8)
    temperature = st.slider(
        tr("temperature"),
        0.05,
        2.0,
        step=0.05,
        key="temperature",
        disabled=argmax,
        help=tr("temperature_help"),
    )
    top_k, top_p, rseed = expert_sampling(len(model.vocab), argmax, tr)
    try:
        return seqgen.SampleConfig(
            length=int(length),
            argmax=argmax,
            temperature=float(temperature),
            top_k=int(top_k) or None,
            top_p=None if top_p >= 1.0 else float(top_p),
            random_seed=int(rseed),
        )
    except seqgen.SeqgenError as e:
        st.error(S.err(e))
        return None


def expert_sampling(n_values: int, argmax: bool, tr) -> tuple:
    """Top-k, top-p and the random seed (hidden in presentation mode: key adv_...)."""
    ss = st.session_state
    if ss.get("top_k", 0) > n_values:  # from a link, or from a model with more tokens
        ss["top_k"] = n_values
    starting_value("top_k", 0)
    starting_value("top_p", 0.95)
    with st.container(key="adv_sampling"):
        c1, c2, c3 = st.columns(3)
        top_k = c1.number_input(
            tr("top_k"), 0, n_values, key="top_k", disabled=argmax, help=tr("top_k_help")
        )
        top_p = c2.slider(
            tr("top_p"), 0.05, 1.0, step=0.05, key="top_p", disabled=argmax, help=tr("top_p_help")
        )
        rseed = c3.number_input(tr("random_seed"), 0, 2**32 - 1, key="gen_seed")
    return top_k, top_p, rseed


def music_settings(tr) -> dict:
    instruments = dict(seqgen.GM_INSTRUMENTS)
    if st.session_state.get("instrument") not in instruments:
        st.session_state.pop("instrument", None)  # a program this list does not offer
    starting_value("tempo", 100)
    c1, c2 = st.columns(2)
    program = c1.selectbox(
        tr("instrument"), list(instruments), format_func=instruments.get, key="instrument"
    )
    tempo = c2.slider(tr("tempo"), 40, 240, step=5, key="tempo")
    return {"instrument": int(program), "tempo": float(tempo)}


def run_generation(model, seed, cfg, variations: int, render: dict, state, tr) -> None:
    """Generate, render once, and keep the result in the session for every rerun."""
    from seqgen.ui.output import build_output

    try:
        with st.spinner(tr("generating")):
            net = S.net_for(model)
            gen = seqgen.generate(net, model.vocab, seed, cfg, variations=variations)
            st.session_state["output"] = build_output(model, gen, render, state.corpus)
    except seqgen.SeqgenError as e:
        st.error(S.err(e))
