"""IndexSyncer: a saved change's index update runs once changes pause, or at once on flush(); stop() leaves no
thread behind. Gated on events, never on the clock."""

from __future__ import annotations

import threading

from papertui.index_sync import IndexSyncer

WAIT_S = 30.0
"""How long a test waits for the background thread before it fails (a hung thread, not a slow one)."""


def test_flush_runs_the_pending_update_once_in_the_calling_thread():
    runs: list[threading.Thread] = []
    syncer = IndexSyncer(lambda: runs.append(threading.current_thread()), lambda exc: None, threading.RLock(), 3600)
    syncer.flush()
    assert runs == []  # nothing pending: nothing to run
    syncer.request()
    syncer.request()  # a burst of changes is one update
    assert syncer.pending()
    syncer.flush()
    syncer.flush()
    assert runs == [threading.current_thread()] and not syncer.pending()
    syncer.stop()


def test_the_background_thread_runs_the_update_and_ends():
    ran = threading.Event()
    syncer = IndexSyncer(ran.set, lambda exc: None, threading.RLock(), batch_s=0.0)
    syncer.request()
    assert ran.wait(WAIT_S)
    syncer.stop()
    assert not syncer.pending()
    assert not [t for t in threading.enumerate() if t.name == "papertui-index-sync"]


def test_a_background_failure_goes_to_on_error_not_to_the_terminal():
    failed = threading.Event()
    errors: list[Exception] = []

    def sync() -> None:
        raise RuntimeError("index writer exploded")

    def on_error(exc: Exception) -> None:
        errors.append(exc)
        failed.set()

    syncer = IndexSyncer(sync, on_error, threading.RLock(), batch_s=0.0)
    syncer.request()
    assert failed.wait(WAIT_S)
    syncer.stop()
    assert [str(e) for e in errors] == ["index writer exploded"]


def test_stop_runs_what_is_pending_before_the_thread_would():
    runs: list[int] = []
    syncer = IndexSyncer(lambda: runs.append(1), lambda exc: None, threading.RLock(), batch_s=3600)
    syncer.request()
    syncer.stop()  # a closing Library does not wait out the batch delay, nor drop the update
    assert runs == [1] and not syncer.pending()
