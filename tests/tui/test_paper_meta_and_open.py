"""Papers from structured sources in the app: the reading pane shows their authors (the first six, then how
many more; `a` lists them all), arXiv id with version, categories (primary first), DOI and journal reference;
`o` asks where to go when a paper has several places (arXiv page, PDF, repository, web page, Hugging Face
page) and opens the choice; a paper read from page text looks as it always did."""

from __future__ import annotations

import pytest

from papertui.model import Paper, ParsedPaper
from papertui.tui.screens.dialogs import ChoiceDialog
from papertui.tui.screens.main import MainScreen
from papertui.tui.widgets.open_targets import open_targets
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_meta import authors_line, ids_line

SIZE = (120, 36)
AUTHORS = tuple(f"Author{n} Surname{n}" for n in range(1, 9))
STRUCTURED = ParsedPaper(
    title="Consortium Scale Language Models",
    abstract="Eight people trained a model and wrote about it.",
    github=("https://github.com/consortium/model",),
    links=("https://consortium.example.org",),
    authors=AUTHORS,
    authors_count=len(AUTHORS),
    arxiv_id="2401.00001",
    arxiv_version=3,
    categories=("cs.CL", "cs.LG", "stat.ML"),
    doi="10.1234/consortium.1",
    journal_ref="Proc. of Examples 2024",
    reader="arxiv-atom",
)


@pytest.fixture
def mixed_library(library):
    """The page-text fixture library plus one paper from a structured source."""
    library.import_papers([STRUCTURED], "feed.atom", reader="arxiv-atom")
    return library


def move_to(app, title: str) -> None:
    papers = app.screen.query_one(PaperList)
    papers.move_to(next(pid for pid in papers.ids if papers.hit(pid).title == title))


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The URLs `o` asked the browser to open (none is launched)."""
    urls: list[str] = []

    def fake_open(url: str) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", fake_open)
    return urls


def test_authors_are_shortened_past_six_and_listed_whole_on_request():
    assert authors_line(AUTHORS[:6]).plain == ", ".join(AUTHORS[:6])
    assert authors_line(AUTHORS[:7]).plain == ", ".join(AUTHORS[:6]) + " … +1 more"
    assert authors_line(AUTHORS).plain.endswith("Author6 Surname6 … +2 more")
    assert authors_line(AUTHORS, all_authors=True).plain == ", ".join(AUTHORS)
    assert authors_line(()) is None


def test_the_ids_line_puts_the_primary_category_first_and_leaves_out_what_is_unknown():
    line = ids_line("2401.00001", 3, ("cs.CL", "cs.LG"), "10.1/x", "Proc. X")
    assert line is not None and line.plain == "arXiv 2401.00001v3 · cs.CL cs.LG · doi 10.1/x · Proc. X"
    assert ids_line("cs/9912001", None, (), None, None).plain == "arXiv cs/9912001"
    assert ids_line(None, None, ("math.CO",), None, None).plain == "math.CO"
    assert ids_line(None, None, (), None, None) is None


def test_open_targets_of_an_arxiv_paper_and_of_a_page_paper():
    paper = Paper(id="x", key="k", title="T", github=("https://github.com/a/b",), arxiv_id="2401.00001")
    assert [(t.label, t.url) for t in open_targets(paper)] == [
        ("arXiv abstract", "https://arxiv.org/abs/2401.00001"),
        ("PDF", "https://arxiv.org/pdf/2401.00001"),
        ("Repository", "https://github.com/a/b"),
        ("Hugging Face paper page", "https://huggingface.co/papers/2401.00001"),
    ]
    old_style = Paper(id="y", key="k", title="T", arxiv_id="cs/9912001")
    assert [t.label for t in open_targets(old_style)] == ["arXiv abstract", "PDF"]  # no HF page for these
    page = Paper(id="z", key="k", title="T", links=("https://fold.example.org/gnn",))
    assert [t.url for t in open_targets(page)] == ["https://fold.example.org/gnn"]


async def test_the_pane_shows_authors_ids_and_categories_and_a_lists_every_author(mixed_library, make_app, wait, shown):
    app = make_app(mixed_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Consortium Scale Language Models")
        await wait(pilot)
        body = app.screen.query_one("#pane-body")
        text = " ".join(shown(body).split())
        assert "Author1 Surname1, Author2 Surname2" in text and "Author6 Surname6 … +2 more" in text
        assert "Author7" not in text
        assert "arXiv 2401.00001v3 · cs.CL cs.LG stat.ML · doi 10.1234/consortium.1 · Proc. of Examples 2024" in text
        await pilot.press("enter", "a")  # read it, then every author
        await wait(pilot)
        text = " ".join(shown(body).split())
        assert "Author8 Surname8" in text and "more" not in text
        await pilot.press("a")
        await wait(pilot)
        assert "+2 more" in " ".join(shown(body).split())


async def test_a_paper_from_page_text_shows_no_bibliographic_lines(mixed_library, make_app, wait, shown):
    app = make_app(mixed_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Sparse Attention Without Tears")
        await wait(pilot)
        lines = shown(app.screen.query_one("#pane-body")).splitlines()
        title = next(i for i, line in enumerate(lines) if "Sparse Attention Without Tears" in line)
        assert "unseen" in lines[title + 1]  # the meta line follows the title, as before
        assert not any("arXiv" in line for line in lines)


async def test_o_with_several_places_asks_which_and_opens_the_one_chosen(mixed_library, make_app, wait, opened):
    app = make_app(mixed_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Consortium Scale Language Models")
        await pilot.press("o")
        await wait(pilot)
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog) and dialog.id == "open-dialog"
        assert [key for key, _label in dialog.choices] == [
            "https://arxiv.org/abs/2401.00001",
            "https://arxiv.org/pdf/2401.00001",
            "https://github.com/consortium/model",
            "https://consortium.example.org",
            "https://huggingface.co/papers/2401.00001",
        ]
        assert opened == []  # nothing opens before the choice
        await pilot.press("2")
        await wait(pilot)
        assert isinstance(app.screen, MainScreen)
        assert opened == ["https://arxiv.org/pdf/2401.00001"]

        await pilot.press("o")
        await wait(pilot)
        await pilot.press("escape")
        await wait(pilot)
        assert isinstance(app.screen, MainScreen) and opened == ["https://arxiv.org/pdf/2401.00001"]

        await pilot.press("o")
        await wait(pilot)
        await pilot.press("down", "down", "enter")
        await wait(pilot)
        assert opened[-1] == "https://github.com/consortium/model"


async def test_o_with_one_place_opens_it_at_once(mixed_library, make_app, wait, opened, notices):
    app = make_app(mixed_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Graph Neural Networks for Protein Folding")
        await pilot.press("o")
        await wait(pilot)
        assert isinstance(app.screen, MainScreen)
        assert opened == ["https://fold.example.org/gnn"]
        assert any("Opening" in n for n in notices(app))


async def test_triage_shows_the_same_bibliographic_lines(mixed_library, make_app, wait, shown):
    app = make_app(mixed_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("ctrl+t")
        await wait(pilot)
        # The inbox walk starts with the newest import: the structured paper.
        text = " ".join(shown(app.screen.query_one("#triage-body")).split())
        assert "Consortium Scale Language Models" in text
        assert "Author6 Surname6 … +2 more" in text and "arXiv 2401.00001v3" in text
