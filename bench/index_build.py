"""Times a full index build: PaperIndex.rebuild over bench/corpus.py's synthetic papers, nothing else.

    python bench/index_build.py --papers 20000 100000 [--rounds 1]

The papers are made in memory first (not timed); the printed figure is the rebuild alone (analysis, postings,
segment files, the swap), so a writer change shows without the page parsing and catalog of a full import.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import corpus

from papertui.index import IndexDoc, PaperIndex
from papertui.model import Paper, title_key


def docs(n: int) -> list[IndexDoc]:
    made = []
    for number, synth in enumerate(corpus.papers(n)):
        paper = Paper(
            id=f"p{number:06d}",
            key=title_key(synth.title),
            title=synth.title,
            abstract=synth.abstract,
            authors_count=synth.authors,
            date_text=synth.date,
            upvotes=synth.upvotes,
        )
        made.append(IndexDoc(paper))
    return made


def time_build(papers: list[IndexDoc]) -> tuple[float, int]:
    """Seconds one rebuild takes, and the index folder's size in bytes."""
    folder = Path(tempfile.mkdtemp(prefix="papertui-build-"))
    try:
        index = PaperIndex(folder / "index")
        start = time.perf_counter()
        index.rebuild(papers)
        took = time.perf_counter() - start
        index.close()
        size = sum(f.stat().st_size for f in (folder / "index").rglob("*") if f.is_file())
        return took, size
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[20_000])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    for n in args.papers:
        papers = docs(n)
        for _ in range(args.rounds):
            took, size = time_build(papers)
            print(f"{n} papers: build {took:.1f} s, index {size / 1e6:.1f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
