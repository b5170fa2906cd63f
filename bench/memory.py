"""Resident memory over repeated train/generate cycles in one process: `--only memory`.

Each cycle does what a session of the app does: start a `TrainingJob` (tiny model,
a few seconds), wait for it, copy its weights into a NumpyLSTM and generate 8
variations. The session keeps only its latest job and model, as the app does;
the server's job registry keeps what it keeps. RSS (psutil) is read after a
garbage collection, after cycle 1 and after the last.
"""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

TEXT = Path(__file__).resolve().parents[2] / "shared" / "data" / "tinyshakespeare.txt"


def _rss_mb() -> float:
    import psutil

    gc.collect()
    return psutil.Process().memory_info().rss / 2**20


def cycle(corpus, folder: str) -> None:
    import seqgen

    data = seqgen.DataConfig(seq_len=32)
    model = seqgen.ModelConfig(units=32)
    train = seqgen.TrainConfig(batch_size=32, epochs=1, steps_per_epoch=10)
    job = seqgen.TrainingJob(corpus, data, model, train, folder=folder).start()
    job.thread.join()
    if job.result is None:
        raise RuntimeError(f"training failed: {job.error}")
    net = seqgen.NumpyLSTM.from_model(job.result.model)
    seqgen.generate(net, job.result.vocab, list("ROMEO:"), seqgen.SampleConfig(length=300), 8)


def run(quick: bool = False) -> dict:
    import seqgen

    cycles = 5 if quick else 20
    text = TEXT.read_bytes()[:60_000]  # a few seconds per cycle
    corpus = seqgen.read_text_files([(TEXT.name, text)])
    rss = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(cycles):
            cycle(corpus, folder)
            rss.append(_rss_mb())
    return {
        "cycles": cycles,
        "rss_mb": rss,
        "after_1_mb": rss[0],
        "after_last_mb": rss[-1],
        "growth_mb": rss[-1] - rss[0],
    }


def rows(result: dict) -> list[dict]:
    n, growth = result["cycles"], result["growth_mb"]
    return [
        {
            "measure": f"resident memory, 1 vs {n} train/generate cycles",
            "seqgen": f"{result['after_1_mb']:,.0f} MB -> {result['after_last_mb']:,.0f} MB",
            "baseline": "-",
            "ratio": f"+{growth:,.0f} MB",
            "target": "< 150 MB growth",
            "met": growth < 150,
        }
    ]
