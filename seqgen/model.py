"""Build the many-to-many LSTM: `model = build_model(ModelConfig(vocab_size=65))`.

The network of the teaching material: token ids (m, Tx) -> one-hot (m, Tx, n_values)
or embedding -> ONE LSTM cell shared by every time step (Keras' LSTM layer runs
the same cell over all Tx steps) -> Dense at each step giving logits over the
vocabulary (the softmax is applied by the loss and at generation). No I/O here.
"""

from __future__ import annotations

import keras
from keras import layers, ops

from .config import ModelConfig
from .errors import ConfigError


@keras.saving.register_keras_serializable(package="seqgen")
class OneHot(layers.Layer):
    """ids (m, Tx) -> one-hot vectors (m, Tx, n_values), as X in the original exercise."""

    def __init__(self, depth: int, **kwargs):
        super().__init__(**kwargs)
        self.depth = depth

    def call(self, ids):
        return ops.one_hot(ids, self.depth)

    def get_config(self):
        return {**super().get_config(), "depth": self.depth}


@keras.saving.register_keras_serializable(package="seqgen")
class TiedDropoutLSTMCell(layers.LSTMCell):
    """keras' LSTMCell, but its recurrent dropout drops the same units of a<t-1> for all
    four gates (one mask per sequence, as in Gal and Ghahramani's variational LSTM with
    tied weights), so a training step stays one fused product (x W + a U + b).

    Keras' own cell draws a mask per gate and splits the step into eight products,
    which made the chorales' 3min preset train about half as many epochs in the same
    three minutes. Without dropout (at inference) both compute the same equations."""

    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)
        self.implementation = 2  # the fused step (keras falls back to 1 for dropout)
        self.dropout_mask_count = None  # one mask, not one per gate

    def call(self, inputs, states, training=False):
        a_prev, c_prev = states[0], states[1]
        if training and 0.0 < self.recurrent_dropout < 1.0:
            a_prev = a_prev * self.get_recurrent_dropout_mask(a_prev)
        return super().call(inputs, [a_prev, c_prev], training=training)


def lstm_layer(cfg: ModelConfig, name: str):
    """One LSTM layer of `cfg.units` returning all Tx outputs (the cell shared by the steps)."""
    if cfg.recurrent_dropout > 0:
        cell = TiedDropoutLSTMCell(cfg.units, recurrent_dropout=cfg.recurrent_dropout)
        return layers.RNN(cell, return_sequences=True, name=name)
    return layers.LSTM(cfg.units, return_sequences=True, name=name)


def build_model(cfg: ModelConfig) -> keras.Model:
    """The training network; its input length is free, so building costs the same for any Tx."""
    if cfg.vocab_size < 2:
        raise ConfigError(
            f"vocab_size must be at least 2 to learn anything; it is {cfg.vocab_size}."
        )
    ids = keras.Input(shape=(None,), dtype="int32", name="token_ids")  # (m, Tx)
    if cfg.resolved_encoding == "onehot":
        x = OneHot(cfg.vocab_size, name="one_hot")(ids)  # (m, Tx, n_values)
    else:
        x = layers.Embedding(cfg.vocab_size, cfg.embedding_dim, name="embedding")(ids)
    for i in range(cfg.layers):
        # One LSTM cell, its weights shared across all Tx steps: (m, Tx, n_a).
        x = lstm_layer(cfg, f"lstm_{i + 1}")(x)
        if cfg.dropout > 0:
            x = layers.Dropout(cfg.dropout, name=f"dropout_{i + 1}")(x)
    logits = layers.Dense(cfg.vocab_size, name="dense")(x)  # (m, Tx, n_values)
    return keras.Model(ids, logits, name="seqgen_lstm")


def weight_shapes(cfg: ModelConfig) -> list[tuple[int, ...]]:
    """The shapes of `build_model(cfg).weights`, in order, without building anything
    (so a model file can be checked before any memory is spent on it)."""
    v, n = cfg.vocab_size, cfg.units
    shapes, n_in = [], v  # one-hot input: x<t> has n_values entries
    if cfg.resolved_encoding == "embedding":
        shapes.append((v, cfg.embedding_dim))
        n_in = cfg.embedding_dim
    for _ in range(cfg.layers):
        shapes += [(n_in, 4 * n), (n, 4 * n), (4 * n,)]  # W, U, b of the gates i, f, g, o
        n_in = n
    return shapes + [(n, v), (v,)]  # Dense


def lstm_layers(model: keras.Model) -> list:
    """The model's LSTM layers, bottom first."""
    return [layer for layer in model.layers if isinstance(layer, layers.RNN)]


def count_params(model: keras.Model) -> dict[str, int]:
    """Parameter count per layer, for the diagram and the CLI."""
    return {layer.name: int(layer.count_params()) for layer in model.layers if layer.weights}
