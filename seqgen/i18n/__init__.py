"""Every string the app shows, in English and Chinese: `t("train", "zh")`.

String tables are dicts {key: {"en": ..., "zh": ...}}; app_text.py holds the
app's, inside_text.py (when present) the "Inside the network" tab's. `t` fills
`{name}` placeholders from keyword arguments and falls back to English, then to
the key itself, so a missing translation never breaks the page.
"""

from __future__ import annotations

from importlib import import_module

LANGS = {"en": "English", "zh": "中文"}
DEFAULT_LANG = "en"
_TABLE_MODULES = ("app_text", "inside_text", "error_text")
_TABLE: dict[str, dict[str, str]] | None = None


def table() -> dict[str, dict[str, str]]:
    """All string tables merged (loaded once)."""
    global _TABLE
    if _TABLE is None:
        merged: dict[str, dict[str, str]] = {}
        for name in _TABLE_MODULES:
            try:
                module = import_module(f".{name}", __name__)
            except ImportError:  # the inside tab's table is added by another module
                continue
            merged.update(getattr(module, "TEXT", {}))
        _TABLE = merged
    return _TABLE


def t(key: str, lang: str = DEFAULT_LANG, **fmt) -> str:
    """The string `key` in `lang`, with `{placeholders}` filled from `fmt`."""
    entry = table().get(key)
    if entry is None:
        text = key
    else:
        text = entry.get(lang) or entry.get(DEFAULT_LANG) or key
    if fmt:
        try:
            return text.format(**fmt)
        except (KeyError, IndexError, ValueError):
            return text
    return text
