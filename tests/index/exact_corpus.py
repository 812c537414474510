"""A small random library made to stress exactness: a prefix shared by hundreds of words, stop words inside
phrases, hyphenated words, and common words (whose adjacent pairs the index keeps as terms); and arXiv metadata:
authors whose names share words with each other and with the text (accents, hyphens, stop words, names starting
"co"/"ka" as many words do), categories of one archive and of several, new and old arXiv ids."""

from __future__ import annotations

import random
from dataclasses import replace

from papertui.index.records import IndexDoc
from papertui.model import Paper, UserRecord, title_key

STOP = ("the", "to", "in", "of", "a", "and", "for", "on", "with", "is")
COMMON = (
    *("model", "models", "diffusion", "attention", "zero", "shot", "learning", "language", "network", "image"),
    *("graph", "training", "competing", "compute", "control", "data", "video", "robot", "shots", "zebra"),
)
COMPOUND = ("zero-shot", "few-shotting", "state-of-the-art", "in-context", "co-training")
SYLLABLES = ("ra", "ven", "tol", "mi", "ska", "dor", "pel", "qui", "nax", "bre", "lu", "fo", "tas", "gri", "vem")


def _made_up(rng: random.Random, start: str) -> str:
    return start + "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def vocabulary(seed: int = 7) -> list[str]:
    """Plain words: the common ones, and ~300 made-up words starting with "co" or "ka" (far more than any cap)."""
    rng = random.Random(seed)
    made = sorted({_made_up(rng, rng.choice(("co", "ka"))) for _ in range(400)})
    return [*COMMON, *made]


def _sentence(rng: random.Random, vocab: list[str], length: int) -> str:
    out = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.25:
            out.append(rng.choice(STOP))
        elif roll < 0.32:
            out.append(rng.choice(COMPOUND))
        elif roll < 0.7:
            out.append(rng.choice(COMMON))
        else:
            out.append(rng.choice(vocab))
    return " ".join(out)


FIRST_NAMES = ("Yann", "Anne", "Jörg", "Zoë", "Data", "An", "Will", "José", "Jean-Pierre", "J.R.", "Kai", "Li")
LAST_NAMES = ("LeCun", "Kato", "Cohen", "Costa", "Kapoor", "Müller", "Yann", "Video", "Graph", "O'Brien", "Kowalski")
NAMES = tuple(f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES)
CATEGORIES = ("cs.CL", "cs.LG", "cs.CV", "cs", "hep-th", "math-ph", "math.AG", "q-bio.NC", "stat.ML", "cond-mat.str-el")


def arxiv_ids(seed: int = 5, count: int = 1000) -> list[str | None]:
    """One id (or None) per paper, new style and old style."""
    rng = random.Random(seed)
    out: list[str | None] = []
    for n in range(count):
        roll = rng.random()
        if roll < 0.2:
            out.append(None)
        elif roll < 0.4:
            out.append(f"{rng.choice(('hep-th', 'math', 'cs'))}/99{n % 12 + 1:02d}{n:03d}")
        else:
            out.append(f"{rng.choice(('2301', '2302', '1912'))}.{n:05d}")
    return out


def _with_metadata(paper: Paper, rng: random.Random, arxiv_id: str | None) -> Paper:
    authors = tuple(rng.sample(NAMES, rng.randint(0, 4)))
    if rng.random() < 0.15:  # a made-up name: "co"/"ka" prefixes shared with hundreds of words
        authors += (_made_up(rng, rng.choice(("Co", "Ka"))) + " " + rng.choice(LAST_NAMES),)
    return replace(
        paper,
        authors=authors,
        categories=tuple(rng.sample(CATEGORIES, rng.randint(0, 3))),
        arxiv_id=arxiv_id,
        arxiv_version=rng.randint(1, 3) if arxiv_id else None,
    )


def library(papers: int = 240, seed: int = 11) -> list[IndexDoc]:
    rng = random.Random(seed)
    meta_rng = random.Random(seed + 1)  # its own stream: the texts stay what they were before metadata
    ids = arxiv_ids(count=papers)
    vocab = vocabulary()
    docs = []
    for n in range(papers):
        title = _sentence(rng, vocab, rng.randint(3, 7)).capitalize()
        paper = Paper(
            id=f"p{n:04d}",
            key=title_key(title) + f" {n}",
            title=title,
            abstract=_sentence(rng, vocab, rng.randint(8, 30)),
            github=("https://github.com/x/y",) if rng.random() < 0.3 else (),
            date=f"{rng.choice((2021, 2022, 2023))}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            upvotes=rng.randint(0, 50),
        )
        paper = _with_metadata(paper, meta_rng, ids[n])
        user = None
        if rng.random() < 0.4:
            tags = tuple(rng.sample(("reading", "to read", "Zero shot", "control"), rng.randint(0, 2)))
            note = _sentence(rng, vocab, rng.randint(2, 8)) if rng.random() < 0.5 else ""
            user = UserRecord(paper.id, tags=tags, note=note, triage=rng.choice(("unseen", "kept", "skipped")))
        docs.append(IndexDoc(paper, user))
    return docs
