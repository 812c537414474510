"""Prefix expansion that stays fast and understands stemming.

A prefix the user ends with `*` stands for every index term it starts (exact); the word being typed in the app
stands for its TYPING_LIMIT most frequent completions only (it is searched again at the next key), and the
search result says so. The terms come from each segment's sorted term list (index/terms.py), not from Whoosh's
Prefix query, which took 20–30 s for a 1–2 character word at 100k papers.

Stemmed fields hold "learn" for "learning", so the typed "learni" is a prefix of no index term. The
stem-aware part adds index terms up to 4 characters shorter than the typed word, but only those that are the
stem of a plausible completion ("learni" + "ng" → "learn"): every shorter prefix would make "model" find
"mode".
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from itertools import islice
from typing import Any

from whoosh.lang.porter import stem

TYPING_LIMIT = 8
EXPLICIT_LIMIT = 64
"""Only for a Whoosh reader without saved term lists (most_frequent); explicit prefixes are not capped."""
SCAN_LIMIT = 5000
"""Dictionary entries read per field and prefix; keeps a short, common prefix quick on a big index."""

_COMPLETIONS = (
    *("", "s", "e", "d", "l", "n", "g", "t", "es", "ed", "er", "al", "on", "ng", "nt", "ly", "ic"),
    *("ing", "ion", "ions", "tion", "ive", "ity", "ent", "ents", "ence", "ant", "ance", "ous", "ics"),
    *("ment", "ness", "ation", "ize", "ization", "ical"),
)
"""Endings that turn a partly typed word into one whose Porter stem is shorter than what was typed."""
STEM_SLACK = 4
"""How much shorter than the typed word such a stem may be ("generatio" → "gener")."""
MIN_STEM = 3


def _decode(raw: bytes | str) -> str:
    return raw.decode("utf-8") if isinstance(raw, bytes) else raw


def completions(reader: Any, field: str, prefix: str) -> dict[str, int]:
    """Every index term of `field` starting with `prefix`, with its document frequency. `reader` is a Whoosh
    reader, or anything with a `completions(field, prefix)` method (index/terms.py's Lexicon: fast)."""
    if not prefix:
        return {}
    every = getattr(reader, "completions", None)
    if every is not None:
        return dict(every(field, prefix))
    return {_decode(text): info.doc_frequency() for text, info in reader.iter_prefix(field, prefix)}


def most_frequent(reader: Any, field: str, prefix: str, limit: int) -> list[str]:
    """Up to `limit` index terms of `field` starting with `prefix`, most documents first. `reader` is a Whoosh
    reader, or anything with a `frequent(field, prefix, limit)` method (index/terms.py's Lexicon: fast)."""
    if not prefix:
        return []
    frequent = getattr(reader, "frequent", None)
    if frequent is not None:
        return list(frequent(field, prefix, limit))
    entries = islice(reader.iter_prefix(field, prefix), SCAN_LIMIT)
    best = heapq.nlargest(limit, entries, key=lambda entry: entry[1].doc_frequency())
    return [_decode(text) for text, _info in best]


def shorter_stems(word: str) -> list[str]:
    """Stems of plausible completions of `word` that are themselves a prefix of it ("learni" → "learn")."""
    found = (stem(word + ending) for ending in _COMPLETIONS)
    return [
        s
        for s in dict.fromkeys(found)
        if s != word and word.startswith(s) and len(s) >= max(MIN_STEM, len(word) - STEM_SLACK)
    ]


def completion_stems(word: str) -> list[str]:
    """shorter_stems(), and the stem of `word` itself when it is a whole word already ("scaling" → "scale",
    which no prefix rule reaches: the stem drops a letter the typed word has)."""
    return list(dict.fromkeys([*shorter_stems(word), stem(word)]))


@dataclass(frozen=True)
class Expansion:
    """The index terms a prefix stands for, with their document frequencies; `capped`: more terms start with
    the prefix than `terms` holds."""

    terms: dict[str, int]
    capped: bool = False


def expand(reader: Any, field: str, word: str, *, limit: int | None, stemmed: bool) -> Expansion:
    """Index terms of `field` for the folded `word` typed as a prefix: every term starting with it (its `limit`
    most frequent ones when a limit is given), plus, in a stemmed field, the stems of its completions that are
    shorter than it and that the index holds."""
    if limit is None:
        terms, capped = completions(reader, field, word), False
    else:
        frequent = getattr(reader, "frequent_and_more", None)
        if frequent is not None:
            top, capped = frequent(field, word, limit)
        else:
            every = completions(reader, field, word)
            top, capped = heapq.nlargest(limit, every, key=every.__getitem__), len(every) > limit
        terms = {t: reader.doc_frequency(field, t) for t in top}
    if stemmed:
        for s in completion_stems(word):
            if s not in terms and (field, s) in reader:
                terms[s] = reader.doc_frequency(field, s)
    return Expansion(terms, capped)
