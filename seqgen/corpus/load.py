"""Read whatever the user gave: `corpus = load_files([("a.txt", data), ("b.mid", data)])`.

Files are sorted by extension into text and music; a .zip is opened safely and
its members sorted the same way. Text and music cannot be mixed in one corpus.
"""

from __future__ import annotations

import os

from ..errors import CorpusError
from .base import MAX_FILE_BYTES, Corpus, check_size, join_messages

TEXT_EXT = {".txt", ".text", ".md", ".csv", ".py"}
MUSIC_EXT = {".mid", ".midi", ".musicxml", ".xml", ".mxl", ".abc", ".krn"}
ARCHIVE_EXT = {".zip"}


def _ext(name: str) -> str:
    return os.path.splitext(name.lower())[1]


def _expand_archives(files):
    from .archive import extract_zip

    out, notes = [], []
    for name, data in files:
        if _ext(name) in ARCHIVE_EXT:
            members, skipped = extract_zip(name, data, TEXT_EXT | MUSIC_EXT)
            out.extend(members)
            notes.extend(skipped)
        else:
            out.append((name, data))
    return out, notes


def load_files(files: list[tuple[str, bytes]], level: str = "char", music_options=None) -> Corpus:
    """A text corpus (level "char"/"word", or "abc-text" rules: any text file) or a music
    corpus, depending on the files' extensions."""
    if not files:
        raise CorpusError("No files were given. Choose a built-in corpus or upload files.")
    for name, data in files:
        check_size(name, len(data))
    files, notes = _expand_archives(files)
    unsupported = [n for n, _ in files if _ext(n) not in TEXT_EXT | MUSIC_EXT]
    notes += [
        f"{n}: skipped, the extension {_ext(n) or '(none)'} is not supported; use .txt for "
        f"text or {', '.join(sorted(MUSIC_EXT))} for music."
        for n in unsupported
    ]
    text = [(n, d) for n, d in files if _ext(n) in TEXT_EXT]
    music = [(n, d) for n, d in files if _ext(n) in MUSIC_EXT]
    if text and music:
        raise CorpusError(
            "Text and music files cannot be mixed in one corpus: upload either .txt files "
            "or music files."
        )
    if not text and not music:
        raise CorpusError(
            f"Nothing in the upload can be used: {join_messages(notes) if notes else '(empty)'} "
            f"Upload .txt files for text, or {', '.join(sorted(MUSIC_EXT))} files for music."
        )
    if text:
        from .text import read_text_files

        corpus = read_text_files(text, level if level in ("char", "word") else "char")
    else:
        from .music import MusicOptions, read_music_files

        corpus = read_music_files(music, music_options or MusicOptions())
    from dataclasses import replace

    return replace(corpus, notes=tuple(corpus.notes) + tuple(notes))


def read_paths(paths: list[str]) -> list[tuple[str, bytes]]:
    """(name, bytes) for each path, with a CorpusError naming a file that cannot be read
    or is over the size limit (checked before reading it)."""
    out = []
    for path in paths:
        try:
            check_size(path, os.path.getsize(path))
            with open(path, "rb") as f:
                data = f.read(MAX_FILE_BYTES + 1)  # the file may grow after the check
        except OSError as e:
            raise CorpusError(
                f"Cannot read {path}: {e.strerror or 'the file cannot be opened'}. "
                "Check the file name and that you may read it."
            ) from None
        check_size(path, len(data))
        out.append((os.path.basename(path), data))
    return out
