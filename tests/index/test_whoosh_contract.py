"""The index is a real Whoosh index: stock Whoosh, in a process that cannot import papertui, opens it with
`whoosh.index.open_dir`, parses queries with its own `QueryParser` and finds the same papers as papertui."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from stock_whoosh import REPO, STOCK_WHOOSH_PRELUDE

from papertui.index.folder import INDEX_NAME
from papertui.library import Library
from papertui.model import ParsedPaper

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

STOCK_WHOOSH = (
    STOCK_WHOOSH_PRELUDE
    + r"""
ix = open_dir(folder, indexname=indexname)
parser = QueryParser("text", ix.schema)
found = {}
with ix.searcher() as searcher:
    for query in queries:
        found[query] = sorted(hit["id"] for hit in searcher.search(parser.parse(query), limit=None))
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "papertui")
print(json.dumps({"found": found, "papertui_modules": loaded}))
"""
)

# Non-ASCII words as a user types them in NFC (composed accents, a ligature, full-width letters).
UNICODE_PAGE = """Get trending papers in your email inbox once a day!
Get trending papers in your email inbox!
SubscribeA Naïve Baseline for Fine-Tuning Tülu Models
We show that a naïve baseline, fine-tuned with care, matches Tülu on ten benchmarks of the Ｅｖａｌ suite.
Ligatures in Scanned Papers: the ﬁne Print
Scanned papers spell ﬁne-tuning with a ligature; models trained on them still learn the naive spelling.
The Σίσυφος Benchmark of Endless Tasks
Agents push a boulder uphill forever; a ½ step back is a failure.
"""

QUERIES = [
    # single terms (stemmed: "models" finds "model", "Denoising" finds "denoise")
    "lantern",
    "models",
    "Denoising",
    "attention",
    "gradients",
    # AND, OR, NOT
    "sparse attention",
    "sparse AND attention",
    "lantern OR diffusion",
    "attention NOT sparse",
    "training AND NOT warmup",
    "(lantern OR gradients) AND code",
    # prefix
    "diffus*",
    "lant*",
    "grad*",
    # title:, note words, tags:
    "title:diffusion",
    "title:gradients",
    "zebra",
    "tags:reading",
    "tags:urgent",
    "tags:Urgent",
    "tags:reading AND lantern",
    "tags:reading OR zebra",
    # NFC non-ASCII, as typed
    "naïve",
    "NAÏVE",
    "naive",
    "tülu",
    "ﬁne-tuning",
    "fine-tuning",
    "ｅｖａｌ",
    "title:ﬁne",
    "σίσυφος",
    # decomposed (a letter, then its combining accent), as some PDFs give it
    "nai\u0308ve",
    "NAI\u0308VE",
]

# papertui's query → the same in stock Whoosh's field names (the arXiv metadata of METADATA).
FIELDED = [
    ("author:jorg", "authors:jorg"),
    ("author:JÖRG", "authors:JÖRG"),
    ("author:hinton", "authors:hinton"),
    ("author:hint*", "authors:hint*"),
    ("cat:cs.CV", "categories:cs.CV"),
    ("cat:cs", "categories:cs OR categories:cs.*"),
    ("cat:CS.lg", "categories:cs.lg"),
    ("cat:hep-th", "categories:hep-th"),
    ("id:2301.00001", "arxiv_id:2301.00001"),
    ("id:cs/9912001", "arxiv_id:cs/9912001"),
    ("author:hinton cat:cs.lg", "authors:hinton AND categories:cs.lg"),
]
METADATA = [
    ParsedPaper(
        "Capsule Routing by Agreement",
        "Capsules vote for their parents.",
        authors=("Geoffrey Hinton", "Jörg Müller"),
        categories=("cs.LG", "cs.CV"),
        arxiv_id="2301.00001",
        reader="arxiv-atom",
    ),
    ParsedPaper(
        "Old Strings",
        "Branes of an earlier century.",
        authors=("Sara Hinton",),
        categories=("hep-th",),
        arxiv_id="cs/9912001",
        reader="arxiv-atom",
    ),
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    lib = Library(tmp_path_factory.mktemp("contract") / "library")
    for page in sorted(FIXTURES.glob("*.txt")):
        lib.import_file(page)
    lib.import_text(UNICODE_PAGE, "unicode.txt")
    lib.import_papers(METADATA, "feed.xml", reader="arxiv-atom")
    ids = lib.browse()
    assert len(ids) >= 8, "the fixture pages hold at least eight papers"
    lib.tag(ids[:3], ["reading"])
    lib.tag(ids[1:2], ["Urgent"])
    [lantern] = [hit.id for hit in lib.search("lantern").hits]
    noted = next(i for i in ids[3:] if i != lantern)
    lib.set_note(noted, "Zebra stripes: compare with the lantern paper")
    lib.index()
    lib.close()  # every change is in the index now
    reopened = Library(lib.paths.home)
    yield reopened
    reopened.close()


def stock_whoosh_search(folder: Path, queries: list[str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-I", "-c", STOCK_WHOOSH, str(folder), INDEX_NAME, str(REPO), json.dumps(queries)],
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def stock(library: Library) -> dict[str, object]:
    return stock_whoosh_search(library.paths.index_dir, [*QUERIES, *(theirs for _ours, theirs in FIELDED)])


def test_stock_whoosh_opens_the_index_without_papertui(stock: dict[str, object]) -> None:
    assert stock["papertui_modules"] == []
    found = stock["found"]
    assert isinstance(found, dict)
    assert found["lantern"], "the index holds the fixture papers"


@pytest.mark.parametrize("query", QUERIES)
def test_stock_whoosh_finds_what_papertui_finds(library: Library, stock: dict[str, object], query: str) -> None:
    ours = sorted(hit.id for hit in library.search(query, limit=1_000_000).hits)
    found = stock["found"]
    assert isinstance(found, dict)
    assert found[query] == ours


@pytest.mark.parametrize(("ours", "theirs"), FIELDED)
def test_stock_whoosh_finds_by_author_category_and_id_what_papertui_finds(
    library: Library, stock: dict[str, object], ours: str, theirs: str
) -> None:
    found = stock["found"]
    assert isinstance(found, dict)
    assert found[theirs] == sorted(hit.id for hit in library.search(ours, limit=1_000_000).hits)
    assert found[theirs], "each finds a paper: the comparison means something"


def test_documented_limit_names_answer_plain_words_in_papertui_only(library: Library) -> None:
    # index/plan.py: a plain word also finds the word in an author's name (scored far below the text). Stock
    # Whoosh's QueryParser("text") reads the `text` field alone; `authors:hinton` finds them there.
    found = stock_whoosh_search(library.paths.index_dir, ["hinton"])["found"]
    assert isinstance(found, dict)
    assert found["hinton"] == []
    assert {hit.title for hit in library.search("hinton").hits} == {"Capsule Routing by Agreement", "Old Strings"}


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("\u03c3\u03b9\u0301\u03c3\u03c5\u03c6\u03bf\u03c2", id="decomposed Greek"),
        pytest.param("½", id="a character whose compatibility form is two words"),
    ],
)
def test_documented_limits_of_stock_whoosh(library: Library, query: str) -> None:
    # See index/whoosh_analysis.py: Whoosh's chain folds one character at a time after splitting words. A
    # decomposed "σίσυφος" keeps no accent there while Whoosh's accent table keeps the composed "ί"; "½" is the
    # words "1" and "2" to papertui and one term "1⁄2" to the chain. papertui finds the paper, stock Whoosh not.
    found = stock_whoosh_search(library.paths.index_dir, [query])["found"]
    assert isinstance(found, dict)
    assert [hit.title for hit in library.search(query).hits] == ["The Σίσυφος Benchmark of Endless Tasks"]
    assert found[query] == []
