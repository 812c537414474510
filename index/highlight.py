"""Which characters of a text to highlight for a search's terms, using the index's own word analysis so the
highlight agrees with what matched: "models" lights up for the term "model", "diffusion" for "diffus*", and a
decomposed "naïve" or the ligature in "ﬁne-tuning" for the plain words (spans are offsets in the text as shown).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from papertui.index.analysis import words
from papertui.index.prefix import completion_stems


@lru_cache(maxsize=32)
def _term_sets(terms: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """Stems of whole-word terms; prefixes (folded) and the shorter stems a prefix search also matched.
    Cached: every row drawn for one search asks with the same terms (stemming them took ~5 ms a key)."""
    stems: set[str] = set()
    prefixes: list[str] = []
    prefix_stems: set[str] = set()
    for term in terms:
        if term.endswith("*"):
            parts = list(words(term.rstrip("*")))
            if parts:
                *whole, last = parts
                stems.update(t.stem for t in whole if not t.stop)
                prefixes.append(last.word)
                prefix_stems.update(completion_stems(last.word))
        else:
            stems.update(t.stem for t in words(term) if not t.stop)
    return frozenset(stems), tuple(prefixes), frozenset(prefix_stems)


def highlight_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) character spans of the words of `text` that match `terms`:
    same stem as a term, or (for a term ending in "*") starting with it. Case- and accent-insensitive."""
    if not text or not terms:
        return []
    stems, prefixes, prefix_stems = _term_sets(tuple(terms))
    if not stems and not prefixes:
        return []
    spans: list[tuple[int, int]] = []
    for token in words(text):
        if token.stop:
            continue
        hit = token.stem in stems or token.stem in prefix_stems or token.word.startswith(prefixes)
        if hit:
            if spans and token.start < spans[-1][1]:  # two words from one character ("½" is "1⁄2"): one span
                spans[-1] = (spans[-1][0], max(spans[-1][1], token.end))
            else:
                spans.append((token.start, token.end))
    return spans
