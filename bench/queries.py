"""The benchmark's fixed query mix, drawn (seeded) from the corpus vocabulary, in papertui's query language and
in SQLite FTS5's MATCH syntax, so both engines answer the same questions.

Kinds (210 queries): rare word, common word, 2–3-word AND, phrase, the prefix of a word being typed (the app's
`typing=True` path, with and without a finished word before it), fielded (title:/abstract:), and tag: filters
(alone and with a word). Frequencies come from the vocabulary's law, so the mix means the same at 1k and 100k.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from corpus import FUNCTION_WORDS, TITLE_LINKS, Vocabulary, papers

QUERY_SEED = 11
COUNTS = {"rare": 30, "common": 30, "and": 40, "phrase": 30, "typing": 40, "fielded": 20, "tag": 20}
TAGS = ("reading", "to read", "important", "survey", "reproduce", "baseline", "diffusion", "rl", "agents", "vision")
"""The tags the benchmark's user data hands out (bench/userdata.py), most used first."""


@dataclass(frozen=True)
class Part:
    kind: str  # "word" | "phrase" | "prefix" | "tag"
    text: str
    field: str | None = None  # None: every text field


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    parts: tuple[Part, ...]

    @property
    def typing(self) -> bool:
        return any(p.kind == "prefix" for p in self.parts)

    def papertui(self) -> str:
        out = []
        for p in self.parts:
            if p.kind == "tag":
                out.append(f'tag:"{p.text}"' if " " in p.text else f"tag:{p.text}")
                continue
            text = f'"{p.text}"' if p.kind == "phrase" else p.text
            out.append(f"{p.field}:{text}" if p.field else text)
        return " ".join(out)  # a prefix part is last and unfinished: searched with typing=True

    def fts5(self) -> str:
        out = []
        for p in self.parts:
            if p.kind == "tag":
                out.append(f'tags:"{p.text}"')
                continue
            text = f'"{p.text}"' + ("*" if p.kind == "prefix" else "")
            out.append(f"{p.field}:{text}" if p.field else text)
        return " AND ".join(out)


def _pick(vocab: Vocabulary, rng: random.Random, low: int, high: int) -> str:
    return vocab.words[rng.randrange(low, min(high, len(vocab.words)))]


def _phrases(vocab: Vocabulary, rng: random.Random, corpus_size: int, count: int) -> list[str]:
    """Adjacent content words from the corpus's abstracts: common pairs (many hits) and any pairs (a few)."""
    stop = set(FUNCTION_WORDS) | set(TITLE_LINKS)
    common: list[str] = []
    anywhere: list[str] = []
    for paper in papers(min(corpus_size, 300)):
        words = [w.strip(".").lower() for w in paper.abstract.split()]
        for a, b, c in zip(words, words[1:], words[2:], strict=False):
            if a in stop or b in stop or a not in vocab.rank or b not in vocab.rank:
                continue
            if vocab.rank[a] < 60 and vocab.rank[b] < 60:
                common.append(f"{a} {b}" if c in stop or c not in vocab.rank else f"{a} {b} {c}")
            else:
                anywhere.append(f"{a} {b}")
    half = count * 2 // 3
    return rng.sample(sorted(set(common)), half) + rng.sample(sorted(set(anywhere)), count - half)


def query_mix(corpus_size: int, seed: int = 7) -> list[BenchQuery]:
    vocab = Vocabulary(seed)
    rng = random.Random(QUERY_SEED)
    mix: list[BenchQuery] = []

    def add(kind: str, *parts: Part) -> None:
        mix.append(BenchQuery(kind, parts))

    for _ in range(COUNTS["rare"]):
        add("rare", Part("word", _pick(vocab, rng, 3000, 30000)))
    for _ in range(COUNTS["common"]):
        add("common", Part("word", _pick(vocab, rng, 0, 40)))
    for n in range(COUNTS["and"]):
        if n % 4 == 3:
            words = [_pick(vocab, rng, 0, 300) for _ in range(3)]
        elif n % 4 == 2:
            words = [_pick(vocab, rng, 0, 40), _pick(vocab, rng, 100, 2000)]
        else:
            words = [_pick(vocab, rng, 0, 60), _pick(vocab, rng, 0, 60)]
        add("and", *(Part("word", w) for w in dict.fromkeys(words)))
    for phrase in _phrases(vocab, rng, corpus_size, COUNTS["phrase"]):
        add("phrase", Part("phrase", phrase))
    for n in range(COUNTS["typing"]):
        word = _pick(vocab, rng, 0, 3000)
        typed = word[: rng.randint(3, max(3, min(7, len(word))))]
        before = [Part("word", _pick(vocab, rng, 0, 200))] if n % 2 else []
        add("typing", *before, Part("prefix", typed))
    for n in range(COUNTS["fielded"]):
        if n % 4 == 3:
            add("fielded", Part("word", _pick(vocab, rng, 0, 400), field="abstract"))
        else:
            add("fielded", Part("word", _pick(vocab, rng, 0, 400), field="title"))
    for n in range(COUNTS["tag"]):
        tag = TAGS[n % len(TAGS)]
        if n % 2:
            add("tag", Part("tag", tag), Part("word", _pick(vocab, rng, 0, 100)))
        else:
            add("tag", Part("tag", tag))
    return mix


def typed_queries(seed: int = 7) -> list[str]:
    """What the TUI probe types, character by character: short everyday searches."""
    vocab = Vocabulary(seed)
    rng = random.Random(QUERY_SEED + 1)
    return [
        "diffusion model",
        "reinforcement learning",
        f"{_pick(vocab, rng, 0, 50)} {_pick(vocab, rng, 50, 500)}",
        _pick(vocab, rng, 500, 5000),
        "tag:reading agents",
    ]
