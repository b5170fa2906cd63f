"""How a generated melody compares with its corpus: `melody_stats(tokens, corpus.pieces)`.

Besides pitch and rhythm statistics this measures copying: the longest run of
tokens that appears verbatim in one training piece, and the share of notes that
sit in copied runs of at least 16 tokens. An LSTM that has memorised its corpus
scores high on both; one that learnt the style scores low.
"""

from collections import Counter

import numpy as np

from seqgen.corpus.music import parse_token, tokens_to_stream

_MASK = (1 << 64) - 1
_BASE = 1_000_003  # odd, so hashes mix well modulo 2**64
_SEP = 0  # marks piece boundaries and special tokens; no copied run spans it


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
    return f"{key.tonic.name} {key.mode}", sum(p % 12 in scale for p in pitches) / len(
        pitches
    )


def repetition_rate(tokens: list[str], n: int = 4) -> float:
    """Share of n-grams (of tokens) that already occurred earlier in the melody."""
    grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return 1 - len(set(grams)) / len(grams) if grams else 0.0


def _encode(pieces: list, vocab: dict) -> np.ndarray:
    """Token ids with _SEP between pieces and in place of special tokens."""
    ids = []
    for piece in pieces:
        ids.extend(
            _SEP if t.startswith("<") else vocab.setdefault(t, len(vocab) + 1)
            for t in piece
        )
        ids.append(_SEP)
    return np.array(ids, dtype=np.uint64)


def _prefix_hashes(ids: np.ndarray) -> np.ndarray:
    """h[i] = polynomial hash of ids[:i], modulo 2**64."""
    out, h = [0], 0
    for x in ids.tolist():
        h = (h * _BASE + x) & _MASK
        out.append(h)
    return np.array(out, dtype=np.uint64)


class _Windows:
    """Hashes of every k-token window of a sequence that does not cross a _SEP."""

    def __init__(self, ids: np.ndarray):
        self.prefix = _prefix_hashes(ids)
        self.seps = np.concatenate([[0], np.cumsum(ids == _SEP)])

    def hashes(self, k: int) -> np.ndarray:
        power = np.uint64(pow(_BASE, k, 1 << 64))
        with np.errstate(over="ignore"):  # wrapping modulo 2**64 is the point
            h = self.prefix[k:] - self.prefix[:-k] * power
        valid = self.seps[k:] == self.seps[:-k]
        return np.where(valid, h, np.uint64(_MASK))  # _MASK never matches a valid hash


def _index(tokens: list[str], corpus_pieces) -> tuple[_Windows, _Windows]:
    vocab: dict[str, int] = {}
    corpus = _Windows(_encode(corpus_pieces, vocab))
    return _Windows(_encode([tokens], vocab)), corpus


def _matches(query: _Windows, corpus: _Windows, k: int) -> np.ndarray:
    """For each k-window of the query: does it occur in the corpus?"""
    q, c = query.hashes(k), corpus.hashes(k)
    c = np.sort(c[c != _MASK])  # sort + binary search beats np.isin's hashing here
    at = np.minimum(np.searchsorted(c, q), len(c) - 1)
    return (c[at] == q) & (q != _MASK) if len(c) else np.zeros(len(q), dtype=bool)


def longest_copied_run(tokens: list[str], corpus_pieces) -> int:
    """Length of the longest run of tokens found verbatim in one corpus piece."""
    query, corpus = _index(tokens, corpus_pieces)
    low, high = 0, len(tokens)  # a copied run of `low` tokens exists
    while low < high:  # binary search: a run of k implies runs of every k' < k
        mid = (low + high + 1) // 2
        if _matches(query, corpus, mid).any():
            low = mid
        else:
            high = mid - 1
    return low


def copied_share(tokens: list[str], corpus_pieces, min_run: int = 16) -> float:
    """Share of notes (and chords) inside runs of >= min_run tokens copied from the corpus."""
    is_note = np.array([not t.startswith(("<", "R")) for t in tokens], dtype=bool)
    if not is_note.any() or len(tokens) < min_run:
        return 0.0
    query, corpus = _index(tokens, corpus_pieces)
    covered = np.zeros(len(tokens), dtype=bool)
    for start in np.flatnonzero(_matches(query, corpus, min_run)):
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
    stats["repetition_rate"] = repetition_rate(
        [t for t in tokens if not t.startswith("<")]
    )
    if corpus_pieces:
        corpus_hist = pitch_class_histogram(
            [t for piece in corpus_pieces for t in piece]
        )
        stats["corpus_pitch_class_histogram"] = corpus_hist
        # Total variation distance: 0 = same pitch-class mix, 1 = disjoint.
        diff = np.abs(np.array(stats["pitch_class_histogram"]) - np.array(corpus_hist))
        stats["pitch_class_distance"] = float(diff.sum() / 2)
        stats["longest_copied_run"] = longest_copied_run(tokens, corpus_pieces)
        stats["copied_share_16"] = copied_share(tokens, corpus_pieces, 16)
    return stats
