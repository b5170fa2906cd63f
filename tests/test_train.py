"""Tests for seqgen.train and seqgen.callbacks: metrics, stopping, NaN guard, reproducibility."""

import importlib
import math
import threading
from dataclasses import replace

import keras
import numpy as np
import pytest

from seqgen import (
    ConfigError,
    DataConfig,
    History,
    NumpyLSTM,
    evaluate_loss,
    read_text_files,
    train,
)
from seqgen.callbacks import BestWeights, CosineSchedule, Recorder, StopControl

train_module = importlib.import_module("seqgen.train")


def all_finite(model) -> bool:
    return all(np.isfinite(w).all() for w in model.get_weights())


def initial_weights(result):
    """The weights `train` started from (it seeds, then builds)."""
    from seqgen import build_model

    keras.utils.set_random_seed(result.train_cfg.random_seed)
    return build_model(result.model_cfg).get_weights()


def test_a_tiny_run_records_batch_and_epoch_metrics(tiny_result):
    snap = tiny_result.history.snapshot()
    data, cfg = tiny_result.data, tiny_result.train_cfg
    steps = [s for s, _, _ in snap["batch_loss"]]  # one point per call of up to 8 batches
    assert steps == sorted(set(steps)) and len(steps) >= 2
    assert steps[-1] == int(tiny_result.model.optimizer.iterations)  # every batch counted
    assert snap["tokens_seen"] == steps[-1] * cfg.batch_size * data.seq_len
    assert [t for _, t, _ in snap["batch_loss"]][-1] == snap["tokens_seen"]
    assert snap["tokens_per_second"] > 0 and snap["seconds"] > 0
    assert snap["progress"] == 1.0 and snap["message"] == ""
    assert [e["epoch"] for e in snap["epochs"]] == [1, 2]
    for row in snap["epochs"]:
        for key in ("loss", "val_loss", "accuracy", "val_accuracy", "val_perplexity"):
            assert math.isfinite(row[key])
        assert row["val_perplexity"] == pytest.approx(math.exp(row["val_loss"]))
        assert row["val_bits_per_token"] == pytest.approx(row["val_loss"] / math.log(2))


def batch_weighted_epoch_means(batch_loss, steps_per_epoch: int) -> list[float]:
    """Each epoch's mean loss over its batches, from points of calls of several batches."""
    sums, prev = {}, 0
    for step, _, loss in batch_loss:
        epoch = (step - 1) // steps_per_epoch
        sums[epoch] = sums.get(epoch, 0.0) + loss * (step - prev)
        prev = step
    return [sums[e] / steps_per_epoch for e in sorted(sums)]


def test_the_recorded_batch_losses_average_to_the_epoch_loss(tiny_result):
    """Keras reports a running mean; the recorder recovers each call's own mean loss."""
    snap = tiny_result.history.snapshot()
    per_epoch = int(tiny_result.model.optimizer.iterations) // len(snap["epochs"])
    means = batch_weighted_epoch_means(snap["batch_loss"], per_epoch)
    assert means == pytest.approx([e["loss"] for e in snap["epochs"]], rel=1e-4)


def test_epochs_end_at_steps_per_epoch_when_calls_hold_several_batches(tiny_corpus, tiny_configs):
    """19 batches an epoch run as calls of 16 + 3: the last call stops at the epoch's end."""
    data, model_cfg, cfg = tiny_configs
    cfg = replace(cfg, epochs=2, steps_per_epoch=19, restore_best=False)
    result = train(tiny_corpus, data, model_cfg, cfg, epoch_samples=False)
    snap = result.history.snapshot()
    assert result.model.steps_per_execution == 16  # a tiny model: the most per call
    assert [s for s, _, _ in snap["batch_loss"]] == [16, 19, 35, 38]
    assert int(result.model.optimizer.iterations) == 38
    assert snap["tokens_seen"] == 38 * cfg.batch_size * data.seq_len
    assert snap["progress"] == 1.0 and len(snap["epochs"]) == 2
    means = batch_weighted_epoch_means(snap["batch_loss"], 19)
    assert means == pytest.approx([e["loss"] for e in snap["epochs"]], rel=1e-4)


def test_a_sample_is_generated_after_each_epoch(tiny_result):
    samples = tiny_result.history.snapshot()["samples"]
    assert [epoch for epoch, _ in samples] == [1, 2]
    assert all("|" in text and len(text) > 100 for _, text in samples)


def test_the_final_metrics_summarise_the_run_and_the_model_learnt(tiny_result):
    m = tiny_result.metrics
    for key in ("val_loss", "train_loss", "epochs", "tokens_seen", "seconds"):
        assert key in m
    assert m["epochs"] == 2 and m["tokens_seen"] > 0 and m["seconds"] > 0
    assert m["val_loss"] < math.log(len(tiny_result.vocab))  # better than uniform guessing
    assert m["val_perplexity"] == pytest.approx(math.exp(m["val_loss"]))
    assert m["train_tokens"] + m["val_tokens"] == len(tiny_result.split.train) + len(
        tiny_result.split.val
    )


def test_the_best_validation_epoch_is_the_one_kept(tiny_result):
    best = min(e["val_loss"] for e in tiny_result.history.snapshot()["epochs"])
    assert tiny_result.metrics["val_loss"] == pytest.approx(best, abs=1e-4)


def test_evaluate_loss_is_the_mean_cross_entropy_of_the_next_tokens(tiny_result, tiny_net):
    ids = tiny_result.split.val[:300]
    # Step through the held-out text, from the zero state, predicting each next token.
    state, total = tiny_net.initial_state(1), 0.0
    for t in range(len(ids) - 1):
        logits, state = tiny_net.step(ids[t : t + 1], state)
        z = logits[0] - logits[0].max()
        total += np.log(np.exp(z).sum()) - z[ids[t + 1]]
    assert evaluate_loss(tiny_result.model, ids) == pytest.approx(total / (len(ids) - 1), abs=1e-4)


def test_evaluate_loss_scores_each_piece_from_a_fresh_state(tiny_result, tiny_net):
    eos = tiny_result.vocab.eos_id
    ids = np.array(tiny_result.split.val[:300])
    ids[[90, 200]] = eos  # three pieces
    # Step through the held-out text; at each <eos> input, start again from zero.
    total = 0.0
    for t in range(len(ids) - 1):
        if t == 0 or ids[t] == eos:
            state = tiny_net.initial_state(1)
        logits, state = tiny_net.step(ids[t : t + 1], state)
        z = logits[0] - logits[0].max()
        total += np.log(np.exp(z).sum()) - z[ids[t + 1]]
    fresh = evaluate_loss(tiny_result.model, ids, eos)
    assert fresh == pytest.approx(total / (len(ids) - 1), abs=1e-4)
    assert fresh != pytest.approx(evaluate_loss(tiny_result.model, ids), abs=1e-4)


def test_the_same_random_seed_trains_the_same_model(tiny_corpus, tiny_configs, tiny_result):
    again = train(tiny_corpus, *tiny_configs, epoch_samples=False)
    first = tiny_result.history.snapshot()["batch_loss"]
    second = again.history.snapshot()["batch_loss"]
    assert [loss for *_, loss in second] == pytest.approx([loss for *_, loss in first], abs=1e-5)
    for a, b in zip(again.model.get_weights(), tiny_result.model.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_a_stop_request_stops_after_one_call_and_keeps_the_trained_weights(
    tiny_corpus, tiny_configs
):
    data, model_cfg, cfg = tiny_configs
    stop = threading.Event()
    stop.set()
    result = train(tiny_corpus, data, model_cfg, replace(cfg, epochs=500), stop_event=stop)
    snap = result.history.snapshot()
    assert len(snap["batch_loss"]) == 1 and len(snap["epochs"]) == 1
    assert "Stopped by the user" in snap["message"]
    assert result.metrics["stopped"] == snap["message"]
    assert all_finite(result.model)
    changed = [
        not np.array_equal(a, b)
        for a, b in zip(result.model.get_weights(), initial_weights(result), strict=True)
    ]
    assert any(changed)  # the batches of the one call are kept, not thrown away


def test_a_nan_loss_stops_training_with_a_message_and_keeps_finite_weights(
    tiny_corpus, tiny_configs, monkeypatch
):
    import tensorflow as tf

    calls = tf.Variable(0.0)

    def poisoned_loss(y, logits):
        # Finite for the first 3 calls (2 training steps + validation), then NaN.
        calls.assign_add(1.0)
        loss = keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True)
        return loss + tf.where(calls > 3.0, np.float32(np.nan), np.float32(0.0))

    def compile_poisoned(model, cfg, seq_len):
        model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss=poisoned_loss)

    monkeypatch.setattr(train_module, "compile_model", compile_poisoned)
    data, model_cfg, cfg = tiny_configs
    cfg = replace(cfg, epochs=20, steps_per_epoch=2, restore_best=False)
    result = train(tiny_corpus, data, model_cfg, cfg, epoch_samples=False)
    snap = result.history.snapshot()
    assert "NaN" in snap["message"] and "last good weights" in snap["message"]
    assert len(snap["epochs"]) == 2  # epoch 2 stopped after its first call
    assert all_finite(result.model)
    assert math.isfinite(result.metrics["val_loss"])
    assert any(
        not np.array_equal(a, b)
        for a, b in zip(result.model.get_weights(), initial_weights(result), strict=True)
    )  # the weights of epoch 1 are kept, not the untrained ones


def test_weight_decay_trains_with_adamw_and_keeps_the_weights_smaller(tiny_corpus, tiny_configs):
    data, model_cfg, cfg = tiny_configs
    cfg = replace(cfg, epochs=1, steps_per_epoch=20, restore_best=False, minutes=None)
    plain = train(tiny_corpus, data, model_cfg, cfg, epoch_samples=False)
    decayed = train(
        tiny_corpus, data, model_cfg, replace(cfg, weight_decay=0.5), epoch_samples=False
    )
    assert isinstance(decayed.model.optimizer, keras.optimizers.AdamW)
    assert not isinstance(plain.model.optimizer, keras.optimizers.AdamW)

    def sum_of_squares(model):
        return sum(float((w**2).sum()) for w in model.get_weights())

    assert sum_of_squares(decayed.model) < 0.95 * sum_of_squares(plain.model)


def test_small_models_run_several_batches_per_call_and_large_ones_one():
    from seqgen import ModelConfig, build_model

    small = build_model(ModelConfig(vocab_size=78, units=64))  # the exercise's network
    assert train_module.steps_per_execution(small, 64 * 30) == 16
    large = build_model(ModelConfig(vocab_size=100, units=256, layers=2, encoding="embedding"))
    assert train_module.steps_per_execution(large, 32 * 64) == 1  # Stop acts after one batch


def test_a_corpus_shorter_than_one_window_fails_before_training():
    corpus = read_text_files([("short.txt", b"just a few words")])
    from seqgen import ModelConfig, TrainConfig

    with pytest.raises(ConfigError, match="short.txt"):
        train(corpus, DataConfig(seq_len=64), ModelConfig(units=4), TrainConfig())


class FakeModel:
    """Just enough of a keras.Model for a callback: weights and stop_training."""

    def __init__(self):
        self.weights = [np.zeros(2)]
        self.stop_training = False

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [w.copy() for w in weights]


def test_best_weights_restores_the_epoch_with_the_lowest_validation_loss():
    model, cb = FakeModel(), BestWeights(History())
    cb.set_model(model)
    for epoch, val_loss in enumerate([3.0, 2.0, 2.5, math.nan]):
        model.weights = [np.full(2, float(epoch))]
        cb.on_epoch_end(epoch, {"val_loss": val_loss})
    cb.on_train_end()
    assert model.weights[0].tolist() == [1.0, 1.0]


def test_stop_control_puts_back_the_last_good_weights_on_nan():
    model, history = FakeModel(), History()
    cb = StopControl(history, threading.Event(), budget_seconds=None)
    cb.set_model(model)
    cb.on_train_begin()
    model.weights = [np.full(2, 1.0)]
    cb.on_train_batch_end(0, {"loss": 2.0})
    cb.on_epoch_end(0, {"loss": 2.0})  # good weights saved at the epoch end
    model.weights = [np.full(2, np.nan)]
    cb.on_train_batch_end(0, {"loss": math.nan})
    assert model.weights[0].tolist() == [1.0, 1.0]
    assert model.stop_training and "NaN" in history.message


def test_stop_control_stops_when_the_time_budget_is_used_up(monkeypatch):
    import seqgen.callbacks

    clock = [100.0]
    monkeypatch.setattr(seqgen.callbacks.time, "monotonic", lambda: clock[0])
    model, history = FakeModel(), History()
    cb = StopControl(history, threading.Event(), budget_seconds=6.0)
    cb.set_model(model)
    cb.on_train_begin()
    clock[0] += 5.0
    cb.on_train_batch_end(0, {"loss": 1.0})
    assert not model.stop_training
    clock[0] += 1.0
    cb.on_train_batch_end(1, {"loss": 1.0})
    assert model.stop_training and "Time budget of 0.1 minutes" in history.message


def model_with_a_learning_rate():
    """A FakeModel whose optimizer's learning rate records what is assigned to it."""

    class Rate:
        value = None

        def assign(self, value):
            self.value = value

    model = FakeModel()
    model.optimizer = type("Opt", (), {"learning_rate": Rate()})()
    return model


def test_the_cosine_schedule_decays_from_the_base_rate_to_a_tenth():
    model = model_with_a_learning_rate()
    cb = CosineSchedule(base=0.01, total_steps=10, budget_seconds=None)
    cb.set_model(model)
    cb.on_train_begin()
    rates = []
    for step in range(11):
        cb.on_train_batch_begin(step)
        rates.append(model.optimizer.learning_rate.value)
    assert rates[0] == pytest.approx(0.01) and rates[-1] == pytest.approx(0.001)
    assert all(a >= b for a, b in zip(rates, rates[1:]))


def test_the_cosine_schedule_counts_the_batches_of_earlier_epochs_and_calls():
    model = model_with_a_learning_rate()
    cb = CosineSchedule(base=0.01, total_steps=20, budget_seconds=None, steps_per_epoch=10)
    cb.set_model(model)
    cb.on_train_begin()
    cb.on_epoch_begin(1)
    cb.on_train_batch_begin(0)  # a call starting at batch 10 of 20: half way
    assert model.optimizer.learning_rate.value == pytest.approx(0.01 * (0.1 + 0.45))


def test_the_recorder_progress_follows_the_steps():
    history = History()
    cb = Recorder(history, tokens_per_batch=10, steps_per_epoch=4, epochs=2, budget_seconds=None)
    cb.on_train_begin()
    cb.on_epoch_begin(0)
    for batch in range(4):
        cb.on_train_batch_begin(batch)
        cb.on_train_batch_end(batch, {"loss": 1.0})
    assert history.progress == pytest.approx(0.5) and history.tokens_seen == 40
    assert [loss for *_, loss in history.batch_loss] == pytest.approx([1.0] * 4)


def test_the_recorder_counts_the_batches_of_each_call_and_recovers_their_mean_loss():
    """Calls of 3 batches over an epoch of 7: Keras reports batches 0-2, 3-5 and 6-8
    (the last call stops at batch 6), each with the running mean over the epoch."""
    history = History()
    cb = Recorder(history, tokens_per_batch=10, steps_per_epoch=7, epochs=2, budget_seconds=None)
    cb.on_train_begin()
    losses = [3.0, 3.0, 3.0, 2.0, 2.0, 2.0, 1.0] * 2
    for epoch in range(2):
        cb.on_epoch_begin(epoch)
        for begin in (0, 3, 6):
            cb.on_train_batch_begin(begin)
            done = min(begin + 3, 7)
            cb.on_train_batch_end(begin + 2, {"loss": np.mean(losses[:done])})
    assert [s for s, _, _ in history.batch_loss] == [3, 6, 7, 10, 13, 14]
    assert [t for _, t, _ in history.batch_loss][-1] == history.tokens_seen == 140
    assert [loss for *_, loss in history.batch_loss] == pytest.approx([3.0, 2.0, 1.0] * 2)
    assert history.progress == pytest.approx(1.0)


def test_numpy_generation_works_straight_after_training(tiny_result):
    net = NumpyLSTM.from_model(tiny_result.model)
    assert net.vocab_size == len(tiny_result.vocab) and net.units == 12
