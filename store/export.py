"""Export of papers with the user's data: one entry point, `render`, for every format.

The writers are pure functions of (Paper, UserRecord) pairs: no file access, no store access, so the CLI, the
app and the tests call the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence

from papertui.errors import UsageError
from papertui.model import Paper, UserRecord
from papertui.store.export_bibtex import render_bibtex
from papertui.store.export_data import render_csv, render_json
from papertui.store.export_markdown import render_markdown
from papertui.store.export_ris import render_ris

FORMATS = ("md", "csv", "json", "bib", "ris")

Item = tuple[Paper, UserRecord]


def render(items: Sequence[Item], fmt: str, *, group_tags: Sequence[str] = ()) -> str:
    """The export text of `items` in `fmt` (one of FORMATS). `group_tags` only shapes the Markdown list."""
    fmt = fmt.strip().lower().lstrip(".")
    if fmt == "md":
        return render_markdown(items, group_tags=group_tags)
    if fmt == "csv":
        return render_csv(items)
    if fmt == "json":
        return render_json(items)
    if fmt == "bib":
        return render_bibtex(items)
    if fmt == "ris":
        return render_ris(items)
    raise UsageError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
