"""papertui ranks as stock Whoosh does: its BM25 is Whoosh's BM25F (same idf, B, K1 and length bytes), so
Whoosh's own searcher over papertui's index, in a process without papertui, gives the same top ten and the
same scores on multi-word queries."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from stock_whoosh import REPO, STOCK_WHOOSH_PRELUDE

from papertui.index.cache import K1, B
from papertui.index.engine import PaperIndex
from papertui.index.folder import INDEX_NAME
from papertui.index.records import IndexDoc
from papertui.model import Paper, title_key

RANKED = (
    STOCK_WHOOSH_PRELUDE
    + r"""
from whoosh.scoring import BM25F

b, k1 = json.loads(sys.argv[5])
ix = open_dir(folder, indexname=indexname)
parser = QueryParser("text", ix.schema)
ranked = {}
with ix.searcher(weighting=BM25F(B=b, K1=k1)) as searcher:
    for query in queries:
        ranked[query] = [[hit["id"], hit.score] for hit in searcher.search(parser.parse(query), limit=None)]
print(json.dumps(ranked))
"""
)

WORDS = (
    "sparse attention diffusion graph neural robot vision language model training gradient lantern policy "
    "reward memory token encoder decoder retrieval benchmark"
).split()
QUERIES = [
    "sparse attention",
    "graph neural model",
    "diffusion OR robot",
    "language model training",
    "lantern OR reward OR memory",
    "attention NOT sparse",
    "token encod*",
    "title:graph vision",
]


def corpus(n: int = 120, seed: int = 11) -> list[IndexDoc]:
    rng = random.Random(seed)
    docs = []
    for number in range(n):
        title = " ".join(rng.choices(WORDS[:12], k=rng.randint(3, 7))) + f" {number}"
        abstract = " ".join(rng.choices(WORDS, k=rng.randint(5, 150)))  # lengths differ: the norms matter
        docs.append(IndexDoc(Paper(id=f"p{number:03d}", key=title_key(title), title=title, abstract=abstract)))
    return docs


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> PaperIndex:
    built = PaperIndex(tmp_path_factory.mktemp("ranking") / "index")
    built.rebuild(corpus())
    yield built
    built.close()


@pytest.fixture(scope="module")
def stock(index: PaperIndex) -> dict[str, list[list[object]]]:
    done = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            RANKED,
            str(index.folder),
            INDEX_NAME,
            str(REPO),
            json.dumps(QUERIES),
            json.dumps([B, K1]),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=index.folder,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("query", QUERIES)
def test_stock_whoosh_ranks_the_top_ten_as_papertui_does(index: PaperIndex, stock: dict, query: str) -> None:
    ours = [(hit.id, hit.score) for hit in index.search(query, limit=10).hits]
    theirs = {paper: score for paper, score in stock[query]}
    assert len(ours) == min(10, len(theirs)) >= 3, "the query finds papers"
    # Whoosh scores a paper that passes a NOT 1.0 for it (InverseMatcher's weight); papertui adds nothing.
    # The same for every paper: the order is unchanged.
    offset = 1.0 if " NOT " in query else 0.0
    # Each of our ten has Whoosh's score, and Whoosh's ten best scores are ours: papers with equal scores
    # may come in either order, and the tenth place may be any of a tie.
    for paper, score in ours:
        assert theirs[paper] - offset == pytest.approx(score, rel=1e-5), paper
    best = sorted(theirs.values(), reverse=True)[: len(ours)]
    assert [score + offset for _paper, score in ours] == pytest.approx(best, rel=1e-5)
