"""Held-out quality table: `python bench/quality.py [--corpus NAME ...] [--preset NAME ...]`.

For every corpus: the baselines on the held-out split (uniform, unigram,
Kneser-Ney n-grams of order 2..6), then the LSTM trained with each preset on the
same split: its held-out loss (nats per token), the ratio to the best n-gram,
the training time, throughput and the machine's load while it trained (the
machine is shared: a busy machine trains fewer tokens in the same minutes).
Music is held out by tune (see seqgen/dataset.py); with a preset's augment_keys
the n-grams are scored twice, trained on the augmented and on the plain
training pieces, and the better is the "best n-gram".
For music corpora it also generates melodies at the default sampling settings
and reports the share of notes inside verbatim runs of 16+ tokens copied from
the corpus. Results are merged into bench/quality-results.json (one entry per
corpus and preset), so corpora can be run one at a time.

Corpora: tinyshakespeare (../shared/data/tinyshakespeare.txt, first 90% train,
last 10% validation) and the built-ins python-docs, folk-abc-text, bach-chorales.
The CLI gives the same numbers: `python -m seqgen train FILE --preset 3min --out m.seqgen`
then `python -m seqgen evaluate m.seqgen FILE`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

HERE = os.path.dirname(os.path.abspath(__file__))
SHAKESPEARE = os.path.join(HERE, "..", "..", "shared", "data", "tinyshakespeare.txt")
CORPORA = ("tinyshakespeare", "python-docs", "folk-abc-text", "bach-chorales")
PRESETS = ("1min", "3min")
RESULTS = os.path.join(HERE, "quality-results.json")
SAMPLES, SAMPLE_LENGTH = 10, 200  # generated melodies per music model for the copy check


def load(name: str):
    from seqgen import load_builtin, load_files
    from seqgen.corpus.load import read_paths

    if name == "tinyshakespeare":
        return load_files(read_paths([os.path.normpath(SHAKESPEARE)]), level="char")
    return load_builtin(name)


def baselines(corpus, preset) -> dict:
    """Baselines on the LSTM's split; for music augmented across keys also on the
    plain training pieces, and the better of the two is the best n-gram."""
    from dataclasses import replace

    from seqgen import evaluate_baselines, prepare

    vocab, split = prepare(corpus, preset.data)
    report = evaluate_baselines(split.train, split.val, len(vocab))
    row = _report_row(report, split)
    if corpus.kind == "music" and preset.data.augment_keys:
        vocab, split = prepare(corpus, replace(preset.data, augment_keys=False))
        plain = _report_row(evaluate_baselines(split.train, split.val, len(vocab)), split)
        row = {**row, "augmented_train": True, "plain_train": plain}
        row["best_loss"] = min(row["best_loss"], plain["best_loss"])
    return row


def _report_row(report, split) -> dict:
    return {
        "vocab_size": report.vocab_size,
        "train_tokens": report.n_train,
        "val_tokens": report.n_val,
        "by_piece": split.by_piece,
        "uniform": round(report.uniform_loss, 4),
        "unigram": round(report.unigram_loss, 4),
        "ngram": {str(k): round(v, 4) for k, v in report.ngram_losses.items()},
        "best_order": report.best_order,
        "best_loss": round(report.best_loss, 4),
        "seconds": round(report.seconds, 2),
    }


def copied(result, corpus) -> dict:
    """Share of generated notes in verbatim corpus runs of 16+ tokens, default sampling."""
    from seqgen import NumpyLSTM, SampleConfig, copied_share, generate
    from seqgen.repetition import CorpusIndex

    net, index = NumpyLSTM.from_model(result.model), CorpusIndex(corpus.pieces)
    cfg = SampleConfig(length=SAMPLE_LENGTH)  # the default sampling settings
    outs = generate(net, result.vocab, [], cfg, variations=SAMPLES).outputs
    notes = [[t for t in out if not t.startswith("<")] for out in outs]
    shares = [copied_share(n, index, 16) for n in notes]
    return {
        "copied_share_mean": round(sum(shares) / len(shares), 4),
        "copied_share_max": max(shares),
    }


def lstm(corpus, preset) -> dict:
    import keras

    from seqgen import train
    from seqgen.quality import overfitting_warning

    keras.backend.clear_session()  # a benchmark, not the server: free the last model
    load_before = os.getloadavg()[0]
    result = train(corpus, preset.data, preset.model, preset.train, epoch_samples=False)
    m, epochs = result.metrics, result.history.snapshot()["epochs"]
    best = min(epochs, key=lambda e: e["val_loss"]) if epochs else {}
    row = {
        "val_loss": round(m["val_loss"], 4),
        "val_bits_per_token": round(m["val_bits_per_token"], 4),
        "train_loss": round(m["train_loss"], 4),
        "seconds": m["seconds"],
        "epochs": m["epochs"],
        "best_epoch": best.get("epoch"),
        "tokens_seen": m["tokens_seen"],
        "tokens_per_second": round(m["tokens_seen"] / max(m["seconds"], 1e-9)),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "overfitting_warning": overfitting_warning(epochs),
    }
    if corpus.kind == "music":
        row.update(copied(result, corpus))
    return row


def main(argv=None) -> None:
    from seqgen import get_preset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", default=list(CORPORA), choices=CORPORA)
    parser.add_argument("--preset", nargs="+", default=list(PRESETS), help="preset names")
    parser.add_argument("--out", default=RESULTS, help="JSON file to merge the results into")
    args = parser.parse_args(argv)
    results = json.load(open(args.out)) if os.path.exists(args.out) else {}
    for name in args.corpus:
        corpus = load(name)
        entry = results.setdefault(name, {"lstm": {}})
        entry["baselines"] = baselines(corpus, get_preset(args.preset[0]).for_kind(corpus.kind))
        print(name, json.dumps(entry["baselines"]), flush=True)
        for preset_name in args.preset:
            row = lstm(corpus, get_preset(preset_name).for_kind(corpus.kind))
            row["ratio_to_best_ngram"] = round(row["val_loss"] / entry["baselines"]["best_loss"], 4)
            row["measured"] = time.strftime("%Y-%m-%d %H:%M")
            entry["lstm"][preset_name] = row
            print(name, preset_name, json.dumps(row), flush=True)
            with open(args.out, "w") as f:  # after every run: a long bench can be cut short
                json.dump(results, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
