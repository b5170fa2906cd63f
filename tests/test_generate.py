"""Tests for seqgen.generate: the numpy decoding loop, sampling and seeds."""

import keras
import numpy as np
import pytest

from seqgen import (
    ZERO_INPUT,
    GenerationError,
    ModelConfig,
    NumpyLSTM,
    SampleConfig,
    Vocab,
    build_model,
    generate,
    next_token_probs,
)
from seqgen.generate import pick
from seqgen.model import lstm_layers

V = 9


def randomised(cfg: ModelConfig, seed: int = 0) -> keras.Model:
    model = build_model(cfg)
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, 0.6, w.shape).astype("float32") for w in model.weights])
    return model


@pytest.mark.parametrize("encoding", ["onehot", "embedding"])
@pytest.mark.parametrize("layers", [1, 2])
def test_numpy_lstm_gives_the_keras_logits_at_every_step(encoding, layers):
    cfg = ModelConfig(vocab_size=V, units=7, layers=layers, encoding=encoding, embedding_dim=4)
    model = randomised(cfg, seed=layers)
    ids = np.random.default_rng(5).integers(1, V, size=(2, 12))  # one piece: no <eos> (0)
    expected = model(ids.astype("int32")).numpy()  # (2, 12, V)
    net = NumpyLSTM.from_model(model)
    state = net.initial_state(2)
    for t in range(ids.shape[1]):
        logits, state = net.step(ids[:, t], state)  # one step, state carried
        np.testing.assert_allclose(logits, expected[:, t], atol=1e-5, rtol=0)
    assert np.abs(expected).max() > 0.5


def test_the_zero_vector_x0_is_the_cell_applied_to_zeros():
    cfg = ModelConfig(vocab_size=V, units=5, encoding="onehot")
    model = randomised(cfg)
    cell = lstm_layers(model)[0].cell
    zeros = np.zeros((1, V), "float32")
    a, _ = cell(zeros, [np.zeros((1, 5), "float32")] * 2)
    expected = model.get_layer("dense")(a).numpy()
    logits, _ = NumpyLSTM.from_model(model).step(np.array([ZERO_INPUT]), [(np.zeros((1, 5)),) * 2])
    np.testing.assert_allclose(logits, expected, atol=1e-5)
    # The zero vector is not the same as any token's one-hot vector.
    token0, _ = NumpyLSTM.from_model(model).step(np.array([0]), [(np.zeros((1, 5)),) * 2])
    assert np.abs(token0 - logits).max() > 1e-3


def keras_argmax_loop(model, vocab, seed, length):
    """Greedy decoding by re-running the whole growing prefix through Keras (slow, obvious)."""
    ids = vocab.encode(seed)
    out = []
    for _ in range(length):
        logits = model(np.array([ids], dtype="int32"), training=False).numpy()[0, -1]
        ids.append(int(logits.argmax()))
        out.append(vocab.tokens[ids[-1]])
    return tuple(out)


def test_argmax_generation_equals_the_keras_loop_over_the_growing_prefix(tiny_result, tiny_net):
    seed = list("The fox ")
    cfg = SampleConfig(length=20, argmax=True)
    ours = generate(tiny_net, tiny_result.vocab, seed, cfg).outputs[0]
    assert ours == keras_argmax_loop(tiny_result.model, tiny_result.vocab, seed, 20)


def test_argmax_is_deterministic_whatever_the_random_seed(tiny_result, tiny_net):
    runs = {
        generate(tiny_net, tiny_result.vocab, "the", SampleConfig(argmax=True, random_seed=s))
        for s in (0, 1, 2)
    }
    assert len(runs) == 1


def test_the_same_random_seed_gives_the_same_sample_and_another_seed_a_different_one(
    tiny_result, tiny_net
):
    def sample(seed):
        cfg = SampleConfig(length=80, temperature=1.2, top_p=None, random_seed=seed)
        return generate(tiny_net, tiny_result.vocab, "the ", cfg).outputs[0]

    assert sample(4) == sample(4)
    assert sample(4) != sample(5)


def test_variations_come_as_a_batch_of_different_continuations(tiny_result, tiny_net):
    cfg = SampleConfig(length=40, temperature=1.5, top_p=None, random_seed=0)
    out = generate(tiny_net, tiny_result.vocab, "the ", cfg, variations=5)
    assert len(out.outputs) == 5 and all(len(o) == 40 for o in out.outputs)
    assert len(set(out.outputs)) > 1
    greedy = generate(tiny_net, tiny_result.vocab, "the ", SampleConfig(argmax=True), 3)
    assert len(set(greedy.outputs)) == 1  # argmax rows cannot differ
    for bad in (0, 65):
        with pytest.raises(GenerationError, match="variations"):
            generate(tiny_net, tiny_result.vocab, "the", cfg, variations=bad)


def test_unknown_seed_tokens_are_dropped_and_reported(tiny_result, tiny_net):
    out = generate(tiny_net, tiny_result.vocab, list("the ☃fox明"), SampleConfig(length=5))
    assert out.seed == tuple("the fox")
    assert out.dropped == ("☃", "明")


def test_a_seed_of_only_unknown_tokens_is_refused_with_the_tokens_named(tiny_result, tiny_net):
    with pytest.raises(GenerationError, match="☃明"):
        generate(tiny_net, tiny_result.vocab, list("☃明"), SampleConfig(length=5))


def test_an_empty_seed_starts_from_the_zero_vector(tiny_result, tiny_net):
    cfg = SampleConfig(length=15, argmax=True)
    out = generate(tiny_net, tiny_result.vocab, [], cfg)
    assert out.seed == () and out.dropped == () and len(out.outputs[0]) == 15
    logits, _ = tiny_net.step(np.array([ZERO_INPUT]), tiny_net.initial_state(1))
    assert out.outputs[0][0] == tiny_result.vocab.tokens[int(logits.argmax())]


def test_generation_stops_at_the_end_of_piece_token_when_asked():
    vocab = Vocab(("<eos>", "<unk>", "a", "b"))
    cfg = ModelConfig(vocab_size=4, units=3, encoding="onehot")
    net = NumpyLSTM.from_model(build_model(cfg))
    net.dense_w[:] = 0.0
    net.dense_b[:] = [10.0, -10, -10, -10]  # <eos> is always the most likely token
    out = generate(net, vocab, "ab", SampleConfig(length=50, argmax=True, stop_at_eos=True))
    assert out.outputs == ((),)
    endless = generate(net, vocab, "ab", SampleConfig(length=50, argmax=True))
    assert endless.outputs[0] == ("<eos>",) * 50


LOGITS = np.log(np.array([[0.5, 0.3, 0.15, 0.05]]))


def support(p):
    return int((p > 0).sum())


def test_temperature_one_is_the_softmax_and_lower_temperatures_sharpen_it():
    p1 = next_token_probs(LOGITS, SampleConfig(temperature=1.0, top_p=None))
    np.testing.assert_allclose(p1, [[0.5, 0.3, 0.15, 0.05]], atol=1e-12)
    cold = next_token_probs(LOGITS, SampleConfig(temperature=0.25, top_p=None))
    hot = next_token_probs(LOGITS, SampleConfig(temperature=4.0, top_p=None))
    assert cold[0, 0] > 0.85 and 0.25 < hot[0, 0] < 0.35
    assert np.all(np.diff(cold[0]) < 0)  # the order of the tokens is kept


@pytest.mark.parametrize(("k", "size"), [(1, 1), (2, 2), (3, 3), (4, 4), (50, 4)])
def test_top_k_keeps_the_k_most_likely_tokens(k, size):
    p = next_token_probs(LOGITS, SampleConfig(temperature=1.0, top_k=k, top_p=None))
    assert support(p) == size
    assert np.all(p[0, :size] > 0) and p.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(p[0, :size], LOGITS_P[:size] / LOGITS_P[:size].sum())


LOGITS_P = np.array([0.5, 0.3, 0.15, 0.05])


# Masses chosen away from the exact boundaries 0.5, 0.8, 0.95 (float rounding decides there).
@pytest.mark.parametrize(
    ("top_p", "size"), [(0.3, 1), (0.45, 1), (0.6, 2), (0.75, 2), (0.9, 3), (0.97, 4)]
)
def test_top_p_keeps_the_smallest_set_reaching_the_mass(top_p, size):
    p = next_token_probs(LOGITS, SampleConfig(temperature=1.0, top_p=top_p))
    assert support(p) == size
    assert set(np.flatnonzero(p[0])) == set(range(size))
    assert support(next_token_probs(LOGITS, SampleConfig(temperature=1.0, top_p=1.0))) == 4


def test_top_k_and_top_p_combine_and_rows_are_independent():
    logits = np.vstack([LOGITS, LOGITS[:, ::-1]])
    p = next_token_probs(logits, SampleConfig(temperature=1.0, top_k=3, top_p=0.6))
    assert support(p[:1]) == 2 and support(p[1:]) == 2
    assert p[1, 3] > 0 and p[1, 2] > 0 and p[1, 0] == 0
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_sampling_draws_tokens_with_the_shaped_probabilities():
    cfg = SampleConfig(temperature=1.0, top_p=0.9)  # keeps 0.5, 0.3, 0.15
    rng = np.random.default_rng(0)
    logits = np.repeat(LOGITS, 20_000, axis=0)
    counts = np.bincount(pick(logits, cfg, rng), minlength=4) / 20_000
    np.testing.assert_allclose(counts, [0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0.0], atol=0.015)


def test_a_thousand_tokens_are_generated_in_one_call(tiny_result, tiny_net):
    # Speed is shown by `python -m bench`, not by timing a test on a shared machine.
    out = generate(tiny_net, tiny_result.vocab, "the ", SampleConfig(length=1000, top_k=10))
    assert len(out.outputs[0]) == 1000
