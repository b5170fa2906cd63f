"""The usual ways of running an LSTM in Keras, which seqgen is measured against.

`step_model(...)` + predict per token (a), the TensorFlow text-generation tutorial's
`OneStep` (b), and the original exercise's unrolled models: `inference_model` (c,
Ty copies of the shared cell, argmax fed back inside the graph) and `djmodel`
(training, a Python loop over Tx steps). Weights can be copied from a seqgen model,
so every approach computes the same network.
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops


def copy_weights(lstm_layer, dense_layer, seqgen_model) -> None:
    """Give the baseline's cell and dense layer the seqgen model's weights."""
    lstm_layer.set_weights(seqgen_model.get_layer("lstm_1").get_weights())
    dense_layer.set_weights(seqgen_model.get_layer("dense").get_weights())


# (a) one step as a Keras model, states as inputs and outputs; predict once per token.
def step_model(units: int, n_values: int, seqgen_model=None) -> keras.Model:
    x = keras.Input((n_values,))  # one-hot of the previous token
    a0, c0 = keras.Input((units,)), keras.Input((units,))
    cell = layers.LSTM(units, return_state=True)
    dense = layers.Dense(n_values, activation="softmax")
    a, _, c = cell(layers.Reshape((1, n_values))(x), initial_state=[a0, c0])
    model = keras.Model([x, a0, c0], [dense(a), a, c])
    if seqgen_model is not None:
        copy_weights(cell, dense, seqgen_model)
    return model


def predict_per_step(model, n_values: int, units: int, tokens: int, rng) -> list[float]:
    """Generate `tokens` tokens with one model.predict each; returns the seconds per call."""
    import time

    x = np.zeros((1, n_values), np.float32)  # x0 = 0, as in the exercise
    a = c = np.zeros((1, units), np.float32)
    times = []
    for _ in range(tokens):
        start = time.perf_counter()
        p, a, c = model.predict([x, a, c], verbose=0)
        token = rng.choice(n_values, p=p[0] / p[0].sum())
        x = np.zeros((1, n_values), np.float32)
        x[0, token] = 1.0
        times.append(time.perf_counter() - start)
    return times


# (b) TensorFlow's text generation tutorial: a subclassed model returning its states,
# and a OneStep module whose tf.function is called once per token (string lookups left out).
class TutorialModel(keras.Model):
    def __init__(self, n_values: int, units: int):
        super().__init__()
        self.n_values = n_values
        self.lstm = layers.LSTM(units, return_sequences=True, return_state=True)
        self.dense = layers.Dense(n_values)

    def call(self, inputs, states=None, return_state=False, training=False):
        x = tf.one_hot(inputs, self.n_values)
        x, h, c = self.lstm(x, initial_state=states, training=training)
        x = self.dense(x, training=training)
        return (x, [h, c]) if return_state else x


class OneStep(tf.Module):
    def __init__(self, model: TutorialModel, temperature: float = 0.8):
        super().__init__()
        self.model, self.temperature = model, temperature
        # Never sample <unk> (id 1), like the tutorial's prediction mask for "[UNK]".
        mask = np.zeros(model.n_values, np.float32)
        mask[1] = -np.inf
        self.prediction_mask = tf.constant(mask)

    @tf.function
    def generate_one_step(self, input_ids, states):
        logits, states = self.model(inputs=input_ids, states=states, return_state=True)
        logits = logits[:, -1, :] / self.temperature + self.prediction_mask
        predicted_ids = tf.random.categorical(logits, num_samples=1)
        return tf.cast(predicted_ids, tf.int32), states


def tutorial_generator(units: int, n_values: int, seqgen_model=None) -> OneStep:
    model = TutorialModel(n_values, units)
    model(tf.zeros((1, 1), tf.int32))  # build
    if seqgen_model is not None:
        copy_weights(model.lstm, model.dense, seqgen_model)
    return OneStep(model)


def tutorial_generate(one_step: OneStep, units: int, tokens: int) -> list:
    """The tutorial's loop: call generate_one_step once per token, feeding ids and states back."""
    ids = tf.zeros((1, 1), tf.int32)
    states = [tf.zeros((1, units)), tf.zeros((1, units))]
    out = []
    for _ in range(tokens):
        ids, states = one_step.generate_one_step(ids, states)
        out.append(ids)
    return [int(i[0, 0]) for i in out]


# (c) the original exercise's inference model: Ty copies of the shared cell in one graph.
def inference_model(units: int, n_values: int, ty: int, seqgen_model=None) -> keras.Model:
    cell = layers.LSTM(units, return_state=True)
    densor = layers.Dense(n_values, activation="softmax")
    x0 = keras.Input((1, n_values))
    a0, c0 = keras.Input((units,)), keras.Input((units,))
    x, a, c, outputs = x0, a0, c0, []
    for _ in range(ty):
        a, _, c = cell(x, initial_state=[a, c])
        out = densor(a)
        outputs.append(out)
        # Feed the argmax back as a one-hot (the exercise's one_hot + RepeatVector(1)).
        x = layers.Lambda(lambda t: ops.expand_dims(ops.one_hot(ops.argmax(t, -1), n_values), 1))(
            out
        )
    model = keras.Model([x0, a0, c0], outputs)
    if seqgen_model is not None:
        copy_weights(cell, densor, seqgen_model)
    return model


# Training baselines.
def djmodel(tx: int, units: int, n_values: int, as_exercise: bool = True) -> keras.Model:
    """The original exercise's training model: a Python loop over Tx steps of one cell.

    Compiled as the exercise compiles it (`Adam(lr=0.01, beta_1=0.9, beta_2=0.999,
    decay=0.01)`, `metrics=['accuracy']`, which Keras 2 applied to each of the Tx
    outputs; Keras 3 wants the list spelled out and the decay as a schedule). seqgen's
    trainer also keeps an accuracy. `as_exercise=False` leaves out the accuracies and
    the decay (the lighter baseline of the benchmark's earlier runs)."""
    X = keras.Input((tx, n_values))  # noqa: N806 - the exercise's names
    a0, c0 = keras.Input((units,)), keras.Input((units,))
    reshapor = layers.Reshape((1, n_values))
    cell = layers.LSTM(units, return_state=True)
    densor = layers.Dense(n_values, activation="softmax")
    a, c, outputs = a0, c0, []
    for t in range(tx):
        x = layers.Lambda(lambda z, t=t: z[:, t, :])(X)
        a, _, c = cell(reshapor(x), initial_state=[a, c])
        outputs.append(densor(a))
    model = keras.Model([X, a0, c0], outputs)
    if not as_exercise:
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy")
        return model
    # Keras 2's decay: lr / (1 + decay * iterations).
    lr = keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=0.01)
    model.compile(
        optimizer=keras.optimizers.Adam(lr, beta_1=0.9, beta_2=0.999),
        loss="categorical_crossentropy",
        metrics=["accuracy"] * tx,
    )
    return model


def plain_model(tx: int, units: int, n_values: int) -> keras.Model:
    """A plain Keras many-to-many LSTM on one-hot inputs."""
    model = keras.Sequential(
        [
            keras.Input((tx, n_values)),
            layers.LSTM(units, return_sequences=True),
            layers.Dense(n_values),
        ]
    )
    model.compile(
        optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    return model
