"""Small Keras callbacks that get what they need through their constructor.

`History` is the record the app's live chart and the model bundle read; the
callbacks write to it from the training thread while the UI reads snapshots.
"""

from __future__ import annotations

import math
import threading
import time

import keras
import numpy as np

from .history import History, per_token_metrics  # noqa: F401 (re-exported)


def steps_in_call(begin: int, end: int, steps_per_epoch: int) -> int:
    """Batches one `train_function` call ran: Keras reports a call of several batches
    (`steps_per_execution`) as its first and last batch of the epoch, `begin`..`end`; the
    epoch's last call stops at the epoch's end, although `end` counts a whole call."""
    return max(1, min(end + 1, steps_per_epoch) - begin)


class Recorder(keras.callbacks.Callback):
    """Records the loss of each call of one or more batches, per-epoch metrics,
    throughput and progress into a History."""

    def __init__(
        self,
        history: History,
        tokens_per_batch: int,
        steps_per_epoch: int,
        epochs: int,
        budget_seconds: float | None,
    ):
        super().__init__()
        self.h, self.tokens_per_batch = history, tokens_per_batch
        self.steps_per_epoch, self.epochs, self.budget = steps_per_epoch, epochs, budget_seconds
        self.step = 0

    def on_train_begin(self, logs=None):
        self.start = time.monotonic()

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch, self.prev_mean, self.begin = epoch, 0.0, 0

    def on_train_batch_begin(self, batch, logs=None):
        self.begin = batch  # the call's first batch in the epoch

    def on_train_batch_end(self, batch, logs=None):
        mean = float(logs["loss"])
        # Keras' own count of the epoch's batches when it has one (a finite dataset).
        per_epoch = (self.params or {}).get("steps") or self.steps_per_epoch
        n = steps_in_call(self.begin, batch, per_epoch)
        done = self.begin + n  # batches of this epoch so far
        # Keras reports the running mean over the epoch; recover the mean loss of this
        # call's own n batches (one point of the chart, at the step it ends on).
        loss = (done * mean - self.begin * self.prev_mean) / n
        self.prev_mean = mean
        self.step += n
        elapsed = time.monotonic() - self.start
        with self.h.lock:
            self.h.tokens_seen += self.tokens_per_batch * n
            self.h.batch_loss.append((self.step, self.h.tokens_seen, loss))
            self.h.seconds = elapsed
            self.h.tokens_per_second = self.h.tokens_seen / max(elapsed, 1e-9)
            by_steps = self.step / (self.steps_per_epoch * self.epochs)
            by_time = elapsed / self.budget if self.budget else 0.0
            self.h.progress = min(1.0, max(by_steps, by_time))

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        row = {"epoch": epoch + 1, "seconds": time.monotonic() - self.start}
        for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
            if key in logs:
                row[key] = float(logs[key])
        if "val_loss" in row:
            row.update({f"val_{k}": v for k, v in per_token_metrics(row["val_loss"]).items()})
        with self.h.lock:
            self.h.epochs.append(row)


class Validation(keras.callbacks.Callback):
    """Puts the held-out loss and accuracy, `evaluate(model)`, into each epoch's logs
    (val_loss, val_accuracy) for the callbacks after it. Keras' own validation would
    carry the state across piece boundaries inside a window and cannot leave padding
    out of its mean; `train.evaluate_windows` does both."""

    def __init__(self, evaluate):
        super().__init__()
        self.evaluate = evaluate

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["val_loss"], logs["val_accuracy"] = self.evaluate(self.model)


class StopControl(keras.callbacks.Callback):
    """Stops after the current call (at most `steps_per_execution` batches, about 0.2 s)
    when asked (event), out of time, or on a NaN loss.

    On NaN the last good weights (saved at every epoch end and every few seconds) are
    put back, so nothing trained before the failure is lost."""

    def __init__(
        self,
        history: History,
        stop_event: threading.Event,
        budget_seconds: float | None,
        snapshot_seconds: float = 10.0,
    ):
        super().__init__()
        self.h, self.stop_event, self.budget = history, stop_event, budget_seconds
        self.snapshot_seconds = snapshot_seconds

    def on_train_begin(self, logs=None):
        self.start = self.last_snapshot = time.monotonic()
        self.good_weights = self.model.get_weights()

    def _stop(self, message: str):
        self.model.stop_training = True
        with self.h.lock:
            self.h.message = self.h.message or message

    def on_train_batch_end(self, batch, logs=None):
        now = time.monotonic()
        if not np.isfinite(float(logs["loss"])):
            self.model.set_weights(self.good_weights)
            self._stop(
                "The loss became NaN (training diverged), so training stopped and the "
                "last good weights were kept. Try a lower learning rate."
            )
        elif self.stop_event.is_set():
            self._stop("Stopped by the user; the weights trained so far are kept.")
        elif self.budget and now - self.start >= self.budget:
            self._stop(f"Time budget of {self.budget / 60:g} minutes used up.")
        elif now - self.last_snapshot > self.snapshot_seconds:
            self.good_weights, self.last_snapshot = self.model.get_weights(), now

    def on_epoch_end(self, epoch, logs=None):
        if logs and np.isfinite(float(logs.get("loss", np.nan))):
            self.good_weights = self.model.get_weights()


class CosineSchedule(keras.callbacks.Callback):
    """Learning rate from `base` down to base/10 along a half cosine over the run
    (measured in time when there is a budget, in steps otherwise). It is set at the
    start of each call of one or more batches (`steps_per_execution`)."""

    def __init__(
        self,
        base: float,
        total_steps: int,
        budget_seconds: float | None,
        steps_per_epoch: int | None = None,  # None: one epoch of total_steps
    ):
        super().__init__()
        self.base, self.total, self.budget = base, total_steps, budget_seconds
        self.steps_per_epoch = steps_per_epoch or total_steps
        self.epoch = self.step = 0

    def on_train_begin(self, logs=None):
        self.start = time.monotonic()

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_begin(self, batch, logs=None):
        self.step = self.epoch * self.steps_per_epoch + batch  # batches done before this call
        frac = self.step / self.total
        if self.budget:
            frac = max(frac, (time.monotonic() - self.start) / self.budget)
        frac = min(frac, 1.0)
        lr = self.base * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
        self.model.optimizer.learning_rate.assign(lr)


class BestWeights(keras.callbacks.Callback):
    """Keeps the weights of the epoch with the lowest validation loss and restores them."""

    def __init__(self, history: History):
        super().__init__()
        self.h, self.best, self.best_weights = history, math.inf, None

    def on_epoch_end(self, epoch, logs=None):
        val = float((logs or {}).get("val_loss", math.inf))
        if np.isfinite(val) and val < self.best:
            self.best, self.best_weights = val, self.model.get_weights()

    def on_train_end(self, logs=None):
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)


class EarlyStop(keras.callbacks.Callback):
    """Stops when the validation loss has not improved for `patience` epochs."""

    def __init__(self, history: History, patience: int):
        super().__init__()
        self.h, self.patience = history, patience
        self.best, self.best_epoch = math.inf, 0

    def on_epoch_end(self, epoch, logs=None):
        val = float((logs or {}).get("val_loss", math.inf))
        if np.isfinite(val) and val < self.best:
            self.best, self.best_epoch = val, epoch + 1
        elif epoch + 1 - self.best_epoch >= self.patience:
            self.model.stop_training = True
            with self.h.lock:
                self.h.message = self.h.message or (
                    f"Stopped early: the validation loss has not improved for "
                    f"{self.patience} epochs (best {self.best:.4f} at epoch {self.best_epoch})."
                )


class EpochSample(keras.callbacks.Callback):
    """Generates a short sample after each epoch, so a class sees the model improve."""

    def __init__(self, history: History, make_sample):
        super().__init__()
        self.h, self.make_sample = history, make_sample

    def on_epoch_end(self, epoch, logs=None):
        text = self.make_sample(self.model)
        with self.h.lock:
            self.h.samples.append((epoch + 1, text))
