"""Text copied from a Hugging Face papers page -> ParsedPaper records.

Owns the reading of a page's structure, independent of any particular page. Each line is first classified by
its shape alone (`hf_lines.py`: heading, chrome, metadata, title-shaped, prose); a small state machine then
reads the sequence — a title, its abstract, its metadata:

* blank lines carry no meaning for the pairing, so layout A (alternating title / abstract lines) and layout B
  (blank-line separated blocks with metadata) are read by the same rules, and a page mixing both still works;
* a title-shaped line right after a title is that title's (short) abstract, unless it is itself followed by
  prose: then it is the next paper's title and the first paper had no abstract;
* an entry is certainly a paper once it has a prose abstract or an author count. Entries without that before
  the first real paper are page heading (a date there is the page date); short ones anywhere are page chrome
  ("Load more", "GitHub 1.2k"): both are dropped with a warning;
* a date after the page heading of a second, concatenated page is that page's date, not the last paper's.

Work is one pass over the lines plus one over the items found, with constant work per repeated short line and
one linear link scan per abstract, so the reader stays fast on very large inputs. Odd input never raises:
the result says what was found and warns about what was not understood. Text that is not a papers page as a
whole (markup, code, exports; see `page_check.py`) yields no papers and says why in `refused`. Titles and
abstracts are stored NFKC-normalised.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from papertui.ingest.hf_lines import CHROME, HEADER, META, PROSE, LineMeta, classify_line, could_be_title
from papertui.ingest.links import find_links
from papertui.ingest.page_check import refusal
from papertui.ingest.text import strip_controls
from papertui.model import ParsedPaper, abstracts_agree, title_key

Layout = Literal["A", "B", "mixed", "unknown"]

_MAX_WARNINGS = 40
_MIN_KEPT_TITLE_WORDS = 4
"""An entry that is not certainly a paper is kept only if its title has at least this many words."""
_CACHED = 48
"""Short lines (metadata, chrome) repeat across a page: their classification is remembered."""
_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class PageParse:
    """What one page yielded. `skipped_lines` counts non-blank lines that were neither paper data nor
    recognised page furniture (unknown text that was dropped); `warnings` explains each."""

    papers: tuple[ParsedPaper, ...]
    layout: Layout
    page_date: str | None
    skipped_lines: int
    warnings: tuple[str, ...]
    refused: str | None = None
    """Why the text as a whole is not a papers page (then `papers` is empty); None when it may be one."""


@dataclass(slots=True)
class _Item:
    kind: str
    lineno: int
    text: str
    blank_before: bool
    after_heading: bool
    meta: LineMeta | None


@dataclass(slots=True)
class _Draft:
    title: str
    lineno: int
    abstract: list[str] = field(default_factory=list)
    authors: int | None = None
    date: str | None = None
    date_text: str | None = None
    upvotes: int | None = None
    certain: bool = False
    """Has a prose abstract or an author count: a paper, not page furniture."""
    abstract_blank_before: bool | None = None


class _Reader:
    def __init__(self) -> None:
        self.items: list[_Item] = []
        self.drafts: list[_Draft] = []
        self.page_date: str | None = None
        self.skipped = 0
        self.warnings: list[str] = []
        self.warnings_dropped = 0

    def warn(self, lineno: int, message: str, *args: object) -> None:
        """Record "line N: message % args"; formatting waits until the warning is known to be kept, so junk
        input with millions of odd lines costs a counter increment per line."""
        if len(self.warnings) < _MAX_WARNINGS:
            self.warnings.append(f"line {lineno}: " + message % args)
        else:
            self.warnings_dropped += 1

    def classify(self, text: str) -> None:
        items = self.items
        blank = True
        heading = False
        cache: dict[str, tuple[str, str, LineMeta | None]] = {}
        for lineno, raw in enumerate(text.split("\n"), start=1):
            line = raw.strip()
            if not line:
                blank = True
                continue
            if len(line) <= _CACHED:
                found = cache.get(line)
                if found is None:
                    if len(cache) >= _CACHE_SIZE:
                        cache.clear()
                    found = cache[line] = classify_line(line)
            else:
                found = classify_line(line)
            kind, line, meta = found
            if kind == HEADER:
                heading = True
            elif kind != CHROME:
                items.append(_Item(kind, lineno, line, blank, heading, meta))
                heading = False
            blank = False

    def pair(self) -> None:
        items = self.items
        cur: _Draft | None = None
        phase = "none"
        for i, item in enumerate(items):
            if item.kind == META:
                meta = item.meta
                assert meta is not None
                if cur is None or (item.after_heading and meta.authors is None):
                    self._page_date(meta)
                    phase = "none"
                    continue
                self._attach(cur, item, meta)
                phase = "meta"
            elif item.kind == PROSE and not (phase != "title" and self._title_with_full_stop(i)):
                if cur is not None and phase in ("title", "abstract"):
                    if phase == "title":
                        cur.abstract_blank_before = item.blank_before
                    elif not item.blank_before:
                        self.warn(item.lineno, "a second abstract line joined to %r", cur.title[:50])
                    cur.abstract.append(item.text)
                    cur.certain = True
                    phase = "abstract"
                else:
                    self.skipped += 1
                    self.warn(item.lineno, "text without a title skipped: %r…", item.text[:50])
            else:  # a title-shaped line
                following = items[i + 1].kind if i + 1 < len(items) else None
                if cur is not None and phase == "title" and following != PROSE:
                    cur.abstract.append(item.text)  # a short abstract: a title is followed by its abstract
                    cur.abstract_blank_before = item.blank_before
                    phase = "abstract"
                    continue
                cur = _Draft(title=item.text, lineno=item.lineno)
                self.drafts.append(cur)
                phase = "title"

    def _title_with_full_stop(self, i: int) -> bool:
        # Where a title is due, one short sentence followed by an abstract is that paper's title.
        following = self.items[i + 1] if i + 1 < len(self.items) else None
        return following is not None and following.kind == PROSE and could_be_title(self.items[i].text)

    def _page_date(self, meta: LineMeta) -> None:
        if meta.date_text and self.page_date is None:
            self.page_date = meta.date_text

    def _attach(self, draft: _Draft, item: _Item, meta: LineMeta) -> None:
        if meta.date_text and draft.date_text:
            self.skipped += 1
            self.warn(item.lineno, "a second date for %r ignored: %r", draft.title[:50], item.text)
            return
        if meta.authors is not None:
            draft.authors = meta.authors
            draft.certain = True
        if meta.date_text:
            draft.date, draft.date_text = meta.date, meta.date_text
        if meta.upvotes is not None:
            draft.upvotes = meta.upvotes

    def keep_papers(self) -> list[_Draft]:
        """Drop entries that are page furniture rather than papers (see the module docstring)."""
        first = next((i for i, d in enumerate(self.drafts) if d.certain), len(self.drafts))
        kept: list[_Draft] = []
        for i, draft in enumerate(self.drafts):
            if draft.certain:
                kept.append(draft)
            elif i < first or len(draft.title.split()) < _MIN_KEPT_TITLE_WORDS:
                if i < first and draft.date_text:
                    self._page_date(LineMeta(date_text=draft.date_text))
                self.skipped += 1 + len(draft.abstract)
                where = "page heading" if i < first else "page text"
                self.warn(draft.lineno, "%r has no abstract: taken as %s", draft.title[:50], where)
            else:
                if draft.abstract:
                    self.warn(draft.lineno, "%r has only a one-line abstract: check it", draft.title[:60])
                else:
                    self.warn(draft.lineno, "%r has no abstract", draft.title[:60])
                kept.append(draft)
        return kept

    def finish(self, drafts: list[_Draft]) -> list[ParsedPaper]:
        papers: list[ParsedPaper] = []
        by_key: dict[str, list[int]] = {}
        for draft in drafts:
            paper = self._to_paper(draft)
            key = title_key(paper.title)
            if not key:
                self.skipped += 1 + len(draft.abstract)
                self.warn(draft.lineno, "a title without letters or digits skipped: %r", draft.title[:50])
                continue
            # A title seen with a different abstract is another paper ("... for C++" / "... for C#"): it is
            # kept apart here, and by the catalog, which says so.
            same = by_key.setdefault(key, [])
            at = next((i for i in same if abstracts_agree(papers[i].abstract, paper.abstract)), None)
            if at is None:
                same.append(len(papers))
                papers.append(paper)
            else:
                papers[at] = _merge(papers[at], paper)
                self.warn(draft.lineno, "duplicate title merged: %r", paper.title[:60])
        return papers

    def _to_paper(self, draft: _Draft) -> ParsedPaper:
        # NFKC: a ligature ("ﬁ") or a decomposed accent stored as copied would not match what users type.
        abstract = unicodedata.normalize("NFKC", "\n\n".join(draft.abstract))
        found = find_links(abstract)
        return ParsedPaper(
            title=" ".join(unicodedata.normalize("NFKC", draft.title).split()),
            abstract=abstract,
            github=found.github,
            links=found.links,
            authors_count=draft.authors,
            date=draft.date,
            date_text=None if draft.date else draft.date_text,
            page_date=self.page_date,
            upvotes=draft.upvotes,
        )

    @staticmethod
    def layout(kept: list[_Draft]) -> Layout:
        gaps = [d.abstract_blank_before for d in kept if d.abstract_blank_before is not None]
        blank = sum(1 for gap in gaps if gap)
        tight = len(gaps) - blank
        has_meta = any(d.authors is not None or d.date_text or d.upvotes is not None for d in kept)
        if blank and tight:
            return "mixed"
        if blank or has_meta:
            return "B"  # blank-line separated blocks, or the metadata lines only layout B shows
        return "A" if tight else "unknown"


def _merge(first: ParsedPaper, other: ParsedPaper) -> ParsedPaper:
    """One paper from two sightings in one page: the longer abstract, all links, the first known details."""
    date = first.date or other.date
    return ParsedPaper(
        title=first.title,
        abstract=max(first.abstract, other.abstract, key=len),
        github=tuple(dict.fromkeys((*first.github, *other.github))),
        links=tuple(dict.fromkeys((*first.links, *other.links))),
        authors_count=first.authors_count if first.authors_count is not None else other.authors_count,
        date=date,
        date_text=None if date else (first.date_text or other.date_text),
        page_date=first.page_date,
        upvotes=first.upvotes if first.upvotes is not None else other.upvotes,
    )


def parse_hf_page(text: str) -> PageParse:
    """Read text copied from a Hugging Face papers page (either layout). Never raises on odd input."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Here as well as in normalise_text: the app hands clipboard text straight to the reader.
    text = strip_controls(text)
    reader = _Reader()
    reader.classify(text)
    reader.pair()
    kept = reader.keep_papers()
    papers = reader.finish(kept)
    refused = refusal(text.split("\n"), papers)
    if refused:
        papers = []
        reader.warnings.append(refused)
    elif not papers:
        reader.warnings.append("no papers recognised: expected title lines, each followed by an abstract line")
    if reader.warnings_dropped:
        reader.warnings.append(f"… and {reader.warnings_dropped} more warnings")
    return PageParse(
        papers=tuple(papers),
        layout=reader.layout(kept) if papers else "unknown",
        page_date=reader.page_date,
        skipped_lines=reader.skipped,
        warnings=tuple(reader.warnings),
        refused=refused,
    )
