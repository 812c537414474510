"""Promises of ingest/links.py: repositories normalised to https://github.com/owner/repo, other links kept."""

from __future__ import annotations

import pytest

from papertui.ingest.links import find_links, normalise_github_url


def repos(text: str) -> tuple[str, ...]:
    return find_links(text).github


def links(text: str) -> tuple[str, ...]:
    return find_links(text).links


@pytest.mark.parametrize(
    "text",
    [
        "Code is available at https://github.com/acme/widget.",
        "Code is available at https://github.com/acme/widget, and more",
        "(see https://github.com/acme/widget)",
        "code: https://github.com/acme/widget; data elsewhere",
        "https://github.com/acme/widget.git",
        "https://github.com/acme/widget.git.",
        "https://github.com/acme/widget#readme",
        "https://github.com/acme/widget?tab=readme-ov-file",
        "https://github.com/acme/widget/tree/main/examples/x",
        "https://github.com/acme/widget/blob/main/README.md.",
        "http://www.github.com/acme/widget",
        "github.com/acme/widget",
        "GitHub.com/acme/widget",
        "Code at https://github.com/acme/widget .",
        "released at https://github.com/acme/widget{here}.",
        "link: blue{https://github.com/acme/widget}.",
    ],
)
def test_repository_urls_are_normalised_to_owner_and_repo(text: str) -> None:
    assert repos(text) == ("https://github.com/acme/widget",)


def test_owner_and_repo_case_is_kept() -> None:
    assert repos("at https://github.com/DeepLab/MegaNet.") == ("https://github.com/DeepLab/MegaNet",)


def test_repositories_come_in_order_and_case_insensitive_duplicates_collapse() -> None:
    text = (
        "see https://github.com/b/two and https://github.com/a/one or "
        "github.com/B/Two{https://github.com/b/two} and https://github.com/a/one/issues"
    )
    assert repos(text) == ("https://github.com/b/two", "https://github.com/a/one")


@pytest.mark.parametrize(
    "text",
    [
        "Code is available at https: // github. com/ acme/ widget",
        "Code is available at github.com/ acme/widget.",
        "https://github.com/ acme/widget",
        "https://github.com/acme/ widget/tree/master/sub",
        "https://github. com/acme/widget",
    ],
)
def test_urls_broken_by_stray_spaces_are_repaired(text: str) -> None:
    assert repos(text) == ("https://github.com/acme/widget",)


def test_a_name_split_after_a_hyphen_is_rejoined() -> None:
    assert repos("at https://github.com/acme/fast- vision-kit") == ("https://github.com/acme/fast-vision-kit",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("repository https://github.com/acme/UniT and the project website", "https://github.com/acme/UniT"),
        ("at https://github.com/acme/widget which is public", "https://github.com/acme/widget"),
        ("at https://github.com/acme/widget- and more", "https://github.com/acme/widget-"),
    ],
)
def test_repair_never_glues_the_next_english_word(text: str, expected: str) -> None:
    assert repos(text) == (expected,)


def test_a_user_page_followed_by_a_word_is_not_a_repository() -> None:
    assert repos("profile github.com/acme/ and the rest") == ()


@pytest.mark.parametrize(
    "text",
    [
        "github.com/features",
        "https://github.com/orgs/acme/projects",
        "https://github.com/sponsors/acme",
        "https://github.com/topics/vision",
        "https://acme.github.io/widget/",
        "https://gist.github.com/acme/abc123",
        "https://mygithub.com/acme/widget",
        "https://raw.githubusercontent.com/acme/widget/main/x.py",
        "our code is on GitHub. Compared to prior work",
        "github.com/acme",
    ],
)
def test_non_repository_github_paths_are_not_repositories(text: str) -> None:
    assert repos(text) == ()


def test_github_io_and_other_urls_are_links_with_a_scheme_and_no_trailing_punctuation() -> None:
    text = (
        "Project page: acme.github.io/widget. Data at huggingface.co/datasets/acme/set, "
        "paper (https://arxiv.org/abs/2401.00001). Docs: http://www.acme.org. "
        "Video https://www.youtube.com/watch?v=abc_123 ; site lab.github.io"
    )
    assert links(text) == (
        "https://acme.github.io/widget",
        "https://huggingface.co/datasets/acme/set",
        "https://arxiv.org/abs/2401.00001",
        "http://www.acme.org",
        "https://www.youtube.com/watch?v=abc_123",
        "https://lab.github.io",
    )


def test_links_are_deduplicated_ignoring_case_and_a_trailing_slash() -> None:
    text = "https://acme.github.io/w/ and HTTPS://ACME.github.io/w and https://acme.github.io/w/."
    assert links(text) == ("https://acme.github.io/w/",)


def test_repositories_never_appear_among_links_but_other_github_pages_do() -> None:
    found = find_links("https://github.com/acme/widget and https://github.com/orgs/acme/people")
    assert found.github == ("https://github.com/acme/widget",)
    assert found.links == ("https://github.com/orgs/acme/people",)


def test_a_broken_repository_url_leaves_no_fragment_among_links() -> None:
    found = find_links("Code: github.com/ acme/widget and https: // github. com/ acme/ other")
    assert found.github == ("https://github.com/acme/widget", "https://github.com/acme/other")
    assert found.links == ()


@pytest.mark.parametrize(
    "text",
    [
        "We use e.g. a model.We then compare",
        "GPT-3.5 and Node.js and file.py and U.S. data",
        "values 3.14 and 2.5x, i.e. less",
        "mail me at someone@acme.org",
    ],
)
def test_ordinary_prose_yields_no_links(text: str) -> None:
    assert find_links(text).links == ()
    assert find_links(text).github == ()


def test_normalise_github_url_names_one_repository_or_none() -> None:
    assert normalise_github_url("git+https://github.com/Acme/Tool.git") == "https://github.com/Acme/Tool"
    assert normalise_github_url("https://example.org") is None


def test_empty_text_has_no_links() -> None:
    assert find_links("") == find_links("no links here")
