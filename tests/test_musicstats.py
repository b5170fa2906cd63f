"""Tests for seqgen.musicstats: pitch statistics and verbatim copying from the corpus."""

import random

import pytest

from seqgen.errors import RenderError
from seqgen.musicstats import copied_share, longest_copied_run, melody_stats

C_MAJOR_UP = ["N60_1", "N62_1", "N64_1", "N65_1", "N67_1", "N69_1", "N71_1", "N72_1"]


def random_piece(rng, n, pitches=range(60, 72)):
    return [f"N{rng.choice(pitches)}_{rng.choice(['1', '1/2'])}" for _ in range(n)]


def brute_force_longest(tokens, pieces):
    """Longest slice of tokens found in one piece, by trying every slice."""
    best = 0
    for i in range(len(tokens)):
        for j in range(i + best + 1, len(tokens) + 1):
            window = tokens[i:j]
            if not any(p[s : s + len(window)] == window for p in pieces for s in range(len(p))):
                break
            best = j - i
    return best


def test_a_c_major_scale_is_all_in_key_and_its_pitch_classes_sum_to_one():
    stats = melody_stats(C_MAJOR_UP + ["R_1"])
    assert stats["key"] in ("C major", "A minor")  # the same white-key scale
    assert stats["in_key_share"] == 1.0
    assert sum(stats["pitch_class_histogram"]) == pytest.approx(1.0)
    assert stats["pitch_range"] == (60, 72) and stats["range_semitones"] == 12
    assert stats["notes"] == 8 and stats["rests"] == 1
    assert stats["notes_per_quarter"] == pytest.approx(8 / 9)


def test_special_tokens_are_ignored_by_the_statistics():
    with_specials = ["<pad>", *C_MAJOR_UP[:4], "<eos>", *C_MAJOR_UP[4:]]
    assert melody_stats(with_specials) == melody_stats(C_MAJOR_UP)


def test_a_melody_without_notes_only_counts_its_rests():
    stats = melody_stats(["R_1", "<eos>"])
    assert stats["notes"] == 0 and stats["rests"] == 1 and "key" not in stats


def test_a_melody_looping_one_motif_has_a_high_repetition_rate():
    motif = C_MAJOR_UP[:4]
    assert melody_stats(motif * 10)["repetition_rate"] > 0.8
    assert melody_stats(C_MAJOR_UP)["repetition_rate"] == 0.0


def test_the_longest_copied_run_matches_a_brute_force_search():
    rng = random.Random(0)
    pieces = [random_piece(rng, rng.randint(10, 60)) for _ in range(20)]
    for _ in range(15):
        source = rng.choice(pieces)
        start, length = rng.randrange(len(source)), rng.randint(0, 20)
        tokens = random_piece(rng, 8) + source[start : start + length] + random_piece(rng, 8)
        assert longest_copied_run(tokens, pieces) == brute_force_longest(tokens, pieces)


def test_a_copied_run_never_spans_two_corpus_pieces():
    first, second = C_MAJOR_UP[:4], C_MAJOR_UP[4:]
    assert longest_copied_run(first + second, [first, second]) == len(first)


def test_copied_share_counts_notes_inside_long_verbatim_runs_only():
    rng = random.Random(1)
    corpus = [random_piece(rng, 200)]
    fresh = random_piece(rng, 20, pitches=range(80, 90))  # pitches the corpus never has
    copied = corpus[0][50:70]  # 20 tokens: one run >= 16
    assert copied_share(fresh + copied, corpus) == pytest.approx(len(copied) / 40)
    assert copied_share(fresh + copied[:10] + fresh, corpus) == 0.0  # run too short


def test_stats_against_a_corpus_report_the_pitch_class_distance_and_copying():
    rng = random.Random(2)
    corpus = [random_piece(rng, 100) for _ in range(5)]
    stats = melody_stats(corpus[0][:30], corpus)
    assert stats["longest_copied_run"] == 30
    assert stats["copied_share_16"] == 1.0
    assert 0.0 <= stats["pitch_class_distance"] <= 1.0
    assert sum(stats["corpus_pitch_class_histogram"]) == pytest.approx(1.0)


def test_copying_from_a_100k_token_corpus_is_measured():
    rng = random.Random(3)
    corpus = [random_piece(rng, 1000) for _ in range(100)]
    tokens = random_piece(rng, 500)
    assert 0 <= longest_copied_run(tokens, corpus) <= len(tokens)
    assert 0.0 <= copied_share(tokens, corpus) <= 1.0


def test_a_malformed_token_is_refused():
    with pytest.raises(RenderError, match="N60"):
        melody_stats(["N60"])
