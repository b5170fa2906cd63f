"""How good is the LSTM really? `report = evaluate_baselines(train_ids, val_ids, V)`.

Counts-only language models fitted on the training ids and scored on held-out
ids in seconds: uniform, add-one unigram and interpolated modified Kneser-Ney
n-grams (Chen & Goodman 1998) of orders 2..max_order. Every loss is in nats per
token, the mean negative log-likelihood over the validation tokens: the same
measure as Keras' sparse categorical cross-entropy, so the numbers compare
directly with the LSTM's validation loss (`summary_sentence`).

Implementation: every n-gram seen in training gets an integer id, its rank
among the distinct n-grams of its order, built level by level as
`id(context) * V + token` (exact: no hash collisions, fits int64 for any
realistic V). Counting is then `np.unique` and `np.bincount`, and looking up
validation n-grams is `np.searchsorted`; no per-token Python loop.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from seqgen.errors import ConfigError

__all__ = ["BaselineReport", "KneserNey", "evaluate_baselines", "summary_sentence"]


@dataclass(frozen=True)
class BaselineReport:
    """Held-out losses of the count-based baselines, in nats per token."""

    vocab_size: int
    n_train: int  # training tokens
    n_val: int  # validation tokens scored
    uniform_loss: float  # log V: a model that knows nothing
    unigram_loss: float  # add-one smoothed token frequencies
    ngram_losses: dict[int, float] = field(default_factory=dict)  # order -> loss
    seconds: float = 0.0  # time taken to fit and score all baselines

    @property
    def best_order(self) -> int:
        """The n-gram order with the lowest validation loss."""
        return min(self.ngram_losses, key=self.ngram_losses.__getitem__)

    @property
    def best_loss(self) -> float:
        """The lowest validation loss of any n-gram order."""
        return self.ngram_losses[self.best_order]


def _discounts(counts: np.ndarray) -> np.ndarray:
    """Modified KN discounts [0, D1, D2, D3+] from the count-of-counts n1..n4."""
    n = [int(np.count_nonzero(counts == k)) for k in (1, 2, 3, 4)]
    y = n[0] / (n[0] + 2 * n[1]) if n[0] + 2 * n[1] > 0 else 0.5
    d = [0.0]
    for k in (1, 2, 3):
        ratio = n[k] / n[k - 1] if n[k - 1] > 0 else 0.0
        # Degenerate count-of-counts (tiny data) can push D outside (0, k]; a
        # positive floor keeps some mass for the lower order, so nothing is 0.
        d.append(float(np.clip(k - (k + 1) * y * ratio, 0.05, k)))
    return np.array(d)


@dataclass(frozen=True)
class _Level:
    """Statistics of one order k with one kind of count (raw or continuation)."""

    count: np.ndarray  # (n_k,) count of each k-gram id
    discount: np.ndarray  # (n_k,) discount subtracted from each k-gram's count
    ctx_total: np.ndarray  # (n_{k-1},) sum of the counts that follow a context
    ctx_gamma: np.ndarray  # (n_{k-1},) mass given to the lower order: sum of D


def _level(count: np.ndarray, ctx_of: np.ndarray, n_ctx: int) -> _Level:
    d = _discounts(count)
    disc = d[np.minimum(count, 3)]
    total = np.bincount(ctx_of, weights=count, minlength=n_ctx)
    gamma = np.bincount(ctx_of, weights=disc, minlength=n_ctx)
    # A trailing zero in every table is what id -1 (unseen) looks up.
    return _Level(*(np.append(a, 0.0) for a in (count, disc, total, gamma)))


class KneserNey:
    """Interpolated modified Kneser-Ney models of every order 1..max_order.

    `KneserNey(train_ids, V, 6).token_probs(ids, order=5)` gives, for every
    position i, P(ids[i] | up to order-1 previous ids). The highest order uses
    raw counts, lower orders continuation counts (how many distinct tokens
    precede an n-gram), and order 1 is interpolated with the uniform
    distribution, so every token, even one never seen, gets probability > 0.
    """

    def __init__(self, train_ids: np.ndarray, vocab_size: int, max_order: int):
        t = np.asarray(train_ids, dtype=np.int64)
        self.vocab_size, self.max_order = vocab_size, max_order
        self.keys = [np.arange(vocab_size, dtype=np.int64)]  # keys[k-1]: sorted keys
        ids = [t]  # ids[k-1][i]: id of the k-gram ending at i, -1 if none
        for k in range(2, max_order + 1):
            key = _extend(ids[-1], t, vocab_size)
            ok = key >= 0
            uniq, inv = np.unique(key[ok], return_inverse=True)
            new = np.full(len(t), -1, dtype=np.int64)
            new[ok] = inv
            self.keys.append(uniq)
            ids.append(new)
        self.raw = [self._raw_level(k, ids[k - 1]) for k in range(1, max_order + 1)]
        self.cont = [self._cont_level(k, ids) for k in range(1, max_order)]

    def _ctx_of(self, k: int) -> tuple[np.ndarray, int]:
        """Context id of every k-gram id, and how many contexts there are."""
        if k == 1:  # one empty context
            return np.zeros(self.vocab_size, dtype=np.int64), 1
        return self.keys[k - 1] // self.vocab_size, len(self.keys[k - 2])

    def _raw_level(self, k: int, ids_k: np.ndarray) -> _Level:
        count = np.bincount(ids_k[ids_k >= 0], minlength=len(self.keys[k - 1]))
        return _level(count, *self._ctx_of(k))

    def _cont_level(self, k: int, ids: list[np.ndarray]) -> _Level:
        # Suffix (drop the first token) of every (k+1)-gram id; a (k+1)-gram
        # always has the same suffix, so repeated writes agree.
        longer, shorter = ids[k], ids[k - 1]
        ok = longer >= 0
        suffix = np.empty(len(self.keys[k]), dtype=np.int64)
        suffix[longer[ok]] = shorter[ok]
        count = np.bincount(suffix, minlength=len(self.keys[k - 1]))
        return _level(count, *self._ctx_of(k))

    def lookup(self, seq: np.ndarray) -> list[np.ndarray]:
        """ids[k-1][i] = training id of the k-gram ending at i, or -1 if unseen."""
        s = np.asarray(seq, dtype=np.int64)
        ids = [s]
        for k in range(2, self.max_order + 1):
            key, table = _extend(ids[-1], s, self.vocab_size), self.keys[k - 1]
            if len(table) == 0:  # training shorter than k tokens
                ids.append(np.full(len(s), -1, dtype=np.int64))
                continue
            pos = np.minimum(np.searchsorted(table, key), len(table) - 1)
            ids.append(np.where((key >= 0) & (table[pos] == key), pos, -1))
        return ids

    def token_probs(self, seq: np.ndarray, order: int) -> np.ndarray:
        """P(seq[i] | the order-1 ids before it, within seq) for every i."""
        if not 1 <= order <= self.max_order:
            raise ConfigError(f"order must be in 1..{self.max_order}. order is {order}")
        return self.probs_by_order(seq)[order - 1]

    def probs_by_order(self, seq: np.ndarray) -> list[np.ndarray]:
        """[P under the order-1 model, ..., P under the order-max_order model]."""
        ids = self.lookup(seq)
        lower = np.full(len(ids[0]), 1.0 / self.vocab_size)  # order 0: uniform
        out = []
        for k in range(1, self.max_order + 1):
            # The order-k model: raw counts at level k over continuation levels below.
            out.append(_interpolate(self.raw[k - 1], k, ids, lower))
            if k < self.max_order:
                lower = _interpolate(self.cont[k - 1], k, ids, lower)
        return out


def _interpolate(lv: _Level, k: int, ids: list, lower: np.ndarray) -> np.ndarray:
    """P_k = (max(c - D, 0) + gamma(ctx) * P_{k-1}) / c(ctx); P_{k-1} if ctx unseen."""
    g = ids[k - 1]
    if k == 1:  # the empty context, id 0
        ctx = np.zeros_like(g)
    else:  # the context of the k-gram ending at i is the (k-1)-gram ending at i-1
        ctx = np.concatenate([[-1], ids[k - 2][:-1]])
    total = lv.ctx_total[ctx]
    own = np.maximum(lv.count[g] - lv.discount[g], 0.0)
    mixed = (own + lv.ctx_gamma[ctx] * lower) / np.maximum(total, 1e-300)
    return np.where(total > 0, mixed, lower)


def _extend(prev_ids: np.ndarray, tokens: np.ndarray, vocab_size: int) -> np.ndarray:
    """Key of the k-gram ending at i: id of the (k-1)-gram ending at i-1, times V, plus token i."""
    key = np.full(len(tokens), -1, dtype=np.int64)
    ok = prev_ids[:-1] >= 0
    key[1:][ok] = prev_ids[:-1][ok] * vocab_size + tokens[1:][ok]
    return key


def _check_ids(name: str, ids: np.ndarray, vocab_size: int) -> np.ndarray:
    arr = np.asarray(ids)
    if arr.ndim != 1 or len(arr) == 0:
        raise ConfigError(f"{name} must be a non-empty 1-D array of ids. shape is {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        raise ConfigError(f"{name} must hold integer ids. dtype is {arr.dtype}")
    if arr.min() < 0 or arr.max() >= vocab_size:
        raise ConfigError(
            f"{name} ids must be in [0, {vocab_size}). They span [{arr.min()}, {arr.max()}]"
        )
    return arr.astype(np.int64)


def evaluate_baselines(
    train_ids: np.ndarray, val_ids: np.ndarray, vocab_size: int, max_order: int = 6
) -> BaselineReport:
    """Fit the baselines on train_ids and score them on val_ids (nats per token).

    The first tokens of val_ids have less than max_order-1 ids before them;
    they are scored with the shorter history they have, as the LSTM is.
    """
    if vocab_size < 1:
        raise ConfigError(f"vocab_size must be >= 1. vocab_size is {vocab_size}")
    if not 2 <= max_order <= 10:
        raise ConfigError(f"max_order must be in 2..10. max_order is {max_order}")
    start = time.perf_counter()
    train = _check_ids("train_ids", train_ids, vocab_size)
    val = _check_ids("val_ids", val_ids, vocab_size)
    freq = np.bincount(train, minlength=vocab_size)
    unigram = (freq[val] + 1.0) / (len(train) + vocab_size)
    probs = KneserNey(train, vocab_size, max_order).probs_by_order(val)
    losses = {k: _nll(probs[k - 1]) for k in range(2, max_order + 1)}
    return BaselineReport(
        vocab_size=vocab_size,
        n_train=len(train),
        n_val=len(val),
        uniform_loss=math.log(vocab_size),
        unigram_loss=_nll(unigram),
        ngram_losses=losses,
        seconds=time.perf_counter() - start,
    )


def _nll(probs: np.ndarray) -> float:
    return float(-np.mean(np.log(probs)))


def summary_sentence(lstm_loss: float, report: BaselineReport) -> str:
    """One sentence comparing the LSTM's validation loss with the best n-gram."""
    if not math.isfinite(lstm_loss) or lstm_loss < 0:
        raise ConfigError(f"lstm_loss must be a finite number >= 0. lstm_loss is {lstm_loss}")
    best, order = report.best_loss, report.best_order
    gap = best - lstm_loss
    if abs(gap) < 0.005:
        return f"The LSTM matches the best n-gram (order {order}) at {best:.2f} nats per token."
    word = "better than" if gap > 0 else "behind"
    pct = abs(gap) / best * 100 if best > 0 else float("inf")
    return (
        f"The LSTM is {abs(gap):.2f} nats per token ({pct:.0f}%) {word} "
        f"the best n-gram (order {order})."
    )
