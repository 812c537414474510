"""RIS export (reference managers: Zotero, EndNote, Mendeley): one TY - GEN record per paper.

Lines end with CRLF, as the RIS specification asks; values are single lines (line breaks become spaces).
Authors are one AU line each, in order; an arXiv paper gets its abstract page as a UR line and its id as the
accession number (AN, "arXiv:2401.01234"), where reference managers keep an archive's id.
"""

from __future__ import annotations

from collections.abc import Sequence

from papertui.model import Paper, UserRecord
from papertui.store.export_bibtex import arxiv_id, year_of

EOL = "\r\n"


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def render_entry(paper: Paper, record: UserRecord) -> str:
    lines = [_line("TY", "GEN"), _line("ID", paper.id), _line("TI", paper.title)]
    lines += [_line("AU", name) for name in paper.authors if name.strip()]
    if paper.abstract.strip():
        lines.append(_line("AB", paper.abstract))
    urls = [url for url in (*paper.github, *paper.links) if url.strip()]
    arxiv = arxiv_id(paper)
    if arxiv and not any(f"arxiv.org/abs/{arxiv}" in url for url in urls):
        urls.append(f"https://arxiv.org/abs/{arxiv}")
    lines += [_line("UR", url) for url in urls]
    if arxiv:
        lines.append(_line("AN", f"arXiv:{arxiv}"))
    if paper.doi:
        lines.append(_line("DO", paper.doi))
    lines += [_line("KW", tag) for tag in record.tags]
    if record.note.strip():
        lines.append(_line("N1", record.note))
    year = year_of(paper)
    if year:
        lines.append(_line("PY", str(year)))
    if paper.date and len(paper.date) == 10:
        lines.append(_line("DA", paper.date.replace("-", "/") + "/"))
    lines.append("ER  - ")
    return EOL.join(lines) + EOL


def render_ris(items: Sequence[tuple[Paper, UserRecord]]) -> str:
    return EOL.join(render_entry(paper, record) for paper, record in items)
