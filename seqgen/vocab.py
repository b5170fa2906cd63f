"""Token <-> id mapping that travels with the weights: `v = Vocab.build(pieces); v.encode(toks)`.

Special tokens are declared up front and always take the first ids:
  <eos>  marks the end of a piece (between pieces in the training stream); as an
         input it opens the next piece, from a fresh (zero) state
  <unk>  stands for a token the corpus never had; never fed to the model as a seed
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from .errors import ModelFileError

EOS = "<eos>"
UNK = "<unk>"
SPECIALS = (EOS, UNK)
EOS_ID = 0  # SPECIALS come first


@dataclass(frozen=True)
class Vocab:
    tokens: tuple[str, ...]  # id -> token; specials first
    level: str = "char"  # how text is split and joined: "char", "word" or "music"

    def __post_init__(self):
        if tuple(self.tokens[: len(SPECIALS)]) != SPECIALS:
            raise ModelFileError(f"The vocabulary must start with {SPECIALS}.")
        if len(set(self.tokens)) != len(self.tokens):
            raise ModelFileError("The vocabulary lists a token twice.")
        object.__setattr__(self, "_ids", {t: i for i, t in enumerate(self.tokens)})

    @classmethod
    def build(cls, pieces, level: str = "char") -> Vocab:
        """Vocabulary of every token in `pieces`, most frequent first (ties by token)."""
        counts = Counter(t for piece in pieces for t in piece)
        for s in SPECIALS:
            counts.pop(s, None)
        ordered = sorted(counts, key=lambda t: (-counts[t], t))
        return cls(SPECIALS + tuple(ordered), level)

    def __len__(self) -> int:
        return len(self.tokens)

    @property
    def eos_id(self) -> int:
        return EOS_ID

    @property
    def unk_id(self) -> int:
        return 1

    def id_of(self, token: str) -> int:
        return self._ids.get(token, self.unk_id)

    def __contains__(self, token: str) -> bool:
        return token in self._ids

    def encode(self, tokens) -> list[int]:
        return [self._ids.get(t, 1) for t in tokens]

    def decode(self, ids) -> list[str]:
        return [self.tokens[int(i)] for i in ids]

    def split_known(self, tokens) -> tuple[list[str], list[str]]:
        """(tokens the vocabulary knows, tokens it does not), order kept."""
        known = [t for t in tokens if t in self._ids and t != UNK]
        unknown = [t for t in tokens if t not in self._ids or t == UNK]
        return known, unknown

    def to_json(self) -> str:
        return json.dumps({"level": self.level, "tokens": list(self.tokens)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Vocab:
        try:
            data = json.loads(text)
            tokens, level = data["tokens"], data["level"]
        except (ValueError, KeyError, TypeError) as e:
            raise ModelFileError(f"The vocabulary file is not valid: {e}") from None
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            raise ModelFileError("The vocabulary file must list tokens as strings.")
        if level not in ("char", "word", "music"):
            raise ModelFileError(f"Unknown vocabulary level {level!r}.")
        return cls(tuple(tokens), level)
