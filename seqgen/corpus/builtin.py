"""Built-in corpora that need no upload and no download: `load_builtin("python-docs")`.

Text corpora come from what Python and music21 install; music corpora from
music21's shipped corpus (see builtin_music.py).
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass

from ..errors import CorpusError
from .base import Corpus
from .text import tokenize


@dataclass(frozen=True)
class BuiltinInfo:
    name: str
    kind: str  # "text" | "music"
    description: str  # one line for the app and `seqgen corpora`
    source: str  # where it comes from and its licence


TEXT_BUILTINS = (
    BuiltinInfo(
        "python-docs",
        "text",
        "English prose: the Python language reference and library help pages, each paragraph "
        "once (about 370k chars).",
        "Python's own help topics (pydoc_data), shipped with Python. PSF License.",
    ),
    BuiltinInfo(
        "folk-abc-text",
        "text",
        "Irish folk tunes in ABC notation, learnt as plain text like folk-rnn (about 780k chars).",
        "O'Neill's Music of Ireland (1850), ABC transcriptions shipped in music21's corpus. "
        "Tunes in the public domain; music21 corpus under BSD licence.",
    ),
)


def list_builtins() -> list[BuiltinInfo]:
    """Every built-in corpus, text first, then music."""
    try:
        from .builtin_music import MUSIC_BUILTINS
    except ImportError:  # music support not installed
        MUSIC_BUILTINS = ()
    return list(TEXT_BUILTINS) + list(MUSIC_BUILTINS)


def builtin_info(name: str) -> BuiltinInfo:
    for info in list_builtins():
        if info.name == name:
            return info
    names = ", ".join(i.name for i in list_builtins())
    raise CorpusError(f"There is no built-in corpus called {name!r}. Choose one of: {names}.")


def load_builtin(name: str, level: str | None = None, music_options=None, progress=None) -> Corpus:
    """Load the built-in corpus `name` (text at `level` "char" or "word")."""
    info = builtin_info(name)
    if info.kind == "music":
        from .builtin_music import load_music_builtin
        from .music import MusicOptions

        return load_music_builtin(name, music_options or MusicOptions(), progress=progress)
    level = level or "char"
    if level not in ("char", "word"):
        raise CorpusError(f"level must be 'char' or 'word' for a text corpus; level is {level!r}.")
    names, texts = _PYTHON_DOCS() if name == "python-docs" else _FOLK_ABC()
    pieces = tuple(tuple(tokenize(t, level)) for t in texts)
    return Corpus(name, "text", level, pieces, (), info.source, tuple(names))


# Topics shorter than this after removing repeated paragraphs are left out.
MIN_TOPIC_CHARS = 200


def _PYTHON_DOCS() -> tuple[list[str], list[str]]:
    """Python's help topics with every paragraph kept once.

    The topics overlap: "compound" contains the whole of "if", "for", "class" ...
    Without deduplication half of a held-out topic is a verbatim copy of training
    text, so the validation loss would measure memory (an n-gram wins by recall),
    not what the model learnt. Longer topics keep their paragraphs first."""
    from pydoc_data.topics import topics

    seen: set[str] = set()
    kept: dict[str, str] = {}
    for name in sorted(topics, key=lambda n: (-len(topics[n]), n)):
        paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", topics[name].strip())]
        new = [p for p in paragraphs if p.strip() not in seen]
        seen.update(p.strip() for p in paragraphs)
        if sum(map(len, new)) >= MIN_TOPIC_CHARS:
            kept[name] = "\n\n".join(new) + "\n"
    names = sorted(kept)
    return names, [kept[n] for n in names]


def _FOLK_ABC() -> tuple[list[str], list[str]]:
    import music21

    root = os.path.join(os.path.dirname(music21.__file__), "corpus", "oneills1850")
    names, texts = [], []
    for path in sorted(glob.glob(os.path.join(root, "**", "*.abc"), recursive=True)):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read().replace("\r\n", "\n")
        # One piece per tune: a tune starts at its "X:" line.
        for tune in re.split(r"\n(?=X:)", text):
            tune = tune.strip()
            if tune.startswith("X:"):
                names.append(f"{os.path.basename(path)} {tune.splitlines()[0]}")
                texts.append(tune + "\n")
    if not texts:
        raise CorpusError("music21's O'Neill ABC files were not found; reinstall music21.")
    return names, texts
