"""Tests for seqgen.corpus.text, load.py and the built-in text corpora."""

import codecs
import re

import pytest

from seqgen import (
    CorpusError,
    decode_bytes,
    detokenize,
    list_builtins,
    load_builtin,
    load_files,
    read_text_files,
    tokenize,
)
from seqgen.corpus.base import MAX_FILE_BYTES

POEM = "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("héllo wörld\n".encode(), "UTF-8"),
        (codecs.BOM_UTF8 + "héllo wörld\n".encode(), "UTF-8 with BOM"),
        ("héllo wörld\n".encode("utf-16"), "UTF-16"),  # native order, with BOM
        (codecs.BOM_UTF16_LE + "héllo wörld\n".encode("utf-16-le"), "UTF-16"),
        (codecs.BOM_UTF16_BE + "héllo wörld\n".encode("utf-16-be"), "UTF-16"),
    ],
)
def test_text_is_decoded_and_the_encoding_is_reported(data, encoding):
    assert decode_bytes("a.txt", data) == ("héllo wörld\n", encoding)


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "gb18030"])
def test_chinese_text_decodes_in_every_supported_encoding(codec):
    data = POEM.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    text, used = decode_bytes("poem.txt", data)
    assert text == POEM
    assert used == {"utf-8-sig": "UTF-8 with BOM", "utf-16-be": "UTF-16"}.get(codec, codec.upper())


def test_gb18030_is_reported_when_utf8_fails():
    assert decode_bytes("poem.txt", POEM.encode("gb18030"))[1] == "GB18030"


def test_line_endings_become_newlines():
    assert decode_bytes("a.txt", b"one\r\ntwo\rthree\n")[0] == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "empty"),
        (b"abc\x00def", "NUL"),
        (bytes(range(256)) * 4, "NUL"),
        (b"\x01\x02\x03\x04\x05\x06\x07 ab" * 20, "control characters"),
        (b"ok \x80\x81\xff\xfd" * 4, "not valid"),
        (codecs.BOM_UTF8 + b"ok \xff\xfe\x80", "not valid"),
        (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "not valid"),  # a lone surrogate
        (codecs.BOM_UTF16_LE + "\x00\x00".encode("utf-16-le"), "NUL"),
    ],
)
def test_unusable_bytes_give_a_corpus_error_naming_the_file(data, words):
    with pytest.raises(CorpusError, match=words) as err:
        decode_bytes("lesson.txt", data)
    assert "lesson.txt" in str(err.value)
    assert re.search(r"\b(Upload|Save|Add)\b", str(err.value))  # says what to do


def test_a_file_over_the_size_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr("seqgen.corpus.base.MAX_FILE_BYTES", 100)
    with pytest.raises(CorpusError, match="big.txt: the file is 0 MB, more than the limit"):
        decode_bytes("big.txt", b"a" * 101)
    assert MAX_FILE_BYTES >= 10_000_000


def test_char_tokens_are_unicode_code_points():
    assert tokenize("明月 ok", "char") == ["明", "月", " ", "o", "k"]


def test_word_tokens_split_words_punctuation_and_whitespace():
    assert tokenize("Hello, world!\nBye  now", "word") == [
        "Hello",
        ",",
        " ",
        "world",
        "!",
        "\n",
        "Bye",
        " ",
        "now",
    ]


def test_every_chinese_character_is_a_word_of_its_own():
    assert tokenize("明月光，", "word") == ["明", "月", "光", "，"]


def test_a_chinese_character_next_to_latin_letters_or_digits_is_still_its_own_word():
    assert tokenize("2024年abc中文", "word") == ["2024", "年", "abc", "中", "文"]


def test_word_tokens_join_back_into_the_text():
    text = "It's 9 o'clock; the café opens.\n\n明月光，疑是地上霜。"
    assert detokenize(tokenize(text, "word"), "word") == text
    assert detokenize(tokenize(text, "char"), "char") == text


def test_word_level_collapses_runs_of_spaces_and_tabs_into_one_space():
    assert detokenize(tokenize("a  \tb", "word"), "word") == "a b"


def test_detokenize_turns_eos_into_a_blank_line_and_drops_unk():
    assert detokenize(["a", "<eos>", "b", "<unk>", "c"], "char") == "a\n\nbc"


def test_tokenize_refuses_an_unknown_level():
    with pytest.raises(CorpusError, match="pixels"):
        tokenize("abc", "pixels")


def test_read_text_files_makes_one_piece_per_file_and_notes_the_encoding():
    corpus = read_text_files(
        [("a.txt", b"hello"), ("b.txt", POEM.encode("utf-16")), ("c.txt", b"")], level="char"
    )
    assert corpus.kind == "text" and corpus.level == "char"
    assert corpus.pieces == (tuple("hello"), tuple(POEM))
    assert corpus.piece_names == ("a.txt", "b.txt")
    notes = " ".join(corpus.notes)
    assert "UTF-8" in notes and "UTF-16" in notes
    assert "c.txt" in notes and "empty" in notes  # skipped, and why


def test_read_text_files_lists_every_file_when_none_is_usable():
    with pytest.raises(CorpusError) as err:
        read_text_files([("a.txt", b""), ("b.txt", b"\x00\x01")])
    assert "a.txt" in str(err.value) and "b.txt" in str(err.value)
    with pytest.raises(CorpusError, match="No files"):
        read_text_files([])


def test_corpus_stats_count_characters_tokens_and_vocabulary():
    stats = read_text_files([("a.txt", b"abca")]).stats()
    assert stats["characters"] == 4 and stats["tokens"] == 4 and stats["vocabulary"] == 3
    assert stats["most_frequent"][0] == ("a", 2)
    words = read_text_files([("a.txt", b"to be or not to be")], level="word").stats()
    assert words["tokens"] == 11 and words["characters"] == 18
    assert words["most_frequent"][0] == (" ", 5)


def test_load_files_sorts_text_and_notes_unsupported_files():
    corpus = load_files([("a.txt", b"some text"), ("photo.jpg", b"\xff\xd8")], level="word")
    assert corpus.level == "word" and corpus.pieces == (("some", " ", "text"),)
    assert any("photo.jpg" in n and ".jpg" in n for n in corpus.notes)


def test_load_files_refuses_mixing_text_and_music():
    with pytest.raises(CorpusError, match="mixed"):
        load_files([("a.txt", b"text"), ("b.mid", b"MThd")])


def test_load_files_refuses_only_unsupported_files_and_nothing():
    with pytest.raises(CorpusError, match="photo.jpg"):
        load_files([("photo.jpg", b"\xff\xd8")])
    with pytest.raises(CorpusError, match="No files"):
        load_files([])


def test_load_files_reads_text_inside_a_zip():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("poems/one.txt", POEM.encode("gb18030"))
        z.writestr("two.txt", "second file")
    corpus = load_files([("poems.zip", buf.getvalue())])
    assert sorted(len(p) for p in corpus.pieces) == [len("second file"), len(POEM)]


def test_read_paths_names_a_missing_file(tmp_path):
    from seqgen.corpus.load import read_paths

    with pytest.raises(CorpusError, match="nothere.txt"):
        read_paths([str(tmp_path / "nothere.txt")])


def test_built_in_text_corpora_load_offline_with_a_source():
    names = {i.name: i for i in list_builtins()}
    assert {"python-docs", "folk-abc-text"} <= set(names)
    for name in ("python-docs", "folk-abc-text"):
        assert names[name].source and names[name].kind == "text"
    docs = load_builtin("python-docs", level="char")
    assert docs.n_tokens > 100_000 and len(docs.pieces) > 10 and docs.source
    folk = load_builtin("folk-abc-text")
    assert all(p[:2] == ("X", ":") for p in folk.pieces)


def test_an_unknown_built_in_corpus_lists_the_names():
    with pytest.raises(CorpusError, match="python-docs"):
        load_builtin("shakespeare")
    with pytest.raises(CorpusError, match="level"):
        load_builtin("python-docs", level="music")


def test_the_engine_file_limit_is_the_apps_upload_limit():
    import tomllib
    from pathlib import Path

    config = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"
    limit_mb = tomllib.loads(config.read_text())["server"]["maxUploadSize"]
    assert MAX_FILE_BYTES == limit_mb * 2**20


@pytest.mark.parametrize("name", ["big.txt", "big.mid", "big.zip"])
def test_load_files_refuses_any_file_over_the_limit_naming_it(monkeypatch, name):
    monkeypatch.setattr("seqgen.corpus.base.MAX_FILE_BYTES", 1000)
    with pytest.raises(CorpusError, match=rf"{name}: the file is 0 MB, more than the limit of"):
        load_files([("ok.txt", b"fine text"), (name, b"x" * 1001)])


def test_a_path_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from seqgen.corpus.load import read_paths

    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk or memory used
    monkeypatch.setattr("builtins.open", None)  # reading it would fail the test
    with pytest.raises(CorpusError) as err:
        read_paths([str(huge)])
    assert str(err.value) == (
        f"{huge}: the file is 50 MB, more than the limit of 50 MB. Use a smaller file "
        "(for text, an excerpt; for music, fewer pieces)."
    )
