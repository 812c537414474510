"""The schema's Whoosh analyzer chain (index/whoosh_analysis.py) gives the same stems as papertui's one-pass
analysis (index/analysis.py), on real pages and on random text, and differs only where documented."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem as whoosh_porter_stem

from papertui.index import analysis
from papertui.index.analysis import STOP_WORDS, combining_marks, fold, stems, word_pattern
from papertui.index.whoosh_analysis import fold_map, whoosh_analyzer, whoosh_name_analyzer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RANDOM = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def chain(text: str) -> list[str]:
    return [token.text for token in whoosh_analyzer()(text)]


def test_the_chain_is_built_from_whoosh_components_with_papertuis_settings() -> None:
    stages = list(whoosh_analyzer().items)
    assert [type(stage) for stage in stages] == [
        RegexTokenizer,
        CharsetFilter,
        LowercaseFilter,
        StopFilter,
        CharsetFilter,
        StemFilter,
    ]
    tokenizer, folding, _lower, stop, accents, stem = stages
    assert tokenizer.expression.pattern == word_pattern().pattern
    assert folding.charmap == fold_map()
    assert stop.stops == STOP_WORDS and stop.min == 1 and stop.max is None
    assert accents.charmap == analysis.accent_map()
    # The same Porter stemmer papertui caches; Whoosh's LRU cache around it cannot change a (pure) result.
    assert stem.stemfn is whoosh_porter_stem is analysis.porter_stem
    assert not stem.ignore


def test_the_same_stems_on_the_fixture_pages() -> None:
    for page in sorted(FIXTURES.glob("*.txt")):
        for line in page.read_text(encoding="utf-8").splitlines():
            assert chain(line) == stems(line), line


def test_the_same_stems_on_the_real_pages(seeds_dir: Path) -> None:
    for page in sorted(seeds_dir.glob("*.txt")):
        for line in page.read_text(encoding="utf-8").splitlines():
            assert chain(line) == stems(line), line


@cache
def boundary_movers() -> frozenset[str]:
    """Characters whose folding moves a word boundary: the chain, folding after splitting, reads them otherwise
    (documented in index/whoosh_analysis.py). Found by trying each character that folding changes in a few
    contexts."""
    candidates = {*map(chr, fold_map()), *(chr(c) for c in range(0x80, 0x20000) if chr(c).lower() != chr(c))}
    found = set()
    for ch in candidates:
        for text in (f"x{ch}y", ch, f"x {ch} y", f"x.{ch}", f"{ch}.x"):
            if chain(text) != stems(text):
                found.add(ch)
                break
    return frozenset(found)


def test_documented_differences() -> None:
    movers = boundary_movers()
    assert {"½", "\u2024", "ŀ"} <= movers
    assert stems("½ cup") == ["1", "2", "cup"] and chain("½ cup") == ["1\u20442", "cup"]
    assert stems("a\u2024b") == ["a.b"] and chain("a\u2024b") == ["b"]  # "a" alone is a stop word
    # Decomposed input: the same where Whoosh's accent table folds the composed letter to its base letter...
    assert chain("nai\u0308ve") == stems("nai\u0308ve") == stems("naïve") == ["naiv"]
    # ... not where it keeps the accented letter (the chain has dropped the combining accent).
    assert stems("\u03b9\u0301") == ["\u03af"] and chain("\u03b9\u0301") == ["\u03b9"]
    # Few characters move a boundary; the letters people type (accented, ligatures, full-width) do not.
    assert len(movers) < len(fold_map()) // 4
    assert not movers & set("éïüßæøåçñłİﬁﬂＡｚΣς")


NFC_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)).filter(lambda ch: ch not in boundary_movers()), max_size=40
).map(lambda text: unicodedata.normalize("NFC", text))
LETTERS = st.text(
    st.sampled_from([*"abcxyz ABC-.,19", "é", "ï", "ü", "ß", "ﬁ", "ﬂ", "Ａ", "ｚ", "Σ", "ς", "İ", "ø", "\u0301"]),
    max_size=40,
)


@RANDOM
@given(NFC_TEXT)
def test_the_same_stems_on_random_nfc_text(text: str) -> None:
    assert chain(text) == stems(text)


@RANDOM
@given(LETTERS)
def test_the_same_stems_on_random_latin_text(text: str) -> None:
    # Dense in the characters that matter (ligatures, full-width, sharp s, dotted I, a free combining accent).
    assert chain(text) == stems(text)


@RANDOM
@given(st.one_of(NFC_TEXT, LETTERS))
def test_the_same_name_words_on_random_text(text: str) -> None:
    # Names: the chain without stop words and stems, as analysis.name_words (`author:an`, `author:jorg`), which
    # are the query side's words() as they are before stemming.
    words = list(analysis.name_words(text))
    assert [token.text for token in whoosh_name_analyzer()(text)] == words
    assert [token.word for token in analysis.words(text)] == words


def test_name_words_keep_stop_words_and_are_not_stemmed() -> None:
    assert analysis.name_words("An Will-Jörg MÜLLER O'Brien") == ("an", "will", "jorg", "muller", "o", "brien")
    assert [token.text for token in whoosh_name_analyzer()("An Will-Jörg")] == ["an", "will", "jorg"]


@RANDOM
@given(st.text(st.characters(max_codepoint=127), max_size=60))
def test_ascii_words_are_the_unicode_pattern_s_words(text: str) -> None:
    # ASCII text takes a fast pattern; it must split exactly as the Unicode one (which the chain uses).
    assert analysis._ASCII_WORD.findall(text) == word_pattern().findall(text)


def test_the_scanned_ranges_hold_every_character_folding_changes() -> None:
    everything = {}
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if (folded := fold(ch)) != ch:
            everything[code] = folded
    assert fold_map() == everything


def test_the_scanned_ranges_hold_every_combining_mark() -> None:
    marks = tuple(c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"))
    assert combining_marks() == marks
    assert re.fullmatch(word_pattern(), "x" + "".join(map(chr, marks[:50])))


def test_ascii_words_need_no_accent_table() -> None:
    # analysis.py skips the accent table for ASCII words: Whoosh's maps lowercase ASCII letters to themselves.
    ascii_entries = {code: folded for code, folded in analysis.accent_map().items() if code < 128}
    assert all(folded == chr(code).lower() for code, folded in ascii_entries.items())
