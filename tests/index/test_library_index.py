"""How the library facade keeps its index: a saved change is searchable at once although the index update runs
after the change is acknowledged, a process never exits with it undone, and the app's big rebuilds run in a
separate process."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from papertui import rebuild
from papertui.errors import PapertuiError
from papertui.index.engine import PaperIndex
from papertui.library import Library

PAGE = """Get trending papers in your email inbox once a day!
Get trending papers in your email inbox!
SubscribeSparse Mixtures of Tiny Experts
We route tokens to tiny experts and find that sparse mixtures match dense models at a fraction of the cost.
Zebra Crossings for Robot Navigation
A robot learns to cross streets at zebra crossings from a few hundred demonstrations.
Graph Transformers for Molecules
Message passing meets attention: graph transformers predict molecular properties.
"""


@pytest.fixture
def library(home: Path) -> Library:
    lib = Library(home)
    lib.import_text(PAGE, "page.txt")
    lib.index()
    yield lib
    lib.close()


def found(lib: Library, query: str) -> list[str]:
    return [hit.title for hit in lib.search(query).hits]


def test_a_tag_is_found_by_the_next_search(library: Library) -> None:
    [pid] = [h.id for h in library.search("zebra").hits]
    library.tag([pid], ["street"])
    assert found(library, "tag:street") == ["Zebra Crossings for Robot Navigation"]
    library.untag([pid], ["street"])
    assert found(library, "tag:street") == []


def test_a_burst_of_tags_ends_up_in_the_index(library: Library) -> None:
    ids = [h.id for h in library.search("graph OR zebra OR sparse").hits]
    for n in range(6):
        library.tag(ids, [f"burst{n}"])
    library.close()  # closing finishes what is pending
    reopened = Library(library.paths.home)
    try:
        assert reopened.index().synced_revs()[1] == reopened.revisions()[1]
        assert len(found(reopened, "tag:burst5")) == 3
    finally:
        reopened.close()


def test_a_failed_index_update_is_reported_and_caught_up_later(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = library.search("graph").hits[0].id

    def broken(self: PaperIndex, *args: object, **kwargs: object) -> None:
        raise PapertuiError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(PaperIndex, "update", broken)
        library.tag([pid], ["later"])
        warning = library.flush_index()
        assert warning is not None and "disk full" in warning
    assert found(library, "tag:later") == ["Graph Transformers for Molecules"]  # the next use catches up


def test_a_process_that_tags_and_exits_leaves_the_index_up_to_date(library: Library) -> None:
    pid = library.search("sparse").hits[0].id
    library.close()
    script = (
        "import sys; from pathlib import Path; from papertui.library import Library; "
        "Library(Path(sys.argv[1])).tag([sys.argv[2]], ['from-child'])"  # no close(): the process just ends
    )
    subprocess.run([sys.executable, "-c", script, str(library.paths.home), pid], check=True, timeout=60)
    index = PaperIndex(library.paths.index_dir)
    try:
        assert [h.id for h in index.search("tag:from-child").hits] == [pid]
    finally:
        index.close()


def test_a_rebuild_asked_to_spawn_runs_in_another_process(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rebuild, "SPAWN_MIN_PAPERS", 1)
    spawned: list[int] = []
    real = rebuild.rebuild_in_child

    def counting(home: Path, progress: object) -> int:
        spawned.append(1)
        return real(home, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(rebuild, "rebuild_in_child", counting)
    calls: list[tuple[int, int]] = []
    results: list[object] = []
    results.append(library.rebuild_index(lambda *c: calls.append(c), spawn=True))  # the app's worker
    assert results == [3] and spawned == [1]
    assert calls[-1] == (3, 3)
    assert found(library, "zebra") == ["Zebra Crossings for Robot Navigation"]
    worker = threading.Thread(target=lambda: results.append(library.rebuild_index()))  # in-process, even in a thread
    worker.start()
    worker.join(120)
    assert results == [3, 3] and spawned == [1]


def test_a_search_survives_another_process_swapping_in_a_rebuilt_index(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papertui.index import choose

    other = Library(library.paths.home)
    real = choose.select
    swaps: list[int] = []

    def swap_first(*args: object, **kwargs: object) -> object:
        if not swaps:  # `papertui reindex` elsewhere lands between opening the index and reading it
            swaps.append(1)
            other.rebuild_index()
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(choose, "select", swap_first)
    try:
        assert found(library, "zebra") == ["Zebra Crossings for Robot Navigation"]
        assert swaps == [1]
    finally:
        other.close()


def test_an_index_of_an_empty_library_takes_its_first_papers(home: Path) -> None:
    lib = Library(home)
    try:
        assert lib.search("zebra").hits == ()  # builds an index with no segment at all
        lib.import_text(PAGE, "page.txt")
        assert found(lib, "zebra") == ["Zebra Crossings for Robot Navigation"]
    finally:
        lib.close()


def test_an_import_the_index_cannot_follow_is_saved_with_a_warning(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = PAGE.replace("Graph Transformers for Molecules", "Quantum Annealing for Scheduling")

    def broken(self: PaperIndex, *args: object, **kwargs: object) -> None:
        raise PapertuiError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(PaperIndex, "update", broken)
        report = library.import_text(page, "more.txt")
    assert report.new == 1 and any("disk full" in w for w in report.warnings)
    assert found(library, "annealing") == ["Quantum Annealing for Scheduling"]  # caught up when next opened


SHOTS_PAGE = """Get trending papers in your email inbox once a day!
Get trending papers in your email inbox!
SubscribeZero-shot Planning with Language Models
Models plan in new tasks without examples, and we measure how well the plans hold up over many runs.
Few-shotting Zero Resources
Zero labels: we adapt by few-shotting a detector, and we measure how well it holds up over many runs.
Zero-shotting Detectors in the Wild
We study zero-shotting at scale, and we measure how well the detectors hold up over many runs.
"""


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("zero-shot ", {"Zero-shot Planning with Language Models"}),  # a space ends the word: whole, not a prefix
        ('"zero-shot" ', {"Zero-shot Planning with Language Models"}),
        ("(zero-shot)", {"Zero-shot Planning with Language Models"}),
        # Still being typed: "zero" then a word starting with "shot", side by side ("Few-shotting Zero" is not).
        ("zero-shot", {"Zero-shot Planning with Language Models", "Zero-shotting Detectors in the Wild"}),
    ],
)
def test_a_word_being_typed_is_whole_after_a_space_and_keeps_its_words_together(
    home: Path, typed: str, expected: set[str]
) -> None:
    lib = Library(home)
    try:
        lib.import_text(SHOTS_PAGE, "shots.txt")
        assert {hit.title for hit in lib.search(typed, typing=True).hits} == expected
    finally:
        lib.close()
