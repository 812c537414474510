"""One huge record (a pasted 20 MB abstract, a 1 MB note) costs the app a bounded amount of work: the pane lays
out at most SHOWN_CHARS of each text and says how much more `papertui show` prints."""

from __future__ import annotations

from papertui.model import UserRecord
from papertui.tui.widgets.abstract_pane import SHOWN_CHARS, bounded, paper_parts
from papertui.tui.widgets.paper_list import PaperList

HUGE = "diffusion models denoise images step by step " * 50_000  # ~2.3 MB


def test_a_short_text_is_shown_whole() -> None:
    assert bounded("a short abstract") == ("a short abstract", None)


def test_a_huge_text_is_cut_near_the_bound_and_says_how_much_is_left() -> None:
    shown, notice = bounded(HUGE)
    assert SHOWN_CHARS - 200 <= len(shown) <= SHOWN_CHARS + 2
    assert notice is not None and f"{len(HUGE) - len(shown) + 2:,}" in notice


async def test_the_app_shows_a_huge_abstract_and_note_bounded(library, make_app, wait) -> None:
    page = (
        "Get trending papers in your email inbox!\n"
        "An Abstract Pasted Many Times Over\n" + HUGE + "\n"
        "A Normal Paper About Folding Laundry\nWe fold laundry with robots and report the results.\n"
    )
    library.import_text(page, "huge.txt")
    pid = next(p for p in library.browse() if library.paper(p).title.startswith("An Abstract Pasted"))
    library.set_note(pid, HUGE)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot)
        papers = app.screen.query_one(PaperList)
        while papers.current_id != pid:
            await pilot.press("j")
        await wait(pilot)
        pane = app.screen.query_one("#pane")
        assert pane.paper_id == pid
        assert len(pane.abstract_text) <= SHOWN_CHARS + 2
    _abstract, parts = paper_parts(library.paper(pid), library.record(pid), ("diffusion",), "bold")
    notices = [str(p) for p in parts if "more characters not shown" in str(p)]
    assert len(notices) == 2 and all(f"papertui show {pid}" in n for n in notices)


def test_the_notice_names_the_paper() -> None:
    from papertui.model import Paper

    paper = Paper(id="abc1234", key="k", title="T", abstract=HUGE)
    _abstract, parts = paper_parts(paper, UserRecord("abc1234"), (), "bold")
    assert any("papertui show abc1234" in str(p) for p in parts)
