"""Tokens -> MIDI, WAV, MusicXML, score SVG, piano roll: `wav, note = to_wav_bytes(tokens)`.

Every output is made from the same melody: tokens are laid end to end in
quarter notes (seqgen.corpus.music_tokens), then played at `tempo` beats per
minute with a General MIDI `instrument` (program number 0..127).
"""

import io
import os
import wave

import numpy as np

from seqgen.corpus.music import tokens_to_events, tokens_to_stream
from seqgen.errors import RenderError

# (General MIDI program, name) choices offered in the app.
GM_INSTRUMENTS = (
    (0, "Piano"),
    (6, "Harpsichord"),
    (11, "Vibraphone"),
    (19, "Church organ"),
    (24, "Nylon guitar"),
    (40, "Violin"),
    (42, "Cello"),
    (46, "Harp"),
    (52, "Choir"),
    (56, "Trumpet"),
    (68, "Oboe"),
    (71, "Clarinet"),
    (73, "Flute"),
    (75, "Pan flute"),
)
VELOCITY = 90


def _check(instrument: int, tempo: float) -> None:
    if not isinstance(instrument, int) or not 0 <= instrument <= 127:
        raise RenderError(f"instrument must be a General MIDI program 0..127. It is {instrument!r}")
    if not 20 <= tempo <= 400:
        raise RenderError(f"tempo must be 20..400 beats per minute. It is {tempo!r}")


def to_pretty_midi(tokens: list[str], instrument: int = 0, tempo: float = 100):
    """A pretty_midi.PrettyMIDI of the tokens; RenderError if there is no note."""
    import pretty_midi

    _check(instrument, tempo)
    events = tokens_to_events(tokens)
    if not events:
        raise RenderError("Nothing to play: the tokens contain no notes.")
    pm = pretty_midi.PrettyMIDI(initial_tempo=float(tempo))
    inst = pretty_midi.Instrument(program=instrument)
    seconds = 60.0 / tempo  # per quarter note
    for ev in events:
        for pitch in ev.pitches:
            inst.notes.append(
                pretty_midi.Note(VELOCITY, pitch, ev.onset * seconds, ev.end * seconds)
            )
    pm.instruments.append(inst)
    return pm


def to_midi_bytes(tokens: list[str], instrument: int = 0, tempo: float = 100) -> bytes:
    """A Standard MIDI File of the tokens."""
    buf = io.BytesIO()
    to_pretty_midi(tokens, instrument, tempo).write(buf)
    return buf.getvalue()


def _synthesise(pm, sample_rate: int) -> tuple[np.ndarray, str]:
    """Audio from FluidSynth with pretty_midi's soundfont, else sine waves."""
    try:
        import fluidsynth  # noqa: F401  (pyfluidsynth; needs libfluidsynth3)

        audio = pm.fluidsynth(fs=sample_rate)  # default: pretty_midi's own TimGM6mb.sf2
        return audio, "Played by FluidSynth with the TimGM6mb General MIDI soundfont."
    except (ImportError, OSError, AttributeError) as exc:
        note = (
            "FluidSynth is not available here "
            f"({type(exc).__name__}), so the melody is played with plain sine waves."
        )
        return pm.synthesize(fs=sample_rate), note


def to_wav_bytes(
    tokens: list[str], instrument: int = 0, tempo: float = 100, sample_rate: int = 22050
) -> tuple[bytes, str]:
    """16-bit mono WAV of the tokens and a note on how it was synthesised.

    Raises RenderError rather than return silent or NaN audio.
    """
    if not 8000 <= sample_rate <= 96000:
        raise RenderError(f"sample_rate must be 8000..96000. It is {sample_rate!r}")
    audio, note = _synthesise(to_pretty_midi(tokens, instrument, tempo), sample_rate)
    audio = np.asarray(audio, dtype=np.float64)
    if audio.size == 0 or not np.isfinite(audio).all():
        raise RenderError("The synthesiser produced no usable audio (empty or NaN).")
    peak = np.abs(audio).max()
    if peak < 1e-4:
        raise RenderError("The synthesiser produced silence; try another instrument.")
    pcm = (audio / peak * 0.9 * 32767).astype("<i2")  # normalise, leave headroom
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm.tobytes())
    return buf.getvalue(), note


def _score(tokens: list[str], title: str = ""):
    from music21 import metadata, stream

    part = tokens_to_stream(tokens)
    if not part.notes:
        raise RenderError("Nothing to show: the tokens contain no notes.")
    score = stream.Score([part])
    score.metadata = metadata.Metadata(title=title or "Generated melody")
    return score


def to_musicxml_bytes(tokens: list[str], title: str = "") -> bytes:
    """MusicXML (uncompressed) of the tokens, with measures and ties made by music21."""
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    try:
        return GeneralObjectExporter(_score(tokens, title)).parse()
    except RenderError:
        raise
    except Exception as exc:  # noqa: BLE001 music21 notation errors have many types
        raise RenderError(f"Could not write the melody as MusicXML ({exc}).") from None


def to_score_svg(tokens: list[str], title: str = "", width: int = 2100) -> str:
    """The first page of the score as SVG, engraved by verovio from MusicXML."""
    import verovio

    xml = to_musicxml_bytes(tokens, title).decode("utf-8")
    # toolkit() finds its fonts only in the first thread that uses it, and
    # Streamlit runs each script run in a new thread: give the path every time.
    tk = verovio.toolkit(False)
    tk.setResourcePath(os.path.join(os.path.dirname(verovio.__file__), "data"))
    tk.setOptions({"pageWidth": width, "adjustPageHeight": True, "scale": 40, "footer": "none"})
    if not tk.loadData(xml):
        raise RenderError("verovio could not read the MusicXML of this melody.")
    svg = tk.renderToSVG(1)
    if "<svg" not in svg:
        raise RenderError("verovio produced no picture for this melody.")
    return svg


def piano_roll_chart(tokens: list[str], title: str = ""):
    """An Altair chart: one bar per note, time in quarter notes across, pitch up."""
    import altair as alt
    import pandas as pd
    from music21 import pitch as m21pitch

    rows = [
        {
            "start": ev.onset,
            "end": ev.end,
            "pitch": p,
            "note": m21pitch.Pitch(midi=p).nameWithOctave,
        }
        for ev in tokens_to_events(tokens)
        for p in ev.pitches
    ]
    if not rows:
        raise RenderError("Nothing to draw: the tokens contain no notes.")
    data = pd.DataFrame(rows)
    data["low"], data["high"] = data.pitch - 0.4, data.pitch + 0.4  # a bar per semitone
    return (
        alt.Chart(data, title=title or "")
        .mark_rect()
        .encode(
            x=alt.X("start:Q", title="time (quarter notes)"),
            x2="end:Q",
            y=alt.Y("low:Q", title="pitch (MIDI)", scale=alt.Scale(zero=False)),
            y2="high:Q",
            tooltip=["note", "pitch", "start", "end"],
        )
        .properties(height=240)
    )
