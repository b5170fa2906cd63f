"""Tests for seqgen.jobs: training threads, queueing for slots, saving, finding jobs by id."""

import importlib
import os
import time
from dataclasses import replace

import numpy as np
import pytest

from seqgen import TrainingJob, get_job, load_bundle, release_job, training_slots

jobs = importlib.import_module("seqgen.jobs")
train_module = importlib.import_module("seqgen.train")


def wait_for(condition, seconds=120.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def instant_training(monkeypatch, tiny_result):
    """Jobs whose training returns the session's tiny model at once, or when stopped if
    `hold` is set (the real training in a thread is tested above and in test_train)."""
    calls = []

    def fake_train(corpus, data, model_cfg, cfg, history, stop_event, **kwargs):
        calls.append(corpus.name)
        if cfg.epochs == 500:  # "hold": train until stopped
            stop_event.wait(60)
        return tiny_result

    monkeypatch.setattr(train_module, "train", fake_train)
    return calls


@pytest.fixture
def one_slot(monkeypatch):
    """SEQGEN_TRAINING_SLOTS=1 with a fresh semaphore (the real one is made on first use)."""
    monkeypatch.setenv("SEQGEN_TRAINING_SLOTS", "1")
    monkeypatch.setattr(jobs, "_SLOTS", None)


def test_a_finished_job_saves_its_bundle_and_is_found_by_id(
    tiny_corpus, tiny_configs, model_folder
):
    data, model_cfg, cfg = tiny_configs
    cfg = replace(cfg, epochs=500, minutes=0.0005)  # a 30 ms budget ends it after one batch
    job = TrainingJob(tiny_corpus, data, model_cfg, cfg, name="job one", extra={"by": "test"})
    assert job.status == "queued" and job.running
    job.start()
    assert get_job(job.id) is job
    job.thread.join(120)
    assert job.status == "done" and not job.running and job.error == ""
    assert "Time budget" in job.result.history.snapshot()["message"]
    assert job.bundle_path == str(model_folder / "job-one.seqgen")
    bundle = load_bundle(job.bundle_path)
    assert bundle.manifest["by"] == "test" and bundle.vocab == job.result.vocab
    model = job.result.model  # kept for the page: its weights, not its traced steps
    assert model.train_function is None and model.predict_function is None
    for ours, saved in zip(model.get_weights(), bundle.model.get_weights(), strict=True):
        np.testing.assert_array_equal(ours, saved)


def test_jobs_wait_for_a_free_slot_and_a_stopped_job_is_saved_too(
    tiny_corpus, tiny_configs, one_slot, instant_training, tmp_path
):
    data, model_cfg, cfg = tiny_configs
    cfg = replace(cfg, epochs=500)
    assert training_slots() == 1
    first = TrainingJob(tiny_corpus, data, model_cfg, cfg, "first", str(tmp_path)).start()
    wait_for(lambda: first.status == "running")
    second = TrainingJob(tiny_corpus, data, model_cfg, cfg, "second", str(tmp_path)).start()
    time.sleep(0.5)
    assert second.status == "queued" and second.queue_position() == 1
    assert first.queue_position() == 0
    second.stop()  # cancelled while waiting: it never trains
    second.thread.join(30)
    assert second.status == "stopped" and "Cancelled" in second.error and second.result is None
    first.stop()
    first.thread.join(120)
    assert first.status == "stopped" and first.result is not None
    assert instant_training == ["tiny.txt"]  # the cancelled job never trained
    assert os.path.exists(first.bundle_path) and not second.bundle_path
    assert load_bundle(first.bundle_path).manifest["name"] == "first"


def test_an_unwritable_model_folder_is_reported_and_the_result_is_kept(
    tiny_corpus, tiny_configs, instant_training, tmp_path
):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    data, model_cfg, cfg = tiny_configs
    job = TrainingJob(tiny_corpus, data, model_cfg, replace(cfg, epochs=500), "m", str(blocker))
    job.start()
    job.stop()
    job.thread.join(120)
    assert job.status == "stopped"  # the user stopped it; saving failed after that
    assert "Could not save the model" in job.error and "download" in job.error
    assert job.result is not None and job.result.model is not None  # still downloadable
    assert job.bundle_path == ""


def test_a_job_with_bad_data_fails_with_the_message(tiny_configs):
    from seqgen import read_text_files

    corpus = read_text_files([("short.txt", b"too short")])
    job = TrainingJob(corpus, *tiny_configs).start()
    job.thread.join(60)
    assert job.status == "failed" and "short.txt" in job.error and job.result is None


def test_release_job_stops_and_forgets_it(tiny_configs, one_slot):
    from seqgen import read_text_files

    corpus = read_text_files([("short.txt", b"too short")])
    job = TrainingJob(corpus, *tiny_configs).start()
    release_job(job.id)
    assert get_job(job.id) is None and job.stop_event.is_set()
    job.thread.join(60)
    release_job("no-such-job")  # harmless


def test_old_finished_jobs_are_forgotten(tiny_configs, monkeypatch):
    from seqgen import read_text_files

    corpus = read_text_files([("short.txt", b"too short")])
    old = TrainingJob(corpus, *tiny_configs).start()
    old.thread.join(60)
    monkeypatch.setattr(jobs, "FINISHED_JOB_TTL", 0)
    old.finished_at -= 1
    TrainingJob(corpus, *tiny_configs).start().thread.join(60)
    assert get_job(old.id) is None


def test_training_slots_default_to_two_and_ignore_nonsense(monkeypatch):
    monkeypatch.delenv("SEQGEN_TRAINING_SLOTS", raising=False)
    assert training_slots() == 2
    monkeypatch.setenv("SEQGEN_TRAINING_SLOTS", "many")
    assert training_slots() == 2
    monkeypatch.setenv("SEQGEN_TRAINING_SLOTS", "0")
    assert training_slots() == 1


def test_a_job_whose_saving_fails_unexpectedly_still_finishes_with_its_result(
    tiny_corpus, tiny_configs, instant_training, tmp_path
):
    """Without this the job stayed "running" forever and the page would wait for it."""
    extra = {"not json": object()}  # json.dumps raises TypeError, not a SeqgenError
    job = TrainingJob(tiny_corpus, *tiny_configs, "m", str(tmp_path), extra).start()
    job.thread.join(60)
    assert job.status == "done" and job.result is not None
    assert "Could not save the model" in job.error and job.bundle_path == ""
