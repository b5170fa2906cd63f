"""The corpus preview: `preview_section(corpus, key, tr)`.

Statistics, the most frequent tokens, and a sample: text for a text corpus,
or one piece's piano roll, score and audio for a music corpus.
"""

from __future__ import annotations

import streamlit as st

from seqgen.ui.music import render_music, show_music
from seqgen.ui.state import err

SAMPLE_CHARS = 1500
VISIBLE = {" ": "␣ (space)", "\n": "↵ (newline)", "\t": "⇥ (tab)"}


def show_token(token: str) -> str:
    """A token as it can be read in a table (spaces and newlines made visible)."""
    return VISIBLE.get(token, token)


def _stats(corpus, key) -> dict:
    cache = st.session_state.setdefault("stats_cache", {})
    if key not in cache:
        cache.clear()
        cache[key] = corpus.stats(top=30)
    return cache[key]


def preview_section(corpus, key, tr) -> None:
    st.subheader(tr("preview_title", name=corpus.name))
    stats = _stats(corpus, key)
    cols = st.columns(4)
    cols[0].metric(tr("stat_pieces"), f"{stats['pieces']:,}")
    cols[1].metric(tr("stat_tokens"), f"{stats['tokens']:,}")
    cols[2].metric(tr("stat_vocab"), f"{stats['vocabulary']:,}")
    if "characters" in stats:
        cols[3].metric(tr("stat_chars"), f"{stats['characters']:,}")
    _notes(corpus, tr)
    tab_sample, tab_tokens = st.tabs([tr("sample_tab"), tr("frequent_tab")])
    with tab_tokens:
        total = max(stats["tokens"], 1)
        st.dataframe(
            [
                {tr("token"): show_token(tok), tr("count"): n, tr("share"): f"{n / total:.1%}"}
                for tok, n in stats["most_frequent"]
            ],
            hide_index=True,
            width="stretch",
        )
    with tab_sample:
        if corpus.kind == "music":
            _music_sample(corpus, key, tr)
        else:
            _text_sample(corpus, tr)


def _notes(corpus, tr) -> None:
    """What happened while reading: skipped files are shown as a warning."""
    if not corpus.notes:
        return
    notes = [err(n) for n in corpus.notes]  # the engine's notes, in the page language
    skipped = [n for n, en in zip(notes, corpus.notes) if "skip" in en.lower()]
    if skipped:
        st.warning(
            tr("skipped_files", n=len(skipped)) + "\n\n" + "\n".join(f"- {n}" for n in skipped[:20])
        )
    with st.expander(tr("reading_notes", n=len(corpus.notes))):
        st.markdown("\n".join(f"- {n}" for n in notes[:200]))


def _text_sample(corpus, tr) -> None:
    piece = max(corpus.pieces[:50], key=len)  # a long piece shows more than a short one
    st.code("".join(piece)[:SAMPLE_CHARS], language=None, wrap_lines=True)
    st.caption(tr("sample_caption", n=SAMPLE_CHARS))


def _music_sample(corpus, key, tr) -> None:
    names = corpus.piece_names or tuple(f"#{i + 1}" for i in range(len(corpus.pieces)))
    index = st.selectbox(
        tr("preview_piece"),
        range(len(corpus.pieces)),
        format_func=lambda i: f"{i + 1}. {names[i] if i < len(names) else ''}",
        key="preview_piece",
    )
    tokens = corpus.pieces[index]
    st.caption(tr("piece_tokens", n=len(tokens)) + " " + " ".join(tokens[:24]) + " …")
    cache = st.session_state.setdefault("preview_music", {})
    cache_key = (key, index)
    if cache_key not in cache:
        with st.spinner(tr("rendering")):
            cache.clear()
            cache[cache_key] = render_music(tokens, str(names[index]) if index < len(names) else "")
    show_music(cache[cache_key], "preview", compact=True, downloads=False)
