"""Plain-text output helpers for the CLI: JSON, a stderr progress bar, paper rows."""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from papertui.model import Paper, UserRecord


def emit_json(data: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def paper_json(paper: Paper, record: UserRecord | None, *, full: bool = False) -> dict[str, Any]:
    """The stable JSON shape of a paper for `search --json`, `show --json`, `list --json`."""
    data: dict[str, Any] = {
        "id": paper.id,
        "title": paper.title,
        "github": list(paper.github),
        "links": list(paper.links),
        "date": paper.date or paper.date_text,
        "authors_count": paper.authors_count,
        "upvotes": paper.upvotes,
        "has_code": paper.has_code,
        "tags": list(record.tags) if record else [],
        "triage": record.triage if record else "unseen",
        "arxiv_id": paper.arxiv_id,
        "authors": list(paper.authors),
        "categories": list(paper.categories),
    }
    if full:
        data.update(
            {
                "abstract": paper.abstract,
                "date_iso": paper.date,
                "date_text": paper.date_text,
                "page_date": paper.page_date,
                "added": paper.added,
                "source": paper.source,
                "note": record.note if record else "",
                "note_updated": record.note_updated if record else None,
                "seen": record.seen if record else None,
                "arxiv_version": paper.arxiv_version,
                "doi": paper.doi,
                "comment": paper.comment,
                "journal_ref": paper.journal_ref,
                "first_version": paper.first_version,
                "sources": list(paper.sources),
            }
        )
    return data


MAX_HINT = 240
"""Longest hint line the CLI prints: a hint explains the query, it must not repeat a pasted one at length."""
_MAX_ECHO = 40
_LONG_WORD = re.compile(rf"\S{{{_MAX_ECHO + 1},}}")


def short_hint(hint: str) -> str:
    """`hint` on one line of at most MAX_HINT characters: a long word echoed from the query ("has:aaaa…") keeps
    its first characters; a line still too long (many hints at once) is cut with an ellipsis."""
    text = " ".join(hint.split())
    text = _LONG_WORD.sub(lambda m: m[0][: _MAX_ECHO - 1] + "…", text)
    return text if len(text) <= MAX_HINT else text[: MAX_HINT - 1] + "…"


def scored_json(items: Iterable[tuple[Paper, UserRecord]], scores: Mapping[str, float]) -> list[dict[str, Any]]:
    """Result papers for `search --json`, `similar --json`, `suggest --json`: each paper with its score."""
    out = []
    for paper, record in items:
        item = paper_json(paper, record)
        item["score"] = round(scores[paper.id], 4)
        out.append(item)
    return out


def row_line(pid: str, title: str, github: str | None, tags: tuple[str, ...] = ()) -> str:
    tag_text = f"  [{', '.join(tags)}]" if tags else ""
    link = f"  {github}" if github else ""
    return f"{pid}  {title}{tag_text}{link}"


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal, at most ~10 times a second."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = max(10, min(40, shutil.get_terminal_size((80, 20)).columns - 40))
        frac = done / total if total else 1.0
        filled = int(frac * width)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
