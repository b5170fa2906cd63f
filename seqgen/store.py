"""Model bundles on disk: `path = save_bundle(result, "models"); b = load_bundle(path)`.

A bundle is ONE zip file (`.seqgen`) holding data only, never code:
  manifest.json  format version, configs, corpus info, metrics, who and when
  vocab.json     the vocabulary
  weights.npz    the weight arrays in model order, loaded with allow_pickle=False
  history.json   the loss curves
Loading rebuilds the network from the validated config and loads only the weights;
no Keras model file is ever deserialised. Writes are atomic (temp file + rename).
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import time
import zipfile
import zlib
from dataclasses import asdict, dataclass

import numpy as np

from .config import DataConfig, ModelConfig, TrainConfig, from_dict
from .errors import ConfigError, ModelFileError
from .vocab import Vocab

FORMAT, VERSION = "seqgen-bundle", 1
SUFFIX = ".seqgen"
MEMBERS = {"manifest.json", "vocab.json", "weights.npz", "history.json"}
MAX_BUNDLE_BYTES = 400_000_000  # uncompressed, all members together
# What reading a damaged zip member can raise (zlib: corrupt deflate data; NotImplementedError:
# unknown compression method; RuntimeError: encrypted member; EOFError: truncated;
# ValueError: offsets pointing outside the file, "negative seek value").
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    EOFError,
    OSError,
    ValueError,
)


def model_dir() -> str:
    """The shared model folder: $SEQGEN_MODEL_DIR, default ./models."""
    return os.environ.get("SEQGEN_MODEL_DIR", "models")


def cache_dir() -> str:
    """Where parsed corpora and compiled kernels are cached: $SEQGEN_CACHE_DIR, default
    ~/.cache/seqgen."""
    return os.environ.get("SEQGEN_CACHE_DIR") or os.path.join(
        os.path.expanduser("~"), ".cache", "seqgen"
    )


@dataclass
class Bundle:
    model: object  # keras.Model rebuilt from the config
    vocab: Vocab
    data: DataConfig
    model_cfg: ModelConfig
    train_cfg: TrainConfig
    manifest: dict
    history: dict


def bundle_bytes(result, name: str, extra: dict | None = None) -> bytes:
    """The bundle of a TrainResult as bytes (for a download or for save_bundle)."""
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "name": name,
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
        "data": asdict(result.data),
        "model": asdict(result.model_cfg),
        "train": asdict(result.train_cfg),
        "metrics": result.metrics,
        **(extra or {}),
    }
    weights = io.BytesIO()
    np.savez(weights, **{f"w{i:03d}": w for i, w in enumerate(result.model.get_weights())})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        z.writestr("vocab.json", result.vocab.to_json())
        z.writestr("weights.npz", weights.getvalue())
        z.writestr("history.json", json.dumps(result.history.snapshot(), ensure_ascii=False))
    return buf.getvalue()


def slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-.")[:60] or "model"


def save_bundle(result, folder: str | None = None, name: str = "", extra=None) -> str:
    """Write the bundle atomically into `folder`; returns its path."""
    folder = folder or model_dir()
    name = name or f"model-{time.strftime('%Y%m%d-%H%M%S')}"
    data = bundle_bytes(result, name, extra)
    path = os.path.join(folder, slug(name) + SUFFIX)
    write_atomic(path, data)
    return path


def write_atomic(path: str, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the whole new one."""
    folder = os.path.dirname(path) or "."
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    except OSError as e:
        raise ModelFileError(
            f"Could not save the model to {folder!r}: {e.strerror or 'write error'}. Free some "
            "disk space "
            "or set SEQGEN_MODEL_DIR to a writable folder; the model is still in memory, "
            "so you can download it now."
        ) from None


def _read_members(data: bytes, label: str) -> dict[str, bytes]:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ModelFileError(
            f"{label} is not a seqgen model file (not a valid bundle). Choose a model file "
            "that seqgen saved."
        ) from None
    names = {i.filename for i in infos}
    if names != MEMBERS:
        raise ModelFileError(
            f"{label} is not a seqgen model file: expected {sorted(MEMBERS)}, found "
            f"{sorted(names)[:10]}. Choose a model file that seqgen saved."
        )
    out, total = {}, 0
    try:
        for info in infos:
            with z.open(info) as f:  # read in chunks: never trust the declared sizes
                chunks = []
                while chunk := f.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_BUNDLE_BYTES:
                        raise ModelFileError(f"{label} is too large to be a seqgen model.")
                    chunks.append(chunk)
            out[info.filename] = b"".join(chunks)
    except ZIP_ERRORS:  # damaged data, bad CRC, encrypted or unknown compression
        raise ModelFileError(
            f"{label} is damaged: its contents cannot be unpacked. Download or save the model "
            "again, or train a new one."
        ) from None
    return out


def _json(members: dict, key: str, label: str):
    try:
        return json.loads(members[key].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ModelFileError(
            f"{label}: {key} is not valid JSON, so the file is damaged. Choose a model file "
            "that seqgen saved."
        ) from None


def read_manifest(data: bytes, label: str = "the model file") -> dict:
    """The validated manifest of bundle bytes (configs checked, nothing built)."""
    manifest = _json(_read_members(data, label), "manifest.json", label)
    _check_manifest(manifest, label)
    return manifest


def _check_manifest(manifest, label: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelFileError(
            f"{label} is not a seqgen model file (wrong format tag). Choose a model file "
            "that seqgen saved."
        )
    if manifest.get("version") != VERSION:
        raise ModelFileError(
            f"{label} has bundle version {manifest.get('version')!r}; this seqgen reads "
            f"version {VERSION}. Train the model again with this version."
        )


def load_bundle_bytes(data: bytes, label: str = "the model file") -> Bundle:
    """Validate a bundle and rebuild its network; refuse anything that does not match.

    Everything is checked before the network is built: settings, vocabulary, and the
    weight arrays' shapes and types (read from their headers, so a file cannot make us
    allocate a huge network or unpickle an object)."""
    members = _read_members(data, label)
    manifest = _json(members, "manifest.json", label)
    _check_manifest(manifest, label)
    try:
        data_cfg = from_dict(DataConfig, manifest["data"])
        model_cfg = from_dict(ModelConfig, manifest["model"])
        train_cfg = from_dict(TrainConfig, manifest["train"])
    except (ConfigError, KeyError) as e:
        raise ModelFileError(f"{label} has invalid settings: {e}") from None
    vocab = Vocab.from_json(members["vocab.json"].decode("utf-8", errors="replace"))
    if len(vocab) != model_cfg.vocab_size:
        raise ModelFileError(
            f"{label}: the vocabulary has {len(vocab)} tokens but the network expects "
            f"{model_cfg.vocab_size}; the file is inconsistent. Choose a model file that "
            "seqgen saved."
        )
    history = _json(members, "history.json", label)
    if not isinstance(history, dict):
        raise ModelFileError(f"{label}: history.json must be a JSON object.")
    from .model import build_model, weight_shapes

    expected = weight_shapes(model_cfg)
    if 4 * sum(int(np.prod(shape)) for shape in expected) > MAX_BUNDLE_BYTES:
        raise ModelFileError(f"{label} describes a network too large to load.")
    arrays = _read_weights(members["weights.npz"], expected, label)
    model = build_model(model_cfg)
    model.set_weights(arrays)
    return Bundle(model, vocab, data_cfg, model_cfg, train_cfg, manifest, history)


def _array_header(z: zipfile.ZipFile, name: str) -> tuple[tuple, np.dtype]:
    """(shape, dtype) of one .npy member, read from its header only."""
    with z.open(name) as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(f)
        else:
            shape, _, dtype = np.lib.format.read_array_header_2_0(f)
    return tuple(shape), dtype


def _read_weights(data: bytes, expected: list[tuple], label: str) -> list[np.ndarray]:
    """The weight arrays, refused unread unless their headers declare the expected
    shapes and floating-point types; then checked to be finite."""
    mismatch = f"{label}: the weight shapes do not match the network its settings describe."
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            headers = [_array_header(z, name) for name in sorted(z.namelist())]
        if [shape for shape, _ in headers] != expected:
            raise ModelFileError(mismatch)
        if not all(dtype.kind == "f" for _, dtype in headers):
            raise ModelFileError(f"{label}: the weights must be floating-point numbers.")
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = [npz[k] for k in sorted(npz.files)]
    except ZIP_ERRORS:
        raise ModelFileError(
            f"{label}: the weights cannot be read safely (damaged, or not written by seqgen). "
            "Choose a model file that seqgen saved."
        ) from None
    if [tuple(a.shape) for a in arrays] != expected:
        raise ModelFileError(mismatch)
    if not all(a.dtype.kind == "f" and np.isfinite(a).all() for a in arrays):
        raise ModelFileError(f"{label}: the weights must be finite floating-point numbers.")
    return arrays


def load_bundle(path: str) -> Bundle:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BUNDLE_BYTES + 1)
    except OSError as e:
        raise ModelFileError(
            f"Cannot read the model {path!r}: {e.strerror or 'the file cannot be opened'}. It "
            "may have been deleted or moved; refresh the list of models."
        ) from None
    return load_bundle_bytes(data, os.path.basename(path))


def list_bundles(folder: str | None = None) -> list[dict]:
    """Manifests of the readable bundles in `folder`, newest first, each with its 'path'."""
    folder = folder or model_dir()
    out = []
    if not os.path.isdir(folder):
        return out
    for entry in os.scandir(folder):
        if entry.name.endswith(SUFFIX) and not entry.name.startswith("."):
            try:
                with open(entry.path, "rb") as f:
                    manifest = read_manifest(f.read(MAX_BUNDLE_BYTES + 1), entry.name)
            except (ModelFileError, OSError):
                continue
            out.append({**manifest, "path": entry.path, "mtime": entry.stat().st_mtime})
    return sorted(out, key=lambda m: -m["mtime"])


def delete_bundle(path: str) -> None:
    try:
        os.unlink(path)
    except OSError as e:
        raise ModelFileError(
            f"Could not delete {path!r}: {e.strerror or 'the file cannot be removed'}. It may "
            "already be gone, or the model folder is read-only."
        ) from None


def rename_bundle(path: str, new_name: str) -> str:
    """Give a saved model a new name (file and manifest); returns the new path."""
    if not new_name.strip():
        raise ModelFileError("A model name cannot be empty. Type a name.")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BUNDLE_BYTES + 1)
    except OSError as e:
        raise ModelFileError(
            f"Cannot read the model {path!r}: {e.strerror or 'the file cannot be opened'}. It "
            "may have been deleted or moved; refresh the list of models."
        ) from None
    members = _read_members(data, os.path.basename(path))
    manifest = _json(members, "manifest.json", path)
    _check_manifest(manifest, os.path.basename(path))
    manifest["name"] = new_name.strip()
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for key, value in members.items():
            z.writestr(key, value)
    new_path = os.path.join(os.path.dirname(path), slug(new_name) + SUFFIX)
    if os.path.exists(new_path) and os.path.abspath(new_path) != os.path.abspath(path):
        raise ModelFileError(f"A model called {new_name!r} already exists. Choose another name.")
    write_atomic(new_path, buf.getvalue())
    if os.path.abspath(new_path) != os.path.abspath(path):
        try:
            os.unlink(path)
        except FileNotFoundError:  # deleted by someone else meanwhile: the new file stays
            pass
        except OSError as e:
            raise ModelFileError(
                f"Could not delete {path!r}: {e.strerror or 'the file cannot be removed'}. It "
                "may already be gone, or the model folder is read-only."
            ) from None
    return new_path
