"""The benchmark's baselines compute what they claim to (bench/keras_baselines.py)."""

from __future__ import annotations

import numpy as np
import pytest

from bench.keras_baselines import djmodel

TX, UNITS, N_VALUES, M = 4, 8, 6, 5


def _fit_once(model):
    rng = np.random.default_rng(0)
    eye = np.eye(N_VALUES, dtype=np.float32)
    x, y = eye[rng.integers(0, N_VALUES, (M, TX))], eye[rng.integers(0, N_VALUES, (M, TX))]
    zeros = np.zeros((M, UNITS), np.float32)
    return model.fit([x, zeros, zeros], list(y.swapaxes(0, 1)), epochs=2, verbose=0).history


def test_the_exercise_model_keeps_an_accuracy_per_output_and_decays_its_rate():
    model = djmodel(TX, UNITS, N_VALUES)
    history = _fit_once(model)
    assert any(k.endswith("accuracy") for k in history)
    # Keras 2's metrics=['accuracy'] on each of the Tx outputs (one shared name in history)
    metrics = [type(m).__name__ for m in model._compile_metrics.metrics]
    assert metrics == ["CategoricalAccuracy"] * TX
    assert int(model.optimizer.iterations) == 2
    # Keras 2's Adam(lr=0.01, decay=0.01): lr / (1 + 0.01 * iterations)
    assert float(model.optimizer._get_current_learning_rate()) == pytest.approx(0.01 / 1.02)


def test_the_lean_variant_has_neither():
    model = djmodel(TX, UNITS, N_VALUES, as_exercise=False)
    history = _fit_once(model)
    assert not [k for k in history if k.endswith("accuracy")]
    assert float(model.optimizer._get_current_learning_rate()) == pytest.approx(0.01)
