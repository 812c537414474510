"""Highlighting agrees with matching: the same stems, prefixes, case and accent folding."""

from __future__ import annotations

import itertools

from papertui.index.highlight import highlight_spans


def marked(text: str, terms: tuple[str, ...]) -> list[str]:
    return [text[start:end] for start, end in highlight_spans(text, terms)]


def test_words_with_the_same_stem_as_a_term_are_marked() -> None:
    text = "Models model the modelling of a MODEL; modest results."
    assert marked(text, ("models",)) == ["Models", "model", "modelling", "MODEL"]


def test_a_prefix_term_marks_words_starting_with_it() -> None:
    assert marked("Diffusion and diffusive flows, not diff.", ("diffus*",)) == ["Diffusion", "diffusive"]


def test_a_partly_typed_word_marks_the_forms_it_found() -> None:
    # "learni*" matched the index term "learn", so "learned" lit up in the search too.
    assert marked("Learning to learn: we learned a lot.", ("learni*",)) == ["Learning", "learn", "learned"]


def test_matching_ignores_case_and_accents() -> None:
    assert marked("TÜLU 3 beats Tulu 2", ("tülu",)) == ["TÜLU", "Tulu"]
    assert marked("PanGu-Σ is sparse", ("σ",)) == ["Σ"]


def test_spans_are_sorted_and_do_not_overlap() -> None:
    text = "graph graphs graphical graphing"
    spans = highlight_spans(text, ("graph", "graph*", "graphs"))
    assert spans == sorted(spans)
    assert all(end <= nxt for (_, end), (nxt, _) in itertools.pairwise(spans))
    assert [text[s:e] for s, e in spans] == text.split()


def test_phrase_terms_and_stop_words() -> None:
    assert marked("The state of the art in art", ("state-of-the-art",)) == ["state", "art", "art"]
    assert highlight_spans("the and of", ("the",)) == []


def test_nothing_to_mark() -> None:
    assert highlight_spans("", ("model",)) == []
    assert highlight_spans("some text", ()) == []
    assert highlight_spans("some text", ("*", "", "zebra")) == []


def test_unicode_forms_of_a_word_mark_each_other() -> None:
    decomposed = "nai\u0308ve"
    assert marked("A naïve baseline", (decomposed,)) == ["naïve"]
    assert marked(f"A {decomposed} baseline", ("naïve",)) == [decomposed]
    assert marked(f"A {decomposed.upper()} baseline", ("naive",)) == [decomposed.upper()]
    assert marked("ﬁne-tuning of models", ("fine-tuning",)) == ["ﬁne", "tuning"]
    assert marked("Fine-Tuning of models", ("ﬁne-tuning",)) == ["Fine", "Tuning"]
    assert marked("Fine\u2011Tuning in ＦＵＬＬ width", ("fine-tuning", "full")) == ["Fine", "Tuning", "ＦＵＬＬ"]
    assert marked(f"{decomposed}ly and ﬁnely", ("naï*", "fin*")) == [f"{decomposed}ly", "ﬁnely"]


def test_words_from_one_character_make_one_span() -> None:
    # "½" folds to "1⁄2", the words "1" and "2": both come from the same character.
    assert highlight_spans("½ cup", ("1", "2", "cup")) == [(0, 1), (2, 5)]
