"""Removing papers through the facade: gone everywhere at once, undo brings back the same papers with their
user data, redo removes them again, and the catalog and the undo log stay in step after a crash."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest

from papertui.errors import PapertuiError, UsageError
from papertui.index.engine import PaperIndex
from papertui.library import Library
from papertui.model import Paper
from papertui.store import removal

PAGE = """Get trending papers in your email inbox once a day!
Get trending papers in your email inbox!
SubscribeSparse Mixtures of Tiny Experts
We route tokens to tiny experts and find that sparse mixtures match dense models at a fraction of the cost.
Zebra Crossings for Robot Navigation
A robot learns to cross streets at zebra crossings from a few hundred demonstrations.
Graph Transformers for Molecules
Message passing meets attention: graph transformers predict molecular properties.
"""
MORE = """Get trending papers in your email inbox once a day!
Get trending papers in your email inbox!
SubscribeQuiet Quokkas Learn Quickly
Quokkas learn quickly from few examples in a quiet lab.
Zebra Crossings for Robot Navigation
A robot learns to cross streets at zebra crossings from a few hundred demonstrations, with a longer abstract now.
"""


@pytest.fixture
def lib(home: Path) -> Library:
    library = Library(home)
    library.import_text(PAGE, "page.txt")
    library.index()
    yield library
    library.close()


def by_title(lib: Library) -> dict[str, str]:
    return {lib.paper(pid).title.split()[0]: pid for pid in lib.browse()}


def fields(paper: Paper) -> Paper:
    """A paper without its revision (which every catalog change bumps)."""
    return dataclasses.replace(paper, rev=0)


def test_removed_papers_leave_list_search_tags_stats_at_once(lib: Library) -> None:
    ids = by_title(lib)
    lib.tag([ids["Zebra"], ids["Graph"]], ["robots"])
    lib.set_triage([ids["Zebra"]], "kept")
    change = lib.remove([ids["Zebra"]])
    assert "removed 1 paper: Zebra Crossings" in change.description
    assert ids["Zebra"] not in lib.browse()
    assert lib.count() == 2
    assert [h.id for h in lib.search("zebra").hits] == []
    assert [h.id for h in lib.search("tag:robots").hits] == [ids["Graph"]]
    assert dict(lib.tag_counts()) == {"robots": 1}
    stats = lib.stats()
    assert (stats["papers"], stats["kept"], stats["tagged"]) == (2, 0, 1)
    with pytest.raises(UsageError):
        lib.paper(ids["Zebra"])


def test_undo_brings_back_the_same_papers_with_their_user_data_and_redo_removes_them_again(lib: Library) -> None:
    ids = by_title(lib)
    lib.tag([ids["Zebra"], ids["Graph"]], ["robots"])
    lib.set_note(ids["Zebra"], "read the appendix")
    lib.set_triage([ids["Graph"]], "skipped")
    papers_before = {pid: fields(lib.paper(pid)) for pid in ids.values()}
    records_before = lib.records()
    order_before = lib.browse("relevance")
    lib.remove([ids["Zebra"], ids["Graph"]])
    assert lib.browse() == [ids["Sparse"]]

    undone = lib.undo()
    assert undone is not None and undone.description.startswith("undid: removed 2 papers")
    assert {pid: fields(lib.paper(pid)) for pid in ids.values()} == papers_before
    assert {pid: dataclasses.replace(r, rev=0) for pid, r in lib.records().items()} == {
        pid: dataclasses.replace(r, rev=0) for pid, r in records_before.items()
    }
    assert lib.browse("relevance") == order_before  # back in their place in import order
    assert {h.id for h in lib.search("tag:robots").hits} == {ids["Zebra"], ids["Graph"]}
    assert lib._catalog.removed_batches() == set()

    redone = lib.redo()
    assert redone is not None and redone.description.startswith("redid: removed 2 papers")
    assert lib.browse() == [ids["Sparse"]]
    assert lib.search("robots").hits == ()
    assert lib.tag_counts() == []


def test_an_unknown_id_removes_nothing(lib: Library) -> None:
    ids = by_title(lib)
    with pytest.raises(UsageError, match="no paper with id 'zzzzzzz'; nothing was removed"):
        lib.remove([ids["Zebra"], "zzzzzzz"])
    assert lib.count() == 3
    assert lib._user.undo_label() == "import of page.txt: 3 new papers"


def test_the_index_deletes_removed_papers_without_a_rebuild(lib: Library, home: Path, monkeypatch) -> None:
    ids = by_title(lib)
    lib.index()
    lib.close()
    # Another process removes a paper and exits before its index is opened ...
    other = Library(home)
    monkeypatch.setattr(other._keeper.syncer, "request", lambda: None)  # (as if it were killed before the update)
    other.remove([ids["Graph"]])
    other.close()
    # ... this one then catches up by deleting it: a full rebuild would fail here.
    monkeypatch.setattr(PaperIndex, "rebuild", lambda *a, **k: pytest.fail("the index was rebuilt"))
    again = Library(home)
    try:
        assert again.search("graph").hits == ()
        assert again.last_index_message is None
        assert again.index().doc_count() == 2
        again.undo()
        assert [h.id for h in again.search("graph").hits] == [ids["Graph"]]
    finally:
        again.close()


def test_undo_of_a_removal_interrupted_before_the_catalog_step_completes_on_next_open(
    lib: Library, home: Path, monkeypatch
) -> None:
    ids = by_title(lib)
    lib.tag([ids["Zebra"]], ["robots"])
    lib.remove([ids["Zebra"]])

    def crash(self, batch):  # the process dies after the undo was logged, before the catalog followed
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(type(lib._catalog), "restore_batch", crash)
        with pytest.raises(KeyboardInterrupt):
            lib.undo()
    lib.close()
    again = Library(home)  # opening completes the interrupted undo: even a read sees it whole
    try:
        assert again.record(ids["Zebra"]).tags == ("robots",)
        assert sorted(again.browse()) == sorted(ids.values())
        assert [h.id for h in again.search("zebra").hits] == [ids["Zebra"]]
        undone = again.undo()  # the next undo is the one before: no duplicate, no error
        assert undone is not None and undone.description == 'undid: tagged 1 paper "robots"'
        assert sorted(again.browse()) == sorted(ids.values())
        assert again.redo() is not None and again.redo() is not None
        assert sorted(again.browse()) == sorted([ids["Sparse"], ids["Graph"]])
    finally:
        again.close()


def test_catalog_steps_are_idempotent(lib: Library) -> None:
    ids = by_title(lib)
    assert lib._catalog.remove_batch("b1", [ids["Zebra"]]) == [ids["Zebra"]]
    assert lib._catalog.remove_batch("b1", [ids["Zebra"]]) == []
    assert lib._catalog.restore_batch("b1") == [ids["Zebra"]]
    assert lib._catalog.restore_batch("b1") == []
    assert lib.count() == 3


def test_a_removal_that_leaves_the_undo_log_is_purged(lib: Library) -> None:
    ids = by_title(lib)
    lib._user.undo_limit = 1
    lib.remove([ids["Zebra"]])
    assert len(lib._catalog.removed_batches()) == 1
    lib.tag([ids["Graph"]], ["x"])  # pushes the removal out of a one-entry log
    lib.tag([ids["Graph"]], ["y"])  # the next write purges what no entry can bring back
    assert lib._catalog.removed_batches() == set()
    lib.undo()
    assert lib.undo() is None
    assert ids["Zebra"] not in lib.browse()


def test_with_undo_turned_off_a_removal_still_removes(lib: Library) -> None:
    ids = by_title(lib)
    lib._user.undo_limit = 0
    lib.remove([ids["Zebra"]])
    assert ids["Zebra"] not in lib.browse()
    assert lib._catalog.removed_batches() == set()


def test_a_catalog_written_before_removal_existed_gains_the_tables_on_open(home: Path) -> None:
    lib = Library(home)
    lib.import_text(PAGE, "page.txt")
    lib.close()
    with sqlite3.connect(home / "catalog.sqlite3") as db:  # the layout of catalogs written by earlier versions
        db.execute("DROP TABLE removed")
        db.execute("DROP TABLE gone")
    lib = Library(home)
    try:
        pid = lib.browse()[0]
        lib.remove([pid])
        assert lib.count() == 2
        lib.undo()
        assert lib.count() == 3
    finally:
        lib.close()


def test_undo_of_an_import_removes_its_new_papers_and_redo_brings_them_back(lib: Library) -> None:
    ids = by_title(lib)
    report = lib.import_text(MORE, "more.txt")
    assert (report.new, report.updated) == (1, 1)
    assert lib._user.undo_label() == "import of more.txt: 1 new paper"
    quokka = by_title(lib)["Quiet"]
    lib.tag([quokka], ["cute"])
    filled = lib.paper(ids["Zebra"]).abstract

    assert lib.undo().description == 'undid: tagged 1 paper "cute"'
    undone = lib.undo()
    assert undone is not None and undone.description == "undid: import of more.txt: 1 new paper"
    assert quokka not in lib.browse()
    assert lib.search("quokkas").hits == ()
    assert lib.paper(ids["Zebra"]).abstract == filled  # fields filled into known papers stay

    assert lib.redo() is not None
    assert quokka in lib.browse()
    assert lib.record(quokka).tags == ()
    assert lib.redo() is not None
    assert lib.record(quokka).tags == ("cute",)
    assert [h.id for h in lib.search("tag:cute").hits] == [quokka]


def test_a_new_import_after_an_undone_import_forgets_the_undone_one(lib: Library) -> None:
    lib.import_text(MORE, "more.txt")
    quokka = by_title(lib)["Quiet"]
    lib.undo()
    lib.import_text(MORE, "more.txt")  # the same page again: the same id, a new undo entry
    assert quokka in lib.browse()
    assert lib.redo() is None
    assert lib._catalog.removed_batches() == set()
    assert lib.undo() is not None
    assert quokka not in lib.browse()


def test_a_damaged_removal_entry_is_reported_as_a_damaged_file(lib: Library, home: Path) -> None:
    ids = by_title(lib)
    lib.remove([ids["Zebra"]])
    lib.close()
    path = home / "userdata.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    top = max(data["undo"], key=int)
    data["undo"][top]["catalog"]["batch"] = 3
    path.write_text(json.dumps(data), encoding="utf-8")
    again = Library(home)
    try:
        with pytest.raises(PapertuiError, match="malformed list of removed or imported papers"):
            again.undo()
        assert any("malformed list of removed" in p for p in again.check_userdata())
    finally:
        again.close()
    with pytest.raises(PapertuiError, match="paper ids that are not a list of text"):
        removal.put(lib._catalog, {"kind": "remove", "batch": "b", "ids": [1]}, in_effect=True)


def test_a_removal_interrupted_after_it_was_logged_is_completed_on_next_open(
    lib: Library, home: Path, monkeypatch
) -> None:
    ids = by_title(lib)
    lib.tag([ids["Zebra"]], ["robots"])

    def crash(self, batch, pids):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(type(lib._catalog), "remove_batch", crash)
        with pytest.raises(KeyboardInterrupt):
            lib.remove([ids["Zebra"]])
    lib.close()
    again = Library(home)
    try:
        assert ids["Zebra"] not in again.browse()
        assert again.tag_counts() == []
        assert again.search("zebra").hits == ()
        again.undo()
        assert again.record(ids["Zebra"]).tags == ("robots",)
        assert ids["Zebra"] in again.browse()
    finally:
        again.close()


def test_another_process_undoes_a_removal_and_both_see_it(lib: Library, home: Path) -> None:
    ids = by_title(lib)
    lib.tag([ids["Zebra"]], ["robots"])
    other = Library(home)  # opened before the removal, as a second window is
    try:
        lib.remove([ids["Zebra"]])
        assert ids["Zebra"] not in other.browse()
        assert other.undo() is not None  # the undo log is library-wide
    finally:
        other.close()  # (its index update is done when it closes)
    assert ids["Zebra"] in lib.browse()
    assert [h.id for h in lib.search("tag:robots").hits] == [ids["Zebra"]]
    assert lib.check_userdata() == [] and lib.check_catalog() == []
