"""Sorting by date or upvotes when many papers have none: those come last, and the status line says how many."""

from __future__ import annotations

from papertui.library import Library
from papertui.tui.widgets.paper_list import PaperList

SIZE = (120, 36)

DATED_PAGE = """Daily Papers

Old Dated Paper About Things

An abstract about old dated things that is long enough to be an abstract of a paper, surely.

  • 2 authors
·
Mar 12, 2023

Another Old Dated Paper

A second abstract about other old things that is long enough to be an abstract of a paper too.

  • 3 authors
·
Mar 11, 2024
"""


def undated_last(lib: Library, ids: list[str]) -> bool:
    papers = lib.papers(ids)
    dated = [papers[i].date is not None for i in ids]
    return dated == sorted(dated, reverse=True)


async def sort_by_date(pilot, wait) -> None:
    screen = pilot.app.screen
    while screen.sort != "date":
        await pilot.press("s")
        await wait(pilot)


async def test_browsing_by_date_lists_undated_papers_last_and_says_so(library, make_app, wait, shown):
    library.import_text(DATED_PAGE, "dated.txt")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await sort_by_date(pilot, wait)
        ids = list(app.screen.query_one(PaperList).ids)
        assert len(ids) == 7 and undated_last(library, ids)
        assert library.paper(ids[0]).date == "2024-03-11"
        assert "5 of 7 have no date: listed last" in shown(app.screen.status)


async def test_a_search_by_date_lists_undated_papers_last_and_says_so(library, make_app, wait, shown):
    library.import_text(DATED_PAGE, "dated.txt")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await sort_by_date(pilot, wait)
        app.screen.sidebar.choose("unseen")
        await wait(pilot)
        assert app.screen.view_query == "is:unseen"
        ids = list(app.screen.query_one(PaperList).ids)
        assert len(ids) == 7 and undated_last(library, ids)
        assert "5 of 7 have no date: listed last" in shown(app.screen.status)


async def test_sorting_by_relevance_says_nothing_about_dates(library, make_app, wait, shown):
    library.import_text(DATED_PAGE, "dated.txt")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        assert "no date" not in shown(app.screen.status)


def test_the_count_is_left_out_when_the_listed_part_is_all_dated(library):
    from papertui.library_views import missing_note

    library.import_text(DATED_PAGE, "dated.txt")
    ids = library.browse("date")
    assert missing_note(library, ids, 7, "date") == "5 of 7 have no date: listed last"
    assert missing_note(library, ids[:2], 7, "date") is None  # the 5 after are not listed: not known
    assert missing_note(library, ids[:3], 7, "date") == "5 of 7 have no date: listed last"
    assert missing_note(library, ids[:2], 2, "date") is None
    assert missing_note(library, ids, 7, "title") is None
    assert missing_note(library, ids, 7, "upvotes") == "7 of 7 have no upvote count: listed last"
