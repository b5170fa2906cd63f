"""Tests for seqgen.model: the many-to-many LSTM equals a per-step loop over ONE shared cell.

This equality is what the app teaches: Keras' LSTM layer over Tx steps is the same
LSTM cell (same weights) applied at every time step, carrying (a, c) forward, with
the same Dense layer reading each step's hidden state.
"""

import keras
import numpy as np
import pytest

from seqgen import ConfigError, ModelConfig, build_model, count_params
from seqgen.model import lstm_layers

V, N_A, TX, M = 11, 6, 9, 3  # n_values, n_a, Tx, m


def randomised(cfg: ModelConfig, seed: int = 0) -> keras.Model:
    """A model with random weights large enough that every gate matters."""
    model = build_model(cfg)
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, 0.6, w.shape).astype("float32") for w in model.weights])
    return model


def input_vectors(model: keras.Model, cfg: ModelConfig, ids: np.ndarray) -> np.ndarray:
    """x<t> for every step, computed independently of the model's own input layer."""
    if cfg.resolved_encoding == "onehot":
        return np.eye(cfg.vocab_size, dtype="float32")[ids]  # (m, Tx, n_values)
    table = model.get_layer("embedding").get_weights()[0]  # (n_values, embedding_dim)
    return table[ids]  # (m, Tx, embedding_dim)


def explicit_loop(model: keras.Model, cfg: ModelConfig, ids: np.ndarray) -> np.ndarray:
    """The original exercise: for t in range(Tx): a, c = cell(x<t>, [a, c]); y<t> = Dense(a)."""
    x = input_vectors(model, cfg, ids)
    cells = []
    for layer, n_in in zip(lstm_layers(model), [x.shape[-1]] + [cfg.units] * cfg.layers):
        cell = keras.layers.LSTMCell(cfg.units)  # ONE fresh cell per layer ...
        cell.build((None, n_in))
        cell.set_weights(layer.get_weights())  # ... with the trained layer's weights
        cells.append(cell)
    dense = keras.layers.Dense(cfg.vocab_size)
    dense.build((None, cfg.units))
    dense.set_weights(model.get_layer("dense").get_weights())
    states = [[np.zeros((len(ids), cfg.units), "float32")] * 2 for _ in cells]  # a0 = c0 = 0
    outputs = []
    for t in range(ids.shape[1]):
        h = x[:, t]  # (m, n_x)
        for layer, cell in enumerate(cells):  # the same cell object at every step t
            h, states[layer] = cell(h, states[layer])  # (m, n_a), [a, c]
        outputs.append(keras.ops.convert_to_numpy(dense(h)))  # (m, n_values)
    return np.stack(outputs, axis=1)  # (m, Tx, n_values)


@pytest.mark.parametrize("encoding", ["onehot", "embedding"])
@pytest.mark.parametrize("layers", [1, 2])
def test_the_model_equals_the_per_step_loop_over_one_shared_cell(encoding, layers):
    cfg = ModelConfig(vocab_size=V, units=N_A, layers=layers, encoding=encoding, embedding_dim=5)
    model = randomised(cfg, seed=layers)
    ids = np.random.default_rng(7).integers(0, V, size=(M, TX)).astype("int32")
    expected = explicit_loop(model, cfg, ids)
    actual = keras.ops.convert_to_numpy(model(ids, training=False))
    assert actual.shape == (M, TX, V)
    assert np.abs(expected).max() > 0.5  # the comparison is not between near-zero numbers
    np.testing.assert_allclose(actual, expected, atol=1e-5, rtol=0)


def test_the_loop_with_a_different_cell_per_step_would_not_match():
    """Guards the test above: the loop is sensitive to which weights each step uses."""
    cfg = ModelConfig(vocab_size=V, units=N_A, encoding="onehot")
    model = randomised(cfg)
    ids = np.random.default_rng(1).integers(0, V, size=(M, TX)).astype("int32")
    other = randomised(cfg, seed=99)
    lstm = lstm_layers(other)[0]
    lstm.set_weights([w * 1.01 for w in lstm_layers(model)[0].get_weights()])
    other.get_layer("dense").set_weights(model.get_layer("dense").get_weights())
    assert np.abs(explicit_loop(other, cfg, ids) - model(ids).numpy()).max() > 1e-4


def test_dropout_is_off_at_inference_so_the_equality_still_holds():
    cfg = ModelConfig(vocab_size=V, units=N_A, layers=2, dropout=0.5, encoding="onehot")
    model = randomised(cfg)
    ids = np.random.default_rng(2).integers(0, V, size=(2, TX)).astype("int32")
    np.testing.assert_allclose(model(ids).numpy(), explicit_loop(model, cfg, ids), atol=1e-5)
    assert model.get_layer("dropout_1") is not None


def test_recurrent_dropout_masks_the_state_in_training_only():
    cfg = ModelConfig(vocab_size=V, units=N_A, recurrent_dropout=0.5, encoding="onehot")
    model = randomised(cfg)
    assert lstm_layers(model)[0].cell.recurrent_dropout == 0.5
    ids = np.random.default_rng(4).integers(0, V, size=(2, TX)).astype("int32")
    # Off when predicting: the cell computes the equations exactly.
    np.testing.assert_allclose(model(ids).numpy(), explicit_loop(model, cfg, ids), atol=1e-5)
    # On in training: the state fed back is masked, so the outputs change after step 1.
    trained = model(ids, training=True).numpy()
    assert np.abs(trained[:, 1:] - model(ids).numpy()[:, 1:]).max() > 1e-3


def test_recurrent_dropout_drops_the_same_units_for_all_four_gates():
    cfg = ModelConfig(vocab_size=V, units=N_A, recurrent_dropout=0.5, encoding="onehot")
    cell = lstm_layers(randomised(cfg))[0].cell
    rng = np.random.default_rng(5)
    x, a, c = (rng.normal(size=(3, n)).astype("float32") for n in (V, N_A, N_A))
    mask = (rng.random((3, N_A)) > 0.5).astype("float32") * 2.0  # kept units scaled by 2
    cell._recurrent_dropout_mask = mask  # the mask drawn for this sequence
    dropped, _ = cell(x, [a, c], training=True)
    cell.reset_recurrent_dropout_mask()
    # Equal to the plain step from the masked state: one mask, one fused product.
    plain, _ = cell(x, [a * mask, c], training=False)
    np.testing.assert_allclose(dropped.numpy(), plain.numpy(), atol=1e-6)
    assert np.abs(dropped.numpy() - cell(x, [a, c])[0].numpy()).max() > 1e-3


def test_one_model_serves_any_window_length():
    cfg = ModelConfig(vocab_size=V, units=N_A)
    model = build_model(cfg)
    ids = np.random.default_rng(3).integers(0, V, size=(1, 40)).astype("int32")
    long = model(ids).numpy()
    short = model(ids[:, :5]).numpy()
    # Many-to-many and causal: the first 5 outputs do not depend on later inputs.
    np.testing.assert_allclose(long[:, :5], short, atol=1e-6)


def test_parameter_counts_follow_the_lstm_formula():
    cfg = ModelConfig(vocab_size=V, units=N_A, encoding="onehot")
    counts = count_params(build_model(cfg))
    # 4 gates, each with W (n_x, n_a), U (n_a, n_a) and b (n_a).
    assert counts["lstm_1"] == 4 * (V * N_A + N_A * N_A + N_A)
    assert counts["dense"] == N_A * V + V
    emb = count_params(build_model(ModelConfig(vocab_size=V, units=N_A, encoding="embedding")))
    assert emb["embedding"] == V * 64


def test_a_vocabulary_of_fewer_than_two_tokens_is_refused():
    with pytest.raises(ConfigError, match="vocab_size"):
        build_model(ModelConfig(vocab_size=1, units=4))


@pytest.mark.parametrize(
    "cfg",
    [
        ModelConfig(vocab_size=V, units=N_A, encoding="onehot"),
        ModelConfig(vocab_size=V, units=N_A, layers=3, dropout=0.2, encoding="onehot"),
        ModelConfig(vocab_size=V, units=N_A, layers=2, encoding="embedding", embedding_dim=3),
        ModelConfig(vocab_size=300, units=4),  # "auto" resolves to an embedding
    ],
)
def test_weight_shapes_predicts_the_built_networks_weights(cfg):
    from seqgen.model import weight_shapes

    assert weight_shapes(cfg) == [tuple(w.shape) for w in build_model(cfg).weights]
