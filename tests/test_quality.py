"""Tests for seqgen.quality: the overfitting warning and the distance to the best n-gram."""

import math

import numpy as np
import pytest

from seqgen import ConfigError, evaluate_baselines
from seqgen.quality import ngram_comparison, overfitting_warning


def rows(losses, val_losses):
    return [
        {"epoch": i + 1, "loss": a, "val_loss": b}
        for i, (a, b) in enumerate(zip(losses, val_losses, strict=True))
    ]


def test_no_warning_while_both_losses_fall():
    assert overfitting_warning(rows([2.0, 1.8, 1.6, 1.5], [2.1, 1.9, 1.8, 1.75])) is None


def test_warning_when_validation_rises_while_training_falls():
    warning = overfitting_warning(rows([2.0, 1.5, 1.2, 1.0], [2.1, 1.9, 2.0, 2.2]))
    assert warning is not None
    # It names the best epoch, the numbers and what to do.
    assert "epoch 2" in warning and "1.900" in warning and "2.200" in warning
    assert "dropout" in warning and "restore best" in warning


def test_a_small_wiggle_of_the_validation_loss_is_not_overfitting():
    assert overfitting_warning(rows([2.0, 1.8, 1.7, 1.6], [2.1, 1.9, 1.905, 1.91])) is None


def test_both_losses_rising_is_divergence_not_overfitting():
    assert overfitting_warning(rows([2.0, 1.8, 2.5, 3.0], [2.1, 1.9, 2.6, 3.1])) is None


def test_too_few_epochs_or_missing_values_give_no_warning():
    assert overfitting_warning([]) is None
    assert overfitting_warning(rows([2.0, 1.0], [1.0, 3.0])) is None
    no_val = [{"epoch": i, "loss": 2.0 - i / 10} for i in range(1, 6)]
    assert overfitting_warning(no_val) is None
    nan = rows([2.0, 1.5, 1.2, 1.0], [2.1, 1.9, math.nan, math.nan])
    assert overfitting_warning(nan) is None


def test_ngram_comparison_says_how_far_ahead_the_lstm_is():
    rng = np.random.default_rng(0)
    train, val = rng.integers(0, 5, 2000), rng.integers(0, 5, 300)
    report = evaluate_baselines(train, val, 5, max_order=3)
    ahead = ngram_comparison(report.best_loss * 0.9, report)
    assert ahead["ahead"] and ahead["ratio"] == pytest.approx(0.9)
    assert ahead["gap"] == pytest.approx(report.best_loss * 0.1)
    assert ahead["best_order"] == report.best_order
    behind = ngram_comparison(report.best_loss + 0.5, report)
    assert not behind["ahead"] and behind["gap"] == pytest.approx(-0.5)


def test_ngram_comparison_refuses_a_loss_that_is_not_a_number():
    report = evaluate_baselines(np.arange(10) % 3, np.arange(6) % 3, 3, max_order=2)
    with pytest.raises(ConfigError, match="lstm_loss"):
        ngram_comparison(math.nan, report)


def test_early_stopping_waits_patience_epochs_after_the_best_and_says_why():
    import keras

    from seqgen import History
    from seqgen.callbacks import EarlyStop

    history = History()
    stop = EarlyStop(history, patience=2)
    stop.set_model(keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)]))
    stop.model.stop_training = False
    for epoch, val in enumerate([1.0, 0.9, 0.95]):
        stop.on_epoch_end(epoch, {"val_loss": val})
    assert not stop.model.stop_training  # one epoch without improvement: keep going
    stop.on_epoch_end(3, {"val_loss": 0.97})
    assert stop.model.stop_training
    assert "2 epochs" in history.message and "epoch 2" in history.message


def test_patience_must_be_a_positive_whole_number():
    from seqgen import TrainConfig

    assert TrainConfig().patience is None  # early stopping is off unless asked for
    with pytest.raises(ConfigError, match="patience"):
        TrainConfig(patience=0)


def test_held_out_windows_cover_the_stream_in_long_equal_windows():
    from seqgen.dataset import piece_windows

    ids = np.arange(2500)
    x, y, w = piece_windows(ids, context=1024)
    # 2,499 targets in 3 windows of 833: each token sees up to 832 tokens before it.
    assert x.shape == y.shape == w.shape == (3, 833) and w.all()
    assert np.array_equal(x.ravel(), ids[:2499]) and np.array_equal(y.ravel(), ids[1:2500])


def test_held_out_pieces_start_fresh_windows_after_each_eos():
    from seqgen.dataset import piece_windows

    eos = 0
    ids = np.array([5, 1, 2, eos, 3, 4, eos, 6])
    x, y, w = piece_windows(ids, context=2, eos_id=eos)
    # Pieces of 3, 3 and 1 inputs (each after the first opening on its <eos>), cut
    # into windows of at most 2 and padded to 2 with weight 0.
    assert x.tolist() == [[5, 1], [2, 0], [eos, 3], [4, 0], [eos, 0]]
    assert w.tolist() == [[1, 1], [1, 0], [1, 1], [1, 0], [1, 0]]
    # Every target is scored exactly once, in order.
    assert y[w > 0].tolist() == ids[1:].tolist()
