"""How good "more like this" and tag suggestions are, on the three shared page dumps, beside the baselines the
issue names: the figures of README "Finding related work".

    python bench/related_quality.py [--seeds ../shared/seeds]

Each dump is a Hugging Face search page on one topic (b is a daily page). more like this: for every paper found
on one page only, the share of its 5 most similar papers found on that page. suggestions: 15 random papers of a
page tagged (10 draws, seed 7), the share of the top 20 suggestions found on that page. Baselines: cosine of
TF-IDF vectors (log(N/df) + 1, title + abstract words) for the first; for the second, the TF-IDF cosine to the
centroid of the tagged papers.
"""

from __future__ import annotations

import argparse
import math
import random
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from papertui.index.analysis import analyse_paper
from papertui.ingest.hf_page import parse_hf_page
from papertui.ingest.text import read_text_file
from papertui.library import Library
from papertui.model import title_key

PAGES = ("hf-papers-search-a.txt", "hf-daily-papers-b.txt", "hf-papers-search-c.txt")
SEARCH_PAGES = ("hf-papers-search-a.txt", "hf-papers-search-c.txt")


def tfidf_rows(lib: Library, ids: list[str]) -> np.ndarray:
    papers = lib.papers(ids)
    weights = [analyse_paper(papers[i].title, papers[i].abstract).weights for i in ids]
    df = Counter(t for w in weights for t in w)
    column = {t: n for n, t in enumerate(df)}
    rows = np.zeros((len(ids), len(df)))
    for r, w in enumerate(weights):
        for t, value in w.items():
            rows[r, column[t]] = value * (math.log(len(ids) / df[t]) + 1)
    return rows / np.linalg.norm(rows, axis=1)[:, None]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "seeds")
    seeds = ap.parse_args().seeds
    lib = Library(Path(tempfile.mkdtemp(prefix="papertui-quality-")) / "library")
    where: dict[str, set[str]] = defaultdict(set)
    for name in PAGES:
        lib.import_file(seeds / name)
        for paper in parse_hf_page(read_text_file(seeds / name)).papers:
            where[title_key(paper.title)].add(name)
    ids = lib.browse("title")
    pages = [where[lib.paper(i).key] for i in ids]
    rows = tfidf_rows(lib, ids)
    cosine = rows @ rows.T
    np.fill_diagonal(cosine, -np.inf)

    ours, base = [], []
    for n, pid in enumerate(ids):
        if len(pages[n]) == 1:
            near = [ids.index(h.id) for h in lib.similar(pid, 5).hits]
            ours.append(sum(pages[n] <= pages[m] for m in near) / 5)
            base.append(sum(pages[n] <= pages[m] for m in np.argsort(-cosine[n], kind="stable")[:5]) / 5)
    print(f"more like this, P@5 over {len(ours)} papers: papertui {np.mean(ours):.3f}, TF-IDF cosine {np.mean(base):.3f}")

    for page in SEARCH_PAGES:
        members = [n for n in range(len(ids)) if page in pages[n]]
        rng = random.Random(7)
        ours, base = [], []
        for draw in range(10):
            tagged = rng.sample(members, 15)
            tag = f"quality-{draw}"
            lib.tag([ids[n] for n in tagged], [tag])
            ours.append(sum(page in pages[ids.index(h.id)] for h in lib.suggest(tag, 20).hits) / 20)
            lib.undo()
            centroid = rows @ rows[tagged].mean(axis=0)
            centroid[tagged] = -np.inf
            base.append(sum(page in pages[m] for m in np.argsort(-centroid, kind="stable")[:20]) / 20)
        print(f"suggestions, top 20 from {page}: papertui {np.mean(ours):.3f}, TF-IDF centroid {np.mean(base):.3f}")
    lib.close()


if __name__ == "__main__":
    main()
