"""Tests for seqgen.i18n: no text exists in one language only.

Every table in seqgen/i18n/*_text.py is checked: each entry has non-empty English
and Chinese, sentences are really translated, placeholders agree, keys are unique
across tables (a later table would silently overwrite an earlier one).
"""

import ast
import importlib
import pathlib
import re
import string

import pytest

import seqgen
import seqgen.errors
import seqgen.i18n as i18n
import seqgen.i18n.errors as i18n_errors

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


# ---- engine errors (seqgen/i18n/error_text.py, seqgen/i18n/errors.py)

ERROR_CLASSES = {name for name in dir(seqgen.errors) if name.endswith("Error")}
# Calls whose string argument becomes a message the app shows: errors, config checks,
# training stop reasons, and the training job's error (keyword error=...).
MESSAGE_CALLS = ERROR_CLASSES | {"_check", "_stop"}
# Messages built from other messages, each of which has its own template.
COMPOSED = {
    ("config.py", "message"),  # _check(ok, message): the f-strings passed to _check
    ("render.py", "tempo"),  # render's _check(tempo) checks a value, not a message
    ("music.py", "reasons[0]"),
    ("text.py", "join_messages(errors)"),
    ("jobs.py", "str(e)"),
    ("jobs.py", "self.error"),
}


def _template(node, names: dict) -> str | None:
    """The message of an f-string or string with every value as "{}"; None if built
    otherwise. A variable is looked up among the module's string assignments."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    return None


def _engine_messages() -> list[tuple[str, str]]:
    """(where, template) of every message the engine can show the user."""
    found = []
    root = pathlib.Path(seqgen.__file__).parent
    for path in sorted(root.rglob("*.py")):
        if path.parent.name in ("ui", "i18n"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                text = _template(node.value, {})
                if isinstance(target, ast.Name) and text is not None:
                    names[target.id] = text
                if isinstance(target, ast.Attribute) and target.attr == "error" and text:
                    found.append((f"{path.name}:{node.lineno}", text))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = getattr(func, "id", None) or getattr(func, "attr", None)
            args = []
            if called in MESSAGE_CALLS and node.args:
                args.append(node.args[-1] if called == "_check" else node.args[0])
            args += [k.value for k in node.keywords if k.arg == "error"]
            for arg in args:
                text = _template(arg, names)
                where = f"{path.name}:{node.lineno}"
                if text is None:
                    assert (path.name, ast.unparse(arg)) in COMPOSED, f"{where}: {ast.unparse(arg)}"
                else:
                    found.append((where, text))
    return found


def _shape(template: str) -> str:
    return re.sub(r"\{[^{}]*\}", "{}", template)


ENGINE_MESSAGES = _engine_messages()


def test_the_engine_messages_are_found():
    assert len(ENGINE_MESSAGES) > 80
    assert any("no notes were found" in text for _, text in ENGINE_MESSAGES)
    assert any("must be a whole number" in text for _, text in ENGINE_MESSAGES)  # config.py
    assert any("Training failed unexpectedly" in text for _, text in ENGINE_MESSAGES)  # jobs


@pytest.mark.parametrize("where,template", ENGINE_MESSAGES, ids=[w for w, _ in ENGINE_MESSAGES])
def test_every_engine_message_has_a_chinese_translation(where, template):
    from seqgen.i18n.error_text import TEXT

    shapes = {_shape(entry["en"]): entry for entry in TEXT.values()}
    assert _shape(template) in shapes, f"{where}: add to seqgen/i18n/error_text.py: {template!r}"
    assert re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", shapes[_shape(template)]["zh"])


def _raised(make) -> str:
    with pytest.raises(seqgen.SeqgenError) as err:
        make()
    return str(err.value)


def _bad_music(name: str, data: bytes):
    return lambda: seqgen.read_music_files([(name, data)], seqgen.MusicOptions())


BAD_INPUTS = {
    "empty_text": lambda: seqgen.load_files([("blank.txt", b"  \n")]),
    "two_bad_texts": lambda: seqgen.load_files([("a.txt", b""), ("b.txt", b"x\0y")]),
    "unsupported": lambda: seqgen.load_files([("setup.exe", b"MZ")]),
    "broken_zip": lambda: seqgen.load_files([("songs.zip", b"PK\3\4 nope")]),
    "midi_and_abc": lambda: seqgen.read_music_files(
        [("a.mid", b"junk"), ("b.abc", b"X:1\nK:C\n")], seqgen.MusicOptions()
    ),
    "temperature": lambda: seqgen.SampleConfig(temperature=0),
    "top_p": lambda: seqgen.SampleConfig(top_p=1.5),
    "length": lambda: seqgen.SampleConfig(length=0),
    "model_file": lambda: seqgen.load_bundle_bytes(b"not a zip", "m.seqgen"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_a_real_engine_error_reads_as_chinese_with_its_file_names_and_values(case):
    message = _raised(BAD_INPUTS[case])
    zh = i18n_errors.localize(message, "zh")
    assert i18n_errors.localize(message, "en") == message
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    # Whatever English is left is names and values copied from the message, no sentence.
    leftover = re.sub(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", " | ", zh)
    chunks = [chunk.strip() for chunk in leftover.split("|")]
    assert not any(is_sentence(chunk) and chunk not in message for chunk in chunks), zh
    for name in re.findall(r"[\w.-]+\.(?:txt|exe|zip|mid|abc|seqgen)\b", message):
        assert name in zh


def test_values_and_nested_messages_are_carried_into_the_translation():
    message = _raised(BAD_INPUTS["two_bad_texts"])
    zh = i18n_errors.localize(message, "zh")
    assert zh.startswith("a.txt：文件是空的") and "；b.txt：文件中含有 NUL 字节" in zh
    temperature = i18n_errors.localize(_raised(BAD_INPUTS["temperature"]), "zh")
    assert temperature == "temperature 必须大于 0.0，且不超过 100.0；当前 temperature 为 0。"


def test_a_message_without_a_template_is_shown_in_english():
    assert i18n_errors.localize("Something new went wrong.", "zh") == "Something new went wrong."
