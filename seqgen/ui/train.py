"""Step 2, training: `train_section(state)`.

A preset, optional advanced settings, and the "Train" / "Stop" buttons. Training
runs in a seqgen.TrainingJob thread, never in the script thread, so any click
elsewhere on the page leaves it running; the live view is in progress.py.
"""

from __future__ import annotations

import time
from dataclasses import replace

import streamlit as st

import seqgen
from seqgen.ui import state as S
from seqgen.ui.progress import job_view

DEFAULT_PRESET = "lesson"


def fmt_seconds(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"


def train_section(state: S.AppState) -> None:
    tr = state.tr
    st.header(tr("train_title"))
    st.markdown(tr("train_intro"))
    corpus, job = state.corpus, state.job
    if corpus is None:
        st.info(tr("train_no_corpus"))
    left, right = st.columns([2, 3], gap="large")
    with left:
        configs = settings(tr, corpus.kind if corpus is not None else "text")
        running = job is not None and job.running
        b1, b2 = st.columns(2)
        start = b1.button(
            tr("train"),
            key="train",
            type="primary",
            disabled=corpus is None or running,
            width="stretch",
        )
        b2.button(
            tr("stop"),
            key="stop",
            disabled=not running,
            on_click=job.stop if running else None,
            width="stretch",
            help=tr("stop_help"),
        )
        if corpus is not None:
            st.caption(tr("train_on", name=corpus.name, kind=tr("kind_" + corpus.kind)))
    if start and corpus is not None and configs is not None:
        if start_job(corpus, *configs, tr) is not None:
            st.rerun()  # redraw the buttons: Train disabled, Stop enabled
    with right:
        if job is None:
            st.info(tr("train_empty"))
        else:
            job_view(job, tr)


def settings(tr, kind: str = "text"):
    """(preset name, DataConfig, ModelConfig, TrainConfig) from the widgets, or None
    (the preset's settings for this kind of corpus, see Preset.for_kind)."""
    names = list(seqgen.PRESETS)
    st.session_state.setdefault("preset", DEFAULT_PRESET)  # not index=: a link may have set it
    name = st.selectbox(
        tr("preset"),
        names,
        format_func=lambda n: tr(
            "preset_option", name=n, time=fmt_seconds(seqgen.PRESETS[n].expected_seconds)
        ),
        key="preset",
    )
    preset = seqgen.PRESETS[name].for_kind(kind)
    st.caption(S.tr_or(f"preset_desc_{name}", preset.description))
    v = advanced(preset, tr)
    try:
        data = replace(preset.data, seq_len=v["seq_len"], val_fraction=v["val"])
        model = replace(
            preset.model,
            units=v["units"],
            layers=v["layers"],
            dropout=v["dropout"],
            recurrent_dropout=v["recurrent_dropout"],
        )
        train = replace(
            preset.train,
            batch_size=v["batch"],
            epochs=v["epochs"],
            minutes=v["minutes"] or None,
            learning_rate=v["lr"],
            weight_decay=v["weight_decay"],
            random_seed=v["seed"],
        )
    except seqgen.SeqgenError as e:
        st.error(S.err(e))
        return None
    return name, data, model, train


def advanced(preset, tr) -> dict:
    """The "Advanced" settings, starting from the preset's values (hidden in presentation
    mode, which hides every container whose key starts with adv_)."""
    d, m, t = preset.data, preset.model, preset.train
    # A key per preset (and its music variant): choosing one resets these to its values.
    k = f"_{preset.name}" + ("" if preset == seqgen.PRESETS[preset.name] else "_music")
    with st.container(key="adv_train"), st.expander(tr("advanced")):
        c1, c2 = st.columns(2)
        v = {
            "units": c1.number_input(
                tr("units"), 1, 4096, m.units, key="units" + k, help=tr("units_help")
            ),
            "layers": c2.number_input(tr("layers"), 1, 3, m.layers, key="layers" + k),
            "seq_len": c1.number_input(
                tr("seq_len"), 2, 2000, d.seq_len, key="seq_len" + k, help=tr("seq_len_help")
            ),
            "batch": c2.number_input(tr("batch_size"), 1, 4096, t.batch_size, key="batch" + k),
            "epochs": c1.number_input(tr("epochs"), 1, 10_000, t.epochs, key="epochs" + k),
            "minutes": c2.number_input(
                tr("minutes"),
                0.0,
                1440.0,
                float(t.minutes or 0),
                0.05,
                key="minutes" + k,
                help=tr("minutes_help"),
            ),
            "lr": c1.number_input(
                tr("learning_rate"), 1e-5, 1.0, t.learning_rate, 1e-3, format="%.4f", key="lr" + k
            ),
            "dropout": c2.slider(tr("dropout"), 0.0, 0.9, m.dropout, 0.05, key="dropout" + k),
            "recurrent_dropout": c1.slider(
                tr("recurrent_dropout"),
                0.0,
                0.9,
                m.recurrent_dropout,
                0.05,
                key="rdropout" + k,
                help=tr("recurrent_dropout_help"),
            ),
            "weight_decay": c2.number_input(
                tr("weight_decay"),
                0.0,
                1.0,
                t.weight_decay,
                0.01,
                format="%.3f",
                key="wdecay" + k,
                help=tr("weight_decay_help"),
            ),
            "val": c2.slider(tr("val_fraction"), 0.02, 0.5, d.val_fraction, 0.01, key="val" + k),
            "seed": c1.number_input(
                tr("random_seed"), 0, 2**31 - 1, t.random_seed, key="tseed" + k
            ),
        }
    ints = ("units", "layers", "seq_len", "batch", "epochs", "seed")
    return {key: int(x) if key in ints else float(x) for key, x in v.items()}


def start_job(corpus, preset: str, data, model, train, tr):
    """Check the data, then start a TrainingJob; returns it (None after an error shown)."""
    from seqgen.dataset import epoch_steps, training_windows  # numpy: not before the page shows

    data = replace(data, level=corpus.level)
    try:
        with st.spinner(tr("preparing")):
            vocab, split = seqgen.prepare(corpus, data)
    except seqgen.SeqgenError as e:
        st.error(S.err(e))
        return None
    # The same steps per epoch as seqgen.train computes; fixed here so the chart knows it.
    windows = training_windows(split.train, data.seq_len, vocab.eos_id)
    steps = epoch_steps(windows, train)
    train = replace(train, steps_per_epoch=steps)
    name = f"{corpus.name}-{preset}-{time.strftime('%Y%m%d-%H%M%S')}"
    extra = {
        "owner": S.owner(),
        "corpus": corpus.name,
        "corpus_kind": corpus.kind,
        "preset": preset,
        "n_values": len(vocab),
        "batch_size": train.batch_size,  # m, the first dimension of X: (m, Tx, n_values)
        "steps_per_epoch": steps,
    }
    job = seqgen.TrainingJob(corpus, data, model, train, name=name, extra=extra)
    job.extra["job_id"] = job.id  # lets a reloaded page find the saved model
    job.start()
    S.set_job(job)
    return job
