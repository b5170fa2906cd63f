"""Training: `result = train(corpus, data_cfg, model_cfg, train_cfg)`.

Keras `fit` plus the small callbacks in callbacks.py. `TrainingJob` (jobs.py) runs
this in a thread so the app's script thread stays free.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, replace

from .callbacks import (
    BestWeights,
    CosineSchedule,
    EarlyStop,
    EpochSample,
    History,
    Recorder,
    StopControl,
    Validation,
    per_token_metrics,
)
from .config import DataConfig, ModelConfig, SampleConfig, TrainConfig
from .corpus.base import Corpus
from .dataset import (
    EVAL_CONTEXT,
    Split,
    epoch_steps,
    eval_batch_rows,
    make_dataset,
    piece_windows,
    split_corpus,
    training_windows,
)
from .vocab import Vocab


@dataclass
class TrainResult:
    model: object  # the trained keras.Model
    vocab: Vocab
    data: DataConfig
    model_cfg: ModelConfig
    train_cfg: TrainConfig
    history: History
    metrics: dict  # val_loss, train_loss, epochs, tokens_seen, seconds, ...
    split: Split


def prepare(corpus: Corpus, data: DataConfig) -> tuple[Vocab, Split]:
    """Vocabulary of the whole corpus and the train/validation split of its ids
    (music augmented across keys first when `data.augment_keys`)."""
    if data.augment_keys and corpus.level == "music":
        from .corpus.music_transpose import augment_corpus

        corpus = augment_corpus(corpus)
    vocab = Vocab.build(corpus.pieces, corpus.level)
    return vocab, split_corpus(corpus, vocab, data)


# Training batches per call into TensorFlow. A step of a small LSTM is a chain of tiny ops,
# and each call from Python (plus the callbacks after it) cost about a quarter of a step at
# the exercise's shape (n_a = 64, Tx = 30, m = 64): a plain fit ran 142k tokens/s with one
# batch per call, 189k with 8, 174k with 32. Measured again with seqgen's own trainer
# (2026-11-29, interleaved rounds in one process): 177k tokens/s with 8 batches per call,
# 178k with 12, 196k with 16, 193k with 24, 190k with 32. The callbacks run once per call,
# so a call is kept short: at most 16 batches and about CALL_FLOPS of arithmetic (~0.2 s
# on a laptop), and Stop, the time budget, the NaN guard and the live chart still respond
# at once. Large models (whose steps are long anyway, so calls gain nothing) get one batch
# per call.
MAX_STEPS_PER_EXECUTION = 16
CALL_FLOPS = 8e9


def steps_per_execution(model, tokens_per_batch: int) -> int:
    """Batches per `train_function` call for `model` at `tokens_per_batch` (m * Tx)."""
    import keras

    # Forward and backward: about 6 flops per weight of a matrix product and per token.
    embeddings = [x for x in model.layers if isinstance(x, keras.layers.Embedding)]
    weights = model.count_params() - sum(x.count_params() for x in embeddings)
    flops = 6.0 * weights * max(1, tokens_per_batch)
    return max(1, min(MAX_STEPS_PER_EXECUTION, int(CALL_FLOPS // flops)))


def compile_model(model, cfg: TrainConfig, seq_len: int = 1) -> None:
    """Adam with gradient clipping (AdamW with cfg.weight_decay), cross-entropy on logits;
    `seq_len` (Tx) sizes the calls of several batches (`steps_per_execution`)."""
    import keras

    if cfg.weight_decay > 0:
        optimizer = keras.optimizers.AdamW(
            cfg.learning_rate, weight_decay=cfg.weight_decay, clipnorm=cfg.clipnorm
        )
    else:
        optimizer = keras.optimizers.Adam(cfg.learning_rate, clipnorm=cfg.clipnorm)
    model.compile(
        optimizer=optimizer,
        # The mean over the real tokens of a batch: padding (weight 0) does not count.
        loss=keras.losses.SparseCategoricalCrossentropy(
            from_logits=True, reduction="mean_with_sample_weight"
        ),
        weighted_metrics=["accuracy"],
        steps_per_execution=steps_per_execution(model, cfg.batch_size * seq_len),
    )


def epoch_dataset(train_ds, steps: int):
    """`steps` batches of the (reshuffled, repeated) training windows: one epoch for `fit`.

    A finite epoch lets Keras end its last call of several batches early; with an endless
    dataset and `steps_per_epoch` it would run whole calls past the epoch's end."""
    return train_ds.repeat().take(steps)


def evaluate_windows(model, windows) -> tuple[float, float]:
    """(mean cross-entropy in nats per token, accuracy) of `model` on the weighted
    windows (X, Y, W) of `piece_windows`."""
    import numpy as np

    x, y, w = windows
    rows = eval_batch_rows(x.shape[1], int(model.output_shape[-1]))
    total = correct = 0.0
    for i in range(0, len(x), rows):
        logits = np.asarray(model.predict_on_batch(x[i : i + rows]), dtype=np.float64)
        yi, wi = y[i : i + rows], w[i : i + rows]
        # log softmax, stable: logits - logsumexp(logits)  (rows, L, V)
        top = logits.max(axis=-1, keepdims=True)
        logz = top[..., 0] + np.log(np.exp(logits - top).sum(axis=-1))
        picked = np.take_along_axis(logits, yi[:, :, None], axis=-1)[..., 0]
        total += float(((logz - picked) * wi).sum())
        correct += float(((logits.argmax(axis=-1) == yi) * wi).sum())
    scored = float(w.sum())
    return total / scored, correct / scored


def evaluate_loss(model, ids, eos_id: int | None = None, context: int = EVAL_CONTEXT) -> float:
    """Mean cross-entropy (nats per token) of `ids`, each token predicted from up to
    `context` tokens before it, from a fresh state at each piece when `eos_id` is given
    (see `piece_windows`)."""
    import numpy as np

    return evaluate_windows(model, piece_windows(np.asarray(ids), context, eos_id))[0]


def _epoch_sampler(vocab: Vocab, seed_ids, length: int = 120):
    from .generate import NumpyLSTM, generate

    seed = vocab.decode(seed_ids)

    def make_sample(model) -> str:
        out = generate(
            NumpyLSTM.from_model(model),
            vocab,
            seed,
            SampleConfig(length=length, temperature=0.8, random_seed=1),
        )
        joiner = " " if vocab.level == "music" else ""
        return joiner.join(seed) + "|" + joiner.join(out.outputs[0])

    return make_sample


def _record_initial_loss(model, windows, batch_size: int, history: History) -> None:
    """The loss before any update (close to log n_values, the uniform guess): the chart's
    first point, ready within a second while TensorFlow still traces the training step."""
    import keras

    x, y, w = (a[:batch_size] for a in windows)
    logits = model(x, training=False)  # (m, Tx, n_values), one eager forward pass
    loss = keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True)
    mean = keras.ops.sum(loss * w) / float(w.sum())
    with history.lock:
        history.initial_loss = float(keras.ops.convert_to_numpy(mean))


def train(
    corpus: Corpus,
    data: DataConfig,
    model_cfg: ModelConfig,
    cfg: TrainConfig,
    history: History | None = None,
    stop_event: threading.Event | None = None,
    epoch_samples: bool = True,
) -> TrainResult:
    """Train the many-to-many LSTM on `corpus`; returns the model with its metrics.

    Stops at `cfg.epochs`, at the time budget, on a stop request or on NaN loss,
    always keeping the weights trained so far (the best validation epoch's when
    `cfg.restore_best`)."""
    import keras

    from .model import build_model

    history = history or History()
    stop_event = stop_event or threading.Event()
    data = replace(data, level=corpus.level)
    vocab, split = prepare(corpus, data)
    model_cfg = replace(model_cfg, vocab_size=len(vocab))
    keras.utils.set_random_seed(cfg.random_seed)
    model = build_model(model_cfg)
    compile_model(model, cfg, data.seq_len)

    windows = training_windows(split.train, data.seq_len, vocab.eos_id)
    n_windows = len(windows[0])
    per_window = float(windows[2].sum()) / n_windows  # tokens trained on (not padding)
    steps = epoch_steps(windows, cfg)
    train_ds = make_dataset(windows, cfg.batch_size, True, cfg.random_seed)
    val_windows = piece_windows(split.val, EVAL_CONTEXT, vocab.eos_id)
    budget = cfg.minutes * 60 if cfg.minutes else None
    callbacks = [
        Validation(lambda m: evaluate_windows(m, val_windows)),  # first: the others read it
        Recorder(
            history, round(min(cfg.batch_size, n_windows) * per_window), steps, cfg.epochs, budget
        ),
        StopControl(history, stop_event, budget),
    ]
    if cfg.schedule == "cosine":
        callbacks.append(CosineSchedule(cfg.learning_rate, steps * cfg.epochs, budget, steps))
    if epoch_samples:
        callbacks.append(EpochSample(history, _epoch_sampler(vocab, split.train[:8])))
    if cfg.patience:
        callbacks.append(EarlyStop(history, cfg.patience))
    if cfg.restore_best:
        callbacks.append(BestWeights(history))
    start = time.monotonic()
    _record_initial_loss(model, windows, cfg.batch_size, history)
    model.fit(
        epoch_dataset(train_ds, steps),
        epochs=cfg.epochs,
        callbacks=callbacks,
        verbose=0,
        shuffle=False,
    )
    seconds = time.monotonic() - start
    metrics = _final_metrics(model, split, vocab, history, seconds)
    return TrainResult(model, vocab, data, model_cfg, cfg, history, metrics, split)


def _final_metrics(model, split: Split, vocab: Vocab, history: History, seconds) -> dict:
    val_loss = evaluate_loss(model, split.val, vocab.eos_id)
    snap = history.snapshot()
    epochs = snap["epochs"]
    train_loss = epochs[-1]["loss"] if epochs else math.nan
    return {
        "val_loss": val_loss,
        "train_loss": train_loss,
        **{f"val_{k}": v for k, v in per_token_metrics(val_loss).items()},
        "epochs": len(epochs),
        "tokens_seen": snap["tokens_seen"],
        "seconds": round(seconds, 2),
        "train_tokens": int(len(split.train)),
        "val_tokens": int(len(split.val)),
        "stopped": snap["message"],
    }
