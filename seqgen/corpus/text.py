"""Text files into tokens: `corpus = read_text_files([("a.txt", data)], level="char")`.

Decoding tries UTF-8 (with or without BOM), UTF-16 with a BOM, then GB18030,
and reports which one worked. Line endings become "\\n". Tokens are Unicode
code points ("char") or words, punctuation and whitespace ("word"; every Han
character is a word of its own, since Chinese has no spaces).
"""

from __future__ import annotations

import codecs
import re

from ..errors import CorpusError
from .base import Corpus, check_size, join_messages

_HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A Han character is a word of its own, also next to Latin letters or digits ("2024年").
_WORD = re.compile(rf"[{_HAN}]|[^\W{_HAN}]+|[^\w\s]|\n|[^\S\n]+")


def decode_bytes(name: str, data: bytes) -> tuple[str, str]:
    """(text, encoding used) for the bytes of file `name`, or a CorpusError saying why not."""
    check_size(name, len(data))
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _decode(name, data[3:], "utf-8"), "UTF-8 with BOM"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _decode(name, data, "utf-16"), "UTF-16"
    else:
        if b"\x00" in data:
            raise CorpusError(
                f"{name}: the file contains NUL bytes, so it is binary data, not text. "
                "Upload a plain .txt file (UTF-8, UTF-16 with BOM or GB18030)."
            )
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            text, encoding = _decode(name, data, "gb18030"), "GB18030"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_is_text(name, text)
    return text, encoding


def _decode(name: str, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise CorpusError(
            f"{name}: the bytes are not valid UTF-8, UTF-16 or GB18030 text. "
            "Save the file as UTF-8 and upload it again."
        ) from None


def _check_is_text(name: str, text: str) -> None:
    if not text.strip():
        raise CorpusError(f"{name}: the file is empty (or only whitespace). Add some text.")
    if "\x00" in text:
        raise CorpusError(
            f"{name}: the text contains NUL characters, so it is binary data, not text. "
            "Upload a plain .txt file."
        )
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f\v")
    if control > 0.01 * len(text):
        raise CorpusError(
            f"{name}: {control} of its {len(text)} characters are control characters, so it "
            "looks like binary data, not text. Upload a plain .txt file."
        )


def tokenize(text: str, level: str) -> list[str]:
    """Characters, or words + punctuation + whitespace tokens.

    "".join(tokens) restores the text, except that at word level a run of spaces or
    tabs becomes one space (fewer, more useful whitespace tokens)."""
    if level == "char":
        return list(text)
    if level == "word":
        return [" " if tok.isspace() and tok != "\n" else tok for tok in _WORD.findall(text)]
    raise CorpusError(f"Text can be read by 'char' or 'word'; level is {level!r}. Choose one.")


def detokenize(tokens, level: str) -> str:
    """The text of `tokens` (special tokens such as <eos> become a blank line)."""
    return "".join("\n\n" if t == "<eos>" else t for t in tokens if t != "<unk>")


def read_text_files(files: list[tuple[str, bytes]], level: str = "char", name: str = "") -> Corpus:
    """A text corpus with one piece per file. Unusable files are skipped and noted;
    if none is usable, CorpusError lists every file and why."""
    if not files:
        raise CorpusError("No files were given. Upload at least one .txt file.")
    pieces, names, notes, errors = [], [], [], []
    for fname, data in files:
        try:
            text, encoding = decode_bytes(fname, data)
        except CorpusError as e:
            errors.append(str(e))
            continue
        pieces.append(tuple(tokenize(text, level)))
        names.append(fname)
        notes.append(f"{fname}: read as {encoding}, {len(text):,} characters.")
    if not pieces:
        raise CorpusError(join_messages(errors))
    return Corpus(
        name=name or (names[0] if len(names) == 1 else f"{len(names)} text files"),
        kind="text",
        level=level,
        pieces=tuple(pieces),
        notes=tuple(notes + [f"Skipped {e}" for e in errors]),
        source="Uploaded by you.",
        piece_names=tuple(names),
    )
