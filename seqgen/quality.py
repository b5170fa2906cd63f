"""Is training going well? `overfitting_warning(history.epochs)`, `ngram_comparison(loss, report)`.

Two judgements a class needs beside the loss chart:
- overfitting: the validation loss rises while the training loss keeps falling,
  so the network is memorising its training pieces instead of learning rules;
- the distance to the best n-gram baseline (a counting model fitted on the same
  split): if the LSTM is not ahead of it, it has learnt nothing beyond counting.
Both read plain data (the per-epoch rows of `History.epochs`, a BaselineReport)
and return plain values, so the app and the CLI only display them.
"""

from __future__ import annotations

import math

from .errors import ConfigError

__all__ = ["OVERFIT_MIN_RISE", "ngram_comparison", "overfitting_warning"]

# The validation loss must rise above its best by this many nats per token (or
# 1% of the best, if larger) before we call it overfitting: smaller wiggles are
# the noise of a small validation set (the chorales hold out ~1,800 notes).
OVERFIT_MIN_RISE = 0.01


def _finite(row: dict, key: str) -> bool:
    value = row.get(key)
    return isinstance(value, (int, float)) and math.isfinite(value)


def overfitting_warning(epoch_rows: list[dict]) -> str | None:
    """A warning when validation loss rose since its best epoch while training loss fell.

    epoch_rows: `History.epochs`, dicts with "epoch", "loss" and "val_loss".
    Returns None while there is no sign of overfitting (or too few epochs to tell).
    """
    rows = [r for r in epoch_rows if _finite(r, "loss") and _finite(r, "val_loss")]
    if len(rows) < 3:
        return None
    best = min(range(len(rows)), key=lambda i: rows[i]["val_loss"])
    first, last = rows[best], rows[-1]
    rise = last["val_loss"] - first["val_loss"]
    if best == len(rows) - 1 or rise <= max(OVERFIT_MIN_RISE, 0.01 * first["val_loss"]):
        return None
    if last["loss"] >= first["loss"]:  # both rising: divergence, not overfitting
        return None
    return (
        f"Overfitting: the validation loss rose from {first['val_loss']:.3f} "
        f"(epoch {first.get('epoch', best + 1)}) to {last['val_loss']:.3f} "
        f"(epoch {last.get('epoch', len(rows))}) while the training loss kept falling "
        f"({first['loss']:.3f} to {last['loss']:.3f}): the network is memorising its "
        "training pieces. What to do: keep the best epoch's weights (restore best), stop "
        "earlier (patience), raise dropout (to 0.3-0.5), use fewer units, or give it more "
        "data (for music, augment across keys)."
    )


def ngram_comparison(lstm_loss: float, report) -> dict:
    """How far the LSTM is ahead of the best n-gram of a BaselineReport.

    Returns best_order, best_loss, gap (n-gram minus LSTM, nats per token: > 0 means
    the LSTM is ahead), ratio (LSTM / n-gram: 0.9 means 10% lower loss) and
    ahead (True when the LSTM's loss is lower)."""
    if not math.isfinite(lstm_loss) or lstm_loss < 0:
        raise ConfigError(f"lstm_loss must be a finite number >= 0. lstm_loss is {lstm_loss}")
    best = report.best_loss
    return {
        "best_order": report.best_order,
        "best_loss": best,
        "gap": best - lstm_loss,
        "ratio": lstm_loss / best if best > 0 else math.inf,
        "ahead": lstm_loss < best,
    }
