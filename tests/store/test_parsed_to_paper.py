"""A parsed paper becomes a stored one by field name: every field both describe travels, new ones included."""

from __future__ import annotations

from dataclasses import fields

from papertui.library import Library
from papertui.model import Paper, ParsedPaper
from papertui.store.catalog_merge import as_paper

FULL = ParsedPaper(
    title="Sparse Attention at Scale",
    abstract="We study sparse attention.",
    github=("https://github.com/a/b",),
    links=("https://arxiv.org/abs/2401.00001",),
    authors_count=2,
    date="2024-01-02",
    date_text="Jan 2",
    page_date="2024-01-03",
    upvotes=7,
    authors=("Ada Lovelace", "Alan Turing"),
    arxiv_id="2401.00001",
    arxiv_version=2,
    categories=("cs.LG",),
    doi="10.1000/xyz",
    comment="12 pages",
    journal_ref="JMLR 1 (2024)",
    first_version="2024-01-01",
    reader="arxiv-abs",
)


def test_every_field_a_parsed_paper_shares_with_a_paper_is_copied():
    paper = as_paper(FULL)
    shared = {f.name for f in fields(ParsedPaper)} & {f.name for f in fields(Paper)}
    assert shared >= {"authors", "arxiv_id", "arxiv_version", "categories", "doi", "comment", "journal_ref"}
    assert {name: getattr(paper, name) for name in shared} == {name: getattr(FULL, name) for name in shared}
    assert paper.sources == ("arxiv-abs",)


def test_two_copies_in_one_import_merge_without_losing_fields(tmp_path):
    shorter = ParsedPaper(title=FULL.title, abstract="We study sparse", upvotes=9, reader="hf-page")
    lib = Library(tmp_path)
    lib.import_papers([FULL, shorter], "two.json", reader="arxiv-abs")
    (merged,) = lib.papers(lib.browse("date")).values()
    assert merged.upvotes == 9 and merged.abstract == FULL.abstract  # the larger count, the longer abstract
    assert (merged.authors, merged.doi, merged.arxiv_version) == (FULL.authors, FULL.doi, 2)
    assert set(merged.sources) == {"arxiv-abs", "hf-page"}
