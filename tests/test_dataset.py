"""Tests for seqgen.dataset: the held-out split, windows and targets, the tf.data pipeline."""

import numpy as np
import pytest

from seqgen import ConfigError, Corpus, CorpusError, DataConfig, Vocab, split_corpus, window_arrays
from seqgen.dataset import MIN_PIECES_FOR_PIECE_SPLIT, make_dataset


def text_corpus(*pieces, name="c.txt"):
    return Corpus(name, "text", "char", tuple(tuple(p) for p in pieces))


def stream(corpus, vocab):
    ids = []
    for piece in corpus.pieces:
        ids += vocab.encode(piece) + [vocab.eos_id]
    return np.array(ids)


def test_a_few_pieces_are_split_into_one_contiguous_training_and_validation_block():
    corpus = text_corpus("abcdefghij" * 10, "klmnop" * 10)
    vocab = Vocab.build(corpus.pieces)
    split = split_corpus(corpus, vocab, DataConfig(seq_len=8, val_fraction=0.2))
    assert not split.by_piece
    whole = stream(corpus, vocab)
    # The validation block is the tail of the stream: nothing is shared or lost.
    assert np.array_equal(np.concatenate([split.train, split.val]), whole)
    assert len(split.val) == round(0.2 * len(whole))
    assert split.train.dtype == np.int32


def test_train_and_validation_windows_never_overlap():
    corpus = text_corpus("the cat sat on the mat. " * 20)
    vocab = Vocab.build(corpus.pieces)
    split = split_corpus(corpus, vocab, DataConfig(seq_len=10, val_fraction=0.25))
    cut = len(split.train)
    x_train, y_train = window_arrays(split.train, 10)
    # Every position a training window reads (inputs and targets) lies before the cut.
    assert x_train.shape[0] * 10 + 1 <= cut
    assert x_train.size + 1 <= cut
    x_val, _ = window_arrays(split.val, 10)
    assert x_val.shape[0] >= 1


def test_many_pieces_are_split_by_whole_pieces():
    pieces = [f"tune {i}: " + "abc" * (i + 5) for i in range(30)]
    corpus = text_corpus(*pieces)
    vocab = Vocab.build(corpus.pieces)
    split = split_corpus(corpus, vocab, DataConfig(seq_len=4, val_fraction=0.1))
    assert len(pieces) >= MIN_PIECES_FOR_PIECE_SPLIT and split.by_piece
    eos = vocab.eos_id

    def pieces_of(ids):
        text = "".join(vocab.decode(ids))
        return text.split("<eos>")[:-1]

    train, val = pieces_of(split.train), pieces_of(split.val)
    assert len(val) == 3 and len(train) == 27
    assert not set(train) & set(val)
    assert sorted(train + val) == sorted(pieces)
    assert split.train[-1] == eos and split.val[-1] == eos


def test_targets_are_the_inputs_shifted_by_one_step():
    ids = np.arange(23, dtype=np.int32)
    x, y = window_arrays(ids, 5)
    assert x.shape == y.shape == (4, 5)
    assert np.array_equal(y[:, :-1], x[:, 1:])
    assert np.array_equal(x[:, 0], [0, 5, 10, 15])
    assert np.array_equal(y[:, -1], x[:, -1] + 1)
    overlapping, _ = window_arrays(ids, 5, stride=1)
    assert overlapping.shape == (18, 5)


def test_a_window_longer_than_the_corpus_is_a_config_error_naming_tx():
    corpus = text_corpus("short text here")
    vocab = Vocab.build(corpus.pieces)
    with pytest.raises(ConfigError, match="Tx") as err:
        split_corpus(corpus, vocab, DataConfig(seq_len=64))
    assert "c.txt" in str(err.value)


def test_a_validation_part_too_short_for_one_window_is_a_config_error():
    corpus = text_corpus("abcdefgh" * 10)
    vocab = Vocab.build(corpus.pieces)
    with pytest.raises(ConfigError, match="validation"):
        split_corpus(corpus, vocab, DataConfig(seq_len=20, val_fraction=0.1))


def test_a_corpus_of_one_distinct_token_is_a_corpus_error():
    corpus = text_corpus("a" * 500, name="aaa.txt")
    with pytest.raises(CorpusError, match="one distinct token") as err:
        split_corpus(corpus, Vocab.build(corpus.pieces), DataConfig(seq_len=8))
    assert "aaa.txt" in str(err.value)


def test_the_training_pipeline_gives_full_shuffled_batches_reproducibly():
    ids = np.arange(200, dtype=np.int32) % 7
    first = [x.numpy() for x, _ in make_dataset(ids, 8, 4, shuffle=True, seed=5)]
    again = [x.numpy() for x, _ in make_dataset(ids, 8, 4, shuffle=True, seed=5)]
    assert all(b.shape == (4, 8) for b in first)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    plain = np.concatenate([x.numpy() for x, _ in make_dataset(ids, 8, 4, shuffle=False)])
    assert np.array_equal(plain, window_arrays(ids, 8)[0])
