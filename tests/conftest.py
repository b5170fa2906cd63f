"""Shared fixtures: a tiny text corpus, a tiny model trained once per session, a temp model folder.

The tiny model (units 12, Tx 16, two epochs over ~3,000 characters) trains in a few
seconds; tests that only need *a* trained model share it instead of training again.
"""

from __future__ import annotations

import os

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
