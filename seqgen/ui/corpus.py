"""Step 1, the corpus: `corpus = corpus_section(state)`.

A built-in corpus (one is preselected, so a new user can train at once) or
uploaded files, read with the chosen representation. Built-in corpora are the
same for everyone and cached globally; uploads stay in this session only.
"""

from __future__ import annotations

import hashlib

import streamlit as st

import seqgen
from seqgen.ui import state as S
from seqgen.ui.preview import preview_section

DEFAULT_CORPUS = "python-docs"
VOICES = ("soprano", "alto", "tenor", "bass")
UPLOAD_TYPES = ["txt", "text", "md", "csv", "mid", "midi", "musicxml", "xml", "mxl", "abc", "krn"]
UPLOAD_TYPES += ["zip"]


@st.cache_resource(max_entries=6, show_spinner=False)
def _builtin(name: str, level: str, options, _progress=None):
    """Built-in corpora are public data, identical for every user: share one copy."""
    return seqgen.load_builtin(name, level=level, music_options=options, progress=_progress)


def corpus_section(state: S.AppState):
    """Choose and read a corpus; returns the corpus in use (or None)."""
    tr = state.tr
    st.header(tr("corpus_title"))
    st.markdown(tr("corpus_intro"))
    left, right = st.columns([2, 3], gap="large")
    with left:
        source = st.radio(
            tr("corpus_source"),
            ["builtin", "upload"],
            format_func=lambda s: tr(f"source_{s}"),
            key="corpus_source",
            horizontal=True,
        )
        if source == "builtin":
            _builtin_choice(tr)
        else:
            _upload_choice(tr)
    corpus = st.session_state.get("corpus")
    with right:
        if corpus is None:
            st.info(tr("corpus_empty"))
        else:
            preview_section(corpus, st.session_state.get("corpus_key"), tr)
    return corpus


def _builtin_choice(tr) -> None:
    infos = {i.name: i for i in seqgen.list_builtins()}
    names = list(infos)
    if st.session_state.get("corpus_choice") not in names:  # not index=: a link may have set it
        st.session_state["corpus_choice"] = DEFAULT_CORPUS if DEFAULT_CORPUS in names else names[0]
    name = st.selectbox(
        tr("corpus_choice"),
        names,
        format_func=lambda n: f"{n} ({tr('kind_' + infos[n].kind)})",
        key="corpus_choice",
    )
    info = infos[name]
    st.markdown(S.tr_or(f"builtin_desc_{name}", info.description))
    st.caption(f"{tr('source_label')}: {info.source}")
    licence = getattr(info, "licence", "")
    if licence:
        (st.warning if "non-commercial" in licence.lower() else st.caption)(
            f"{tr('licence_label')}: {licence}"
        )
    if info.kind == "text":
        level, options = _level_choice(tr), None
    else:
        level, options = "music", _music_options(tr, voices=name == "bach-chorales")
    key = ("builtin", name, level, options)
    if st.session_state.get("corpus_key") == key:
        return
    _load_builtin(name, level, options, key, tr)


def _load_builtin(name, level, options, key, tr) -> None:
    bar = st.empty()

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), tr("parsing_progress", done=done, total=total))

    try:
        with st.spinner(tr("loading_corpus", name=name)):
            corpus = _builtin(name, level, options, _progress=progress)
    except seqgen.SeqgenError as e:
        bar.empty()
        st.error(S.err(e))
        return
    bar.empty()
    S.set_corpus(corpus, key)


def _level_choice(tr) -> str:
    return st.radio(
        tr("level"),
        ["char", "word"],
        format_func=lambda v: tr(f"level_{v}"),
        key="level",
        horizontal=True,
        help=tr("level_help"),
    )


def _music_options(tr, voices: bool = False, parts: list | None = None):
    """MusicOptions from the widgets: part (or voice), representation, transposition."""
    if voices:
        part = st.selectbox(
            tr("voice"), VOICES, format_func=lambda v: tr(f"voice_{v}"), key="voice"
        )
    else:
        choices = [None] + list(parts or [])
        part = st.selectbox(
            tr("part"),
            choices,
            format_func=lambda p: tr("part_auto") if p is None else p,
            key="part",
            help=tr("part_help"),
        )
    representation = st.radio(
        tr("representation"),
        ["melody", "chords"],
        format_func=lambda v: tr(f"repr_{v}"),
        key="representation",
        horizontal=True,
        help=tr("representation_help"),
    )
    transpose = st.radio(
        tr("transpose"),
        ["none", "c", "augment"],
        format_func=lambda v: tr(f"transpose_{v}"),
        key="transpose",
        help=tr("transpose_help"),
    )
    return seqgen.MusicOptions(part=part, representation=representation, transpose=transpose)


def _upload_choice(tr) -> None:
    files = st.file_uploader(
        tr("upload"),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key="upload",
        help=tr("upload_help", limit=S.upload_limit_mb()),
    )
    if not files:
        st.info(tr("upload_empty"))
        return
    named = [(f.name, f.getvalue()) for f in files]
    is_music = any(_ext(n) in MUSIC_EXTS for n, _ in named)
    if is_music:
        level, options = "music", _music_options(tr, parts=_part_names(named))
    else:
        level, options = _level_choice(tr), None
    digest = hashlib.sha256(b"".join(hashlib.sha256(d).digest() for _, d in named)).hexdigest()
    key = ("upload", tuple(n for n, _ in named), digest, level, options)
    if st.session_state.get("corpus_key") == key:
        return
    try:
        with st.spinner(tr("reading_files", n=len(named))):
            corpus = seqgen.load_files(named, level=level, music_options=options)
    except seqgen.SeqgenError as e:
        st.error(S.err(e))
        old = st.session_state.get("corpus")
        if old is not None:
            st.info(tr("corpus_kept", name=old.name))
        return
    S.set_corpus(corpus, key)


MUSIC_EXTS = {".mid", ".midi", ".musicxml", ".xml", ".mxl", ".abc", ".krn"}


def _ext(name: str) -> str:
    return "." + name.lower().rsplit(".", 1)[-1] if "." in name else ""


def _part_names(named) -> list[str]:
    """Part names of the first music file, for the part choice ([] if unreadable)."""
    for name, data in named:
        if _ext(name) in MUSIC_EXTS:
            try:
                return list(dict.fromkeys(p.name for p in seqgen.list_parts(name, data) if p.name))
            except seqgen.SeqgenError:
                return []
    return []
