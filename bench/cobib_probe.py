"""The coBib half of `--peer cobib`, run by peer_cobib.py with coBib's own venv python in a fresh process.

    COBIB_CONFIG=cfg.py cobib-venv/bin/python bench/cobib_probe.py WORD   → one line "PROBE {json}" on stdout

It drives coBib's real Textual app headless (App.run_test), the way bench/tui_probe.py drives papertui's, and
imports nothing from papertui: it runs where only coBib and its dependencies are installed.

open_s: from the start of this script (before coBib or Textual is imported) until the main list holds the
database's entries and the screen has processed the messages that draw them. coBib reads its configuration
(COBIB_CONFIG) and its database (the YAML file, or its pickle cache) inside that window, as `cobib` does.

search_s: coBib searches on submit, not per key. The probe opens the search prompt ("/"), puts the word in the
input box, then times from the Enter key until the result tree has replaced the list and has been drawn.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import asyncio  # noqa: E402  (after START: the imports are part of what a user waits for)
import json  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from importlib.metadata import version  # noqa: E402

from cobib.config import config  # noqa: E402
from cobib.ui.components import InputScreen, ListView, MainContent, SearchView  # noqa: E402
from cobib.ui.tui import TUI  # noqa: E402
from textual import events  # noqa: E402
from textual.widgets import Input  # noqa: E402

SIZE = (120, 36)


class GaveUp(Exception):
    """coBib did not show what the probe waits for: the one line peer_cobib.py reports."""


WAIT_S = 600.0  # a case-sensitive regex scan of 5,000 BibTeX dumps plus a tree of every match can be slow


async def _until(pilot, done, what: str, step: float = 0.002) -> None:
    deadline = time.perf_counter() + WAIT_S
    while not done():
        if time.perf_counter() > deadline:
            raise GaveUp(f"timed out: coBib did not show {what} within {WAIT_S:.0f} s")
        await asyncio.sleep(step)
    await pilot._wait_for_screen()  # the messages that repaint the new content


def _shown(app: TUI, kind: type) -> ListView | SearchView | None:
    """The list or result tree MainContent shows now, if it is of `kind`, with at least one entry in it."""
    mains = app.screen_stack[0].query(MainContent)
    if not mains or app.screen is not app.screen_stack[0]:
        return None
    main = mains.first()
    if main.current != kind.id:
        return None
    child = main.get_child_by_id(kind.id)
    if isinstance(child, ListView) and child.row_count > 0:
        return child
    if isinstance(child, SearchView) and child.root.children:
        return child
    return None


def _said_empty(app: TUI) -> bool:
    """coBib answers a search without hits with a notification, not a tree: stop waiting then."""
    return any(note.title == "Empty search!" for note in app._notifications)


async def probe(word: str) -> dict:
    config.load()  # COBIB_CONFIG, as the `cobib` command reads it
    app = TUI(verbosity=logging.WARNING)  # what `cobib` passes when started without -v
    result: dict = {"cobib_version": version("cobib"), "textual_version": version("textual")}
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: _shown(app, ListView) is not None, "its list of entries")
        result["open_s"] = time.perf_counter() - START
        listed = _shown(app, ListView)
        result["rows"] = listed.row_count if listed else 0

        await pilot.press("slash")  # the TUI's search binding: a prompt pre-filled with "/"
        await _until(pilot, lambda: isinstance(app.screen, InputScreen), "its search prompt")
        box = app.screen.query_one(Input)
        box.value = "/" + word  # setting the value, not typing: coBib does no work per key here
        await pilot.pause()
        start = time.perf_counter()
        app.post_message(events.Key("enter", "\r"))
        answered = lambda: _shown(app, SearchView) is not None or _said_empty(app)  # noqa: E731
        await _until(pilot, answered, f"results for {word!r}")
        if _said_empty(app):
            raise GaveUp(f"coBib found nothing for {word!r}: pick a word of the corpus")
        result["search_s"] = time.perf_counter() - start
        tree = _shown(app, SearchView)
        result["hits"] = len(tree.root.children) if tree else 0
        app.exit()
    return result


def main() -> None:
    try:
        result = asyncio.run(probe(sys.argv[1]))
    except GaveUp as exc:
        print(f"PROBE-ERROR {exc}", flush=True)
        raise SystemExit(2) from None
    print("PROBE " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
