"""A deterministic synthetic corpus in the real page layouts, for benchmarks and torture runs.

Titles of ~10 words (half of them "Name: ..." like real paper titles) and abstracts of ~180 words, drawn from a
Zipf-like vocabulary: ~190 real ML words at the top ranks, generated words for the long tail. The law is
1/(rank + 15): the most common word is in ~65 % of abstracts, the 30th in ~30 %, the 1,000th in ~1.5 %, close
to what a word count of real Hugging Face abstracts gives ("model" ~60 %). ~25 % of abstracts link a GitHub
repository (a few with the stray space real pages have), ~1 % of titles hold accented letters, and layout-B
pages carry author / date / upvote lines on most papers. Same seed, same text: numbers from two runs compare.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORE_WORDS = (
    "model models learning language large training data transformer attention diffusion vision image "
    "reasoning benchmark generation video text performance task method approach network neural efficient "
    "agents agent multimodal evaluation inference dataset scaling retrieval alignment policy reinforcement "
    "tokens token representation pretraining finetuning instruction tuning sampling latent encoder decoder "
    "graph graphs embedding embeddings contrastive zero shot few robust scalable small sequence memory speech "
    "audio robot robotics planning optimization gradient loss objective prompt prompts segmentation detection "
    "classification generalization distillation compression quantization sparse dense mixture experts laws "
    "context window long short knowledge question answering summarization translation code program synthesis "
    "search ranking recommendation medical clinical physics chemistry protein molecule 3d point cloud depth "
    "pose motion navigation world simulation reward preference feedback human safety uncertainty calibration "
    "federated privacy adversarial attack defense explanation interpretability causal temporal spatial "
    "hierarchical recurrent convolutional autoregressive masked self supervised unsupervised semi weakly "
    "generative discriminative probabilistic bayesian stochastic deterministic linear nonlinear kernel "
    "manifold geometry topology curriculum continual lifelong meta transfer domain adaptation shift "
    "estimation tracking rendering radiance fields mesh texture editing inpainting upsampling denoising"
).split()
FUNCTION_WORDS = "the of and to in a for we with on that is by our this as from are which an be can".split()
TITLE_LINKS = "for with via of in and on towards from beyond without through".split()
SYLLABLES = "ka lo mi ne ra su te vo zi bar cen dor fel gan hil jor kem lun mor nis pel qua rin sol tav ver wex yor"
ACCENTED = ("Tülu", "Pangu-Σ", "Señor", "Déjà", "Müller", "Øresund", "Émile", "Ångström")
ZIPF_OFFSET = 15
VOCABULARY_SIZE = 30_000
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class SynthPaper:
    title: str
    abstract: str
    authors: int | None
    date: str | None
    upvotes: int | None


class Vocabulary:
    """Words ranked by frequency; draw() follows the law 1/(rank + ZIPF_OFFSET)."""

    def __init__(self, seed: int = 7, size: int = VOCABULARY_SIZE) -> None:
        rng = random.Random(seed * 7919 + 1)  # its own stream: the word list does not depend on the papers
        syl = SYLLABLES.split()
        words = list(dict.fromkeys(CORE_WORDS))
        seen = set(words)
        while len(words) < size:
            w = "".join(rng.choice(syl) for _ in range(rng.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.words = words
        self.rank = {w: r for r, w in enumerate(words)}
        total = 0.0
        self.cum: list[float] = []
        for rank in range(len(words)):
            total += 1.0 / (rank + ZIPF_OFFSET)
            self.cum.append(total)

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def share(self, rank: int) -> float:
        """The probability that one drawn word is the word of this rank."""
        low = self.cum[rank - 1] if rank else 0.0
        return (self.cum[rank] - low) / self.cum[-1]


def _name(rng: random.Random) -> str:
    syl = SYLLABLES.split()
    return "".join(rng.choice(syl) for _ in range(rng.randint(2, 3))).capitalize()


def _title(vocab: Vocabulary, rng: random.Random) -> str:
    content = list(dict.fromkeys(vocab.draw(rng, rng.randint(5, 9))))
    out: list[str] = []
    for n, word in enumerate(content):
        if n and rng.random() < 0.3:
            out.append(rng.choice(TITLE_LINKS))
        out.append(word.capitalize())
    text = " ".join(out)
    if rng.random() < 0.01:
        text = f"{rng.choice(ACCENTED)} {text}"
    return f"{_name(rng)}: {text}" if rng.random() < 0.5 else text


def _sentence(vocab: Vocabulary, rng: random.Random, n: int) -> str:
    out = []
    for word in vocab.draw(rng, n):
        out.append(word)
        if rng.random() < 0.35:
            out.append(rng.choice(FUNCTION_WORDS))
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def _abstract(vocab: Vocabulary, rng: random.Random) -> str:
    sentences = []
    words = 0
    target = rng.randint(90, 160)  # content words; function words bring it to ~180
    while words < target:
        k = rng.randint(10, 25)
        sentences.append(_sentence(vocab, rng, k))
        words += k
    if rng.random() < 0.25:
        owner = vocab.draw(rng, 1)[0] + str(rng.randint(1, 99))
        repo = "-".join(vocab.draw(rng, 2))
        host = "github.com/ " if rng.random() < 0.03 else "github.com/"  # the stray space of real copies
        sentences.append(f"Code is available at https://{host}{owner}/{repo}.")
    if rng.random() < 0.05:
        sentences.append(f"Project page: https://{vocab.draw(rng, 1)[0]}.github.io/.")
    return " ".join(sentences)


def papers(n: int, seed: int = 7) -> Iterator[SynthPaper]:
    rng = random.Random(seed)
    vocab = Vocabulary(seed)
    seen: set[str] = set()
    for _ in range(n):
        title = _title(vocab, rng)
        while title.casefold() in seen:  # the catalog keys papers by title: every title must be new
            title = f"{_name(rng)}: {title}"
        seen.add(title.casefold())
        abstract = _abstract(vocab, rng)
        has_meta = rng.random() < 0.7
        year = rng.choice((2021, 2022, 2023, 2024, None))
        date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}" + (f", {year}" if year else "") if has_meta else None
        yield SynthPaper(
            title=title,
            abstract=abstract,
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
