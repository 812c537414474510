"""RIS export (reference managers: Zotero, EndNote, Mendeley): one TY - GEN record per paper.

Lines end with CRLF, as the RIS specification asks; values are single lines (line breaks become spaces).
"""

from __future__ import annotations

from collections.abc import Sequence

from papertui.model import Paper, UserRecord

EOL = "\r\n"


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def render_entry(paper: Paper, record: UserRecord) -> str:
    lines = [_line("TY", "GEN"), _line("ID", paper.id), _line("TI", paper.title)]
    if paper.abstract.strip():
        lines.append(_line("AB", paper.abstract))
    lines += [_line("UR", url) for url in (*paper.github, *paper.links) if url.strip()]
    lines += [_line("KW", tag) for tag in record.tags]
    if record.note.strip():
        lines.append(_line("N1", record.note))
    if paper.year:
        lines.append(_line("PY", str(paper.year)))
    if paper.date and len(paper.date) == 10:
        lines.append(_line("DA", paper.date.replace("-", "/") + "/"))
    lines.append("ER  - ")
    return EOL.join(lines) + EOL


def render_ris(items: Sequence[tuple[Paper, UserRecord]]) -> str:
    return EOL.join(render_entry(paper, record) for paper, record in items)
