"""Corpus -> windows: `split = split_corpus(corpus, vocab, cfg); training_windows(split.train, 32)`.

The pieces are joined into one id stream with <eos> after each piece. The
held-out split is contiguous: whole pieces when there are many (chorales, tunes),
otherwise the last share of the stream (as in the tiny-Shakespeare benchmark).
Music is held out by tune: the other settings of a held-out tune (in any key)
and its transposed copies are held out with it.
Training windows hold at most Tx inputs and their next tokens as targets, and never
cross the end of a piece (each piece opens on <eos>, from a zero state); train and
validation windows never overlap.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .config import DataConfig
from .corpus.base import Corpus
from .errors import ConfigError, CorpusError
from .vocab import Vocab

MIN_PIECES_FOR_PIECE_SPLIT = 10
# Validation windows are this long (not Tx): each held-out token is predicted from
# up to this many tokens before it, as at generation (which carries the state
# along within a piece) and as the n-gram baselines are scored. Short windows would restart the
# LSTM from a zero state every Tx tokens and overstate its loss. Longer is not
# better: carried through many pieces, the state drifts (on the chorales 4096 tokens
# scored worse than 1024 in nine runs of nine), so each piece starts from a fresh
# state (`piece_windows` with eos_id), as a generation does.
EVAL_CONTEXT = 1024


@dataclass(frozen=True)
class Split:
    train: np.ndarray  # (n_train,) int32 token ids
    val: np.ndarray  # (n_val,) int32 token ids
    by_piece: bool  # True when whole pieces were held out


def _stream(pieces, vocab: Vocab) -> np.ndarray:
    ids = []
    for piece in pieces:
        ids.extend(vocab.encode(piece))
        ids.append(vocab.eos_id)
    return np.asarray(ids, dtype=np.int32)


def split_corpus(corpus: Corpus, vocab: Vocab, cfg: DataConfig) -> Split:
    """Hold out `cfg.val_fraction` of the corpus, by piece if it has many pieces.

    Copies of a piece in other keys (`corpus.origins`) stay on the side of their
    original, and only originals are held out: validation measures the corpus as
    it is, and no transposed copy of a held-out piece is ever trained on.
    """
    if len(vocab) - 2 < 2:
        raise CorpusError(
            f"{corpus.name}: the corpus has only one distinct token; the model needs at "
            "least two different tokens to learn anything. Use a longer, more varied text."
        )
    origins = corpus.origins or tuple(range(len(corpus.pieces)))
    kept = [(p, o) for p, o in zip(corpus.pieces, origins) if p]
    firsts = {}  # origin -> its original piece (the first one, by augment_pieces' order)
    for piece, origin in kept:
        firsts.setdefault(origin, piece)
    if len(firsts) >= MIN_PIECES_FOR_PIECE_SPLIT:
        # Hold out a fixed, spread-out set of whole pieces: every k-th original,
        # with (for music) every other setting of its tune.
        step = max(2, round(1 / cfg.val_fraction))
        held = _with_same_tunes(corpus.level, firsts, set(list(firsts)[step - 1 :: step]))
        val_pieces = [firsts[o] for o in firsts if o in held]
        train_pieces = [p for p, o in kept if o not in held]
        split = Split(_stream(train_pieces, vocab), _stream(val_pieces, vocab), True)
    else:
        split = _tail_split(kept, firsts, vocab, cfg.val_fraction)
    _check_long_enough(corpus.name, split, cfg.seq_len)
    return split


def _with_same_tunes(level: str, firsts: dict, held: set) -> set:
    """`held` plus the originals that set the same tune as a held piece (music only)."""
    if level != "music":
        return held
    groups = dict(zip(firsts, _tune_groups(tuple(firsts.values()))))
    held_groups = {groups[o] for o in held}
    return {o for o in firsts if groups[o] in held_groups}


@functools.lru_cache(maxsize=4)
def _tune_groups(pieces: tuple) -> tuple:
    """same_tune_groups, computed once per set of pieces: it compares every pair of the
    pieces' n-grams (0.8 s for the 346 chorales), and every job on a corpus asks again
    (the app checks the data at the click, then the job splits it)."""
    from .corpus.music_transpose import same_tune_groups

    return tuple(same_tune_groups(list(pieces)))


def _tail_split(kept, firsts: dict, vocab: Vocab, val_fraction: float) -> Split:
    """The last share of the originals' stream held out; copies of the pieces wholly
    before the cut are added to training (copies of a piece that reaches past it
    would carry held-out notes)."""
    ids = _stream(firsts.values(), vocab)
    cut = int(round(len(ids) * (1 - val_fraction)))
    end, before = 0, set()
    for origin, piece in firsts.items():
        end += len(piece) + 1
        if end <= cut:
            before.add(origin)
    copies = [p for p, o in kept if o in before and p is not firsts[o]]
    # Copies first: the training stream still ends in the piece cut at the split.
    train = np.concatenate([_stream(copies, vocab), ids[:cut]]) if copies else ids[:cut]
    return Split(train.astype(np.int32), ids[cut:], False)


def _check_long_enough(name: str, split: Split, seq_len: int) -> None:
    need = seq_len + 1
    if len(split.train) < need:
        raise ConfigError(
            f"{name}: the training part has {len(split.train)} tokens, but one window needs "
            f"Tx + 1 = {need}. Lower Tx (seq_len) or use a longer corpus."
        )
    if len(split.val) < need:
        raise ConfigError(
            f"{name}: the validation part has {len(split.val)} tokens, but one window needs "
            f"Tx + 1 = {need}. Lower Tx, raise the validation share, or use a longer corpus."
        )


def window_arrays(ids: np.ndarray, seq_len: int, stride: int | None = None):
    """Inputs X (n, Tx) and targets Y (n, Tx), Y[t] = X[t + 1]; windows `stride` apart."""
    stride = stride or seq_len
    view = np.lib.stride_tricks.sliding_window_view(ids, seq_len + 1)[::stride]
    return np.ascontiguousarray(view[:, :-1]), np.ascontiguousarray(view[:, 1:])


def piece_windows(ids: np.ndarray, context: int = EVAL_CONTEXT, eos_id: int | None = None):
    """A stream as windows that never cross a piece boundary: inputs X, targets Y and
    weights W, all (n, L). The held-out loss reads these, and so does training (with Tx
    as `context`, see `training_windows`).

    With `eos_id` the stream is cut after each <eos>, so every piece starts from a
    fresh (zero) state, as a generation starts one, and not from a state drifted through
    the pieces before it. A stretch longer than `context` is cut into near-equal windows
    of at most `context` tokens (each token predicted from up to that many before it).
    Every target (all tokens but the first) is counted once, with weight 1; shorter
    windows are padded at the end with weight 0 (the LSTM reads left to right, so padding
    after a token cannot change its prediction)."""
    ids = np.asarray(ids)
    targets = len(ids) - 1
    if targets < 1:
        raise ConfigError(f"At least 2 tokens are needed for a loss; got {len(ids)}.")
    starts = [0]
    if eos_id is not None:  # a piece's first input is the <eos> before it
        starts += [int(i) for i in np.flatnonzero(ids[1:targets] == eos_id) + 1]
    parts = []
    for lo, hi in zip(starts, starts[1:] + [targets]):
        parts += np.array_split(np.arange(lo, hi), -(-(hi - lo) // context))
    length = max(len(p) for p in parts)
    x = np.zeros((len(parts), length), dtype=ids.dtype)
    y, w = np.zeros_like(x), np.zeros(x.shape, dtype=np.float32)
    for row, p in enumerate(parts):
        x[row, : len(p)], y[row, : len(p)], w[row, : len(p)] = ids[p], ids[p + 1], 1.0
    return x, y, w


def eval_batch_rows(length: int, vocab_size: int) -> int:
    """Windows per evaluation batch: keeps the logits (rows, L, V) near 64 MB."""
    return max(1, (16 << 20) // max(1, length * vocab_size))


def training_windows(ids: np.ndarray, seq_len: int, eos_id: int | None = None):
    """Training windows (X, Y, W) of at most Tx = `seq_len` inputs, cut at piece
    boundaries (`piece_windows`): each piece opens on the <eos> before it, from a zero
    state, exactly as the held-out loss and a generation start a piece. Windows that ran
    across a boundary taught the model to carry its state from one piece into the next,
    which scoring and generation never ask of it: on the chorales, piece windows of 64
    gave 2.00 nats against 2.03 for stream windows of 32 in the same three minutes."""
    ids = np.asarray(ids)
    if eos_id is not None and len(ids) and ids[0] != eos_id:
        ids = np.concatenate([np.asarray([eos_id], dtype=ids.dtype), ids])
    return piece_windows(ids, seq_len, eos_id)


def epoch_steps(windows, cfg) -> int:
    """Batches per epoch of a TrainConfig: one pass over the training windows
    (or cfg.steps_per_epoch). The app computes it before training, for its chart."""
    return cfg.steps_per_epoch or max(1, len(windows[0]) // cfg.batch_size)


BUCKET = 8  # training windows are batched with others whose lengths differ by less than this


def make_dataset(windows, batch_size: int, shuffle: bool, seed: int = 0):
    """A tf.data pipeline of (X, Y, W) batches of `windows` (from `training_windows`); W
    weighs the loss (0 on padding). Training batches are reshuffled each epoch.

    Where pieces are shorter than Tx (the chorales: a window of 64 holds 44 notes on
    average, so a third of the steps were padding), each training batch takes windows
    of like length (within BUCKET tokens: `group_by_window`) and is cut to its longest
    window, so the LSTM runs few steps on padding; the order of the batches stays random."""
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices(windows)
    n = len(ds)
    if shuffle:
        ds = ds.shuffle(n, seed=seed, reshuffle_each_iteration=True)
    # Full training batches keep one batch size, so the graph is traced once.
    drop = shuffle and n >= batch_size
    lengths = (np.asarray(windows[2]) > 0).sum(axis=1)
    if not drop or lengths.min() == lengths.max():
        return ds.batch(batch_size, drop_remainder=drop).prefetch(2)

    def length(x, y, w):
        return tf.reduce_sum(tf.cast(w > 0, tf.int32), axis=-1)  # real tokens come first

    def bucket(x, y, w):
        return tf.cast((length(x, y, w) - 1) // BUCKET, tf.int64)

    def cut(x, y, w):
        longest = tf.reduce_max(length(x, y, w))
        return x[:, :longest], y[:, :longest], w[:, :longest]

    # A bucket's last part-filled batch of a pass is left out; the next pass, shuffled
    # anew, will likely batch those windows.
    ds = ds.group_by_window(
        bucket, lambda _, d: d.batch(batch_size, drop_remainder=True), window_size=batch_size
    )
    return ds.map(cut).prefetch(2)
