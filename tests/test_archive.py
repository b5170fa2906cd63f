"""Tests for seqgen.corpus.archive.extract_zip: what is read, skipped and refused."""

import io
import struct
import zipfile
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seqgen.corpus.archive import extract_zip
from seqgen.errors import CorpusError

MB = 1_000_000


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


def zeros_deflated(megabytes: int) -> tuple[bytes, int]:
    """Raw deflate of `megabytes` MiB of zeros, and its CRC, in milliseconds.

    Each MiB is compressed once after a full flush, so the same block can be
    repeated: 200 MiB of zeros cost one MiB of compression work.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(1 << 20)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return block * megabytes + comp.flush(), crc


def raw_zip(entries: list[tuple[str, bytes, int, int, int]], flags: int = 0) -> bytes:
    """A zip written by hand so headers can lie: (name, data, method, crc, size)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, method, crc, size in entries:
        offset, fname = out.tell(), name.encode()
        fields = (20, flags, method, 0, 0, crc, len(data), size, len(fname), 0)
        out.write(b"PK\x03\x04" + struct.pack("<5H3I2H", *fields) + fname + data)
        central.write(
            b"PK\x01\x02" + struct.pack("<6H3I5H2I", 20, *fields, 0, 0, 0, 0, offset) + fname
        )
    cd = central.getvalue()
    n = len(entries)
    end = b"PK\x05\x06" + struct.pack("<4H2IH", 0, 0, n, n, len(cd), out.tell(), 0)
    return out.getvalue() + cd + end


def bomb(members: int, megabytes: int = 200, claimed_size: int | None = None) -> bytes:
    data, crc = zeros_deflated(megabytes)
    size = megabytes << 20 if claimed_size is None else claimed_size
    return raw_zip([(f"bomb{i}.txt", data, 8, crc, size) for i in range(members)])


def test_reads_allowed_files_with_their_paths_and_bytes():
    data = make_zip({"songs/a.txt": b"hello", "b.TXT": b"world"})
    files, notes = extract_zip("c.zip", data, {"txt"})
    assert files == [("songs/a.txt", b"hello"), ("b.TXT", b"world")]
    assert notes == []


def test_extensions_may_be_given_with_or_without_a_dot_in_any_case():
    data = make_zip({"a.mid": b"1", "b.xml": b"2", "c.abc": b"3"})
    files, _ = extract_zip("c.zip", data, {".MID", "xml"})
    assert [n for n, _ in files] == ["a.mid", "b.xml"]


def test_files_with_other_extensions_are_skipped_with_a_note():
    files, notes = extract_zip("c.zip", make_zip({"a.txt": b"x", "b.pdf": b"y"}), {"txt"})
    assert [n for n, _ in files] == ["a.txt"]
    assert notes == ["c.zip: skipped 'b.pdf': extension '.pdf' is not one of .txt."]


@pytest.mark.parametrize(
    "member",
    ["../evil.txt", "/abs.txt", "a/../../evil.txt", "C:/win.txt", "..\\evil.txt"],
)
def test_paths_that_leave_the_archive_are_skipped(member):
    data = raw_zip([(member, b"bad", 0, zlib.crc32(b"bad"), 3)])
    files, notes = extract_zip("c.zip", data, {"txt"})
    assert files == []
    assert notes == [
        f"c.zip: skipped '{member}': unsafe path (absolute or leading outside the archive)."
    ]


def test_nested_archives_are_skipped_not_opened():
    inner = make_zip({"a.txt": b"inside"})
    files, notes = extract_zip(
        "c.zip", make_zip({"inner.zip": inner, "x.tar.gz": b"t"}), {"txt", "zip"}
    )
    assert files == []
    assert len(notes) == 2 and all("archive inside the archive" in n for n in notes)


def test_hidden_and_macosx_files_are_skipped():
    data = make_zip(
        {
            "__MACOSX/._a.txt": b"x",
            ".secret.txt": b"y",
            "d/.x/a.txt": b"z",
            "./ok.txt": b"ok",
        }
    )
    files, notes = extract_zip("c.zip", data, {"txt"})
    assert files == [("./ok.txt", b"ok")]
    assert len(notes) == 3 and all("hidden or system file" in n for n in notes)


def test_folders_are_counted_in_a_single_note():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.mkdir("a")
        archive.mkdir("a/b")
        archive.writestr("a/b/c.txt", b"x")
    files, notes = extract_zip("c.zip", buf.getvalue(), {"txt"})
    assert files == [("a/b/c.txt", b"x")]
    assert notes == ["c.zip: skipped 2 folder entries (their files are read)."]


def test_a_200_mb_zip_bomb_file_is_skipped_after_reading_only_the_per_file_limit():
    files, notes = extract_zip("bomb.zip", bomb(members=1), {"txt"})
    assert files == []
    assert notes == ["bomb.zip: skipped 'bomb0.txt': larger than 20 MB unpacked."]


def test_a_zip_bomb_of_many_files_is_refused_at_the_total_limit():
    with pytest.raises(CorpusError, match="bomb.zip unpacks to more than 50 MB"):
        extract_zip("bomb.zip", bomb(members=5, megabytes=19), {"txt"})


def test_the_total_limit_counts_inflated_bytes_not_header_sizes():
    lying = bomb(members=3, megabytes=5, claimed_size=5 << 20)
    with pytest.raises(CorpusError, match="more than 10 MB"):
        extract_zip("bomb.zip", lying, {"txt"}, max_total_bytes=10 * MB)


def test_a_header_that_understates_the_size_gives_a_damaged_note_not_the_data():
    files, notes = extract_zip("bomb.zip", bomb(members=1, claimed_size=100), {"txt"})
    assert files == []
    assert "damaged" in notes[0]


def test_a_zip_with_too_many_entries_is_refused():
    data = make_zip({f"f{i}.txt": b"" for i in range(5000)})
    with pytest.raises(CorpusError, match="many.zip has 5000 entries; at most 2000"):
        extract_zip("many.zip", data, {"txt"})


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04garbage"])
def test_data_that_is_not_a_zip_raises_a_corpus_error_naming_the_file(data):
    with pytest.raises(CorpusError, match="upload.zip is not a readable zip file"):
        extract_zip("upload.zip", data, {"txt"})


def test_a_member_with_a_wrong_checksum_is_skipped_as_damaged():
    data = raw_zip([("a.txt", b"hello", 0, 12345, 5), ("b.txt", b"ok", 0, zlib.crc32(b"ok"), 2)])
    files, notes = extract_zip("c.zip", data, {"txt"})
    assert files == [("b.txt", b"ok")]
    assert notes[0] == (
        "c.zip: skipped 'a.txt': damaged, or packed in a way that cannot be read (zip it again)."
    )


def test_encrypted_members_are_skipped_with_a_note():
    data = raw_zip([("a.txt", b"\x00" * 20, 0, 0, 8)], flags=0x1)
    files, notes = extract_zip("c.zip", data, {"txt"})
    assert files == []
    assert notes == ["c.zip: skipped 'a.txt': encrypted (password protected)."]


def test_nothing_is_written_to_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    extract_zip("c.zip", make_zip({"a.txt": b"x", "../b.txt": b"y"}), {"txt"})
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_only_ever_raise_corpus_errors(data):
    try:
        extract_zip("r.zip", data, {"txt"})
    except CorpusError:
        pass


VALID = make_zip({"a.txt": b"some text " * 20, "dir/b.txt": b"more", "c.mid": b"MThd"})


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    )
)
def test_mutated_zips_only_ever_raise_corpus_errors(edits):
    data = bytearray(VALID)
    for position, value in edits:
        data[position] = value
    try:
        files, notes = extract_zip("m.zip", bytes(data), {"txt"})
    except CorpusError:
        return
    assert all(isinstance(n, str) for n in notes)
    assert all(isinstance(b, bytes) for _, b in files)


def test_a_member_with_an_empty_name_is_skipped_not_a_crash():
    files, notes = extract_zip("c.zip", raw_zip([("", b"x", 0, zlib.crc32(b"x"), 1)]), {"txt"})
    assert files == []
    assert notes == ["c.zip: skipped '': extension '(none)' is not one of .txt."]
