"""The fast decoding loop (seqgen/decoder.py) computes what the reference step and Keras compute."""

import keras
import numpy as np
import pytest

from seqgen import ModelConfig, NumpyLSTM, SampleConfig, Vocab, build_model, generate
from seqgen.decoder import Decoder, sampler, single_thread_blas
from seqgen.generate import ZERO_INPUT, pick

V = 12  # 10 tokens + <eos> + <unk>


def tiny_net(layers=1, encoding="onehot", units=16, seed=0):
    keras.utils.set_random_seed(seed)
    model = build_model(
        ModelConfig(vocab_size=V, units=units, layers=layers, encoding=encoding, embedding_dim=8)
    )
    # Larger weights than the initialiser's, so gates saturate and errors would show.
    model.set_weights([w * 3 for w in model.get_weights()])
    return model, NumpyLSTM.from_model(model)


@pytest.mark.parametrize("layers,encoding", [(1, "onehot"), (2, "embedding"), (3, "onehot")])
def test_fast_steps_match_keras_logits_at_every_position(layers, encoding):
    model, net = tiny_net(layers, encoding)
    ids = np.random.default_rng(1).integers(0, V, size=(3, 20))
    expected = model.predict(ids, verbose=0)  # (3, 20, V)
    dec = Decoder(net)
    rec, cells = dec.start(3)
    for t in range(ids.shape[1]):
        logits = dec.step(ids[:, t], rec, cells)
        np.testing.assert_allclose(logits, expected[:, t], atol=1e-5)


def test_fast_step_matches_the_reference_step_from_the_zero_vector():
    _, net = tiny_net(2)
    dec = Decoder(net)
    rec, cells = dec.start(2)
    state = net.initial_state(2)
    ids = np.array([ZERO_INPUT, ZERO_INPUT])
    for token in [3, 5, 7, 1]:
        fast = dec.step(ids, rec, cells)
        ref, state = net.step(ids, state)
        np.testing.assert_allclose(fast, ref, atol=1e-5)
        ids = np.array([token, (token + 2) % V])


@pytest.mark.parametrize(
    "cfg",
    [
        SampleConfig(),
        SampleConfig(temperature=1.7, top_p=None),
        SampleConfig(temperature=0.5, top_k=3, top_p=0.8),
        SampleConfig(top_k=1, top_p=None),
    ],
)
def test_sampler_draws_the_same_ids_as_pick_with_the_same_seed(cfg):
    logits = np.random.default_rng(2).normal(size=(8, V)) * 3
    fast, ref = np.random.default_rng(5), np.random.default_rng(5)
    draw = sampler(cfg)
    for _ in range(200):
        np.testing.assert_array_equal(draw(logits, fast), pick(logits, cfg, ref))


def test_greedy_generation_equals_a_greedy_loop_over_the_keras_model():
    model, net = tiny_net(1)
    vocab = Vocab.build([list("abcdefghij")])
    out = generate(net, vocab, list("abc"), SampleConfig(length=15, argmax=True))
    ids = vocab.encode(list("abc"))
    for _ in range(15):  # re-run the whole prefix in Keras each time: slow but plainly right
        logits = model.predict(np.array([ids]), verbose=0)[0, -1]
        ids.append(int(logits.argmax()))
    assert list(out.outputs[0]) == vocab.decode(ids[3:])


def test_generation_with_a_fixed_seed_repeats_exactly_and_rows_differ():
    _, net = tiny_net(1)
    vocab = Vocab.build([list("abcdefghij")])
    cfg = SampleConfig(length=40, temperature=1.5, random_seed=9)
    first = generate(net, vocab, list("ab"), cfg, variations=8)
    again = generate(net, vocab, list("ab"), cfg, variations=8)
    assert first == again
    assert len(set(first.outputs)) > 1


def test_single_thread_blas_nests_and_leaves_products_unchanged():
    a, b = np.ones((4, 8)), np.ones((8, 3))
    with single_thread_blas(), single_thread_blas():
        inside = a @ b
    np.testing.assert_array_equal(inside, a @ b)
