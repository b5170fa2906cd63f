"""Tests for seqgen.corpus.music: files -> tokens, options, errors, round trips."""

import io
import random
import re
import zipfile

import pretty_midi
import pytest
from music21 import corpus, stream
from music_files import (
    ABC_TUNES,
    midi_bytes,
    music21_bytes,
    tempo_change_bytes,
    type0_bytes,
)

from seqgen.corpus.music import (
    MusicOptions,
    list_parts,
    melody_tokens,
    parse_token,
    read_music_files,
    tokens_to_stream,
)
from seqgen.errors import ConfigError, CorpusError, RenderError
from seqgen.render import to_midi_bytes, to_musicxml_bytes

MELODY = [(60, 0, 1), (62, 1, 1.5), (64, 2, 3), (67, 3, 3 + 1 / 3), (65, 3 + 1 / 3, 4)]
CHORDS = MusicOptions(representation="chords")


def read_one(name, data, options=MusicOptions()):
    return list(read_music_files([(name, data)], options).pieces[0])


def grid_tokens(seed, n=60):
    """Random tokens on the grid (16ths and triplets, chords, never two rests in a row)."""
    rng = random.Random(seed)
    durations = ["1/4", "1/3", "1/2", "2/3", "3/4", "1", "5/4", "4/3", "3/2", "2"]
    tokens = []
    for i in range(n):
        d = rng.choice(durations)
        kinds = [f"N{rng.randint(48, 84)}_{d}", f"C{rng.randint(48, 59)}.{rng.randint(60, 72)}_{d}"]
        if 0 < i < n - 1 and not tokens[-1].startswith("R"):
            kinds.append(f"R_{d}")  # pieces neither start nor end with a rest
        tokens.append(rng.choice(kinds))
    return tokens


def test_a_midi_melody_becomes_one_token_per_note_and_one_per_gap():
    assert read_one("m.mid", midi_bytes([MELODY])) == [
        "N60_1",
        "N62_1/2",
        "R_1/2",
        "N64_1",
        "N67_1/3",
        "N65_2/3",
    ]


def test_a_type0_midi_file_gives_the_same_tokens_as_type1():
    data = midi_bytes([MELODY])
    assert read_one("t0.mid", type0_bytes(data)) == read_one("t1.mid", data)


def test_tempo_changes_do_not_change_the_tokens():
    steady = read_one("a.mid", tempo_change_bytes(MELODY, [(0, 120)]))
    changing = read_one("b.mid", tempo_change_bytes(MELODY, [(0, 60), (1, 150), (2.5, 90)]))
    assert changing == steady


def test_drums_are_never_the_melody_even_with_more_notes():
    drums = [(36 + i % 3, i / 4, i / 4 + 0.1) for i in range(40)]
    data = midi_bytes([MELODY], drums=drums)
    parts = list_parts("band.mid", data)
    assert [p.is_drum for p in parts] == [False, True]
    assert read_one("band.mid", data) == read_one("solo.mid", midi_bytes([MELODY]))


def test_a_drum_only_file_is_refused_with_its_name():
    with pytest.raises(CorpusError, match="kit.mid.*drums only"):
        read_music_files([("kit.mid", midi_bytes([], drums=[(36, 0, 1)]))], MusicOptions())


def test_an_unpitched_musicxml_part_counts_as_drums():
    from music21 import clef, instrument, note

    kit = stream.Part([instrument.BassDrum(), clef.PercussionClef()])
    kit.append([note.Unpitched(displayName="C4", quarterLength=0.5) for _ in range(8)])
    flute = stream.Part([instrument.Flute()] + [note.Note(72 + i) for i in range(3)])
    data = music21_bytes(stream.Score([flute, kit]), "musicxml", ".musicxml")
    assert [p.is_drum for p in list_parts("band.musicxml", data)] == [False, True]
    assert read_one("band.musicxml", data) == ["N72_1", "N73_1", "N74_1"]
    drums_only = music21_bytes(stream.Score([kit]), "musicxml", ".musicxml")
    with pytest.raises(CorpusError, match="kit.musicxml.*drums only"):
        read_music_files([("kit.musicxml", drums_only)], MusicOptions())


def test_asking_for_the_drum_part_is_refused():
    data = midi_bytes([MELODY], drums=[(36, 0, 1)])
    with pytest.raises(CorpusError, match="drum part"):
        read_music_files([("band.mid", data)], MusicOptions(part=1))


def test_a_chordal_part_becomes_its_top_line_or_chord_tokens():
    chords = [(p, s, s + 1) for s, triad in enumerate([(60, 64, 67), (62, 65, 69)]) for p in triad]
    data = midi_bytes([chords])
    assert read_one("c.mid", data) == ["N67_1", "N69_1"]
    assert read_one("c.mid", data, CHORDS) == ["C60.64.67_1", "C62.65.69_1"]


def test_a_part_is_chosen_by_index_or_name_and_a_missing_one_is_named():
    data = midi_bytes([MELODY, [(40, 0, 4)]])
    assert read_one("two.mid", data, MusicOptions(part=1)) == ["N40_4"]
    assert read_one("two.mid", data, MusicOptions(part="track 1")) == ["N40_4"]
    with pytest.raises(CorpusError, match="no part 'violin'.*track 0"):
        read_music_files([("two.mid", data)], MusicOptions(part="violin"))


def test_each_abc_tune_is_a_piece_and_a_tune_without_notes_is_noted():
    result = read_music_files([("tunes.abc", ABC_TUNES.encode())], MusicOptions())
    assert len(result.pieces) == 2
    assert result.piece_names[1].startswith("tunes.abc #2")
    assert any("Only rests" in note and "no notes" in note for note in result.notes)
    assert result.pieces[1][:3] == ("N62_2/3", "N64_2/3", "N66_2/3")  # (3DEF: a triplet


def test_a_tune_music21_cannot_handle_is_skipped_and_named(monkeypatch):
    from seqgen.corpus import music_parse

    real = music_parse._score_piece

    def fail_on_second(score, label):
        if "#2" in label:
            raise IndexError("music21 trouble")
        return real(score, label)

    monkeypatch.setattr(music_parse, "_score_piece", fail_on_second)
    result = read_music_files([("tunes.abc", ABC_TUNES.encode())], MusicOptions())
    assert len(result.pieces) == 1
    assert any(
        "#2 Second: the notation of this tune could not be read" in note for note in result.notes
    )
    assert not any("IndexError" in note for note in result.notes)


def test_an_mxl_written_by_music21_reads_back_as_its_melody():
    piece = corpus.parse("bach/bwv269").parts[0]
    data = music21_bytes(piece, "mxl", ".mxl")
    assert read_one("s.mxl", data) == melody_tokens(piece)


def test_a_humdrum_file_is_read():
    kern = b"**kern\n*M4/4\n4c\n4d\n8e\n8f\n4g\n*-\n"
    assert read_one("k.krn", kern) == ["N60_1", "N62_1", "N64_1/2", "N65_1/2", "N67_1"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.mid", b"", "empty"),
        ("broken.mid", b"MThd\x00\x00\x00\x06\x00\x01\x00\x02\x01", "not a readable MIDI"),
        ("letter.mid", b"Dear students, this is text.", "not a readable MIDI"),
        ("broken.musicxml", b"<score-partwise><part", "could not be read"),
        ("notes.txt", b"hello", "not a music file"),
    ],
)
def test_an_unusable_file_is_refused_naming_the_file_and_reason(name, data, reason):
    with pytest.raises(CorpusError, match=f"{name}.*{reason}"):
        read_music_files([(name, data)], MusicOptions())


def test_an_unusable_file_next_to_a_good_one_is_listed_in_the_notes():
    files = [("good.mid", midi_bytes([MELODY])), ("letter.mid", b"Dear students")]
    result = read_music_files(files, MusicOptions())
    assert len(result.pieces) == 1
    assert any("letter.mid" in note for note in result.notes)


def test_music_files_inside_a_zip_are_read():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("songs/a.mid", midi_bytes([MELODY]))
        z.writestr("songs/readme.txt", "not music")
    result = read_music_files([("songs.zip", buf.getvalue())], MusicOptions())
    assert len(result.pieces) == 1


def test_a_broken_zip_is_named_and_does_not_stop_the_other_files():
    files = [("broken.zip", b"PK\x03\x04 not really"), ("good.mid", midi_bytes([MELODY]))]
    result = read_music_files(files, MusicOptions())
    assert len(result.pieces) == 1
    assert any("broken.zip" in note for note in result.notes)
    with pytest.raises(CorpusError, match="broken.zip"):
        read_music_files(files[:1], MusicOptions())


def test_a_corpus_piece_survives_tokens_to_midi_and_back():
    tokens = melody_tokens(corpus.parse("bach/bwv269").parts[0])
    assert read_one("round.mid", to_midi_bytes(tokens)) == tokens


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tokens_on_the_grid_survive_midi_music21_midi_and_musicxml(seed):
    tokens = grid_tokens(seed)
    via_music21 = music21_bytes(tokens_to_stream(tokens), "midi", ".mid")
    assert read_one("a.mid", to_midi_bytes(tokens), CHORDS) == tokens
    assert read_one("b.mid", via_music21, CHORDS) == tokens
    assert read_one("c.musicxml", to_musicxml_bytes(tokens), CHORDS) == tokens


def test_midi_and_music21_hold_as_many_notes_and_rests_as_the_tokens():
    tokens = [t for t in grid_tokens(3) if not t.startswith("C")]
    n_notes = sum(t.startswith("N") for t in tokens)
    pm = pretty_midi.PrettyMIDI(io.BytesIO(to_midi_bytes(tokens)))
    part = tokens_to_stream(tokens)
    assert len(pm.instruments[0].notes) == n_notes
    assert len(part.notes) == n_notes
    assert len(part.getElementsByClass("Rest")) == len(tokens) - n_notes


def test_transposing_to_c_moves_a_g_major_tune_onto_the_white_keys():
    g_major = [(p, i, i + 1) for i, p in enumerate([67, 69, 71, 72, 74, 76, 78, 79, 74, 71, 67])]
    tokens = read_one("g.mid", midi_bytes([g_major]), MusicOptions(transpose="c"))
    pitches = [parse_token(t).pitches[0] for t in tokens]
    assert all(p % 12 in {0, 2, 4, 5, 7, 9, 11} for p in pitches)


def test_augmenting_adds_keys_that_stay_within_the_corpus_range():
    low = midi_bytes([[(60, 0, 1), (62, 1, 2)]])
    high = midi_bytes([[(70, 0, 1), (72, 1, 2)]])
    files = [("low.mid", low), ("high.mid", high)]
    result = read_music_files(files, MusicOptions(transpose="augment"))
    pitches = [parse_token(t).pitches[0] for piece in result.pieces for t in piece]
    assert min(pitches) == 60 and max(pitches) == 72
    assert 2 < len(result.pieces) <= 2 * 12
    originals = read_music_files(files, MusicOptions()).pieces
    assert set(originals) <= set(result.pieces)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("part", -1),
        ("part", True),
        ("part", " "),
        ("representation", "piano"),
        ("transpose", "d"),
        ("grid", ()),
        ("grid", (4, 0)),
        ("max_quarters", 0),
    ],
)
def test_bad_music_options_are_refused_naming_the_field(field, value):
    with pytest.raises(ConfigError, match=field):
        MusicOptions(**{field: value})


@pytest.mark.parametrize("token", ["X60_1", "N60", "N60_0", "N200_1", "R_a", "N_1"])
def test_a_malformed_token_is_refused(token):
    with pytest.raises(RenderError, match="token|pitch"):
        parse_token(token)


def test_special_tokens_are_skipped_when_making_a_stream():
    part = tokens_to_stream(["<pad>", "N60_1", "<eos>", "R_1/2", "<unk>", "C60.64_2"])
    assert [type(el).__name__ for el in part.notesAndRests] == ["Note", "Rest", "Chord"]
    assert isinstance(part, stream.Stream)


BROKEN_MUSIC = [
    ("broken.abc", b"X:1\nT:broken\nK:C\n", "no notes were found"),
    ("junk.abc", b"\x00\x01\x02 garbage", "could not be read as ABC"),
    ("half.musicxml", b"<?xml version='1.0'?><score-partwise><part", "could not be read as"),
    ("random.mid", bytes(range(200)), "not a readable MIDI file"),
    ("letter.mid", b"Dear students, this is text.", "not a readable MIDI file"),
    ("empty.mid", b"  ", "the file is empty"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BROKEN_MUSIC)
def test_a_broken_music_file_says_what_is_wrong_where_and_what_to_do(name, data, reason):
    with pytest.raises(CorpusError) as err:
        read_music_files([(name, data)], MusicOptions())
    message = str(err.value)
    assert name in message and reason in message
    assert "choose another file" in message.lower() or "choose a file" in message.lower()
    assert not re.search(r"\b\w*(Error|Exception)\b", message)  # no Python type names


def test_a_midi_with_only_drums_says_to_choose_a_melody():
    kit = pretty_midi.PrettyMIDI()
    drums = pretty_midi.Instrument(0, is_drum=True)
    drums.notes.append(pretty_midi.Note(100, 36, 0, 0.5))
    kit.instruments.append(drums)
    buf = io.BytesIO()
    kit.write(buf)
    with pytest.raises(CorpusError, match="drums.mid: drums only.*Choose a file with a melody"):
        read_music_files([("drums.mid", buf.getvalue())], MusicOptions())
