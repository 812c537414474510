"""Readers are chosen by content, gzip is sniffed, and whole imports go through the library facade."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from structured_fixtures import STRUCTURED, fixture_text

from papertui import library_import
from papertui.errors import PapertuiError, UsageError
from papertui.ingest.choose import read_structured, reader_for
from papertui.ingest.filters import RecordFilter
from papertui.ingest.source_stream import open_stream
from papertui.library import Library
from papertui.store.catalog import Catalog

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "page_a.txt"
CASES = [
    ("hf_daily.json", "hf-json"),
    ("hf_paper.json", "hf-json"),
    ("arxiv_api.atom", "arxiv-atom"),
    ("arxiv_listing.atom", "arxiv-atom"),
    ("arxiv_listing.rss", "arxiv-atom"),
    ("snapshot.jsonl", "arxiv-snapshot"),
    ("zotero.bib", "bibtex"),
]


@pytest.mark.parametrize(("name", "reader"), CASES)
def test_the_reader_is_chosen_by_content_whatever_the_file_is_called(name: str, reader: str, tmp_path: Path) -> None:
    assert reader_for(fixture_text(name)) == reader
    renamed = tmp_path / "download.txt"
    renamed.write_bytes((STRUCTURED / name).read_bytes())
    with renamed.open("rb") as raw:
        assert open_stream(raw, "x").reader == reader


def test_a_byte_order_mark_does_not_hide_the_format() -> None:
    assert reader_for("\ufeff" + fixture_text("snapshot.jsonl")) == "arxiv-snapshot"


@pytest.mark.parametrize(
    ("text", "reader"),
    [
        ("[31mSparse Study\nWe study things.", "hf-page"),  # what a stripped terminal escape leaves
        ("[Draft] A Title\nAn abstract.", "hf-page"),
        ("{braces} in a title\ntext", "hf-page"),
        ('[\n  {"paper": {}}]', "hf-json"),
        ('{"id": "2401.00001"', "hf-json"),  # cut short: the JSON reader says so, the page reader never sees it
        ("[]", "hf-json"),
    ],
)
def test_only_text_that_opens_like_json_goes_to_the_json_reader(text: str, reader: str) -> None:
    assert reader_for(text) == reader


def test_page_text_goes_to_the_page_reader() -> None:
    assert reader_for(PAGE.read_text()) == "hf-page"
    assert read_structured(PAGE.read_text(), "page") is None


@pytest.mark.parametrize(("name", "reader"), CASES)
def test_gzip_input_is_sniffed_for_every_reader(name: str, reader: str) -> None:
    packed = gzip.compress((STRUCTURED / name).read_bytes())
    opened = open_stream(io.BytesIO(packed), "x.gz")
    assert opened.compressed and opened.reader == reader
    assert opened.read_all() == (STRUCTURED / name).read_bytes()


def test_filters_apply_to_every_structured_source() -> None:
    wanted = RecordFilter.from_options(["cs.CL"])
    assert [p.arxiv_id for p in read_structured(fixture_text("arxiv_api.atom"), "a", wanted).papers] == ["2404.01234"]
    assert [p.arxiv_id for p in read_structured(fixture_text("zotero.bib"), "b", wanted).papers] == ["2412.01234"]
    since = RecordFilter.from_options([], "2024-12-02")
    assert [p.title for p in read_structured(fixture_text("hf_daily.json"), "c", since).papers] == [
        "Sparse Mixtures of Tiny Experts"
    ]


@pytest.mark.parametrize(("cats", "since"), [([""], None), (["cs CL"], None), ([], "2024-13-01"), ([], "24-01-01")])
def test_bad_filter_options_are_usage_errors(cats: list[str], since: str | None) -> None:
    with pytest.raises(UsageError):
        RecordFilter.from_options(cats, since)


def test_a_damaged_gzip_file_is_a_one_line_error(home: Path, tmp_path: Path) -> None:
    broken = tmp_path / "cut.jsonl.gz"
    broken.write_bytes(gzip.compress((STRUCTURED / "snapshot.jsonl").read_bytes())[:-30])
    lib = Library(home)
    try:
        with pytest.raises(PapertuiError, match="damaged or cut-short gzip") as caught:
            lib.import_file(broken)
        assert "\n" not in str(caught.value)
    finally:
        lib.close()


def test_a_snapshot_is_merged_in_batches_and_logged_as_one_import(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_import, "IMPORT_BATCH", 2)
    packed = tmp_path / "snap.json.gz"
    packed.write_bytes(gzip.compress((STRUCTURED / "snapshot.jsonl").read_bytes()))
    lib = Library(home)
    sizes: list[int] = []
    merge = Catalog.merge

    def counting_merge(self, papers, source):  # type: ignore[no-untyped-def]
        papers = list(papers)
        sizes.append(len(papers))
        return merge(self, papers, source)

    monkeypatch.setattr(Catalog, "merge", counting_merge)
    progress: list[tuple[int, int]] = []
    try:
        report = lib.import_file(packed, progress=lambda done, total: progress.append((done, total)))
        assert sizes == [2, 2]
        assert (report.found, report.new, report.reader, report.layout) == (4, 4, "arxiv-snapshot", "arxiv-snapshot")
        assert any("line 3: not a JSON record" in w for w in report.warnings)
        assert progress[-1] == (packed.stat().st_size, packed.stat().st_size)
        undone = lib.undo()
        assert undone is not None and lib.count() == 0  # one undo takes the whole import back
    finally:
        lib.close()


def test_a_filter_that_keeps_nothing_is_not_an_error(home: Path) -> None:
    lib = Library(home)
    try:
        report = lib.import_file(STRUCTURED / "snapshot.jsonl", RecordFilter.from_options(["q-bio"]))
        assert report.found == 0 and lib.count() == 0
        assert any("left out by --category q-bio" in w for w in report.warnings)
    finally:
        lib.close()


def test_a_filter_on_page_text_is_refused(home: Path) -> None:
    lib = Library(home)
    try:
        with pytest.raises(UsageError, match="needs a structured source"):
            lib.import_file(PAGE, RecordFilter.from_options(["cs"]))
    finally:
        lib.close()
