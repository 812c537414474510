"""Is this text a Hugging Face papers page at all? One judgement over the whole input, made after reading it.

The page reader is lenient line by line (odd blocks are skipped with a warning), so on its own it finds
"papers" in anything with short lines followed by long ones: a README, a BibTeX file, a JSON export. This
module refuses such input as a whole, from two kinds of evidence that copied pages never show:

* markup and code lines: a tag (`<title>`), a BibTeX entry (`@article{`), `key = value`, a JSON key, a line
  opening or closing a bracket, a Markdown heading / table / fence / list item, an RIS tag, comma-separated
  fields, indented code, a docstring or comment delimiter. Text copied from a rendered page has none of these
  (its only indented lines are the "• 6 authors" bullets). Refused when they are at least `_MARKUP_SHARE` of
  the non-blank lines, more than a stray line or two, and no fewer than the papers that look real (below);
* papers that do not look like papers: every paper on a real page has a title-shaped title (not a line of a
  hard-wrapped paragraph) and a long abstract or an author count. Refused when fewer than half of the papers
  found do.

A real page with a few odd blocks passes both tests and is imported with warnings. Each check looks at a
bounded head and tail of a line, so judging stays linear in the input's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from papertui.model import ParsedPaper

_MARKUP_SHARE = 0.10
"""Refuse when at least this share of the non-blank lines is markup or code (and at least one line is)."""
_MIN_MARKUP = 3
"""... and at least this many lines are (or all are): one stray bracket in a short page is not markup."""
_MIN_ABSTRACT_WORDS = 12
"""A paper looks like one when its abstract has this many words, or its author count is shown."""
_HEAD = 200
"""Markup shows at a line's start or end: longer lines are judged by their first and last characters."""

_MARKUP_START = re.compile(
    r"@[A-Za-z]+\s*[{(]"  # a BibTeX entry
    r"|[A-Za-z_][\w.-]*\s*[:+-]?=\s*\S"  # key = value: BibTeX fields, TOML, INI, code
    r'|"[^"]{0,80}"\s*:'  # a JSON key
    r"|[{}<]|\[\s*$|\[[{\"'\[]|\][\s,;)]*$|\)[\s,:;)\]]*$"  # a line opening or closing a block, or a tag
    r"|#{1,6}\s|#!|//|/\*|\*/|<!--"  # a Markdown heading, a shebang, a comment
    r'|"""|' + r"'''"  # a docstring
    r"|\|.*\|\s*$"  # a Markdown table row
    r"|```|~~~"  # a Markdown fence
    r"|[-*+>]\s"  # a Markdown list item or quote
    r"|[A-Z][A-Z0-9]\s\s-(?:\s|$)"  # an RIS tag ("TI  - ")
    r"|(?:def|class|import|from|return|raise|if|elif|else|for|while|try|except|with|async)\b[^.]*[:)]\s*$"
)
_MARKUP_ANYWHERE = re.compile(r"</?[A-Za-z][\w.:-]*(?:\s[^<>]{0,200})?/?>|&(?:lt|gt|amp|quot|#\d+);")
_MARKUP_END = frozenset("{}[(;,\\")
_CSV_COMMA = re.compile(r",(?=[^\s\d])")
_INDENTED_CODE = re.compile(r"(?: {4,}|\t)[^\s•·]")


def is_markup_line(raw: str) -> bool:
    """A line that is markup or code rather than text copied from a rendered page."""
    if _INDENTED_CODE.match(raw):
        return True
    line = raw.strip()
    if not line:
        return False
    if len(line) > 2 * _HEAD:
        line = line[:_HEAD] + " " + line[-_HEAD:]
    if line[-1] in _MARKUP_END or _MARKUP_START.match(line):
        return True
    # The cheap character counts first: most page lines have no "<" or "&" and few commas.
    if ("<" in line or "&" in line) and _MARKUP_ANYWHERE.search(line):
        return True
    # CSV / TSV rows: several fields glued by separators, which prose separates with a space.
    return (line.count(",") >= 3 and len(_CSV_COMMA.findall(line)) >= 3) or line.count("\t") >= 2


# A hard-wrapped paragraph (a licence, a mail, package metadata) read as title + abstract has "titles" that
# are cut mid-phrase: they start with a plain lowercase word ("can catch many errors"; brand names such as
# iPhone, mPLUG, word2vec or t-SNE do not match) or end on a comma or a word that cannot end a title.
_LOWER_START = re.compile(r"[a-z]+(?:\s|$)")
_DANGLING_END = frozenset(
    "a an the of and or to in for with on by at from as that which whose is are be shall this these its their".split()
)


def _title_shaped(title: str) -> bool:
    words = title.split()
    if not words or _LOWER_START.match(title) or title[-1] in ",;:(-":
        return False
    return words[-1].casefold() not in _DANGLING_END


def _looks_like_a_paper(paper: ParsedPaper) -> bool:
    if not _title_shaped(paper.title):
        return False
    return paper.authors_count is not None or len(paper.abstract.split()) >= _MIN_ABSTRACT_WORDS


def refusal(lines: Iterable[str], papers: Sequence[ParsedPaper]) -> str | None:
    """Why this text is not a papers page (one line), or None when it may be one."""
    total = markup = 0
    example: tuple[int, str] | None = None
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        total += 1
        if is_markup_line(raw):
            markup += 1
            if example is None:
                example = lineno, raw.strip()
    paperlike = sum(1 for p in papers if _looks_like_a_paper(p))
    enough = markup >= _MIN_MARKUP or markup == total
    if example is not None and enough and markup >= _MARKUP_SHARE * total and markup >= paperlike:
        lineno, line = example
        shown = line if len(line) <= 40 else line[:39] + "…"
        return (
            f"not a papers page: {markup} of its {total} lines are markup or code (line {lineno}: {shown!r}); "
            "expected text copied from a Hugging Face papers page"
        )
    if papers and 2 * paperlike < len(papers):
        return (
            f"not a papers page: only {paperlike} of the {len(papers)} title + text blocks found look like a "
            "paper's title and abstract; expected text copied from a Hugging Face papers page"
        )
    return None
