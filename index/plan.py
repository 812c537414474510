"""Compile a parsed query (index/query.py) into a plan of index terms, once per search, for all segments.

The plan resolves what does not depend on a segment: which field a word is looked up in, its stem, the
completions of a prefix (every index term it starts; a typed prefix: its most frequent ones), each term's weight
(Whoosh's BM25F idf over the whole index), and the checks a paper must pass on its forward stream — word order for a
phrase, the part of the paper for `abstract:` and `note:`. `None` means "nothing to search for here" (the part
is skipped); `Nothing()` means "matches no paper" (a prefix no index term starts with), which keeps AND honest.

`author:` words are unscored filters on the names' words, checked on the forward stream's authors part when they
must stand side by side in one name. A plain word (or prefix) also finds the papers with that word in an author's
name, scored AUTHOR_WEIGHT: far below any match of the word in the text (see AUTHOR_WEIGHT).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from papertui.index import prefix
from papertui.index.analysis import AUTHOR_MARK, PARTS, STOP_MARK, pairable
from papertui.index.query import AUTHOR, MIN_EXPLICIT_PREFIX, MIN_TYPING_PREFIX, And, Filter, Node, Not, Text
from papertui.index.schema import (
    ARXIV_FIELD,
    AUTHOR_FIELD,
    CATEGORY_FIELD,
    PAIR_FIELD,
    TEXT_FIELD,
    TITLE_FIELD,
    Token,
    normalize_tag,
    words,
)

_WHERE = {
    (): (TEXT_FIELD, None),
    ("title",): (TITLE_FIELD, PARTS.index("title")),
    ("abstract",): (TEXT_FIELD, PARTS.index("abstract")),
    ("note",): (TEXT_FIELD, PARTS.index("note")),
}
"""Query fields → (index field looked up, forward-stream part the words must be in; None: anywhere)."""
AUTHOR_PART = PARTS.index("authors")
AUTHOR_WEIGHT = 0.01
"""The idf a name's word is scored with in a plain search. A match scores at most idf × (K1 + 1) = 0.022; a
match in the text scores idf ≥ 1 (Whoosh's idf of a word in every paper) × (K1 + 1) × w / (w + norm), below that
only for a text ~100 times the average length: a word in the title or abstract outranks the same name."""


@dataclass(frozen=True)
class Check:
    """The paper's forward stream must hold one of `options` (b" stem stem ") in part `part` (None: any); with
    `then`, the word right after that option must be one of `then` (a phrase ending in a prefix)."""

    part: int | None
    options: tuple[bytes, ...]
    then: frozenset[bytes] | None = None
    words: frozenset[bytes] | None = None
    """Instead of `options`: the part must hold one of these words (a prefix's completions: thousands of
    substring searches per paper took seconds for `abstract:ka*`; one set lookup per word does not)."""


def whoosh_idf(papers: int, df: int) -> float:
    """Whoosh's BM25F idf (whoosh.scoring.WeightingModel.idf), so stock Whoosh ranks as papertui does. papertui
    counts live papers only (`papers`, `df`); Whoosh counts deleted ones too until their segment is merged."""
    return math.log(papers / (df + 1)) + 1.0


@dataclass(frozen=True)
class Term:
    """A scored word: papers holding `text` in `field`, each scored by BM25 with this idf."""

    field: str
    text: str
    idf: float
    df: int


@dataclass(frozen=True)
class AnyTerm:
    """Papers holding any of the terms (a prefix's completions), scores added."""

    terms: tuple[Term, ...]
    key: int = field(default=0, compare=False)
    """A digest of the terms and their frequencies, computed once: the cache key of their scores (hashing
    thousands of terms again for every segment cost more than scoring them)."""


@dataclass(frozen=True)
class Filter_:
    """Papers holding any of `texts` in an unscored filter field (`df`: at most that many)."""

    field: str
    texts: tuple[str, ...]
    df: int = 0


@dataclass(frozen=True)
class Checked:
    """`child`'s papers that also pass every check."""

    child: Plan
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class AllOf:
    """Papers in every one of `wanted` (all papers when empty) and in none of `unwanted`."""

    wanted: tuple[Plan, ...]
    unwanted: tuple[Plan, ...]


@dataclass(frozen=True)
class OneOf:
    options: tuple[Plan, ...]


@dataclass(frozen=True)
class Nothing:
    pass


Plan = Term | AnyTerm | Filter_ | Checked | AllOf | OneOf | Nothing


def _framed(stems: str) -> bytes:
    return f" {stems} ".encode()


def _form(token: Token) -> str:
    """A query word as the forward stream holds it (index/analysis.py stream())."""
    return STOP_MARK + token.word if token.stop else token.stem


@dataclass(frozen=True)
class Capped:
    """A typed prefix searched with its most frequent completions only."""

    word: str
    used: int


class Compiler:
    """Resolves a query tree against the whole index (all segments)."""

    def __init__(self, lexicon: Any) -> None:
        self.reader = lexicon
        """index/terms.py's Lexicon (or a Whoosh reader): membership, frequencies, prefix completions."""
        self.papers = max(1, lexicon.doc_count())
        common = getattr(lexicon, "common_words", None)
        self.common: frozenset[str] = common() if common is not None else frozenset()
        self.capped: list[Capped] = []
        """The typed prefixes of the last compile() that stand for only some of their completions."""

    def term(self, field: str, text: str, df: int | None = None) -> Term:
        if df is None:
            df = self.reader.doc_frequency(field, text) if (field, text) in self.reader else 0
        return Term(field, text, whoosh_idf(self.papers, df), df)

    def compile(self, node: Node | None, negated: bool = False) -> Plan | None:
        """The plan of `node`; `negated`: under an odd number of NOTs (a prefix is then never capped: fewer
        completions would let papers through that hold one of the others)."""
        if node is None:
            return None
        if isinstance(node, Text):
            return self._text(node, negated)
        if isinstance(node, Filter):
            return self._filter(node)
        if isinstance(node, Not):
            child = self.compile(node.child, not negated)
            return None if child is None else AllOf((), (child,))
        if isinstance(node, And):
            wanted: list[Plan] = []
            unwanted: list[Plan] = []
            for part in node.children:
                target, inner = (unwanted, part.child) if isinstance(part, Not) else (wanted, part)
                compiled = self.compile(inner, negated ^ (target is unwanted))
                if compiled is not None:
                    target.append(compiled)
            if not wanted and not unwanted:
                return None
            if len(wanted) == 1 and not unwanted:
                return wanted[0]
            return AllOf(tuple(wanted), tuple(unwanted))
        options = [p for p in (self.compile(child, negated) for child in node.children) if p is not None]
        if not options:
            return None
        return options[0] if len(options) == 1 else OneOf(tuple(options))

    def _text(self, node: Text, negated: bool) -> Plan | None:
        if node.fields == (AUTHOR,):
            return self._author(node, negated)
        field, part = _WHERE.get(node.fields, (TEXT_FIELD, None))
        # The title has a field of its own; the other parts share `text`, so only a check can tell them apart.
        only = part if field == TEXT_FIELD else None
        tokens = list(words(node.text))
        if node.kind in ("prefix", "typing") and tokens:
            needed = MIN_TYPING_PREFIX if node.kind == "typing" else MIN_EXPLICIT_PREFIX
            if len(tokens[-1].word) >= needed:
                return self._prefix(node, (field, part, only), tokens, negated)
        stream = [_form(t) for t in tokens]
        stems = [t.stem for t in tokens if not t.stop]
        if not stems:
            return None
        terms = tuple(self.term(field, s) for s in dict.fromkeys(stems))
        if len(stream) == 1:
            if not node.fields:
                return self._or_name(terms[0], tokens[0].word)
            return terms[0] if only is None else Checked(terms[0], (Check(only, (_framed(stems[0]),)),))
        # A phrase (stop words included): its adjacent pairs of common words are index terms (schema.PAIR_FIELD),
        # so the papers that have them side by side are found without reading each paper's words. A two-word
        # phrase found that way needs no check of word order; a longer one is checked, but on far fewer papers.
        pairs = self._pairs(stream)
        plan = AllOf((*pairs, *terms), ())
        if len(stream) == 2 and pairs and part is None:
            return plan
        return Checked(plan, (Check(part, (_framed(" ".join(stream)),)),))

    def _pairs(self, stream: list[str]) -> tuple[Filter_, ...]:
        common = self.common
        if not common:  # a segment not written by index/writer.py holds no pairs at all
            return ()
        pairs = [f"{a} {b}" for a, b in pairwise(stream) if pairable(a, b, common)]
        return tuple(self.filter(PAIR_FIELD, (p,)) for p in dict.fromkeys(pairs))

    def _prefix(
        self, node: Text, where: tuple[str, int | None, int | None], tokens: list[Token], negated: bool
    ) -> Plan:
        """Words ending in a prefix: the words side by side (when more than one), the last any completion.
        `where`: the field looked up, the part the words must be in, and that part when only a check can tell."""
        field, part, only = where
        *whole, last = tokens
        limit = prefix.TYPING_LIMIT if node.kind == "typing" and not negated else None
        found = prefix.expand(self.reader, field, last.word, limit=limit, stemmed=True)
        names = prefix.Expansion({})
        if not node.fields and not whole:  # a plain prefix: the names' words it starts too
            names = prefix.expand(self.reader, AUTHOR_FIELD, last.word, limit=limit, stemmed=False)
        if names.terms:
            if found.capped or names.capped:
                # As many of the names' words as of the text's (TYPING_LIMIT each): one notice for the word.
                self.capped.append(Capped(last.word, len(found.terms if found.capped else names.terms)))
            name_terms = tuple(Term(AUTHOR_FIELD, t, AUTHOR_WEIGHT, df) for t, df in names.terms.items())
            in_names = AnyTerm(name_terms, hash((AUTHOR_FIELD, tuple(names.terms.items()))))
            if not found.terms:
                return in_names
            terms = tuple(self.term(field, t, df) for t, df in found.terms.items())
            return OneOf((AnyTerm(terms, hash((field, self.papers, tuple(found.terms.items())))), in_names))
        if found.capped:
            self.capped.append(Capped(last.word, len(found.terms)))
        if not found.terms:
            return Nothing()
        terms = tuple(self.term(field, t, df) for t, df in found.terms.items())
        expanded: Plan = AnyTerm(terms, hash((field, self.papers, tuple(found.terms.items()))))
        stems = [t.stem for t in whole if not t.stop]
        plan: Plan = AllOf((*(self.term(field, s) for s in dict.fromkeys(stems)), expanded), ()) if stems else expanded
        if whole:
            head = _framed(" ".join(_form(t) for t in whole))
            return Checked(plan, (Check(part, (head,), frozenset(t.encode() for t in found.terms)),))
        if only is None:
            return plan
        return Checked(plan, (Check(only, (), words=frozenset(t.encode() for t in found.terms)),))

    def _or_name(self, term: Term, word: str) -> Plan:
        """A plain word: in the text, or (scored AUTHOR_WEIGHT) in an author's name."""
        df = self.reader.doc_frequency(AUTHOR_FIELD, word) if (AUTHOR_FIELD, word) in self.reader else 0
        return OneOf((term, Term(AUTHOR_FIELD, word, AUTHOR_WEIGHT, df))) if df else term

    def _author(self, node: Text, negated: bool) -> Plan | None:
        """`author:` words: papers with each word in a name (a filter), side by side in one name when several;
        the last word may be a prefix (its completions among the names' words)."""
        names = [t.word for t in words(node.text)]
        if not names:
            return None
        completions: dict[str, int] | None = None
        if node.kind in ("prefix", "typing"):
            needed = MIN_TYPING_PREFIX if node.kind == "typing" else MIN_EXPLICIT_PREFIX
            if len(names[-1]) >= needed:
                last = names.pop()
                limit = prefix.TYPING_LIMIT if node.kind == "typing" and not negated else None
                found = prefix.expand(self.reader, AUTHOR_FIELD, last, limit=limit, stemmed=False)
                if found.capped:
                    self.capped.append(Capped(last, len(found.terms)))
                if not found.terms:
                    return Nothing()
                completions = found.terms
        parts = [self.filter(AUTHOR_FIELD, (w,)) for w in dict.fromkeys(names)]
        if completions is not None:
            parts.append(self.filter(AUTHOR_FIELD, tuple(completions)))
        plan: Plan = parts[0] if len(parts) == 1 else AllOf(tuple(parts), ())
        if len(names) + (completions is not None) == 1:
            return plan
        head = _framed(" ".join(AUTHOR_MARK + w for w in names))
        then = None if completions is None else frozenset((AUTHOR_MARK + t).encode() for t in completions)
        return Checked(plan, (Check(AUTHOR_PART, (head,), then),))

    def filter(self, field: str, texts: tuple[str, ...]) -> Filter_:
        return Filter_(field, texts, sum(self.reader.doc_frequency(field, t) for t in texts))

    def _filter(self, node: Filter) -> Plan:
        # Filter fields are unscored: a filter narrows the papers and leaves the ranking to the words.
        if node.field == CATEGORY_FIELD:
            return self._category(node)
        if node.field == ARXIV_FIELD and node.prefix:
            found = prefix.completions(self.reader, node.field, node.value)
            return self.filter(node.field, tuple(found)) if found else Nothing()
        if node.field != "tags":
            return self.filter(node.field, (node.value,))
        tag = normalize_tag(node.value)
        if not node.prefix:
            return self.filter("tags", (tag,))
        found = prefix.completions(self.reader, "tags", tag)
        return self.filter("tags", tuple(found)) if found else Nothing()

    def _category(self, node: Filter) -> Plan:
        """A category exactly; one without a dot is an archive as well: `cat:cs` is "cs" and every "cs.*"."""
        value = node.value
        if node.prefix:
            texts = tuple(prefix.completions(self.reader, CATEGORY_FIELD, value))
        elif "." in value:
            texts = (value,)
        else:
            texts = (value, *prefix.completions(self.reader, CATEGORY_FIELD, value + "."))
        return self.filter(CATEGORY_FIELD, texts) if texts else Nothing()
