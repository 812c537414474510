"""BibTeX (Zotero, Better BibTeX, dblp, ADS, hand-written) -> ParsedPaper records, read with bibtexparser 2.

Fields used: `title` (braces and LaTeX accents decoded: `J{\\"{o}}rg` -> Jörg), `abstract`, `author` (split
on " and " outside braces, "Last, First" -> "First Last", "others" dropped), `year`/`month` -> date,
`eprint` with `archivePrefix = arXiv` (or an arXiv URL / journal line) -> arXiv id, `url`, `doi`,
`primaryClass` -> the primary category. The entry types in ENTRY_TYPES are read; an unknown entry type, or
an entry bibtexparser cannot parse, is skipped with a warning naming its line, and the rest imports.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from typing import Any

import bibtexparser
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from bibtexparser.middlewares.names import NameParts
from pylatexenc.latex2text import LatexNodes2Text

from papertui.ingest.structured import NotThisFormat, ReadResult, Warnings, clean, joined, repos_in
from papertui.ingest.structured import split_arxiv_id as _split
from papertui.model import ParsedPaper

READER = "bibtex"
ENTRY_TYPES = frozenset(
    "article inproceedings conference misc techreport phdthesis mastersthesis thesis book inbook incollection "
    "proceedings unpublished online electronic preprint report booklet manual software dataset".split()
)
"""Entry types read as papers (BibTeX's standard ones and the BibLaTeX/Zotero ones exporters write)."""
_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]", re.MULTILINE)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_MONTH_NAMES = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_latex = LatexNodes2Text(math_mode="verbatim")


def looks_like_bibtex(text: str) -> bool:
    """A BibTeX entry starts a line (comments and @string may come first)."""
    return any(m.group(1).casefold() not in {"string", "preamble", "comment"} for m in _ENTRY_START.finditer(text))


@contextlib.contextmanager
def _quiet_parser() -> Iterator[None]:
    """bibtexparser logs each broken block to stderr by itself; we report it as a warning instead."""
    # Its modules log under "bibtexparser.*": a handler here that does not pass records on keeps them from
    # Python's last-resort stderr handler, without touching anyone's logging configuration for good.
    logger = logging.getLogger("bibtexparser")
    silent = logging.NullHandler()
    propagate = logger.propagate
    logger.addHandler(silent)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(silent)
        logger.propagate = propagate


def read_bibtex(text: str) -> ReadResult:
    """Every paper entry of a BibTeX file; NotThisFormat when it has no entry at all."""
    if not looks_like_bibtex(text):
        raise NotThisFormat("no BibTeX entry (a line starting @article{, @misc{ ...); expected a BibTeX file")
    with _quiet_parser():
        # Names are split before LaTeX is decoded: "{Barnes and Noble}" is one name, not two.
        library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    warnings = Warnings()
    found: list[tuple[int, ParsedPaper]] = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        head = (block.raw or "").strip().split("\n", 1)[0][:40]
        warnings.add(f"line {line}: a broken BibTeX entry ({head!r}); skipped")
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        if entry.entry_type.casefold() not in ENTRY_TYPES:
            warnings.add(f"line {line}: unknown entry type @{entry.entry_type}{{{entry.key}, ...}}; skipped")
            continue
        paper = _paper({f.key.casefold(): f.value for f in entry.fields})
        if paper is None:
            warnings.add(f"line {line}: entry {entry.key} has no title; skipped")
            continue
        found.append((line, paper))
    skipped = len(library.failed_blocks) + len(library.entries) - len(found)
    papers = tuple(p for _, p in sorted(found, key=lambda item: item[0]))
    return ReadResult(papers=papers, reader=READER, warnings=warnings.done(), skipped=skipped)


def decode_latex(value: str) -> str:
    """LaTeX accents and grouping braces -> plain text; text pylatexenc cannot read is kept as it was."""
    if "\\" not in value and "{" not in value:
        return value
    try:
        return _latex.latex_to_text(value)
    except Exception:  # pylatexenc raises many internal types on odd input; the raw text beats nothing
        return value.replace("{", "").replace("}", "")


def _text(value: Any) -> str:
    return clean(decode_latex(value)) if isinstance(value, str) else ""


def _authors(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    names = []
    for name in value:
        text = clean(decode_latex(name.merge_first_name_first)) if isinstance(name, NameParts) else _text(name)
        if text and text.casefold() != "others":
            names.append(text)
    return tuple(names)


def _date(fields: dict[str, Any]) -> tuple[str | None, str | None]:
    """(ISO date, the date as the entry gives it): "2024-03-01", "Mar 2024"; a year alone is "2024-01-01",
    "2024" — the catalog sorts and filters by ISO dates, and `date_text` keeps the real precision."""
    year = _text(fields.get("year"))
    if not (len(year) == 4 and year.isdigit()):
        return None, None
    month_text = _text(fields.get("month")).casefold()
    month = _MONTHS.get(month_text[:3]) or (int(month_text) if month_text.isdigit() else None)
    if month and 1 <= month <= 12:
        return f"{year}-{month:02d}-01", f"{_MONTH_NAMES[month - 1]} {year}"
    return f"{year}-01-01", year


def _arxiv(fields: dict[str, Any]) -> tuple[str | None, int | None]:
    prefix = _text(fields.get("archiveprefix") or fields.get("eprinttype")).casefold()
    eprint = _text(fields.get("eprint"))
    if eprint and prefix in {"arxiv", ""}:
        found = _split(eprint)
        if found[0]:
            return found
    for name in ("url", "journal", "note", "howpublished"):
        value = _text(fields.get(name))
        for word in value.replace("arXiv:", " arXiv:").split():
            if "arxiv" in word.casefold():
                found = _split(word.rstrip(".,;"))
                if found[0]:
                    return found
    return None, None


def _paper(fields: dict[str, Any]) -> ParsedPaper | None:
    title = _text(fields.get("title"))
    if not title:
        return None
    abstract = _text(fields.get("abstract"))
    url = _text(fields.get("url"))
    github, links = repos_in([url, abstract, _text(fields.get("note")), _text(fields.get("howpublished"))])
    arxiv_id, version = _arxiv(fields)
    authors = _authors(fields.get("author"))
    doi = _text(fields.get("doi")).removeprefix("https://doi.org/") or None
    primary = _text(fields.get("primaryclass"))
    date, date_text = _date(fields)
    return ParsedPaper(
        title=title,
        abstract=abstract,
        github=github,
        links=joined([url] if url.startswith(("http://", "https://")) and url not in github else [], links),
        authors_count=len(authors) or None,
        date=date,
        date_text=date_text,
        authors=authors,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        categories=(primary,) if primary else (),
        doi=doi,
        comment=_text(fields.get("note")) or None,
        journal_ref=_text(fields.get("journal") or fields.get("booktitle")) or None,
        reader=READER,
    )
