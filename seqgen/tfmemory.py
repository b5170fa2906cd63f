"""Flat memory in a server that trains many models: `install()` once, `drop_traced_steps(model)`.

Two things outlive a training run in a long-lived process (the app's server, where
every student trains and discards small models), measured with bench/memory.py:

1. Every trace of Keras' training step sums the gradients over replicas with
   `ReplicaContext.all_reduce`, which wraps them in a `tf.custom_gradient`. Inside a
   traced graph that registers a gradient function under a fresh name in TensorFlow's
   global gradient registry and never removes it; its closure holds the step's
   tensors, so the whole traced step graph and the variables it captured stay alive,
   10-20 MB per run even after the model is gone (tensorflow/tensorflow#80895).
   `keras.backend.clear_session()` does not free it, and is global anyway. With the
   default strategy (one replica, no `strategy.scope()`) that sum is the identity,
   so `install()` makes Keras skip it; under a real strategy nothing changes.
2. A trained model keeps its traced train/test/predict step functions, about 25 MB
   for the tiny preset. A finished job needs only the weights, so the job drops them;
   Keras traces them again if the model is evaluated or trained later.
"""

from __future__ import annotations

import contextlib
import functools
import threading

STEP_FUNCTIONS = ("train_function", "test_function", "predict_function")
_LOCK = threading.Lock()


def install() -> bool:
    """Make Keras' TensorFlow optimizers skip the identity all-reduce of the default
    strategy (see the module notes). Idempotent; False if this Keras has no such step."""
    import tensorflow as tf

    try:
        from keras.src.backend.tensorflow.optimizer import TFOptimizer
    except ImportError:  # another backend, or a Keras that moved it: nothing to patch
        return False
    with _LOCK:
        original = getattr(TFOptimizer, "_all_reduce_sum_gradients", None)
        if original is None:
            return False
        if getattr(original, "_seqgen_skips_default", False):
            return True

        @functools.wraps(original)
        def all_reduce_sum_gradients(self, grads_and_vars):
            if not tf.distribute.has_strategy():  # one replica: the sum is its input
                return list(grads_and_vars)
            return original(self, grads_and_vars)

        all_reduce_sum_gradients._seqgen_skips_default = True
        TFOptimizer._all_reduce_sum_gradients = all_reduce_sum_gradients
        return True


def drop_traced_steps(model) -> None:
    """Free the model's traced step functions; its weights and optimizer stay."""
    for name in STEP_FUNCTIONS:
        if getattr(model, name, None) is None:
            continue
        # Deleting (not only overwriting) also ends TensorFlow's checkpoint tracking
        # of the tf.function, which would otherwise keep its graphs alive.
        with contextlib.suppress(AttributeError):
            delattr(model, name)
        setattr(model, name, None)  # Keras traces a new one on the next use
