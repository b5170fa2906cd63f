"""seqgen: learn and demonstrate LSTM sequence generation. `import seqgen; seqgen.PRESETS`.

This is the public API used by app.py, the CLI and the tests. Names are loaded on
first use, so `import seqgen` is instant and TensorFlow is imported only when a
model is first needed.
"""

import sys
from importlib import import_module
from types import ModuleType

_EXPORTS = {
    # settings
    "DataConfig": "config",
    "ModelConfig": "config",
    "TrainConfig": "config",
    "SampleConfig": "config",
    "Preset": "config",
    "PRESETS": "config",
    "get_preset": "config",
    "preset_for_minutes": "config",
    # errors
    "SeqgenError": "errors",
    "CorpusError": "errors",
    "ConfigError": "errors",
    "ModelFileError": "errors",
    "RenderError": "errors",
    "GenerationError": "errors",
    "TrainingError": "errors",
    # corpora
    "Corpus": "corpus.base",
    "list_builtins": "corpus.builtin",
    "load_builtin": "corpus.builtin",
    "builtin_info": "corpus.builtin",
    "load_files": "corpus.load",
    "decode_bytes": "corpus.text",
    "tokenize": "corpus.text",
    "detokenize": "corpus.text",
    "read_text_files": "corpus.text",
    "MusicOptions": "corpus.music",
    "list_parts": "corpus.music",
    "read_music_files": "corpus.music",
    # vocabulary, data, model, training
    "Vocab": "vocab",
    "EOS": "vocab",
    "UNK": "vocab",
    "split_corpus": "dataset",
    "window_arrays": "dataset",
    "build_model": "model",
    "count_params": "model",
    "train": "train",
    "prepare": "train",
    "evaluate_loss": "train",
    "TrainResult": "train",
    "History": "history",
    "TrainingJob": "jobs",
    "get_job": "jobs",
    "release_job": "jobs",
    "training_slots": "jobs",
    # generation
    "NumpyLSTM": "generate",
    "generate": "generate",
    "Generation": "generate",
    "next_token_probs": "generate",
    "ZERO_INPUT": "generate",
    # bundles
    "save_bundle": "store",
    "load_bundle": "store",
    "load_bundle_bytes": "store",
    "bundle_bytes": "store",
    "list_bundles": "store",
    "delete_bundle": "store",
    "rename_bundle": "store",
    "model_dir": "store",
    "Bundle": "store",
    # evaluation
    "evaluate_baselines": "baselines",
    "summary_sentence": "baselines",
    "repeat_share": "repetition",
    "copied_share": "repetition",
    "longest_copied_run": "repetition",
    "looks_like_loop": "repetition",
    "overfitting_warning": "quality",
    "ngram_comparison": "quality",
    # inside the network (classroom views)
    "network_dot": "inside",
    "forcing_dot": "inside",
    "forcing_example": "inside",
    "exercise_code": "inside",
    "compact_code": "inside",
    "run_code": "inside",
    "StepThrough": "inside",
    "StepRecord": "inside",
    "uniform_loss": "inside",
    "settings_to_query": "inside",
    "settings_from_query": "inside",
    "PRESENTATION_CSS": "inside",
    # music outputs (for the app)
    "melody_stats": "musicstats",
    "to_midi_bytes": "render",
    "to_wav_bytes": "render",
    "to_musicxml_bytes": "render",
    "to_score_svg": "render",
    "piano_roll_chart": "render",
    "GM_INSTRUMENTS": "render",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'seqgen' has no attribute {name!r}")


def __dir__():
    return __all__


class _Package(ModuleType):
    """Keeps `seqgen.train` and `seqgen.generate` the functions named in __all__.

    Importing the submodule seqgen/train.py (from anywhere, e.g. a training thread)
    makes Python bind the package attribute `train` to that module, which would turn
    `seqgen.train(...)` into "'module' object is not callable"."""

    def __setattr__(self, name, value):
        if isinstance(value, ModuleType) and _EXPORTS.get(name) == name:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
