"""A deterministic synthetic corpus in the real page layouts, for benchmarks and torture runs.

Titles of ~10 words and abstracts of ~180 words drawn from a Zipf-like vocabulary (a core of real ML words plus
generated words for the long tail), ~25 % with GitHub links, layout-B pages with optional metadata lines.
Same seed, same text: numbers from two runs compare.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORE_WORDS = (
    "model models learning language vision training data transformer transformers attention diffusion "
    "image images video text generation reasoning benchmark dataset performance task tasks method "
    "approach network networks neural large small efficient scalable robust zero shot few multimodal "
    "contrastive retrieval alignment policy reinforcement agent agents graph graphs embedding embeddings "
    "representation representations pretraining finetuning instruction tuning evaluation inference "
    "sampling latent encoder decoder token tokens sequence memory speech audio robot robotics planning "
    "optimization gradient loss objective prompt prompts segmentation detection classification "
    "generalization distillation compression quantization sparse dense mixture experts scaling laws "
    "context window long short knowledge question answering summarization translation code program "
    "synthesis search ranking recommendation medical clinical physics chemistry protein molecule 3d point "
    "cloud depth pose motion navigation world simulation"
).split()
FUNCTION_WORDS = ("the of and to in a for we with on that is by our this as from are which an be can").split()
SYLLABLES = "ka lo mi ne ra su te vo zi bar cen dor fel gan hil jor kem lun mor nis pel qua rin sol tav ver wex yor"


@dataclass(frozen=True)
class SynthPaper:
    title: str
    abstract: str
    authors: int | None
    date: str | None
    upvotes: int | None


class Vocabulary:
    """Words ranked by frequency; draw() follows a Zipf-like law (weight 1/rank^1.1)."""

    def __init__(self, rng: random.Random, size: int = 30_000) -> None:
        syl = SYLLABLES.split()
        words = list(CORE_WORDS)
        seen = set(words)
        while len(words) < size:
            w = "".join(rng.choice(syl) for _ in range(rng.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.words = words
        weights = [1.0 / (rank + 1) ** 1.1 for rank in range(len(words))]
        total = 0.0
        self.cum: list[float] = []
        for w in weights:
            total += w
            self.cum.append(total)
        self.rng = rng

    def draw(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=k)


def _sentence(vocab: Vocabulary, rng: random.Random, n: int) -> str:
    out = []
    for word in vocab.draw(n):
        out.append(word)
        if rng.random() < 0.35:
            out.append(rng.choice(FUNCTION_WORDS))
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def papers(n: int, seed: int = 7) -> Iterator[SynthPaper]:
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    for i in range(n):
        title_words = vocab.draw(rng.randint(6, 13))
        title = " ".join(w.capitalize() for w in title_words) + f" {i}"
        sentences = []
        words = 0
        target = rng.randint(130, 230)
        while words < target:
            k = rng.randint(10, 25)
            sentences.append(_sentence(vocab, rng, k))
            words += k
        if rng.random() < 0.25:
            owner = "".join(vocab.draw(1)) + str(rng.randint(1, 99))
            repo = "-".join(vocab.draw(2))
            sentences.append(f"Code is available at https://github.com/{owner}/{repo}.")
        if rng.random() < 0.05:
            sentences.append(f"Project page: https://{vocab.draw(1)[0]}.github.io/.")
        has_meta = rng.random() < 0.7
        year = rng.choice((2021, 2022, 2023, 2024, None))
        date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}" + (f", {year}" if year else "") if has_meta else None
        yield SynthPaper(
            title=title,
            abstract=" ".join(sentences),
            authors=rng.randint(1, 20) if has_meta else None,
            date=date,
            upvotes=rng.randint(1, 300) if has_meta and rng.random() < 0.3 else None,
        )


def page_a(batch: list[SynthPaper]) -> str:
    head = "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"
    body = "\n".join(f"{p.title}\n{p.abstract}" for p in batch)
    return head + body + "\n"


def page_b(batch: list[SynthPaper], page_date: str = "Nov 4") -> str:
    parts = [
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        page_date,
    ]
    for p in batch:
        block = [p.title, "", p.abstract]
        if p.authors is not None:
            meta = [f"  • {p.authors} authors", "·"]
            if p.date:
                meta.append(p.date + (f" {p.upvotes}" if p.upvotes is not None else ""))
            block += ["", "\n".join(meta)]
        parts.append("\n".join(block))
    return "\n\n".join(parts)


def write_pages(n: int, folder: Path, *, per_page: int = 500, seed: int = 7) -> list[Path]:
    """Write `n` papers as pages alternating layouts A and B; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    batch: list[SynthPaper] = []

    def flush() -> None:
        if not batch:
            return
        layout = page_a if len(files) % 2 == 0 else page_b
        path = folder / f"page-{len(files):04d}.txt"
        path.write_text(layout(batch), encoding="utf-8")
        files.append(path)
        batch.clear()

    for paper in papers(n, seed):
        batch.append(paper)
        if len(batch) >= per_page:
            flush()
    flush()
    return files
