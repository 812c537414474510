"""Tag rules: what a valid tag is, tag identity (case-insensitive) and the library-wide display spelling.

A tag's identity is its NFC-normalised casefold; its display spelling is the first spelling the library saw,
so "ML" and "ml" are one tag shown the same way on every paper.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence

from papertui.errors import UsageError

MAX_TAG_LEN = 64
# Cc = control characters (tab, newline, escape...); Zl/Zp = line and paragraph separators, which break a
# one-line display just the same.
_FORBIDDEN_CATEGORIES = {"Cc", "Zl", "Zp"}


def _visible(tag: str) -> str:
    """NFC, without invisible format characters (zero-width spaces and joiners, soft hyphens, BOMs), every
    kind of space (no-break, thin, ideographic) a plain space: two tags that look the same are the same."""
    text = unicodedata.normalize("NFC", tag)
    if not text.isascii():
        text = "".join(
            " " if unicodedata.category(ch) == "Zs" else ch for ch in text if unicodedata.category(ch) != "Cf"
        )
    return text.strip()


@functools.lru_cache(maxsize=8192)
def tag_key(tag: str) -> str:
    """The identity of a tag: equal keys are the same tag."""
    return _visible(tag).casefold()


def clean_tag(tag: object) -> str:
    """A tag as stored (stripped, NFC, invisible characters dropped), or UsageError saying what is wrong."""
    if not isinstance(tag, str):
        raise UsageError(f"a tag must be text, not {type(tag).__name__}")
    if any("\ud800" <= ch <= "\udfff" for ch in tag):
        raise UsageError("a tag must be valid text (it holds bytes the terminal's encoding could not decode)")
    text = _visible(tag)
    if not text:
        raise UsageError("a tag cannot be empty or only spaces")
    if any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in text):
        raise UsageError(f"tag {text!r} contains a control character (tabs and line breaks are not allowed)")
    if "," in text:
        raise UsageError(f'tag "{text}" contains a comma; commas separate tags, so use one tag per name')
    if len(text) > MAX_TAG_LEN:
        raise UsageError(f'tag "{text[:20]}…" is {len(text)} characters long; the limit is {MAX_TAG_LEN}')
    return text


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Validated tags, one per identity (first spelling kept), in the order given."""
    if isinstance(tags, str):
        # A bare string would otherwise be taken letter by letter.
        tags = [tags]
    out: dict[str, str] = {}
    for tag in tags:
        text = clean_tag(tag)
        out.setdefault(tag_key(text), text)
    if not out:
        raise UsageError("no tag given")
    return list(out.values())


def display_names(tag_lists: Iterable[Iterable[str]]) -> dict[str, str]:
    """key -> display spelling of every tag in `tag_lists` (the first spelling met wins if they disagree)."""
    names: dict[str, str] = {}
    for tags in tag_lists:
        for tag in tags:
            names.setdefault(tag_key(tag), tag)
    return names


def count_tags(tag_lists: Iterable[Iterable[str]]) -> list[tuple[str, int]]:
    """(display name, papers) by count descending, then name (case-insensitively)."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    for tags in tag_lists:
        for key in {tag_key(t): None for t in tags}:
            counts[key] = counts.get(key, 0) + 1
        for tag in tags:
            names.setdefault(tag_key(tag), tag)
    return sorted(((names[k], n) for k, n in counts.items()), key=lambda kn: (-kn[1], tag_key(kn[0]), kn[0]))


def with_tags(current: Sequence[str], added: Sequence[str]) -> list[str]:
    """`current` plus the `added` display names not already present (by identity), order kept."""
    out = list(current)
    have = {tag_key(t) for t in out}
    for tag in added:
        if tag_key(tag) not in have:
            have.add(tag_key(tag))
            out.append(tag)
    return out


def without_tags(current: Sequence[str], removed: Sequence[str]) -> list[str]:
    drop = {tag_key(t) for t in removed}
    return [t for t in current if tag_key(t) not in drop]


def renamed(current: Sequence[str], old_key: str, new_name: str) -> list[str]:
    """`old` replaced in place by `new_name`; when the paper already has NEW the two merge into one."""
    new_key = tag_key(new_name)
    out: list[str] = []
    for tag in current:
        key = tag_key(tag)
        if key == old_key:
            tag, key = new_name, new_key
        if key == new_key:
            if any(tag_key(t) == new_key for t in out):
                continue
            tag = new_name
        out.append(tag)
    return out
