"""Errors seqgen raises on purpose: `except SeqgenError as e: show(str(e))`.

The UI and the CLI catch only these. Every message says what is wrong, where
(file name, field, value) and, when it helps, what to do about it.
"""


class SeqgenError(Exception):
    """Base class of every error seqgen raises for bad input or bad settings."""


class CorpusError(SeqgenError):
    """A corpus file or archive cannot be used (empty, corrupt, wrong type...)."""


class ConfigError(SeqgenError):
    """A setting is out of range or inconsistent with the data."""


class ModelFileError(SeqgenError):
    """A model bundle is missing, corrupt, mismatched or unsafe."""


class RenderError(SeqgenError):
    """Tokens could not be turned into MIDI, audio, a score or a chart."""


class GenerationError(SeqgenError):
    """Generation cannot start (e.g. a seed made only of unknown tokens)."""


class TrainingError(SeqgenError):
    """Training failed (e.g. the loss became NaN)."""
