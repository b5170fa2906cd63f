"""The seed x0 of generation: `tokens = seed_tokens(model, corpus, tr)`.

Text: the typed text, split as the model's corpus was (characters or words).
Music: the opening of a corpus piece, typed tokens, an uploaded primer file, or
nothing, which starts from the zero vector as in the original exercise.
"""

from __future__ import annotations

import hashlib

import streamlit as st

import seqgen
from seqgen.ui import state as S

PRIMER_TYPES = ["mid", "midi", "musicxml", "xml", "mxl", "abc", "krn"]


def seed_tokens(model, corpus, tr):
    """The seed as tokens ([] = zero vector), or None after showing an error."""
    if model.kind == "music":
        return _music_seed(corpus, tr)
    st.session_state.setdefault("seed", "The ")  # not value=: a shared link may have set it
    text = st.text_input(tr("seed"), key="seed", help=tr("seed_help"), placeholder=tr("seed_empty"))
    return seqgen.tokenize(text, model.level) if text else []


def _music_seed(corpus, tr):
    kinds = ["corpus", "typed", "primer", "empty"]
    if corpus is None or corpus.kind != "music":
        kinds.remove("corpus")
    kind = st.radio(
        tr("seed_kind"), kinds, format_func=lambda k: tr(f"seed_kind_{k}"), key="seed_kind"
    )
    if kind == "empty":
        st.caption(tr("seed_zero"))
        return []
    if kind == "typed":
        text = st.text_input(
            tr("seed"),
            key="seed",
            placeholder="N67_1 N67_1 N69_2",
            help=tr("seed_tokens_help"),
        )
        return text.split()
    n = st.number_input(tr("seed_length"), 1, 64, 8, key="seed_len")
    if kind == "corpus":
        names = corpus.piece_names or tuple(str(i + 1) for i in range(len(corpus.pieces)))
        index = st.selectbox(
            tr("seed_piece"),
            range(len(corpus.pieces)),
            format_func=lambda i: f"{i + 1}. {names[i] if i < len(names) else ''}",
            key="seed_piece",
        )
        return list(corpus.pieces[index][: int(n)])
    return _primer(int(n), tr)


def _primer(n: int, tr):
    up = st.file_uploader(tr("primer"), type=PRIMER_TYPES, key="primer")
    if up is None:
        st.info(tr("primer_empty"))
        return None
    data = up.getvalue()
    cache = st.session_state.setdefault("primer_cache", {})
    digest = hashlib.sha256(data).hexdigest()
    if digest not in cache:
        try:
            corpus = seqgen.read_music_files([(up.name, data)], seqgen.MusicOptions())
        except seqgen.SeqgenError as e:
            st.error(S.err(e))
            return None
        cache.clear()
        cache[digest] = list(corpus.pieces[0])
    return cache[digest][:n]
