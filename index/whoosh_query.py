"""Turn a parsed query tree (index/query.py) into a Whoosh query, expanding prefixes against the index.

`None` means "nothing to search for here" (the part is skipped); `NullQuery` means "matches nothing" (a
prefix no index term starts with), which keeps AND honest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh import query as wq
from whoosh.query.compound import PreloadedOr

from papertui.index import prefix
from papertui.index.query import MIN_EXPLICIT_PREFIX, MIN_TYPING_PREFIX, And, Filter, Node, Not, Or, Text
from papertui.index.schema import TEXT_FIELDS, normalize_tag, words


def to_whoosh(node: Node | None, reader: Any) -> wq.Query | None:
    if node is None:
        return None
    if isinstance(node, Text):
        return _text(node, reader)
    if isinstance(node, Filter):
        return _filter(node, reader)
    if isinstance(node, Not):
        child = to_whoosh(node.child, reader)
        return None if child is None else wq.AndNot(wq.Every(), child)
    if isinstance(node, And):
        return _and(node, reader)
    return _or(node, reader)


def _and(node: And, reader: Any) -> wq.Query | None:
    # NOT parts become one AndNot on the rest: cheaper than Whoosh's Not, which walks every document.
    wanted: list[wq.Query] = []
    unwanted: list[wq.Query] = []
    for child in node.children:
        target, part = (unwanted, child.child) if isinstance(child, Not) else (wanted, child)
        q = to_whoosh(part, reader)
        if q is not None:
            target.append(q)
    if not wanted and not unwanted:
        return None
    base = wq.And(wanted) if len(wanted) > 1 else wanted[0] if wanted else wq.Every()
    if not unwanted:
        return base
    return wq.AndNot(base, wq.Or(unwanted) if len(unwanted) > 1 else unwanted[0])


def _or(node: Or, reader: Any) -> wq.Query | None:
    options = [q for q in (to_whoosh(child, reader) for child in node.children) if q is not None]
    if not options:
        return None
    return options[0] if len(options) == 1 else wq.Or(options)


def _any_field(fields: tuple[str, ...], make: Any) -> wq.Query:
    parts = [make(f) for f in fields]
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _text(node: Text, reader: Any) -> wq.Query | None:
    fields = node.fields or TEXT_FIELDS
    tokens = list(words(node.text))
    if node.kind in ("prefix", "typing") and tokens:
        *whole, last = tokens
        needed = MIN_TYPING_PREFIX if node.kind == "typing" else MIN_EXPLICIT_PREFIX
        if len(last.word) >= needed:
            limit = prefix.TYPING_LIMIT if node.kind == "typing" else prefix.EXPLICIT_LIMIT
            expanded = _expanded(fields, last.word, limit, reader)
            before = _words([t.stem for t in whole if not t.stop], fields, phrase=False)
            return expanded if before is None else wq.And([before, expanded])
    stems = [t.stem for t in tokens if not t.stop]
    return _words(stems, fields, phrase=True)


def _words(stems: list[str], fields: tuple[str, ...], *, phrase: bool) -> wq.Query | None:
    """All `stems` in one of `fields`: as a phrase (the index numbers positions without stop words, so the
    words of "state-of-the-art" are adjacent there), or each anywhere."""
    if not stems:
        return None
    if len(stems) == 1:
        return _any_field(fields, lambda f: wq.Term(f, stems[0]))
    if phrase:
        return _any_field(fields, lambda f: wq.Phrase(f, stems))
    return wq.And([_any_field(fields, lambda f, s=s: wq.Term(f, s)) for s in stems])


def _expanded(fields: tuple[str, ...], word: str, limit: int, reader: Any) -> wq.Query:
    terms = [wq.Term(f, t) for f in fields for t in prefix.expand(reader, f, word, limit=limit, stemmed=True)]
    return _union(terms)


def _union(terms: Sequence[wq.Query]) -> wq.Query:
    # Many terms: PreloadedOr adds up scores block by block in an array, 2-3x faster here than Whoosh's
    # default binary tree of union matchers (measured with 32 and 256 terms at 10k papers).
    if not terms:
        return wq.NullQuery
    return terms[0] if len(terms) == 1 else PreloadedOr(terms)


def _filter(node: Filter, reader: Any) -> wq.Query:
    # Filter fields are unscored (no lengths, weight 1), so a filter adds the same amount to every paper it
    # lets through and leaves the ranking to the words.
    if node.field != "tags":
        return wq.Term(node.field, node.value)
    tag = normalize_tag(node.value)
    if not node.prefix:
        return wq.Term("tags", tag)
    return _union([wq.Term("tags", t) for t in prefix.most_frequent(reader, "tags", tag, prefix.EXPLICIT_LIMIT)])
