"""UserStore operations: tagging, renaming, notes, triage, and the rules they promise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papertui.errors import UsageError
from papertui.model import UserRecord
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore
from papertui.store.userdata_db import record_items


def open_store(home: Path, **kw: int) -> UserStore:
    return UserStore(home / "userdata.json", LibraryLock(home / ".lock"), backups_dir=home / "backups", **kw)


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    return open_store(tmp_path)


def stored(store: UserStore) -> dict:
    return json.loads(store.path.read_text(encoding="utf-8"))


def test_missing_file_is_an_empty_store_and_reading_creates_nothing(store: UserStore) -> None:
    assert store.get("p1") == UserRecord(paper_id="p1")
    assert store.records() == {}
    assert store.rev() == 0
    assert store.tag_counts() == []
    assert not store.can_undo() and not store.can_redo()
    assert not store.path.exists()


def test_tag_adds_tags_to_every_paper_and_reports_the_change(store: UserStore) -> None:
    change = store.tag(["p1", "p2"], ["reading", "LLM"])
    assert change.action == "tag"
    assert change.paper_ids == ("p1", "p2")
    assert change.rev == 1 == store.rev()
    assert change.description == 'tagged 2 papers "reading", "LLM"'
    assert store.get("p1").tags == ("reading", "LLM")
    assert store.get("p2").tags == ("reading", "LLM")


def test_tags_are_case_insensitive_and_the_first_spelling_wins_across_papers(store: UserStore) -> None:
    store.tag(["p1"], ["Deep Learning"])
    store.tag(["p2", "p1"], ["deep LEARNING", "  vision "])
    assert store.get("p1").tags == ("Deep Learning", "vision")
    assert store.get("p2").tags == ("Deep Learning", "vision")
    assert store.tag_counts() == [("Deep Learning", 2), ("vision", 2)]


def test_tagging_with_a_tag_already_there_writes_nothing(store: UserStore) -> None:
    store.tag(["p1"], ["x"])
    before = store.path.read_bytes()
    change = store.tag(["p1"], ["X"])
    assert change.paper_ids == ()
    assert change.rev == 1
    assert store.path.read_bytes() == before
    assert len(stored(store)["undo"]) == 1


def test_only_papers_that_change_are_reported(store: UserStore) -> None:
    store.tag(["p1"], ["x"])
    change = store.tag(["p1", "p2"], ["x"])
    assert change.paper_ids == ("p2",)
    assert change.description == 'tagged 1 paper "x"'


@pytest.mark.parametrize(
    ("tags", "fragment"),
    [
        ([""], "empty"),
        (["   "], "empty"),
        (["a\tb"], "control character"),
        (["line\nbreak"], "control character"),
        (["a,b"], "comma"),
        (["x" * 65], "limit is 64"),
        ([], "no tag"),
    ],
)
def test_invalid_tags_are_refused_and_nothing_is_written(store: UserStore, tags: list[str], fragment: str) -> None:
    store.tag(["p1"], ["keep"])
    before = store.path.read_bytes()
    with pytest.raises(UsageError, match=fragment):
        store.tag(["p1", "p2"], ["fine", *tags] if tags else [])
    with pytest.raises(UsageError):
        store.rename_tag("keep", tags[0] if tags else "")
    assert store.path.read_bytes() == before


def test_a_tag_of_64_characters_with_spaces_is_fine(store: UserStore) -> None:
    tag = "a b" + "c" * 61
    store.tag(["p1"], [f"  {tag}  "])
    assert store.get("p1").tags == (tag,)


def test_no_papers_is_a_usage_error(store: UserStore) -> None:
    with pytest.raises(UsageError, match="no paper"):
        store.tag([], ["x"])
    assert not store.path.exists()


def test_untag_removes_tags_case_insensitively(store: UserStore) -> None:
    store.tag(["p1", "p2"], ["a", "b"])
    change = store.untag(["p1", "p2", "p3"], ["A"])
    assert change.paper_ids == ("p1", "p2")
    assert change.description == 'untagged 2 papers "a"'
    assert store.get("p1").tags == ("b",)
    assert store.untag(["p1"], ["a"]).paper_ids == ()


def test_untagging_the_last_tag_leaves_no_data_but_reports_the_paper_as_changed(store: UserStore) -> None:
    store.tag(["p1"], ["a"])
    rev = store.rev()
    store.untag(["p1"], ["a"])
    assert store.records() == {}
    assert store.ids_with_tag("a") == set()
    assert [(r.paper_id, r.tags) for r in store.changed_since(rev)] == [("p1", ())]


def test_rename_tag_renames_on_every_paper(store: UserStore) -> None:
    store.tag(["p1", "p2"], ["nlp", "other"])
    change = store.rename_tag("NLP", "language")
    assert change.action == "rename"
    assert set(change.paper_ids) == {"p1", "p2"}
    assert change.description.startswith('renamed tag "nlp" to "language"')
    assert store.get("p1").tags == ("language", "other")
    assert store.ids_with_tag("nlp") == set()


def test_rename_into_an_existing_tag_merges_and_keeps_its_spelling(store: UserStore) -> None:
    store.tag(["p1"], ["ML"])
    store.tag(["p1", "p2"], ["Machine Learning"])
    change = store.rename_tag("ml", "machine learning")
    assert "merged" in change.description
    assert store.get("p1").tags == ("Machine Learning",)
    assert store.get("p2").tags == ("Machine Learning",)
    assert store.tag_counts() == [("Machine Learning", 2)]


def test_rename_that_only_changes_case_respells_the_tag_everywhere(store: UserStore) -> None:
    store.tag(["p1", "p2"], ["llm"])
    store.rename_tag("llm", "LLM")
    assert store.get("p1").tags == ("LLM",) and store.get("p2").tags == ("LLM",)
    assert store.rename_tag("LLM", "LLM").paper_ids == ()


def test_renaming_or_deleting_an_unknown_tag_is_a_usage_error(store: UserStore) -> None:
    store.tag(["p1"], ["a"])
    before = store.path.read_bytes()
    with pytest.raises(UsageError, match="no paper is tagged"):
        store.rename_tag("zzz", "a")
    with pytest.raises(UsageError, match="no paper is tagged"):
        store.delete_tag("zzz")
    assert store.path.read_bytes() == before


def test_delete_tag_removes_it_from_every_paper(store: UserStore) -> None:
    store.tag(["p1", "p2"], ["a", "b"])
    store.tag(["p3"], ["a"])
    change = store.delete_tag("A")
    assert change.description == 'deleted tag "a" from 3 papers'
    assert set(change.paper_ids) == {"p1", "p2", "p3"}
    assert store.tag_counts() == [("b", 2)]
    assert "p3" not in store.records()


def test_set_note_creates_updates_and_deletes_with_times(store: UserStore, monkeypatch: pytest.MonkeyPatch) -> None:
    times = iter(["2024-01-01T00:00:00Z", "2024-02-02T00:00:00Z"])
    monkeypatch.setattr("papertui.store.userdata_actions.utc_now", lambda: next(times))
    assert store.set_note("p1", "# Idea\n\nuse *this*\r\n\n").description == "added a note to p1"
    rec = store.get("p1")
    assert rec.note == "# Idea\n\nuse *this*"
    assert rec.note_created == rec.note_updated == "2024-01-01T00:00:00Z"
    assert store.set_note("p1", "# Idea\n\nuse *this*\n").paper_ids == ()
    assert store.set_note("p1", "changed", base="# Idea\n\nuse *this*").description == "edited the note of p1"
    rec = store.get("p1")
    assert (rec.note_created, rec.note_updated) == ("2024-01-01T00:00:00Z", "2024-02-02T00:00:00Z")
    assert store.set_note("p1", "  \n ").description == "deleted the note of p1"
    assert store.get("p1") == UserRecord(paper_id="p1", rev=store.rev())


def test_set_triage_stamps_seen_only_the_first_time(store: UserStore, monkeypatch: pytest.MonkeyPatch) -> None:
    times = iter(["2024-01-01T00:00:00Z", "2024-05-05T00:00:00Z", "2024-06-06T00:00:00Z", "2024-07-07"])
    monkeypatch.setattr("papertui.store.userdata_actions.utc_now", lambda: next(times))
    change = store.set_triage(["p1", "p2"], "kept")
    assert change.description == "marked 2 papers kept"
    assert store.get("p1").triage == "kept" and store.get("p1").seen == "2024-01-01T00:00:00Z"
    store.set_triage(["p1"], "skipped")
    assert store.get("p1").seen == "2024-01-01T00:00:00Z"
    store.set_triage(["p2"], "unseen")
    assert store.get("p2").triage == "unseen" and store.get("p2").seen == "2024-01-01T00:00:00Z"
    assert store.set_triage(["p1"], "skipped").paper_ids == ()


def test_unknown_triage_state_is_a_usage_error(store: UserStore) -> None:
    with pytest.raises(UsageError, match="kept, skipped"):
        store.set_triage(["p1"], "maybe")
    assert not store.path.exists()


def test_file_stores_only_non_default_fields_compactly(store: UserStore) -> None:
    store.tag(["p1"], ["a"])
    store.set_triage(["p2"], "skipped")
    text = store.path.read_text(encoding="utf-8")
    assert "\n" not in text and ": " not in text
    records = dict(record_items(stored(store)))
    assert records["p1"] == {"tags": ["a"], "rev": 1}
    assert set(records["p2"]) == {"triage", "seen", "rev"}


def test_records_carry_the_revision_of_their_last_change(store: UserStore) -> None:
    store.tag(["p1", "p2"], ["a"])
    store.tag(["p2"], ["b"])
    store.set_note("p3", "n")
    assert {pid: r.rev for pid, r in store.records().items()} == {"p1": 1, "p2": 2, "p3": 3}
    assert [r.paper_id for r in store.changed_since(1)] == ["p2", "p3"]
    assert store.changed_since(3) == []


def test_get_many_returns_defaults_for_unknown_papers(store: UserStore) -> None:
    store.tag(["p1"], ["a"])
    got = store.get_many(["p1", "nope"])
    assert got["p1"].tags == ("a",)
    assert got["nope"] == UserRecord(paper_id="nope")


def test_tag_counts_sort_by_count_then_name(store: UserStore) -> None:
    store.tag(["p1", "p2"], ["zeta"])
    store.tag(["p1"], ["beta", "Alpha"])
    assert store.tag_counts() == [("zeta", 2), ("Alpha", 1), ("beta", 1)]
    assert store.ids_with_tag("ZETA") == {"p1", "p2"}


def test_non_ascii_tags_and_notes_survive(store: UserStore) -> None:
    store.tag(["p1"], ["Σ-models", "Über"])
    store.set_note("p1", "PanGu-Σ and TÜLU 3 — compare")
    reopened = open_store(store.path.parent)
    assert reopened.get("p1").tags == ("Σ-models", "Über")
    assert reopened.get("p1").note == "PanGu-Σ and TÜLU 3 — compare"
    assert reopened.ids_with_tag("über") == {"p1"}
    assert "Σ" in store.path.read_text(encoding="utf-8")


def test_a_second_store_on_the_same_file_sees_changes(tmp_path: Path) -> None:
    a, b = open_store(tmp_path), open_store(tmp_path)
    a.tag(["p1"], ["x"])
    assert b.get("p1").tags == ("x",)
    b.tag(["p1"], ["y"])
    assert a.get("p1").tags == ("x", "y")
    a.tag(["p1"], ["z"])  # a's cached copy is stale: the transaction must re-read b's change
    assert b.get("p1").tags == ("x", "y", "z")
