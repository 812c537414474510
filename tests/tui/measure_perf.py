"""Measure the app on a big synthetic library (not a test: run it by hand).

    python tests/tui/measure_perf.py 10000            # builds the library in a temp dir, then measures
    python tests/tui/measure_perf.py 100000 --home /tmp/lib100k   # keeps (and reuses) the library

Prints: time to first paint (app start -> rows on screen), keystroke -> list updated (no debounce, so this is
search time plus ~50 ms of pilot overhead per key), and the longest event-loop stall while typing, measured by
a 2 ms ticker (anything the UI thread could not do in time shows up there).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

from papertui.library import Library
from papertui.tui.app import PapertuiApp
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.search_box import SearchBox

WORDS = (
    "diffusion transformer attention sparse graph neural network protein folding retrieval augmented generation "
    "speculative decoding language model robot policy reinforcement learning vision image segmentation "
    "contrastive pretraining benchmark dataset scaling laws mixture experts quantization pruning distillation "
    "agent planning reasoning tokenizer multilingual speech audio video tracking depth estimation point cloud "
    "molecule chemistry weather forecasting physics simulation federated privacy fairness robustness"
).split()


def build(home: Path, count: int, chunk: int = 5000) -> None:
    """Import `count` made-up papers as layout-A page text, `chunk` papers per import, then index them."""
    rng = random.Random(1)
    lib = Library(home)
    for start in range(0, count, chunk):
        lines = ["Get trending papers in your email inbox once a day!", "Get trending papers in your email inbox!"]
        for i in range(start, min(count, start + chunk)):
            title = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(4, 9))) + f" {i}"
            abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 60))) + "."
            if rng.random() < 0.4:
                abstract += f" Code: https://github.com/lab{i % 997}/repo{i}."
            lines += [("Subscribe" if i == start else "") + title, abstract]
        lib.import_text("\n".join(lines) + "\n", f"synthetic-{start}")
    lib.rebuild_index()
    lib.close()


class Ticker:
    """The longest delay of a 2 ms sleep loop: how long the event loop was kept busy."""

    def __init__(self) -> None:
        self.worst = 0.0

    async def run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.002)
            self.worst = max(self.worst, time.perf_counter() - started - 0.002)


async def until(condition, timeout: float = 60.0) -> None:
    started = time.perf_counter()
    while not condition():
        await asyncio.sleep(0.001)
        if time.perf_counter() - started > timeout:
            raise TimeoutError


async def measure(home: Path) -> None:
    lib = Library(home)
    lib.index()  # built beforehand, as after `papertui import`
    app = PapertuiApp(lib, debounce_s=0.0)
    ticker = Ticker()
    started = time.perf_counter()
    async with app.run_test(size=(120, 36)) as pilot:
        task = asyncio.create_task(ticker.run())
        papers = app.screen.query_one(PaperList)
        await until(lambda: papers.row_count > 0 and papers.hit(papers.ids[0]) is not None)
        print(f"first paint: {(time.perf_counter() - started) * 1000:.0f} ms for {papers.row_count:,} papers")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one(SearchBox).focus()
        ticker.worst = 0.0
        times, typed = [], ""
        for ch in "diffusion transformer graph":
            typed += ch
            key_started = time.perf_counter()
            await pilot.press("space" if ch == " " else ch)
            query = typed.strip()
            screen = app.screen
            await until(
                lambda q=query, s=screen: s._shown is not None and s._shown.query == q and not s.status.status.busy
            )
            times.append(time.perf_counter() - key_started)
        times.sort()
        print(
            f"keystroke -> list updated: median {statistics.median(times) * 1000:.0f} ms, "
            f"p90 {times[int(len(times) * 0.9)] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
        )
        print(f"longest event-loop stall while typing: {ticker.worst * 1000:.0f} ms")
        task.cancel()
    lib.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="papertui-perf-")) / "library"
    if not (home / "catalog.sqlite3").exists():
        started = time.perf_counter()
        build(home, args.count)
        print(f"built {args.count:,} papers in {time.perf_counter() - started:.0f} s at {home}")
    asyncio.run(measure(home))


if __name__ == "__main__":
    main()
