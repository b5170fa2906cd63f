"""Command line: `python -m seqgen {corpora,train,generate,evaluate} --help`.

Errors print one line starting "error:" on stderr and exit with status 1;
usage errors exit with status 2 (argparse).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from dataclasses import replace

from .errors import SeqgenError


def _add_music_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("music options")
    g.add_argument("--part", help="part/track to learn: index or name (default: most notes)")
    g.add_argument(
        "--voice",
        choices=["soprano", "alto", "tenor", "bass"],
        help="voice of the Bach chorales (default soprano)",
    )
    g.add_argument(
        "--transpose",
        choices=["none", "c", "augment"],
        default="none",
        help="transpose every piece to C major/A minor, or augment into all keys",
    )
    g.add_argument(
        "--representation",
        choices=["melody", "chords"],
        default="melody",
        help="chords as one token each, or only the top line (melody)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m seqgen", description="Train and sample LSTM sequence generators."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("corpora", help="list the built-in corpora")

    t = sub.add_parser("train", help="train a model on files or a built-in corpus")
    t.add_argument(
        "files", nargs="*", help="text (.txt), music (.mid .musicxml .mxl .abc .krn) or .zip files"
    )
    t.add_argument("--builtin", help="name of a built-in corpus (see `corpora`)")
    t.add_argument(
        "--level",
        choices=["char", "word"],
        default="char",
        help="split text into characters or words (default char)",
    )
    t.add_argument("--preset", help="named settings: tiny, lesson, small, 1min, 3min, medium")
    t.add_argument("--units", type=int, help="LSTM units n_a")
    t.add_argument("--layers", type=int, help="stacked LSTM layers (1-3)")
    t.add_argument("--dropout", type=float, help="dropout after each LSTM layer")
    t.add_argument(
        "--recurrent-dropout",
        type=float,
        help="dropout on the state fed back into the cell (for small corpora)",
    )
    t.add_argument("--encoding", choices=["onehot", "embedding", "auto"], help="input encoding")
    t.add_argument("--seq-len", type=int, help="Tx: time steps per training window")
    t.add_argument("--batch-size", type=int, help="m: windows per gradient step")
    t.add_argument("--epochs", type=int, help="maximum number of epochs")
    t.add_argument(
        "--minutes",
        type=float,
        help="time budget in minutes (picks the tuned 1min/3min settings when no preset is named)",
    )
    t.add_argument("--learning-rate", type=float, help="Adam learning rate")
    t.add_argument(
        "--weight-decay",
        type=float,
        help="AdamW weight decay: each step shrinks the weights by learning rate x this (0: Adam)",
    )
    t.add_argument(
        "--patience",
        type=int,
        help="early stopping: stop after this many epochs without a better validation loss",
    )
    t.add_argument("--val-fraction", type=float, help="held-out share (default 0.1)")
    t.add_argument("--random-seed", type=int, help="seed for weights and shuffling")
    t.add_argument("--out", required=True, help="path of the model bundle to write (.seqgen)")
    _add_music_flags(t)

    g = sub.add_parser("generate", help="generate from a trained model")
    g.add_argument("model", help="model bundle (.seqgen)")
    g.add_argument(
        "--seed",
        default="",
        help="seed text (or music tokens separated by spaces); "
        "empty: start from the zero vector x0",
    )
    g.add_argument("--length", type=int, default=300, help="tokens to generate")
    g.add_argument("--temperature", type=float, default=0.8, help="sampling temperature > 0")
    g.add_argument("--top-k", type=int, help="sample only among the k most likely tokens")
    g.add_argument("--top-p", type=float, default=0.95, help="nucleus sampling mass in (0, 1]")
    g.add_argument("--argmax", action="store_true", help="always take the most likely token")
    g.add_argument("--random-seed", type=int, default=0, help="seed for sampling")
    g.add_argument("--out", help="output file; .txt for text, .mid .wav .musicxml .svg for music")
    g.add_argument("--instrument", type=int, default=0, help="General MIDI program (0-127)")
    g.add_argument("--tempo", type=float, default=100, help="tempo in quarter notes per minute")

    e = sub.add_parser("evaluate", help="held-out loss of a model on files, with baselines")
    e.add_argument("model", help="model bundle (.seqgen)")
    e.add_argument("files", nargs="*", help="corpus files (the model's validation split is used)")
    e.add_argument("--builtin", help="evaluate on a built-in corpus instead of files")
    e.add_argument(
        "--whole", action="store_true", help="evaluate on every token, not only the held-out split"
    )
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from . import commands

    try:
        run = {
            "corpora": commands.corpora,
            "train": commands.train,
            "generate": commands.generate,
            "evaluate": commands.evaluate,
        }[args.command]
        run(args)
    except SeqgenError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `seqgen corpora | head`: the reader left, not an error
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    return 0


def _finite(value):
    """NaN and infinity become null: strict JSON has no such numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def print_json(obj) -> None:
    print(json.dumps(_finite(obj), ensure_ascii=False, default=float))


def override(cfg, **values):
    """`cfg` with the given fields replaced, ignoring flags that were not set."""
    return replace(cfg, **{k: v for k, v in values.items() if v is not None})
