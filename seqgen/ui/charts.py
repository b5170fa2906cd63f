"""The live loss chart: `st.altair_chart(loss_chart(history.snapshot(), spe, n_values, tr))`.

Training loss per batch (smoothed), validation loss per epoch, and a dashed
line at log(n_values): the loss of a uniform guess over the vocabulary, which
the model must get below to have learnt anything. Redrawn from the recorded
history each time (Streamlit 1.67 has no add_rows).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas and altair load on first use: the page renders sooner
    import pandas as pd

SMOOTHING = 0.1  # weight of the newest batch in the exponential moving average


def smoothed(losses: list[float], alpha: float = SMOOTHING) -> list[float]:
    """Debiased exponential moving average, so the first points are not pulled to 0."""
    out, avg = [], 0.0
    for i, loss in enumerate(losses, start=1):
        avg = (1 - alpha) * avg + alpha * loss
        out.append(avg / (1 - (1 - alpha) ** i))
    return out


def loss_frame(snapshot: dict, steps_per_epoch: int, tr) -> pd.DataFrame:
    """Long-format rows (epoch, loss, series) for the chart; x is in epochs."""
    import pandas as pd

    spe = max(steps_per_epoch, 1)
    batches = [b for b in snapshot["batch_loss"] if math.isfinite(b[2])]
    steps = [b[0] for b in batches]
    rows = [
        {"epoch": s / spe, "loss": loss, "series": tr("series_train")}
        for s, loss in zip(steps, smoothed([b[2] for b in batches]))
    ]
    if snapshot.get("initial_loss") is not None:  # before the first update: epoch 0
        rows.insert(
            0, {"epoch": 0.0, "loss": snapshot["initial_loss"], "series": tr("series_train")}
        )
    rows += [
        {"epoch": float(e["epoch"]), "loss": e["val_loss"], "series": tr("series_val")}
        for e in snapshot["epochs"]
        if math.isfinite(e.get("val_loss", math.nan))
    ]
    frame = pd.DataFrame(rows, columns=["epoch", "loss", "series"])
    return frame.astype({"epoch": float, "loss": float, "series": str})


def loss_chart(snapshot: dict, steps_per_epoch: int, n_values: int, tr, height: int = 340):
    """Altair layers: train line, validation points+line, uniform-guess rule."""
    import altair as alt
    import pandas as pd

    data = loss_frame(snapshot, steps_per_epoch, tr)
    colors = alt.Scale(
        domain=[tr("series_train"), tr("series_val"), tr("series_uniform")],
        range=["#4c78a8", "#f58518", "#888888"],
    )
    x = alt.X("epoch:Q", title=tr("axis_epoch"), scale=alt.Scale(domainMin=0))
    y = alt.Y("loss:Q", title=tr("axis_loss"), scale=alt.Scale(zero=False))
    color = alt.Color("series:N", scale=colors, title=None, legend=alt.Legend(orient="top"))
    train = alt.Chart(data[data.series == tr("series_train")]).mark_line().encode(x, y, color)
    val = (
        alt.Chart(data[data.series == tr("series_val")])
        .mark_line(point=alt.OverlayMarkDef(size=80))
        .encode(x, y, color, tooltip=["epoch", alt.Tooltip("loss:Q", format=".3f")])
    )
    uniform = pd.DataFrame([{"loss": math.log(max(n_values, 2)), "series": tr("series_uniform")}])
    rule = alt.Chart(uniform).mark_rule(strokeDash=[6, 4], size=2).encode(y="loss:Q", color=color)
    return (train + val + rule).properties(height=height)
