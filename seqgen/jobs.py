"""Training off the UI thread: `job = TrainingJob(corpus, data, model, train).start()`.

A job is a thread that waits for a free training slot (at most
$SEQGEN_TRAINING_SLOTS jobs train at once, default 2; the rest queue), trains,
and saves the model bundle to the model folder as soon as training ends or is
stopped, so a refresh or a closed tab never loses it. Jobs are found again by id
(kept in the page URL), which is how a reloaded page reconnects.

The server trains model after model in one process, so a job frees what TensorFlow
would keep for good: see tfmemory.py (before: about 20 MB more per train/generate
cycle; bench/memory.py and tests/soak measure it).
"""

from __future__ import annotations

import os
import threading
import time
import uuid

from .errors import SeqgenError
from .history import History

_LOCK = threading.Lock()
_JOBS: dict[str, TrainingJob] = {}
_QUEUE: list[str] = []  # ids of jobs waiting for a slot, oldest first
_SLOTS: threading.Semaphore | None = None
FINISHED_JOB_TTL = 6 * 3600  # seconds a finished job stays findable by id


def training_slots() -> int:
    try:
        return max(1, int(os.environ.get("SEQGEN_TRAINING_SLOTS", "2")))
    except ValueError:
        return 2


def _slots() -> threading.Semaphore:
    global _SLOTS
    with _LOCK:
        if _SLOTS is None:
            _SLOTS = threading.Semaphore(training_slots())
        return _SLOTS


class TrainingJob:
    """One training run in a background thread; read `status`, `history`, `result`."""

    def __init__(
        self,
        corpus,
        data,
        model_cfg,
        train_cfg,
        name: str = "",
        folder: str | None = None,
        extra: dict | None = None,
    ):
        self.id = uuid.uuid4().hex[:12]
        self.corpus, self.data, self.model_cfg, self.train_cfg = corpus, data, model_cfg, train_cfg
        self.name, self.folder, self.extra = name, folder, extra or {}
        self.history = History()
        self.stop_event = threading.Event()
        self.status = "queued"  # queued -> running -> done | stopped | failed
        self.result = None  # TrainResult when finished
        self.bundle_path = ""  # where the model was saved
        self.error = ""  # message for the user when something went wrong
        self.finished_at = 0.0
        self.thread = threading.Thread(
            target=self._run, name=f"seqgen-train-{self.id}", daemon=True
        )

    def start(self) -> TrainingJob:
        with _LOCK:
            _forget_old_jobs()
            _JOBS[self.id] = self
            _QUEUE.append(self.id)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Ask training to stop after the current batch; the weights are kept and saved."""
        self.stop_event.set()

    @property
    def running(self) -> bool:
        return self.status in ("queued", "running")

    def queue_position(self) -> int:
        """1 for the next job to start, 0 if not waiting."""
        with _LOCK:
            return _QUEUE.index(self.id) + 1 if self.id in _QUEUE else 0

    def _run(self) -> None:
        from .store import save_bundle
        from .tfmemory import drop_traced_steps, install
        from .train import train

        install()  # no traced training step is kept alive by TensorFlow's gradient registry
        slots = _slots()
        while not slots.acquire(timeout=0.2):
            if self.stop_event.is_set():  # cancelled while waiting
                self._finish("stopped", error="Cancelled before training started.")
                return
        try:
            with _LOCK:
                _QUEUE.remove(self.id)
            self.status = "running"
            self.result = train(
                self.corpus,
                self.data,
                self.model_cfg,
                self.train_cfg,
                self.history,
                self.stop_event,
            )
        except SeqgenError as e:
            self._finish("failed", error=str(e))
            return
        except Exception as e:  # noqa: BLE001 - a thread must report, not die silently
            self._finish("failed", error=f"Training failed unexpectedly: {e}")
            return
        finally:
            slots.release()
        try:
            self.bundle_path = save_bundle(self.result, self.folder, self.name, self.extra)
        except SeqgenError as e:
            self.error = str(e)
        except Exception as e:  # noqa: BLE001 - the job must still finish, its result kept
            self.error = f"Could not save the model ({type(e).__name__}: {e}); download it now."
        drop_traced_steps(self.result.model)  # a kept job needs its weights, not its graphs
        self._finish("stopped" if self.stop_event.is_set() else "done", error=self.error)

    def _finish(self, status: str, error: str = "") -> None:
        with _LOCK:
            if self.id in _QUEUE:
                _QUEUE.remove(self.id)
        self.error = error
        self.finished_at = time.time()
        self.status = status


def get_job(job_id: str) -> TrainingJob | None:
    with _LOCK:
        return _JOBS.get(job_id)


def _forget_old_jobs() -> None:
    """Drop finished jobs after a while so abandoned sessions release their memory."""
    now = time.time()
    for job_id, job in list(_JOBS.items()):
        if job.finished_at and now - job.finished_at > FINISHED_JOB_TTL:
            del _JOBS[job_id]


def release_job(job_id: str) -> None:
    """Stop a job and forget it (when its session ends); its saved bundle stays on disk."""
    with _LOCK:
        job = _JOBS.pop(job_id, None)
    if job is not None:
        job.stop()
