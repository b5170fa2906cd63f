"""Security: uploaded files are data, never code, and never escape their folders.

A classroom server takes model files and corpora from anyone. A model file that tries
to run code (a pickle in the weights, a Keras model with a Lambda layer, settings
naming a class) must be refused with a clear message, and its payload must not run.
"""

import io
import json
import os
import zipfile

import numpy as np
import pytest

from seqgen import (
    CorpusError,
    ModelFileError,
    TrainingJob,
    bundle_bytes,
    get_job,
    load_bundle_bytes,
    load_files,
    rename_bundle,
    save_bundle,
)
from seqgen.cli import main


class Payload:
    """Unpickling this object creates `path`: proof that the file's code ran."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def members_of(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def zipped(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, value in members.items():
            z.writestr(name, value)
    return buf.getvalue()


@pytest.fixture(scope="module")
def good(tiny_result):
    return bundle_bytes(tiny_result, "good")


def pickled_weights_bundle(good: bytes, marker) -> bytes:
    members = members_of(good)
    with np.load(io.BytesIO(members["weights.npz"])) as npz:
        arrays = [npz[k] for k in sorted(npz.files)]
    evil = np.empty(arrays[0].shape, dtype=object)
    evil.flat[:] = [Payload(str(marker))] * evil.size
    buf = io.BytesIO()
    np.savez(buf, *([evil] + arrays[1:]))  # np.savez pickles object arrays
    members["weights.npz"] = buf.getvalue()
    return zipped(members)


def test_the_cli_refuses_a_bundle_with_pickled_weights_and_runs_nothing(good, tmp_path, capsys):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.seqgen"
    path.write_bytes(pickled_weights_bundle(good, marker))
    assert main(["generate", str(path), "--length", "5"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: evil.seqgen") and err.count("\n") == 1
    assert not marker.exists()


@pytest.mark.parametrize(
    "model_settings",
    [
        {"class_name": "Lambda", "config": {"function": "__import__('os').system('id')"}},
        {"units": 8, "__reduce__": "os.system"},
        {"units": "__import__('os').system('id')"},
        {"units": 8, "encoding": "embedding; import os"},
    ],
)
def test_settings_that_name_code_are_refused(good, model_settings):
    members = members_of(good)
    manifest = json.loads(members["manifest.json"])
    manifest["model"] = model_settings
    members["manifest.json"] = json.dumps(manifest).encode()
    with pytest.raises(ModelFileError, match="invalid settings"):
        load_bundle_bytes(zipped(members))


def test_a_keras_model_file_with_a_lambda_layer_is_refused_unopened(tmp_path):
    """Keras' own loader would run the Lambda (with safe_mode off); we never call it."""
    import keras

    marker = tmp_path / "pwned"

    def payload(x):
        open(marker, "w").close()
        return x

    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Lambda(payload)(inputs))
    path = tmp_path / "evil.keras"
    model.save(path)
    marker.unlink()  # building the model above ran the payload once
    with pytest.raises(ModelFileError, match="not a seqgen model file"):
        load_bundle_bytes(path.read_bytes(), "evil.keras")
    assert not marker.exists()


def test_a_keras_file_hidden_inside_a_bundle_is_refused(good):
    members = members_of(good)
    members["model.keras"] = b"PK\x03\x04 a keras archive"
    with pytest.raises(ModelFileError, match="model.keras"):
        load_bundle_bytes(zipped(members))


@pytest.mark.parametrize("name", ["../../escape", "/etc/cron.d/evil", "..", "a/../../b", "\x00"])
def test_model_names_cannot_escape_the_model_folder(tiny_result, tmp_path, name):
    folder = tmp_path / "models"
    path = save_bundle(tiny_result, str(folder), name)
    assert os.path.dirname(os.path.abspath(path)) == str(folder)
    renamed = rename_bundle(path, name + "x")
    assert os.path.dirname(os.path.abspath(renamed)) == str(folder)
    assert sorted(os.listdir(tmp_path)) == ["models"]


def zip_of(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, value in members.items():
            info = zipfile.ZipInfo(name)  # kept verbatim: ZipFile.writestr(str) cleans paths
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, value)
    return buf.getvalue()


def test_an_uploaded_zip_is_read_in_memory_and_unsafe_paths_are_skipped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = zip_of(
        {
            "../../escape.txt": b"escaping text " * 20,
            "/abs/path.txt": b"absolute text " * 20,
            "good.txt": b"a good text file " * 20,
        }
    )
    corpus = load_files([("upload.zip", data)])
    assert corpus.n_tokens > 0
    assert os.listdir(tmp_path) == []  # nothing was written anywhere
    assert not (tmp_path.parent.parent / "escape.txt").exists()
    skipped = " ".join(corpus.notes)
    assert "escape.txt" in skipped and "path.txt" in skipped


def test_a_zip_bomb_upload_is_stopped_while_inflating():
    bomb = zip_of({"bomb.txt": b"a" * 60_000_000})
    assert len(bomb) < 200_000
    with pytest.raises(CorpusError, match="upload.zip"):
        load_files([("upload.zip", bomb)])


def test_job_ids_are_random_and_a_job_is_found_only_by_its_id(tiny_configs):
    from seqgen import read_text_files

    corpus = read_text_files([("short.txt", b"too short")])
    jobs = [TrainingJob(corpus, *tiny_configs) for _ in range(20)]
    ids = {job.id for job in jobs}
    assert len(ids) == 20 and all(len(i) == 12 and int(i, 16) >= 0 for i in ids)
    assert get_job(jobs[0].id) is None  # not started: not listed anywhere
    assert get_job("") is None and get_job("../" + jobs[0].id) is None
