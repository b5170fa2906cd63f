"""Tests for seqgen.tfmemory: what TensorFlow would keep after training is freed."""

import gc
import importlib
import weakref

import numpy as np
import pytest

from seqgen import ModelConfig, TrainConfig, build_model

tfmemory = importlib.import_module("seqgen.tfmemory")


def custom_gradients() -> int:
    """Gradient functions in TensorFlow's global registry made by tf.custom_gradient."""
    from tensorflow.python.framework import ops

    return sum(name.startswith("CustomGradient") for name in ops._gradient_registry._registry)


def fit_tiny(steps: int = 2) -> list[np.ndarray]:
    """A new tiny model (one-hot input, clipnorm as in seqgen.train) fitted for `steps`
    batches from a fixed seed; returns its weights."""
    import keras

    from seqgen.train import compile_model

    keras.utils.set_random_seed(7)
    model = build_model(ModelConfig(units=8, vocab_size=11))
    compile_model(model, TrainConfig(learning_rate=1e-2))
    rng = np.random.default_rng(0)
    x = rng.integers(0, 11, size=(8 * steps, 6)).astype("int32")  # (m, Tx)
    model.fit(x, np.roll(x, -1, axis=1), batch_size=8, epochs=1, verbose=0, shuffle=False)
    return model.get_weights()


@pytest.fixture
def keras_own_step(monkeypatch):
    """Keras' own all-reduce step for this test (the patch, if any, comes back afterwards)."""
    from keras.src.backend.tensorflow.optimizer import TFOptimizer

    name = "_all_reduce_sum_gradients"
    step = getattr(TFOptimizer, name)
    monkeypatch.setattr(TFOptimizer, name, getattr(step, "__wrapped__", step))
    return TFOptimizer


def test_keras_own_training_step_leaves_a_gradient_function_behind_for_good(keras_own_step):
    """The leak itself: the reason for install()."""
    before = custom_gradients()
    fit_tiny()
    gc.collect()
    assert custom_gradients() > before


def test_after_install_training_leaves_nothing_behind_and_learns_the_same_weights(
    keras_own_step,
):
    TFOptimizer = keras_own_step
    keras_weights = fit_tiny()
    assert tfmemory.install() and tfmemory.install()  # a second call changes nothing
    assert not hasattr(TFOptimizer._all_reduce_sum_gradients.__wrapped__, "__wrapped__")
    before = custom_gradients()
    ours = fit_tiny()
    assert custom_gradients() == before
    for a, b in zip(ours, keras_weights, strict=True):  # a sum over one replica is skipped
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_dropping_the_traced_steps_frees_them_and_the_model_still_predicts():
    import keras

    from seqgen.train import compile_model

    model = build_model(ModelConfig(units=8, vocab_size=11))
    compile_model(model, TrainConfig())
    x = np.arange(12, dtype="int32").reshape(2, 6) % 11
    logits = model.predict_on_batch(x)
    traced = weakref.ref(model.predict_function)
    tfmemory.drop_traced_steps(model)
    gc.collect()
    assert traced() is None  # nothing (Keras, TensorFlow's tracking) holds it any more
    assert all(getattr(model, name) is None for name in tfmemory.STEP_FUNCTIONS)
    np.testing.assert_allclose(model.predict_on_batch(x), logits, rtol=1e-6)
    tfmemory.drop_traced_steps(keras.Sequential())  # nothing traced: nothing to do
