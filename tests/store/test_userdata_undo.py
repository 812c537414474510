"""Undo and redo: chains, across restarts, bounded history, one atomic write with the change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papertui.model import UserRecord
from papertui.store import undo as undolog
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore
from papertui.store.userdata_db import shard_of


def open_store(home: Path, undo_limit: int = 500) -> UserStore:
    return UserStore(
        home / "userdata.json",
        LibraryLock(home / ".lock"),
        backups_dir=home / "backups",
        undo_limit=undo_limit,
    )


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    return open_store(tmp_path)


def state(store: UserStore) -> dict[str, tuple]:
    """What the user made, without revisions (undo restores content, revisions keep growing)."""
    return {
        pid: (r.tags, r.note, r.note_created, r.note_updated, r.triage, r.seen) for pid, r in store.records().items()
    }


def test_nothing_to_undo_or_redo_returns_none(store: UserStore) -> None:
    assert store.undo() is None
    assert store.redo() is None
    assert not store.path.exists()


def test_every_action_can_be_undone_and_redone_in_a_chain(store: UserStore) -> None:
    steps = [
        lambda: store.tag(["p1", "p2"], ["a", "b"]),
        lambda: store.untag(["p2"], ["a"]),
        lambda: store.rename_tag("b", "B2"),
        lambda: store.tag(["p3"], ["c"]),
        lambda: store.rename_tag("c", "b2"),  # merge
        lambda: store.delete_tag("a"),
        lambda: store.set_note("p1", "first"),
        lambda: store.set_note("p1", "second"),
        lambda: store.set_triage(["p1", "p4"], "kept"),
        lambda: store.set_note("p1", ""),
    ]
    states = [state(store)]
    for do in steps:
        do()
        states.append(state(store))
    assert len({json.dumps(s, sort_keys=True) for s in states}) == len(states)  # every step changed something
    for expected in reversed(states[:-1]):
        change = store.undo()
        assert change is not None and change.action == "undo"
        assert state(store) == expected
    assert store.undo() is None and not store.can_undo()
    for expected in states[1:]:
        change = store.redo()
        assert change is not None and change.action == "redo"
        assert state(store) == expected
    assert store.redo() is None


def test_undo_describes_what_it_undid_and_reports_the_papers(store: UserStore) -> None:
    store.tag(["p1"], ["a"])
    store.rename_tag("a", "b")
    assert store.undo_label() == 'renamed tag "a" to "b" (1 paper)'
    change = store.undo()
    assert change is not None
    assert change.description == 'undid: renamed tag "a" to "b" (1 paper)'
    assert change.paper_ids == ("p1",)
    assert change.rev == store.rev() == 3
    assert store.redo_label() == 'renamed tag "a" to "b" (1 paper)'
    redo = store.redo()
    assert redo is not None and redo.description.startswith("redid: renamed")


def test_undo_and_redo_survive_reopening_the_store(tmp_path: Path) -> None:
    first = open_store(tmp_path)
    first.tag(["p1"], ["a"])
    first.set_note("p1", "note")
    first.set_triage(["p1"], "kept")
    second = open_store(tmp_path)
    assert second.undo() is not None
    third = open_store(tmp_path)
    assert third.get("p1").triage == "unseen" and third.get("p1").note == "note"
    assert third.undo() is not None
    fourth = open_store(tmp_path)
    assert fourth.get("p1").note == "" and fourth.get("p1").tags == ("a",)
    assert fourth.redo() is not None and fourth.redo() is not None
    assert open_store(tmp_path).get("p1").triage == "kept"


def test_a_new_action_clears_the_redo_stack(store: UserStore) -> None:
    store.tag(["p1"], ["a"])
    store.tag(["p1"], ["b"])
    store.undo()
    assert store.can_redo()
    store.tag(["p2"], ["c"])
    assert not store.can_redo()
    assert store.redo() is None


def test_a_no_op_action_keeps_the_redo_stack_and_adds_no_undo_step(store: UserStore) -> None:
    store.tag(["p1"], ["a"])
    store.tag(["p1"], ["b"])
    store.undo()
    store.tag(["p1"], ["a"])  # already there
    assert store.can_redo()
    store.undo()
    assert store.get("p1") == UserRecord(paper_id="p1", rev=store.rev())
    assert not store.can_undo()


def test_undo_of_a_note_deletion_brings_back_its_text_and_times(store: UserStore) -> None:
    store.set_note("p1", "precious thoughts")
    original = store.get("p1")
    store.set_note("p1", "")
    store.undo()
    restored = store.get("p1")
    assert (restored.note, restored.note_created, restored.note_updated) == (
        original.note,
        original.note_created,
        original.note_updated,
    )


def test_undo_reports_papers_as_changed_for_the_index(store: UserStore) -> None:
    store.tag(["p1", "p2"], ["a"])
    rev = store.rev()
    store.undo()
    assert {r.paper_id for r in store.changed_since(rev)} == {"p1", "p2"}


def test_only_the_last_undo_limit_steps_are_kept(tmp_path: Path) -> None:
    store = open_store(tmp_path, undo_limit=3)
    for i in range(6):
        store.tag(["p1"], [f"t{i}"])
    undone = 0
    while store.undo() is not None:
        undone += 1
    assert undone == 3
    assert store.get("p1").tags == ("t0", "t1", "t2")


def test_an_undo_limit_of_zero_records_no_history(tmp_path: Path) -> None:
    store = open_store(tmp_path, undo_limit=0)
    store.tag(["p1"], ["a"])
    assert store.get("p1").tags == ("a",)
    assert not store.can_undo()


def test_the_log_is_bounded_by_snapshots_but_keeps_the_newest_step(
    store: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(undolog, "MAX_LOGGED_RECORDS", 5)
    store.tag(["p1", "p2"], ["a"])
    store.tag(["p1", "p2", "p3"], ["b"])
    store.tag([f"q{i}" for i in range(8)], ["big"])  # alone over the bound: kept, the older steps dropped
    assert store.undo() is not None
    assert store.undo() is None
    assert store.get("p1").tags == ("a", "b")


def test_the_change_and_its_undo_entry_land_in_one_write(store: UserStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.tag(["p1"], ["a"])
    writes: list[bytes] = []
    import papertui.store.tinydb_storage as storage_mod

    real = storage_mod.atomic_write_bytes

    def spy(path: Path, data: bytes) -> None:
        if path.name == "userdata.json":
            writes.append(data)
        real(path, data)

    monkeypatch.setattr(storage_mod, "atomic_write_bytes", spy)
    store.tag(["p1", "p2"], ["b"])
    assert len(writes) == 1
    data = json.loads(writes[0])
    assert data[shard_of("p2")]["p2"]["tags"] == ["b"]
    assert len(data["undo"]) == 2 and data["meta"]["1"]["rev"] == 2


def test_the_undo_log_is_bounded_by_note_text_and_keeps_the_newest_whole(
    store: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papertui.store import undo

    monkeypatch.setattr(undo, "MAX_LOGGED_TEXT", 50_000)
    big = "lorem ipsum " * 2_000  # 24,000 characters: each save logs before + after, ~48,000
    for i in range(20):
        store.set_note("p1", f"{big}{i}", base=None)
    assert store.path.stat().st_size < 4 * 50_000  # without the bound: twenty entries, ~1 MB
    assert store.undo().description == "undid: replaced the note of p1"
    assert store.get("p1").note == f"{big}18"
    store.tag(["p2"], ["fresh"])  # later, small entries still log and undo
    assert store.undo().paper_ids == ("p2",)
