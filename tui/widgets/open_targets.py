"""Where `o` can take the user for one paper: its arXiv abstract page and PDF, its repositories, its other
links (a project page), and its Hugging Face paper page — each labelled, in that order, without duplicates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from papertui.model import Paper

ARXIV_ABS = "https://arxiv.org/abs/{}"
ARXIV_PDF = "https://arxiv.org/pdf/{}"
HF_PAPER = "https://huggingface.co/papers/{}"
_NEW_STYLE_ID = re.compile(r"\d{4}\.\d{4,5}")
"""Hugging Face has paper pages for arXiv's new-style ids only (2007 on), not for "cs/9912001"."""


@dataclass(frozen=True, slots=True)
class OpenTarget:
    label: str
    url: str


def open_targets(paper: Paper) -> list[OpenTarget]:
    """Every place the paper can be opened, the arXiv ones first when its id is known."""
    out: list[OpenTarget] = []

    def add(label: str, url: str) -> None:
        if all(t.url != url for t in out):
            out.append(OpenTarget(label, url))

    arxiv_id = paper.arxiv_id
    if arxiv_id:
        add("arXiv abstract", ARXIV_ABS.format(arxiv_id))
        add("PDF", ARXIV_PDF.format(arxiv_id))
    for url in paper.github:
        add("Repository", url)
    for url in paper.links:
        # Hugging Face JSON puts a paper's project page first among its links; the rest are mentioned in
        # the abstract. Neither says which is which reliably, so one honest label for all.
        add("Web page", url)
    if arxiv_id and _NEW_STYLE_ID.fullmatch(arxiv_id):
        add("Hugging Face paper page", HF_PAPER.format(arxiv_id))
    return out


def choice_label(target: OpenTarget, width: int = 64) -> str:
    """ "Repository   github.com/acme/x": the kind, then the address without its scheme (shortened to fit)."""
    where = target.url.split("://", 1)[-1]
    room = max(10, width - 27)
    if len(where) > room:
        where = where[: room - 1] + "…"
    return f"{target.label:<25}{where}"
