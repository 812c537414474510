"""The TUI half of the benchmark, run by run.py in a fresh process: first paint, typing latency, peak RSS.

    python bench/tui_probe.py HOME DEBOUNCE_S QUERY...   → one line "PROBE {json}" on stdout

First paint: from the start of this script (before Textual is imported) until the main screen's list holds the
library's rows and the screen has processed the messages that draw them. Then, once the index is warm, each
query is typed a character at a time (a Key event posted as a terminal would send it); a keystroke counts from
its Key event until the list answers the text typed so far and the screen has drawn it.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import asyncio  # noqa: E402  (after START: the imports are part of what a user waits for)
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from textual import events  # noqa: E402
from textual.keys import _character_to_key  # noqa: E402

from papertui.library import Library  # noqa: E402
from papertui.tui.app import PapertuiApp  # noqa: E402
from papertui.tui.screens.main import MainScreen  # noqa: E402

SIZE = (120, 36)
WAIT_S = 60.0


async def _until(pilot, done, step: float = 0.001) -> None:
    deadline = time.perf_counter() + WAIT_S
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not answer in time")
        await asyncio.sleep(step)
    await pilot._wait_for_screen()  # the messages that repaint the list


def _answered(screen: MainScreen, text: str) -> bool:
    shown = screen._shown
    return (
        screen.text_query == text
        and shown is not None
        and shown.query == screen.view_query
        and not screen.reads.searching
        and screen._debounce is None
    )


async def probe(home: Path, debounce_s: float, queries: list[str]) -> dict:
    library = Library(home)
    app = PapertuiApp(library, debounce_s=debounce_s)
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen._shown is not None)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await _until(pilot, lambda: screen.papers.row_count > 0)
        result["first_paint_s"] = time.perf_counter() - START
        warm = [w for w in app.workers if w.group == "index"]
        await app.workers.wait_for_complete(warm)
        result["index_ready_s"] = time.perf_counter() - START
        result["index_message"] = library.last_index_message  # set when the app had to rebuild the index
        screen.action_focus_search()
        await pilot.pause()
        box = screen.query_one("#search")
        keys: list[tuple[str, float]] = []
        for query in queries:
            for n, char in enumerate(query):
                start = time.perf_counter()
                app.post_message(events.Key(_character_to_key(char), char))
                await _until(pilot, lambda text=query[: n + 1]: _answered(screen, text))
                keys.append((query[: n + 1], (time.perf_counter() - start) * 1000))
            box.value = ""
            await _until(pilot, lambda: _answered(screen, ""))
        result["keys"] = keys
        await app.workers.wait_for_complete()
    library.close()
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def peak_rss_mb() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries the parent's peak across
    fork and exec into it, so a probe started by a 300 MB benchmark process would report at least 300 MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    home, debounce = Path(sys.argv[1]), float(sys.argv[2])
    print("PROBE " + json.dumps(asyncio.run(probe(home, debounce, sys.argv[3:]))), flush=True)


if __name__ == "__main__":
    main()
