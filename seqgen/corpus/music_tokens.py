"""Melody tokens <-> timed note events: `events_to_tokens(events)`, `parse_token("N60_1")`.

Token format (docs/CONTRACT.md), one token per note, rest or chord:
    "N60_1"        MIDI pitch 60 lasting 1 quarter note
    "R_1/2"        rest of an eighth note
    "C60.64.67_1"  chord, pitches ascending (only with the "chords" representation)
Durations are reduced fractions of a quarter note on a grid of 16ths and
triplets (multiples of 1/4 or 1/3). Anything starting with "<" is a special
token ("<eos>", "<unk>", "<pad>") and carries no sound.
"""

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise
from math import floor, lcm

from seqgen.errors import RenderError

DEFAULT_GRID = (4, 3)  # divisions of a quarter note: 16ths and eighth-note triplets
DEFAULT_MAX_QUARTERS = 8  # longer notes and rests are clipped, to keep the vocabulary small


@dataclass(frozen=True)
class Event:
    """A sounding note or chord in quarter notes from the start of the piece."""

    onset: float
    end: float
    pitches: tuple[int, ...]  # MIDI numbers, ascending


@dataclass(frozen=True)
class MusicToken:
    """A parsed token: kind "N" (note), "R" (rest) or "C" (chord)."""

    kind: str
    pitches: tuple[int, ...]
    duration: Fraction  # quarter notes


def is_special(token: str) -> bool:
    """True for tokens such as "<eos>" that are not notes, rests or chords."""
    return token.startswith("<")


def format_token(pitches: tuple[int, ...], duration: Fraction) -> str:
    """Build "R_d", "N60_d" or "C60.64_d" from pitches and a duration in quarters."""
    if not pitches:
        return f"R_{duration}"
    if len(pitches) == 1:
        return f"N{pitches[0]}_{duration}"
    return "C" + ".".join(str(p) for p in sorted(set(pitches))) + f"_{duration}"


def parse_token(token: str) -> MusicToken | None:
    """Parse "N60_1" / "R_1/2" / "C60.64.67_1"; None for special tokens like "<eos>".

    Raises RenderError for anything else, naming the token.
    """
    if is_special(token):
        return None
    try:
        head, dur_text = token.split("_")
        duration = Fraction(dur_text)
        kind, body = head[0], head[1:]
        if kind == "R" and body == "":
            pitches: tuple[int, ...] = ()
        elif kind == "N":
            pitches = (int(body),)
        elif kind == "C":
            pitches = tuple(int(p) for p in body.split("."))
        else:
            raise ValueError(kind)
    except (ValueError, IndexError, ZeroDivisionError):
        raise RenderError(
            f"'{token}' is not a music token (expected e.g. N60_1, R_1/2 or C60.64.67_1)"
        ) from None
    if duration <= 0 or any(not 0 <= p <= 127 for p in pitches):
        raise RenderError(f"'{token}' has a duration <= 0 or a pitch outside 0..127")
    return MusicToken(kind, pitches, duration)


def transpose_tokens(tokens: list[str], shift: int) -> list[str]:
    """Move every note and chord by `shift` semitones; rests and specials unchanged."""
    out = []
    for token in tokens:
        parsed = parse_token(token)
        if parsed is None or not parsed.pitches:
            out.append(token)
        else:
            pitches = tuple(p + shift for p in parsed.pitches)
            out.append(format_token(pitches, parsed.duration))
    return out


@lru_cache(maxsize=16)
def _duration_steps(grid: tuple[int, ...]) -> tuple[Fraction, ...]:
    """Allowed fractional parts of a duration, e.g. 0, 1/4, 1/3, 1/2, 2/3, 3/4, 1."""
    return tuple(sorted({Fraction(k, d) for d in grid for k in range(d + 1)}))


def quantise_duration(quarters: float, grid: tuple[int, ...] = DEFAULT_GRID) -> Fraction:
    """Nearest duration that is a multiple of 1/d for some d in `grid` (may be 0)."""
    whole = floor(quarters)
    rest = quarters - whole
    return whole + min(_duration_steps(grid), key=lambda step: abs(step - rest))


def _snap(quarters: float, lattice: int) -> Fraction:
    # Positions snap to 1/lcm(grid) so that any sum of token durations is exact.
    return Fraction(round(quarters * lattice), lattice)


def _group_onsets(events: list[Event], grid: tuple[int, ...]) -> list[tuple]:
    """Snap onsets/ends to the lattice; merge notes that start together.

    Returns (onset, {pitch: end}) sorted by onset.
    """
    lattice = lcm(*grid)
    groups: dict[Fraction, dict[int, Fraction]] = {}
    for ev in events:
        on, end = _snap(ev.onset, lattice), _snap(ev.end, lattice)
        if end <= on:
            continue  # grace notes and blips shorter than the grid vanish
        ends = groups.setdefault(on, {})
        for pitch in ev.pitches:
            ends[pitch] = max(ends.get(pitch, end), end)
    return [(on, groups[on]) for on in sorted(groups) if groups[on]]


def _skyline(groups: list[tuple]) -> list[list]:
    """Keep the highest pitch sounding at any time: the top line of a chordal part."""
    line: list[list] = []
    for on, ends in groups:
        top = max(ends)
        if line and line[-1][1] > on and line[-1][2][0] >= top:
            continue  # a higher note is still sounding over this one
        if line:
            line[-1][1] = min(line[-1][1], on)
        line.append([on, ends[top], (top,)])
    return line


def _chords(groups: list[tuple]) -> list[list]:
    """One chord per onset; a chord stops when the next one starts."""
    out = [[on, max(ends.values()), tuple(sorted(ends))] for on, ends in groups]
    for prev, nxt in pairwise(out):
        prev[1] = min(prev[1], nxt[0])
    return out


def events_to_tokens(
    events: list[Event],
    representation: str = "melody",
    grid: tuple[int, ...] = DEFAULT_GRID,
    max_quarters: int = DEFAULT_MAX_QUARTERS,
) -> list[str]:
    """Turn note events into tokens: skyline melody or chords, rests for gaps."""
    groups = _group_onsets(events, grid)
    line = _chords(groups) if representation == "chords" else _skyline(groups)
    tokens: list[str] = []
    pos = Fraction(0)
    cap = Fraction(max_quarters)
    for on, end, pitches in line:
        gap = quantise_duration(float(on - pos), grid)
        if gap > 0:
            tokens.append(format_token((), min(gap, cap)))
            pos += gap
        # The duration is measured from where the tokens have got to, so
        # rounding errors never pile up over a long piece.
        dur = min(quantise_duration(float(end - pos), grid), cap)
        if dur > 0:
            tokens.append(format_token(pitches, dur))
            pos += dur
    return tokens


def tokens_to_events(tokens: list[str]) -> list[Event]:
    """Lay tokens end to end in time; rests leave gaps, special tokens are skipped."""
    events, pos = [], Fraction(0)
    for token in tokens:
        parsed = parse_token(token)
        if parsed is None:
            continue
        if parsed.pitches:
            events.append(Event(float(pos), float(pos + parsed.duration), parsed.pitches))
        pos += parsed.duration
    return events
