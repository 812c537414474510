"""The background index update of saved changes: one small thread per Library, started on demand.

A user action is acknowledged once the user store has it on disk; mirroring it into the index costs 20-80 ms
at 100k papers, three times the save itself. So the update runs in a background thread once writes pause for
`batch_s` (a burst of quick tags becomes one index commit), or at once when the owner calls flush() (before a
search, on close). The thread is not a daemon: a CLI process finishes the update before it exits. The update
needs no library lock: revisions are read before the papers, so the index never records a revision newer than
what it holds, and a change it misses is caught up the next time it is opened.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

INDEX_BATCH_S = 0.05
"""A saved change waits this long for more before the index is updated in the background."""


class IndexSyncer:
    """Runs `sync` after changes pause; `on_error` gets what a background run raised (never printed)."""

    def __init__(
        self,
        sync: Callable[[], None],
        on_error: Callable[[Exception], None],
        mutex: AbstractContextManager[Any],
        batch_s: float = INDEX_BATCH_S,
    ) -> None:
        self._sync = sync
        self._on_error = on_error
        self._mutex = mutex
        """The owner's index mutex: a flush waits for a run already under way in the thread."""
        self._batch_s = batch_s
        self._pending_since: float | None = None
        """When a change last asked for an update that has not run yet (None: nothing pending)."""
        self._pending_lock = threading.Lock()
        self._wake = threading.Condition(self._pending_lock)
        """Wakes the waiting thread when a flush has taken its work (so stop() never waits out a delay)."""
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """A change was saved: update the index once changes pause (starts the thread if it is not running)."""
        with self._pending_lock:
            self._pending_since = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="papertui-index-sync")
                self._thread.start()

    def pending(self) -> bool:
        with self._pending_lock:
            return self._pending_since is not None

    def flush(self) -> None:
        """Run the pending update now, in this thread (waiting for one already running); errors propagate."""
        with self._mutex:
            with self._pending_lock:
                if self._pending_since is None:
                    return
                self._pending_since = None
                self._wake.notify_all()
            self._sync()

    def stop(self) -> None:
        """Run what is pending and wait for the thread to end (it ends by itself once nothing is pending)."""
        self.flush()
        with self._pending_lock:
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _loop(self) -> None:
        while True:
            with self._wake:
                while True:
                    if self._pending_since is None:
                        self._thread = None
                        return
                    wait = self._pending_since + self._batch_s - time.monotonic()
                    if wait <= 0:
                        break
                    self._wake.wait(wait)  # a change meanwhile moves the deadline; a flush empties it
            try:
                self.flush()
            except Exception as exc:  # a background thread must never print a traceback at the user
                self._on_error(exc)
