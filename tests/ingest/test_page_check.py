"""Only papers pages import: every other text (source files, this repository's docs and config, the app's own
exports, feeds, BibTeX, JSON dumps) is refused as a whole with one line, and every real page still imports
with the same number of papers."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from papertui.cli import main
from papertui.errors import PapertuiError
from papertui.ingest.hf_page import parse_hf_page
from papertui.ingest.page_check import is_markup_line
from papertui.ingest.text import read_text_file
from papertui.library import Library

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
NOT_PAGES = HERE / "fixtures" / "not_pages"
PAGES = [REPO / "tests" / "fixtures" / "page_a.txt", REPO / "tests" / "fixtures" / "page_b.txt"]
ABS = "We study sparse routing in depth. Our method halves cost on four benchmarks. Code is released."


def repository_files() -> list[Path]:
    """Every non-page text file of the repository: docs, config, CI script, styles, Python sources."""
    folders = ("ingest", "store", "index", "tui", "papertui", "tests", "bench")
    found = [REPO / "README.md", REPO / "pyproject.toml", REPO / ".ci" / "run"]
    for folder in folders:
        found += sorted(p for p in (REPO / folder).rglob("*") if p.suffix in (".py", ".tcss"))
    return [p for p in found if p.is_file() and p.stat().st_size > 0]


def assert_refused(path: Path, home: Path) -> None:
    """Imported through the facade: one-line PapertuiError, nothing stored."""
    lib = Library(home)
    try:
        with pytest.raises(PapertuiError) as caught:
            lib.import_file(path)
        assert "\n" not in str(caught.value)
        assert lib.count() == 0
    finally:
        lib.close()


def test_no_file_of_this_repository_imports_as_a_page(home: Path) -> None:
    files = repository_files()
    assert len(files) > 100  # the walk really found the sources
    imported = [str(p.relative_to(REPO)) for p in files if parse_hf_page(read_text_file(p)).papers]
    assert imported == []
    for path in (REPO / "README.md", REPO / "pyproject.toml", REPO / ".ci" / "run", *REPO.glob("tui/*.tcss")):
        assert_refused(path, home)


@pytest.mark.parametrize(
    ("name", "why"), [("feed.atom", "not arXiv papers"), ("wrapped_notice.txt", "not a papers page")]
)
def test_a_feed_of_other_things_and_wrapped_prose_are_refused_with_one_line(
    home: Path, capsys, name: str, why: str
) -> None:
    code = main(["import", str(NOT_PAGES / name)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and why in err, err
    assert_refused(NOT_PAGES / name, home)


@pytest.mark.parametrize(("name", "reader"), [("references.bib", "bibtex"), ("hf_dump.json", "hf-json")])
def test_bibtex_and_hf_json_go_to_their_own_readers_not_the_page_reader(home: Path, name: str, reader: str) -> None:
    lib = Library(home)
    try:
        report = lib.import_file(NOT_PAGES / name)
        assert report.reader == reader and report.layout == reader
        assert report.found == lib.count() > 0
    finally:
        lib.close()


@pytest.mark.parametrize(
    ("fmt", "why"),
    [
        ("md", "not a papers page"),
        ("csv", "not a papers page"),
        ("json", "JSON without paper"),
        ("ris", "not a papers page"),
        ("bib", None),
    ],
)
def test_the_apps_own_exports_do_not_import_as_pages(
    home: Path, tmp_path: Path, capsys, fmt: str, why: str | None
) -> None:
    """Refused in one line, except BibTeX, which the BibTeX reader reads back: every paper already known."""
    lib = Library(home)
    try:
        for page in PAGES:
            lib.import_file(page)
        ids = lib.browse()
        lib.tag(ids, ["reading"])
    finally:
        lib.close()
    out = tmp_path / f"export.{fmt}"
    assert main(["export", "--tag", "reading", "-f", fmt, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["import", str(out)]) == (0 if why is None else 1)
    result = capsys.readouterr()
    if why is None:
        assert f"{len(ids)} papers found, 0 new, {len(ids)} already known" in result.out
    else:
        assert result.err.count("\n") == 1 and why in result.err, result.err
    lib = Library(home)
    try:
        assert lib.count() == len(ids)
    finally:
        lib.close()


def _real_pages() -> list[tuple[Path, int]]:
    counts = {
        "tests/fixtures/page_a.txt": 5,
        "tests/fixtures/page_b.txt": 3,
        "tests/ingest/fixtures/layout_a_small.txt": 3,
        "tests/ingest/fixtures/layout_b_small.txt": 4,
        "papertui/demo_data/daily-papers-demo.txt": 15,
        "papertui/demo_data/search-efficient-models.txt": 22,
        "papertui/demo_data/search-robots-and-graphs.txt": 12,
    }
    return [(REPO / name, n) for name, n in counts.items()]


@pytest.mark.parametrize(("path", "count"), _real_pages(), ids=lambda v: getattr(v, "name", str(v)))
def test_every_page_in_the_repository_still_imports_all_its_papers(path: Path, count: int) -> None:
    result = parse_hf_page(read_text_file(path))
    assert result.refused is None
    assert len(result.papers) == count


@pytest.mark.parametrize(
    ("name", "count"), [("hf-daily-papers-b.txt", 19), ("hf-papers-search-a.txt", 304), ("hf-papers-search-c.txt", 258)]
)
def test_every_real_page_dump_still_imports_all_its_papers(seeds_dir: Path, name: str, count: int) -> None:
    result = parse_hf_page(read_text_file(seeds_dir / name))
    assert result.refused is None and result.warnings == ()
    assert len(result.papers) == count


def test_every_seed_dump_beside_the_repository_is_read_as_a_page(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        result = parse_hf_page(read_text_file(path))
        assert result.refused is None and result.papers, path.name


def test_a_real_page_with_some_odd_blocks_still_imports_with_warnings() -> None:
    text = (REPO / "tests" / "fixtures" / "page_a.txt").read_text(encoding="utf-8")
    odd = "\n".join(["{", text, "<div>", "Share this page: https://example.org/x", "}"])
    result = parse_hf_page(odd)
    assert result.refused is None and len(result.papers) == 5
    assert result.warnings


def test_short_blocks_that_are_no_papers_are_refused_as_a_whole() -> None:
    lines = ["Install", "Run the tool and read the output, then decide.", "Usage", "See the docs for details."]
    result = parse_hf_page("\n".join(lines * 3))
    assert result.papers == () and result.refused and "look like a paper" in result.refused


@pytest.mark.parametrize(
    "line",
    [
        "<title>An Example Paper</title>",
        "@article{key2024,",
        "  title = {A Title},",
        '  "title": "A Title",',
        "## Usage",
        "| a | b |",
        "```python",
        "- item",
        "TI  - A Title",
        "id,title,abstract,github",
        "    return value",
        "def parse(text: str) -> None:",
        "[",
        "},",
    ],
)
def test_markup_and_code_lines_are_recognised(line: str) -> None:
    assert is_markup_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "COSMOS: Cross-Modality Self-Distillation for Vision Language Pre-training",
        "  • 6 authors",
        "·",
        "Mar 12, 2023",
        ABS,
        "Is (Almost) Everything You Need? A Study of Tiny Models",
        "We reach 9.7% (±0.3) on MTIL, see https://github.com/acme/widget for code.",
    ],
)
def test_page_lines_are_not_markup(line: str) -> None:
    assert not is_markup_line(line)


def test_titles_and_abstracts_are_stored_nfkc_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "naïve")
    result = parse_hf_page(
        f"E\ufb03cient \ufb01ne-tuning for {decomposed} users\n{ABS} The \ufb01nal {decomposed} step."
    )
    (paper,) = result.papers
    assert paper.title == "Efficient fine-tuning for naïve users"
    assert paper.abstract.endswith("The final naïve step.")
    assert unicodedata.is_normalized("NFKC", paper.title + paper.abstract)
