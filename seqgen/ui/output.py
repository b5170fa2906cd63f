"""What generation produced: `out = build_output(...)` once, `output_section(...)` every run.

Text: the output with the seed highlighted, a download, and how repetitive it is.
Music: audio, score, piano roll, statistics next to the corpus's, downloads.
Variations are shown side by side.
"""

from __future__ import annotations

import html

import streamlit as st

import seqgen
from seqgen.ui.music import render_music, show_music, stats_table

SEED_STYLE = (
    "background: rgba(255, 190, 0, 0.38); color: inherit; border-radius: 3px; padding: 0 1px"
)
BOX_STYLE = (
    "white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: 1.05rem; "
    "line-height: 1.5; padding: 0.8rem 1rem; border: 1px solid rgba(128, 128, 128, 0.35); "
    "border-radius: 0.5rem; max-height: 32rem; overflow-y: auto"
)
COPY_CHECK_PIECES = 2000  # corpus pieces compared for verbatim copying


def build_output(model, gen, render: dict, corpus) -> dict:
    """Everything to show for a Generation, computed once (audio and score take seconds)."""
    out = {"model": model.uid, "kind": model.kind, "level": model.level}
    out["seed"], out["dropped"] = list(gen.seed), list(gen.dropped)
    pieces = None
    if model.kind == "music" and corpus is not None and corpus.kind == "music":
        pieces = [list(p) for p in corpus.pieces[:COPY_CHECK_PIECES]]
        sample = [t for p in pieces[:200] for t in p]
        out["corpus_stats"] = seqgen.melody_stats(sample) if sample else None
    takes = []
    for i, tokens in enumerate(gen.outputs):
        take = {"tokens": list(tokens), "repeat": seqgen.repeat_share(tokens)}
        take["loop"] = seqgen.looks_like_loop(tokens)
        if model.kind == "music":
            title = f"{model.name} #{i + 1}" if len(gen.outputs) > 1 else model.name
            take["art"] = render_music(list(gen.seed) + list(tokens), title, **render)
            take["stats"] = seqgen.melody_stats(list(tokens), pieces)
        else:
            take["text"] = seqgen.detokenize(tokens, model.level)
        takes.append(take)
    out["takes"] = takes
    if model.kind != "music":
        out["seed_text"] = seqgen.detokenize(gen.seed, model.level)
    return out


def highlighted(seed_text: str, text: str) -> str:
    """HTML of the output with the seed marked (escaped: the text is never markup)."""
    seed = f'<mark style="{SEED_STYLE}">{html.escape(seed_text)}</mark>' if seed_text else ""
    return f'<div class="seqgen-output" style="{BOX_STYLE}">{seed}{html.escape(text)}</div>'


def output_section(model, corpus, tr) -> None:
    out = st.session_state.get("output")
    if not out or out["model"] != model.uid:
        st.info(tr("output_empty"))
        return
    if out["dropped"]:
        st.warning(tr("seed_dropped", tokens=" ".join(repr(t) for t in out["dropped"][:20])))
    takes = out["takes"]
    if len(takes) == 1:
        _take(out, takes[0], "take0", tr, compact=False)
        return
    st.markdown(f"**{tr('variations_title', n=len(takes))}**")
    for i, (col, take) in enumerate(zip(st.columns(len(takes)), takes)):
        with col:
            st.markdown(f"**{tr('variation', n=i + 1)}**")
            _take(out, take, f"take{i}", tr, compact=True)


def _take(out: dict, take: dict, key: str, tr, compact: bool) -> None:
    if out["kind"] == "music":
        show_music(take["art"], key, compact=compact)
        rows = stats_table(take["stats"], out.get("corpus_stats"))
        if rows:
            if compact:
                with st.expander(tr("music_stats")):
                    st.dataframe(rows, hide_index=True, width="stretch")
            else:
                st.markdown(f"**{tr('music_stats')}**")
                st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.html(highlighted(out["seed_text"], take["text"]))
        st.download_button(
            tr("download_text"),
            out["seed_text"] + take["text"],
            file_name="generated.txt",
            mime="text/plain",
            key=f"{key}_dl_text",
            on_click="ignore",
        )
    _repetition(take, tr)


def _repetition(take: dict, tr) -> None:
    st.caption(tr("repeat_share", share=take["repeat"]))
    if take["loop"]:
        st.warning(tr("looping"))
