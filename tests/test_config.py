"""Tests for seqgen.config: validation messages, presets, JSON round trips."""

import math
from dataclasses import FrozenInstanceError, asdict, replace

import pytest

from seqgen import (
    PRESETS,
    ConfigError,
    DataConfig,
    ModelConfig,
    SampleConfig,
    TrainConfig,
    get_preset,
    preset_for_minutes,
)
from seqgen.config import from_dict

BAD_SETTINGS = [
    (SampleConfig, "length", 0),
    (SampleConfig, "length", -5),
    (SampleConfig, "length", 10**9),
    (SampleConfig, "temperature", 0),
    (SampleConfig, "temperature", -1.0),
    (SampleConfig, "temperature", math.nan),
    (SampleConfig, "temperature", math.inf),
    (SampleConfig, "top_k", 0),
    (SampleConfig, "top_k", -3),
    (SampleConfig, "top_p", 0),
    (SampleConfig, "top_p", 1.5),
    (SampleConfig, "top_p", -0.1),
    (SampleConfig, "random_seed", -1),
    (ModelConfig, "units", 0),
    (ModelConfig, "units", 100_000),
    (ModelConfig, "units", 12.5),
    (ModelConfig, "units", True),
    (ModelConfig, "layers", 0),
    (ModelConfig, "layers", 4),
    (ModelConfig, "dropout", 1.0),
    (ModelConfig, "dropout", -0.1),
    (ModelConfig, "recurrent_dropout", 0.95),
    (ModelConfig, "recurrent_dropout", -0.5),
    (ModelConfig, "encoding", "onehotish"),
    (ModelConfig, "embedding_dim", 0),
    (ModelConfig, "vocab_size", -1),
    (DataConfig, "seq_len", 1),
    (DataConfig, "seq_len", 0),
    (DataConfig, "seq_len", 10**6),
    (DataConfig, "val_fraction", 0.0),
    (DataConfig, "val_fraction", 0.9),
    (DataConfig, "level", "sentence"),
    (TrainConfig, "batch_size", 0),
    (TrainConfig, "epochs", 0),
    (TrainConfig, "minutes", 0.0),
    (TrainConfig, "minutes", -1.0),
    (TrainConfig, "learning_rate", 0.0),
    (TrainConfig, "learning_rate", 5.0),
    (TrainConfig, "schedule", "linear"),
    (TrainConfig, "clipnorm", 0.0),
    (TrainConfig, "weight_decay", -0.01),
    (TrainConfig, "weight_decay", 2.0),
    (TrainConfig, "random_seed", -1),
    (TrainConfig, "steps_per_epoch", 0),
    (TrainConfig, "batch_size", "64"),
]


@pytest.mark.parametrize(("cls", "name", "value"), BAD_SETTINGS)
def test_a_bad_setting_is_refused_with_a_message_naming_the_field_and_the_value(cls, name, value):
    with pytest.raises(ConfigError) as err:
        cls(**{name: value})
    message = str(err.value)
    assert name in message
    assert repr(value) in message


def test_replace_validates_the_new_value_too():
    with pytest.raises(ConfigError, match="temperature"):
        replace(SampleConfig(), temperature=0.0)


def test_configs_are_frozen():
    with pytest.raises(FrozenInstanceError):
        SampleConfig().length = 5


def test_the_defaults_are_valid_and_the_boundaries_are_accepted():
    SampleConfig(length=1, temperature=100.0, top_k=1, top_p=1.0)
    SampleConfig(length=100_000, temperature=1e-3, top_p=1e-6, top_k=None)
    ModelConfig(units=1, layers=3, dropout=0.9)
    DataConfig(seq_len=2, val_fraction=0.5)
    TrainConfig(minutes=None, steps_per_epoch=None)


def test_auto_encoding_picks_one_hot_for_small_and_embedding_for_large_vocabularies():
    assert ModelConfig(vocab_size=65).resolved_encoding == "onehot"
    assert ModelConfig(vocab_size=3000).resolved_encoding == "embedding"
    assert ModelConfig(vocab_size=3000, encoding="onehot").resolved_encoding == "onehot"


def test_every_preset_is_valid_and_states_its_expected_time():
    assert {"tiny", "small", "medium"} <= set(PRESETS)
    for name, preset in PRESETS.items():
        assert preset.name == name
        assert preset.expected_seconds > 0
        assert preset.description
        assert preset.model.vocab_size == 0  # filled from the data


def test_presets_grow_from_tiny_to_medium():
    units = [PRESETS[n].model.units for n in ("tiny", "small", "medium")]
    assert units == sorted(units)
    assert PRESETS["tiny"].expected_seconds < PRESETS["medium"].expected_seconds


def test_get_preset_names_the_choices_for_an_unknown_preset():
    assert get_preset("tiny") is PRESETS["tiny"]
    with pytest.raises(ConfigError, match="huge") as err:
        get_preset("huge")
    assert "tiny" in str(err.value) and "medium" in str(err.value)


def test_preset_for_minutes_picks_the_closest_tuned_budget():
    assert preset_for_minutes(1).name == "1min"
    assert preset_for_minutes(2.5).name == "3min"
    assert preset_for_minutes(60).name == "medium"


def test_the_3min_preset_uses_a_narrower_network_and_longer_windows_for_music_only():
    text, music = PRESETS["3min"].for_kind("text"), PRESETS["3min"].for_kind("music")
    assert (text.model.units, music.model.units) == (384, 256)
    assert (text.model.recurrent_dropout, music.model.recurrent_dropout) == (0.0, 0.25)
    assert text.train.weight_decay == music.train.weight_decay == 0.1
    assert (text.train.epochs, music.train.epochs) == (1000, 24)  # music: decay within 24
    assert (text.data.seq_len, music.data.seq_len) == (32, 64)  # music: whole phrases
    assert text.train.minutes == music.train.minutes == 3.0
    assert text.data.augment_keys == music.data.augment_keys and music.name == "3min"
    assert PRESETS["lesson"].for_kind("music") == PRESETS["lesson"]  # no music settings given


def test_the_cli_picks_the_network_for_the_corpus_kind():
    from seqgen.cli import build_parser
    from seqgen.commands import _configs

    args = build_parser().parse_args(["train", "x.mid", "--minutes", "3", "--out", "m.seqgen"])
    assert _configs(args, "music")[2].units == 256
    assert _configs(args, "text")[2].units == 384
    args = build_parser().parse_args(
        ["train", "x.mid", "--minutes", "3", "--units", "64", "--out", "m"]
    )
    assert _configs(args, "music")[2].units == 64  # an explicit setting still wins
    args = build_parser().parse_args(
        ["train", "x.txt", "--preset", "small", "--recurrent-dropout", "0.3", "--out", "m"]
    )
    assert _configs(args, "text")[2].recurrent_dropout == 0.3
    args = build_parser().parse_args(
        ["train", "x.txt", "--preset", "small", "--weight-decay", "0.05", "--out", "m"]
    )
    assert _configs(args, "text")[3].weight_decay == 0.05


def test_a_model_file_from_before_recurrent_dropout_reads_without_it():
    old = {k: v for k, v in asdict(ModelConfig(units=7)).items() if k != "recurrent_dropout"}
    assert from_dict(ModelConfig, old).recurrent_dropout == 0.0


def test_a_model_file_from_before_weight_decay_reads_as_plain_adam():
    old = {k: v for k, v in asdict(TrainConfig(epochs=3)).items() if k != "weight_decay"}
    assert from_dict(TrainConfig, old).weight_decay == 0.0


def test_configs_round_trip_through_json_dicts():
    for cfg in (DataConfig(seq_len=10), ModelConfig(units=7, layers=2), TrainConfig(minutes=2)):
        assert from_dict(type(cfg), asdict(cfg)) == cfg


def test_from_dict_refuses_unknown_fields_and_non_objects():
    with pytest.raises(ConfigError, match="evil"):
        from_dict(ModelConfig, {"units": 8, "evil": "__import__('os')"})
    with pytest.raises(ConfigError, match="JSON object"):
        from_dict(ModelConfig, ["units", 8])
    with pytest.raises(ConfigError, match="units"):
        from_dict(ModelConfig, {"units": "8"})
