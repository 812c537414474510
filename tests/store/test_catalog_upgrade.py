"""A catalog written by the previous papertui (schema 1) is upgraded when opened: backed up first, upgraded whole
or not at all (a crash half-way leaves it usable), and still read when it cannot be upgraded."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from papertui.errors import PapertuiError
from papertui.model import ParsedPaper
from papertui.store import catalog_schema
from papertui.store.catalog import Catalog

RELIABILITY = Path(__file__).resolve().parents[1] / "reliability"

# The tables papertui 0.1 (schema 1) wrote, as it wrote them.
V1 = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE papers (
    id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, title TEXT NOT NULL, abstract TEXT NOT NULL DEFAULT '',
    github TEXT NOT NULL DEFAULT '[]', links TEXT NOT NULL DEFAULT '[]', has_code INTEGER NOT NULL DEFAULT 0,
    authors_count INTEGER, date TEXT, date_text TEXT, page_date TEXT, upvotes INTEGER, added TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '', rev INTEGER NOT NULL
);
CREATE INDEX papers_rev ON papers(rev);
CREATE TABLE removed (
    batch TEXT NOT NULL, row INTEGER NOT NULL, id TEXT NOT NULL, key TEXT NOT NULL, title TEXT NOT NULL,
    abstract TEXT NOT NULL DEFAULT '', github TEXT NOT NULL DEFAULT '[]', links TEXT NOT NULL DEFAULT '[]',
    has_code INTEGER NOT NULL DEFAULT 0, authors_count INTEGER, date TEXT, date_text TEXT, page_date TEXT,
    upvotes INTEGER, added TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', rev INTEGER NOT NULL,
    PRIMARY KEY (batch, id)
);
CREATE TABLE gone (id TEXT PRIMARY KEY, rev INTEGER NOT NULL);
CREATE INDEX gone_rev ON gone(rev);
INSERT INTO meta VALUES ('schema', '1'), ('rev', '2');
INSERT INTO papers VALUES ('aaaaaaa', 'attention is all you need', 'Attention Is All You Need', 'Transformers.',
    '["https://github.com/t/t"]', '[]', 1, 8, '2017-06-12', NULL, NULL, 90, '2024-01-01T00:00:00+00:00', 'a.txt', 1);
INSERT INTO papers VALUES ('bbbbbbb', 'bert', 'BERT', 'Bidirectional.', '[]', '[]', 0, NULL, NULL, 'Oct 11', NULL,
    NULL, '2024-01-01T00:00:00+00:00', 'a.txt', 1);
INSERT INTO removed VALUES ('batch1', 3, 'ccccccc', 'gpt', 'GPT', 'Generative.', '[]', '[]', 0, NULL, NULL, NULL,
    NULL, NULL, '2024-01-01T00:00:00+00:00', 'a.txt', 2);
"""


def old_catalog(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "catalog.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(V1)
    db.close()
    return path


def raw(path: Path, sql: str) -> list:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def schema_of(path: Path) -> tuple[str, set[str]]:
    version = raw(path, "SELECT v FROM meta WHERE k='schema'")[0][0]
    return version, {r[1] for r in raw(path, "PRAGMA table_info(papers)")}


def test_an_old_catalog_is_backed_up_then_upgraded_and_keeps_every_paper(tmp_path) -> None:
    path = old_catalog(tmp_path)
    cat = Catalog(path)
    paper = cat.get("aaaaaaa")
    assert paper is not None
    assert (paper.title, paper.github, paper.upvotes, paper.authors_count) == (
        "Attention Is All You Need",
        ("https://github.com/t/t",),
        90,
        8,
    )
    assert (paper.authors, paper.arxiv_id, paper.categories, paper.doi) == ((), None, (), None)
    assert paper.sources == ("hf-page",)  # the only reader there was
    assert cat.count() == 2 and cat.rev() == 2
    cat.close()
    version, columns = schema_of(path)
    assert version == "2" and {"authors", "arxiv_id", "categories", "sources"} <= columns
    assert raw(path, "SELECT name FROM sqlite_master WHERE name='papers_arxiv'")
    (backup,) = (tmp_path / "backups").iterdir()
    assert backup.name.startswith("catalog-") and backup.name.endswith("-before-schema-2.sqlite3")
    assert schema_of(backup) == ("1", schema_of(backup)[1]) and "arxiv_id" not in schema_of(backup)[1]
    assert raw(backup, "SELECT id FROM papers ORDER BY id") == [("aaaaaaa",), ("bbbbbbb",)]
    # Opening it again neither upgrades nor backs up twice.
    Catalog(path).count()
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_a_paper_removed_before_the_upgrade_comes_back_with_its_fields(tmp_path) -> None:
    cat = Catalog(old_catalog(tmp_path))
    assert cat.restore_batch("batch1") == ["ccccccc"]
    gpt = cat.get("ccccccc")
    assert gpt is not None and gpt.title == "GPT" and gpt.sources == ("hf-page",)
    # And a removal after the upgrade keeps the new fields too.
    cat.merge([ParsedPaper("GPT", "Generative.", arxiv_id="1801.00001", authors=("A. Radford",), reader="bibtex")], "x")
    assert cat.remove_batch("b2", ["ccccccc"]) == ["ccccccc"]
    assert cat.restore_batch("b2") == ["ccccccc"]
    gpt = cat.get("ccccccc")
    assert gpt is not None and (gpt.arxiv_id, gpt.authors, gpt.sources) == (
        "1801.00001",
        ("A. Radford",),
        ("hf-page", "bibtex"),
    )


def test_an_upgraded_catalog_attaches_an_arxiv_id_to_the_old_record(tmp_path) -> None:
    cat = Catalog(old_catalog(tmp_path))
    report = cat.merge(
        [ParsedPaper("Attention is all you need", "Transformers.", arxiv_id="1706.03762", reader="arxiv-atom")], "f"
    )
    assert (report.new, report.updated) == (0, 1)
    paper = cat.get("aaaaaaa")
    assert paper is not None and paper.arxiv_id == "1706.03762" and paper.sources == ("hf-page", "arxiv-atom")


_CRASH = """
import os, sys
from pathlib import Path
from papertui.store import catalog_schema
from papertui.store.catalog import Catalog

real, calls = catalog_schema.add_column, []

def add_then_die(db, table, column):
    real(db, table, column)
    calls.append(column)
    if len(calls) == 3:
        os._exit(9)  # killed half-way: three columns added, no COMMIT

catalog_schema.add_column = add_then_die
Catalog(Path(sys.argv[1])).count()
"""


def test_a_process_killed_half_way_through_the_upgrade_leaves_the_old_catalog_usable(tmp_path) -> None:
    path = old_catalog(tmp_path)
    died = subprocess.run([sys.executable, "-c", _CRASH, str(path)], capture_output=True, text=True, timeout=60)
    assert died.returncode == 9, died.stderr
    version, columns = schema_of(path)
    assert version == "1" and "authors" not in columns  # nothing of the half-done upgrade is visible
    assert raw(path, "PRAGMA integrity_check") == [("ok",)]
    cat = Catalog(path)  # the next open upgrades it
    assert [cat.get(i).title for i in cat.ids("title")] == ["Attention Is All You Need", "BERT"]  # type: ignore[union-attr]
    assert schema_of(path)[0] == "2"


def test_a_failing_upgrade_changes_nothing_and_the_catalog_is_still_read(tmp_path, monkeypatch) -> None:
    path = old_catalog(tmp_path)
    real, calls = catalog_schema.add_column, []

    def add_then_fail(db, table, column):
        if len(calls) == 2:
            raise sqlite3.OperationalError("database or disk is full")
        calls.append(column)
        real(db, table, column)

    monkeypatch.setattr(catalog_schema, "add_column", add_then_fail)
    cat = Catalog(path)
    assert cat.count() == 2
    bert = cat.get("bbbbbbb")
    assert bert is not None and bert.title == "BERT" and bert.sources == ("hf-page",) and bert.authors == ()
    assert [p.id for p in cat.iter_papers()] == ["aaaaaaa", "bbbbbbb"]
    assert cat.source_counts()["hf-page"] == 2
    assert cat.read_only
    cat.close()
    assert schema_of(path)[0] == "1" and "authors" not in schema_of(path)[1]
    monkeypatch.undo()
    cat = Catalog(path)
    assert cat.get("bbbbbbb") is not None and not cat.read_only and schema_of(path)[0] == "2"


def test_a_backup_that_cannot_be_written_leaves_the_catalog_unchanged_and_readable(tmp_path, monkeypatch) -> None:
    path = old_catalog(tmp_path)

    def no_room(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(catalog_schema, "back_up", no_room)
    cat = Catalog(path)
    assert cat.get("aaaaaaa") is not None and cat.read_only
    with pytest.raises(PapertuiError, match=r"older papertui and cannot be upgraded here \(No space left on device\)"):
        cat.merge([ParsedPaper("New")], "x")
    cat.close()
    assert schema_of(path)[0] == "1"
    monkeypatch.undo()  # room again: the same Catalog, reopened, upgrades and writes
    assert cat.merge([ParsedPaper("New")], "x").new == 1 and not cat.read_only
    assert schema_of(path)[0] == "2"


def test_an_old_catalog_on_a_read_only_disk_is_read_with_defaults(tmp_path) -> None:
    sys.path.insert(0, str(RELIABILITY))
    try:
        from torture_damage import tmpfs
    finally:
        sys.path.remove(str(RELIABILITY))
    with tmpfs(tmp_path / "disk", "8m") as disk:
        if disk is None:
            pytest.skip("mounting a tiny tmpfs needs root")
        path = old_catalog(disk)
        done = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot remount read-only: {done.stderr.decode().strip()}")
        cat = Catalog(path)
        paper = cat.get("aaaaaaa")
        assert paper is not None and paper.upvotes == 90 and paper.arxiv_id is None and paper.sources == ("hf-page",)
        assert cat.get_many(["aaaaaaa", "bbbbbbb"]).keys() == {"aaaaaaa", "bbbbbbb"}
        assert cat.read_only
        with pytest.raises(PapertuiError, match=r"cannot be upgraded here \(a read-only file, folder or file system\)"):
            cat.merge([ParsedPaper("New")], "x")
        cat.close()


def test_a_new_catalog_needs_no_upgrade_and_no_backup(tmp_path) -> None:
    cat = Catalog(tmp_path / "catalog.sqlite3")
    cat.merge([ParsedPaper("A", arxiv_id="2301.00001", categories=("cs.CL", "cs.LG"), reader="hf-json")], "x")
    cat.close()
    assert schema_of(tmp_path / "catalog.sqlite3")[0] == "2"
    assert not (tmp_path / "backups").exists()
    plan = raw(tmp_path / "catalog.sqlite3", "EXPLAIN QUERY PLAN SELECT id FROM papers WHERE arxiv_id IN ('x')")
    assert "papers_arxiv" in str(plan)


def test_a_process_that_saw_the_old_schema_does_not_upgrade_or_back_up_again(tmp_path) -> None:
    path = old_catalog(tmp_path)
    late = sqlite3.connect(path, isolation_level=None)  # another process, which looked before the first upgraded
    assert "authors" not in catalog_schema.columns_of(late, "papers")
    Catalog(path).count()
    catalog_schema.upgrade(late, path, tmp_path / "backups")  # what it runs next: checks again under the lock
    late.close()
    assert len(list((tmp_path / "backups").iterdir())) == 1
    assert Catalog(path).count() == 2 and schema_of(path)[0] == "2"
