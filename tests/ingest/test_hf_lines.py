"""Promises of ingest/hf_lines.py: each line of a page is recognised by its shape."""

from __future__ import annotations

import pytest

from papertui.ingest.hf_lines import CHROME, HEADER, META, PROSE, TITLE, LineMeta, classify_line, parse_meta


def kind(line: str) -> str:
    return classify_line(line)[0]


@pytest.mark.parametrize(
    "line",
    [
        "Get trending papers in your email inbox once a day!",
        "Get trending papers in your email inbox!",
        "Get the latest papers delivered weekly",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        "by AK and the research community",
        "new",
    ],
)
def test_page_headings_are_recognised(line: str) -> None:
    assert kind(line) == HEADER


@pytest.mark.parametrize(
    "line",
    ["Load more", "Models", "Page 2 of 9", "© 2024 Hugging Face", "Daily Papers - Hugging Face", "..."],
)
def test_page_chrome_is_recognised(line: str) -> None:
    assert kind(line) == CHROME


def test_a_heading_glued_to_a_title_is_cut_off() -> None:
    assert classify_line("SubscribeAlphaNet: Fast Things") == (TITLE, "AlphaNet: Fast Things", None)
    assert classify_line("SubscribeΣNet: Sums") == (TITLE, "ΣNet: Sums", None)
    assert classify_line("Get trending papers in your email inbox!SubscribeBeta Models for X")[1] == (
        "Beta Models for X"
    )


def test_a_title_that_merely_mentions_hugging_face_is_a_title() -> None:
    assert kind("HuggingChat: Solving Tasks with Models in Hugging Face") == TITLE


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  • 6 authors", LineMeta(authors=6)),
        ("1 author", LineMeta(authors=1)),
        ("·", LineMeta()),
        ("Mar 12, 2023", LineMeta(date="2023-03-12", date_text="Mar 12, 2023")),
        ("Sep 26", LineMeta(date_text="Sep 26")),
        ("Feb 26, 2021 3", LineMeta(date="2021-02-26", date_text="Feb 26, 2021", upvotes=3)),
        ("Sep 26 2", LineMeta(date_text="Sep 26", upvotes=2)),
        ("September 5 2022", LineMeta(date="2022-09-05", date_text="September 5 2022")),
        ("Sept 5th, 2022", LineMeta(date="2022-09-05", date_text="Sept 5th, 2022")),
        ("4 Jan 2024", LineMeta(date="2024-01-04", date_text="4 Jan 2024")),
        ("2023-07-01", LineMeta(date="2023-07-01", date_text="2023-07-01")),
        ("Published on Mar 3, 2024", LineMeta(date="2024-03-03", date_text="Mar 3, 2024")),
        ("Feb 29", LineMeta(date_text="Feb 29")),
        ("Feb 30, 2023", LineMeta(date_text="Feb 30, 2023")),
        ("17", LineMeta(upvotes=17)),
        ("▲ 42", LineMeta(upvotes=42)),
        (
            "6 authors · Mar 12, 2023 · 3",
            LineMeta(authors=6, date="2023-03-12", date_text="Mar 12, 2023", upvotes=3),
        ),
        ("Submitted by someone", LineMeta()),
    ],
)
def test_metadata_lines_are_read(line: str, expected: LineMeta) -> None:
    assert parse_meta(line.strip()) == expected
    assert kind(line.strip()) == META


@pytest.mark.parametrize(
    "line",
    [
        "Mar Vision: Seeing Things",
        "May the Force Be with Transformers",
        "12 Angry Models",
        "Sep 26 was a day",
    ],
)
def test_titles_that_start_like_metadata_are_titles(line: str) -> None:
    assert parse_meta(line) is None
    assert kind(line) == TITLE


@pytest.mark.parametrize(
    "line",
    [
        "COSMOS: Cross-Modality Self-Distillation for Vision Language Pre-training",
        "Is a Small Model All You Need?",
        "When to Pre-Train Graph Networks? From Data Generation Perspective!",
        "Chatbots vs. Humans: A Study of e.g. Dialogue",
        "Attention Is All You Need.",
        "kNN-Adapter: Efficient Domain Adaptation",
        "A" * 290,
    ],
)
def test_title_shaped_lines(line: str) -> None:
    assert kind(line) == TITLE


@pytest.mark.parametrize(
    "line",
    [
        "We propose a method that works well on many tasks.",
        "Short one. Then another sentence follows here",
        "Code is available at https://github.com/acme/widget and on the site",
        "word " * 40,
        "x" * 301,
    ],
)
def test_prose_shaped_lines(line: str) -> None:
    assert kind(line.strip()) == PROSE
