"""Random input never breaks the readers: they return a result or raise PapertuiError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papertui.errors import PapertuiError
from papertui.ingest.hf_page import parse_hf_page
from papertui.ingest.links import find_links
from papertui.ingest.text import decode_bytes
from papertui.model import abstracts_agree

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that look like parts of real pages, so random pages reach every branch of the reader.
PIECES = [
    "",
    "new",
    "Subscribe",
    "Daily Papers",
    "Get trending papers in your email inbox!",
    "byAK and the research community",
    "Nov 4",
    "  • 6 authors",
    "·",
    "Mar 12, 2023",
    "Feb 26, 2021 3",
    "Sep 26 2",
    "3",
    "Load more",
    "SubscribeΣNet: Sums for Everything",
    "A Title-Shaped Line About Models",
    "Is It Question-Shaped?",
    "We propose a method. It works well on benchmarks.",
    "Code at https: // github. com/ acme/ widget and github.com/ a/b- c.",
    "x" * 301,
    "Feb 30, 2023",
    "2023-13-45",
    "\t \u00a0",
    "\x0b\x0c",
]


@FAST
@given(st.text())
def test_any_text_parses_without_raising(text: str) -> None:
    result = parse_hf_page(text)
    assert result.skipped_lines >= 0
    assert all(p.title and p.title == p.title.strip() for p in result.papers)


@FAST
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=60))
def test_page_like_text_parses_without_raising(lines: list[str]) -> None:
    result = parse_hf_page("\n".join(lines))
    assert result.layout in ("A", "B", "mixed", "unknown")
    papers = result.papers
    for i, first in enumerate(papers):
        for second in papers[i + 1 :]:
            # One title twice is one paper unless the abstracts tell two papers apart.
            assert first.key != second.key or not abstracts_agree(first.abstract, second.abstract)
    for paper in result.papers:
        assert paper.date is None or len(paper.date) == 10
        assert paper.date is None or paper.date_text is None


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_a_papertui_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, "fuzz")
    except PapertuiError as err:
        assert str(err).startswith("fuzz") and "\n" not in str(err)
    else:
        assert "\r" not in text and text.strip()
        parse_hf_page(text)


@FAST
@given(st.text(alphabet=st.sampled_from(list("github.com/ :Aa-_.#?()x1 \n")), max_size=200))
def test_link_finding_on_url_like_noise_only_returns_normalised_repositories(text: str) -> None:
    found = find_links(text)
    for repo in found.github:
        owner_repo = repo.removeprefix("https://github.com/")
        assert repo.startswith("https://github.com/") and owner_repo.count("/") == 1
        assert " " not in owner_repo and not owner_repo.endswith((".", ".git"))
    assert all(link.lower().startswith(("http://", "https://")) for link in found.links)
