"""Show a melody: `art = render_music(tokens, title); show_music(art, "gen")`.

Rendering (FluidSynth audio, verovio score, MIDI, MusicXML) takes a second or
two, so it happens once and the results are kept; showing them is instant.
Each output that fails is replaced by its error message, never a traceback.
"""

from __future__ import annotations

import os

import streamlit as st

import seqgen
from seqgen.ui.state import err, tr


def score_svg(musicxml: bytes, width: int = 2100) -> str:
    """seqgen.to_score_svg, with verovio's resource path set explicitly.

    `verovio.toolkit()` finds its fonts only in the first thread that uses it;
    Streamlit runs every script run in a new thread, so later scores failed with
    "Bravura font could not be loaded". Remove once render.py does the same."""
    import verovio

    xml = musicxml.decode("utf-8")
    tk = verovio.toolkit(False)
    tk.setResourcePath(os.path.join(os.path.dirname(verovio.__file__), "data"))
    tk.setOptions({"pageWidth": width, "adjustPageHeight": True, "scale": 40, "footer": "none"})
    if not tk.loadData(xml):
        raise seqgen.RenderError("verovio could not read the MusicXML of this melody.")
    svg = tk.renderToSVG(1)
    if "<svg" not in svg:
        raise seqgen.RenderError("verovio produced no picture for this melody.")
    return on_paper(svg)


def on_paper(svg: str) -> str:
    """The score on a white sheet: black notes on the dark theme's background vanish."""
    start = svg.find("<svg")
    end = svg.find(">", start)
    if start < 0 or end < 0:
        return svg
    sheet = '<rect x="0" y="0" width="100%" height="100%" fill="white"/>'
    return svg[: end + 1] + sheet + svg[end + 1 :]


def render_music(tokens, title: str = "", instrument: int = 0, tempo: float = 100) -> dict:
    """Audio, score, piano roll, MIDI and MusicXML of `tokens` (errors listed, not raised)."""
    tokens = list(tokens)
    art: dict = {"tokens": tokens, "title": title, "errors": []}
    steps = {
        "wav": lambda: seqgen.to_wav_bytes(tokens, instrument, tempo),
        "musicxml": lambda: seqgen.to_musicxml_bytes(tokens, title),
        "svg": lambda: score_svg(art["musicxml"]) if "musicxml" in art else None,
        "chart": lambda: seqgen.piano_roll_chart(tokens),
        "midi": lambda: seqgen.to_midi_bytes(tokens, instrument, tempo),
    }
    for name, make in steps.items():
        try:
            value = make()
        except seqgen.SeqgenError as e:
            if str(e) not in art["errors"]:
                art["errors"].append(str(e))
        else:
            if value is not None:
                art[name] = value
    if "wav" in art:
        art["wav"], art["wav_note"] = art["wav"]
    return art


def show_music(art: dict, key: str, compact: bool = False, downloads: bool = True) -> None:
    """Audio player, score, piano roll and downloads of a rendered melody."""
    for message in art["errors"]:
        st.error(err(message))
    if "wav" in art:
        st.audio(art["wav"], format="audio/wav")
        if "FluidSynth is not" in art.get("wav_note", ""):
            st.warning(art["wav_note"])
    if "chart" in art:
        st.altair_chart(art["chart"], width="stretch")
    if "svg" in art:
        if compact:
            with st.expander(tr("score")):
                st.image(art["svg"], width="stretch")
        else:
            st.image(art["svg"], caption=tr("score"), width="stretch")
    if downloads:
        _downloads(art, key)


def _downloads(art: dict, key: str) -> None:
    name = (art.get("title") or "melody").replace(" ", "-")[:40]
    files = [
        ("midi", "download_midi", f"{name}.mid", "audio/midi"),
        (
            "musicxml",
            "download_musicxml",
            f"{name}.musicxml",
            "application/vnd.recordare.musicxml+xml",
        ),
        ("wav", "download_wav", f"{name}.wav", "audio/wav"),
    ]
    cols = st.columns(len(files))
    for col, (field, label, file_name, mime) in zip(cols, files):
        if field in art:
            col.download_button(
                tr(label), art[field], file_name, mime, key=f"{key}_dl_{field}", on_click="ignore"
            )


def stats_table(stats: dict, corpus_stats: dict | None = None) -> list[dict]:
    """Rows of musical statistics for st.table (this melody, and the corpus if given)."""
    rows = []
    for field, label, fmt in (
        ("notes", "stat_notes", "{:d}"),
        ("rests", "stat_rests", "{:d}"),
        ("key", "stat_key", "{}"),
        ("in_key_share", "stat_in_key", "{:.0%}"),
        ("range_semitones", "stat_range", "{:d}"),
        ("notes_per_quarter", "stat_density", "{:.2f}"),
        ("repetition_rate", "stat_repetition", "{:.0%}"),
        ("pitch_class_distance", "stat_pc_distance", "{:.2f}"),
        ("longest_copied_run", "stat_copied_run", "{:d}"),
        ("copied_share_16", "stat_copied_share", "{:.0%}"),
    ):
        if field in stats:
            row = {tr("stat_name"): tr(label), tr("stat_melody"): _fmt(fmt, stats[field])}
            if corpus_stats is not None:
                value = corpus_stats.get(field)
                row[tr("stat_corpus")] = "" if value is None else _fmt(fmt, value)
            rows.append(row)
    return rows


def _fmt(fmt: str, value) -> str:
    try:
        return fmt.format(value)
    except (ValueError, TypeError):
        return str(value)
