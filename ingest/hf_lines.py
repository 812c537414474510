"""What one line of a copied Hugging Face papers page is, judged by its shape alone.

Owns the line kinds the page reader (`hf_page.py`) works with:

* HEADER — the page's own heading ("Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
  "byAK and the research community", "new"); such text glued to the first title is cut off;
* CHROME — other navigation text ("Load more", "Models", "© Hugging Face", "Page 2 of 9");
* META — paper details: "• 6 authors", "·", "Mar 12, 2023", "Sep 26 2" (a date then an upvote count), a bare
  count, or several of them on one line joined by "·" / "•" / "|";
* TITLE — title-shaped: short, no sentence inside, not a full sentence;
* PROSE — abstract-shaped: long, with a sentence break, a full sentence or a URL in a sentence.

No knowledge of particular pages: only shapes and a small vocabulary of page furniture. Every pattern is
anchored or starts at a literal, so classifying a line costs time linear in its length.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

TITLE, PROSE, META, CHROME, HEADER = "title", "prose", "meta", "chrome", "header"

# Lines longer than this are never page furniture or metadata: the checks below only run on short lines.
_SHORT = 120


def _phrases(text: str) -> frozenset[str]:
    return frozenset(p.strip() for p in text.split("|"))


_HEADER_EXACT = _phrases(
    """new|subscribe|daily papers|trending papers|byak and the research community|
    by ak and the research community|papers|trending|daily|weekly|monthly"""
)
_HEADER_PATTERNS = re.compile(r"get (?:the )?(?:trending|daily|latest|top) papers\b.*|by\s?ak\b.*community")
_CHROME_EXACT = _phrases(
    """week|month|today|search|search papers|models|datasets|spaces|docs|pricing|posts|enterprise|community|
    collections|log in|login|sign up|signup|join the community|hugging face|huggingface|previous|next|prev|
    load more|show more|view all|see all|see more|back to top|submit|submit a paper|system theme|company|tos|
    privacy|about|jobs|website|paper page|papers with code|arxiv page|view arxiv page|view pdf|
    add to collection|upvote|upvoted|share|copy link"""
)
_CHROME_PATTERNS = re.compile(
    r"(?:page )?\d+ (?:of|/) \d+"
    r"|(?:showing )?\d[\d,]* (?:papers?|results?)(?: found)?"
    r"|©.*|copyright .*"
    r"|(?:[\w ]{1,30} [-|–] )?hugging ?face"
)
# Page heading glued to the first title when a page is copied ("SubscribeCOSMOS: …").
_GLUED_HEADER = re.compile(
    r"(?:(?:Get trending papers in your e-?mail inbox(?: once a day)?[!.]?|Subscribe|Daily Papers"
    r"|Trending Papers)\s*)+(?=[A-Z0-9\"'(\[\u0370-\u03ff])"
)


def _furniture(line: str) -> str | None:
    key = " ".join(line.casefold().split()).strip(" .!:;|")
    if not key:
        return CHROME  # punctuation only
    if key in _HEADER_EXACT or _HEADER_PATTERNS.fullmatch(key):
        return HEADER
    if key in _CHROME_EXACT or _CHROME_PATTERNS.fullmatch(key):
        return CHROME
    return None


# -- metadata --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineMeta:
    """The paper details one metadata line shows (None / empty when not shown)."""

    authors: int | None = None
    date: str | None = None
    """ISO date when the year is shown."""
    date_text: str | None = None
    """The date as shown ("Sep 26", "Mar 12, 2023")."""
    upvotes: int | None = None


_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_DATE = re.compile(
    r"(?:(?:published|submitted|posted)(?: on)?\s+)?"
    r"(?:(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<day2>\d{1,2})\s+(?P<mon2>[A-Za-z]{3,9})\.?"
    r"|(?P<iso>(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})))"
    r"(?:,?\s+(?P<year>\d{4}))?"
    r"(?:\s+(?P<up>\d{1,6}))?",
    re.IGNORECASE,
)
_AUTHORS = re.compile(r"(\d{1,4})\s+authors?", re.IGNORECASE)
_UPVOTES = re.compile(r"(?:[▲△⬆↑^]\s*)?(\d{1,6})(?:\s+(?:upvotes?|likes?|votes?))?", re.IGNORECASE)
_IGNORED_META = re.compile(r"(?:submitted|posted) by\s+\S.*|\d{1,6}\s+comments?", re.IGNORECASE)
_META_SPLIT = re.compile(r"\s*[•·|]\s*")
_BULLETS = " \t•·*–—-|"
# Every metadata line starts like this; checking it first spares most title lines the full parse.
_META_START = re.compile(
    r"[\s•·*|–—\-▲△⬆↑^0-9]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|pub|sub|pos)", re.IGNORECASE
)


def _month(word: str) -> int | None:
    word = word.lower()
    number = _MONTHS.get(word[:3])
    if number is None:
        return None
    return number if _MONTH_NAMES[number - 1].startswith(word) or word == "sept" else None


def _parse_date(piece: str) -> LineMeta | None:
    m = _DATE.fullmatch(piece)
    if m is None:
        return None
    if m["iso"]:
        if m["year"]:
            return None
        year, month, day = int(m["iy"]), int(m["im"]), int(m["id"])
    else:
        found = _month(m["mon"] or m["mon2"])
        if found is None:
            return None
        month, day, year = found, int(m["day"] or m["day2"]), int(m["year"] or 0)
    if m["year"] and not 1900 <= year <= 2100:
        return None
    # The date as shown, without a "Published on" prefix or a trailing upvote count.
    start = min(m.start(g) for g in ("mon", "day2", "iso") if m.start(g) >= 0)
    end = max(m.end(g) for g in ("day", "mon2", "iso", "year") if m.start(g) >= 0)
    upvotes = int(m["up"]) if m["up"] else None
    try:
        real = dt.date(year or 2000, month, day)  # 2000 is a leap year: "Feb 29" without a year is valid
    except ValueError:
        real = None  # shaped like a date but impossible: keep the text, claim no ISO date
    iso = real.isoformat() if real and year else None
    return LineMeta(date=iso, date_text=piece[start:end], upvotes=upvotes)


def parse_meta(line: str) -> LineMeta | None:
    """The details a line holds, or None when it is not (only) metadata. A separator line ("·") is metadata
    holding nothing."""
    if not _META_START.match(line):
        return None
    authors = upvotes = None
    date: LineMeta | None = None
    for piece in _META_SPLIT.split(line.strip(_BULLETS)):
        if not piece:
            continue
        if m := _AUTHORS.fullmatch(piece):
            authors = int(m[1])
        elif m := _UPVOTES.fullmatch(piece):
            upvotes = int(m[1])
        elif _IGNORED_META.fullmatch(piece):
            continue
        elif found := _parse_date(piece):
            date = found
        else:
            return None
    if date is not None and date.upvotes is not None:
        upvotes = date.upvotes
    return LineMeta(
        authors=authors,
        date=date.date if date else None,
        date_text=date.date_text if date else None,
        upvotes=upvotes,
    )


# -- titles and prose --------------------------------------------------------------------------------------

# A sentence ends inside the line: a word of 3+ lowercase letters (not an abbreviation such as "vs." or
# "e.g.") or a number / closing bracket, then a full stop and a capitalised word. The pattern starts at the
# full stop and looks back from there: starting at the letters would retry a long word at each position.
_SENTENCE_BREAK = re.compile(r"\.(?:(?<=[a-z]{3}\.)|(?<=[0-9%)\]]\.))\s+[A-Z(]")


def is_prose(line: str) -> bool:
    """Abstract-shaped: long, or with a sentence break, or a full sentence, or a URL inside a sentence."""
    if len(line) > 300:
        return True
    words = line.count(" ") + 1
    if words >= 30 or _SENTENCE_BREAK.search(line):
        return True
    full_sentence = line.endswith(".") and not line.endswith("et al.")
    return words >= 6 and (full_sentence or "://" in line)


def could_be_title(line: str) -> bool:
    """A one-sentence line that is short enough to be a title ending in a full stop ("Less Is More.")."""
    return len(line) <= 250 and "://" not in line and _SENTENCE_BREAK.search(line) is None


def classify_line(line: str) -> tuple[str, str, LineMeta | None]:
    """(kind, text, details) for one stripped, non-empty line; a heading glued to a title is cut off."""
    if len(line) <= _SHORT:
        if glued := _GLUED_HEADER.match(line):
            line = line[glued.end() :]
        meta = parse_meta(line)
        if meta is not None:
            return META, line, meta
        furniture = _furniture(line)
        if furniture is not None:
            return furniture, line, None
    return (PROSE if is_prose(line) else TITLE), line, None
