"""The index's word analysis, in one pass: split, lowercase, drop stop words, fold accents, Porter-stem.

Whoosh's analyzer chain (tokenizer | lowercase | stop | charset | stem) built a Token object per word and ran five
generators; at 100k papers that was ~40 % of an import. Here each distinct raw word is analysed once and
remembered (a paper's words repeat across the library), so a word costs a regex match and a dict lookup. The
index, the query side and the highlighter all use these functions, so they always agree on what a word is.

A paper's text is analysed into an `Analyzed`: the weight of each stem in the combined `text` field (a title
word counts TITLE_BOOST, any other word 1), the words of the title alone, and the forward stream — the stems of
each part in order, stop words kept as STOP_MARK + word, which the search checks phrases (stop words included)
and `abstract:` / `note:` restrictions against.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import cast

from whoosh.analysis import StopFilter
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map as _accent_map

TITLE_BOOST = 2.5
"""A word in the title counts this much more than the same word in the abstract or a note."""

PARTS = ("title", "abstract", "note", "tagwords")
"""The parts of the forward stream, in order (index = part number)."""
PART_SEPARATOR = "\n"

_WORD = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_ACCENTS = cast(dict[int, str], _accent_map)  # keyed by code point, though Whoosh's type says str
STOP_WORDS = frozenset(StopFilter().stops)
_CACHE_LIMIT = 400_000
"""Distinct raw words remembered; a library's vocabulary stays far below, a pathological paste is cut off."""
STOP_MARK = "~"
"""Marks a stop word in the forward stream ("~the"): no stem holds it, so a stop word never passes for a stem."""
_forms: dict[str, str] = {}
"""Raw word → its form in the forward stream: its stem, or STOP_MARK + the word for a stop word."""


def _analyse(raw: str) -> str:
    lowered = raw.lower()
    if lowered in STOP_WORDS:
        return STOP_MARK + lowered
    return porter_stem(lowered.translate(_ACCENTS))


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
    raw = _WORD.findall(text)
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
    """The words of `text` as the index splits them; stop words (which the index leaves out) are flagged."""
    for match in _WORD.finditer(text):
        raw = match.group()
        lowered = raw.lower()
        stop = lowered in STOP_WORDS
        folded = lowered.translate(_ACCENTS)
        yield Token(folded, porter_stem(folded) if stop else stem_of(raw), match.start(), match.end(), stop)


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
    PART_SEPARATOR."""
    parts: tuple[list[str], ...] = ()
    """Each part's forward stream (for the writer's pairs of common words; not stored)."""

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


def analyse_paper(title: str, abstract: str = "", note: str = "", tagwords: str = "") -> Analyzed:
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
    forward = PART_SEPARATOR.join(f" {' '.join(p)} " for p in streams).encode("utf-8")
    return Analyzed(weights, length, title_counts, forward, tuple(streams))
