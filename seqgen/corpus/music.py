"""Music files -> melody tokens: `read_music_files([("a.mid", data)], MusicOptions())`.

One piece per file (per tune for ABC files holding many). From each piece one
part is used: the one with the most notes unless `MusicOptions.part` says
otherwise. Drum parts never become melody; a chordal part is reduced to its top
line unless `representation="chords"`. Token format: see music_tokens.py.
"""

from dataclasses import dataclass

from seqgen.corpus.base import Corpus, join_messages
from seqgen.corpus.music_parse import (
    MUSIC_EXT,
    PartInfo,
    Piece,
    load_scores,
    part_events,
)
from seqgen.corpus.music_tokens import (
    DEFAULT_GRID,
    DEFAULT_MAX_QUARTERS,
    events_to_tokens,
    parse_token,
    tokens_to_events,
)
from seqgen.corpus.music_transpose import augment_pieces, to_c_shift, transpose_events
from seqgen.errors import ConfigError, CorpusError

__all__ = [
    "MusicOptions",
    "PartInfo",
    "list_parts",
    "melody_tokens",
    "parse_token",
    "piece_tokens",
    "read_music_files",
    "tokens_to_events",  # re-exported for render.py and musicstats.py
    "tokens_to_stream",
]

REPRESENTATIONS = ("melody", "chords")
TRANSPOSITIONS = ("none", "c", "augment")


@dataclass(frozen=True)
class MusicOptions:
    """How music files become tokens."""

    part: int | str | None = None  # None: the part with most notes; else index or name
    representation: str = "melody"  # "melody": top line | "chords": a chord is one token
    transpose: str = "none"  # "none" | "c": to C major / A minor | "augment": all 12 keys
    grid: tuple[int, ...] = DEFAULT_GRID  # divisions of a quarter: (4, 3) = 16ths + triplets
    max_quarters: int = DEFAULT_MAX_QUARTERS  # longer notes/rests are clipped to this

    def __post_init__(self):
        if isinstance(self.part, bool) or not isinstance(self.part, (int, str, type(None))):
            raise ConfigError(f"part must be None, an index or a name. part is {self.part!r}")
        if isinstance(self.part, int) and self.part < 0:
            raise ConfigError(f"part must be >= 0. part is {self.part}")
        if isinstance(self.part, str) and not self.part.strip():
            raise ConfigError("part must not be an empty name. part is ''")
        if self.representation not in REPRESENTATIONS:
            raise ConfigError(
                f"representation must be one of {REPRESENTATIONS}. "
                f"representation is {self.representation!r}"
            )
        if self.transpose not in TRANSPOSITIONS:
            raise ConfigError(
                f"transpose must be one of {TRANSPOSITIONS}. transpose is {self.transpose!r}"
            )
        grid = self.grid
        if not isinstance(grid, (tuple, list)) or not grid:
            raise ConfigError(f"grid must be a non-empty tuple like (4, 3). grid is {grid!r}")
        if any(isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= 12 for d in grid):
            raise ConfigError(f"grid divisions must be integers in 1..12. grid is {grid!r}")
        object.__setattr__(self, "grid", tuple(grid))  # a list would make it unhashable
        if not isinstance(self.max_quarters, int) or not 1 <= self.max_quarters <= 32:
            raise ConfigError(f"max_quarters must be in 1..32. max_quarters is {self.max_quarters}")


def list_parts(name: str, data: bytes) -> list[PartInfo]:
    """Parts of a music file (of its first tune for ABC), for the user to pick one.

    Raises CorpusError when the file cannot be read.
    """
    pieces = load_scores(name, data)
    return list(pieces[0].parts) if pieces else []


def _pick_part(piece: Piece, wanted: int | str | None) -> int:
    """Index of the part to use, or CorpusError saying why there is none."""
    if piece.unreadable:
        raise CorpusError(
            f"{piece.name}: the notation of this tune could not be read. Check it in a music "
            "program (for ABC: an online ABC checker), fix it, and upload it again."
        )
    pitched = [p for p in piece.parts if not p.is_drum and p.notes > 0]
    if wanted is None:
        if not pitched and any(p.is_drum for p in piece.parts):
            raise CorpusError(
                f"{piece.name}: drums only; drums have no melody to learn. Choose a file "
                "with a melody or chord part."
            )
        if not pitched:
            raise _no_notes(piece.name)
        return max(pitched, key=lambda p: p.notes).index  # max keeps the first of equals
    names = ", ".join(f"{p.index}: {p.name}" for p in piece.parts)
    if isinstance(wanted, int):
        matches = [p for p in piece.parts if p.index == wanted]
    else:
        key = wanted.strip().lower()
        matches = [p for p in piece.parts if p.name.lower() == key]
        matches = matches or [p for p in piece.parts if key in p.name.lower()]
    matches = matches or _voice_by_register(piece, wanted)
    if not matches:
        raise CorpusError(
            f"{piece.name}: there is no part {wanted!r} (parts are {names}). Choose one of them."
        )
    if matches[0].is_drum:
        raise CorpusError(
            f"{piece.name}: part {wanted!r} is a drum part, which has no melody. "
            "Choose another part."
        )
    return matches[0].index


def _voice_by_register(piece: Piece, wanted: int | str) -> list[PartInfo]:
    """Unnamed SATB parts (e.g. Humdrum): "soprano" is the highest part, "bass" the lowest."""
    voices = ("soprano", "alto", "tenor", "bass")
    pitched = [p for p in piece.parts if not p.is_drum and p.notes > 0]
    if not isinstance(wanted, str) or wanted.lower() not in voices or len(pitched) != 4:
        return []

    def mean_pitch(info: PartInfo) -> float:
        pitches = [p for ev in piece.events[info.index] for p in ev.pitches]
        return sum(pitches) / len(pitches)

    by_height = sorted(pitched, key=mean_pitch, reverse=True)
    return [by_height[voices.index(wanted.lower())]]


def piece_tokens(piece: Piece, options: MusicOptions) -> list[str]:
    """Tokens of one piece's chosen part; CorpusError naming the piece if none."""
    events = list(piece.events[_pick_part(piece, options.part)])
    if options.transpose == "c":
        pitched = [e for evs in piece.events for e in evs]  # key from all parts
        events = transpose_events(events, to_c_shift(pitched))
    tokens = events_to_tokens(events, options.representation, options.grid, options.max_quarters)
    if not any(t[0] in "NC" for t in tokens):
        raise _no_notes(piece.name)
    return tokens


def _no_notes(name: str) -> CorpusError:
    return CorpusError(
        f"{name}: no notes were found. Check the file in a music program (an ABC tune needs "
        "an X: line, a K: line and notes after them), or choose another file."
    )


def _file_pieces(name: str, data: bytes, options: MusicOptions, notes: list[str]) -> list:
    """(label, tokens) for each usable piece of a file; skipped tunes go to notes."""
    out, reasons = [], []
    for piece in load_scores(name, data):
        try:
            out.append((piece.name, piece_tokens(piece, options)))
        except CorpusError as exc:
            reasons.append(str(exc))
    if not out:
        if len(reasons) == 1:
            raise CorpusError(reasons[0])
        raise CorpusError(f"{name}: none of its tunes can be used: {join_messages(reasons[:3])}")
    notes.extend(f"skipped {r}" for r in reasons)
    return out


def _expand_archives(files: list, notes: list[str], failures: list[str]) -> list:
    """Replace .zip inputs by the music files inside them; bad zips go to failures."""
    out = []
    for name, data in files:
        if not name.lower().endswith(".zip"):
            out.append((name, data))
            continue
        # HOOK: seqgen/corpus/archive.py (owned by another engineer) unzips safely.
        try:
            from seqgen.corpus.archive import extract_zip
        except ImportError:
            notes.append(f"skipped {name}: zip archives cannot be read in this version")
            continue
        try:
            inner, skipped = extract_zip(name, data, MUSIC_EXT)
        except CorpusError as exc:
            failures.append(str(exc))
            continue
        out.extend(inner)
        notes.extend(skipped)
    return out


def read_music_files(files: list[tuple[str, bytes]], options: MusicOptions) -> Corpus:
    """Read uploaded music files into a Corpus of token pieces.

    Every unusable file is named in Corpus.notes with the reason; if none is
    usable, CorpusError names each file and its reason.
    """
    notes: list[str] = []
    pieces, labels, failures = [], [], []
    for name, data in _expand_archives(files, notes, failures):
        try:
            for label, tokens in _file_pieces(name, data, options, notes):
                labels.append(label)
                pieces.append(tokens)
        except CorpusError as exc:
            failures.append(str(exc))
    notes.extend(f"skipped {f}" for f in failures)
    if not pieces:
        if not failures:
            raise CorpusError("No music files were given. Upload .mid, .musicxml or .abc files.")
        raise CorpusError(f"No usable music in the upload: {join_messages(failures)}")
    origins: list[int] = []  # filled only by augmentation
    if options.transpose == "augment":
        pieces, labels, origins = augment_pieces(pieces, labels)
        notes.append("each piece also transposed to every key that stays within the range")
    names = [n for n, _ in files]
    title = names[0] if len(names) == 1 else f"{names[0]} + {len(names) - 1} more"
    return Corpus(
        name=title,
        kind="music",
        level="music",
        pieces=tuple(tuple(p) for p in pieces),
        notes=tuple(notes),
        piece_names=tuple(labels),
        origins=tuple(origins),
    )


def melody_tokens(stream, representation: str = "melody", grid=DEFAULT_GRID) -> list[str]:
    """Tokens of a music21 stream: the top line of all its pitched notes (or chords)."""
    events, _, _ = part_events(stream)
    return events_to_tokens(list(events), representation, tuple(grid))


def tokens_to_stream(tokens: list[str]):
    """A music21 Part with one note, rest or chord per token; "<...>" tokens skipped.

    Raises RenderError for malformed tokens.
    """
    from music21 import chord, note, stream

    part = stream.Part()
    for token in tokens:
        parsed = parse_token(token)
        if parsed is None:
            continue
        if parsed.kind == "R":
            el = note.Rest(quarterLength=parsed.duration)
        elif parsed.kind == "N":
            el = note.Note(parsed.pitches[0], quarterLength=parsed.duration)
        else:
            el = chord.Chord(list(parsed.pitches), quarterLength=parsed.duration)
        part.append(el)
    return part
