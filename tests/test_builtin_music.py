"""Tests for seqgen.corpus.builtin_music: offline corpora, disk cache, progress."""

import pytest

from seqgen.corpus import builtin_music
from seqgen.corpus.music import MusicOptions, parse_token
from seqgen.errors import CorpusError


@pytest.fixture
def three_chorales(monkeypatch, tmp_path):
    """Make "bach-chorales" only its first three chorales, cached under tmp_path."""
    monkeypatch.setenv("SEQGEN_CACHE_DIR", str(tmp_path))
    tasks = builtin_music._chorale_tasks()[:3]
    monkeypatch.setattr(builtin_music, "_tasks", lambda name: tasks)
    return tmp_path


def mean_pitch(corpus):
    pitches = [parse_token(t).pitches[0] for p in corpus.pieces for t in p if t[0] == "N"]
    return sum(pitches) / len(pitches)


def test_a_builtin_is_parsed_once_then_read_from_the_disk_cache(three_chorales, monkeypatch):
    calls = []
    first = builtin_music.load_music_builtin(
        "bach-chorales", MusicOptions(), progress=lambda d, t: calls.append((d, t))
    )
    assert len(first.pieces) == 3 and calls[-1] == (3, 3)
    assert list(three_chorales.glob("music-bach-chorales-*.json"))

    def no_parsing(*args):
        raise AssertionError("parsed again instead of reading the cache")

    monkeypatch.setattr(builtin_music, "_parse_all", no_parsing)
    assert builtin_music.load_music_builtin("bach-chorales", MusicOptions()) == first


def test_the_chorales_default_to_the_soprano_and_any_voice_can_be_chosen(three_chorales):
    soprano = builtin_music.load_music_builtin("bach-chorales", MusicOptions())
    named = builtin_music.load_music_builtin("bach-chorales", MusicOptions(part="Soprano"))
    bass = builtin_music.load_music_builtin("bach-chorales", MusicOptions(part="bass"))
    assert soprano.pieces == named.pieces
    assert mean_pitch(bass) < mean_pitch(soprano) - 12


def test_augmenting_a_builtin_reuses_the_cached_base_tokens(three_chorales, monkeypatch):
    base = builtin_music.load_music_builtin("bach-chorales", MusicOptions())
    monkeypatch.setattr(builtin_music, "_parse_all", lambda *a: pytest.fail("parsed again"))
    augmented = builtin_music.load_music_builtin("bach-chorales", MusicOptions(transpose="augment"))
    assert set(base.pieces) <= set(augmented.pieces)
    assert len(augmented.pieces) > len(base.pieces)


def test_parsing_in_worker_processes_gives_the_same_tokens(monkeypatch):
    monkeypatch.setattr(builtin_music, "ABC_CHUNK", 5)  # workers skip beaming: check ABC too
    small_abc = [t for t in builtin_music._abc_tasks("essenFolksong") if t[0] == "erk5.abc"]
    tasks = builtin_music._chorale_tasks()[:4] + small_abc[:1]
    serial = [builtin_music._run_task(t, MusicOptions(part="alto")) for t in tasks]
    parallel = builtin_music._parse_all(tasks, MusicOptions(part="alto"), None)
    assert parallel == serial


def test_folk_abc_files_are_cut_into_chunks_holding_every_tune_once():
    tasks = builtin_music._abc_tasks("oneills1850")
    assert all(t[1].count(b"\nX:") + t[1].startswith(b"X:") >= t[2] for t in tasks)
    assert sum(t[2] for t in tasks) > 1800


def test_identical_pieces_are_kept_once_and_counted_in_the_notes():
    pieces, labels = [["N60_1"], ["N62_1"], ["N60_1"]], ["a", "b", "c"]
    kept, kept_labels, notes = builtin_music._drop_duplicates(pieces, labels)
    assert kept == [["N60_1"], ["N62_1"]] and kept_labels == ["a", "b"]
    assert "1 pieces identical" in notes[0]


def test_every_builtin_names_its_source_and_licence():
    names = [info.name for info in builtin_music.MUSIC_BUILTINS]
    assert {"bach-chorales", "folk-essen"} <= set(names)
    assert all(info.source and info.licence for info in builtin_music.MUSIC_BUILTINS)
    essen = next(i for i in builtin_music.MUSIC_BUILTINS if i.name == "folk-essen")
    assert "non-commercial" in essen.licence


def test_an_unknown_builtin_is_refused_listing_the_choices():
    with pytest.raises(CorpusError, match="bach-chorales"):
        builtin_music.load_music_builtin("mozart", MusicOptions())
