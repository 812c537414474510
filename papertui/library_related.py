"""Related-work views as searches: `like:ID` lists the papers most like one paper, `suggested:TAG` the papers
suggested for a tag. Written first in a query, either one makes the rest of the query a filter on that list, so
the app's views, triage, selection and export (which all read a view through Library.search) work on them
unchanged, and `papertui search 'like:3kq9x2m has:code'` works from a script.

Both are rankings of the whole library (every paper sharing a word scores something), so a view lists the
RELATED_VIEW best; the notice says so, with how many papers scored at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from papertui.index.query import tag_filter
from papertui.index.records import SearchResult

if TYPE_CHECKING:
    from papertui.library import Library

RELATED_VIEW = 200
"""Papers a related view lists (the best of the ranking)."""

_SCOPE = re.compile(r'\s*(like|suggested):("(?:[^"\\]|\\.)*"|[^\s"]+)(?:\s+|$)(.*)', re.S)
_ESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True)
class RelatedScope:
    kind: str
    """ "like" or "suggested"."""
    value: str
    """A paper id (or unique prefix), or a tag."""
    rest: str
    """The rest of the query: a filter on the list."""


def split_related(query: str) -> RelatedScope | None:
    """The related scope a query starts with, if any."""
    match = _SCOPE.fullmatch(query)
    if match is None:
        return None
    kind, value, rest = match.groups()
    if value.startswith('"'):
        value = _ESCAPE.sub(r"\1", value[1:-1])
    return RelatedScope(kind, value, rest.strip()) if value else None


def like_query(paper_id: str) -> str:
    return f"like:{paper_id}"


def suggested_query(tag: str) -> str:
    return "suggested:" + tag_filter(tag).removeprefix("tag:")


def related_search(lib: Library, scope: RelatedScope, *, limit: int, sort: str, typing: bool) -> SearchResult:
    index = lib.index()
    if scope.kind == "like":
        paper = lib.paper(scope.value)
        result = index.similar(paper.id, RELATED_VIEW, within=scope.rest, typing=typing, sort=sort)
    else:
        result = index.suggest(scope.value, RELATED_VIEW, within=scope.rest, typing=typing, sort=sort)
    # The view holds what the ranking kept (and the query matched among it), whatever the total sharing a word.
    return replace(result, hits=result.hits[:limit], total=len(result.hits))
