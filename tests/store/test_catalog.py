"""The catalog keeps every paper once, fills gaps on re-import, never loses or shortens what it holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from papertui.errors import PapertuiError, UsageError
from papertui.model import ParsedPaper, title_key
from papertui.store.catalog import ID_ALPHABET, ID_LENGTH, Catalog, short_id


def _cat(tmp_path: Path) -> Catalog:
    return Catalog(tmp_path / "catalog.sqlite3")


def test_title_key_ignores_case_punctuation_and_spacing():
    assert title_key("PanGu-Σ: Towards  Trillion!") == title_key("pangu σ towards trillion")
    assert title_key("  TÜLU 3 ") == "tülu 3"


def test_new_papers_get_short_typeable_ids(tmp_path):
    cat = _cat(tmp_path)
    report = cat.merge([ParsedPaper("Alpha Paper", "About alpha."), ParsedPaper("Beta Paper", "About beta.")], "a")
    assert (report.found, report.new, report.known) == (2, 2, 0)
    ids = cat.ids()
    assert len(ids) == 2
    for pid in ids:
        assert len(pid) == ID_LENGTH and set(pid) <= set(ID_ALPHABET)
    assert cat.get(ids[0]) is not None


def test_ids_are_stable_across_catalogs(tmp_path):
    a = Catalog(tmp_path / "a.sqlite3")
    b = Catalog(tmp_path / "b.sqlite3")
    a.merge([ParsedPaper("Same Title")], "x")
    b.merge([ParsedPaper("Other"), ParsedPaper("same  title!")], "y")
    assert a.ids() == [short_id("same title")]
    assert short_id("same title") in b.ids()


def test_reimport_adds_nothing_and_reports_known(tmp_path):
    cat = _cat(tmp_path)
    papers = [ParsedPaper("Alpha", "Text", github=("https://github.com/a/b",))]
    cat.merge(papers, "a")
    rev = cat.rev()
    report = cat.merge(papers, "a")
    assert (report.new, report.known, report.updated, report.with_code) == (0, 1, 0, 1)
    assert report.changed_ids == ()
    assert cat.rev() == rev and cat.count() == 1


def test_later_import_fills_missing_fields_but_never_shortens(tmp_path):
    cat = _cat(tmp_path)
    cat.merge([ParsedPaper("Alpha", "The full abstract of alpha, long.", github=("https://github.com/a/one",))], "a")
    report = cat.merge(
        [
            ParsedPaper(
                "ALPHA",
                "The full abstract",
                github=("https://github.com/a/two", "https://github.com/A/one"),
                authors_count=4,
                date="2024-03-01",
                upvotes=7,
            )
        ],
        "b",
    )
    assert report.updated == 1
    paper = cat.get(cat.ids()[0])
    assert paper is not None
    assert paper.abstract == "The full abstract of alpha, long."
    assert paper.github == ("https://github.com/a/one", "https://github.com/a/two")
    assert (paper.authors_count, paper.date, paper.upvotes) == (4, "2024-03-01", 7)
    assert paper.source == "a"


def test_duplicates_inside_one_import_become_one_paper(tmp_path):
    cat = _cat(tmp_path)
    report = cat.merge([ParsedPaper("Gamma", "a longer"), ParsedPaper("gamma", "a longer abstract")], "a")
    assert (report.found, report.new) == (1, 1)
    paper = cat.get(cat.ids()[0])
    assert paper is not None and paper.abstract == "a longer abstract"


def test_resolve_accepts_exact_id_or_unique_prefix(tmp_path):
    cat = _cat(tmp_path)
    cat.merge([ParsedPaper(f"Paper number {i}") for i in range(50)], "a")
    pid = cat.ids()[0]
    assert cat.resolve(pid.upper()) == pid
    prefixes = [p[:4] for p in cat.ids()]
    unique = next(p for p in cat.ids() if prefixes.count(p[:4]) == 1)
    assert cat.resolve(unique[:4]) == unique


@pytest.mark.parametrize("token", ["", "   ", "zzzzzzzzz", "ab"])
def test_resolve_rejects_unknown_ids_clearly(tmp_path, token):
    cat = _cat(tmp_path)
    cat.merge([ParsedPaper("Only")], "a")
    with pytest.raises(UsageError):
        cat.resolve(token)


def test_changed_papers_are_listed_by_revision(tmp_path):
    cat = _cat(tmp_path)
    first = cat.merge([ParsedPaper("A"), ParsedPaper("B")], "x")
    second = cat.merge([ParsedPaper("C"), ParsedPaper("A", "now with abstract")], "y")
    assert second.rev == first.rev + 1
    changed = {p.title for p in cat.iter_papers(since_rev=first.rev)}
    assert changed == {"A", "C"}
    assert {p.title for p in cat.iter_papers()} == {"A", "B", "C"}


def test_browse_orders(tmp_path):
    cat = _cat(tmp_path)
    cat.merge(
        [
            ParsedPaper("b old", date="2020-01-01", upvotes=9),
            ParsedPaper("a new", date="2024-01-01", upvotes=1),
            ParsedPaper("c undated"),
        ],
        "x",
    )
    titles = lambda order: [cat.get(i).title for i in cat.ids(order)]  # noqa: E731
    assert titles("date") == ["a new", "b old", "c undated"]
    assert titles("upvotes") == ["b old", "a new", "c undated"]
    assert titles("title") == ["a new", "b old", "c undated"]


def test_a_garbage_catalog_file_gives_a_clear_error_and_is_not_overwritten(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    cat = Catalog(path)
    with pytest.raises(PapertuiError, match="doctor"):
        cat.count()
    with pytest.raises(PapertuiError):
        cat.merge([ParsedPaper("A")], "x")
    assert path.read_bytes() == before


def test_an_interrupted_import_leaves_the_catalog_as_it_was(tmp_path, monkeypatch):
    cat = _cat(tmp_path)
    cat.merge([ParsedPaper("Kept")], "x")

    def explode(*_a, **_k):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("papertui.store.catalog_merge.free_id", explode)
    with pytest.raises(PapertuiError):
        cat.merge([ParsedPaper("New one")], "y")
    monkeypatch.undo()
    assert [cat.get(i).title for i in cat.ids()] == ["Kept"]
