"""A full index rebuild in a separate, spawned process, for a caller that must stay responsive (the app).

Rebuilding 100k papers is about a minute of pure-Python work; run in a thread of the app it would hold the GIL
for that minute and every key typed would wait for it. A spawned child process builds the new index beside the
live one and swaps it in (index/folder.py), while the parent thread only relays progress. Never a fork: a
forked copy of a running Textual app with its threads is not safe. The parent holds the library lock for the
whole rebuild, so the child reads the stores without taking it (and nothing writes them meanwhile).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from papertui.errors import PapertuiError

SPAWN_MIN_PAPERS = 10_000
"""Smaller libraries rebuild in the calling thread: a spawned interpreter costs ~0.5 s to start."""

Progress = Callable[[int, int], None]


def rebuild_in_child(home: Path, progress: Progress | None) -> int:
    """Rebuild the index of the library in `home` in a spawned process; returns the number of papers."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    # A daemon: if the app quits meanwhile, the child goes too (its half-built folder is removed next time).
    child = context.Process(target=_child, args=(str(home), sender), name="papertui-reindex", daemon=True)
    child.start()
    sender.close()
    done: int | None = None
    error: str | None = None
    try:
        while True:
            try:
                message = receiver.recv()
            except EOFError:
                break
            if message[0] == "progress" and progress is not None:
                progress(message[1], message[2])
            elif message[0] == "done":
                done = message[1]
            elif message[0] == "error":
                error = message[1]
    finally:
        receiver.close()
        child.join()
    if error is not None:
        raise PapertuiError(error)
    if done is None:
        raise PapertuiError(f"rebuilding the search index stopped (its process exited with code {child.exitcode})")
    return done


def _child(home: str, sender: Any) -> None:
    try:
        from papertui.library import Library

        library = Library(Path(home))
        try:
            count = library.rebuild_index_unlocked(lambda done, total: sender.send(("progress", done, total)))
        finally:
            library.close()
        sender.send(("done", count))
    except PapertuiError as exc:
        sender.send(("error", str(exc)))
    except BaseException as exc:  # reported by the parent as one line, never a child's traceback
        sender.send(("error", f"rebuilding the search index failed ({type(exc).__name__}: {exc})"))
    finally:
        sender.close()
