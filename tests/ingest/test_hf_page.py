"""Promises of ingest/hf_page.py: both page layouts read by structure, odd pages read as far as possible."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.ingest.hf_page import PageParse, parse_hf_page

FIXTURES = Path(__file__).parent / "fixtures"

# Abstract-shaped lines for building pages: several sentences each.
ABS1 = "We study sparse routing in depth. Our method halves cost on four benchmarks. Code is released."
ABS2 = "Robots need maps that answer questions. We build such maps from video. Queries succeed often."
ABS3 = "Long documents are hard to read. A budgeted reader keeps only useful tokens. Accuracy stays high."


def page(*lines: str, sep: str = "\n") -> PageParse:
    return parse_hf_page(sep.join(lines))


def titles(result: PageParse) -> list[str]:
    return [p.title for p in result.papers]


# -- layout A ----------------------------------------------------------------------------------------------


def test_layout_a_pairs_alternating_title_and_abstract_lines() -> None:
    result = parse_hf_page((FIXTURES / "layout_a_small.txt").read_text(encoding="utf-8"))
    assert result.layout == "A"
    assert titles(result) == [
        "Quiet Gradients: Noise-Aware Optimisers for Tiny Batches",
        "Lattice Prompts for Structured Generation",
        "ΔDepth: Monocular Depth Changes from Video",
    ]
    first, second, third = result.papers
    assert first.abstract.startswith("Training with tiny batches") and first.abstract.endswith("quiet-grad.")
    assert first.github == ("https://github.com/fixture-lab/quiet-grad",)
    assert second.links == ("https://fixture-lab.github.io/lattice/",) and second.github == ()
    assert third.github == () and third.links == ()
    assert all(p.authors_count is None and p.upvotes is None and p.date is None for p in result.papers)
    assert result.page_date is None and result.skipped_lines == 0 and result.warnings == ()


def test_subscribe_glued_to_the_first_title_is_removed() -> None:
    result = page("Get trending papers in your email inbox!", "SubscribeAlpha: A First Title", ABS1)
    assert titles(result) == ["Alpha: A First Title"]


def test_a_paper_without_an_abstract_in_the_middle_is_kept_with_a_warning() -> None:
    result = page(
        "First Paper About Sparse Routing",
        ABS1,
        "Second Paper Missing Its Abstract",
        "Third Paper on Maps",
        ABS2,
    )
    assert titles(result) == [
        "First Paper About Sparse Routing",
        "Second Paper Missing Its Abstract",
        "Third Paper on Maps",
    ]
    assert [p.abstract for p in result.papers] == [ABS1, "", ABS2]
    assert any("Second Paper Missing Its Abstract" in w and "no abstract" in w for w in result.warnings)


def test_a_short_abstract_without_a_full_stop_is_still_an_abstract() -> None:
    result = page(
        "First Paper About Routing",
        ABS1,
        "Second Paper With Terse Abstract",
        "Abstract text pending",
        "Third Paper on Maps",
        ABS2,
    )
    assert titles(result)[1] == "Second Paper With Terse Abstract"
    assert result.papers[1].abstract == "Abstract text pending"
    assert len(result.papers) == 3


def test_a_title_may_end_with_a_question_or_exclamation_mark() -> None:
    result = page("Is Routing All You Need?", ABS1, "Pre-Train Now? Yes, Pre-Train!", ABS2)
    assert titles(result) == ["Is Routing All You Need?", "Pre-Train Now? Yes, Pre-Train!"]


def test_a_title_ending_with_a_full_stop_is_still_a_title() -> None:
    result = page("First Paper Title Here", ABS1, "Less Data Is More for Tuning Small Models.", ABS2)
    assert titles(result) == ["First Paper Title Here", "Less Data Is More for Tuning Small Models."]
    assert result.papers[1].abstract == ABS2


def test_an_abstract_paragraph_on_two_lines_is_joined() -> None:
    result = page("One Paper With Two Paragraphs", ABS1, ABS2, "Next Paper Title Here", ABS3)
    assert result.papers[0].abstract == f"{ABS1}\n\n{ABS2}"
    assert titles(result) == ["One Paper With Two Paragraphs", "Next Paper Title Here"]


# -- layout B ----------------------------------------------------------------------------------------------


def test_layout_b_reads_blocks_with_metadata() -> None:
    result = parse_hf_page((FIXTURES / "layout_b_small.txt").read_text(encoding="utf-8"))
    assert result.layout == "B"
    assert result.page_date == "Nov 4"
    assert result.warnings == () and result.skipped_lines == 0
    speech, maps, counting, critics = result.papers
    assert (speech.authors_count, speech.date, speech.date_text, speech.upvotes) == (
        5,
        "2023-03-12",
        None,
        None,
    )
    assert (maps.authors_count, maps.date, maps.date_text, maps.upvotes) == (3, None, "Sep 26", 2)
    assert (counting.authors_count, counting.date, counting.upvotes) == (12, "2021-02-26", 3)
    assert (critics.authors_count, critics.date_text, critics.upvotes) == (None, "Jul 17", None)
    assert maps.github == ("https://github.com/fixture-bots/cmaps",)
    assert all(p.page_date == "Nov 4" for p in result.papers)


def test_layout_b_without_any_metadata_still_pairs_titles_and_abstracts() -> None:
    result = page("Daily Papers", "", "First Paper Title Here", "", ABS1, "", "Second Paper Title Here", "", ABS2)
    assert result.layout == "B"
    assert [(p.title, p.abstract) for p in result.papers] == [
        ("First Paper Title Here", ABS1),
        ("Second Paper Title Here", ABS2),
    ]


def test_a_paper_with_metadata_but_no_abstract_is_kept() -> None:
    result = page(
        "First Paper Title Here",
        "",
        ABS1,
        "",
        "  • 2 authors",
        "·",
        "Mar 1, 2024",
        "",
        "Second Paper Without Abstract",
        "",
        "  • 4 authors",
        "·",
        "Sep 3",
        "",
        "Third Paper Title Here",
        "",
        ABS2,
        "",
        "  • 1 author",
        "·",
        "Jan 2, 2024 9",
    )
    second = result.papers[1]
    assert (second.title, second.abstract, second.authors_count, second.date_text) == (
        "Second Paper Without Abstract",
        "",
        4,
        "Sep 3",
    )
    assert result.papers[2].upvotes == 9 and result.papers[2].date == "2024-01-02"


def test_metadata_on_one_line_and_a_bare_upvote_count_are_read() -> None:
    result = page(
        "Paper With Inline Details",
        ABS1,
        "6 authors · Mar 12, 2023 · 3",
        "",
        "Paper With Only A Count",
        ABS2,
        "7",
    )
    assert (result.papers[0].authors_count, result.papers[0].date, result.papers[0].upvotes) == (
        6,
        "2023-03-12",
        3,
    )
    assert (result.papers[1].upvotes, result.papers[1].date, result.papers[1].authors_count) == (
        7,
        None,
        None,
    )


def test_a_header_date_with_a_year_is_the_page_date() -> None:
    result = page("Daily Papers", "Nov 4, 2024", "Paper Title Number One", ABS1, "  • 3 authors")
    assert result.page_date == "Nov 4, 2024"
    assert result.papers[0].page_date == "Nov 4, 2024" and result.papers[0].date is None


def test_a_second_pasted_page_keeps_its_date_away_from_the_previous_paper() -> None:
    result = page(
        "Daily Papers",
        "Nov 4",
        "Paper From Page One",
        ABS1,
        "  • 2 authors",
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "Nov 5",
        "Paper From Page Two",
        ABS2,
        "  • 3 authors",
        "·",
        "Mar 2, 2023",
    )
    one, two = result.papers
    assert (one.date, one.date_text) == (None, None)
    assert two.date == "2023-03-02"
    assert result.page_date == "Nov 4"


# -- headers, trailing junk, unknown text -------------------------------------------------------------------


def test_header_and_boilerplate_lines_are_never_papers() -> None:
    result = page(
        "new",
        "Get trending papers in your email inbox once a day!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        "Nov 4",
        "Only Real Paper Title",
        ABS1,
        "Load more",
        "System theme",
        "Company",
        "TOS",
        "Privacy",
    )
    assert titles(result) == ["Only Real Paper Title"]
    assert result.skipped_lines == 0


def test_unknown_header_wording_is_dropped_with_a_warning() -> None:
    result = page(
        "Trending research, refreshed hourly",
        "Browse by topic",
        "Real Paper Title Number One",
        ABS1,
        "Real Paper Title Number Two",
        ABS2,
    )
    assert titles(result) == ["Real Paper Title Number One", "Real Paper Title Number Two"]
    assert result.skipped_lines == 2
    assert any("page heading" in w for w in result.warnings)


def test_short_trailing_junk_is_not_a_paper() -> None:
    result = page("Real Paper Title Number One", ABS1, "Real Paper Title Number Two", ABS2, "GitHub 1.2k", "Share it")
    assert titles(result) == ["Real Paper Title Number One", "Real Paper Title Number Two"]
    assert result.skipped_lines == 2


def test_prose_without_a_title_is_skipped_and_counted() -> None:
    result = page("Real Paper Title Number One", ABS1, "  • 2 authors", ABS2)
    assert titles(result) == ["Real Paper Title Number One"]
    assert result.papers[0].abstract == ABS1
    assert result.skipped_lines == 1
    assert any("without a title" in w for w in result.warnings)


def test_text_that_is_no_page_gives_no_papers_and_says_so() -> None:
    result = parse_hf_page("hello\nworld\n")
    assert result.papers == () and result.layout == "unknown"
    assert any("no papers recognised" in w for w in result.warnings)


def test_warnings_are_capped_for_very_odd_input() -> None:
    result = parse_hf_page("\n".join(f"{ABS1} {i}" for i in range(500)))
    assert result.papers == ()
    assert result.skipped_lines == 500
    assert len(result.warnings) < 50
    assert any("more warnings" in w for w in result.warnings)


# -- text details -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_any_newline_convention_and_a_missing_final_newline_work(newline: str) -> None:
    result = page("Paper Title Number One", ABS1, "Paper Title Number Two", ABS2, sep=newline)
    assert titles(result) == ["Paper Title Number One", "Paper Title Number Two"]
    assert result.papers[1].abstract == ABS2


def test_non_ascii_titles_are_kept_as_written() -> None:
    result = page("ΣNet: Über-Fast Café Models for Naïve Users", ABS1)
    assert titles(result) == ["ΣNet: Über-Fast Café Models for Naïve Users"]


def test_title_whitespace_is_collapsed() -> None:
    result = page("  Spaced \t Out   Paper  Title ", ABS1)
    assert titles(result) == ["Spaced Out Paper Title"]


def test_duplicate_titles_become_one_paper_with_the_longest_abstract_and_all_links() -> None:
    # The same paper seen twice, once with its abstract cut short (as a listing shows it): one paper.
    short = "A much longer abstract text about a study. See https://github.com/acme/one for code."
    long = short + " It has https://github.com/acme/two and https://acme.github.io/p too."
    result = page("Same Paper: A Study", short, "Other Paper Title Here", ABS2, "same paper:  a study", long)
    assert titles(result) == ["Same Paper: A Study", "Other Paper Title Here"]
    merged = result.papers[0]
    assert merged.abstract == long
    assert merged.github == ("https://github.com/acme/one", "https://github.com/acme/two")
    assert merged.links == ("https://acme.github.io/p",)
    assert any("duplicate" in w for w in result.warnings)


def test_a_page_mixing_both_layouts_is_reported_as_mixed() -> None:
    result = page("Tight Paper Title One", ABS1, "", "Loose Paper Title Two", "", ABS2)
    assert result.layout == "mixed"
    assert len(result.papers) == 2


def test_a_repeated_title_merges_with_the_copy_whose_abstract_agrees_not_only_the_first() -> None:
    other = "A different study with the same title, about robots that sort laundry in small apartments."
    result = page("Same Paper: A Study", ABS1, "Same Paper: A Study", other, "Same Paper: A Study", other[:60])
    assert [p.abstract for p in result.papers] == [ABS1, other]
