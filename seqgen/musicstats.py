"""How a generated melody compares with its corpus: `melody_stats(tokens, corpus.pieces)`.

Besides pitch and rhythm statistics this measures copying: the longest run of
tokens that appears verbatim in one training piece, and the share of notes that
sit in copied runs of at least 16 tokens. An LSTM that has memorised its corpus
scores high on both; one that learnt the style scores low. The window hashing
is seqgen.repetition's, shared with the text side.
"""

from collections import Counter

import numpy as np

from seqgen.corpus.music import parse_token, tokens_to_stream
from seqgen.repetition import CorpusIndex, longest_copied_run, repeat_share

__all__ = ["copied_share", "longest_copied_run", "melody_stats", "pitch_class_histogram"]


def _music(tokens: list[str]) -> list:
    """Parsed notes, rests and chords; special tokens such as "<eos>" dropped."""
    return [m for m in (parse_token(t) for t in tokens) if m is not None]


def pitch_class_histogram(tokens: list[str]) -> list[float]:
    """Share of each pitch class C, C#, ..., B among the sounding pitches."""
    counts = np.zeros(12)
    for token, n in Counter(tokens).items():  # parse each distinct token once
        m = parse_token(token)
        for p in m.pitches if m else ():
            counts[p % 12] += n
    total = counts.sum()
    return (counts / total).tolist() if total else counts.tolist()


def _key_stats(tokens: list[str]) -> tuple[str, float]:
    """music21's key estimate and the share of pitches that belong to its scale."""
    key = tokens_to_stream(tokens).analyze("key")
    scale = {p.pitchClass for p in key.getScale().getPitches()}
    pitches = [p for m in _music(tokens) for p in m.pitches]
    return f"{key.tonic.name} {key.mode}", sum(p % 12 in scale for p in pitches) / len(pitches)


def copied_share(tokens: list[str], corpus_pieces, min_run: int = 16) -> float:
    """Share of notes (and chords) inside runs of >= min_run tokens copied from the corpus.

    corpus_pieces: token sequences, or a seqgen.repetition.CorpusIndex built from them.
    """
    is_note = np.array([not t.startswith(("<", "R")) for t in tokens], dtype=bool)
    if not is_note.any() or len(tokens) < min_run:
        return 0.0
    index = corpus_pieces if isinstance(corpus_pieces, CorpusIndex) else CorpusIndex(corpus_pieces)
    covered = np.zeros(len(tokens), dtype=bool)
    for start in np.flatnonzero(index.found(tokens, min_run)):
        covered[start : start + min_run] = True
    return float((covered & is_note).sum() / is_note.sum())


def melody_stats(tokens: list[str], corpus_pieces=None) -> dict:
    """Statistics of a melody, and how it compares with `corpus_pieces` if given."""
    music = _music(tokens)
    pitches = [p for m in music for p in m.pitches]
    quarters = float(sum(m.duration for m in music))
    n_notes = sum(1 for m in music if m.pitches)
    stats: dict = {
        "notes": n_notes,
        "rests": len(music) - n_notes,
        "quarters": quarters,
    }
    if not n_notes:
        return stats
    stats["pitch_class_histogram"] = pitch_class_histogram(tokens)
    stats["key"], stats["in_key_share"] = _key_stats(tokens)
    stats["pitch_range"] = (min(pitches), max(pitches))
    stats["range_semitones"] = max(pitches) - min(pitches)
    stats["notes_per_quarter"] = n_notes / quarters
    # Share of 4-token windows that already occurred earlier in the melody.
    stats["repetition_rate"] = repeat_share([t for t in tokens if not t.startswith("<")], 4)
    if corpus_pieces:
        corpus_hist = pitch_class_histogram([t for piece in corpus_pieces for t in piece])
        stats["corpus_pitch_class_histogram"] = corpus_hist
        # Total variation distance: 0 = same pitch-class mix, 1 = disjoint.
        diff = np.abs(np.array(stats["pitch_class_histogram"]) - np.array(corpus_hist))
        stats["pitch_class_distance"] = float(diff.sum() / 2)
        index = CorpusIndex(corpus_pieces)  # built once for both copy checks
        stats["longest_copied_run"] = longest_copied_run(tokens, index)
        stats["copied_share_16"] = copied_share(tokens, index, 16)
    return stats
