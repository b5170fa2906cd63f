"""Key finding and transposition: `transpose_events(events, to_c_shift(events))`.

`augment_corpus(corpus)` adds every piece in the other keys within the corpus range.

The key is estimated with the Krumhansl-Schmuckler method: correlate the piece's
duration-weighted pitch-class histogram with the Krumhansl-Kessler major and
minor profiles in all 12 rotations. Major keys go to C, minor keys to A minor,
so every piece shares one scale and the network sees fewer distinct patterns.
"""

from dataclasses import replace

import numpy as np

from seqgen.corpus.base import Corpus
from seqgen.corpus.music_tokens import Event, parse_token, transpose_tokens

# Krumhansl & Kessler (1982) probe-tone ratings, index 0 = the tonic.
MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])
AUGMENT_SHIFTS = (0, *range(-5, 0), *range(1, 7))  # 12 keys, the original first


def estimate_key(events: list[Event]) -> tuple[int, str]:
    """(tonic pitch class 0..11, "major" | "minor") of the events."""
    hist = np.zeros(12)
    for ev in events:
        for p in ev.pitches:
            hist[p % 12] += max(ev.end - ev.onset, 1e-3)
    if not hist.any():
        return 0, "major"
    best = max(
        (np.corrcoef(hist, np.roll(profile, tonic))[0, 1], tonic, mode)
        for mode, profile in (("major", MAJOR_PROFILE), ("minor", MINOR_PROFILE))
        for tonic in range(12)
    )
    return best[1], best[2]


def to_c_shift(events: list[Event]) -> int:
    """Semitones (-5..6) that move the events' key to C major or A minor."""
    tonic, mode = estimate_key(events)
    target = 0 if mode == "major" else 9
    return (target - tonic + 5) % 12 - 5


def transpose_events(events: list[Event], shift: int) -> list[Event]:
    """Events moved by `shift` semitones, by octaves back into 0..127 if needed."""
    pitches = [p for ev in events for p in ev.pitches]
    if pitches:
        while max(pitches) + shift > 127:
            shift -= 12
        while min(pitches) + shift < 0:
            shift += 12
    return [replace(ev, pitches=tuple(p + shift for p in ev.pitches)) for ev in events]


def _pitch_range(tokens: list[str]) -> tuple[int, int] | None:
    pitches = [p for t in tokens if (m := parse_token(t)) for p in m.pitches]
    return (min(pitches), max(pitches)) if pitches else None


def augment_pieces(pieces: list[list[str]], labels: list[str]) -> tuple[list, list, list]:
    """Each piece in every key of AUGMENT_SHIFTS that keeps it within the corpus range.

    Returns (pieces, labels, origins): the original of each piece comes first,
    its copies follow, and origins[i] is the index of the piece copy i was made
    from (the held-out split keeps a piece and its copies on one side). The
    range is the lowest and highest pitch of the original pieces, so
    augmentation never asks the network for notes the corpus never had.
    """
    ranges = [_pitch_range(p) for p in pieces]
    pitched = [r for r in ranges if r]
    low, high = min(r[0] for r in pitched), max(r[1] for r in pitched)
    out_pieces, out_labels, origins = [], [], []
    for i, (tokens, label, span) in enumerate(zip(pieces, labels, ranges)):
        for shift in AUGMENT_SHIFTS if span else (0,):
            if shift == 0 or (span[0] + shift >= low and span[1] + shift <= high):
                out_pieces.append(tokens if shift == 0 else transpose_tokens(tokens, shift))
                out_labels.append(label if shift == 0 else f"{label} ({shift:+d})")
                origins.append(i)
    return out_pieces, out_labels, origins


def augment_corpus(corpus: Corpus) -> Corpus:
    """The corpus with every piece also in the other keys (origins filled in)."""
    if corpus.origins or not any(_pitch_range(p) for p in corpus.pieces):
        return corpus  # already augmented, or nothing to transpose
    labels = corpus.piece_names or tuple(f"#{i + 1}" for i in range(len(corpus.pieces)))
    pieces, labels, origins = augment_pieces(list(corpus.pieces), list(labels))
    note = "each piece also transposed to every key that stays within the range"
    return replace(
        corpus,
        pieces=tuple(tuple(p) for p in pieces),
        piece_names=tuple(labels),
        origins=tuple(origins),
        notes=(*corpus.notes, note),
    )


def _shape(tokens) -> tuple:
    """The melody without its key: (interval from the last note or "R", duration) per token."""
    out, last = [], None
    for token in tokens:
        parsed = parse_token(token)
        if parsed is None:
            continue
        if parsed.pitches:
            top = max(parsed.pitches)
            out.append((top - last if last is not None else None, parsed.duration))
            last = top
        else:
            out.append(("R", parsed.duration))
    return tuple(out)


def same_tune_groups(pieces, n: int = 8, share: float = 0.5) -> list[int]:
    """A group number per piece: pieces that share a tune in any key get the same one.

    Two pieces share a tune when more than `share` of the key-free n-grams of
    the shorter one occur in the other (Bach set many chorale tunes more than
    once, often in another key). Holding out such a piece while training on its
    twin, or on the twin transposed into its key, would measure memory.
    """
    grams = []
    for tokens in pieces:
        shape = _shape(tokens)
        grams.append({shape[i : i + n] for i in range(len(shape) - n + 1)})
    group = list(range(len(pieces)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for i, a in enumerate(grams):
        for j in range(i):
            b = grams[j]
            if a and b and len(a & b) > share * min(len(a), len(b)):
                group[root(i)] = root(j)
    return [root(i) for i in range(len(pieces))]
