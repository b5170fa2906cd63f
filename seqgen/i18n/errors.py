"""Engine messages in the page language: `st.error(localize(str(error), "zh"))`.

The engine (seqgen.errors) raises English messages, which the CLI prints as they
are. The app shows them through `localize`, which finds the message's template in
error_text.py, reads the values (file names, counts) out of the message and puts
them into the Chinese template. A `{detail}` value is itself one message or several
joined by "; " (seqgen.corpus.base.join_messages), translated in turn. A message
without a template is shown in English rather than not at all.
"""

from __future__ import annotations

import re
import string
from functools import cache, lru_cache

from . import DEFAULT_LANG
from .error_text import TEXT

_MAX_PARTS = 40  # messages joined by "; " tried one by one (more: shown as they are)
_SEPARATOR = {"zh": "；"}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    """(regex of the English template, key), the most literal text first, so that a
    specific template wins over a general one like "{cls}: {detail}"."""
    out = []
    for key, entry in TEXT.items():
        regex, literal, seen = [], 0, set()
        for text, field, _, _ in string.Formatter().parse(entry["en"]):
            regex.append(re.escape(text))
            literal += len(text)
            if field is None:
                continue
            if field in seen:
                regex.append(f"(?P={field})")
            elif field == "detail":
                regex.append(f"(?P<{field}>.+?)")
            else:  # a value, never a whole other message: it holds no "; "
                regex.append(f"(?P<{field}>(?:(?!; ).)*?)")
            seen.add(field)
        out.append((literal, re.compile("".join(regex), re.DOTALL), key))
    out.sort(key=lambda item: -item[0])
    return [(pattern, key) for _, pattern, key in out]


def template_key(message: str) -> str | None:
    """The key in error_text.TEXT whose English template `message` is, or None."""
    for pattern, key in _patterns():
        if pattern.fullmatch(message):
            return key
    return None


def localize(message: str, lang: str = DEFAULT_LANG) -> str:
    """`message` (English, from the engine) in `lang`; English if no translation fits."""
    if lang == DEFAULT_LANG or not message:
        return message
    return (
        _translate(message, lang)
        or _translate_parts(message, lang)
        or _translate(message, lang, strict=False)
        or message
    )


def _translate(message: str, lang: str, strict: bool = True) -> str | None:
    """The translation of one message. strict: a `{detail}` must translate too (so
    "a: b; c: d" is not read as one "{cls}: {detail}" with an English detail)."""
    for pattern, key in _patterns():
        match = pattern.fullmatch(message)
        if match is None:
            continue
        values = match.groupdict()
        if "detail" in values:
            detail = _translate(values["detail"], lang) or _translate_parts(values["detail"], lang)
            if detail is None and strict:
                continue
            values["detail"] = detail or values["detail"]
        template = TEXT[key].get(lang) or TEXT[key]["en"]
        return template.format(**values)
    return None


def _translate_parts(message: str, lang: str) -> str | None:
    """Messages joined by "; " (each without its final "."): split where every part is
    one message. Returns None unless the whole message splits that way."""
    parts = message.split("; ")
    if len(parts) < 2 or len(parts) > _MAX_PARTS:
        return None
    ending = "." if message.endswith(".") else ""

    @cache
    def split(i: int) -> tuple[str, ...] | None:
        """Translations of parts[i:] grouped into whole messages, or None."""
        if i == len(parts):
            return ()
        for j in range(len(parts), i, -1):  # the longest message first
            text = "; ".join(parts[i:j])
            done = _translate(text, lang) or _translate(text.rstrip(".") + ".", lang)
            rest = split(j) if done else None
            if rest is not None:
                return (done, *rest)
        return None

    translated = split(0)
    if translated is None or (ending and len(translated) < 2):
        return None
    sep = _SEPARATOR.get(lang, "; ")
    return sep.join(t.rstrip("。.") for t in translated) + ("。" if lang == "zh" else ending)
