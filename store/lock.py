"""The library lock: one cross-process file lock serialises every read-modify-write of user data.

Re-entrant within a process (filelock counts nested acquisitions), bounded waits, a clear message on time-out.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path

import filelock

from papertui.errors import LockTimeout, PapertuiError

DEFAULT_TIMEOUT_S = 15.0


class LibraryLock:
    """Exclusive lock on a library directory, shared by the CLI, the app and any other process."""

    def __init__(self, path: Path, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # thread_local=True: each thread holds its own descriptor, so flock also excludes the app's worker
        # threads from each other, while nested acquisitions in one thread stay re-entrant.
        self._lock = filelock.FileLock(str(self.path), timeout=timeout, thread_local=True)

    @contextlib.contextmanager
    def held(self, timeout: float | None = None) -> Iterator[None]:
        wait = self.timeout if timeout is None else timeout
        try:
            self._lock.acquire(timeout=wait)
        except filelock.Timeout:
            raise LockTimeout(
                f"the library at {self.path.parent} is busy: another papertui process held its lock "
                f"for more than {wait:g} s; try again"
            ) from None
        except OSError as exc:
            # Only a change takes the lock: say that reading still works, and why nothing can be changed.
            why = "a read-only file system" if exc.errno == errno.EROFS else (exc.strerror or str(exc)).lower()
            if exc.errno == errno.ENOSPC:
                why = "the disk is full"
            raise PapertuiError(
                f"cannot change the library at {self.path.parent} ({why}); reading and searching still work "
                "(nothing was changed)"
            ) from None
        try:
            yield
        finally:
            self._lock.release()
