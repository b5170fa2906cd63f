"""Property-based tests (hypothesis): round trips, and readers fed random or mutated bytes.

Whatever bytes a user uploads, the only exceptions that may escape a reader are
seqgen's own (SeqgenError and its subclasses): the UI and the CLI catch only those.
"""

import io
import json
import re
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from seqgen import (
    ConfigError,
    CorpusError,
    ModelFileError,
    SampleConfig,
    SeqgenError,
    Vocab,
    decode_bytes,
    detokenize,
    load_bundle_bytes,
    load_files,
    next_token_probs,
    tokenize,
)

FAST = settings(max_examples=150, deadline=None)
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
# Text a user would type: letters, digits, CJK, punctuation, spaces and newlines.
realistic = st.text(
    alphabet=st.sampled_from(list("abc XYZ 019,.;!?'\"-\n\t\u3000 明月光，。é€😀\u00a0")),
    max_size=120,
)


@FAST
@given(st.lists(st.lists(st.text(min_size=1, max_size=4), max_size=20), max_size=5))
def test_vocabulary_encode_decode_round_trips_every_corpus_token(pieces):
    vocab = Vocab.build(pieces)
    for piece in pieces:
        assert vocab.decode(vocab.encode(piece)) == list(piece)
    assert Vocab.from_json(vocab.to_json()) == vocab


@FAST
@given(st.lists(st.text(max_size=3), max_size=10), st.lists(st.text(max_size=3), max_size=10))
def test_unknown_tokens_encode_as_unk_and_are_split_off(corpus_tokens, seed):
    vocab = Vocab.build([corpus_tokens])
    known, unknown = vocab.split_known(seed)
    assert len(known) + len(unknown) == len(seed)
    assert all(vocab.decode(vocab.encode([t])) == [t] for t in known)
    assert all(vocab.encode([t]) == [vocab.unk_id] for t in unknown)


@FAST
@given(texts)
def test_char_tokens_join_back_into_any_text(text):
    assert detokenize(tokenize(text, "char"), "char") == text


@FAST
@given(st.one_of(texts, realistic))
def test_word_tokens_join_back_into_the_text_with_spaces_collapsed(text):
    tokens = tokenize(text, "word")
    assert all(tokens)
    assert "".join(tokens) == re.sub(r"[^\S\n]+", " ", text)
    assert detokenize(tokens, "word") == "".join(tokens)


@FAST
@given(realistic)
def test_word_tokens_never_mix_chinese_characters_with_other_letters(text):
    for token in tokenize(text, "word"):
        if any("\u4e00" <= ch <= "\u9fff" for ch in token):
            assert len(token) == 1


@FAST
@given(st.binary(max_size=400))
def test_decode_bytes_on_random_bytes_gives_text_or_a_corpus_error(data):
    try:
        text, encoding = decode_bytes("random.txt", data)
    except CorpusError as e:
        assert "random.txt" in str(e)
        return
    assert isinstance(text, str) and text.strip() and "\r" not in text and "\x00" not in text
    assert encoding in ("UTF-8", "UTF-8 with BOM", "UTF-16", "GB18030")


def mutate(data: bytes, draw_data) -> bytes:
    """Flip, insert and delete a few bytes of valid data."""
    buf = bytearray(data)
    for _ in range(draw_data.draw(st.integers(1, 6))):
        if not buf:
            break
        i = draw_data.draw(st.integers(0, len(buf) - 1))
        op = draw_data.draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if op == "flip":
            buf[i] ^= draw_data.draw(st.integers(1, 255))
        elif op == "insert":
            buf[i:i] = draw_data.draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del buf[i]
        else:
            del buf[i:]
    return bytes(buf)


ENCODED_TEXTS = [
    b"Hello world, this is text.\n",
    "床前明月光，疑是地上霜。\n".encode("utf-16"),
    "床前明月光，疑是地上霜。\n".encode("gb18030"),
    b"\xef\xbb\xbfBOM text\r\n",
]


@FAST
@given(st.sampled_from(ENCODED_TEXTS), st.data())
def test_decode_bytes_on_mutated_text_gives_text_or_a_corpus_error(data, draw_data):
    try:
        decode_bytes("mutated.txt", mutate(data, draw_data))
    except CorpusError:
        pass


def valid_files() -> dict[str, bytes]:
    from music_files import midi_bytes

    abc = b"X:1\nT:Test\nM:4/4\nL:1/8\nK:G\nGABc dedB|dedB dedB|c2ec B2dB|c2A2 A2BA|\n"
    xml = (
        b'<?xml version="1.0"?><score-partwise version="3.1"><part-list><score-part id="P1">'
        b'<part-name>M</part-name></score-part></part-list><part id="P1"><measure number="1">'
        b"<attributes><divisions>1</divisions></attributes><note><pitch><step>C</step>"
        b"<octave>4</octave></pitch><duration>1</duration><type>quarter</type></note>"
        b"<note><pitch><step>E</step><octave>4</octave></pitch><duration>1</duration>"
        b"<type>quarter</type></note></measure></part></score-partwise>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", "some text in a zip\n" * 5)
        z.writestr("b.txt", "more text\n" * 5)
    return {
        ".txt": b"plain text\n" * 5,
        ".mid": midi_bytes([[(60, 0, 1), (62, 1, 2), (64, 2, 3), (65, 3, 4)]]),
        ".abc": abc,
        ".musicxml": xml,
        ".zip": buf.getvalue(),
    }


VALID = valid_files()
EXTENSIONS = sorted(VALID)


def only_seqgen_errors(files):
    try:
        load_files(files)
    except SeqgenError:
        pass


@SLOW
@given(st.sampled_from(EXTENSIONS), st.binary(max_size=300))
def test_load_files_on_random_bytes_raises_only_seqgen_errors(ext, data):
    only_seqgen_errors([(f"upload{ext}", data)])


@SLOW
@given(st.sampled_from(EXTENSIONS), st.data())
def test_load_files_on_mutated_files_raises_only_seqgen_errors(ext, draw_data):
    only_seqgen_errors([(f"upload{ext}", mutate(VALID[ext], draw_data))])


@pytest.mark.parametrize("ext", EXTENSIONS)
def test_the_unmutated_sample_files_are_readable(ext):
    assert load_files([(f"sample{ext}", VALID[ext])]).n_tokens > 0


class Blob(bytes):
    """Bytes with a short repr, so a failing example does not print 30 kB."""

    def __repr__(self):
        return f"<{len(self)} bytes>"


@pytest.fixture(scope="module")
def bundle(tiny_result):
    from seqgen import bundle_bytes

    return Blob(bundle_bytes(tiny_result, "tiny"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_bundles_load_or_raise_model_file_errors_only(bundle, draw_data):
    try:
        load_bundle_bytes(mutate(bundle, draw_data))
    except ModelFileError:
        pass


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)


@FAST
@given(json_values)
def test_a_vocabulary_from_any_json_loads_or_raises_a_model_file_error(value):
    try:
        Vocab.from_json(json.dumps(value))
    except ModelFileError:
        pass


numbers = st.one_of(st.integers(-(10**12), 10**12), st.floats(), st.none(), st.booleans())


@FAST
@given(numbers, numbers, numbers, numbers)
def test_sample_settings_are_valid_or_a_config_error(length, temperature, top_k, top_p):
    try:
        SampleConfig(length=length, temperature=temperature, top_k=top_k, top_p=top_p)
    except ConfigError as e:
        assert str(e)


@FAST
@given(
    st.lists(st.floats(-30, 30), min_size=2, max_size=12),
    st.floats(0.05, 5.0),
    st.one_of(st.none(), st.integers(1, 15)),
    st.one_of(st.none(), st.floats(0.01, 1.0)),
)
@example(logits=[0.0, 0.0, 1.0, 1.0], temperature=1.0, top_k=None, top_p=0.25)  # tied top
@example(logits=[-19.0, -1e-308, 0.0], temperature=0.5, top_k=None, top_p=0.5)  # tie after exp
def test_shaped_probabilities_are_a_distribution_keeping_the_most_likely_token(
    logits, temperature, top_k, top_p
):
    z = np.array([logits])
    assume(np.ptp(z) > 1e-6 or len(set(logits)) == 1)
    p = next_token_probs(z, SampleConfig(temperature=temperature, top_k=top_k, top_p=top_p))
    plain = next_token_probs(z, SampleConfig(temperature=temperature, top_p=None))
    assert np.all(p >= 0) and p.sum() == pytest.approx(1.0)
    assert p[0, plain[0] == plain.max()].sum() > 0  # a most likely token always stays
    if top_k is not None:  # at most k tokens, unless several tie for the k-th place
        ties = int((plain >= np.sort(plain[0])[-min(top_k, z.size)]).sum())
        assert (p > 0).sum() <= max(top_k, ties)
