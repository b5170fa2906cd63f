"""Key finding and transposition: `transpose_events(events, to_c_shift(events))`.

The key is estimated with the Krumhansl-Schmuckler method: correlate the piece's
duration-weighted pitch-class histogram with the Krumhansl-Kessler major and
minor profiles in all 12 rotations. Major keys go to C, minor keys to A minor,
so every piece shares one scale and the network sees fewer distinct patterns.
"""

from dataclasses import replace

import numpy as np

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


def _pitch_range(tokens: list[str]) -> tuple[int, int]:
    pitches = [p for t in tokens if (m := parse_token(t)) for p in m.pitches]
    return min(pitches), max(pitches)


def augment_pieces(pieces: list[list[str]], labels: list[str]) -> tuple[list, list]:
    """Each piece in every key of AUGMENT_SHIFTS that keeps it within the corpus range.

    The range is the lowest and highest pitch of the original pieces, so
    augmentation never asks the network for notes the corpus never had.
    """
    ranges = [_pitch_range(p) for p in pieces]
    low, high = min(r[0] for r in ranges), max(r[1] for r in ranges)
    out_pieces, out_labels = [], []
    for tokens, label, (lo, hi) in zip(pieces, labels, ranges):
        for shift in AUGMENT_SHIFTS:
            if shift == 0 or (lo + shift >= low and hi + shift <= high):
                out_pieces.append(tokens if shift == 0 else transpose_tokens(tokens, shift))
                out_labels.append(label if shift == 0 else f"{label} ({shift:+d})")
    return out_pieces, out_labels
