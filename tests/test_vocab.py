"""Tests for seqgen.vocab: ids, special tokens, unknown tokens, JSON."""

import json

import pytest

from seqgen import EOS, UNK, ModelFileError, Vocab


def test_special_tokens_take_the_first_ids():
    vocab = Vocab.build([list("banana")])
    assert vocab.tokens[:2] == (EOS, UNK)
    assert vocab.eos_id == 0 and vocab.unk_id == 1
    assert vocab.id_of(EOS) == 0 and vocab.id_of(UNK) == 1


def test_tokens_are_ordered_by_frequency_then_by_token():
    vocab = Vocab.build([list("banana"), list("cab")])
    assert vocab.tokens[2:] == ("a", "b", "n", "c")


def test_special_tokens_in_the_corpus_are_not_listed_twice():
    vocab = Vocab.build([["x", EOS, "y", UNK]])
    assert vocab.tokens == (EOS, UNK, "x", "y")


def test_encode_then_decode_gives_the_tokens_back():
    tokens = list("a man, a plan, a canal")
    vocab = Vocab.build([tokens])
    ids = vocab.encode(tokens)
    assert all(isinstance(i, int) for i in ids)
    assert vocab.decode(ids) == tokens


def test_unknown_tokens_encode_as_unk():
    vocab = Vocab.build([list("abc")])
    assert vocab.encode(["a", "z"]) == [vocab.id_of("a"), vocab.unk_id]
    assert "z" not in vocab and "a" in vocab


def test_split_known_keeps_the_order_and_treats_unk_as_unknown():
    vocab = Vocab.build([list("abc")])
    known, unknown = vocab.split_known(["c", "z", "a", UNK, "y"])
    assert known == ["c", "a"]
    assert unknown == ["z", UNK, "y"]


def test_vocabulary_round_trips_through_json_with_chinese_and_level():
    vocab = Vocab.build([list("明月光"), ["N60_1"]], level="word")
    text = vocab.to_json()
    assert "明" in text  # stored readably, not as \\u escapes
    assert Vocab.from_json(text) == vocab


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[1, 2]",
        json.dumps({"tokens": ["<eos>", "<unk>"]}),
        json.dumps({"tokens": ["<eos>", "<unk>", 3], "level": "char"}),
        json.dumps({"tokens": "<eos><unk>", "level": "char"}),
        json.dumps({"tokens": ["<eos>", "<unk>", "a"], "level": "pixels"}),
        json.dumps({"tokens": ["a", "<eos>", "<unk>"], "level": "char"}),
        json.dumps({"tokens": ["<eos>", "<unk>", "a", "a"], "level": "char"}),
    ],
)
def test_a_broken_vocabulary_file_is_refused(text):
    with pytest.raises(ModelFileError):
        Vocab.from_json(text)
