"""Read an uploaded zip safely: `files, notes = extract_zip("songs.zip", data, {".mid"})`.

Returns the usable members as (name inside the zip, bytes) and one note for
every member that was skipped and why. Nothing is written to disk. The zip is
untrusted: sizes in its headers may lie, so uncompressed bytes are counted as
they come out of the decompressor, and reading stops at the limit (a zip bomb
is refused after at most `max_total_bytes`, never fully inflated).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from seqgen.errors import CorpusError

try:  # lzma is optional in some Python builds
    from lzma import LZMAError
except ImportError:  # pragma: no cover
    LZMAError = zlib.error

__all__ = ["NESTED_ARCHIVE_EXT", "extract_zip"]

# Archives inside the archive are not opened: each level could be a bomb.
_ARCHIVES = "zip tar gz tgz bz2 tbz2 xz txz 7z rar zst lz lzma jar z"
NESTED_ARCHIVE_EXT = frozenset("." + ext for ext in _ARCHIVES.split())
_CHUNK = 1 << 16  # bytes decompressed per read
# Everything zipfile and its decompressors raise on damaged data.
_DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    LZMAError,
    EOFError,
    OSError,
    ValueError,
    OverflowError,
    struct.error,
    NotImplementedError,
    RuntimeError,
    KeyError,
    IndexError,
)


def extract_zip(
    name: str,
    data: bytes,
    allowed_ext: set[str],
    max_total_bytes: int = 50_000_000,
    max_files: int = 2000,
    max_file_bytes: int = 20_000_000,
) -> tuple[list[tuple[str, bytes]], list[str]]:
    """Members of the zip `data` whose extension is in allowed_ext, plus skip notes.

    allowed_ext: extensions with or without the dot, any case ({"txt", ".MID"}).
    Raises CorpusError if the data is not a readable zip, has more than
    max_files entries, or inflates to more than max_total_bytes. Folders are
    counted in one note; every other skipped member gets its own note.
    """
    allowed = {"." + e.lower().lstrip(".") for e in allowed_ext}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _DAMAGED:
        raise CorpusError(
            f"{name} is not a readable zip file: it is damaged, cut short or not a zip at all. "
            "Make the zip again, or upload the files one by one."
        ) from None
    if len(members) > max_files:
        raise CorpusError(
            f"{name} has {len(members)} entries; at most {max_files} are accepted. "
            "Upload fewer files or a smaller archive."
        )
    files, notes, folders = [], [], 0
    budget = _Budget(name, max_total_bytes)
    for info in members:
        if info.filename.endswith("/"):  # is_dir() fails on an empty name
            folders += 1
            continue
        reason = _skip_reason(info, allowed)
        if reason is None:
            content, reason = _read_member(archive, info, max_file_bytes, budget)
            if content is not None:
                files.append((info.filename, content))
                continue
        notes.append(f"{name}: skipped '{info.filename}': {reason}.")
    if folders:
        notes.append(f"{name}: skipped {folders} folder entries (their files are read).")
    return files, notes


class _Budget:
    """Uncompressed bytes still allowed for the whole archive."""

    def __init__(self, name: str, limit: int):
        self.name, self.limit, self.used = name, limit, 0

    def spend(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise CorpusError(
                f"{self.name} unpacks to more than {self.limit / 1e6:.0f} MB; "
                "it is refused (it may be a zip bomb). Upload a smaller archive."
            )


def _skip_reason(info: zipfile.ZipInfo, allowed: set[str]) -> str | None:
    """Why a member is not read, judged from its name and flags; None to read it."""
    path = info.filename.replace("\\", "/")
    parts = path.split("/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in parts:
        return "unsafe path (absolute or leading outside the archive)"
    if any(p.startswith(".") and p != "." or p == "__MACOSX" for p in parts):
        return "hidden or system file"
    ext = _extension(parts[-1])
    if ext in NESTED_ARCHIVE_EXT:
        return "archive inside the archive (unpack it and upload its files instead)"
    if ext not in allowed:
        wanted = ", ".join(sorted(allowed))
        return f"extension '{ext or '(none)'}' is not one of {wanted}"
    if info.flag_bits & 0x1:
        return "encrypted (password protected)"
    return None


def _extension(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot > 0 else ""


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int, budget: _Budget
) -> tuple[bytes | None, str]:
    """(content, "") or (None, reason). Counts every inflated byte against budget."""
    chunks, size = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                budget.spend(len(chunk))
                size += len(chunk)
                if size > max_bytes:
                    return None, f"larger than {max_bytes / 1e6:.0f} MB unpacked"
                chunks.append(chunk)
    except _DAMAGED:
        return None, "damaged, or packed in a way that cannot be read (zip it again)"
    return b"".join(chunks), ""
