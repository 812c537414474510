"""A brute-force statement of what index/related.py computes, from each paper's analysed words (no index)."""

from __future__ import annotations

import math
from collections import Counter

from papertui.index.engine import IndexDoc
from papertui.index.schema import to_fields


def weights_of(doc: IndexDoc) -> dict[str, float]:
    return dict(to_fields(doc.paper, doc.user)["text"].weights)


def similar_scores(docs: list[IndexDoc], paper_id: str) -> dict[str, float]:
    vectors = {d.paper.id: weights_of(d) for d in docs}
    df = Counter(t for v in vectors.values() for t in v)
    idf = {t: math.log(len(vectors) / n) + 1 for t, n in df.items()}
    query = vectors[paper_id]
    query_norm = math.sqrt(sum(w * w for w in query.values()))  # the index keeps unit weights only
    out = {}
    for pid, vec in vectors.items():
        shared = [t for t in query if t in vec]
        if pid == paper_id or not shared:
            continue
        norm = math.sqrt(sum(w * w for w in vec.values()))
        out[pid] = sum(query[t] * idf[t] * vec[t] for t in shared) / norm / query_norm
    return out


def suggest_scores(docs: list[IndexDoc], tag: str, library: float, skipped: float) -> dict[str, float]:
    vectors = {d.paper.id: weights_of(d) for d in docs}
    units = {}
    for pid, vec in vectors.items():
        norm = math.sqrt(sum(w * w for w in vec.values()))
        units[pid] = {t: w / norm for t, w in vec.items()}
    tagged = {d.paper.id for d in docs if d.user and tag in [t.casefold() for t in d.user.tags]}
    skip = {d.paper.id for d in docs if d.user and d.user.triage == "skipped"} - tagged
    df = Counter(t for v in vectors.values() for t in v)
    n = len(vectors)
    support = {t for pid in tagged | skip for t in vectors[pid]}
    query = {}
    for t in support:
        value = sum(units[p].get(t, 0.0) for p in tagged) / len(tagged)
        value -= library * sum(u.get(t, 0.0) for u in units.values()) / n
        if skip:
            value -= skipped * sum(units[p].get(t, 0.0) for p in skip) / len(skip)
        query[t] = value * (math.log(n / df[t]) + 1)
    out = {}
    for pid, unit in units.items():
        shared = [t for t in query if t in unit]
        if pid in tagged or pid in skip or not shared:
            continue
        out[pid] = sum(query[t] * unit[t] for t in shared)
    return out
