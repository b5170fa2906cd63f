"""The fast decoding loop (seqgen/decoder.py) computes what the reference step and Keras compute."""

import contextlib

import keras
import numpy as np
import pytest

from seqgen import ModelConfig, NumpyLSTM, SampleConfig, Vocab, build_model, decoder, generate
from seqgen.decoder import Decoder, Helper, Pace, column_blocks, sampler, single_thread_blas
from seqgen.generate import ZERO_INPUT, next_token_probs, pick

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
    ids = np.random.default_rng(1).integers(1, V, size=(3, 20))  # one piece: no <eos> (0)
    expected = model.predict(ids, verbose=0)  # (3, 20, V)
    dec = Decoder(net)
    state = dec.start(3)
    for t in range(ids.shape[1]):
        logits = dec.step(ids[:, t], state)
        np.testing.assert_allclose(logits, expected[:, t], atol=1e-5)


@pytest.mark.parametrize("layers", [1, 2])
def test_a_piece_after_eos_starts_from_the_zero_state_in_both_loops(layers):
    model, net = tiny_net(layers, "embedding")
    stream = np.array([[3, 4, 5, 6, 0, 7, 8, 2, 9]])  # a piece, then <eos> opens the next
    fresh = model.predict(stream[:, 4:], verbose=0)[0]  # the second piece alone
    dec, state = Decoder(net), net.initial_state(1)
    fast_state = dec.start(1)
    for t in range(stream.shape[1]):
        reference, state = net.step(stream[:, t], state)
        fast = dec.step(stream[:, t], fast_state)
        if t >= 4:  # from the <eos> on, both equal Keras on a fresh window
            np.testing.assert_allclose(reference[0], fresh[t - 4], atol=1e-5)
            np.testing.assert_allclose(fast[0], fresh[t - 4], atol=1e-5)
    carried = model.predict(stream, verbose=0)[0, 4:]  # the state carried across <eos>
    assert np.abs(carried - fresh).max() > 1e-3  # so the reset is what made them equal


def test_fast_step_matches_the_reference_step_from_the_zero_vector():
    _, net = tiny_net(2)
    dec = Decoder(net)
    fast_state = dec.start(2)
    state = net.initial_state(2)
    ids = np.array([ZERO_INPUT, ZERO_INPUT])
    for token in [3, 5, 7, 1]:
        fast = dec.step(ids, fast_state)
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


@pytest.mark.parametrize("scale", [0.01, 1.0, 8.0])  # nearly flat, typical, peaked
def test_sampler_and_pick_agree_on_flat_and_peaked_rows_of_a_large_vocabulary(scale):
    logits = (np.random.default_rng(3).normal(size=(16, 300)) * scale).astype(np.float32)
    fast, ref = np.random.default_rng(7), np.random.default_rng(7)
    for cfg in (SampleConfig(), SampleConfig(top_p=0.5), SampleConfig(top_k=40, top_p=0.9)):
        draw = sampler(cfg)
        for _ in range(30):
            np.testing.assert_array_equal(draw(logits, fast), pick(logits, cfg, ref))


def test_top_p_keeps_tied_tokens_together_in_the_reference_and_the_kernel():
    # Probabilities 0.4 and three ties of 0.2: the nucleus for 0.5 needs one of the ties,
    # and then takes all three (which one would be arbitrary), never just some of them.
    logits = np.log(np.array([[0.4, 0.2, 0.2, 0.2]]))
    cfg = SampleConfig(temperature=1.0, top_p=0.5)
    np.testing.assert_allclose(next_token_probs(logits, cfg), [[0.4, 0.2, 0.2, 0.2]])
    seen = set()
    draw, rng, ref = sampler(cfg), np.random.default_rng(0), np.random.default_rng(0)
    for _ in range(400):
        ids = draw(logits, rng)
        np.testing.assert_array_equal(ids, pick(logits, cfg, ref))
        seen.add(int(ids[0]))
    assert seen == {0, 1, 2, 3}


def test_the_nucleus_found_by_selection_is_the_one_found_by_sorting():
    from seqgen.kernels import nucleus_least

    rng = np.random.default_rng(11)
    for _ in range(300):
        p = np.exp(rng.normal(size=rng.integers(2, 120)) * rng.uniform(0.1, 6))
        p[rng.random(p.size) < 0.1] = 0.0  # tokens that top-k removed
        p[rng.integers(0, p.size)] = p.max()  # a tie at the top
        for q in (p, p / p.max()):  # any scale, and as `draw` passes it (largest 1.0)
            limit = rng.uniform(0.05, 0.99) * q.sum()
            ranked = np.sort(q)[::-1]
            before = np.cumsum(ranked) - ranked
            expected = ranked[(before < limit).sum() - 1]
            assert nucleus_least(q, np.empty_like(q), limit) == expected


def test_greedy_generation_equals_a_greedy_loop_over_the_keras_model():
    model, net = tiny_net(1)
    vocab = Vocab.build([list("abcdefghij")])
    out = generate(net, vocab, list("abc"), SampleConfig(length=15, argmax=True))
    ids = vocab.encode(list("abc"))
    for _ in range(15):  # re-run the piece so far in Keras each time: slow but plainly right
        opens = [i for i, t in enumerate(ids) if t == vocab.eos_id]  # a piece opens on <eos>
        piece = ids[opens[-1] :] if opens else ids
        logits = model.predict(np.array([piece]), verbose=0)[0, -1]
        ids.append(int(logits.argmax()))
    assert vocab.eos_id in ids  # this net draws <eos>, and the next piece starts afresh
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


@pytest.mark.parametrize("split", [False, True])
@pytest.mark.parametrize(
    "k,depth,width", [(1, 16, 60), (1, 512, 2113), (4, 256, 1124), (32, 512, 2113)]
)
def test_column_blocks_cover_every_column_once_and_halve_only_when_split(k, depth, width, split):
    mine, theirs = column_blocks(k, depth, width, split)
    cuts = [lo for lo, _ in mine + theirs] + [(mine + theirs)[-1][1]]
    assert cuts[0] == 0 and cuts[-1] == width and cuts == sorted(set(cuts))
    assert bool(theirs) == split and (not split or len(mine) == len(theirs))


def test_a_few_rows_get_blocks_small_enough_for_the_small_matrix_kernel():
    mine, theirs = column_blocks(4, 512, 2113)
    assert not theirs and len(mine) > 1
    assert all(4 * 512 * (hi - lo) <= decoder.SMALL_GEMM for lo, hi in mine)


def test_small_weights_make_two_row_groups_and_large_ones_share_products_by_columns():
    _, small = tiny_net(1)
    dec = Decoder(small)
    assert dec.plan(1) == (1, 1, False) and dec.plan(8) == (2, 4, False)
    assert dec.plan(3) == (2, 2, False)  # with one padding row
    assert not dec.shared(1) and dec.shared(2)  # 16 units: one row is not worth a second core
    _, large = tiny_net(1, units=512)  # 4.3 MB of weights: more than a core's L2 cache
    dec = Decoder(large)
    assert dec.plan(1) == (1, 1, True) and dec.plan(8) == (1, 8, True)


@pytest.mark.parametrize("k,row_groups", [(1, True), (3, True), (8, True), (3, False), (8, False)])
def test_steps_with_the_helper_thread_give_exactly_the_same_logits(monkeypatch, k, row_groups):
    monkeypatch.setattr(decoder, "SHARED", 0)  # share even a tiny product of one row
    if not row_groups:  # as for weights too large for a core's cache: share by columns
        monkeypatch.setattr(decoder, "ROW_GROUP_BYTES", 0)
    _, net = tiny_net(2)
    dec = Decoder(net)
    assert dec.plan(k)[0] == (2 if row_groups and k > 1 else 1)
    alone, shared = dec.start(k), dec.start(k)
    ids = np.full(k, ZERO_INPUT)
    with Helper.maybe(True, shared) as helper:
        for token in [3, 5, 7, 1]:
            alone.u[:] = shared.u[:] = np.linspace(0.05, 0.95, k)
            expected = dec.step(ids, alone, sample=True).copy()
            np.testing.assert_array_equal(dec.step(ids, shared, helper, sample=True), expected)
            np.testing.assert_array_equal(shared.drawn, alone.drawn)
            ids = np.arange(k) % 5 + token


def test_generation_draws_the_same_ids_whether_or_not_a_helper_thread_runs(monkeypatch):
    monkeypatch.setattr(decoder, "SHARED", 0)  # share even a tiny product
    _, net = tiny_net(1)
    vocab = Vocab.build([list("abcdefghij")])
    cfg = SampleConfig(length=60, random_seed=4)
    shared = generate(net, vocab, list("ab"), cfg, variations=3)
    monkeypatch.setattr(Helper, "maybe", lambda wanted, state: contextlib.nullcontext())
    assert generate(net, vocab, list("ab"), cfg, variations=3) == shared


class FakeHelper:
    """Notes whether it was told to spin (resume) or to sleep (park) at each step."""

    def __init__(self):
        self.spinning = []

    def resume(self):
        self.spinning.append(True)

    def park(self):
        self.spinning.append(False)


def test_pace_takes_the_faster_way_and_tries_the_other_now_and_then():
    helper = FakeHelper()
    pace, chosen = Pace(helper), []
    for _ in range(2 * Pace.RETRY):
        with pace as used:
            chosen.append(used)
        pace.cost = [1.0, 2.0]  # as if one core alone were faster
    assert chosen[:2] == [None, helper]  # each way timed once to begin with
    assert chosen.count(helper) == 2  # then only every RETRY steps
    # The helper spins in the steps that use it and in the step before (waking it takes
    # longer than a step), and sleeps in the others.
    expected = [
        used is helper or (i + 1 < len(chosen) and chosen[i + 1] is helper)
        for i, used in enumerate(chosen)
    ]
    assert helper.spinning[: len(chosen) - 1] == expected[:-1]
    with Pace(None) as used:
        assert used is None


def test_the_compiled_tanh_is_within_a_float32_rounding_of_numpy():
    from seqgen.decoder import compiled

    x = np.concatenate(
        [np.linspace(-12, 12, 20001), [0.0, 1e-5, -3e-4, 4e-4, 7.9, -7.91, np.inf, -np.inf]]
    ).astype(np.float32)
    out = np.empty_like(x)
    compiled().tanh_array(x, out)
    np.testing.assert_allclose(out, np.tanh(x), atol=3e-7, rtol=0)
    assert np.all(np.abs(out) <= 1.0)
