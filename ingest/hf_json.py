"""Hugging Face papers JSON -> ParsedPaper records.

Three shapes, as the Hub serves them: the daily-papers list (`/api/daily_papers`: objects holding a `paper`
object plus the listing's own `title`, `summary`, `numComments`, `submittedBy`...), a single paper
(`/api/papers/ID`) and a list of bare paper objects. A paper has `id` (its arXiv id), `title`, `summary`,
`authors` [{`name`}], `publishedAt`, `upvotes` and optional `githubRepo`, `githubStars`, `projectPage`,
`ai_keywords`. Optional keys are absent rather than null on the Hub, but null is read as absent too.
"""

from __future__ import annotations

import json
from typing import Any

from papertui.ingest.structured import NotThisFormat, ReadResult, Warnings, clean, iso_date, joined, repos_in
from papertui.ingest.structured import split_arxiv_id as _split
from papertui.model import ParsedPaper

READER = "hf-json"
_PAPER_KEYS = frozenset({"title", "summary"})
_EXPECTED = "expected Hugging Face papers JSON (the /api/daily_papers list or an /api/papers/ID object)"


def is_paper_shaped(item: object) -> bool:
    """A daily-papers entry (with a `paper` object) or a bare paper object."""
    if not isinstance(item, dict):
        return False
    inner = item.get("paper")
    if isinstance(inner, dict):
        item = inner
    return item.keys() >= _PAPER_KEYS


def read_hf_json(text: str) -> ReadResult:
    """Every paper in a Hugging Face papers JSON document; NotThisFormat when it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotThisFormat(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); {_EXPECTED}") from None
    return read_hf_data(data)


def read_hf_data(data: Any) -> ReadResult:
    """The same, from already-decoded JSON (the fetcher decodes responses itself)."""
    items = data if isinstance(data, list) else [data]
    if not items:
        return ReadResult(papers=(), reader=READER)
    if not any(is_paper_shaped(item) for item in items):
        raise NotThisFormat(f"JSON without paper objects (no title and summary keys); {_EXPECTED}")
    warnings = Warnings()
    papers: list[ParsedPaper] = []
    for number, item in enumerate(items, start=1):
        paper = _paper(item) if is_paper_shaped(item) else None
        if paper is None:
            warnings.add(f"item {number}: not a paper with a title; skipped")
            continue
        papers.append(paper)
    return ReadResult(papers=tuple(papers), reader=READER, warnings=warnings.done(), skipped=len(items) - len(papers))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _paper(item: dict[str, Any]) -> ParsedPaper | None:
    inner = item.get("paper")
    paper: dict[str, Any] = inner if isinstance(inner, dict) else item
    title = clean(paper.get("title")) or clean(item.get("title"))
    if not title:
        return None
    abstract = clean(paper.get("summary")) or clean(item.get("summary"))
    arxiv_id, version = _split(_text(paper.get("id")))
    listed = paper.get("authors")
    people = listed if isinstance(listed, list) else []
    authors = tuple(name for a in people if isinstance(a, dict) and (name := clean(a.get("name"))))
    repo = _text(paper.get("githubRepo"))
    repo_github, _ = repos_in([repo]) if repo else ((), ())
    found_github, found_links = repos_in([abstract])
    project = _text(paper.get("projectPage")).strip()
    published = iso_date(paper.get("publishedAt")) or iso_date(item.get("publishedAt"))
    upvotes = paper.get("upvotes")
    return ParsedPaper(
        title=title,
        abstract=abstract,
        # githubRepo is the paper's own repository: first, before any the abstract mentions.
        github=joined(repo_github, found_github),
        links=joined([project] if project.startswith(("http://", "https://")) else [], found_links),
        authors_count=len(authors) or None,
        date=published,
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        authors=authors,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        first_version=published,
        reader=READER,
    )
