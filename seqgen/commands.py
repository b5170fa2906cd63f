"""The work behind each CLI command: `commands.train(args)` (args from cli.build_parser)."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, replace

from .cli import override, print_json
from .config import (
    DataConfig,
    ModelConfig,
    SampleConfig,
    TrainConfig,
    get_preset,
    preset_for_minutes,
)
from .errors import ConfigError, SeqgenError

MUSIC_OUT = {".mid", ".midi", ".wav", ".musicxml", ".xml", ".svg"}


def corpora(args) -> None:
    from .corpus.builtin import list_builtins

    print(f"{'name':<16} {'kind':<6} description (size) / source / licence")
    for info in list_builtins():
        print(f"{info.name:<16} {info.kind:<6} {info.description}")
        print(f"{'':<24}source: {info.source}")
        if getattr(info, "licence", ""):
            print(f"{'':<24}licence: {info.licence}")


def music_options(args):
    from .corpus.music import MusicOptions

    part = args.voice or args.part
    if isinstance(part, str) and part.isdigit():
        part = int(part)
    return MusicOptions(part=part, representation=args.representation, transpose=args.transpose)


def load_corpus(args, level=None, opts=None):
    """The corpus named by --builtin or the FILE arguments (exactly one of them)."""
    from .corpus.builtin import load_builtin
    from .corpus.load import load_files, read_paths

    if bool(args.builtin) == bool(args.files):
        raise ConfigError("Give either corpus files or --builtin NAME (see `seqgen corpora`).")
    level = level or getattr(args, "level", "char")
    if args.builtin:
        return load_builtin(args.builtin, level=level, music_options=opts)
    return load_files(read_paths(args.files), level=level, music_options=opts)


def _configs(args, kind: str = "text"):
    if args.preset:
        preset = get_preset(args.preset)
    elif args.minutes:
        preset = preset_for_minutes(args.minutes)
    else:
        preset = get_preset("small")
    preset = preset.for_kind(kind)
    data = override(preset.data, seq_len=args.seq_len, val_fraction=args.val_fraction)
    model = override(
        preset.model,
        units=args.units,
        layers=args.layers,
        dropout=args.dropout,
        recurrent_dropout=args.recurrent_dropout,
        encoding=args.encoding,
    )
    train_cfg = override(
        preset.train,
        batch_size=args.batch_size,
        epochs=args.epochs,
        minutes=args.minutes,
        learning_rate=args.learning_rate,
        weight_decay=args.weight_decay,
        random_seed=args.random_seed,
        patience=args.patience,
    )
    if args.epochs and not args.minutes:
        train_cfg = replace(train_cfg, minutes=None)  # epochs given alone: no time budget
    return preset.name, data, model, train_cfg


def train(args) -> None:
    from .store import bundle_bytes, write_atomic

    _configs(args)  # nonsense settings are refused before the corpus is read
    opts = music_options(args)
    corpus = load_corpus(args, opts=opts)
    preset, data, model_cfg, train_cfg = _configs(args, corpus.kind)
    from .jobs import TrainingJob  # imports TensorFlow: only once the corpus is known to be fine

    for note in corpus.notes:
        print(f"note: {note}", file=sys.stderr)
    stats = corpus.stats(top=10)
    print(
        f"corpus {corpus.name}: {stats['pieces']} pieces, {stats['tokens']:,} tokens, "
        f"vocabulary {stats['vocabulary']}",
        file=sys.stderr,
    )
    job = TrainingJob(corpus, data, model_cfg, train_cfg)
    job.status = "running"
    result = _train_with_progress(job)
    extra = {"corpus": corpus_manifest(corpus, opts), "preset": preset}
    name = os.path.basename(args.out).removesuffix(".seqgen")
    # Exactly the path asked for (save_bundle would turn "my model" into "my-model.seqgen").
    write_atomic(args.out, bundle_bytes(result, name, extra))
    summary = {**result.metrics, "model": args.out, "preset": preset}
    summary.update(_baseline_summary(result))
    print(summary.pop("sentence", ""), file=sys.stderr)
    print_json(summary)


def corpus_manifest(corpus, opts) -> dict:
    info = {
        "name": corpus.name,
        "kind": corpus.kind,
        "level": corpus.level,
        "tokens": corpus.n_tokens,
        "pieces": len(corpus.pieces),
    }
    if corpus.kind == "music":
        info["music_options"] = {k: v for k, v in asdict(opts).items() if k != "grid"}
    return info


def _train_with_progress(job):
    """Train in this thread, printing one progress line per epoch on stderr."""
    import threading

    from .quality import overfitting_warning
    from .train import train as run_train

    done = threading.Event()

    def report():
        shown, warned, finished = 0, None, False
        while not finished:
            finished = done.wait(1.0)  # one last pass after training ends: no epoch unshown
            snap = job.history.snapshot()
            for row in snap["epochs"][shown:]:
                print(epoch_line(row, snap["tokens_per_second"]), file=sys.stderr, flush=True)
            shown = len(snap["epochs"])
            warning = overfitting_warning(snap["epochs"])
            if warning and warning != warned:
                print(f"warning: {warning}", file=sys.stderr, flush=True)
            warned = warning

    reporter = threading.Thread(target=report, daemon=True)
    reporter.start()
    try:
        return run_train(
            job.corpus,
            job.data,
            job.model_cfg,
            job.train_cfg,
            job.history,
            job.stop_event,
            epoch_samples=False,
        )
    finally:
        done.set()
        reporter.join()


def epoch_line(row: dict, tokens_per_second: float) -> str:
    """One progress line: training and held-out loss, perplexity and bits per token."""
    nan = float("nan")
    return (
        f"epoch {row['epoch']}: loss {row.get('loss', nan):.4f} "
        f"val_loss {row.get('val_loss', nan):.4f} "
        f"val_perplexity {row.get('val_perplexity', nan):.3f} "
        f"val_bits/token {row.get('val_bits_per_token', nan):.4f} "
        f"({tokens_per_second:,.0f} tokens/s, {row['seconds']:.0f} s)"
    )


def _baseline_summary(result) -> dict:
    from .baselines import evaluate_baselines, summary_sentence

    report = evaluate_baselines(result.split.train, result.split.val, len(result.vocab))
    return {
        "baselines": report_dict(report),
        "sentence": summary_sentence(result.metrics["val_loss"], report),
    }


def report_dict(report) -> dict:
    """The baseline report as JSON-ready data, with the best order."""
    out = asdict(report)
    out["ngram_losses"] = {str(k): v for k, v in report.ngram_losses.items()}
    return {**out, "best_order": report.best_order, "best_loss": report.best_loss}


def generate(args) -> None:
    from .generate import NumpyLSTM
    from .generate import generate as run_generate
    from .store import load_bundle

    cfg = SampleConfig(  # checked before the (slow) model loading
        length=args.length,
        argmax=args.argmax,
        temperature=args.temperature,
        top_k=args.top_k,
        top_p=args.top_p,
        random_seed=args.random_seed,
    )
    bundle = load_bundle(args.model)
    music = bundle.vocab.level == "music"
    seed = args.seed.split() if music else list(args.seed)
    if bundle.vocab.level == "word":
        from .corpus.text import tokenize

        seed = tokenize(args.seed, "word")
    out = run_generate(NumpyLSTM.from_model(bundle.model), bundle.vocab, seed, cfg)
    if out.dropped:
        print(
            f"note: left out seed tokens the model does not know: {out.dropped!r}", file=sys.stderr
        )
    tokens = list(out.seed) + list(out.outputs[0])
    if music:
        _write_music(tokens, args)
    else:
        _write_text(tokens, args)


def _write_text(tokens, args) -> None:
    from .corpus.text import detokenize

    text = detokenize(tokens, "char")
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as e:
            raise ConfigError(f"Cannot write {args.out}: {e.strerror or e}.") from None
    else:
        sys.stdout.write(text + "\n")


def _write_music(tokens, args) -> None:
    from . import render

    ext = os.path.splitext(args.out or "")[1].lower()
    if not args.out:
        print(" ".join(t for t in tokens if not t.startswith("<")))
        return
    if ext not in MUSIC_OUT:
        raise ConfigError(f"--out must end in one of {sorted(MUSIC_OUT)} for music; got {ext!r}.")
    if ext in (".mid", ".midi"):
        data = render.to_midi_bytes(tokens, args.instrument, args.tempo)
    elif ext == ".wav":
        data, note = render.to_wav_bytes(tokens, args.instrument, args.tempo)
        if note:
            print(f"note: {note}", file=sys.stderr)
    elif ext == ".svg":
        data = render.to_score_svg(tokens).encode("utf-8")
    else:
        data = render.to_musicxml_bytes(tokens)
    try:
        with open(args.out, "wb") as f:
            f.write(data)
    except OSError as e:
        raise ConfigError(f"Cannot write {args.out}: {e.strerror or e}.") from None


def evaluate(args) -> None:
    from .baselines import evaluate_baselines, summary_sentence
    from .callbacks import per_token_metrics
    from .corpus.music import MusicOptions
    from .corpus.music_transpose import augment_corpus
    from .dataset import split_corpus
    from .store import load_bundle
    from .train import evaluate_loss

    bundle = load_bundle(args.model)
    info = bundle.manifest.get("corpus", {})
    opts = MusicOptions(**info["music_options"]) if "music_options" in info else None
    corpus = load_corpus(args, level=bundle.vocab.level, opts=opts)
    if corpus.level != bundle.vocab.level:
        raise ConfigError(
            f"The model reads {bundle.vocab.level} tokens but the corpus gives "
            f"{corpus.level} tokens. Evaluate it on a corpus of the kind it was trained on."
        )
    if bundle.data.augment_keys and corpus.level == "music":
        # The baselines count the pieces the model trained on: every key. The held-out
        # pieces are the same originals either way (see split_corpus).
        corpus = augment_corpus(corpus)
    split = split_corpus(corpus, bundle.vocab, bundle.data)
    ids = split.val if not args.whole else __import__("numpy").concatenate([split.train, split.val])
    loss = evaluate_loss(bundle.model, ids, bundle.vocab.eos_id)
    report = evaluate_baselines(split.train, split.val, len(bundle.vocab))
    metrics = per_token_metrics(loss)
    print(
        f"held-out loss {loss:.4f} nats/token, perplexity {metrics['perplexity']:.3f}, "
        f"{metrics['bits_per_token']:.4f} bits/token on {len(ids):,} tokens",
        file=sys.stderr,
    )
    print(summary_sentence(loss, report), file=sys.stderr)
    print_json(
        {
            "val_loss": loss,
            **{f"val_{k}": v for k, v in metrics.items()},
            "tokens": int(len(ids)),
            "split": "whole" if args.whole else "held-out",
            "baselines": report_dict(report),
        }
    )


__all__ = [
    "corpora",
    "train",
    "generate",
    "evaluate",
    "SeqgenError",
    "DataConfig",
    "ModelConfig",
    "TrainConfig",
]
