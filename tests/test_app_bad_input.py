"""Bad input through the page, driven by AppTest: `pytest tests/test_app_bad_input.py`.

Issue 7: every bad upload gets a specific message naming the file, the page keeps
working (no exception, the built-in corpus can still be picked), and the Generate
step's sampling widgets are bounded. Nothing here trains: Generate gets an untrained
tiny saved model.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from music_files import midi_bytes
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TUNE = [(60 + i % 7, i * 0.5, i * 0.5 + 0.5) for i in range(40)]


def zipped(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def zip_bomb() -> bytes:
    """200 MB of zeros in one deflated entry (~200 KB), written in chunks to spare memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("zeros.txt", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):
                entry.write(chunk)
    return buf.getvalue()


# (file name, bytes, words the message must contain besides the file name)
BAD_UPLOADS = {
    "nul_bytes": ("nul.txt", b"hello\0world\0" * 50, ["NUL bytes"]),
    "undecodable": ("latin.txt", b"caf\xe9 na\xefve \xff\xfe" * 50, ["not valid UTF-8"]),
    "whitespace_only": ("blank.txt", b" \n\t \r\n   \n", ["empty"]),
    "random_bytes_mid": (
        "noise.mid",
        bytes((i * 97 + 13) % 256 for i in range(4000)),
        ["not a readable MIDI"],
    ),
    "text_named_mid": (
        "letter.mid",
        b"Dear class, this is not music.\n" * 20,
        ["not a readable MIDI"],
    ),
    "truncated_midi": ("cut.mid", midi_bytes([TUNE])[:60], ["not a readable MIDI"]),
    "drums_only_midi": (
        "drums.mid",
        midi_bytes([], drums=[(36, i, i + 0.5) for i in range(16)]),
        ["drums only"],
    ),
    "broken_musicxml": (
        "score.musicxml",
        b"<?xml version='1.0'?><score-partwise><part><measure>",
        ["could not be read"],
    ),
    "broken_abc": ("tune.abc", b"X:1\nK:\n|: ]]]]]] ((((( :|\x00\n", ["no notes"]),
    "unsupported_ext": ("setup.exe", b"MZ\x90\x00" + bytes(200), ["not supported"]),
    "zip_bomb": ("bomb.zip", zip_bomb(), ["larger than 20 MB"]),
    "zip_slip": (
        "slip.zip",
        zipped([("../evil.txt", b"the quick brown fox " * 50)]),
        ["unsafe path", "../evil.txt"],
    ),
    "nested_zip": (
        "outer.zip",
        zipped([("inner.zip", zipped([("a.txt", b"hi " * 200)]))]),
        ["archive inside the archive"],
    ),
}


def messages(at: AppTest) -> list[str]:
    return [e.value for e in at.error] + [w.value for w in at.warning]


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_a_bad_upload_gets_a_message_naming_the_file_and_the_page_stays_usable(app, case):
    name, data, words = BAD_UPLOADS[case]
    app.radio(key="corpus_source").set_value("upload").run()
    app.file_uploader(key="upload").set_value([(name, data, "application/octet-stream")]).run()
    assert not app.exception, [e.value for e in app.exception]
    found = [m for m in messages(app) if name in m and all(w in m for w in words)]
    assert found, messages(app)
    assert app.session_state["corpus"].name == "python-docs"  # the earlier corpus is kept
    assert any("still: python-docs" in i.value for i in app.info)
    app.radio(key="corpus_source").set_value("builtin").run()
    app.selectbox(key="corpus_choice").set_value("folk-abc-text").run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.session_state["corpus"].name == "folk-abc-text"


def generate_page(untrained_model, monkeypatch, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("SEQGEN_MODEL_DIR", str(Path(untrained_model).parent))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.selectbox(key="model_pick").set_value(untrained_model).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_sampling_widgets_only_offer_valid_values(untrained_model, monkeypatch):
    at = generate_page(untrained_model, monkeypatch)
    length = at.number_input(key="length")
    assert length.min == 1 and 1 < length.max <= 5000
    temperature = at.slider(key="temperature")
    assert 0 < temperature.min < temperature.max <= 2.0
    top_p = at.slider(key="top_p")
    assert 0 < top_p.min and top_p.max == 1.0
    top_k = at.number_input(key="top_k")
    assert top_k.min == 0 and top_k.max == len(at.session_state["model"].vocab)  # 0 means off


def test_out_of_range_sampling_values_in_a_link_never_reach_the_widgets(
    untrained_model, monkeypatch
):
    query = {"length": "0", "temperature": "-1", "top_p": "1.5", "top_k": "-3"}
    at = generate_page(untrained_model, monkeypatch, query)
    length, temperature = at.number_input(key="length"), at.slider(key="temperature")
    top_p, top_k = at.slider(key="top_p"), at.number_input(key="top_k")
    assert length.min <= length.value <= length.max
    assert temperature.min <= temperature.value <= temperature.max
    assert top_p.min <= top_p.value <= top_p.max
    assert top_k.min <= top_k.value <= top_k.max
    at.button(key="generate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert len(at.session_state["output"]["takes"][0]["tokens"]) == length.value


@pytest.mark.parametrize(
    ("name", "data", "chinese"),
    [
        ("nul.txt", b"hello\0world\0" * 50, "nul.txt：文件中含有 NUL 字节"),
        ("letter.mid", b"Dear class, not music.\n" * 20, "letter.mid：不是可读取的 MIDI 文件"),
        ("tune.abc", b"X:1\nT:broken\nK:C\n", "tune.abc：没有找到任何音符"),
    ],
)
def test_a_bad_upload_on_the_chinese_page_gets_a_chinese_message(app, name, data, chinese):
    app.radio(key="lang").set_value("zh").run()
    app.radio(key="corpus_source").set_value("upload").run()
    app.file_uploader(key="upload").set_value([(name, data, "application/octet-stream")]).run()
    assert not app.exception, [e.value for e in app.exception]
    errors = [e.value for e in app.error]
    assert any(chinese in m for m in errors), errors
    assert not any("the file" in m or "choose another file" in m for m in errors), errors
    assert app.session_state["corpus"].name == "python-docs"  # the earlier corpus is kept


def test_the_uploaders_tell_the_upload_limit_in_both_languages(app):
    import tomllib

    config = Path(APP).parent / ".streamlit" / "config.toml"
    limit = tomllib.loads(config.read_text())["server"]["maxUploadSize"]
    app.radio(key="corpus_source").set_value("upload").run()
    assert f"At most {limit} MB per file." in app.file_uploader(key="upload").help
    app.radio(key="lang").set_value("zh").run()
    assert f"每个文件最大 {limit} MB。" in app.file_uploader(key="upload").help
