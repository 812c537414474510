"""Markdown export: a reading list with a checkbox per paper, its links, tags and the user's note under it.

With several `group_tags` the list is split under one `## tag` heading per tag (a paper carrying two of
the tags is listed under both); papers with none of them follow under `## Other`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from papertui.model import Paper, UserRecord
from papertui.store.tags import tag_key

Item = tuple[Paper, UserRecord]

# Characters that would start emphasis, links, code, HTML, strike-through or math (GitHub) inside a title.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#$~])")


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _link(url: str) -> str:
    # Autolinks cannot contain spaces or angle brackets; such (broken) links are shown as plain code.
    return f"<{url}>" if url and not re.search(r"[\s<>]", url) else f"`{url}`"


SHOWN_AUTHORS = 6


def authors_text(authors: Sequence[str], shown: int = SHOWN_AUTHORS) -> str:
    """Authors as people read them in a list: all up to `shown`, else the first `shown` and how many in all."""
    if len(authors) <= shown:
        return ", ".join(authors)
    return f"{', '.join(authors[:shown])} et al. ({len(authors)} authors)"


def render_item(paper: Paper, record: UserRecord) -> str:
    """One list item; the links and tags form a nested list, so each keeps its own line when rendered."""
    head = f"- [ ] **{_escape(paper.title)}**"
    if paper.display_date:
        head += f" ({_escape(paper.display_date)})"
    lines = [head]
    if paper.authors:
        lines.append("  - Authors: " + _escape(authors_text(paper.authors)))
    if paper.arxiv_id:
        shown = f"arXiv:{paper.arxiv_id}" + (f" [{paper.categories[0]}]" if paper.categories else "")
        lines.append(f"  - {_escape(shown)}: <https://arxiv.org/abs/{paper.arxiv_id}>")
    if paper.github:
        lines.append("  - Code: " + ", ".join(_link(u) for u in paper.github))
    if paper.links:
        lines.append("  - Links: " + ", ".join(_link(u) for u in paper.links))
    if record.tags:
        lines.append("  - Tags: " + ", ".join(_escape(t) for t in record.tags))
    if record.note.strip():
        # A blank line, then the note indented by two spaces: it stays Markdown, inside this list item.
        lines.append("")
        lines += [f"  {line}" if line.strip() else "" for line in record.note.splitlines()]
    return "\n".join(lines)


def _list(items: Sequence[Item]) -> str:
    # A blank line between items keeps notes (which may hold lists of their own) clearly apart.
    return "\n\n".join(render_item(p, r) for p, r in items)


def render_markdown(items: Sequence[Item], *, group_tags: Sequence[str] = ()) -> str:
    keys = list(dict.fromkeys(tag_key(t) for t in group_tags if t.strip()))
    if len(keys) < 2:
        return f"# Reading list\n\n{_list(items)}\n" if items else "# Reading list\n\n(no papers)\n"
    # Headings use the library's spelling of each tag when a paper carries it.
    shown = {tag_key(t): t.strip() for t in group_tags if t.strip()}
    for _, record in items:
        for tag in record.tags:
            if tag_key(tag) in shown:
                shown[tag_key(tag)] = tag
    parts = ["# Reading list"]
    for key in keys:
        group = [(p, r) for p, r in items if key in {tag_key(t) for t in r.tags}]
        parts.append(f"## {shown[key]}\n\n{_list(group) if group else '(no papers)'}")
    others = [(p, r) for p, r in items if not {tag_key(t) for t in r.tags} & set(keys)]
    if others:
        parts.append(f"## Other\n\n{_list(others)}")
    return "\n\n".join(parts) + "\n"
