"""Settings as frozen dataclasses: `cfg = replace(PRESETS["tiny"].model, units=64)`.

One dataclass per component (data, model, training, sampling), each validated on
creation with messages that name the field and the bad value. Change a setting
with `dataclasses.replace`, never by mutation. Fields that come from the data
(the vocabulary size) are filled in by code.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace

from .errors import ConfigError

LEVELS = ("char", "word", "music")
ENCODINGS = ("onehot", "embedding", "auto")
SCHEDULES = ("constant", "cosine")

# Above this vocabulary size "auto" encoding picks an embedding: a one-hot input
# of thousands of Chinese characters would waste memory and time.
ONEHOT_MAX_VOCAB = 256


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ConfigError(message)


def _check_int(name: str, value, low: int, high: int) -> None:
    _check(
        isinstance(value, int) and not isinstance(value, bool) and low <= value <= high,
        f"{name} must be a whole number from {low} to {high}; {name} is {value!r}.",
    )


def _check_float(name: str, value, low: float, high: float, low_open=False) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    ok = ok and (value > low if low_open else value >= low) and value <= high
    bound = f"more than {low}" if low_open else f"at least {low}"
    _check(ok, f"{name} must be {bound} and at most {high}; {name} is {value!r}.")


@dataclass(frozen=True)
class DataConfig:
    level: str = "char"  # "char" (Unicode code points), "word", or "music" (melody tokens)
    seq_len: int = 64  # Tx: time steps per training window
    val_fraction: float = 0.1  # share of the corpus held out for validation
    # Music only (ignored for text): also train on each training piece transposed
    # into every key that stays within the corpus range; validation stays in the
    # original keys. 12x the melodies at no cost to the held-out measurement.
    augment_keys: bool = False

    def __post_init__(self):
        _check(self.level in LEVELS, f"level must be one of {LEVELS}; level is {self.level!r}.")
        _check_int("seq_len", self.seq_len, 2, 2000)
        _check_float("val_fraction", self.val_fraction, 0.0, 0.5, low_open=True)
        _check(
            isinstance(self.augment_keys, bool),
            f"augment_keys must be True or False; augment_keys is {self.augment_keys!r}.",
        )


@dataclass(frozen=True)
class ModelConfig:
    vocab_size: int = 0  # n_values; filled from the vocabulary, 0 until then
    units: int = 128  # n_a: size of the hidden state a and the cell state c
    layers: int = 1  # stacked LSTM layers
    dropout: float = 0.0  # dropout on each LSTM layer's output
    # Dropout on the state a<t-1> fed back into the cell, one mask for all Tx steps and
    # all four gates (variational dropout, Gal & Ghahramani 2016; model.TiedDropoutLSTMCell
    # keeps the fused step, so it costs little speed): regularises small corpora.
    recurrent_dropout: float = 0.0
    encoding: str = "auto"  # "onehot" as in the original exercise, "embedding", or "auto"
    embedding_dim: int = 64  # used only with the embedding encoding

    def __post_init__(self):
        _check_int("vocab_size", self.vocab_size, 0, 200_000)
        _check_int("units", self.units, 1, 4096)
        _check_int("layers", self.layers, 1, 3)
        _check_float("dropout", self.dropout, 0.0, 0.9)
        _check_float("recurrent_dropout", self.recurrent_dropout, 0.0, 0.9)
        _check(
            self.encoding in ENCODINGS,
            f"encoding must be one of {ENCODINGS}; encoding is {self.encoding!r}.",
        )
        _check_int("embedding_dim", self.embedding_dim, 1, 4096)

    @property
    def resolved_encoding(self) -> str:
        """The input encoding actually used ("auto" resolved by vocabulary size)."""
        if self.encoding != "auto":
            return self.encoding
        return "onehot" if self.vocab_size <= ONEHOT_MAX_VOCAB else "embedding"


@dataclass(frozen=True)
class TrainConfig:
    batch_size: int = 64  # m: windows per gradient step
    epochs: int = 10  # upper bound; a time budget may stop earlier
    minutes: float | None = None  # time budget in minutes (None: no budget)
    learning_rate: float = 3e-3
    schedule: str = "constant"  # "cosine" decays the learning rate over the budget
    clipnorm: float = 1.0  # gradient clipping keeps LSTM training stable
    # Decoupled weight decay (AdamW, Loshchilov & Hutter 2019): each step shrinks every
    # weight by learning_rate * weight_decay of itself; 0 is plain Adam. Regularises
    # a model that outgrows its corpus.
    weight_decay: float = 0.0
    random_seed: int = 0
    restore_best: bool = True  # keep the weights of the best validation epoch
    steps_per_epoch: int | None = None  # None: one pass over the training windows
    # Early stopping: stop after this many epochs without a new best validation
    # loss (None: off). With restore_best the best epoch's weights are kept.
    patience: int | None = None

    def __post_init__(self):
        _check_int("batch_size", self.batch_size, 1, 4096)
        _check_int("epochs", self.epochs, 1, 10_000)
        if self.minutes is not None:
            _check_float("minutes", self.minutes, 0.0, 24 * 60, low_open=True)
        _check_float("learning_rate", self.learning_rate, 0.0, 1.0, low_open=True)
        _check(
            self.schedule in SCHEDULES,
            f"schedule must be one of {SCHEDULES}; schedule is {self.schedule!r}.",
        )
        _check_float("clipnorm", self.clipnorm, 0.0, 1000.0, low_open=True)
        _check_float("weight_decay", self.weight_decay, 0.0, 1.0)
        _check_int("random_seed", self.random_seed, 0, 2**31 - 1)
        if self.steps_per_epoch is not None:
            _check_int("steps_per_epoch", self.steps_per_epoch, 1, 1_000_000)
        if self.patience is not None:
            _check_int("patience", self.patience, 1, 10_000)


MAX_LENGTH = 100_000


@dataclass(frozen=True)
class SampleConfig:
    length: int = 300  # tokens to generate after the seed
    argmax: bool = False  # True: always the most likely token (the original exercise)
    temperature: float = 0.8  # < 1 sharper, > 1 flatter distribution
    top_k: int | None = None  # keep only the k most likely tokens (None: off)
    top_p: float | None = 0.95  # keep the smallest set with this total probability
    random_seed: int = 0
    stop_at_eos: bool = False  # stop early when the end-of-piece token is drawn

    def __post_init__(self):
        _check_int("length", self.length, 1, MAX_LENGTH)
        _check_float("temperature", self.temperature, 0.0, 100.0, low_open=True)
        if self.top_k is not None:
            _check_int("top_k", self.top_k, 1, 1_000_000)
        if self.top_p is not None:
            _check_float("top_p", self.top_p, 0.0, 1.0, low_open=True)
        _check_int("random_seed", self.random_seed, 0, 2**32 - 1)


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    expected_seconds: int  # measured training time on a 2-core CPU
    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    music_data: DataConfig | None = None  # for music, if it differs
    music_model: ModelConfig | None = None
    music_train: TrainConfig | None = None

    def for_kind(self, kind: str) -> Preset:
        """The preset's settings for a corpus of this kind ("text" or "music")."""
        if kind != "music":
            return self
        return replace(
            self,
            data=self.music_data or self.data,
            model=self.music_model or self.model,
            train=self.music_train or self.train,
        )


# The 3min preset's training, for text and (with the learning rate decayed over 24 epochs at
# most) for music.
_TRAIN_3MIN = TrainConfig(
    batch_size=16,
    epochs=1000,
    minutes=3.0,
    learning_rate=1e-2,
    schedule="cosine",
    weight_decay=0.1,
)

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "tiny",
            "A few seconds: checks that everything works; output is mostly noise.",
            10,
            DataConfig(seq_len=32),
            ModelConfig(units=32),
            TrainConfig(batch_size=32, epochs=2, minutes=0.15, learning_rate=1e-2),
        ),
        Preset(
            "lesson",
            "45 seconds: a model good enough to show in class (words, bar lines, cadences).",
            50,
            DataConfig(seq_len=32),
            ModelConfig(units=128, encoding="embedding", dropout=0.1),
            TrainConfig(
                batch_size=32, epochs=200, minutes=0.75, learning_rate=1e-2, schedule="cosine"
            ),
        ),
        Preset(
            "small",
            "About a minute: a small, fast network (128 units) that learns words and rhythm.",
            65,
            DataConfig(seq_len=32),
            ModelConfig(units=128, encoding="embedding", dropout=0.2),
            TrainConfig(
                batch_size=32, epochs=300, minutes=1.0, learning_rate=1e-2, schedule="cosine"
            ),
        ),
        Preset(
            "1min",
            "One minute on a 2-core CPU (192 units; see bench/quality-results.json).",
            65,
            DataConfig(seq_len=32, augment_keys=True),  # music: all keys, as in 3min
            ModelConfig(units=192, encoding="embedding", dropout=0.2),
            TrainConfig(
                batch_size=32, epochs=300, minutes=1.0, learning_rate=1e-2, schedule="cosine"
            ),
        ),
        Preset(
            "3min",
            "Three minutes on a 2-core CPU: 384 units for text, 256 for music, many small steps.",
            190,
            # Chosen by experiment on python-docs (bench/quality-results.json): the number
            # of Adam steps and the width matter most. Batch 16 gives 1.6x the steps of
            # batch 32 per second (same tokens: 1.536 vs 1.565 nats); 384 units reached
            # 1.508 in three minutes where 192 units reached 1.529 in eight epochs (longer);
            # Tx 16 or 100, batch 64 or 128, lr 5e-3 or 2e-2 and dropout 0, 0.1 or 0.35 were
            # all worse. An embedding learns much faster than one-hot under Adam.
            # Weight decay (AdamW) regularises the 384 units on a corpus they outgrow
            # (python-docs, held-out loss in three minutes): 0 gave 1.482, 0.01 1.476,
            # 0.03 1.471, 0.1 1.450 and 0.3 1.480.
            # augment_keys (music only): 12x the chorale melodies; validation stays in the
            # original keys.
            DataConfig(seq_len=32, augment_keys=True),
            ModelConfig(units=384, encoding="embedding", dropout=0.2),
            _TRAIN_3MIN,
            # The chorales (150k tokens even in every key) overfit quickly. Chosen by
            # 3-minute runs on the chorales, held-out loss with each piece from a fresh
            # state (see dataset.piece_windows): 192 units, recurrent dropout 0.25 with
            # the tied mask (model.TiedDropoutLSTMCell: about 20 epochs in the three
            # minutes, where Keras' own cell trained 10, 2.05) and windows cut at piece
            # boundaries with Tx 64: 1.98-2.00 in three runs, against 2.03 for stream
            # windows of 32, 2.00 for piece windows of 48 and 2.02 for 128 (13 epochs).
            # Recurrent dropout 0.35 gave 2.01, batch 32 2.00 and an average of the weights
            # (EMA 0.99) 1.995 and 1.984: no gain. Once training batches were cut to their
            # longest window (dataset.make_dataset: a third of the steps had been padding),
            # wider networks fit in the three minutes: 256 units 1.980 and 1.979 (16-17
            # epochs, two seeds), 320 units 1.974 and 1.989 (12-15), 384 units 1.989 (9),
            # 192 units 1.997 (24). Weight decay (AdamW) on the 256 units: 0.03 gave 1.941,
            # 0.1 gave 1.923.
            music_data=DataConfig(seq_len=64, augment_keys=True),
            music_model=ModelConfig(
                units=256, encoding="embedding", dropout=0.2, recurrent_dropout=0.25
            ),
            music_train=replace(_TRAIN_3MIN, epochs=24),
        ),
        Preset(
            "medium",
            "About ten minutes: two layers of 256 for larger corpora (budget, not measured).",
            610,
            DataConfig(seq_len=64),
            ModelConfig(units=256, layers=2, encoding="embedding", dropout=0.2),
            TrainConfig(
                batch_size=32, epochs=1000, minutes=10.0, learning_rate=5e-3, schedule="cosine"
            ),
        ),
    )
}


def preset_for_minutes(minutes: float) -> Preset:
    """The tuned preset whose budget is closest to `minutes` (for `--minutes` alone)."""
    timed = [PRESETS["1min"], PRESETS["3min"], PRESETS["medium"]]
    return min(timed, key=lambda p: abs(p.train.minutes - minutes))


def get_preset(name: str) -> Preset:
    """The named preset, or a ConfigError listing the names."""
    if name not in PRESETS:
        raise ConfigError(f"Unknown preset {name!r}. Choose one of: {', '.join(PRESETS)}.")
    return PRESETS[name]


def to_dict(cfg) -> dict:
    return asdict(cfg)


def from_dict(cls, data: dict):
    """Build a config from JSON data, refusing unknown or missing-typed fields."""
    if not isinstance(data, dict):
        raise ConfigError(f"{cls.__name__} must be a JSON object; got {type(data).__name__}.")
    names = {f.name for f in fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ConfigError(f"{cls.__name__} has no field(s) {sorted(unknown)}.")
    try:
        return cls(**data)
    except TypeError as e:
        raise ConfigError(f"{cls.__name__}: {e}") from None
