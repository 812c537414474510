"""arXiv feeds -> ParsedPaper records: the arXiv API's query results (Atom) and the arXiv listing feeds
(rss.arxiv.org/atom/CAT in Atom, rss.arxiv.org/rss/CAT in RSS 2.0).

API entries carry `id` (http://arxiv.org/abs/ID vN), `title`, `summary`, `published` (first version),
`updated`, `author`/`name`, `category` terms, `arxiv:primary_category`, `arxiv:comment`, `arxiv:doi` and
`arxiv:journal_ref`. Listing entries name the paper as oai:arXiv.org:IDvN, list authors in `dc:creator`
("A, B and C"), and open the summary with "arXiv:ID Announce Type: new Abstract:". RSS items carry the same
in `guid`, `title`, `description`, `category`, `dc:creator` and `pubDate`.

The XML is untrusted: a document declaring a DTD or entities is refused before it is parsed, so entity
expansion ("billion laughs") and external entities never happen.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

from papertui.ingest.structured import NotThisFormat, ReadResult, Warnings, clean, iso_date, joined, repos_in
from papertui.ingest.structured import split_arxiv_id as _split
from papertui.model import ParsedPaper

READER = "arxiv-atom"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_EXPECTED = "expected an arXiv feed (the arXiv API's Atom, or an arXiv listing feed in Atom or RSS)"
_LISTING_PREFIX = re.compile(r"^arXiv:\S+\s+Announce Type:\s*\S+\s+Abstract:\s*", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def parse_feed(text: str) -> ET.Element:
    """The feed's root element; NotThisFormat for a DTD, broken XML or a root that is not an Atom feed."""
    head = text[:4096]
    if "<!DOCTYPE" in head.upper() or "<!ENTITY" in text.upper():
        raise NotThisFormat("XML with a DTD or entity declarations is refused (unsafe); " + _EXPECTED)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise NotThisFormat(f"broken XML ({exc}); {_EXPECTED}") from None
    if root.tag not in (f"{ATOM}feed", "rss"):
        raise NotThisFormat(f"XML whose root is <{root.tag.rsplit('}', 1)[-1]}>, not an Atom <feed>; {_EXPECTED}")
    return root


def total_results(root: ET.Element) -> int | None:
    """The API's opensearch:totalResults (how many a query matches in all), when the feed says."""
    value = root.findtext(f"{OPENSEARCH}totalResults")
    return int(value) if value and value.strip().isdigit() else None


def read_arxiv_atom(text: str) -> ReadResult:
    return read_feed(parse_feed(text))


def read_feed(root: ET.Element) -> ReadResult:
    """Every paper entry of a parsed feed. The API's error entry (a query it could not run, sent with
    HTTP 200 as an entry titled "Error") is refused with the API's message."""
    rss = root.tag == "rss"
    entries = root.findall("channel/item") if rss else root.findall(f"{ATOM}entry")
    read = _rss_paper if rss else _paper
    warnings = Warnings()
    papers: list[ParsedPaper] = []
    for number, entry in enumerate(entries, start=1):
        ident = entry.findtext(f"{ATOM}id") or ""
        if clean(entry.findtext(f"{ATOM}title")) == "Error" and "/api/errors" in ident:
            raise NotThisFormat(f"the arXiv API answered with an error: {clean(entry.findtext(f'{ATOM}summary'))}")
        paper = read(entry)
        if paper is None:
            warnings.add(f"entry {number}: no title or no arXiv id; skipped")
            continue
        papers.append(paper)
    if entries and not papers:
        raise NotThisFormat(f"an Atom feed whose {len(entries)} entries are not arXiv papers; {_EXPECTED}")
    return ReadResult(papers=tuple(papers), reader=READER, warnings=warnings.done(), skipped=len(entries) - len(papers))


def _authors(entry: ET.Element) -> tuple[str, ...]:
    names = [clean(a.findtext(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author")]
    if not any(names):
        names = [n for c in entry.findall(f"{DC}creator") for n in _AUTHOR_SPLIT.split(clean(c.text))]
    return tuple(n for n in names if n)


def _categories(entry: ET.Element) -> tuple[str, ...]:
    primary = entry.find(f"{ARXIV}primary_category")
    first = [primary.get("term", "")] if primary is not None else []
    return joined(first, (c.get("term", "").strip() for c in entry.findall(f"{ATOM}category")))


def _is_first_version(entry: ET.Element) -> bool:
    """The API's `published` is the first version's date; a listing feed's is the announcement's, which is the
    first version's only for a "new" announcement (not a replacement or cross-list)."""
    announced = entry.findtext(f"{ARXIV}announce_type")
    return announced is None or announced.strip() == "new"


def _paper(entry: ET.Element) -> ParsedPaper | None:
    title = clean(entry.findtext(f"{ATOM}title"))
    arxiv_id, version = _split(entry.findtext(f"{ATOM}id") or "")
    if not title or arxiv_id is None:
        return None
    abstract = _LISTING_PREFIX.sub("", clean(entry.findtext(f"{ATOM}summary")))
    comment = clean(entry.findtext(f"{ARXIV}comment")) or None
    github, links = repos_in([comment or "", abstract])
    published = iso_date(entry.findtext(f"{ATOM}published"))
    return ParsedPaper(
        title=title,
        abstract=abstract,
        github=github,
        links=links,
        authors_count=len(authors) if (authors := _authors(entry)) else None,
        date=published,
        authors=authors,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        categories=_categories(entry),
        doi=clean(entry.findtext(f"{ARXIV}doi")) or None,
        comment=comment,
        journal_ref=clean(entry.findtext(f"{ARXIV}journal_ref")) or None,
        first_version=published if _is_first_version(entry) else None,
        reader=READER,
    )


def _rss_paper(item: ET.Element) -> ParsedPaper | None:
    title = clean(item.findtext("title"))
    arxiv_id, version = _split(item.findtext("guid") or "")
    if arxiv_id is None:
        arxiv_id, version = _split(item.findtext("link") or "")
    if not title or arxiv_id is None:
        return None
    abstract = _LISTING_PREFIX.sub("", clean(item.findtext("description")))
    github, links = repos_in([abstract])
    authors = tuple(n for c in item.findall(f"{DC}creator") for n in _AUTHOR_SPLIT.split(clean(c.text)) if n)
    announced = _rss_date(item.findtext("pubDate"))
    return ParsedPaper(
        title=title,
        abstract=abstract,
        github=github,
        links=links,
        authors_count=len(authors) or None,
        date=announced,
        authors=authors,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        categories=joined(clean(c.text) for c in item.findall("category")),
        first_version=announced if _is_first_version(item) else None,
        reader=READER,
    )


def _rss_date(value: str | None) -> str | None:
    """YYYY-MM-DD from an RSS date ("Thu, 02 May 2024 00:00:00 -0400"); None when it is not one."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None
