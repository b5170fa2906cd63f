"""Tests for seqgen.dataset: the held-out split, windows and targets, the tf.data pipeline."""

from dataclasses import replace

import numpy as np
import pytest

from seqgen import ConfigError, Corpus, CorpusError, DataConfig, Vocab, split_corpus, window_arrays
from seqgen.dataset import BUCKET, MIN_PIECES_FOR_PIECE_SPLIT, make_dataset, training_windows


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
    first = [
        x.numpy() for x, _, _ in make_dataset(training_windows(ids, 8), 4, shuffle=True, seed=5)
    ]
    again = [
        x.numpy() for x, _, _ in make_dataset(training_windows(ids, 8), 4, shuffle=True, seed=5)
    ]
    assert all(b.shape == (4, 8) for b in first)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    plain = np.concatenate(
        [x.numpy() for x, _, _ in make_dataset(training_windows(ids, 8), 4, shuffle=False)]
    )
    assert np.array_equal(plain, training_windows(ids, 8)[0])
    assert np.array_equal(plain[:24], window_arrays(ids, 8)[0])  # one stream, no pieces


def pieces_of_many_lengths(seed=0):
    """A stream of pieces 3-60 tokens long, each token unique, so a window names itself."""
    rng = np.random.default_rng(seed)
    ids, next_id = [0], 1
    for length in rng.integers(3, 61, size=120):
        ids += list(range(next_id, next_id + length)) + [0]
        next_id += length
    return np.array(ids, dtype=np.int32)


def test_short_pieces_are_batched_by_length_and_cut_to_the_longest_window():
    windows = training_windows(pieces_of_many_lengths(), 48, eos_id=0)
    by_first = {int(x[1]): (x, y, w) for x, y, w in zip(*windows)}  # x[1]: a unique id
    batches = list(make_dataset(windows, 6, shuffle=True, seed=3))
    real = sum(float(w.numpy().sum()) for _, _, w in batches)
    assert real < 0.8 * 48 * 6 * len(batches)  # without the cut: a third would be padding
    seen = set()
    for x, y, w in batches:
        x, y, w = x.numpy(), y.numpy(), w.numpy()
        lengths = (w > 0).sum(axis=1)
        assert x.shape[0] == 6 and x.shape[1] == lengths.max()  # full, cut to the longest
        assert lengths.max() - lengths.min() < BUCKET
        for row in range(6):  # every real token kept, with its target and weight
            wx, wy, ww = by_first[int(x[row, 1])]
            n = x.shape[1]
            assert np.array_equal(x[row], wx[:n]) and np.array_equal(y[row], wy[:n])
            assert np.array_equal(w[row], ww[:n]) and ww[n:].sum() == 0
            seen.add(int(x[row, 1]))
    assert len(seen) > 0.8 * len(by_first)  # part-filled batches of a bucket wait a pass
    again = [x.numpy() for x, _, _ in make_dataset(windows, 6, shuffle=True, seed=3)]
    assert all(np.array_equal(a, b.numpy()) for a, (b, _, _) in zip(again, batches, strict=True))


def test_training_windows_never_cross_a_piece_and_each_piece_opens_on_eos():
    eos = 0
    pieces = [[3, 4, 5, 6, 7], [8, 9], [5, 5, 5, 5, 5, 5, 5]]
    ids = np.concatenate([p + [eos] for p in pieces])  # the training stream
    x, y, w = training_windows(ids, 4, eos)
    # Pieces of 6, 3 and 8 inputs (<eos> first): windows of 3+3, 3 and 4+4.
    assert (w.sum(axis=1)).tolist() == [3, 3, 3, 4, 4]
    assert [row[0] for row in x[[0, 2, 3]]] == [eos, eos, eos]
    for row, weights in zip(x, w):
        assert eos not in row[1 : int(weights.sum())]  # no piece boundary inside a window
    # Every token of the stream is a target exactly once, the first piece's first too.
    assert y[w > 0].tolist() == ids.tolist()


def melody(seed: int, length: int = 40) -> tuple[str, ...]:
    """A random melody of quarter and half notes, different per seed; the first
    (seed 0) spans 52..80, so the others fit in every key of the augmentation."""
    rng = np.random.default_rng(seed)
    notes = zip(rng.integers(64, 68, length), rng.choice([1, 2], length))
    return (("N52_1", "N80_1") if seed == 0 else ()) + tuple(f"N{p}_{d}" for p, d in notes)


def music_corpus(pieces, origins=()):
    return Corpus("m", "music", "music", tuple(pieces), origins=tuple(origins))


def pieces_of(ids, vocab):
    out, piece = [], []
    for token in vocab.decode(ids):
        if token == "<eos>":
            out.append(tuple(piece))
            piece = []
        else:
            piece.append(token)
    return out


def test_copies_of_a_piece_in_other_keys_never_land_in_training_and_validation():
    from seqgen.corpus.music_transpose import augment_corpus

    plain = music_corpus([melody(i) for i in range(30)])
    corpus = augment_corpus(plain)
    assert len(corpus.pieces) > 5 * len(plain.pieces)
    vocab = Vocab.build(corpus.pieces, "music")
    split = split_corpus(corpus, vocab, DataConfig(level="music", seq_len=8, val_fraction=0.1))
    train, val = pieces_of(split.train, vocab), pieces_of(split.val, vocab)
    origin = dict(zip(corpus.pieces, corpus.origins))
    assert not {origin[p] for p in train} & {origin[p] for p in val}
    # Validation holds the original keys only: the same pieces as without augmentation.
    plain_split = split_corpus(plain, vocab, DataConfig(level="music", seq_len=8))
    assert val == pieces_of(plain_split.val, vocab) and len(val) == 3


def test_a_tune_set_twice_in_different_keys_is_held_out_with_both_settings():
    from seqgen.corpus.music_tokens import transpose_tokens

    pieces = [melody(i) for i in range(30)]
    pieces[3] = tuple(transpose_tokens(list(pieces[9]), -2))  # piece 10 is held out
    vocab = Vocab.build(pieces, "music")
    split = split_corpus(music_corpus(pieces), vocab, DataConfig(level="music", seq_len=8))
    assert set(pieces_of(split.val, vocab)) == {pieces[3], pieces[9], pieces[19], pieces[29]}


def test_with_few_pieces_only_copies_of_pieces_before_the_cut_are_trained_on():
    from seqgen.corpus.music_transpose import augment_corpus

    corpus = augment_corpus(music_corpus([melody(i) for i in range(4)]))
    vocab = Vocab.build(corpus.pieces, "music")
    split = split_corpus(corpus, vocab, DataConfig(level="music", seq_len=8, val_fraction=0.3))
    assert not split.by_piece
    trained = {corpus.origins[corpus.pieces.index(p)] for p in pieces_of(split.train, vocab)}
    assert trained == {0, 1}  # piece 2 reaches past the cut: none of its copies is trained on
    assert pieces_of(split.val, vocab)[-1] == corpus.pieces[corpus.origins.index(3)]


def test_prepare_augments_music_training_pieces_only_when_asked():
    from seqgen import prepare

    corpus = music_corpus([melody(i) for i in range(30)])
    cfg = DataConfig(level="music", seq_len=8)
    vocab, plain = prepare(corpus, cfg)
    big_vocab, augmented = prepare(corpus, replace(cfg, augment_keys=True))
    assert len(augmented.train) > 5 * len(plain.train) and len(big_vocab) > len(vocab)
    assert pieces_of(augmented.val, big_vocab) == pieces_of(plain.val, vocab)


def test_augment_keys_must_be_a_boolean():
    with pytest.raises(ConfigError, match="augment_keys must be True or False"):
        DataConfig(augment_keys="yes")


def test_the_tune_groups_of_a_set_of_pieces_are_computed_once(monkeypatch):
    """The app checks the data at the click and the job splits it again: the pairwise
    comparison of every piece (0.8 s on the chorales) must not run twice."""
    from seqgen import dataset
    from seqgen.corpus import music_transpose

    calls = []
    real = music_transpose.same_tune_groups
    monkeypatch.setattr(
        music_transpose, "same_tune_groups", lambda pieces: calls.append(1) or real(pieces)
    )
    dataset._tune_groups.cache_clear()
    firsts = {i: tuple(f"N{60 + (i * j) % 12}_1" for j in range(12)) for i in range(10)}
    first = dataset._with_same_tunes("music", firsts, {0, 5})
    assert dataset._with_same_tunes("music", firsts, {0, 5}) == first == {0, 5}
    assert len(calls) == 1
