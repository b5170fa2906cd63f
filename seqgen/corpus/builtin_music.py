"""Built-in music corpora: `load_music_builtin("bach-chorales", MusicOptions())`.

Everything is read offline from the corpus files music21 installs. Parsing is slow
(about a minute for the 371 chorales on one core), so it runs in worker
processes and the tokens are cached on disk as JSON, one file per corpus and
options, under $SEQGEN_CACHE_DIR (default ~/.cache/seqgen).
"""

import glob
import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace

from seqgen.corpus.base import Corpus
from seqgen.corpus.music import MusicOptions, piece_tokens
from seqgen.corpus.music_parse import load_scores
from seqgen.corpus.music_transpose import augment_pieces
from seqgen.errors import CorpusError

CACHE_VERSION = 1  # bump when tokenisation changes, so old caches are ignored
ABC_CHUNK = 60  # tunes per parsing task: small enough to spread over workers


@dataclass(frozen=True)
class MusicBuiltinInfo:
    """A built-in music corpus as listed in the app and by `seqgen corpora`."""

    name: str
    description: str  # one line
    source: str
    licence: str
    default_part: str | None = None  # voice used when MusicOptions.part is None
    kind: str = "music"


MUSIC_BUILTINS = (
    MusicBuiltinInfo(
        "bach-chorales",
        "Bach's 371 four-part chorales (346 distinct melodies); one voice, soprano by default.",
        "music21 corpus (Riemenschneider numbering), MusicXML encodings shipped with music21.",
        "Music in the public domain; encodings distributed with music21 (BSD).",
        default_part="soprano",
    ),
    MusicBuiltinInfo(
        "folk-essen",
        "About 8,500 European (mostly German) folk songs from the Essen collection, in ABC.",
        "Essen Folksong Collection (H. Schaffrath, E. Dahlig-Turek), ABC by S. Schlien, "
        "shipped in music21's corpus/essenFolksong.",
        "For non-commercial use only (permission given to music21 for non-commercial use).",
    ),
    MusicBuiltinInfo(
        "folk-oneills",
        "1,850 Irish dance tunes and airs from O'Neill's Music of Ireland (1850), in ABC.",
        "O'Neill's Music of Ireland, ABC transcriptions by Norbert Paap, in music21's corpus.",
        "Tunes in the public domain; transcriptions distributed with music21.",
    ),
)


def _corpus_dir(sub: str) -> str:
    import music21

    return os.path.join(os.path.dirname(music21.__file__), "corpus", sub)


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _chorale_tasks() -> list[tuple[str, str, int]]:
    """The Riemenschneider chorales, each file once (the numbering repeats 21)."""
    from music21 import corpus

    root = _corpus_dir("")
    paths: dict[str, None] = {}  # ordered set
    for p in corpus.chorales.Iterator(returnType="filename"):
        base = os.path.join(root, p)
        # Prefer MusicXML (named parts) over Humdrum; "bwv18.5-l" is stored as "-lz".
        found = glob.glob(base + ".mxl") or sorted(glob.glob(base + ".*") or glob.glob(base + "*"))
        if found:
            paths[found[0]] = None
    return [(os.path.basename(path), path, 1) for path in paths]


def _abc_tasks(sub: str, skip: str = "^test") -> list[tuple]:
    """Split each ABC file at its "X:" lines into chunks of ABC_CHUNK tunes."""
    tasks = []
    for path in sorted(glob.glob(os.path.join(_corpus_dir(sub), "*.abc"))):
        name = os.path.basename(path)
        if re.search(skip, name):
            continue  # music21's own test files repeat tunes
        text = _read(path).decode("latin-1")
        header, *tunes = re.split(r"(?m)^(?=X:)", text)
        for i in range(0, len(tunes), ABC_CHUNK):
            chunk = header + "".join(tunes[i : i + ABC_CHUNK])
            tasks.append((name, chunk.encode("latin-1"), len(tunes[i : i + ABC_CHUNK])))
    return tasks


def _tasks(name: str) -> list[tuple]:
    if name == "bach-chorales":
        return _chorale_tasks()
    return _abc_tasks("essenFolksong" if name == "folk-essen" else "oneills1850")


def _run_task(task: tuple, options: MusicOptions) -> tuple[list, list]:
    """Parse one file or chunk: ([(label, tokens)], [skip notes]). Runs in a worker."""
    name, data, _ = task
    if isinstance(data, str):  # a path: the worker reads it, not the parent
        data = _read(data)
    pieces, notes = [], []
    try:
        for piece in load_scores(name, data):
            try:
                pieces.append((piece.name, piece_tokens(piece, options)))
            except CorpusError as exc:
                notes.append(f"skipped {exc}")
    except CorpusError as exc:
        notes.append(f"skipped {exc}")
    return pieces, notes


def _worker_init() -> None:
    """Skip music21's notation clean-up (beams, re-barring) in worker processes.

    Neither changes when a note sounds, and skipping them makes ABC parsing about
    3x faster (tokens checked identical on 300 tunes). Only in workers: in the
    app's own process another thread may be engraving a score.
    """
    from music21 import stream
    from music21.abcFormat import translate

    stream.Stream.makeBeams = lambda self, *args, **kwargs: self
    translate.reBar = lambda part, inPlace=False: part


def _parse_all(tasks: list, options: MusicOptions, progress: Callable | None) -> list:
    total, done = sum(t[2] for t in tasks), 0
    workers = min(os.cpu_count() or 1, 4)
    results: list = [None] * len(tasks)
    if workers > 1 and len(tasks) > 4:
        # spawn, not fork: the app's process has TensorFlow and server threads.
        ctx = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init) as pool:
                futures = [pool.submit(_run_task, t, options) for t in tasks]
                for i, fut in enumerate(futures):
                    results[i] = fut.result()
                    done += tasks[i][2]
                    if progress:
                        progress(done, total)
            return results
        except (OSError, RuntimeError):  # no processes allowed here: parse in-process
            results, done = [None] * len(tasks), 0
    for i, task in enumerate(tasks):
        results[i] = _run_task(task, options)
        done += task[2]
        if progress:
            progress(done, total)
    return results


def cache_path(name: str, options: MusicOptions) -> str:
    """Where the tokens of `name` parsed with `options` are cached."""
    from seqgen.store import cache_dir

    key = json.dumps([CACHE_VERSION, name, asdict(options)], sort_keys=True)
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return os.path.join(cache_dir(), f"music-{name}-{digest}.json")


def _load_cache(path: str) -> dict | None:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None  # missing or damaged: parse again


def _save_cache(path: str, payload: dict) -> None:
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(payload, f)
        os.replace(tmp, path)  # atomic: a reader never sees half a file
    except OSError:
        pass  # a read-only home only costs time, never correctness


def _info(name: str) -> MusicBuiltinInfo:
    for info in MUSIC_BUILTINS:
        if info.name == name:
            return info
    names = ", ".join(i.name for i in MUSIC_BUILTINS)
    raise CorpusError(f"There is no built-in music corpus called {name!r}. Choose one of: {names}.")


def _drop_duplicates(pieces: list, labels: list) -> tuple[list, list, list[str]]:
    """Keep the first of identical pieces (some collections print a tune twice)."""
    seen: set[tuple] = set()
    kept, kept_labels = [], []
    for tokens, label in zip(pieces, labels):
        key = tuple(tokens)
        if key not in seen:
            seen.add(key)
            kept.append(tokens)
            kept_labels.append(label)
    dropped = len(pieces) - len(kept)
    notes = [f"{dropped} pieces identical to an earlier one were left out"] if dropped else []
    return kept, kept_labels, notes


def load_music_builtin(
    name: str, options: MusicOptions, progress: Callable | None = None
) -> Corpus:
    """Tokens of a built-in music corpus; parsed once, then read from the disk cache.

    `progress(done, total)` is called while parsing (pieces parsed so far).
    """
    info = _info(name)
    if options.part is None and info.default_part:
        options = replace(options, part=info.default_part)
    # Augmentation is cheap and multiplies the size: cache the base tokens only.
    base = replace(options, transpose="none") if options.transpose == "augment" else options
    path = cache_path(name, base)
    payload = _load_cache(path)
    if payload is None:
        results = _parse_all(_tasks(name), base, progress)
        payload = {
            "labels": [label for pieces, _ in results for label, _ in pieces],
            "pieces": [tokens for pieces, _ in results for _, tokens in pieces],
            "notes": [note for _, notes in results for note in notes],
        }
        if not payload["pieces"]:
            raise CorpusError(f"{name}: no usable pieces ({'; '.join(payload['notes'][:3])})")
        _save_cache(path, payload)
    pieces, labels, notes = _drop_duplicates(payload["pieces"], payload["labels"])
    notes += payload["notes"]
    origins: list[int] = []  # filled only by augmentation
    if options.transpose == "augment":
        pieces, labels, origins = augment_pieces(pieces, labels)
        notes.append("each piece also transposed to every key that stays within the range")
    return Corpus(
        name=name,
        kind="music",
        level="music",
        pieces=tuple(tuple(p) for p in pieces),
        notes=tuple(notes),
        source=f"{info.source} Licence: {info.licence}",
        piece_names=tuple(labels),
        origins=tuple(origins),
    )
