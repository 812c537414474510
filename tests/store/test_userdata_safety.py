"""The user's data is never lost or overwritten: damaged files, full disks, migrations, backups, doctor."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

import papertui.store.tinydb_storage as storage_mod
from papertui.errors import PapertuiError
from papertui.store import userdata_db
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore
from papertui.store.userdata_db import record_items, shard_of


def open_store(home: Path) -> UserStore:
    return UserStore(home / "userdata.json", LibraryLock(home / ".lock"), backups_dir=home / "backups")


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    return open_store(tmp_path)


def every_operation(store: UserStore) -> list:
    return [
        lambda: store.get("p1"),
        lambda: store.records(),
        lambda: store.rev(),
        lambda: store.tag_counts(),
        lambda: store.tag(["p1"], ["x"]),
        lambda: store.untag(["p1"], ["a"]),
        lambda: store.rename_tag("a", "b"),
        lambda: store.delete_tag("a"),
        lambda: store.set_note("p1", "n"),
        lambda: store.set_triage(["p1"], "kept"),
        lambda: store.undo(),
        lambda: store.redo(),
    ]


DAMAGED = {
    "empty": b"",
    "whitespace": b"  \n",
    "garbage": b"\x00\xff\xfe garbage \x13",
    "truncated": b'{"meta":{"1":{"schema":1,"rev":3}},"records.1":{"p1":{"tags":["a"',
    "not a table map": b"[1, 2, 3]",
    "foreign TinyDB": b'{"_default": {"1": {"name": "x"}}}',
    "bad record": b'{"meta":{"1":{"schema":1,"rev":1}},"%s":{"p1":{"tags":"a"}}}' % shard_of("p1").encode(),
    "bad undo entry": b'{"meta":{"1":{"schema":1,"rev":1}},"undo":{"1":[]}}',
    "newer schema": b'{"meta":{"1":{"schema":99,"rev":1}}}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_file_raises_a_clear_error_and_is_never_overwritten(store: UserStore, content: bytes) -> None:
    store.path.write_bytes(content)
    for operation in every_operation(store):
        with pytest.raises(PapertuiError) as err:
            operation()
        message = str(err.value)
        assert str(store.path) in message and "papertui doctor" in message and "\n" not in message
    assert store.path.read_bytes() == content
    assert store.check() and str(store.path) in store.check()[0]


def test_an_unreadable_file_raises_permission_denied_and_is_untouched(
    store: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.tag(["p1"], ["a"])
    before = store.path.read_bytes()

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(storage_mod, "open", denied, raising=False)
    fresh = open_store(store.path.parent)
    for operation in every_operation(fresh):
        with pytest.raises(PapertuiError, match="permission denied"):
            operation()
    monkeypatch.undo()
    assert store.path.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_reported(store: UserStore) -> None:
    store.tag(["p1"], ["a"])
    store.path.chmod(0)
    try:
        with pytest.raises(PapertuiError, match="permission denied"):
            open_store(store.path.parent).get("p1")
    finally:
        store.path.chmod(0o600)


def test_a_read_only_file_is_not_replaced(store: UserStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.tag(["p1"], ["a"])
    before = store.path.read_bytes()
    monkeypatch.setattr(storage_mod.os, "access", lambda path, mode: False)
    with pytest.raises(PapertuiError, match="read-only"):
        store.tag(["p1"], ["b"])
    assert store.path.read_bytes() == before


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_full_disk_leaves_the_previous_state_intact(
    store: UserStore, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    store.tag(["p1"], ["a"])
    store.set_note("p1", "keep me")
    before = store.path.read_bytes()

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, no_space)
    with pytest.raises(PapertuiError, match="disk is full"):
        store.tag(["p1"], ["b"])
    with pytest.raises(PapertuiError, match="disk is full"):
        store.undo()
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert store.get("p1").tags == ("a",) and store.get("p1").note == "keep me"
    assert [p.name for p in store.path.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert store.tag(["p1"], ["b"]).rev == 3  # the next write works and sees the old state


def test_an_exception_inside_a_change_writes_nothing(store: UserStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.tag(["p1"], ["a"])
    before = store.path.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("papertui.store.undo.trim", broken)
    with pytest.raises(RuntimeError):
        store.tag(["p2"], ["b"])
    assert store.path.read_bytes() == before
    assert store.get("p2").tags == ()


def test_stray_temp_files_from_a_killed_writer_are_reported_then_cleaned(store: UserStore) -> None:
    store.tag(["p1"], ["a"])
    stray = store.path.parent / f".{store.path.name}.abc123.tmp"
    stray.write_bytes(b'{"half')
    assert any("interrupted write" in p for p in store.check())
    store.tag(["p1"], ["b"])
    assert not stray.exists()
    assert store.check() == []


def test_check_finds_hand_edits_the_app_cannot_trust(store: UserStore) -> None:
    store.tag(["p1", "p2"], ["ml"])
    assert store.check() == []
    data = json.loads(store.path.read_text(encoding="utf-8"))
    data[shard_of("p2")]["p2"]["tags"] = ["ML", "x,y"]
    data.setdefault(shard_of("p3"), {})["p3"] = {"triage": "maybe", "rev": 99}
    wrong_table = next(f"records.{i:x}" for i in range(16) if f"records.{i:x}" != shard_of("p4"))
    data.setdefault(wrong_table, {})["p4"] = {"tags": ["ml"], "rev": 1}
    store.path.write_text(json.dumps(data), encoding="utf-8")
    problems = "\n".join(store.check())
    assert "spelled differently" in problems
    assert "comma" in problems
    assert "unknown triage state" in problems
    assert "after the file's revision" in problems
    assert "p4: stored in table" in problems
    assert "differ from the last undo step" in problems


def test_a_migration_is_applied_in_memory_and_backed_up_before_it_is_written(
    store: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.tag(["p1"], ["a"])
    store.set_note("p1", "old note")
    old_bytes = store.path.read_bytes()

    def to_v2(tables: dict) -> dict:
        for _, raw in record_items(tables):
            if "note" in raw:
                raw["note"] = raw["note"].upper()
        return tables

    monkeypatch.setattr(userdata_db, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(userdata_db, "MIGRATIONS", {1: to_v2})
    fresh = open_store(store.path.parent)
    assert fresh.get("p1").note == "OLD NOTE"  # reads migrate in memory...
    assert store.path.read_bytes() == old_bytes  # ...and write nothing
    assert [p for p in fresh.backups() if "before-schema" in p.name] == []
    fresh.tag(["p1"], ["b"])
    backups = [p for p in fresh.backups() if "before-schema" in p.name]
    assert len(backups) == 1 and backups[0].read_bytes() == old_bytes
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["meta"]["1"]["schema"] == 2
    record = data[shard_of("p1")]["p1"]
    assert record["note"] == "OLD NOTE" and record["tags"] == ["a", "b"]


def test_restore_backup_recovers_a_damaged_file_and_keeps_the_damaged_copy(store: UserStore) -> None:
    store.tag(["p1", "p2"], ["a"])
    store.set_note("p1", "important")
    saved = store.backup("manual")
    store.tag(["p3"], ["later"])
    rev = store.rev()
    store.path.write_bytes(b"\x00garbage")
    with pytest.raises(PapertuiError):
        store.get("p1")
    change = store.restore_backup(saved)
    assert change.action == "restore"
    assert store.get("p1").note == "important" and store.get("p2").tags == ("a",)
    assert store.check() == []
    assert any(p.read_bytes() == b"\x00garbage" for p in store.backups() if "before-restore" in p.name)
    assert change.rev > rev and {"p1", "p2"} <= {r.paper_id for r in store.changed_since(rev)}
    assert store.undo() is not None  # the backup's own history still works


def test_restore_reports_papers_missing_from_the_backup_as_changed(store: UserStore) -> None:
    store.tag(["p1"], ["a"])
    saved = store.backup()
    store.tag(["p2"], ["b"])
    rev = store.rev()
    store.restore_backup(saved)
    assert store.get("p2").tags == ()
    assert "p2" in {r.paper_id for r in store.changed_since(rev)}


def test_restoring_a_damaged_backup_is_refused_and_changes_nothing(store: UserStore, tmp_path: Path) -> None:
    store.tag(["p1"], ["a"])
    before = store.path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(PapertuiError, match=r"bad\.json"):
        store.restore_backup(bad)
    assert store.path.read_bytes() == before


def test_a_daily_backup_is_taken_before_the_first_change_of_a_session(tmp_path: Path) -> None:
    first = open_store(tmp_path)
    first.tag(["p1"], ["a"])
    assert first.backups() == []  # nothing existed to back up
    second = open_store(tmp_path)
    before = second.path.read_bytes()
    second.tag(["p1"], ["b"])
    daily = [p for p in second.backups() if p.stem.endswith("-daily")]
    assert len(daily) == 1 and daily[0].read_bytes() == before
    open_store(tmp_path).tag(["p1"], ["c"])  # a later session the same day takes no second copy
    assert len([p for p in second.backups() if p.stem.endswith("-daily")]) == 1
