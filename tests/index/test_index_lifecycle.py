"""The index as a cache on disk: rebuild and swap, incremental updates, recorded revisions, health checks."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from papertui.errors import PapertuiError
from papertui.index.engine import IndexDoc, PaperIndex
from papertui.index.folder import META_NAME
from papertui.model import Paper, UserRecord


def doc(pid: str, title: str, tags: tuple[str, ...] = (), note: str = "", triage: str = "unseen") -> IndexDoc:
    day = sum(map(ord, pid)) % 28 + 1
    paper = Paper(
        id=pid,
        key=title.lower(),
        title=title,
        abstract=f"An abstract about {title.lower()}.",
        date=f"2024-02-{day:02d}",
        upvotes=day,
    )
    touched = tags or note or triage != "unseen"
    return IndexDoc(paper, UserRecord(pid, tags=tags, note=note, triage=triage) if touched else None)


CORPUS = [doc(f"p{i}", f"Paper {i} on {'graphs' if i % 2 else 'vision'}") for i in range(12)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "library" / "index"


@pytest.fixture
def built(folder: Path) -> Iterator[PaperIndex]:
    ix = PaperIndex(folder)
    ix.rebuild(CORPUS, catalog_rev=3, user_rev=4)
    yield ix
    ix.close()


def found(ix: PaperIndex, query: str) -> list[str]:
    return sorted(hit.id for hit in ix.search(query, limit=100).hits)


# -- rebuild -----------------------------------------------------------------------------------------------


def test_rebuild_creates_a_searchable_index_and_records_the_revisions(built: PaperIndex) -> None:
    assert built.state() == "ok"
    assert built.doc_count() == 12
    assert built.synced_revs() == (3, 4)
    assert found(built, "graphs") == sorted(f"p{i}" for i in range(1, 12, 2))


def test_rebuild_reports_progress_up_to_the_total(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papertui.index import build

    monkeypatch.setattr(build, "PROGRESS_EVERY", 5)
    calls: list[tuple[int, int]] = []
    PaperIndex(folder).rebuild(iter(CORPUS), total=12, progress=lambda *call: calls.append(call))
    assert calls == [(5, 12), (10, 12), (12, 12)]


def test_rebuild_replaces_the_old_index_and_leaves_nothing_beside_it(built: PaperIndex, folder: Path) -> None:
    built.rebuild([doc("new", "Completely new topic")], catalog_rev=9, user_rev=9)
    assert found(built, "graphs") == []
    assert found(built, "topic") == ["new"]
    assert sorted(p.name for p in folder.parent.iterdir()) == ["index"]


def test_a_rebuild_that_fails_midway_keeps_the_old_index(built: PaperIndex, folder: Path) -> None:
    def crashing() -> Iterator[IndexDoc]:
        yield doc("x", "Half built")
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        built.rebuild(crashing(), catalog_rev=99)
    assert built.state() == "ok"
    assert built.synced_revs() == (3, 4)
    assert found(built, "graphs") and not found(built, "half")
    assert sorted(p.name for p in folder.parent.iterdir()) == ["index"]


def test_another_instance_sees_a_rebuild_without_reopening(built: PaperIndex, folder: Path) -> None:
    reader = PaperIndex(folder)
    assert found(reader, "vision")
    built.rebuild([doc("v2", "Second edition vision")])
    assert found(reader, "vision") == ["v2"]
    reader.close()


def test_leftovers_of_a_crashed_rebuild_are_ignored_then_removed(built: PaperIndex, folder: Path) -> None:
    leftover = folder.parent / ".index.building-deadbeef0000"
    leftover.mkdir()
    (leftover / "MAIN_x.pst").write_bytes(b"half written")
    assert built.state() == "ok"
    built.rebuild(CORPUS)
    assert not leftover.exists()


# -- update ------------------------------------------------------------------------------------------------


def test_a_tag_added_by_update_is_searchable_right_away(built: PaperIndex) -> None:
    assert found(built, "tag:favourite") == []
    built.update([doc("p3", "Paper 3 on graphs", tags=("Favourite",))], user_rev=5)
    assert found(built, "tag:favourite") == ["p3"]
    assert built.synced_revs() == (3, 5)


def test_an_updated_paper_is_found_once_with_its_new_content(built: PaperIndex) -> None:
    built.update([doc("p4", "Paper 4 on vision", note="read the appendix", triage="kept")])
    hits = built.search("paper 4 vision").hits
    assert [h.id for h in hits] == ["p4"]
    assert hits[0].triage == "kept"
    assert found(built, "note:appendix") == ["p4"]
    assert built.doc_count() == 12


def test_many_updates_keep_one_version_of_each_paper(built: PaperIndex) -> None:
    # Enough commits for Whoosh to merge segments; neither merged-away nor replaced versions may reappear.
    for round_ in range(14):
        pid = f"p{round_ % 5}"
        built.update([doc(pid, f"Paper {pid} revised", tags=(f"round{round_}",))], user_rev=round_)
    assert built.doc_count() == 12
    assert found(built, "revised") == [f"p{i}" for i in range(5)]
    assert found(built, "tag:round13") == ["p3"] and found(built, "tag:round3") == []
    assert built.synced_revs() == (3, 13)
    assert built.state() == "ok"


def test_update_adds_papers_it_has_not_seen(built: PaperIndex) -> None:
    built.update([doc("fresh", "A fresh arrival")], catalog_rev=4)
    assert found(built, "arrival") == ["fresh"]
    assert built.doc_count() == 13
    assert built.synced_revs() == (4, 4)


def test_update_without_documents_still_records_revisions(built: PaperIndex) -> None:
    built.update([], catalog_rev=7, user_rev=8)
    assert built.synced_revs() == (7, 8)
    assert PaperIndex(built.folder).synced_revs() == (7, 8)


def test_update_of_a_missing_index_asks_for_a_rebuild(folder: Path) -> None:
    with pytest.raises(PapertuiError, match="rebuild"):
        PaperIndex(folder).update([doc("a", "A")])


def test_searches_and_updates_from_several_threads_do_not_collide(built: PaperIndex) -> None:
    errors: list[BaseException] = []

    def searcher() -> None:
        try:
            for _ in range(15):
                assert len(built.search("paper", limit=100).hits) == 12
        except BaseException as exc:
            errors.append(exc)

    def updater() -> None:
        try:
            for i in range(10):
                built.update([doc(f"p{i}", f"Paper {i} on threads", tags=("busy",))])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=updater)] + [threading.Thread(target=searcher) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert found(built, "tag:busy") == sorted(f"p{i}" for i in range(10))


# -- health --------------------------------------------------------------------------------------------------


def test_state_of_a_missing_or_empty_folder_is_missing(folder: Path) -> None:
    ix = PaperIndex(folder)
    assert ix.state() == "missing"
    folder.mkdir(parents=True)
    assert ix.state() == "missing"
    assert ix.doc_count() == 0
    assert ix.synced_revs() == (0, 0)


def test_an_index_of_an_older_schema_is_old_version(built: PaperIndex, folder: Path) -> None:
    meta = json.loads((folder / META_NAME).read_text())
    meta["schema_version"] = PaperIndex.SCHEMA_VERSION - 1
    (folder / META_NAME).write_text(json.dumps(meta))
    assert built.state() == "old-version"


def _largest(folder: Path, suffix: str) -> Path:
    return max(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_size)


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda f: _truncate(_largest(f, ".pst")), id="truncated postings"),
        pytest.param(lambda f: _truncate(_largest(f, ".trm")), id="truncated terms"),
        pytest.param(lambda f: _truncate(_largest(f, ".toc")), id="truncated TOC"),
        pytest.param(lambda f: _truncate(_largest(f, "sort_date.col")), id="truncated sort column"),
        pytest.param(lambda f: _largest(f, ".toc").write_bytes(b"\x00garbage" * 40), id="garbage TOC"),
        pytest.param(lambda f: _largest(f, ".pst").unlink(), id="deleted segment file"),
        pytest.param(lambda f: (f / META_NAME).write_text("{not json"), id="garbage meta"),
        pytest.param(lambda f: (f / META_NAME).unlink(), id="deleted meta"),
    ],
)
def test_damaged_files_are_reported_as_corrupt(built: PaperIndex, folder: Path, damage: object) -> None:
    built.close()
    damage(folder)  # type: ignore[operator]
    assert built.state() == "corrupt"


@pytest.mark.parametrize("suffix", [".pst", ".toc"])
def test_searching_a_corrupt_index_raises_a_papertui_error(built: PaperIndex, folder: Path, suffix: str) -> None:
    built.close()
    _truncate(_largest(folder, suffix))
    with pytest.raises(PapertuiError, match="reindex"):
        PaperIndex(folder).search("graphs")


def test_a_rebuild_repairs_a_corrupt_index(built: PaperIndex, folder: Path) -> None:
    built.close()
    _truncate(_largest(folder, ".pst"))
    built.rebuild(CORPUS)
    assert built.state() == "ok"
    assert len(found(built, "graphs")) == 6
