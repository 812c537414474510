"""BibTeX export: one @misc entry per paper, with unique ASCII citation keys and LaTeX-escaped text.

A paper with an arXiv id carries it the way arXiv's own BibTeX does (`eprint`, `archivePrefix = {arXiv}`,
`primaryClass`), which biblatex and natbib styles print as "arXiv:2401.01234 [cs.CL]".

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
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})", re.IGNORECASE)
_AND = re.compile(r"\band\b", re.IGNORECASE)


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
    return f"{word}{year_of(paper) or ''}"


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


def author_field(authors: Sequence[str]) -> str:
    """BibTeX's author list: names joined by " and "; a name holding the word "and" itself (a consortium) is
    braced, so it is not split into two people."""
    names = (latex_escape(a) for a in authors if a.strip())
    return " and ".join(f"{{{n}}}" if _AND.search(n) else n for n in names)


def arxiv_id(paper: Paper) -> str | None:
    """The paper's arXiv id: known, or read from an arxiv.org link (abstract page or PDF)."""
    if paper.arxiv_id:
        return paper.arxiv_id
    return next((m.group(1) for u in (*paper.github, *paper.links) if (m := _ARXIV.search(u))), None)


def year_of(paper: Paper) -> int | None:
    if paper.year:
        return paper.year
    first = paper.first_version or ""
    return int(first[:4]) if first[:4].isdigit() else None


def render_entry(key: str, paper: Paper, record: UserRecord) -> str:
    fields: list[tuple[str, str]] = [("title", latex_escape(paper.title))]
    if paper.authors:
        fields.append(("author", author_field(paper.authors)))
    if paper.abstract.strip():
        fields.append(("abstract", latex_escape(paper.abstract)))
    arxiv = arxiv_id(paper)
    urls = [*paper.github, *paper.links]
    if urls or arxiv:
        fields.append(("url", _url(urls[0] if urls else f"https://arxiv.org/abs/{arxiv}")))
    if arxiv:
        fields += [("eprint", arxiv), ("archivePrefix", "arXiv")]
        if paper.categories:
            fields.append(("primaryClass", paper.categories[0]))
    if paper.doi:
        fields.append(("doi", _url(paper.doi)))
    year = year_of(paper)
    if year:
        fields.append(("year", str(year)))
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
