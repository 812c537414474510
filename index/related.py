"""More like this, and papers suggested for a tag, from the index's word weights (index/vectors.py).

Both rank every paper by a dot product with a weighted word list, over the papers' `text` weights scaled to unit
length (raw counts, title words boosted). The weighting was chosen by measuring on the three shared page dumps
(each a search page on one topic; README "Finding related work"):

- similar: the paper's own weights × idf, idf = log(N/df) + 1 applied once (to the query side only). Share of the
  5 nearest from the same page: 0.769; TF-IDF cosine 0.734 (the issue's 0.73); BM25-style idf 0.745.
- suggest: Rocchio — the mean of the tagged papers' unit vectors, minus SUGGEST_LIBRARY × the library's mean
  vector, minus SUGGEST_SKIPPED × the mean of the skipped papers' — × idf, over the words the tagged and skipped
  papers hold. Subtracting the library mean is what beats the tag's centroid on a page with a broad topic:
  share of the top 20 from the page of 15 tagged papers, 0.965 / 0.940 (centroid: 0.950 / 0.670).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from papertui.errors import PapertuiError
from papertui.index import evaluate
from papertui.index.cache import SegmentCache
from papertui.index.choose import matching
from papertui.index.plan import Compiler
from papertui.index.query import parse
from papertui.index.readers import live_docs
from papertui.index.records import MIN_TAGGED, SearchResult, hit_from_stored
from papertui.index.schema import TEXT_FIELD, normalize_tag
from papertui.index.terms import Lexicon
from papertui.index.vectors import SegmentVectors, VectorCache
from papertui.index.whoosh_compat import segment_leaves

SUGGEST_LIBRARY = 0.7
SUGGEST_SKIPPED = 0.5


@dataclass
class Part:
    """One segment: its vectors, which of its papers are live, and where its doc numbers start."""

    leaf: Any
    offset: int
    vectors: SegmentVectors
    live: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Ranked:
    leaf: Any
    docnum: int
    score: float


@dataclass(frozen=True)
class Ranking:
    best: tuple[Ranked, ...]
    total: int
    """Papers that share at least one word with the query side (the rest score nothing)."""


Order = Callable[[Any], Callable[[int, float], Any]]
"""A sort order: given a segment reader, the key (ascending: first is best) of a paper from its doc number and
score (index/engine.py's sort orders)."""

_TAGGED, _SKIPPED, _DEAD = 1, 2, 3


class Related:
    """The segments of one reader, ready to rank. Scores use unit weights (index/vectors.py)."""

    def __init__(self, parts: Sequence[Part]) -> None:
        self.parts = list(parts)
        self.papers = sum(int(np.count_nonzero(p.live)) for p in self.parts)

    def idf(self, df: Any) -> Any:
        """log(N/df) + 1 of a document frequency, or of an array of them (the classic idf: see the module)."""
        return np.log(self.papers / np.maximum(df, 1)) + 1.0

    def similar(self, leaf: Any, docnum: int, limit: int) -> Ranking:
        """Few words (a paper's own), so word by word: a slice of each word's postings."""
        part = next(p for p in self.parts if p.leaf is leaf)
        query = part.vectors.doc_terms(docnum)
        scores = [np.zeros(len(p.live), np.float32) for p in self.parts]
        touched = [np.zeros(len(p.live), bool) for p in self.parts]
        for term, weight in query.items():
            postings = [p.vectors.slice(term) for p in self.parts]
            df = sum(int(np.count_nonzero(p.live[s[0]])) for p, s in zip(self.parts, postings, strict=True) if s)
            weighted = np.float32(weight * self.idf(df))
            for found, into, seen in zip(postings, scores, touched, strict=True):
                if found is not None:
                    ids, unit = found
                    into[ids] += weighted * unit  # a word holds each paper once
                    seen[ids] = True
        exclude = [np.zeros(len(p.live), bool) for p in self.parts]
        exclude[self.parts.index(part)][docnum] = True
        return self._best(scores, touched, exclude, limit)

    def suggest(
        self,
        positive: Callable[[Part], npt.NDArray[np.bool_]],
        negative: Callable[[Part], npt.NDArray[np.bool_]],
        limit: int,
        label: str,
    ) -> Ranking:
        """Thousands of words (all the tagged and skipped papers hold), so a whole segment at a time: the
        library-wide sums come from each segment's per-word totals less its deleted papers' postings."""
        kinds = []
        for part in self.parts:
            kind = np.where(part.live, 0, _DEAD).astype(np.int8)
            kind[negative(part) & part.live] = _SKIPPED
            kind[positive(part) & part.live] = _TAGGED
            kinds.append(kind)
        n_pos = sum(int(np.count_nonzero(k == _TAGGED)) for k in kinds)
        n_neg = sum(int(np.count_nonzero(k == _SKIPPED)) for k in kinds)
        if n_pos < MIN_TAGGED:
            raise PapertuiError(f"suggestions need at least {MIN_TAGGED} papers tagged {label} ({n_pos} are)")
        marked = [self._marked_postings(part, kind) for part, kind in zip(self.parts, kinds, strict=True)]
        support = sorted(
            {
                p.vectors.terms[t]
                for p, (_at, terms, kind) in zip(self.parts, marked, strict=True)
                for t in np.unique(terms[kind != _DEAD])
            }
        )
        size = len(support)
        in_all, in_pos, in_neg, df = (np.zeros(size) for _ in range(4))
        places = []
        for part, (at, terms, kind) in zip(self.parts, marked, strict=True):
            vectors = part.vectors
            place = vectors.places(support)
            held = place >= 0
            in_all[held] += vectors.unit_sums()[place[held]]
            df[held] += np.diff(vectors.starts)[place[held]]
            to_support = np.full(len(vectors.terms), -1, dtype=np.intp)
            to_support[place[held]] = np.flatnonzero(held)
            word = to_support[terms]
            unit = vectors.weights[at].astype(np.float64)
            for code, into, sign in ((_DEAD, in_all, -1.0), (_TAGGED, in_pos, 1.0), (_SKIPPED, in_neg, 1.0)):
                chosen = (kind == code) & (word >= 0)
                into += sign * np.bincount(word[chosen], weights=unit[chosen], minlength=size)
                if code == _DEAD:
                    df -= np.bincount(word[chosen], minlength=size)
            places.append(place)
        rocchio = in_pos / n_pos - SUGGEST_LIBRARY * in_all / self.papers
        if n_neg:
            rocchio -= SUGGEST_SKIPPED * in_neg / n_neg
        query = rocchio * self.idf(df)
        scores, touched = [], []
        for part, place in zip(self.parts, places, strict=True):
            vectors = part.vectors
            per_term = np.zeros(len(vectors.terms), dtype=np.float32)
            held = place >= 0
            per_term[place[held]] = query[held]
            weighted = vectors.spread(per_term) * vectors.weights
            score = np.bincount(vectors.ids, weights=weighted, minlength=len(part.live)).astype(np.float32)
            scores.append(score)
            touched.append(score != 0)  # a second pass for "holds a support word" cost ~50 ms at 100k papers
        exclude = [(k == _TAGGED) | (k == _SKIPPED) for k in kinds]
        return self._best(scores, touched, exclude, limit)

    @staticmethod
    def _marked_postings(
        part: Part, kind: npt.NDArray[np.int8]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.int8]]:
        """The postings of the segment's tagged, skipped and deleted papers: positions, terms, kinds."""
        of_posting = kind[part.vectors.ids]
        at = np.flatnonzero(of_posting)
        return at, part.vectors.terms_at(at), of_posting[at]

    def _best(
        self,
        scores: list[npt.NDArray[np.float32]],
        touched: list[npt.NDArray[np.bool_]],
        exclude: list[npt.NDArray[np.bool_]],
        limit: int,
    ) -> Ranking:
        candidates: list[tuple[float, int, int, int]] = []
        total = 0
        for index, (part, score, seen, out) in enumerate(zip(self.parts, scores, touched, exclude, strict=True)):
            ok = np.flatnonzero(seen & part.live & ~out)
            total += len(ok)
            if len(ok) > limit:
                ok = ok[np.argpartition(-score[ok], limit - 1)[:limit]]
            candidates.extend((-float(score[d]), part.offset + int(d), index, int(d)) for d in ok)
        candidates.sort()
        best = tuple(Ranked(self.parts[i].leaf, d, -neg) for neg, _g, i, d in candidates[:limit])
        return Ranking(best, total)


def open_related(reader: Any, cache: SegmentCache, vectors: VectorCache) -> Related:
    parts = []
    for leaf, offset in segment_leaves(reader):
        tables = cache.tables(leaf)
        dead = cache.deleted(leaf)  # the search's own record of the segment's deleted papers
        live = ~dead.mask() if dead.dead else np.ones(leaf.doc_count_all(), dtype=bool)
        parts.append(Part(leaf, offset, vectors.of(leaf, tables.get(TEXT_FIELD) if tables else None), live))
    return Related(parts)


def term_mask(cache: SegmentCache, fieldname: str, term: str) -> Callable[[Part], npt.NDArray[np.bool_]]:
    """A segment's papers holding an exact term (a tag, a triage state)."""

    def mask(part: Part) -> npt.NDArray[np.bool_]:
        found = np.zeros(len(part.live), dtype=bool)
        postings = cache.postings(part.leaf, fieldname, term)
        if postings:
            found[np.asarray(postings[0], dtype=np.intp)] = True
        return found

    return mask


def rank_similar(reader: Any, cache: SegmentCache, vectors: VectorCache, paper_id: str, limit: int) -> Ranking:
    docs = live_docs(reader, paper_id)
    if not docs:
        raise PapertuiError(f"paper {paper_id} is not in the search index")
    related = open_related(reader, cache, vectors)
    part = max((p for p in related.parts if p.offset <= docs[0]), key=lambda p: p.offset)
    return related.similar(part.leaf, docs[0] - part.offset, max(1, limit))


def rank_suggested(reader: Any, cache: SegmentCache, vectors: VectorCache, tag: str, limit: int) -> Ranking:
    related = open_related(reader, cache, vectors)
    tagged = term_mask(cache, "tags", normalize_tag(tag))
    skipped = term_mask(cache, "triage", "skipped")
    return related.suggest(tagged, skipped, max(1, limit), f'"{tag}"')


def as_result(
    ranking: Ranking, reader: Any, cache: SegmentCache, within: str, typing: bool, order: Order | None = None
) -> SearchResult:
    """The ranking's papers as result rows; with a query `within`, only those it matches (then `total` counts
    them, else every paper that scored); with an `order` (the engine's sort orders), in that order. The notice
    says how the list was cut."""
    best: Sequence[Ranked] = ranking.best
    total, hint = ranking.total, None
    terms: tuple[str, ...] = ()
    if within.strip():
        parsed = parse(within, typing=typing)
        hint, terms = (" ".join(parsed.hints) or None), parsed.terms
        plan = Compiler(Lexicon(reader, cache.tables, cache.deleted)).compile(parsed.root)
        if plan is not None:
            wanted: dict[str, list[int]] = {}
            for r in best:
                wanted.setdefault(r.leaf.segment().segment_id(), []).append(r.docnum)
            keep = matching(evaluate.Run(reader, cache, None), plan, wanted)
            best = [r for r in best if (r.leaf.segment().segment_id(), r.docnum) in keep]
        total = len(best)
    if order is not None:
        best = sorted(best, key=lambda r: order(r.leaf)(r.docnum, r.score))  # a few hundred papers at most
    hits = tuple(hit_from_stored(cache.stored_fields(r.leaf, r.docnum), r.score) for r in best)
    return SearchResult(hits, total, terms, hint, notice=f"top {len(ranking.best)} of {ranking.total:,} related")
