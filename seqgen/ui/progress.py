"""The training job on the page: `job_view(job, tr)`.

While the job runs, a fragment redraws every second (only itself, not the page):
status or queue position, progress with elapsed and remaining time, tokens per
second, perplexity, the loss chart and the samples after each epoch. When the
job ends the whole page reruns once and shows the result.
"""

from __future__ import annotations

import math

import streamlit as st

import seqgen
from seqgen.ui import state as S
from seqgen.ui.charts import loss_chart, smoothed


def job_view(job, tr) -> None:
    if job.running:
        _live(job.id)
    else:
        finished_view(job, tr)


@st.fragment(run_every=1)
def _live(job_id: str) -> None:
    job = seqgen.get_job(job_id)
    if job is None or not job.running:
        st.rerun()  # the job ended: redraw the whole page with the result
        return
    live_body(job, S.tr)


def fmt_time(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def live_body(job, tr) -> None:
    snap = job.history.snapshot()
    if job.status == "queued":
        st.info(tr("queued", pos=job.queue_position(), slots=seqgen.training_slots()))
        return
    elapsed, progress = snap["seconds"], snap["progress"]
    budget = (job.train_cfg.minutes or 0) * 60
    if progress > 0:
        remaining = elapsed * (1 - progress) / progress
        remaining = min(remaining, max(budget - elapsed, 0)) if budget else remaining
        text = tr("progress_text", elapsed=fmt_time(elapsed), remaining=fmt_time(remaining))
    else:
        text = tr("starting")  # the first batch includes building the graph
    st.progress(min(max(progress, 0.0), 1.0), text=text)
    _metrics(snap, tr)
    _chart(job, snap, tr)
    samples_view(snap, tr)


def _metrics(snap: dict, tr) -> None:
    losses = [b[2] for b in snap["batch_loss"] if math.isfinite(b[2])]
    current = smoothed(losses)[-1] if losses else math.nan
    cols = st.columns(4)
    cols[0].metric(tr("epoch"), len(snap["epochs"]))
    cols[1].metric(tr("tokens_per_s"), f"{snap['tokens_per_second']:,.0f}")
    cols[2].metric(tr("train_loss"), f"{current:.3f}" if losses else "–")
    cols[3].metric(
        tr("perplexity"),
        f"{math.exp(min(current, 50)):.3g}" if losses else "–",
        help=tr("perplexity_help"),
    )


def _chart(job, snap: dict, tr) -> None:
    spe = job.extra.get("steps_per_epoch") or job.train_cfg.steps_per_epoch or 1
    n_values = job.extra.get("n_values", 2)
    st.altair_chart(loss_chart(snap, spe, n_values, tr), width="stretch")
    st.caption(tr("chart_caption", uniform=math.log(max(n_values, 2)), n=n_values))


def samples_view(snap: dict, tr) -> None:
    if not snap["samples"]:
        return
    st.markdown(f"**{tr('epoch_samples')}**")
    for epoch, text in snap["samples"]:
        seed, _, rest = text.partition("|")
        st.markdown(f"{tr('epoch')} {epoch}")
        st.code(f"{seed}▌{rest}", language=None, wrap_lines=True)


def finished_view(job, tr) -> None:
    snap = job.history.snapshot()
    if job.status == "failed":
        st.error(S.err(job.error) or tr("train_failed"))
        return
    if job.result is None:  # cancelled while waiting in the queue
        st.warning(S.err(job.error) or tr("train_cancelled"))
        return
    adopt(job, tr)
    if job.bundle_path:
        st.success(tr("saved_at", path=job.bundle_path))
    elif job.error:
        st.error(S.err(job.error))
    if snap["message"]:
        st.info(S.err(snap["message"]))
    _final_metrics(job, tr)
    overfit_warning(snap["epochs"], tr)
    _baselines(job, tr)
    _chart(job, snap, tr)
    samples_view(snap, tr)


def adopt(job, tr) -> None:
    """Make the finished job's model the one the Generate step uses (once per job)."""
    if st.session_state.get("adopted_job") == job.id:
        return
    st.session_state["adopted_job"] = job.id
    S.set_model(S.LoadedModel.from_job(job))


def _final_metrics(job, tr) -> None:
    m = job.result.metrics
    cols = st.columns(5)
    cols[0].metric(tr("val_loss"), f"{m['val_loss']:.3f}")
    cols[1].metric(
        tr("train_loss"), f"{m['train_loss']:.3f}" if math.isfinite(m["train_loss"]) else "–"
    )
    cols[2].metric(tr("perplexity"), f"{m.get('val_perplexity', math.nan):.3g}")
    cols[3].metric(tr("epochs"), m["epochs"])
    cols[4].metric(tr("seconds"), f"{m['seconds']:.0f}")


def overfitting_since(epochs: list[dict]) -> int | None:
    """The best epoch, if validation loss rose after it while training loss kept falling."""
    rows = [e for e in epochs if "val_loss" in e and "loss" in e]
    if len(rows) < 3:
        return None
    best = min(range(len(rows)), key=lambda i: rows[i]["val_loss"])
    rising = best < len(rows) - 1 and rows[-1]["val_loss"] > rows[best]["val_loss"] * 1.01
    falling = rows[-1]["loss"] < rows[best]["loss"]
    return rows[best]["epoch"] if rising and falling else None


def overfit_warning(epochs: list[dict], tr) -> None:
    best = overfitting_since(epochs)
    if best is not None:
        st.warning(tr("overfitting", best=best))


def _baselines(job, tr) -> None:
    cache = st.session_state.setdefault("baselines", {})
    if job.id not in cache:
        r = job.result
        try:
            with st.spinner(tr("baselines_running")):
                report = seqgen.evaluate_baselines(r.split.train, r.split.val, len(r.vocab))
                cache[job.id] = (report, seqgen.summary_sentence(r.metrics["val_loss"], report))
        except seqgen.SeqgenError as e:
            cache[job.id] = (None, S.err(e))
    report, sentence = cache[job.id]
    st.markdown(f"**{tr('baselines_title')}** {sentence}")
    if report is not None:
        st.caption(
            tr(
                "baselines_detail",
                uniform=report.uniform_loss,
                unigram=report.unigram_loss,
                order=report.best_order,
                ngram=report.best_loss,
            )
        )
