"""The index's word analysis as a chain of Whoosh's own components, for the schema.

The TOC pickles the schema with its analyzers, so stock Whoosh (without papertui) opens the index and its
QueryParser reads a query's words as papertui does: RegexTokenizer(analysis.word_pattern()) |
CharsetFilter(fold_map(): NFKC + casefold one character at a time) | LowercaseFilter (as analysis lowers each
word after folding: Cherokee casefolds to capitals) | StopFilter(analysis.STOP_WORDS, minsize=1) |
CharsetFilter(analysis.accent_map()) | StemFilter(the same Porter stem). papertui itself never runs it:
analysis.stems() is one cached pass over the whole text.

Where it differs (tests/index/test_analysis_whoosh_chain.py pins each down): analysis.fold() normalises the
whole text before splitting it into words, the chain normalises each character after splitting. So
- a character whose compatibility form moves a word boundary: "½" is "1⁄2", two words to papertui and one
  term to the chain; "a․b" (U+2024) is the word "a.b" to papertui and two to the chain; "ŀ" → "l·";
- decomposed input (a letter, then its combining accent): papertui composes it (NFKC); the chain drops the
  accent, which gives the same word where Whoosh's accent table folds the composed letter to its base letter
  (Latin: "naïve" either way) and not where the table keeps it ("ά", Greek with tonos) or folds it oddly
  ("ǣ" → "a" composed, "æ" decomposed).
Text typed in NFC (as keyboards and pages give it) is read the same, apart from the first group.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from whoosh.analysis import Analyzer, CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem as porter_stem

from papertui.index.analysis import STOP_WORDS, accent_map, fold, word_pattern

_FOLD_SCAN = (range(0x80, 0x20000), range(0x2F800, 0x2FA20))
"""The code points fold() can change one at a time (casefolding and compatibility forms; the rest of Unicode
has neither), checked against a scan of all of Unicode in tests/index/test_analysis_whoosh_chain.py."""


@lru_cache(maxsize=1)
def fold_map() -> dict[int, str]:
    """fold() of single characters, as a str.translate table: "ﬁ" → "fi", "ß" → "ss", "Ａ" → "a", "A" → "a"."""
    table: dict[int, str] = {code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)}
    for block in _FOLD_SCAN:
        for code in block:
            ch = chr(code)
            if ch.casefold() == ch and unicodedata.is_normalized("NFKC", ch):
                continue
            folded = fold(ch)
            if folded != ch:
                table[code] = folded
    return table


def whoosh_name_analyzer() -> Analyzer:
    """The words of authors' names as analysis.name_words() reads them: the chain above without stop words and
    stems."""
    return (
        RegexTokenizer(word_pattern().pattern)
        | CharsetFilter(fold_map())
        | LowercaseFilter()
        | CharsetFilter(accent_map())
    )


def whoosh_analyzer() -> Analyzer:
    """The same words and stems as analysis.stems(), as a chain of Whoosh's own components."""
    return (
        RegexTokenizer(word_pattern().pattern)
        | CharsetFilter(fold_map())
        | LowercaseFilter()
        | StopFilter(STOP_WORDS, minsize=1)  # Whoosh's default minsize=2 would drop one-letter words
        | CharsetFilter(accent_map())
        | StemFilter(porter_stem)
    )
