"""Parts and note events from music files: `load_scores(name, data)` -> list of `Piece`.

MIDI goes through pretty_midi (tracks, channels, drums, tempo maps); MusicXML,
MXL, ABC and Humdrum go through music21. Either way each part becomes a list of
`Event`s timed in quarter notes, so tempo changes do not change the tokens.
"""

import io
import os
import tempfile
import warnings
from dataclasses import dataclass

from seqgen.corpus.base import check_size
from seqgen.corpus.music_tokens import Event
from seqgen.errors import CorpusError

MIDI_EXT = {".mid", ".midi"}
SCORE_FORMATS = {".musicxml": "musicxml", ".xml": "musicxml", ".mxl": "musicxml"}
SCORE_FORMATS |= {".abc": "abc", ".krn": "humdrum"}
FORMAT_NAMES = {"musicxml": "MusicXML", "abc": "ABC", "humdrum": "Humdrum"}
MUSIC_EXT = MIDI_EXT | set(SCORE_FORMATS)


@dataclass(frozen=True)
class PartInfo:
    """One part (track) of a piece, as offered to the user to choose from."""

    index: int
    name: str  # part name, or the General MIDI instrument for unnamed tracks
    instrument: str
    notes: int  # note onsets (a chord counts once)
    is_drum: bool


@dataclass(frozen=True)
class Piece:
    """One piece of music: its parts as infos plus their events."""

    name: str
    parts: tuple[PartInfo, ...]
    events: tuple[tuple[Event, ...], ...]  # events[i] belongs to parts[i]
    unreadable: bool = False  # music21 could not turn this tune into notes


def extension(name: str) -> str:
    """Lower-case file extension with its dot: "Song.MID" -> ".mid"."""
    return os.path.splitext(name)[1].lower()


def load_scores(name: str, data: bytes) -> list[Piece]:
    """Read one file into pieces (an ABC file may hold many tunes).

    Raises CorpusError naming the file when it is empty or cannot be read.
    """
    ext = extension(name)
    if ext not in MUSIC_EXT:
        raise CorpusError(
            f"{name}: not a music file. Use one of these types: {', '.join(sorted(MUSIC_EXT))}."
        )
    check_size(name, len(data))
    if not data.strip():
        raise CorpusError(f"{name}: the file is empty. Choose a file that contains music.")
    if ext in MIDI_EXT:
        return [_midi_piece(name, data)]
    return [_safe_score_piece(score, label) for score, label in _parse_music21(name, data, ext)]


def _midi_piece(name: str, data: bytes) -> Piece:
    import pretty_midi

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tempo events on odd tracks etc.
            pm = pretty_midi.PrettyMIDI(io.BytesIO(data))
    except Exception:  # noqa: BLE001 pretty_midi/mido raise many kinds on bad bytes
        raise CorpusError(
            f"{name}: not a readable MIDI file (it is damaged, cut short or not MIDI at all). "
            "Export it again from your music program, or choose another file."
        ) from None

    def quarters(seconds: float) -> float:
        # Ticks do not depend on tempo, so tempo changes leave note values intact.
        return pm.time_to_tick(seconds) / pm.resolution

    infos, events = [], []
    for i, inst in enumerate(pm.instruments):
        gm = "Drums" if inst.is_drum else pretty_midi.program_to_instrument_name(inst.program)
        evs = tuple(
            Event(quarters(n.start), quarters(n.end), (n.pitch,))
            for n in sorted(inst.notes, key=lambda n: (n.start, -n.pitch))
        )
        onsets = len({round(e.onset, 3) for e in evs})
        infos.append(PartInfo(i, inst.name.strip() or gm, gm, onsets, inst.is_drum))
        events.append(() if inst.is_drum else evs)
    return Piece(name, tuple(infos), tuple(events))


def _parse_music21(name: str, data: bytes, ext: str) -> list[tuple]:
    """Parse with music21 from a temporary file (MXL is a zip and needs a path)."""
    from music21 import converter, stream

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "upload" + ext)
        if ext == ".abc" and b"%abc-" not in data:
            # Without a version line music21 assumes ABC 1.3, where an accidental
            # does not carry through the bar; ABC 2.1 and players say it does.
            data = b"%abc-2.1\n" + data
        with open(path, "wb") as f:
            f.write(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parsed = converter.parse(path, format=SCORE_FORMATS[ext], forceSource=True)
        except Exception:  # noqa: BLE001 music21 raises many kinds on bad input
            fmt = FORMAT_NAMES[SCORE_FORMATS[ext]]
            raise CorpusError(
                f"{name}: could not be read as {fmt}; the file is damaged or its notation has "
                "errors. Open it in a music program to check it, or choose another file."
            ) from None
    if isinstance(parsed, stream.Opus):
        return [(s, _tune_label(name, s, i)) for i, s in enumerate(parsed.scores)]
    return [(parsed, name)]


def _tune_label(name: str, score, i: int) -> str:
    meta = score.metadata
    title = (meta.title if meta else None) or ""
    number = (meta.number if meta else None) or i + 1
    return f"{name} #{number} {title}".strip()


def _safe_score_piece(score, label: str) -> Piece:
    """One tune that music21 cannot handle must not lose the rest of the file."""
    try:
        return _score_piece(score, label)
    except Exception:  # noqa: BLE001 music21 objects raise many kinds
        return Piece(label, (), (), unreadable=True)


def _score_piece(score, label: str) -> Piece:
    parts = list(score.parts) if score.hasPartLikeStreams() else [score]
    infos, events = [], []
    for i, part in enumerate(parts):
        evs, drum, hits = part_events(part)
        inst = part.getInstrument(returnDefault=True)
        inst_name = (inst.instrumentName or "") if inst else ""
        name = (part.partName or inst_name or f"Part {i + 1}").strip()
        count = hits if drum else len({e.onset for e in evs})
        infos.append(PartInfo(i, name, inst_name, count, drum))
        events.append(() if drum else evs)
    return Piece(label, tuple(infos), tuple(events))


def part_events(part) -> tuple[tuple[Event, ...], bool, int]:
    """Pitched events of a music21 stream (ties merged), whether it is drums, hit count."""
    from music21 import chord, harmony, instrument, note

    inst = part.getInstrument(returnDefault=False)
    drum = isinstance(inst, instrument.UnpitchedPercussion)
    events: list[Event] = []
    open_ties: dict[tuple, int] = {}  # pitches -> index of the event a tie continues
    unpitched = 0
    for el in part.flatten().notes:
        if isinstance(el, harmony.Harmony) or el.duration.isGrace:
            continue  # chord symbols are labels, grace notes have no time of their own
        if isinstance(el, note.Note):
            pitches = (el.pitch.midi,)
        elif isinstance(el, chord.Chord):  # PercussionChord is not a Chord subclass
            pitches = tuple(sorted({p.midi for p in el.pitches}))
        else:
            unpitched += 1
            continue
        onset, tie = float(el.offset), el.tie.type if el.tie else None
        end = onset + float(el.quarterLength)
        # Merging ties here is ~10x faster than music21's stripTies().
        i = open_ties.pop(pitches, None) if tie in ("stop", "continue") else None
        if i is not None and abs(events[i].end - onset) < 1e-6:
            events[i] = Event(events[i].onset, end, pitches)
        else:
            i = len(events)
            events.append(Event(onset, end, pitches))
        if tie in ("start", "continue"):
            open_ties[pitches] = i
    drum = drum or (unpitched > 0 and not events)
    return (() if drum else tuple(events)), drum, unpitched
