"""The reads the CLI and the app get through the Library facade (tests/test_facade_only.py keeps them from
reaching past it): each answers what the stores behind it hold."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from papertui.library import Library
from papertui.model import UserRecord

PAGE = Path(__file__).parent / "fixtures" / "page_a.txt"


@pytest.fixture
def lib(home: Path) -> Iterator[Library]:
    library = Library(home)
    library.import_file(PAGE)
    yield library
    library.close()


def test_counts_match_the_catalog(lib):
    assert lib.count() == len(lib.browse()) > 2
    assert lib.count_with_code() == sum(1 for p in lib.papers(lib.browse()).values() if p.has_code)


def test_items_keep_the_order_asked_and_skip_unknown_ids(lib):
    ids = lib.browse("title")[:3]
    lib.tag(ids[1:2], ["reading"])
    items = lib.items([ids[2], "no-such-paper", ids[0], ids[1]])
    assert [p.id for p, _ in items] == [ids[2], ids[0], ids[1]]
    assert items[1][1] == UserRecord(ids[0])  # untouched: an empty record, not None
    assert items[2][1].tags == ("reading",)


def test_records_and_tags_are_what_was_written(lib):
    ids = lib.browse("date")
    lib.tag(ids[:2], ["Reading"])
    lib.tag(ids[2:3], ["later"])
    lib.set_triage(ids[:1], "kept")
    assert set(lib.records()) == set(ids[:3])
    assert lib.records_of([ids[0], ids[3]]) == {ids[0]: lib.record(ids[0]), ids[3]: UserRecord(ids[3])}
    assert lib.tag_counts() == [("Reading", 2), ("later", 1)]
    assert lib.ids_with_tags(["reading"]) == ids[:2]  # any case, newest first
    assert lib.ids_with_tags(["later", "Reading"]) == ids[:3]
    assert lib.triage_states(ids[:2]) == {ids[0]: "kept", ids[1]: "unseen"}
    assert lib.unseen_inbox() == [i for i in lib.browse("relevance") if i != ids[0]]


def test_revisions_move_with_every_write(lib):
    before = lib.revisions()
    lib.tag(lib.browse()[:1], ["x"])
    after = lib.revisions()
    assert after != before and after[0] == before[0]  # a tag changes user data, not the catalog


def test_health_checks_find_nothing_wrong_in_a_new_library(lib):
    assert lib.check_catalog() == [] and lib.check_userdata() == []


def test_held_keeps_other_writers_waiting(lib, home):
    other = Library(home)
    try:
        with lib.held():
            done = threading.Event()
            worker = threading.Thread(target=lambda: (other.tag(other.browse()[:1], ["y"]), done.set()))
            worker.start()
            assert not done.wait(0.3)
        worker.join(30)
        assert done.is_set()
    finally:
        other.close()
