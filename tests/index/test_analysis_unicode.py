"""Words are Unicode-normalised (NFKC + casefold) the same way at import and at query time: a decomposed
"naïve", the ligature in "ﬁne-tuning", capitals, full-width letters and non-breaking hyphens find the plain
spelling, and the other way round — also in a library whose stored text was never normalised."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papertui.index import analysis
from papertui.index.analysis import fold, stems, words
from papertui.index.engine import PaperIndex
from papertui.index.folder import META_NAME
from papertui.library import Library

DECOMPOSED_NAIVE = "nai\u0308ve"
HEADER = "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"


FILLER = " Experiments cover several public benchmarks, and every result is reported in detail."
"""Real abstracts are long: the page reader refuses a page whose 'abstracts' are a few words each."""


def page(*papers: tuple[str, str]) -> str:
    return HEADER + "\n".join(f"{title}\n{abstract}{FILLER}" for title, abstract in papers) + "\n"


PLAIN = page(
    ("A Naïve Baseline for Retrieval", "We show that a naïve baseline beats tuned retrievers."),
    ("Efficient Fine-Tuning of Large Models", "Parameter-efficient fine-tuning in a day."),
    ("Graph Transformers for Molecules", "Message passing meets attention."),
)
ODD = page(
    (f"A N{DECOMPOSED_NAIVE[1:]} Baseline for Ranking", f"We show that a {DECOMPOSED_NAIVE} ranker beats tuned ones."),
    ("Eﬃcient ﬁne-tuning from Scanned Pages", "We show that scanned pages spell ﬁne-tuning with ligatures."),
    ("Graph Transformers for Proteins", "Message passing meets attention for proteins."),
)


def test_fold_is_nfkc_and_casefold() -> None:
    assert fold("Fine-Tuning") == "fine-tuning"
    assert fold("ﬁne-tuning") == "fine-tuning"
    assert fold(DECOMPOSED_NAIVE.upper()) == "naïve" == unicodedata.normalize("NFC", "naïve")
    assert fold("Straße ＧＰＴ") == "strasse gpt"
    assert fold("ǰ") == "ǰ"  # casefold decomposes it; NFKC again composes it back


def test_ascii_text_is_not_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fast path for the 100k-paper import: pure ASCII never reaches unicodedata.normalize.
    def refuse(form: str, text: str) -> str:
        raise AssertionError(f"normalised ASCII text {text!r}")

    list(words("é"))  # the tables for non-ASCII text are built once, on first use
    monkeypatch.setattr(analysis, "unicodedata", SimpleNamespace(normalize=refuse))
    assert stems("Fine-Tuning of Models") == ["fine", "tune", "model"]
    assert [t.word for t in words("Fine-Tuning")] == ["fine", "tuning"]


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        (DECOMPOSED_NAIVE, "naïve"),
        ("NAÏVE", "naive"),
        ("ﬁne-tuning", "fine-tuning"),
        ("Fine\u2011Tuning", "fine-tuning"),  # non-breaking hyphen
        ("ＦＩＮＥ－ＴＵＮＩＮＧ", "fine-tuning"),  # full-width
        ("eﬃcient ﬂows", "efficient flows"),
    ],
)
def test_unicode_forms_have_the_stems_of_the_plain_word(typed: str, plain: str) -> None:
    assert stems(typed) == stems(plain)
    assert [t.stem for t in words(typed)] == stems(plain)


def test_word_offsets_point_into_the_text_as_given() -> None:
    text = f"{DECOMPOSED_NAIVE} ﬁne-tuning"
    assert [(text[t.start : t.end], t.word) for t in words(text)] == [
        (DECOMPOSED_NAIVE, "naive"),
        ("ﬁne", "fine"),
        ("tuning", "tuning"),
    ]


def titles(lib: Library, query: str) -> list[str]:
    return sorted(hit.title for hit in lib.search(query, limit=1000).hits)


def stored(expected: list[str]) -> list[str]:
    """Titles as the library keeps them: the page reader stores text NFKC-normalised (ligatures, accents)."""
    return sorted(unicodedata.normalize("NFKC", t) for t in expected)


@pytest.fixture
def library(home: Path) -> Library:
    lib = Library(home)
    lib.import_text(PLAIN, "plain.txt")
    lib.import_text(ODD, "odd.txt")
    lib.index()
    yield lib
    lib.close()


@pytest.mark.parametrize("query", [DECOMPOSED_NAIVE, "naïve", "NAÏVE", "naive", "Naive"])
def test_every_form_of_naive_finds_both_spellings(library: Library, query: str) -> None:
    assert titles(library, query) == stored(
        [
            f"A N{DECOMPOSED_NAIVE[1:]} Baseline for Ranking",
            "A Naïve Baseline for Retrieval",
        ]
    )


@pytest.mark.parametrize("query", ["ﬁne-tuning", "fine-tuning", "Fine\u2011Tuning", '"fine tuning"', "title:ﬁne"])
def test_every_form_of_fine_tuning_finds_both_spellings(library: Library, query: str) -> None:
    assert titles(library, query) == stored(
        ["Efficient Fine-Tuning of Large Models", "Eﬃcient ﬁne-tuning from Scanned Pages"]
    )


def test_prefixes_are_folded_too(library: Library) -> None:
    assert len(titles(library, "eﬃ*")) == len(titles(library, "effi*")) == 2
    assert len(titles(library, "naï*")) == 2


def test_tags_are_folded(library: Library) -> None:
    [pid] = [hit.id for hit in library.search("molecules").hits]
    library.tag([pid], ["ﬁne Ｐrint"])
    assert titles(library, 'tag:"fine print"') == stored(["Graph Transformers for Molecules"])


def test_an_index_of_the_schema_before_normalisation_is_rebuilt(library: Library) -> None:
    folder = library.paths.index_dir
    library.close()
    meta = json.loads((folder / META_NAME).read_text())
    meta["schema_version"] = PaperIndex.SCHEMA_VERSION - 1  # as an index written before this schema
    (folder / META_NAME).write_text(json.dumps(meta))
    reopened = Library(library.paths.home)
    try:
        reopened.index()
        assert reopened.last_index_message == "the search index was old-version; rebuilt it from the library"
        assert json.loads((folder / META_NAME).read_text())["schema_version"] == PaperIndex.SCHEMA_VERSION
        assert len(titles(reopened, DECOMPOSED_NAIVE)) == 2
    finally:
        reopened.close()


def test_offsets_where_base_characters_combine() -> None:
    # Hangul jamo L + V compose into one syllable under NFKC: folding a character at a time would differ, so
    # the offsets fall back to coarser pieces and still cover exactly the characters of the word.
    text = "x \u1100\u1161 y"
    [x, syllable, y] = list(words(text))
    assert syllable.word == "\uac00"
    assert (text[syllable.start : syllable.end], text[x.start : x.end], text[y.start : y.end]) == (
        "\u1100\u1161",
        "x",
        "y",
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_each_word_s_offsets_hold_that_word(text: str) -> None:
    last_end = 0
    for token in words(text):
        assert last_end <= token.end and 0 <= token.start < token.end <= len(text)
        if not token.stop:
            assert token.stem in stems(text[token.start : token.end])
        last_end = token.end


def test_the_forward_stream_holds_folded_words_and_marked_stop_words() -> None:
    # Stop words are found after folding ("ＴＨＥ" is "the"), so a phrase's stop words match in any spelling.
    expected = [analysis.STOP_MARK + "the", "naiv", "baselin", analysis.STOP_MARK + "for", "fine", "tune"]
    assert analysis.stream(f"ＴＨＥ N{DECOMPOSED_NAIVE[1:]} Baseline ＦＯＲ ﬁne-tuning") == expected
    assert analysis.stream("The Naïve Baseline for fine-tuning") == expected


@pytest.mark.parametrize("query", ['"a naive baseline for"', f'"A {DECOMPOSED_NAIVE} baseline"', '"a NAÏVE"'])
def test_a_phrase_with_stop_words_finds_every_spelling(library: Library, query: str) -> None:
    assert titles(library, query) == stored(
        [
            f"A N{DECOMPOSED_NAIVE[1:]} Baseline for Ranking",
            "A Naïve Baseline for Retrieval",
        ]
    )


@pytest.mark.parametrize("query", ['"ＦＯＲ ranking"', '"for Ranking"', 'title:"baseline FOR ranking"'])
def test_a_folded_stop_word_keeps_its_place_in_a_phrase(library: Library, query: str) -> None:
    assert titles(library, query) == stored([f"A N{DECOMPOSED_NAIVE[1:]} Baseline for Ranking"])
    assert titles(library, '"of ranking"') == stored([])
