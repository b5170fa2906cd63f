"""Time from clicking Train to the first loss point, and Bach chorale load time: `--only firstloss`.

Train: in one process that has already imported TensorFlow and Keras (as the
server has after its first model), do what the app's Train button does:
`seqgen.prepare` (vocabulary and split, to count steps) then `TrainingJob.start()`,
and wait for the first entry in `job.history.batch_loss`; the job is then
stopped. Chorales: `seqgen.load_builtin("bach-chorales")` in a fresh process with
an empty cache directory (parsing), then again in another fresh process (cached).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from .common import median

TEXT = Path(__file__).resolve().parents[2] / "shared" / "data" / "tinyshakespeare.txt"
LOAD_CHORALES = (
    "import json, sys, time; import seqgen; t = time.perf_counter(); "
    "c = seqgen.load_builtin('bach-chorales'); "
    "print(json.dumps([time.perf_counter() - t, len(c.pieces)]))"
)


def chorale_load_seconds(cache_dir: str) -> tuple[float, int]:
    """(seconds inside load_builtin, pieces) in a fresh process using `cache_dir`."""
    env = dict(os.environ, SEQGEN_CACHE_DIR=cache_dir)
    out = subprocess.run(
        [sys.executable, "-c", LOAD_CHORALES], env=env, capture_output=True, text=True, check=True
    )
    seconds, pieces = json.loads(out.stdout.strip().splitlines()[-1])
    return seconds, pieces


def click_to_first_loss(corpus, preset_name: str, folder: str) -> dict:
    """Seconds from the click to the first recorded loss, as the app's start_job does it."""
    import seqgen

    preset = seqgen.PRESETS[preset_name].for_kind(corpus.kind)
    start = time.perf_counter()
    data = replace(preset.data, level=corpus.level)
    seqgen.prepare(corpus, data)  # the app checks the data in the script thread first
    prepared = time.perf_counter() - start
    job = seqgen.TrainingJob(corpus, data, preset.model, preset.train, folder=folder).start()
    # The chart's first point: the untrained model's loss, then the first batch's.
    while not (job.history.batch_loss or job.history.initial_loss is not None) and job.running:
        time.sleep(0.005)
    first = time.perf_counter() - start
    job.stop()
    job.thread.join()
    seqgen.release_job(job.id)
    if not (job.history.batch_loss or job.history.initial_loss is not None):
        raise RuntimeError(f"training failed: {job.error}")
    return {"prepare_s": prepared, "first_loss_s": first}


def run(quick: bool = False) -> dict:
    import keras  # noqa: F401 - TensorFlow has loaded once, as in the running server

    import seqgen

    result = {}
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as models:
        if not quick:  # parsing every chorale takes a minute or more
            result["chorales_cold_s"], result["chorales"] = chorale_load_seconds(cache)
            result["chorales_cached_s"], _ = chorale_load_seconds(cache)
        corpora = {"tinyshakespeare": seqgen.read_text_files([(TEXT.name, TEXT.read_bytes())])}
        if not quick:
            os.environ["SEQGEN_CACHE_DIR"] = cache  # parsed above
            corpora["bach-chorales"] = seqgen.load_builtin("bach-chorales")
        presets = ("tiny",) if quick else ("tiny", "lesson")
        runs = {}
        for corpus_name, corpus in corpora.items():
            for preset in presets:
                # The first job in this process, then a later one (graph code already loaded).
                first = click_to_first_loss(corpus, preset, models)
                later = [click_to_first_loss(corpus, preset, models)]
                runs[f"{corpus_name}/{preset}"] = {
                    "first_job": first,
                    "later_jobs_first_loss_s": median(r["first_loss_s"] for r in later),
                }
        result["runs"] = runs
    worst = max(r["first_job"]["first_loss_s"] for r in runs.values())
    result["worst_first_loss_s"] = worst
    return result


def rows(result: dict) -> list[dict]:
    out = []
    for name, r in result["runs"].items():
        first = r["first_job"]["first_loss_s"]
        out.append(
            {
                "measure": f"click Train -> first loss point, {name}",
                "seqgen": f"{first:.1f} s (later jobs {r['later_jobs_first_loss_s']:.1f} s)",
                "baseline": f"of which data check {r['first_job']['prepare_s']:.1f} s",
                "ratio": "-",
                "target": "<= 3 s",
                "met": first <= 3,
            }
        )
    if "chorales_cold_s" in result:
        out.append(
            {
                "measure": f"Bach chorales load ({result['chorales']} pieces)",
                "seqgen": f"cached {result['chorales_cached_s']:.2f} s",
                "baseline": f"cold (parse): {result['chorales_cold_s']:.1f} s",
                "ratio": f"{result['chorales_cold_s'] / result['chorales_cached_s']:.0f}x faster",
                "target": "cached ~1 s",
                "met": result["chorales_cached_s"] <= 1.5,
            }
        )
    return out
