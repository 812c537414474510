"""The bibliographic lines of a paper in the reading pane: its authors, then its arXiv id (with version),
categories (primary first), DOI and journal reference.

Only structured sources (Hugging Face JSON, arXiv, BibTeX) carry these; a paper read from page text has none
of them and gets no line, so it looks as it always did. Kept apart from the pane so the pane's own layout
(title, meta, abstract, links) can change without touching this.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from papertui.model import Paper

SHOWN_AUTHORS = 6
"""Authors listed before "… +N more" (as the Markdown export does): a consortium paper lists hundreds."""
SEP = " · "


def authors_line(authors: Sequence[str], *, all_authors: bool = False) -> Text | None:
    """ "A, B, C, D, E, F … +3 more", or every name with `all_authors`; None without authors."""
    if not authors:
        return None
    shown = authors if all_authors or len(authors) <= SHOWN_AUTHORS else authors[:SHOWN_AUTHORS]
    line = Text(", ".join(shown), style="italic")
    if len(shown) < len(authors):
        line.append(f" … +{len(authors) - len(shown)} more", style="dim")
    return line


def ids_line(
    arxiv_id: str | None,
    arxiv_version: int | None,
    categories: Sequence[str],
    doi: str | None,
    journal_ref: str | None,
) -> Text | None:
    """ "arXiv 2412.01234v2 · cs.CL cs.LG · doi 10.1/x · Proc. ACL 2024": the primary category stands out; None
    when the paper has none of these."""
    line = Text()

    def part(label: str, value: str, style: str = "") -> None:
        if line:
            line.append(SEP, style="dim")
        if label:
            line.append(f"{label} ", style="dim")
        line.append(value, style=style)

    if arxiv_id:
        part("arXiv", arxiv_id + (f"v{arxiv_version}" if arxiv_version else ""), "bold")
    if categories:
        if line:
            line.append(SEP, style="dim")
        line.append(categories[0], style="bold")
        for other in categories[1:]:
            line.append(f" {other}", style="dim")
    if doi:
        part("doi", doi)
    if journal_ref:
        part("", journal_ref, "italic")
    return line if line else None


def metadata_lines(paper: Paper, *, all_authors: bool = False) -> list[Text]:
    """The lines above for one paper: none, one or two."""
    lines = [
        authors_line(paper.authors, all_authors=all_authors),
        ids_line(paper.arxiv_id, paper.arxiv_version, paper.categories, paper.doi, paper.journal_ref),
    ]
    return [line for line in lines if line is not None]
