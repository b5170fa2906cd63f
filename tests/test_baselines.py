"""Tests for seqgen.baselines: Kneser-Ney probabilities, losses and the summary."""

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seqgen.baselines import (
    BaselineReport,
    KneserNey,
    evaluate_baselines,
    summary_sentence,
)
from seqgen.errors import ConfigError


def next_token_distribution(model: KneserNey, context, order: int) -> np.ndarray:
    """P(w | context) for every w, by scoring context + [w] one w at a time."""
    return np.array(
        [model.token_probs(np.array([*context, w]), order)[-1] for w in range(model.vocab_size)]
    )


class ReferenceKN:
    """Interpolated modified Kneser-Ney written from the definition, with dicts."""

    def __init__(self, train, vocab_size, order):
        self.V, self.N = vocab_size, order
        grams = {
            k: Counter(tuple(train[i : i + k]) for i in range(len(train) - k + 1))
            for k in range(1, order + 2)
        }
        self.counts = {order: dict(grams[order])}
        for k in range(1, order):  # continuation counts: distinct left neighbours
            self.counts[k] = Counter(g[1:] for g in grams[k + 1])
        self.d = {k: self.discounts(self.counts[k].values()) for k in self.counts}

    @staticmethod
    def discounts(values):
        n = [sum(1 for v in values if v == k) for k in (1, 2, 3, 4)]
        y = n[0] / (n[0] + 2 * n[1]) if n[0] + 2 * n[1] else 0.5
        return [0.0] + [
            min(max(k - (k + 1) * y * (n[k] / n[k - 1] if n[k - 1] else 0), 0.05), k)
            for k in (1, 2, 3)
        ]

    def prob(self, history, w, k=None):
        k = self.N if k is None else k
        if k == 0:
            return 1 / self.V
        if len(history) < k - 1:
            return self.prob(history, w, k - 1)
        h = tuple(history[len(history) - k + 1 :]) if k > 1 else ()
        follow = {g[-1]: c for g, c in self.counts[k].items() if g[:-1] == h and c > 0}
        total = sum(follow.values())
        lower = self.prob(history, w, k - 1)
        if total == 0:
            return lower
        d = self.d[k]
        gamma = sum(d[min(c, 3)] for c in follow.values())
        own = max(follow.get(w, 0) - d[min(follow.get(w, 0), 3)], 0)
        return (own + gamma * lower) / total


def test_probabilities_over_the_vocabulary_sum_to_one_for_seen_and_unseen_contexts():
    rng = np.random.default_rng(0)
    train = rng.integers(0, 5, size=300)
    model = KneserNey(train, vocab_size=6, max_order=4)  # token 5 never occurs
    contexts = [[], [2], list(train[10:13]), [5, 5, 5], [0, 5, 1], [3, 3]]
    for context in contexts:
        for order in range(1, 5):
            probs = next_token_distribution(model, context, order)
            assert probs.sum() == pytest.approx(1.0, abs=1e-12)
            assert (probs > 0).all()


@settings(max_examples=40, deadline=None)
@given(
    train=st.lists(st.integers(0, 3), min_size=1, max_size=40),
    context=st.lists(st.integers(0, 4), max_size=4),
    order=st.integers(1, 4),
)
def test_kneser_ney_normalises_for_any_training_data_and_context(train, context, order):
    model = KneserNey(np.array(train), vocab_size=5, max_order=4)
    probs = next_token_distribution(model, context, order)
    assert probs.sum() == pytest.approx(1.0, abs=1e-9)
    assert (probs > 0).all()


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_vectorised_kneser_ney_matches_the_textbook_definition(order):
    rng = np.random.default_rng(order)
    train = list(rng.integers(0, 4, size=200)) + [0, 1, 2, 3] * 5
    val = list(rng.integers(0, 5, size=30))
    fast = KneserNey(np.array(train), vocab_size=5, max_order=order)
    slow = ReferenceKN(train, vocab_size=5, order=order)
    expected = [slow.prob(val[:i], w) for i, w in enumerate(val)]
    np.testing.assert_allclose(fast.token_probs(np.array(val), order), expected)


def test_report_has_losses_for_every_order_and_a_best_one():
    rng = np.random.default_rng(1)
    pattern = np.tile(np.array([0, 1, 2, 3, 2, 1]), 500)
    noise = rng.integers(0, 8, size=len(pattern))
    ids = np.where(rng.random(len(pattern)) < 0.1, noise, pattern)
    report = evaluate_baselines(ids[:2500], ids[2500:], vocab_size=8)
    assert set(report.ngram_losses) == {2, 3, 4, 5, 6}
    assert report.uniform_loss == pytest.approx(math.log(8))
    assert report.unigram_loss < report.uniform_loss
    assert report.best_loss < report.unigram_loss
    assert report.best_loss == min(report.ngram_losses.values())
    assert report.ngram_losses[report.best_order] == report.best_loss
    assert (report.n_train, report.n_val) == (2500, 500)


def test_unseen_tokens_and_contexts_get_a_finite_loss():
    train = np.array([0, 1, 0, 1, 0, 1, 0, 1])
    val = np.array([2, 3, 3, 2, 1, 0])  # tokens 2 and 3 never occur in training
    report = evaluate_baselines(train, val, vocab_size=4, max_order=3)
    assert all(math.isfinite(v) for v in report.ngram_losses.values())
    assert math.isfinite(report.unigram_loss)


def test_training_shorter_than_the_order_still_works():
    report = evaluate_baselines(np.array([1]), np.array([1, 0, 1]), vocab_size=2)
    assert all(math.isfinite(v) for v in report.ngram_losses.values())


def test_a_deterministic_sequence_is_learnt_almost_perfectly():
    ids = np.tile(np.arange(10), 300)
    report = evaluate_baselines(ids[:2000], ids[2000:], vocab_size=10, max_order=3)
    assert report.ngram_losses[3] < 0.05


@pytest.mark.parametrize(
    ("train", "val", "vocab_size", "max_order", "message"),
    [
        ([], [1], 3, 6, "train_ids must be a non-empty"),
        ([1], [], 3, 6, "val_ids must be a non-empty"),
        ([[1, 2]], [1], 3, 6, "shape is"),
        ([0.5, 1.0], [1], 3, 6, "integer ids"),
        ([0, 3], [1], 3, 6, r"train_ids ids must be in \[0, 3\)"),
        ([0, 1], [-1], 3, 6, "val_ids ids"),
        ([0, 1], [1], 0, 6, "vocab_size must be >= 1"),
        ([0, 1], [1], 3, 1, "max_order must be in 2..10. max_order is 1"),
    ],
)
def test_bad_inputs_raise_config_errors_naming_the_problem(
    train, val, vocab_size, max_order, message
):
    with pytest.raises(ConfigError, match=message):
        evaluate_baselines(np.array(train), np.array(val), vocab_size, max_order)


def test_token_probs_refuses_an_order_the_model_was_not_built_for():
    model = KneserNey(np.array([0, 1, 0]), vocab_size=2, max_order=3)
    with pytest.raises(ConfigError, match="order is 4"):
        model.token_probs(np.array([0, 1]), order=4)


def make_report(best=2.0):
    return BaselineReport(
        vocab_size=10,
        n_train=100,
        n_val=10,
        uniform_loss=math.log(10),
        unigram_loss=2.2,
        ngram_losses={2: 2.1, 3: best, 4: 2.05},
    )


def test_summary_says_how_much_better_the_lstm_is():
    sentence = summary_sentence(1.5, make_report())
    assert sentence == (
        "The LSTM is 0.50 nats per token (25%) better than the best n-gram (order 3)."
    )


def test_summary_says_how_far_behind_the_lstm_is():
    sentence = summary_sentence(2.2, make_report())
    assert sentence == ("The LSTM is 0.20 nats per token (10%) behind the best n-gram (order 3).")


def test_summary_says_when_the_lstm_matches_the_best_ngram():
    assert "matches the best n-gram (order 3)" in summary_sentence(2.001, make_report())


@pytest.mark.parametrize("loss", [float("nan"), float("inf"), -1.0])
def test_summary_refuses_a_loss_that_is_not_a_finite_number(loss):
    with pytest.raises(ConfigError, match="lstm_loss must be a finite number"):
        summary_sentence(loss, make_report())


def test_a_million_tokens_take_only_seconds():
    rng = np.random.default_rng(2)
    ids = rng.integers(0, 65, size=1_100_000)
    report = evaluate_baselines(ids[:1_000_000], ids[1_000_000:], vocab_size=65)
    assert report.seconds < 10
