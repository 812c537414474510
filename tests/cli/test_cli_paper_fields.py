"""The fields structured sources bring, as scripts and people see them: `show`, `search`, `list` and `stats`
JSON gain arXiv id, authors and categories (and per-reader counts) and keep every key they had."""

from __future__ import annotations

import json

import bibtexparser
from cli_run import run

from papertui.library import Library
from papertui.model import ParsedPaper

TEN = tuple(f"Author {c}" for c in "ABCDEFGHIJ")
LANTERN = ParsedPaper(
    title="Sparse Lantern Attention for Long Documents",
    abstract="We introduce Sparse Lantern Attention, a mechanism that lights up only the few tokens a query needs",
    authors=TEN,
    arxiv_id="2401.01234",
    arxiv_version=2,
    categories=("cs.CL", "cs.LG"),
    doi="10.1234/lantern",
    comment="Accepted at ACL 2024",
    first_version="2024-01-02",
    reader="arxiv-atom",
)
TIDAL = ParsedPaper(
    title="Tidal Diffusion: Denoising Schedules that Follow the Moon",
    authors=("Moon Walker", "Sea Farer"),
    arxiv_id="2402.00002",
    categories=("cs.CV",),
    reader="bibtex",
)
SEARCH_KEYS = ("id", "title", "github", "links", "date", "authors_count", "upvotes", "has_code", "tags", "triage")
SHOW_KEYS = (*SEARCH_KEYS, "abstract", "date_iso", "date_text", "page_date", "added", "source", "note", "seen")


def structured(home, *papers: ParsedPaper) -> None:
    lib = Library(home)
    lib.import_papers(papers, "feed.xml", reader=papers[0].reader)
    lib.close()


def json_of(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_show_json_has_the_new_fields_and_every_old_key(home, lib, capsys) -> None:
    structured(home, LANTERN)
    shown = json_of(capsys, "show", lib["Sparse Lantern Attention for Long Documents"])
    assert set(SHOW_KEYS) <= set(shown)
    assert shown["arxiv_id"] == "2401.01234" and shown["arxiv_version"] == 2
    assert shown["authors"] == list(TEN) and shown["categories"] == ["cs.CL", "cs.LG"]
    assert (shown["doi"], shown["comment"], shown["first_version"]) == (
        "10.1234/lantern",
        "Accepted at ACL 2024",
        "2024-01-02",
    )
    assert shown["sources"] == ["hf-page", "arxiv-atom"]
    assert shown["github"] == ["https://github.com/lantern-lab/sparse-lantern"]  # page fields kept


def test_a_paper_known_only_from_page_text_has_empty_new_fields(home, lib, capsys) -> None:
    shown = json_of(capsys, "show", lib["Counting Sheep with Vision Language Models"])
    assert (shown["arxiv_id"], shown["authors"], shown["categories"], shown["doi"]) == (None, [], [], None)
    assert shown["sources"] == ["hf-page"]


def test_search_and_list_json_carry_arxiv_id_authors_and_categories(home, lib, capsys) -> None:
    structured(home, LANTERN, TIDAL)
    (hit,) = json_of(capsys, "search", "lantern")
    assert set(SEARCH_KEYS) | {"score"} <= set(hit)
    assert (hit["arxiv_id"], hit["authors"], hit["categories"]) == ("2401.01234", list(TEN), ["cs.CL", "cs.LG"])
    listed = {p["title"].split(":")[0]: p for p in json_of(capsys, "list")}
    assert listed["Tidal Diffusion"]["authors"] == ["Moon Walker", "Sea Farer"]
    assert listed["Tidal Diffusion"]["arxiv_id"] == "2402.00002"
    assert listed["Counting Sheep with Vision Language Models"]["arxiv_id"] is None


def test_stats_json_counts_papers_per_reader(home, lib, capsys) -> None:
    structured(home, LANTERN, TIDAL)
    stats = json_of(capsys, "stats")
    for key in ("papers", "with_code", "tagged", "with_notes", "kept", "skipped", "unseen", "tags"):
        assert key in stats
    assert stats["papers"] == 8
    assert stats["sources"] == {"hf-page": 8, "hf-json": 0, "arxiv-atom": 1, "arxiv-snapshot": 0, "bibtex": 1}
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "from: hf-page (8), arxiv-atom (1), bibtex (1)" in out


def test_show_prints_six_authors_then_how_many_the_arxiv_id_and_categories(home, lib, capsys) -> None:
    structured(home, LANTERN, TIDAL)
    code, out, _ = run(capsys, "show", lib["Sparse Lantern Attention for Long Documents"])
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "Author A, Author B, Author C, Author D, Author E, Author F et al. (10 authors)"
    assert "arXiv 2401.01234v2" in lines[2]
    assert "categories: cs.CL, cs.LG" in lines and "doi: 10.1234/lantern" in lines
    code, out, _ = run(capsys, "show", lib["Tidal Diffusion"])
    assert out.splitlines()[1] == "Moon Walker, Sea Farer"


def test_export_bib_and_ris_carry_the_arxiv_fields_end_to_end(home, lib, capsys, tmp_path) -> None:
    structured(home, LANTERN)
    bib, ris = tmp_path / "out.bib", tmp_path / "out.ris"
    assert run(capsys, "export", "--all", "-f", "bib", "-o", str(bib))[0] == 0
    assert run(capsys, "export", "--all", "-f", "ris", "-o", str(ris))[0] == 0
    parsed = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
    assert parsed.failed_blocks == [] and len(parsed.entries) == 8
    (entry,) = [e for e in parsed.entries if "eprint" in e.fields_dict]
    assert (entry["eprint"], entry["archivePrefix"], entry["primaryClass"]) == ("2401.01234", "arXiv", "cs.CL")
    assert entry["author"] == " and ".join(TEN) and entry["doi"] == "10.1234/lantern"
    text = ris.read_text(encoding="utf-8")
    assert text.count("AU  - Author ") == 10 and "DO  - 10.1234/lantern" in text and "AN  - arXiv:2401.01234" in text


def test_search_by_author_category_and_arxiv_id(home, lib, capsys) -> None:
    structured(home, LANTERN, TIDAL)
    titles = lambda query: [hit["title"] for hit in json_of(capsys, "search", query)]  # noqa: E731
    assert titles("author:walker") == [TIDAL.title]
    assert titles('author:"Sea Farer"') == [TIDAL.title]
    assert titles('author:"Walker Sea"') == []  # two authors' words, not one name
    assert sorted(titles("cat:cs")) == sorted([LANTERN.title, TIDAL.title])
    assert titles("cat:cs.cl") == [LANTERN.title]
    assert titles("id:2401.01234v1") == [LANTERN.title]
    assert titles("-cat:cs diffusion") == []
    code, out, err = run(capsys, "search", "id:nonsense", "--json")
    assert code == 2 and json.loads(out) == [] and "id:nonsense is not an arXiv id" in err  # as year:abc
