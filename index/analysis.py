"""The index's word analysis, in one pass: normalise, split, drop stop words, fold accents, Porter-stem.

Whoosh's analyzer chain (tokenizer | lowercase | stop | charset | stem) built a Token object per word and ran five
generators; at 100k papers that was ~40 % of an import. Here each distinct raw word is analysed once and
remembered (a paper's words repeat across the library), so a word costs a regex match and a dict lookup. The
index, the query side and the highlighter all use these functions, so they always agree on what a word is.
The schema carries the same analysis as a Whoosh chain (index/whoosh_analysis.py), for stock Whoosh's sake.

Text is Unicode-normalised first (fold(): NFKC + casefold), so a decomposed "naïve", the ligature in "ﬁne-tuning"
or a full-width letter make the same words as their plain spelling. Pure-ASCII text (nearly every paper) skips
the normalisation: for ASCII, NFKC changes nothing and casefold is lower().

A paper's text is analysed into an `Analyzed`: the weight of each stem in the combined `text` field (a title
word counts TITLE_BOOST, any other word 1), the words of the title alone, and the forward stream — the stems of
each part in order, stop words kept as STOP_MARK + word, which the search checks phrases (stop words included)
and `abstract:` / `note:` restrictions against.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import cast

from whoosh.analysis import StopFilter
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map as _accent_map

TITLE_BOOST = 2.5
"""A word in the title counts this much more than the same word in the abstract or a note."""

PARTS = ("title", "abstract", "note", "tagwords", "authors")
"""The parts of the forward stream, in order (index = part number)."""
PART_SEPARATOR = "\n"
AUTHOR_MARK = "@"
"""Marks a word of an author's name in the forward stream ("@hinton"): names are not stemmed, and no stem (of a
plain phrase checked against the whole stream) can pass for a name this way."""
AUTHOR_SEPARATOR = "|"
"""Between two authors in the forward stream: a phrase of name words never spans two authors."""

_ASCII_WORD = re.compile(r"\w+(?:\.?\w+)*")
"""A word of ASCII text: letters and digits, inner single dots kept ("3.5", "U.S"); word_pattern() for the rest."""
_MARK_CATEGORIES = ("Mn", "Mc", "Me")
_MARK_SCAN = (range(0x300, 0x20000), range(0xE0000, 0xE1000))
"""Where Unicode has combining marks (tests/index/test_analysis_whoosh_chain.py checks against all of it)."""


@lru_cache(maxsize=1)
def combining_marks() -> tuple[int, ...]:
    return tuple(c for block in _MARK_SCAN for c in block if unicodedata.category(chr(c)) in _MARK_CATEGORIES)


@lru_cache(maxsize=1)
def word_pattern() -> re.Pattern[str]:
    """A word of any text: as _ASCII_WORD (the same words for ASCII text), its letters followed by any combining
    marks, so "i" + U+0307 (casefolded "İ"), a mark NFKC cannot compose, or a Devanagari vowel sign does not
    split a word. _ASCII_WORD is the fast path: this class of ~300 ranges makes a regex ~75 % slower."""
    ranges: list[list[int]] = []
    for code in combining_marks():
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    marks = "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
    part = rf"\w[\w{marks}]*"
    return re.compile(rf"{part}(?:\.{part})*")


@lru_cache(maxsize=1)
def accent_map() -> dict[int, str | None]:
    """Whoosh's accent_map ("é" → "e"), with combining marks removed ("e" + U+0301 → "e") instead of mapped as
    Whoosh's table does for seven of them (U+0308 → "t": a "q̈" would fold to "qt")."""
    table: dict[int, str | None] = dict(cast(dict[int, str], _accent_map))  # keyed by code point, as Whoosh's is
    table.update(dict.fromkeys(combining_marks()))
    return table


STOP_WORDS = frozenset(StopFilter().stops)
_CACHE_LIMIT = 400_000
"""Distinct raw words remembered; a library's vocabulary stays far below, a pathological paste is cut off."""
STOP_MARK = "~"
"""Marks a stop word in the forward stream ("~the"): no stem holds it, so a stop word never passes for a stem."""
_forms: dict[str, str] = {}
"""Raw word → its form in the forward stream: its stem, or STOP_MARK + the word for a stop word."""


def fold(text: str) -> str:
    """`text` as words are read from it: NFKC, casefolded (Unicode's NFKC_Casefold, closed: NFKC again after
    casefold, which may decompose — "ǰ" casefolds to j + U+030C). ASCII text is only lowercased."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _folded_with_offsets(text: str) -> tuple[str, list[tuple[int, int]]]:
    """fold(text), and for each of its characters the (start, end) in `text` of the characters it came from.
    Folded a cluster at a time (a base character with its combining marks). Where that differs from folding
    the whole text (Hangul jamo, a few scripts whose base characters combine), neighbouring clusters that fold
    together are joined; failing that, the cut is before each ASCII character only: nothing combines with a
    following ASCII character, so that is always exact."""
    whole = fold(text)
    fine = _spans(text, [i for i, ch in enumerate(text) if not unicodedata.combining(ch)])
    found = _offsets(text, fine, whole)
    if found is None:
        joined: list[tuple[int, int]] = []
        for start, end in fine:
            if joined and fold(text[joined[-1][0] : end]) != fold(text[joined[-1][0] : start]) + fold(text[start:end]):
                joined[-1] = (joined[-1][0], end)
            else:
                joined.append((start, end))
        found = _offsets(text, joined, whole)
    if found is None:
        found = _offsets(text, _spans(text, [i for i, ch in enumerate(text) if ch.isascii()]), whole)
    # Unreachable (a cut before ASCII never changes the result); kept so a surprise still yields words.
    return whole, found if found is not None else [(0, len(text))] * len(whole)


def _spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    if not cuts or cuts[0] != 0:
        cuts.insert(0, 0)
    return list(pairwise([*cuts, len(text)]))


def _offsets(text: str, spans: list[tuple[int, int]], whole: str) -> list[tuple[int, int]] | None:
    """Where each character of `whole` comes from, folding `text` a span at a time; None if that differs."""
    pieces: list[str] = []
    where: list[tuple[int, int]] = []
    for start, end in spans:
        piece = fold(text[start:end])
        pieces.append(piece)
        if len(piece) == end - start:
            where.extend((i, i + 1) for i in range(start, end))
        else:
            where.extend([(start, end)] * len(piece))
    return where if "".join(pieces) == whole else None


def _analyse(raw: str) -> str:
    lowered = raw.lower()
    if lowered in STOP_WORDS:
        return STOP_MARK + lowered
    # An ASCII word has no accent to fold (the accent table maps lowercase ASCII letters to themselves).
    return porter_stem(lowered if lowered.isascii() else lowered.translate(accent_map()))


def form_of(raw: str) -> str:
    """The forward-stream form of one raw word (see _forms)."""
    found = _forms.get(raw)
    if found is None:
        if len(_forms) >= _CACHE_LIMIT:
            _forms.clear()
        found = _forms[raw] = _analyse(raw)
    return found


def stem_of(raw: str) -> str:
    """The index term of one raw word ("" for a stop word)."""
    found = form_of(raw)
    return "" if found[0] == STOP_MARK else found


def stream(text: str) -> list[str]:
    """The words of `text` as the forward stream holds them: stems in order, a stop word as STOP_MARK + word."""
    raw = _ASCII_WORD.findall(text) if text.isascii() else word_pattern().findall(fold(text))
    found = list(map(_forms.get, raw))  # one C-level pass; a word seen before costs a dict lookup
    if None in found:
        return [s if s is not None else form_of(r) for s, r in zip(found, raw, strict=True)]
    return cast(list[str], found)


def stems(text: str) -> list[str]:
    """The index terms of `text` in order, stop words left out."""
    return [s for s in stream(text) if s[0] != STOP_MARK]


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: folded (lowercase, no accents, not stemmed), its stem, and where it is."""

    word: str
    stem: str
    start: int
    end: int
    stop: bool


def words(text: str) -> Iterator[Token]:
    """The words of `text` as the index splits them; stop words (which the index leaves out) are flagged.
    start/end are offsets in `text` itself, also where folding changed its length."""
    where: list[tuple[int, int]] | None = None
    pattern = _ASCII_WORD
    if not text.isascii():
        text, where = _folded_with_offsets(text)
        pattern = word_pattern()
    for match in pattern.finditer(text):
        raw = match.group()
        lowered = raw.lower()
        stop = lowered in STOP_WORDS
        folded = lowered if lowered.isascii() else lowered.translate(accent_map())
        start, end = match.span()
        if where is not None:
            start, end = where[start][0], where[end - 1][1]
        yield Token(folded, porter_stem(folded) if stop else stem_of(raw), start, end, stop)


@dataclass(frozen=True, slots=True)
class Analyzed:
    """A paper's text as the index holds it."""

    weights: dict[str, float]
    """Stem → weight in the combined `text` field."""
    length: int
    """Words in the `text` field (its BM25 length)."""
    title: dict[str, float]
    """Stem → count in the title alone (the `title` field)."""
    forward: bytes
    """UTF-8: each part's stream (stems; stop words marked) separated and framed by spaces, parts separated by
    PART_SEPARATOR; the authors' part (author_stream) only when the paper names its authors."""
    parts: tuple[list[str], ...] = ()
    """Each text part's forward stream, authors not included (for the writer's pairs of common words; not
    stored)."""

    def pairs(self, common: frozenset[str] | set[str]) -> set[str]:
        """Side-by-side words of one part that make an index pair (pairable()), as "first second" (see PAIR_FIELD),
        so that a phrase of common words, stop words included ("the model"), is found without checking word order."""
        found: set[str] = set()
        for part in self.parts:
            found.update(f"{a} {b}" for a, b in pairwise(part) if pairable(a, b, common))
        return found


def pairable(first: str, second: str, common: frozenset[str] | set[str]) -> bool:
    """Whether two side-by-side words of the forward stream make an index pair: both common words, or a common
    word and a stop word (two stop words would be the longest posting lists of all, and find no phrase alone)."""
    if first in common:
        return second in common or second[0] == STOP_MARK
    return first[0] == STOP_MARK and second in common


@lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[str, ...]:
    """The words of an author's name as the index holds them: the Token.word of each of words(name) — folded
    (case, accents), not stemmed, none dropped (a name is no stop word: "An", "Will"). Remembered: a library
    names the same people again and again, and words() made a Token per word (~20 % of a build)."""
    if name.isascii():
        return tuple(_ASCII_WORD.findall(name.lower()))
    return tuple(word.lower().translate(accent_map()) for word in word_pattern().findall(fold(name)))


def author_stream(authors: Sequence[str]) -> str:
    """The forward stream's part for the authors: each name's words marked (AUTHOR_MARK), names separated."""
    names = (" ".join(AUTHOR_MARK + w for w in name_words(name)) for name in authors)
    return f" {f' {AUTHOR_SEPARATOR} '.join(n for n in names if n)} "


def analyse_paper(
    title: str, abstract: str = "", note: str = "", tagwords: str = "", authors: Sequence[str] = ()
) -> Analyzed:
    streams = [stream(part) if part else [] for part in (title, abstract, note, tagwords)]
    title_stems, *others = ([s for s in part if s[0] != STOP_MARK] for part in streams)
    title_counts: dict[str, float] = dict(Counter(title_stems))
    counts = Counter(others[0])
    for part in others[1:]:
        counts.update(part)
    weights: dict[str, float] = dict(counts)  # counts as weights: array("f") takes ints
    for s, n in title_counts.items():
        weights[s] = weights.get(s, 0) + n * TITLE_BOOST
    length = len(title_stems) + sum(len(p) for p in others)
    # Each part framed by spaces, so b" stem " finds whole stems and a phrase never spans two parts.
    forward = PART_SEPARATOR.join(f" {' '.join(p)} " for p in streams)
    if authors:  # most papers from pages have none: no empty part
        forward += PART_SEPARATOR + author_stream(authors)
    return Analyzed(weights, length, title_counts, forward.encode("utf-8"), tuple(streams))
