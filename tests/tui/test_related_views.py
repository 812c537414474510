"""More like this (`m`) and "Suggested for <tag>" as a user reaches them: keys, sidebar, palette, escape."""

from __future__ import annotations

from papertui.tui.screens.dialogs import ChoiceDialog
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.search_box import SearchBox
from papertui.tui.widgets.tag_sidebar import TagSidebar

SIZE = (120, 36)


def listed(app) -> list[str]:
    papers = app.screen.query_one(PaperList)
    return [papers.hit(pid).title for pid in papers.ids]


async def test_m_lists_the_papers_most_like_the_current_one_and_escape_goes_back(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("slash")
        app.screen.query_one(SearchBox).value = "language"
        await wait(pilot)
        before = listed(app)
        assert before[0] == "Speculative Decoding Revisited"
        await pilot.press("enter")  # to the list, on the top result
        await pilot.press("m")
        await wait(pilot)
        similar = listed(app)
        assert "Speculative Decoding Revisited" not in similar
        assert similar[0] == "Sparse Attention Without Tears"  # the other paper on language models
        status = shown(app.screen.status)
        assert "Similar to: Speculative Decoding Revisited" in status and "similarity" in status
        assert f"top {len(similar)} of {len(similar)} related" in status  # how the list was cut, said
        assert app.screen.query_one(SearchBox).value == ""
        # The view is a view like any other: what export or triage would take is what the list shows.
        assert app.library.view_ids(app.screen.view_query, app.screen.sort) == app.screen.papers.ids

        await pilot.press("escape")
        await wait(pilot)
        assert listed(app) == before
        assert app.screen.query_one(SearchBox).value == "language"


async def test_a_tag_with_three_papers_gets_suggestions_in_the_sidebar(library, make_app, wait, shown):
    by_title = {library.paper(i).title.split()[0]: i for i in library.browse()}
    tagged = [by_title["Sparse"], by_title["Retrieval"], by_title["Diffusion"]]
    library.tag(tagged[:2], ["reading"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        sidebar = app.screen.query_one(TagSidebar)
        assert sidebar.entry("tag:reading").count == 2
        assert sidebar.entry("suggested:reading") is None  # two papers say too little about a tag

        library.tag(tagged[2:], ["reading"])
        app.screen.reads.refresh_counts()
        await wait(pilot)
        entry = sidebar.entry("suggested:reading")
        assert entry is not None and entry.label == "Suggested for reading"
        sidebar.choose("suggested:reading")
        await wait(pilot)
        # The untagged papers, ranked; the tagged ones are never suggested.
        assert sorted(listed(app)) == ["Graph Neural Networks for Protein Folding", "Speculative Decoding Revisited"]
        assert "Suggested for reading" in shown(app.screen.status)


async def test_the_palette_suggests_for_a_chosen_tag_and_says_when_a_tag_has_too_few(library, make_app, wait, shown):
    ids = library.browse("title")
    library.tag(ids[:1], ["solo"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await app.screen.run_action("suggest_for_tag")
        await wait(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("1")
        await wait(pilot)
        assert 'suggestions need at least 3 papers tagged "solo" (1 are)' in shown(app.screen.status)
