"""Tests for seqgen.store: bundles round trip, are written atomically, and are data only.

A model file may come from anyone (an upload in class). It must be checked against
our schema and refused with a ModelFileError if anything is off, and nothing in it
may ever run: no pickle, no Keras model file.
"""

import io
import json
import os
import zipfile

import numpy as np
import pytest

from seqgen import (
    ModelFileError,
    NumpyLSTM,
    SampleConfig,
    bundle_bytes,
    delete_bundle,
    generate,
    list_bundles,
    load_bundle,
    load_bundle_bytes,
    rename_bundle,
    save_bundle,
)
from seqgen.store import MEMBERS, read_manifest


@pytest.fixture(scope="module")
def good_bytes(tiny_result):
    return bundle_bytes(tiny_result, "tiny", {"corpus": {"name": "tiny.txt"}})


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, value in members.items():
            z.writestr(name, value)
    return buf.getvalue()


def with_member(data: bytes, name: str, value: bytes) -> bytes:
    return zipped({**members_of(data), name: value})


def edited_json(data: bytes, name: str, edit) -> bytes:
    content = json.loads(members_of(data)[name])
    edit(content)
    return with_member(data, name, json.dumps(content).encode())


def npz(arrays: list) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **{f"w{i:03d}": a for i, a in enumerate(arrays)})
    return buf.getvalue()


def npy(array) -> bytes:
    buf = io.BytesIO()
    np.save(buf, array)
    return buf.getvalue()


def weights_of(data: bytes) -> list[np.ndarray]:
    with np.load(io.BytesIO(members_of(data)["weights.npz"])) as z:
        return [z[k] for k in sorted(z.files)]


def samples(model, vocab):
    net = NumpyLSTM.from_model(model)
    return [
        generate(net, vocab, "the ", SampleConfig(length=60, argmax=True)).outputs,
        generate(net, vocab, "the ", SampleConfig(length=60, random_seed=7)).outputs,
    ]


def test_a_saved_bundle_loads_back_and_generates_the_same_text(tiny_result, model_folder):
    path = save_bundle(tiny_result, name="my first model", extra={"preset": "tiny"})
    assert os.path.dirname(path) == str(model_folder)  # $SEQGEN_MODEL_DIR by default
    assert path.endswith("my-first-model.seqgen")
    bundle = load_bundle(path)
    assert bundle.vocab == tiny_result.vocab
    assert (bundle.data, bundle.model_cfg, bundle.train_cfg) == (
        tiny_result.data,
        tiny_result.model_cfg,
        tiny_result.train_cfg,
    )
    assert bundle.manifest["name"] == "my first model" and bundle.manifest["preset"] == "tiny"
    assert bundle.manifest["metrics"]["val_loss"] == pytest.approx(tiny_result.metrics["val_loss"])
    assert bundle.history["epochs"] == tiny_result.history.snapshot()["epochs"]
    for ours, theirs in zip(bundle.model.get_weights(), tiny_result.model.get_weights()):
        assert np.array_equal(ours, theirs)
    assert samples(bundle.model, bundle.vocab) == samples(tiny_result.model, tiny_result.vocab)


def test_a_bundle_is_one_zip_of_data_only(good_bytes):
    assert set(members_of(good_bytes)) == MEMBERS
    assert read_manifest(good_bytes)["format"] == "seqgen-bundle"


def test_saving_leaves_no_temporary_files_and_replaces_the_old_file(tiny_result, tmp_path):
    save_bundle(tiny_result, str(tmp_path), "m")
    path = save_bundle(tiny_result, str(tmp_path), "m")
    assert os.listdir(tmp_path) == ["m.seqgen"]
    assert load_bundle(path).manifest["name"] == "m"


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary_one(
    tiny_result, tmp_path, monkeypatch
):
    path = save_bundle(tiny_result, str(tmp_path), "m")
    before = open(path, "rb").read()

    def no_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_replace)
    with pytest.raises(ModelFileError, match="No space left"):
        save_bundle(tiny_result, str(tmp_path), "m")
    assert os.listdir(tmp_path) == ["m.seqgen"]
    assert open(path, "rb").read() == before


def test_an_unwritable_model_folder_gives_a_clear_error(tiny_result, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(ModelFileError, match="Could not save the model.*SEQGEN_MODEL_DIR"):
        save_bundle(tiny_result, str(blocker / "models"), "m")


class Evil:
    """Unpickling this object creates a file: proof that code ran."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_weights_with_a_pickled_object_are_refused_and_never_unpickled(good_bytes, tmp_path):
    marker = tmp_path / "pwned"
    shapes = [w.shape for w in weights_of(good_bytes)]
    evil = np.empty(shapes[0], dtype=object)
    evil.flat[:] = [Evil(str(marker))] * evil.size
    evil_npz = npz([evil] + weights_of(good_bytes)[1:])
    # The file really is dangerous: loading it the unsafe way runs the payload ...
    np.load(io.BytesIO(evil_npz), allow_pickle=True)["w000"]
    assert marker.exists()
    marker.unlink()
    # ... and seqgen refuses it without running anything.
    with pytest.raises(ModelFileError, match="floating-point"):
        load_bundle_bytes(with_member(good_bytes, "weights.npz", evil_npz))
    assert not marker.exists()


def test_a_pickle_as_the_whole_weights_file_is_refused(good_bytes, tmp_path):
    import pickle

    marker = tmp_path / "pwned"
    payload = pickle.dumps(Evil(str(marker)))
    with pytest.raises(ModelFileError):
        load_bundle_bytes(with_member(good_bytes, "weights.npz", payload))
    assert not marker.exists()


@pytest.mark.parametrize(
    "extra", ["model.keras", "evil.py", "../weights.npz", "/etc/passwd", "config.json"]
)
def test_a_bundle_with_an_extra_member_is_refused(good_bytes, extra):
    with pytest.raises(ModelFileError, match="expected"):
        load_bundle_bytes(with_member(good_bytes, extra, b"import os; os.system('echo hi')"))


def test_a_bundle_with_a_missing_member_is_refused(good_bytes):
    members = members_of(good_bytes)
    del members["history.json"]
    with pytest.raises(ModelFileError, match="history.json"):
        load_bundle_bytes(zipped(members))


def test_weights_of_the_wrong_shape_are_refused(good_bytes):
    arrays = weights_of(good_bytes)
    arrays[1] = np.zeros((arrays[1].shape[0] + 1, arrays[1].shape[1]), "float32")
    with pytest.raises(ModelFileError, match="shapes"):
        load_bundle_bytes(with_member(good_bytes, "weights.npz", npz(arrays)))
    with pytest.raises(ModelFileError, match="shapes"):
        load_bundle_bytes(with_member(good_bytes, "weights.npz", npz(arrays[:-1])))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_weights_that_are_not_finite_are_refused(good_bytes, bad):
    arrays = weights_of(good_bytes)
    arrays[2][0] = bad
    with pytest.raises(ModelFileError, match="finite"):
        load_bundle_bytes(with_member(good_bytes, "weights.npz", npz(arrays)))


def test_integer_weights_are_refused(good_bytes):
    arrays = [a.astype("int32") for a in weights_of(good_bytes)]
    with pytest.raises(ModelFileError, match="floating-point"):
        load_bundle_bytes(with_member(good_bytes, "weights.npz", npz(arrays)))


def test_a_weight_header_declaring_a_huge_array_is_refused_before_allocating(good_bytes):
    """A .npy header can claim any shape (here 40 TB); the data need not be there."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f4", "fortran_order": False, "shape": (10**9, 10**4)}
    )
    members = {f"w{i:03d}.npy": npy(a) for i, a in enumerate(weights_of(good_bytes))}
    members["w000.npy"] = header.getvalue() + b"\x00" * 64
    with pytest.raises(ModelFileError, match="shapes"):
        load_bundle_bytes(with_member(good_bytes, "weights.npz", zipped(members)))


def test_a_vocabulary_of_another_size_is_refused(good_bytes):
    def drop_token(vocab):
        vocab["tokens"].pop()

    with pytest.raises(ModelFileError, match="vocabulary has .* tokens but the network expects"):
        load_bundle_bytes(edited_json(good_bytes, "vocab.json", drop_token))


def test_settings_describing_a_huge_network_are_refused_before_building(good_bytes, monkeypatch):
    import seqgen.model

    def never(cfg):
        raise AssertionError("the network must not be built")

    monkeypatch.setattr(seqgen.model, "build_model", never)

    def huge_vocab(vocab):
        vocab["tokens"] += [f"t{i}" for i in range(199_000)]

    def huge_model(manifest):
        manifest["model"].update(units=4096, encoding="onehot", vocab_size=199_000 + 33)

    data = edited_json(good_bytes, "vocab.json", huge_vocab)
    data = edited_json(data, "manifest.json", huge_model)
    assert len(json.loads(members_of(data)["vocab.json"])["tokens"]) == 199_033
    with pytest.raises(ModelFileError, match="too large"):
        load_bundle_bytes(data)


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda m: m.update(version=2), "version 2"),
        (lambda m: m.update(format="keras"), "wrong format"),
        (lambda m: m["model"].update(units=0), "invalid settings.*units"),
        (lambda m: m["model"].update(layers=4), "invalid settings.*layers"),
        (lambda m: m["data"].update(seq_len="64"), "invalid settings.*seq_len"),
        (lambda m: m["train"].update(run="__import__('os')"), "invalid settings"),
        (lambda m: m.pop("model"), "invalid settings"),
    ],
)
def test_a_manifest_with_bad_settings_is_refused(good_bytes, edit, words):
    with pytest.raises(ModelFileError, match=words):
        load_bundle_bytes(edited_json(good_bytes, "manifest.json", edit))


@pytest.mark.parametrize("member", ["manifest.json", "vocab.json", "history.json"])
@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b"[1, 2]"])
def test_broken_json_members_are_refused(good_bytes, member, content):
    with pytest.raises(ModelFileError):
        load_bundle_bytes(with_member(good_bytes, member, content))


@pytest.mark.parametrize("data", [b"", b"hello", b"PK\x03\x04" + b"\x00" * 40, b"\x00" * 1000])
def test_something_that_is_not_a_zip_is_refused(data):
    with pytest.raises(ModelFileError, match="not a seqgen model file"):
        load_bundle_bytes(data, "upload.seqgen")


def test_a_zip_that_inflates_beyond_the_limit_is_refused_while_reading(good_bytes, monkeypatch):
    monkeypatch.setattr("seqgen.store.MAX_BUNDLE_BYTES", 2_000_000)
    bomb = with_member(good_bytes, "history.json", b"0" * 3_000_000)  # compresses to ~3 kB
    assert len(bomb) < 100_000
    with pytest.raises(ModelFileError, match="too large"):
        load_bundle_bytes(bomb)


def test_damaged_compressed_data_is_a_model_file_error(good_bytes):
    data = bytearray(good_bytes)
    start = data.find(b"manifest.json") + len("manifest.json")
    for i in range(start + 5, start + 40):
        data[i] ^= 0x5A
    with pytest.raises(ModelFileError):
        load_bundle_bytes(bytes(data))


def test_an_unknown_compression_method_is_a_model_file_error(good_bytes):
    data = bytearray(good_bytes)
    for i in range(len(data) - 4):  # set the method of every member to 99 (AES)
        if data[i : i + 4] == b"PK\x03\x04":
            data[i + 8] = 99
        elif data[i : i + 4] == b"PK\x01\x02":
            data[i + 10] = 99
    with pytest.raises(ModelFileError, match="damaged"):
        load_bundle_bytes(bytes(data))


def test_list_bundles_shows_readable_models_newest_first(tiny_result, model_folder):
    first = save_bundle(tiny_result, name="first")
    second = save_bundle(tiny_result, name="second")
    os.utime(first, (1, 1))
    (model_folder / "broken.seqgen").write_bytes(b"not a zip")
    (model_folder / ".tmp-123.seqgen").write_bytes(b"half written")
    (model_folder / "notes.txt").write_text("not a model")
    listed = list_bundles()
    assert [m["path"] for m in listed] == [second, first]
    assert listed[0]["name"] == "second" and "metrics" in listed[0]
    assert list_bundles(str(model_folder / "missing")) == []


def test_rename_changes_the_file_and_the_manifest(tiny_result, model_folder):
    path = save_bundle(tiny_result, name="old")
    new = rename_bundle(path, "新 name")
    assert not os.path.exists(path) and os.path.exists(new)
    assert load_bundle(new).manifest["name"] == "新 name"
    assert rename_bundle(new, "新 name") == new  # same name: nothing to do
    other = save_bundle(tiny_result, name="other")
    with pytest.raises(ModelFileError, match="already exists"):
        rename_bundle(other, "新 name")
    with pytest.raises(ModelFileError, match="empty"):
        rename_bundle(other, "  ")
    with pytest.raises(ModelFileError, match="Cannot read"):
        rename_bundle(str(model_folder / "gone.seqgen"), "x")


def test_delete_removes_the_file_and_names_a_missing_one(tiny_result, model_folder):
    path = save_bundle(tiny_result, name="doomed")
    delete_bundle(path)
    assert not os.path.exists(path)
    with pytest.raises(ModelFileError, match="doomed"):
        delete_bundle(path)


def test_loading_a_missing_file_names_it(tmp_path):
    with pytest.raises(ModelFileError, match="nothing.seqgen"):
        load_bundle(str(tmp_path / "nothing.seqgen"))
