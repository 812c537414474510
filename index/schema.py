"""The Whoosh schema of the paper index and the mapping paper ⇄ index document.

One combined `text` field holds the words of title, abstract, note and tag names, a title word weighing
TITLE_BOOST: a plain word is one posting list, not four. Postings carry a weight and no positions (positions made
every block of a common word ~5× slower to read); phrases and `abstract:` / `note:` are checked against the
forward stream (`fwd` column: each part's stems in order) of the few papers that can match. `title` is indexed
alone as well, for `title:` searches. Only what a result row shows is stored; sort orders read columns.

The arXiv metadata is indexed for `author:`, `cat:` and `id:`: the words of the authors' names (folded, not
stemmed; their order, each name apart, is the forward stream's last part), the categories as exact keywords, the
arXiv id without its version.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any, SupportsIndex

from whoosh import columns, fields, formats
from whoosh.analysis import Analyzer, IDTokenizer, LowercaseFilter

from papertui.index.analysis import (  # noqa: F401  (words/Token: the query side's names for the analysis)
    TITLE_BOOST,
    Analyzed,
    Token,
    analyse_paper,
    fold,
    name_words,
    words,
)
from papertui.index.query import arxiv_key
from papertui.index.records import row_fields
from papertui.index.whoosh_analysis import whoosh_analyzer, whoosh_name_analyzer
from papertui.model import Paper, UserRecord

SCHEMA_VERSION = 5
"""Bump on any change below (fields, analysis, boosts): state() says "old-version", the facade rebuilds."""

TEXT_FIELD = "text"
TITLE_FIELD = "title"
PAIR_FIELD = "pairs"
FORWARD_FIELD = "fwd"
AUTHOR_FIELD = "authors"
CATEGORY_FIELD = "categories"
ARXIV_FIELD = "arxiv_id"
WEIGHTED_FIELDS = (TEXT_FIELD, TITLE_FIELD)

_SPACES = re.compile(r"\s+")
_INT32_MAX = 2**31 - 1
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@lru_cache(maxsize=1)
def _analyzer() -> Analyzer:
    """One instance for both word fields: the TOC pickles it (and its character tables) once."""
    return whoosh_analyzer()


class WeightedWords(fields.TEXT):
    """Analysed words with a weight per paper and no positions (Existence format: blocks carry no values).

    A Whoosh TEXT field whose analyzer is the Whoosh chain equal to analysis.py (whoosh_analyzer), pickled into
    the TOC as plain `whoosh.fields.TEXT` (__reduce_ex__): stock Whoosh opens the index without papertui and its
    QueryParser reads words as papertui does. index/writer.py fills the postings from analysis.Analyzed, by
    field name; index() serves Whoosh's own writer (add_document) only."""

    def __init__(self, *, stored: bool = False, title_only: bool = False) -> None:
        super().__init__(analyzer=_analyzer(), phrase=False, stored=stored)
        self.format = formats.Existence()
        self.title_only = title_only

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        state = {name: value for name, value in vars(self).items() if name != "title_only"}
        return object.__new__, (fields.TEXT,), state

    def index(self, value: Any, **kwargs: Any) -> Any:  # Whoosh declares a generator; any iterable does
        analyzed = value if isinstance(value, Analyzed) else analyse_paper(str(value))
        out = []
        for term, weight in (analyzed.title if self.title_only else analyzed.weights).items():
            in_title = 0.0 if self.title_only else analyzed.title.get(term, 0.0)
            count = round(in_title + weight - in_title * TITLE_BOOST)  # words, for the field's length
            out.append((term.encode("utf-8"), count, weight, b""))
        return out


class NameWords(fields.TEXT):
    """The words of the authors' names (analysis.name_words: folded, not stemmed, none dropped), a weight per
    paper and no positions (the forward stream keeps their order). Pickled into the TOC as plain
    `whoosh.fields.TEXT` with the Whoosh chain of the same words (whoosh_name_analyzer), so stock Whoosh finds
    `authors:jorg` as papertui does. index() takes the names, one per line (to_fields); the writer calls it."""

    def __init__(self) -> None:
        # The chain shares its character tables with _analyzer()'s: the TOC pickles them once.
        super().__init__(analyzer=whoosh_name_analyzer(), phrase=False)
        self.format = formats.Existence()

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return object.__new__, (fields.TEXT,), dict(vars(self))

    def index(self, value: Any, **kwargs: Any) -> Any:  # Whoosh declares a generator; any iterable does
        counts = Counter(word for name in str(value).split("\n") for word in name_words(name))
        return [(word.encode("utf-8"), n, float(n), b"") for word, n in sorted(counts.items())]


def normalize_tag(tag: str) -> str:
    """A tag's search form: Unicode-folded as words are (analysis.fold: NFKC + casefold), inner whitespace
    collapsed; a comma cannot split it."""
    return _SPACES.sub(" ", fold(tag.replace(",", " "))).strip()


def _keywords_field() -> fields.KEYWORD:
    # lowercase: stock Whoosh's QueryParser then finds "tags:Reading" as papertui does.
    field = fields.KEYWORD(commas=True, scorable=False, lowercase=True)
    field.format = formats.Existence()  # no per-posting values: index/writer.py keeps none
    return field


def build_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        text=WeightedWords(),
        title=WeightedWords(stored=True, title_only=True),
        # Side-by-side pairs of common words ("languag model"), or of a common word and a stop word ("~the
        # model"; analysis.pairable): a phrase of common words is looked up as one term instead of checking the
        # word order of the tens of thousands of papers that hold both words. Filled by index/writer.py from the
        # paper's forward streams and the index's common words; unscored.
        pairs=fields.ID(),
        # Exact tags, already normalised by normalize_tag; commas separate them so a tag may hold spaces.
        tags=_keywords_field(),
        authors=NameWords(),
        # arXiv categories, lowercase ("cs.cl", "hep-th"); `cat:cs` looks up "cs" and every "cs." term.
        categories=_keywords_field(),
        # The arXiv id in query.arxiv_key's form; lowercase on the query side too, for stock Whoosh.
        arxiv_id=fields.ID(analyzer=IDTokenizer() | LowercaseFilter()),
        tagged=fields.BOOLEAN(),
        has_code=fields.BOOLEAN(stored=True),
        year=fields.ID(),
        triage=fields.ID(stored=True),
        tags_shown=fields.STORED(),
        github=fields.STORED(),
        date=fields.STORED(),
        upvotes=fields.STORED(),
        authors_count=fields.STORED(),
        # Sort keys: unknown dates sort as 0 and unknown upvotes as -1, so newest-first and most-upvoted-first
        # put them last.
        sort_date=fields.COLUMN(columns.NumericColumn("i", default=0)),
        sort_upvotes=fields.COLUMN(columns.NumericColumn("i", default=-1)),
        sort_title=fields.COLUMN(columns.VarBytesColumn()),
        fwd=fields.COLUMN(columns.CompressedBytesColumn(level=1)),
    )


def date_number(iso: str | None) -> int:
    """YYYYMMDD as an int for sorting (missing month/day count as 0); 0 when the date is unknown."""
    match = _ISO_DATE.match(iso or "")
    if not match:
        return 0
    year, month, day = (int(part) if part else 0 for part in match.groups())
    return year * 10000 + min(month, 99) * 100 + min(day, 99)


def to_fields(paper: Paper, user: UserRecord | None) -> dict[str, Any]:
    """The index document of one paper; None values are left out (nothing stored, nothing indexed)."""
    tags = tuple(dict.fromkeys(t.strip() for t in (user.tags if user else ()) if normalize_tag(t)))
    normalized = list(dict.fromkeys(normalize_tag(t) for t in tags))
    note = user.note if user else ""
    year = paper.date[:4] if paper.date and _ISO_DATE.match(paper.date) else None
    analyzed = analyse_paper(paper.title, paper.abstract, note, " ".join(tags), paper.authors)
    categories = dict.fromkeys(c.strip().lower() for c in paper.categories if c.strip() and "," not in c)
    return {
        **row_fields(paper, user, tags),
        "text": analyzed,
        "tags": ",".join(normalized) or None,
        "tagged": bool(tags),
        "year": year,
        "sort_date": date_number(paper.date),
        "sort_upvotes": -1 if paper.upvotes is None else max(-1, min(paper.upvotes, _INT32_MAX)),
        "sort_title": (paper.key or paper.title.casefold()).encode("utf-8"),
        "fwd": analyzed.forward,
        "authors": "\n".join(paper.authors) or None,
        "categories": ",".join(categories) or None,
        "arxiv_id": arxiv_key(paper.arxiv_id) if paper.arxiv_id else None,
    }
