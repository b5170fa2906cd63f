"""Charts of one decoding step: `st.altair_chart(prob_chart(rows, tr))`, `heat_strips(...)`.

Altair (bundled with Streamlit), colours that read on light and dark themes.
"""

from __future__ import annotations

import numpy as np

CHOSEN, OTHER, ARGMAX = "#e6550d", "#6baed6", "#31a354"


def show_token(token: str | None) -> str:
    """A token made visible: spaces and newlines would vanish in a chart."""
    if token is None:
        return "x0 (0…0)"
    return {" ": "␣", "\n": "↵", "\t": "⇥"}.get(token, token)


def prob_chart(rows: list[dict], tr, height: int = 300):
    """Bars: probability of the top tokens at the slider's temperature; ticks: at T = 1."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(
        {
            "token": [f"{i + 1}. {show_token(r['token'])}" for i, r in enumerate(rows)],
            "p": [r["p"] for r in rows],
            "raw_p": [r["raw_p"] for r in rows],
            "kind": [
                tr("in_chosen") if r["chosen"] else (tr("in_argmax") if r["argmax"] else "")
                for r in rows
            ],
        }
    )
    order = list(data["token"])
    y = alt.Y("token:N", sort=order, title=None, axis=alt.Axis(labelFontSize=14, labelLimit=200))
    kinds = alt.Scale(domain=[tr("in_chosen"), tr("in_argmax"), ""], range=[CHOSEN, ARGMAX, OTHER])
    colour = alt.Color("kind:N", scale=kinds, legend=None)
    x = alt.X("p:Q", title=tr("in_prob_axis"), scale=alt.Scale(domain=[0, 1]))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                "token",
                alt.Tooltip("p:Q", format=".3f", title=tr("in_prob_now")),
                alt.Tooltip("raw_p:Q", format=".3f", title=tr("in_prob_raw")),
            ],
        )
    )
    ticks = (
        alt.Chart(data)
        .mark_tick(thickness=3, size=22, color="#888888")
        .encode(x="raw_p:Q", y=alt.Y("token:N", sort=order))
    )
    labels = bars.mark_text(align="left", dx=4, fontSize=13).encode(
        text=alt.Text("p:Q", format=".2f"), color=alt.value("#888888")
    )
    return (bars + ticks + labels).properties(height=height)


def heat_strips(
    rows: dict[str, np.ndarray], domain: tuple[float, float], scheme: str, title: str, reverse=False
):
    """One row of coloured cells per vector (unit index on x): a and c, or the gates."""
    import altair as alt
    import pandas as pd

    frames = [
        pd.DataFrame({"row": name, "unit": np.arange(len(v)), "value": np.asarray(v, dtype=float)})
        for name, v in rows.items()
    ]
    data = pd.concat(frames, ignore_index=True)
    return (
        alt.Chart(data, title=title)
        .mark_rect()
        .encode(
            x=alt.X("unit:O", title=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y(
                "row:N",
                sort=list(rows),
                title=None,
                axis=alt.Axis(labelFontSize=13, labelOverlap=False),  # every row named
            ),
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(scheme=scheme, domain=list(domain), clamp=True, reverse=reverse),
                legend=alt.Legend(orient="right", title=None, gradientLength=30 * len(rows)),
            ),
            tooltip=["row", "unit", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=alt.Step(34))  # 34 px per row, whatever the number of rows
    )
