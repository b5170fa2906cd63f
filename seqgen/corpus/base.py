"""The corpus every reader returns: `Corpus(name, kind, level, pieces, notes)`.

A corpus is a tuple of pieces (files, tunes, chorales), each a tuple of tokens.
`notes` tells the user what happened while reading: the encoding used, files
skipped and why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


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
