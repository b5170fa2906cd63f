"""Shared fixtures: a tiny text corpus, a tiny model trained once per session, a temp model folder.

The tiny model (units 12, Tx 16, two epochs over ~3,000 characters) trains in a few
seconds; tests that only need *a* trained model share it instead of training again.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

# TensorFlow logs (CUDA probing, oneDNN notes) would drown pytest's output.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from samples import CHINESE_TEXT, TINY_TEXT  # noqa: F401 (used by fixtures below)


@pytest.fixture(autouse=True)
def model_folder(tmp_path, monkeypatch):
    """Every test writes models into its own temporary folder, never into ./models."""
    folder = tmp_path / "models"
    monkeypatch.setenv("SEQGEN_MODEL_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def tiny_corpus():
    from seqgen import read_text_files

    return read_text_files([("tiny.txt", TINY_TEXT.encode("utf-8"))])


@pytest.fixture(scope="session")
def tiny_configs():
    """(DataConfig, ModelConfig, TrainConfig) small enough to train in seconds."""
    from seqgen import DataConfig, ModelConfig, TrainConfig

    return (
        DataConfig(seq_len=16, val_fraction=0.1),
        ModelConfig(units=12),
        TrainConfig(batch_size=16, epochs=2, learning_rate=1e-2, random_seed=3),
    )


@pytest.fixture(scope="session")
def tiny_result(tiny_corpus, tiny_configs):
    """A TrainResult of the tiny model, trained once for the whole session."""
    from seqgen import train

    return train(tiny_corpus, *tiny_configs)


@pytest.fixture(scope="session")
def tiny_net(tiny_result):
    from seqgen import NumpyLSTM

    return NumpyLSTM.from_model(tiny_result.model)


APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The page, run once in AppTest with its own model folder."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SEQGEN_MODEL_DIR", str(tmp_path / "models"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="session")
def untrained_model(tmp_path_factory) -> str:
    """The path of a saved untrained tiny model: the Generate step needs a model, not a good one."""
    import seqgen

    folder = tmp_path_factory.mktemp("models")
    corpus = seqgen.read_text_files([("fox.txt", b"the quick brown fox jumps over the lazy dog. ")])
    data = seqgen.DataConfig(seq_len=8, level=corpus.level)
    vocab = seqgen.Vocab.build(corpus.pieces, corpus.level)
    model_cfg = seqgen.ModelConfig(units=8, vocab_size=len(vocab))
    result = SimpleNamespace(
        model=seqgen.build_model(model_cfg),
        vocab=vocab,
        data=data,
        model_cfg=model_cfg,
        train_cfg=seqgen.TrainConfig(),
        history=seqgen.History(),
        metrics={},
    )
    return seqgen.save_bundle(result, str(folder), "untrained")
