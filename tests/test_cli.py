"""End-to-end tests of `python -m seqgen`, as a user runs it in a terminal.

Each TensorFlow import costs seconds, so the subprocesses run concurrently from one
module fixture: two trainings (English UTF-8 and Chinese UTF-16) first, then every
generation and error case at once. The tests read the recorded results. Error paths
that need no new process are also driven in-process through `cli.main`.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from samples import CHINESE_TEXT, TINY_TEXT

from seqgen import NumpyLSTM, SampleConfig, generate, load_bundle
from seqgen.cli import main

REPO = Path(__file__).resolve().parents[1]
FAST = ["--preset", "tiny", "--minutes", "0.05", "--units", "16"]


def start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.Popen(
        [sys.executable, "-m", "seqgen", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def finish(procs: dict[str, subprocess.Popen]) -> dict[str, subprocess.CompletedProcess]:
    out = {}
    for key, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=600)
        out[key] = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    return out


def write_inputs(d: Path) -> None:
    (d / "tiny.txt").write_text(TINY_TEXT, encoding="utf-8")
    (d / "poem-utf8.txt").write_bytes(CHINESE_TEXT.encode("utf-8"))
    (d / "poem-utf16.txt").write_bytes(CHINESE_TEXT.encode("utf-16"))
    (d / "poem-gb.txt").write_bytes(CHINESE_TEXT.encode("gb18030"))
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "short.txt").write_text("only a few words", encoding="utf-8")
    (d / "notazip.seqgen").write_bytes(b"this is not a model")


def other_vocabulary(model: Path, out: Path) -> None:
    """The trained bundle with one vocabulary token less: it no longer fits its weights."""
    with zipfile.ZipFile(model) as z:
        members = {n: z.read(n) for n in z.namelist()}
    vocab = json.loads(members["vocab.json"])
    vocab["tokens"].pop()
    members["vocab.json"] = json.dumps(vocab).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, value in members.items():
            z.writestr(name, value)
    out.write_bytes(buf.getvalue())


LIGHT_CASES = {  # answered before TensorFlow would load: cheap to run as processes
    "missing_file": ["train", "nothere.txt", *FAST, "--out", "x.seqgen"],
    "empty_file": ["train", "empty.txt", *FAST, "--out", "x.seqgen"],
    "binary_file": ["train", "binary.txt", *FAST, "--out", "x.seqgen"],
    "temperature_0": ["generate", "m.seqgen", "--temperature", "0"],
    "top_k_0": ["generate", "m.seqgen", "--top-k", "0"],
    "top_p_1.5": ["generate", "m.seqgen", "--top-p", "1.5"],
    "length_0": ["generate", "m.seqgen", "--length", "0"],
    "units_0": ["train", "tiny.txt", "--units", "0", "--out", "x.seqgen"],
    "not_a_zip": ["generate", "notazip.seqgen"],
    "missing_model": ["generate", "nothing.seqgen"],
    "usage": ["generate", "m.seqgen", "--length", "many"],
    "no_command": [],
    "corpora": ["corpora"],
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, tiny_result):
    """(folder, {case: CompletedProcess}), all processes started at once: two trainings,
    two samplings from the session's tiny model (the four that load TensorFlow), and
    the cheap cases."""
    from seqgen import save_bundle

    d = tmp_path_factory.mktemp("cli")
    write_inputs(d)
    save_bundle(tiny_result, str(d), "tiny")
    other_vocabulary(d / "tiny.seqgen", d / "other.seqgen")
    sample = ["generate", "tiny.seqgen", "--seed", "The ", "--length", "200", "--random-seed", "1"]
    cases = {
        "train": ["train", "tiny.txt", *FAST, "--out", "m.seqgen"],
        "train_zh": ["train", "poem-utf16.txt", *FAST, "--out", "zh model"],
        "sample_a": sample,
        "sample_b": sample,
        "other_vocab": ["generate", "other.seqgen"],
        **LIGHT_CASES,
    }
    results = finish({key: start(args, d) for key, args in cases.items()})
    assert results["train"].returncode == 0, results["train"].stderr
    assert results["train_zh"].returncode == 0, results["train_zh"].stderr
    return d, results


def summary_of(result) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_corpora_lists_the_built_in_corpora_with_their_sources(runs):
    out = runs[1]["corpora"]
    assert out.returncode == 0
    assert "python-docs" in out.stdout and "folk-abc-text" in out.stdout
    assert "License" in out.stdout or "licence" in out.stdout


def test_train_prints_progress_and_a_last_line_of_json(runs):
    d, results = runs
    out = results["train"]
    summary = summary_of(out)
    for key in ("val_loss", "train_loss", "epochs", "tokens_seen", "seconds"):
        assert key in summary
    assert summary["val_loss"] > 0 and summary["epochs"] >= 1 and summary["tokens_seen"] > 0
    assert summary["model"] == "m.seqgen" and (d / "m.seqgen").exists()
    assert "read as UTF-8" in out.stderr and "epoch 1" in out.stderr
    assert "Traceback" not in out.stderr


def test_train_writes_the_model_exactly_where_out_says(runs):
    d, results = runs
    assert summary_of(results["train_zh"])["model"] == "zh model"
    assert (d / "zh model").is_file()
    assert load_bundle(str(d / "zh model")).manifest["name"] == "zh model"


def test_the_same_random_seed_generates_the_same_text(runs, capsys):
    a, b = runs[1]["sample_a"], runs[1]["sample_b"]
    assert a.returncode == 0 and a.stdout == b.stdout
    assert a.stdout.startswith("The ") and len(a.stdout) > 150
    args = ["generate", str(runs[0] / "tiny.seqgen"), "--seed", "The ", "--length", "200"]
    assert run_main(args + ["--random-seed", "1"], capsys)[1] == a.stdout  # same in-process
    assert run_main(args + ["--random-seed", "2"], capsys)[1] != a.stdout


def test_argmax_generates_the_deterministic_continuation(runs, capsys):
    model = str(runs[0] / "m.seqgen")
    args = ["generate", model, "--seed", "The fox", "--length", "60", "--argmax"]
    code, stdout, _ = run_main(args, capsys)
    assert code == 0 and run_main(args + ["--random-seed", "9"], capsys)[1] == stdout
    bundle = load_bundle(model)
    greedy = generate(
        NumpyLSTM.from_model(bundle.model),
        bundle.vocab,
        list("The fox"),
        SampleConfig(length=60, argmax=True),
    )
    assert stdout == "The fox" + "".join(greedy.outputs[0]) + "\n"


def test_a_chinese_utf16_file_trains_and_generates_chinese(runs, capsys):
    assert "read as UTF-16" in runs[1]["train_zh"].stderr
    args = ["generate", str(runs[0] / "zh model"), "--seed", "明月", "--length", "80"]
    code, text, stderr = run_main(args, capsys)
    assert code == 0, stderr
    assert text.startswith("明月")
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    assert len(han) > 20
    assert set(text) <= set(CHINESE_TEXT) | {"\n"}


def test_chinese_files_in_utf8_utf16_and_gb18030_give_the_same_corpus(runs):
    from seqgen import load_files
    from seqgen.corpus.load import read_paths

    d = runs[0]
    corpora = [
        load_files(read_paths([str(d / name)]))
        for name in ("poem-utf8.txt", "poem-utf16.txt", "poem-gb.txt")
    ]
    assert corpora[0].pieces == corpora[1].pieces == corpora[2].pieces
    assert [c.notes[0].split("read as ")[1].split(",")[0] for c in corpora] == [
        "UTF-8",
        "UTF-16",
        "GB18030",
    ]


ERRORS = {
    "missing_file": "nothere.txt",
    "empty_file": "empty.txt: the file is empty",
    "binary_file": "binary.txt",
    "temperature_0": "temperature",
    "top_k_0": "top_k",
    "top_p_1.5": "top_p",
    "length_0": "length",
    "units_0": "units",
    "other_vocab": "vocabulary has",
    "not_a_zip": "not a seqgen model file",
    "missing_model": "nothing.seqgen",
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_an_error_is_one_line_on_stderr_with_exit_status_1(runs, case):
    out = runs[1][case]
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and out.stderr.rstrip().endswith(lines[0])
    assert ERRORS[case] in lines[0]
    assert out.stdout == ""


def test_a_usage_error_exits_with_status_2(runs):
    for case in ("usage", "no_command"):
        out = runs[1][case]
        assert out.returncode == 2 and "usage:" in out.stderr and "Traceback" not in out.stderr


def test_parameter_errors_are_reported_before_tensorflow_is_loaded(runs):
    """Typos answer at once: nothing slow happens before the settings are checked."""
    for case in ("temperature_0", "top_k_0", "missing_file", "not_a_zip", "units_0"):
        assert "tensorflow" not in runs[1][case].stderr.lower()


def run_main(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_seed_of_unknown_tokens_or_a_too_short_corpus_is_an_error_line(runs, capsys):
    d = runs[0]
    code, stdout, stderr = run_main(["generate", str(d / "m.seqgen"), "--seed", "明明明"], capsys)
    assert code == 1 and stdout == "" and stderr.startswith("error: None of the seed's tokens")
    args = ["train", str(d / "short.txt"), *FAST, "--out", str(d / "x.seqgen")]
    code, _, stderr = run_main(args, capsys)
    last = stderr.strip().splitlines()[-1]  # after the notes on the corpus
    assert code == 1 and last.startswith("error: short.txt") and "Tx" in last


def test_generate_writes_a_text_file_and_reports_dropped_seed_tokens(runs, capsys):
    d = runs[0]
    out = d / "sample.txt"
    code, stdout, stderr = run_main(
        ["generate", str(d / "m.seqgen"), "--seed", "The ☃fox", "--out", str(out)], capsys
    )
    assert code == 0 and stdout == ""
    assert "☃" in stderr and "left out" in stderr
    assert out.read_text(encoding="utf-8").startswith("The fox")


def test_generate_to_an_unwritable_path_is_an_error_line(runs, capsys):
    d = runs[0]
    code, _, stderr = run_main(
        ["generate", str(d / "m.seqgen"), "--out", str(d / "no" / "such" / "dir.txt")], capsys
    )
    assert code == 1 and stderr.startswith("error: Cannot write")


def test_evaluate_prints_held_out_loss_perplexity_and_bits(runs, capsys):
    d = runs[0]
    code, stdout, stderr = run_main(["evaluate", str(d / "m.seqgen"), str(d / "tiny.txt")], capsys)
    assert code == 0, stderr
    result = json.loads(stdout.strip().splitlines()[-1])
    assert result["val_loss"] > 0 and result["val_perplexity"] > 1
    assert "bits/token" in stderr


def test_train_refuses_files_and_a_builtin_together_or_neither(capsys):
    code, _, stderr = run_main(["train", "a.txt", "--builtin", "python-docs", "--out", "m"], capsys)
    assert code == 1 and "either corpus files or --builtin" in stderr
    code, _, stderr = run_main(["train", "--out", "m"], capsys)
    assert code == 1 and "either corpus files or --builtin" in stderr


def test_unknown_preset_and_builtin_are_named(capsys):
    args = ["train", "--builtin", "x", "--preset", "huge", "--out", "m"]
    code, _, stderr = run_main(args, capsys)
    assert code == 1 and "huge" in stderr and "tiny" in stderr
    code, _, stderr = run_main(["train", "--builtin", "shakespeare", "--out", "m"], capsys)
    assert code == 1 and "shakespeare" in stderr and "python-docs" in stderr


def test_a_utf8_bom_file_is_read_and_noted(tmp_path):
    from seqgen import load_files

    corpus = load_files([("bom.txt", codecs.BOM_UTF8 + b"hello there")])
    assert corpus.pieces == (tuple("hello there"),) and "UTF-8 with BOM" in corpus.notes[0]


def test_a_corpus_file_over_the_upload_limit_is_one_error_line(tmp_path, capsys):
    from seqgen.corpus.base import MAX_FILE_BYTES, MAX_FILE_MB

    for name in ("huge.txt", "huge.mid"):
        huge = tmp_path / name
        with open(huge, "wb") as f:
            f.truncate(MAX_FILE_BYTES + 2**20)  # sparse: 51 MB that take no disk space
        args = ["train", str(huge), *FAST, "--out", str(tmp_path / "x.seqgen")]
        code, stdout, stderr = run_main(args, capsys)
        assert code == 1 and stdout == "" and "Traceback" not in stderr
        assert stderr.strip() == (
            f"error: {huge}: the file is {MAX_FILE_MB + 1} MB, more than the limit of "
            f"{MAX_FILE_MB} MB. Use a smaller file (for text, an excerpt; for music, fewer pieces)."
        )
        assert not (tmp_path / "x.seqgen").exists()


def test_evaluate_counts_baselines_on_the_pieces_the_model_trained_on(tmp_path, capsys):
    """A model trained on melodies augmented into every key is compared with n-grams
    fitted on the same augmented pieces (not on the plain ones, which would flatter it)."""
    from music_files import midi_bytes

    rng = __import__("random").Random(0)
    for i in range(12):
        notes = [(rng.choice([60, 62, 64, 65, 67, 69]), t, t + 1) for t in range(24)]
        (tmp_path / f"tune{i}.mid").write_bytes(midi_bytes([notes]))
    files = sorted(str(p) for p in tmp_path.glob("*.mid"))
    model = tmp_path / "m.seqgen"
    args = ["train", *files, "--preset", "1min", "--epochs", "1", "--units", "8"]
    code, _, stderr = run_main([*args, "--seq-len", "8", "--out", str(model)], capsys)
    assert code == 0, stderr
    trained_on = load_bundle(str(model)).manifest["metrics"]["train_tokens"]
    code, stdout, stderr = run_main(["evaluate", str(model), *files], capsys)
    assert code == 0, stderr
    baselines = json.loads(stdout.strip().splitlines()[-1])["baselines"]
    assert baselines["n_train"] == trained_on > 5 * 24  # every key, not only the 12 originals
