"""Training tokens per second and build time: `python -m bench --only training`.

seqgen's trainer (the model, compile settings, tf.data pipeline and per-batch
callbacks that `seqgen.train` uses) vs (a) the original exercise's unrolled model
(a Python loop over one shared cell for Tx steps, Tx outputs, compiled as the exercise
compiles it: an accuracy per output and Adam with a decaying rate; the same model
without those is timed too, for comparison with earlier runs) and (b) a plain Keras
LSTM(return_sequences=True) fit, at the exercise's shape: n_a = 64, 78 values,
Tx = 30, m = 64 windows per batch. Each is warmed up (traced) first, then timed
over the same number of batches; all are timed in interleaved rounds.
seqgen runs several batches per call (`steps_per_execution`, so its callbacks see one
call per 16 batches at this shape); the baselines keep Keras' default of one, as their
authors wrote them. Speed is counted in batches actually run per second, not in callback
calls.
"""

from __future__ import annotations

import functools
import threading
import time

import numpy as np

from .common import median, timed

UNITS, N_VALUES, TX, BATCH = 64, 78, 30, 64


class BatchClock:
    """A Keras callback noting when each call of one or more batches ends (after every
    other callback has run) and how many batches of the epoch were done by then."""

    def __new__(cls):
        import keras

        class _Clock(keras.callbacks.Callback):
            def __init__(self):
                super().__init__()
                self.ends = []  # [(seconds, batches done)]

            def on_train_batch_end(self, batch, logs=None):
                # `batch` is the call's last batch; the epoch's last call may stop short.
                done = min(batch + 1, self.params["steps"])
                self.ends.append((time.perf_counter(), done))

        return _Clock()

    @staticmethod
    def seconds_per_batch(ends: list) -> float:
        """Steady state: from the first call's end to the last's, per batch run in between."""
        (t0, done0), (t1, done1) = ends[0], ends[-1]
        return (t1 - t0) / (done1 - done0)


def _data(n_windows: int, tx: int, seed: int = 0):
    """Random ids: a stream for seqgen's pipeline and the same windows one-hot for Keras."""
    rng = np.random.default_rng(seed)
    stream = rng.integers(0, N_VALUES, size=n_windows * tx + 1).astype(np.int32)
    x = stream[:-1].reshape(n_windows, tx)
    y = stream[1:].reshape(n_windows, tx)
    return stream, x, y


class _Seqgen:
    """seqgen's trainer pieces: build_model + compile_model + make_dataset + callbacks."""

    def __init__(self, steps: int, tx: int):
        from seqgen import History, ModelConfig, TrainConfig, build_model
        from seqgen.callbacks import Recorder, StopControl
        from seqgen.dataset import make_dataset, training_windows
        from seqgen.train import compile_model

        cfg = TrainConfig(batch_size=BATCH)
        self.model = build_model(ModelConfig(vocab_size=N_VALUES, units=UNITS))
        compile_model(self.model, cfg, tx)
        stream, _, _ = _data(steps * BATCH, tx)
        self.ds = make_dataset(training_windows(stream, tx), BATCH, True)
        history = History()
        self.callbacks = [
            Recorder(history, BATCH * tx, steps, 1, None),
            StopControl(history, threading.Event(), None),
        ]

    def fit(self, steps: int, clock=None) -> None:
        from seqgen.train import epoch_dataset

        callbacks = self.callbacks + ([clock] if clock else [])
        ds = epoch_dataset(self.ds, steps)  # as seqgen.train feeds fit
        self.model.fit(ds, epochs=1, callbacks=callbacks, verbose=0, shuffle=False)


class _Plain:
    def __init__(self, steps: int, tx: int):
        from .keras_baselines import plain_model

        self.model = plain_model(tx, UNITS, N_VALUES)
        _, x, self.y = _data(steps * BATCH, tx)
        self.x = np.eye(N_VALUES, dtype=np.float32)[x]  # (m, Tx, n_values) one-hot

    def fit(self, steps: int, clock=None) -> None:
        n = steps * BATCH
        self.model.fit(
            self.x[:n],
            self.y[:n],
            batch_size=BATCH,
            epochs=1,
            verbose=0,
            callbacks=[clock] * bool(clock),
        )


class _Unrolled:
    def __init__(self, steps: int, tx: int, as_exercise: bool = True):
        from .keras_baselines import djmodel

        self.model = djmodel(tx, UNITS, N_VALUES, as_exercise)
        _, x, y = _data(steps * BATCH, tx)
        eye = np.eye(N_VALUES, dtype=np.float32)
        self.x, self.y = eye[x], list(eye[y].swapaxes(0, 1))  # Tx targets of (m, n_values)
        self.zeros = np.zeros((len(x), UNITS), np.float32)

    def fit(self, steps: int, clock=None) -> None:
        n = steps * BATCH
        inputs, targets = [self.x[:n], self.zeros[:n], self.zeros[:n]], [y[:n] for y in self.y]
        self.model.fit(
            inputs, targets, batch_size=BATCH, epochs=1, verbose=0, callbacks=[clock] * bool(clock)
        )


def _build_seconds(tx: int) -> dict:
    """Seconds to build and compile each network at this Tx (the first batch traces too)."""
    from seqgen import ModelConfig, TrainConfig, build_model
    from seqgen.train import compile_model

    from .keras_baselines import djmodel

    def ours():
        model = build_model(ModelConfig(vocab_size=N_VALUES, units=UNITS))
        compile_model(model, TrainConfig(), tx)
        return model

    return {"seqgen": timed(ours)[0], "unrolled": timed(djmodel, tx, UNITS, N_VALUES)[0]}


def run(quick: bool = False) -> dict:
    steps = 10 if quick else 96  # 6 calls of 16 batches for seqgen
    rounds = 1 if quick else 7  # medians of 7 interleaved rounds: the machine is shared
    tx = 10 if quick else TX  # the unrolled model takes minutes to trace at Tx = 30
    runners = {}
    first_batch = {}
    for name, make in (
        ("seqgen", _Seqgen),
        ("plain", _Plain),
        ("unrolled", _Unrolled),
        ("unrolled_lean", functools.partial(_Unrolled, as_exercise=False)),
    ):
        runner = make(steps, tx)
        first_batch[name] = timed(runner.fit, 1)[0]  # traces the train step
        runners[name] = runner
    per_batch = {name: [] for name in runners}
    for _ in range(rounds):
        for name, runner in runners.items():
            clock = BatchClock()
            runner.fit(steps, clock)
            per_batch[name].append(BatchClock.seconds_per_batch(clock.ends))
    rate = {name: BATCH * tx / median(s) for name, s in per_batch.items()}
    return {
        "shape": {"units": UNITS, "n_values": N_VALUES, "tx": tx, "batch": BATCH},
        "tokens_per_s": rate,
        "tokens_per_s_rounds": {n: [BATCH * tx / x for x in s] for n, s in per_batch.items()},
        "first_batch_s": first_batch,
        "vs_unrolled": rate["seqgen"] / rate["unrolled"],
        "vs_plain": rate["seqgen"] / rate["plain"],
        "vs_unrolled_lean": rate["seqgen"] / rate["unrolled_lean"],
        "build_s": {str(tx): _build_seconds(tx) for tx in (30, 100)},
    }


def rows(result: dict) -> list[dict]:
    rate, tx = result["tokens_per_s"], result["shape"]["tx"]
    shape = f"n_a=64, 78 values, Tx={tx}, m=64"
    out = []
    for key, name, target in (
        ("unrolled", "(a) exercise's unrolled model, compiled as the exercise", 2.0),
        ("unrolled_lean", "(a) the same without its Tx accuracies and lr decay", None),
        ("plain", "(b) plain Keras LSTM fit", 0.95),
    ):
        if f"vs_{key}" not in result:  # results of runs before the lean row
            continue
        ratio = result[f"vs_{key}"]
        out.append(
            {
                "measure": f"training tokens/s, {shape}",
                "seqgen": f"{rate['seqgen']:,.0f}",
                "baseline": f"{name}: {rate[key]:,.0f}",
                "ratio": f"{ratio:.2f}x",
                "target": f">= {target}x" if target else "-",
                "met": ratio >= target if target else None,
            }
        )
    for tx, b in result["build_s"].items():
        out.append(
            {
                "measure": f"model build + compile, Tx={tx}",
                "seqgen": f"{b['seqgen']:.2f} s",
                "baseline": f"unrolled: {b['unrolled']:.2f} s",
                "ratio": f"{b['unrolled'] / b['seqgen']:.0f}x faster",
                "target": "< 2 s" if tx == "100" else "-",
                "met": b["seqgen"] < 2 if tx == "100" else None,
            }
        )
    first = result["first_batch_s"]
    out.append(
        {
            "measure": f"first batch (graph tracing), Tx={result['shape']['tx']}",
            "seqgen": f"{first['seqgen']:.1f} s",
            "baseline": f"unrolled: {first['unrolled']:.1f} s; plain: {first['plain']:.1f} s",
            "ratio": f"{first['unrolled'] / first['seqgen']:.1f}x faster than unrolled",
            "target": "-",
            "met": None,
        }
    )
    return out
