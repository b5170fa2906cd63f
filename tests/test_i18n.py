"""Tests for seqgen.i18n: no text exists in one language only.

Every table in seqgen/i18n/*_text.py is checked: each entry has non-empty English
and Chinese, sentences are really translated, placeholders agree, keys are unique
across tables (a later table would silently overwrite an earlier one).
"""

import importlib
import pathlib
import re
import string

import pytest

import seqgen
import seqgen.i18n as i18n

TABLE_NAMES = sorted(p.stem for p in pathlib.Path(i18n.__file__).parent.glob("*_text.py"))
TABLES = {name: importlib.import_module(f"seqgen.i18n.{name}").TEXT for name in TABLE_NAMES}
ENTRIES = [(name, key, entry) for name, table in TABLES.items() for key, entry in table.items()]


def engine_english(key: str) -> str | None:
    """English that lives in the engine (preset and corpus descriptions), shown by the app
    when the page is in English; the table then holds only the Chinese."""
    if key.startswith("preset_desc_") and key[12:] in seqgen.PRESETS:
        return seqgen.PRESETS[key[12:]].description
    names = {info.name: info.description for info in seqgen.list_builtins()}
    if key.startswith("builtin_desc_"):
        return names.get(key[13:])
    return None


def english(key: str, entry: dict) -> str:
    return entry.get("en") or engine_english(key) or ""


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def is_sentence(text: str) -> bool:
    """Three or more English words: text a reader must be able to read in Chinese."""
    return len(re.findall(r"[A-Za-z]{2,}", text)) >= 3


def test_there_are_string_tables_to_check():
    assert {"app_text", "inside_text"} <= set(TABLE_NAMES)
    assert len(ENTRIES) > 50


@pytest.mark.parametrize("name,key,entry", ENTRIES, ids=[f"{n}:{k}" for n, k, _ in ENTRIES])
def test_every_text_has_english_and_chinese(name, key, entry):
    assert set(entry) <= {"en", "zh"}, f"{name}[{key!r}] has {sorted(entry)}"
    assert isinstance(entry.get("zh"), str) and entry["zh"].strip(), f"{name}[{key!r}] no Chinese"
    assert english(key, entry).strip(), f"{name}[{key!r}] has no English (table or engine)"


def test_every_preset_and_builtin_corpus_description_has_chinese():
    table = i18n.table()
    keys = [f"preset_desc_{name}" for name in seqgen.PRESETS]
    keys += [f"builtin_desc_{info.name}" for info in seqgen.list_builtins()]
    assert [k for k in keys if not table.get(k, {}).get("zh")] == []


@pytest.mark.parametrize("name,key,entry", ENTRIES, ids=[f"{n}:{k}" for n, k, _ in ENTRIES])
def test_sentences_are_translated_with_the_same_placeholders(name, key, entry):
    en = english(key, entry)
    assert fields(en) == fields(entry["zh"]), f"{name}[{key!r}] placeholders differ"
    if is_sentence(en):
        assert entry["zh"] != en, f"{name}[{key!r}] is English in both languages"
        assert re.search(r"[\u4e00-\u9fff]", entry["zh"]), f"{name}[{key!r}] has no Chinese"


def test_no_key_is_defined_in_two_tables():
    seen: dict[str, str] = {}
    for name, key, _ in ENTRIES:
        assert key not in seen, f"{key!r} is in both {seen[key]} and {name}"
        seen[key] = name


def test_t_fills_placeholders_in_both_languages():
    assert i18n.t("dot_total", "en", params="1,234") == "Total: 1,234 parameters"
    assert "1,234" in i18n.t("dot_total", "zh", params="1,234")
