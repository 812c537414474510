"""BibTeX export: one @misc entry per paper, with unique ASCII citation keys and LaTeX-escaped text.

Text stays UTF-8 (biber and modern LaTeX read it); only characters special to LaTeX are escaped. Braces
are written as \\textbraceleft{} / \\textbraceright{} rather than \\{ \\}: classic BibTeX counts every
brace, even an escaped one, so a lone "\\{" in a title would unbalance the entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from papertui.model import Paper, UserRecord

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(ch) for ch in _LATEX))
_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "is", "are", "do", "does", "can"}
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", re.IGNORECASE)


def latex_escape(text: str) -> str:
    """`text` on one line with LaTeX's special characters escaped (non-ASCII kept as is)."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group()], " ".join(text.split()))


def _url(url: str) -> str:
    # URL fields are read verbatim (url package, biblatex), so no LaTeX escaping; braces and spaces would
    # break the entry, so they are percent-encoded.
    return url.strip().replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _ascii_word(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def key_stem(paper: Paper) -> str:
    """First significant title word (ASCII-folded) + year: "PanGu-Σ: ..." of 2023 -> "pangu2023"."""
    words = [_ascii_word(w) for w in paper.title.split()]
    words = [w for w in words if w]
    word = next((w for w in words if w not in _STOPWORDS), words[0] if words else "paper")
    if word[0].isdigit():
        word = f"p{word}"  # keys starting with a digit confuse some tools
    return f"{word}{paper.year or ''}"


def _suffixes() -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["", *letters, *(a + b for a in letters for b in letters)]


def citation_keys(papers: Sequence[Paper]) -> list[str]:
    """One unique key per paper, in order: the first with a stem keeps it, later ones get a, b, c..."""
    used: set[str] = set()
    keys = []
    for paper in papers:
        stem = key_stem(paper)
        key = next((stem + s for s in _suffixes() if stem + s not in used), f"{stem}-{paper.id}")
        used.add(key)
        keys.append(key)
    return keys


def render_entry(key: str, paper: Paper, record: UserRecord) -> str:
    fields: list[tuple[str, str]] = [("title", latex_escape(paper.title))]
    if paper.abstract.strip():
        fields.append(("abstract", latex_escape(paper.abstract)))
    urls = [*paper.github, *paper.links]
    if urls:
        fields.append(("url", _url(urls[0])))
    arxiv = next((m.group(1) for u in urls if (m := _ARXIV.search(u))), None)
    if arxiv:
        fields += [("eprint", arxiv), ("archiveprefix", "arXiv")]
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.date and len(paper.date) == 10:
        fields.append(("date", paper.date))
    if record.tags:
        fields.append(("keywords", latex_escape(", ".join(record.tags))))
    if record.note.strip():
        fields.append(("note", latex_escape(record.note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def render_bibtex(items: Sequence[tuple[Paper, UserRecord]]) -> str:
    keys = citation_keys([paper for paper, _ in items])
    return "\n".join(render_entry(key, paper, record) for key, (paper, record) in zip(keys, items, strict=True))
