"""Tests for seqgen.repetition: loops within an output and copies of the corpus."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seqgen.errors import ConfigError
from seqgen.repetition import (
    CorpusIndex,
    copied_share,
    longest_copied_run,
    looks_like_loop,
    repeat_share,
)

SHAKESPEARE_LINES = (
    "First Citizen: Before we proceed any further, hear me speak. "
    "All: Speak, speak. First Citizen: You are all resolved rather to die than "
    "to famish? All: Resolved. resolved. First Citizen: First, you know Caius "
    "Marcius is chief enemy to the people."
)


def brute_longest_run(tokens, corpus):
    best = 0
    for i in range(len(tokens)):
        for j in range(i + 1, len(tokens) + 1):
            window = tokens[i:j]
            if any(contains(seq, window) for seq in corpus):
                best = max(best, j - i)
    return best


def contains(seq, window):
    n = len(window)
    return any(list(seq[k : k + n]) == list(window) for k in range(len(seq) - n + 1))


def brute_copied_share(tokens, corpus, min_run):
    covered = set()
    for i in range(len(tokens) - min_run + 1):
        if any(contains(seq, tokens[i : i + min_run]) for seq in corpus):
            covered.update(range(i, i + min_run))
    return len(covered) / len(tokens) if tokens else 0.0


def test_repeat_share_counts_ngrams_seen_earlier_in_the_output():
    assert repeat_share("abcabc", n=3) == pytest.approx(1 / 4)  # abc bca cab [abc]
    assert repeat_share("aaaa", n=1) == pytest.approx(3 / 4)
    assert repeat_share("abcdef", n=2) == 0.0


def test_repeat_share_of_an_output_shorter_than_n_is_zero():
    assert repeat_share("abc", n=4) == 0.0
    assert repeat_share([], n=1) == 0.0


def test_repeat_share_works_on_words_ints_and_numpy_arrays():
    words = ["the", "cat", "sat", "the", "cat", "sat"]
    assert repeat_share(words, n=2) == pytest.approx(2 / 5)
    assert repeat_share(np.array([1, 2, 1, 2]), n=2) == pytest.approx(1 / 3)


def test_repeat_share_refuses_n_below_one():
    with pytest.raises(ConfigError, match="n must be >= 1. n is 0"):
        repeat_share("abc", n=0)


def test_an_output_stuck_in_a_cycle_looks_like_a_loop():
    assert looks_like_loop(list("the king, the king, " * 10))
    assert looks_like_loop(["N60_1", "N62_1", "N64_1/2"] * 20)


def test_natural_text_and_a_tune_with_repeated_sections_do_not_look_like_loops():
    assert not looks_like_loop(list(SHAKESPEARE_LINES))
    rng = np.random.default_rng(0)
    part_a, part_b = list(rng.integers(0, 12, 20)), list(rng.integers(0, 12, 20))
    assert not looks_like_loop(part_a + part_a + part_b + part_b)
    assert not looks_like_loop([])


def test_longest_copied_run_finds_the_longest_verbatim_passage():
    corpus = ["hear me speak", "you are all resolved"]
    assert longest_copied_run("xx are all rex", corpus) == len(" are all re")
    assert longest_copied_run("zzz", corpus) == 0
    assert longest_copied_run("", corpus) == 0


def test_a_run_spanning_two_corpus_sequences_is_not_a_copy():
    assert longest_copied_run("abcdef", ["abc", "def"]) == 3


def test_longest_copied_run_works_on_string_tokens_and_int_arrays():
    corpus = [["N60_1", "R_1/2", "N62_1"], ["N64_1", "N60_1", "R_1/2"]]
    assert longest_copied_run(["N60_1", "R_1/2", "N64_1"], corpus) == 2
    ints = [np.array([1, 2, 3, 4, 5])]
    assert longest_copied_run(np.array([9, 2, 3, 4, 9]), ints) == 3


def test_copied_share_counts_tokens_inside_long_enough_copied_runs():
    corpus = [SHAKESPEARE_LINES]
    copied = "You are all resolved rather"  # 27 characters from the corpus
    out = "#" * 10 + copied + "#" * 3
    assert copied_share(out, corpus, min_run=16) == pytest.approx(27 / 40)
    assert copied_share(out, corpus, min_run=28) == 0.0
    assert copied_share("", corpus) == 0.0


def test_copied_share_refuses_min_run_below_one():
    with pytest.raises(ConfigError, match="min_run must be >= 1. min_run is 0"):
        copied_share("abc", ["abc"], min_run=0)


def test_a_prebuilt_corpus_index_gives_the_same_answers_as_raw_sequences():
    corpus = [SHAKESPEARE_LINES[:100], SHAKESPEARE_LINES[100:]]
    index = CorpusIndex(corpus)
    out = "Speak, speak. First Citizen: You are all resolved"
    assert longest_copied_run(out, index) == longest_copied_run(out, corpus)
    assert copied_share(out, index, 8) == copied_share(out, corpus, 8)


tokens_st = st.lists(st.integers(0, 3), max_size=30)


@settings(max_examples=150, deadline=None)
@given(tokens=tokens_st, corpus=st.lists(tokens_st, max_size=4), min_run=st.integers(1, 6))
def test_copy_checks_agree_with_brute_force(tokens, corpus, min_run):
    assert longest_copied_run(tokens, corpus) == brute_longest_run(tokens, corpus)
    expected = brute_copied_share(tokens, corpus, min_run)
    assert copied_share(tokens, corpus, min_run) == pytest.approx(expected)


@settings(max_examples=150, deadline=None)
@given(
    tokens=st.lists(st.sampled_from("abc"), max_size=60),
    corpus=st.lists(st.text("abcd", max_size=40), max_size=3),
    n=st.integers(1, 8),
)
def test_shares_always_lie_between_zero_and_one(tokens, corpus, n):
    assert 0.0 <= repeat_share(tokens, n) <= 1.0
    assert 0.0 <= copied_share(tokens, corpus, n) <= 1.0
    assert 0 <= longest_copied_run(tokens, corpus) <= len(tokens)
    assert isinstance(looks_like_loop(tokens), bool)


def test_checking_against_a_million_token_corpus_finds_the_copied_runs():
    corpus = np.random.default_rng(1).integers(0, 65, size=1_000_000)
    index = CorpusIndex([corpus])
    out = list(corpus[5000:5400]) + [70, 71] + list(corpus[9000:9100])
    assert longest_copied_run(out, index) == 400
    assert copied_share(out, index) == pytest.approx(500 / 502)
