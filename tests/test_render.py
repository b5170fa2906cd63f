"""Tests for seqgen.render: MIDI, WAV, MusicXML, SVG and piano roll from one melody."""

import io
import sys
import wave

import numpy as np
import pretty_midi
import pytest

from seqgen import render
from seqgen.corpus.music import MusicOptions, read_music_files
from seqgen.errors import RenderError

TOKENS = ["N60_1", "N62_1/2", "R_1/2", "N64_1/3", "N65_1/3", "N67_1/3", "<eos>", "C60.64.67_2"]
N_PITCHES = 8  # sounding pitches in TOKENS: 5 notes + a 3-note chord


def wav_samples(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data)) as w:
        frames = w.readframes(w.getnframes())
        return np.frombuffer(frames, dtype="<i2").astype(float), w.getframerate()


def test_midi_bytes_hold_every_note_with_the_chosen_instrument_and_tempo():
    pm = pretty_midi.PrettyMIDI(io.BytesIO(render.to_midi_bytes(TOKENS, instrument=40, tempo=60)))
    assert pm.instruments[0].program == 40
    assert len(pm.instruments[0].notes) == N_PITCHES
    quarters = 1 + 1 / 2 + 1 / 2 + 1 + 2  # the tokens' durations
    assert pm.get_end_time() == pytest.approx(quarters, abs=0.01)  # one second per quarter at 60


def test_midi_bytes_read_back_as_the_same_tokens():
    data = render.to_midi_bytes(TOKENS)
    back = read_music_files([("x.mid", data)], MusicOptions(representation="chords")).pieces[0]
    assert list(back) == [t for t in TOKENS if not t.startswith("<")]


def test_wav_is_audible_finite_and_as_long_as_the_melody():
    data, note = render.to_wav_bytes(TOKENS, tempo=120, sample_rate=22050)
    samples, rate = wav_samples(data)
    assert rate == 22050
    assert np.isfinite(samples).all() and np.abs(samples).max() > 1000
    assert len(samples) / rate >= 5 * 60 / 120  # five quarter notes at 120 bpm
    assert note


def test_wav_falls_back_to_sine_waves_without_fluidsynth_and_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "fluidsynth", None)  # makes `import fluidsynth` fail
    data, note = render.to_wav_bytes(TOKENS)
    samples, _ = wav_samples(data)
    assert "sine" in note
    assert np.isfinite(samples).all() and np.abs(samples).max() > 1000


@pytest.mark.parametrize("bad", [np.zeros(1000), np.full(1000, np.nan), np.zeros(0)])
def test_silent_or_nan_audio_is_an_error_not_a_file(monkeypatch, bad):
    monkeypatch.setattr(render, "_synthesise", lambda pm, rate: (bad, "test"))
    with pytest.raises(RenderError):
        render.to_wav_bytes(TOKENS)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"instrument": 128}, "instrument"),
        ({"instrument": -1}, "instrument"),
        ({"tempo": 5}, "tempo"),
        ({"sample_rate": 100}, "sample_rate"),
    ],
)
def test_bad_sound_settings_are_refused_naming_the_setting(kwargs, message):
    with pytest.raises(RenderError, match=message):
        render.to_wav_bytes(TOKENS, **kwargs)


@pytest.mark.parametrize(
    "make",
    [
        render.to_midi_bytes,
        render.to_wav_bytes,
        render.to_musicxml_bytes,
        render.to_score_svg,
        render.piano_roll_chart,
    ],
)
def test_tokens_without_notes_cannot_be_rendered(make):
    with pytest.raises(RenderError, match="no notes"):
        make(["<eos>", "R_1", "<pad>"])


def test_a_malformed_token_is_a_render_error():
    with pytest.raises(RenderError, match="Q60_1"):
        render.to_midi_bytes(["N60_1", "Q60_1"])


def test_musicxml_reads_back_as_the_same_tokens():
    data = render.to_musicxml_bytes(TOKENS, title="Test")
    back = read_music_files([("x.musicxml", data)], MusicOptions(representation="chords"))
    assert list(back.pieces[0]) == [t for t in TOKENS if not t.startswith("<")]


def test_the_score_is_an_svg_picture_of_the_notes():
    one_bar_each = ["N60_1", "N62_1", "R_1", "N64_1", "C60.64.67_4"]  # no ties across bars
    svg = render.to_score_svg(one_bar_each)
    assert svg.lstrip().startswith("<svg")
    assert svg.count('class="note"') == 3 + 3


def test_the_score_is_engraved_in_any_thread_not_only_the_first():
    import threading

    results = []
    for _ in range(2):  # Streamlit runs each script run in a new thread
        thread = threading.Thread(target=lambda: results.append(render.to_score_svg(TOKENS)))
        thread.start()
        thread.join()
    assert len(results) == 2 and all('class="note"' in svg for svg in results)


def test_the_piano_roll_draws_one_bar_per_sounding_pitch_and_no_rests():
    spec = render.piano_roll_chart(TOKENS, title="roll").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == N_PITCHES
    assert {r["pitch"] for r in rows} == {60, 62, 64, 65, 67}


def test_the_instrument_choices_are_valid_general_midi_programs():
    programs = [p for p, _ in render.GM_INSTRUMENTS]
    assert programs[0] == 0 and len(set(programs)) == len(programs)
    assert all(0 <= p <= 127 for p in programs)
