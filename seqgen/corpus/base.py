"""The corpus every reader returns: `Corpus(name, kind, level, pieces, notes)`.

A corpus is a tuple of pieces (files, tunes, chorales), each a tuple of tokens.
`notes` tells the user what happened while reading: the encoding used, files
skipped and why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..errors import CorpusError

# The largest file (text, music or zip) seqgen reads, from the app or the CLI. It equals
# server.maxUploadSize in .streamlit/config.toml (Streamlit counts MB as 2**20 bytes):
# beyond this, parsing and training would take too long for a class anyway.
MAX_FILE_MB = 50
MAX_FILE_BYTES = MAX_FILE_MB * 2**20


def check_size(name: str, size: int) -> None:
    """CorpusError naming the file when `size` bytes are over the limit."""
    if size > MAX_FILE_BYTES:
        raise CorpusError(
            f"{name}: the file is {size / 2**20:.0f} MB, more than the limit of {MAX_FILE_MB} MB. "
            "Use a smaller file (for text, an excerpt; for music, fewer pieces)."
        )


def join_messages(messages) -> str:
    """Several messages as one: "a.txt: ...; b.mid: ..." (seqgen.i18n splits them again)."""
    return "; ".join(m.rstrip(".") for m in messages) + "."


@dataclass(frozen=True)
class Corpus:
    name: str  # file name or built-in corpus name
    kind: str  # "text" | "music"
    level: str  # "char" | "word" | "music"
    pieces: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()  # encoding used, skipped files and why
    source: str = ""  # where it comes from and its licence
    piece_names: tuple[str, ...] = ()
    # Index of the original piece each piece was made from: copies of one piece
    # in other keys share it, so the held-out split keeps them on one side.
    # Empty: every piece is its own original.
    origins: tuple[int, ...] = ()

    @property
    def n_tokens(self) -> int:
        return sum(len(p) for p in self.pieces)

    def stats(self, top: int = 20) -> dict:
        """Sizes and the most frequent tokens, for the CLI and the app."""
        counts = Counter(t for p in self.pieces for t in p)
        out = {
            "pieces": len(self.pieces),
            "tokens": self.n_tokens,
            "vocabulary": len(counts),
            "most_frequent": counts.most_common(top),
        }
        if self.kind == "text":
            # Word tokens include the spaces between words, so both levels join with "".
            out["characters"] = sum(len("".join(p)) for p in self.pieces)
        return out
