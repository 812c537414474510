"""A brute-force reference for the query language: which papers a query matches, read straight from each paper's
text, word by word, with no index. The engine must return exactly these papers (tests/index/test_exact_search.py).

It parses with the engine's own parser (the syntax is one thing; what the tree means is what is checked here) and
splits text with the index's analysis (index/analysis.py words()), so both agree on what a word is. The meaning:

- a word: a paper holding a word with the same stem (stop words alone match nothing: the part is left out);
- several words in one term ("zero-shot", or a quoted phrase): those words side by side in one part of the paper,
  in that order, stop words included (a stop word matches the same stop word);
- a prefix (the last word of the term ends in `*`): any word whose stem starts with it, or whose stem is one of
  the "stems of plausible completions" (index/prefix.py completion_stems, e.g. `learni*` → learn);
- `title:` / `abstract:` / `note:` restrict the words to that part; filters compare the paper's user data;
- a plain word (one word, or a prefix alone) also matches a word of an author's name: the same folded word (names
  are not stemmed), or for a prefix a word starting with it;
- `author:` words: those words side by side, in that order, in one author's name (stop words count: "An" is a
  name), the last one maybe a prefix;
- `cat:` a category (lowercase), one without a dot also every category of that archive ("cs" and "cs.*");
  `id:` the arXiv id as query.arxiv_key spells it, a prefix while typing or with `*`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from papertui.index.analysis import Token
from papertui.index.prefix import completion_stems
from papertui.index.query import (
    AUTHOR,
    MIN_EXPLICIT_PREFIX,
    MIN_TYPING_PREFIX,
    And,
    Filter,
    Node,
    Not,
    Or,
    Text,
    arxiv_key,
    parse,
)
from papertui.index.records import IndexDoc
from papertui.index.schema import normalize_tag, words

PART_NAMES = ("title", "abstract", "note", "tagwords")


@dataclass(frozen=True)
class RefPaper:
    id: str
    parts: dict[str, list[Token]]
    tags: tuple[str, ...]
    has_code: bool
    year: str | None
    triage: str
    authors: tuple[list[str], ...]
    """Each author's name as its folded words, in order."""
    categories: frozenset[str]
    arxiv_id: str | None


def ref_paper(doc: IndexDoc) -> RefPaper:
    user = doc.user
    tags = tuple(t.strip() for t in (user.tags if user else ()) if normalize_tag(t))
    texts = {
        "title": doc.paper.title,
        "abstract": doc.paper.abstract,
        "note": user.note if user else "",
        "tagwords": " ".join(tags),
    }
    date = doc.paper.date or ""
    year = date[:4] if len(date) >= 4 and date[:4].isdigit() else None
    return RefPaper(
        doc.paper.id,
        {name: list(words(text)) for name, text in texts.items()},
        tags,
        doc.paper.has_code,
        year,
        user.triage if user else "unseen",
        tuple([t.word for t in words(name)] for name in doc.paper.authors),
        frozenset(c.lower() for c in doc.paper.categories),
        arxiv_key(doc.paper.arxiv_id) if doc.paper.arxiv_id else None,
    )


def _same(query: Token, paper: Token) -> bool:
    if query.stop or paper.stop:
        return query.stop and paper.stop and query.word == paper.word
    return query.stem == paper.stem


@cache
def _extra_stems(prefix: str) -> frozenset[str]:
    return frozenset(completion_stems(prefix))


def _completes(prefix: str, paper: Token) -> bool:
    return not paper.stop and (paper.stem.startswith(prefix) or paper.stem in _extra_stems(prefix))


def _in_part(tokens: list[Token], query: list[Token], prefix: str | None) -> bool:
    """`query` (then a word completing `prefix`, if any) side by side somewhere in `tokens`."""
    width = len(query) + (prefix is not None)
    for start in range(len(tokens) - width + 1):
        if all(_same(q, tokens[start + i]) for i, q in enumerate(query)) and (
            prefix is None or _completes(prefix, tokens[start + len(query)])
        ):
            return True
    return False


def _in_name(name: list[str], query: list[str], prefix: str | None) -> bool:
    """`query` (then a word starting with `prefix`, if any) side by side in one author's name words."""
    width = len(query) + (prefix is not None)
    for start in range(len(name) - width + 1):
        if name[start : start + len(query)] == query and (
            prefix is None or name[start + len(query)].startswith(prefix)
        ):
            return True
    return False


class Reference:
    def __init__(self, docs: Sequence[IndexDoc]) -> None:
        self.papers = [ref_paper(doc) for doc in docs]
        self.all = frozenset(p.id for p in self.papers)

    def matches(self, query: str, *, typing: bool = False) -> frozenset[str]:
        """The ids of the papers `query` matches (empty when it has nothing to search for)."""
        found = self._node(parse(query, typing=typing).root)
        return frozenset() if found is None else found

    def _node(self, node: Node | None) -> frozenset[str] | None:
        """None: nothing to search for here (the engine leaves such a part out)."""
        if node is None:
            return None
        if isinstance(node, Text):
            return self._text(node)
        if isinstance(node, Filter):
            return frozenset(p.id for p in self.papers if _passes(node, p))
        if isinstance(node, Not):
            inner = self._node(node.child)
            return None if inner is None else self.all - inner
        parts = [found for found in (self._node(child) for child in node.children) if found is not None]
        if not parts:
            return None
        if isinstance(node, And):
            return frozenset.intersection(*parts)
        assert isinstance(node, Or)
        return frozenset.union(*parts)

    def _text(self, node: Text) -> frozenset[str] | None:
        tokens = list(words(node.text))
        prefix = None
        if node.kind in ("prefix", "typing") and tokens:
            needed = MIN_TYPING_PREFIX if node.kind == "typing" else MIN_EXPLICIT_PREFIX
            if len(tokens[-1].word) >= needed:
                prefix = tokens.pop().word
        if node.fields == (AUTHOR,):
            if prefix is None and not tokens:
                return None
            name = [t.word for t in tokens]
            return frozenset(p.id for p in self.papers if any(_in_name(a, name, prefix) for a in p.authors))
        if prefix is None and all(t.stop for t in tokens):
            return None
        names = {"title": ("title",), "abstract": ("abstract",), "note": ("note",)}.get(
            node.fields[0] if node.fields else "", PART_NAMES
        )
        in_text = {p.id for p in self.papers if any(_in_part(p.parts[name], tokens, prefix) for name in names)}
        alone = not tokens if prefix is not None else len(tokens) == 1
        if node.fields or not alone:
            return frozenset(in_text)
        word = [] if prefix is not None else [tokens[0].word]
        return frozenset(in_text | {p.id for p in self.papers if any(_in_name(a, word, prefix) for a in p.authors)})


def _passes(node: Filter, paper: RefPaper) -> bool:
    if node.field == "tags":
        tags = {normalize_tag(t) for t in paper.tags}
        wanted = normalize_tag(node.value)
        return any(t.startswith(wanted) for t in tags) if node.prefix else wanted in tags
    if node.field == "tagged":
        return not paper.tags
    if node.field == "has_code":
        return paper.has_code
    if node.field == "year":
        return paper.year == node.value
    if node.field == "categories":
        if node.prefix:
            return any(c.startswith(node.value) for c in paper.categories)
        if "." in node.value:
            return node.value in paper.categories
        return any(c == node.value or c.startswith(node.value + ".") for c in paper.categories)
    if node.field == "arxiv_id":
        if paper.arxiv_id is None:
            return False
        return paper.arxiv_id.startswith(node.value) if node.prefix else paper.arxiv_id == node.value
    assert node.field == "triage"
    return paper.triage == node.value
