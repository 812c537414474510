"""What the app keeps beside the library (saved searches, triage position) and the library reads it composes —
tested without running the app."""

from __future__ import annotations

import threading

import pytest

from papertui.errors import PapertuiError
from papertui.library_views import (
    default_export_path,
    resume_order,
    sidebar_counts,
    unseen_inbox,
    write_export,
)
from papertui.paths import library_paths
from papertui.store.lock import LibraryLock
from papertui.tui.ui_state import TriagePosition, UIState, UIStateFile


def test_state_round_trips_through_its_file(tmp_path):
    store = UIStateFile(library_paths(tmp_path).tui_state)
    state = UIState(saved_searches={"LLM": "language model"}, triage=TriagePosition(("a", "b", "c"), "b"))
    store.save(state)
    loaded = UIStateFile(library_paths(tmp_path).tui_state).load()
    assert loaded == state
    assert loaded.triage.index() == 1


@pytest.mark.parametrize("content", ["", "not json", "[1, 2]", '{"saved_searches": 3, "triage": {"order": "x"}}'])
def test_a_missing_or_damaged_state_file_means_nothing_remembered(tmp_path, content):
    if content:
        library_paths(tmp_path).tui_state.write_text(content)
    assert UIStateFile(library_paths(tmp_path).tui_state).load() == UIState()


def test_update_changes_one_field_and_keeps_the_others(tmp_path):
    store = UIStateFile(library_paths(tmp_path).tui_state)
    store.update(saved_searches={"x": "y"})
    store.update(triage=TriagePosition(("p",), "p"))
    state = store.load()
    assert state.saved_searches == {"x": "y"} and state.triage.last == "p"


def test_two_apps_saving_searches_at_once_keep_every_search(tmp_path):
    paths = library_paths(tmp_path)

    def save(prefix: str) -> None:
        store = UIStateFile(paths.tui_state, LibraryLock(paths.lock))  # each app has its own
        for n in range(40):
            store.save_search(f"{prefix}{n}", f"query {n}")

    threads = [threading.Thread(target=save, args=(prefix,)) for prefix in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    saved = UIStateFile(paths.tui_state).load().saved_searches
    assert sorted(saved) == sorted([f"a{n}" for n in range(40)] + [f"b{n}" for n in range(40)])
    UIStateFile(paths.tui_state, LibraryLock(paths.lock)).save_search("a0", "")
    assert "a0" not in UIStateFile(paths.tui_state).load().saved_searches


def test_sidebar_counts_cover_every_filter(library):
    ids = library.browse()
    library.tag(ids[:2], ["reading"])
    library.set_triage(ids[:1], "kept")
    counts = sidebar_counts(library, {"LLM": "language"})
    assert (counts.papers, counts.unseen, counts.untagged, counts.with_code) == (5, 4, 3, 2)
    assert counts.tags == (("reading", 2),)
    assert counts.saved == (("LLM", "language", 2),)


def test_a_saved_search_that_no_longer_parses_counts_zero(library):
    counts = sidebar_counts(library, {"odd": '"'})
    assert counts.saved[0][2] >= 0


def test_the_inbox_holds_only_unseen_papers(library):
    order = unseen_inbox(library)
    library.set_triage(order[:1], "kept")
    assert unseen_inbox(library) == order[1:]


def test_export_refuses_an_empty_view_and_a_missing_folder(library, tmp_path):
    ids = library.browse()
    with pytest.raises(PapertuiError, match="empty"):
        write_export(library, [], "md", tmp_path / "x.md")
    with pytest.raises(PapertuiError, match="no such directory"):
        write_export(library, ids, "md", tmp_path / "nope" / "x.md")
    with pytest.raises(PapertuiError, match="directory"):
        write_export(library, ids, "md", tmp_path)
    assert write_export(library, ids, "csv", tmp_path / "x.csv") == 5


def test_default_export_names_are_safe_file_names(tmp_path):
    assert default_export_path("to read/now", "bib", tmp_path).name == "papertui-to-read-now.bib"
    assert default_export_path("", "md", tmp_path).name == "papertui-papers.md"


def test_resume_order_drops_unknown_papers_and_appends_new_unseen(library):
    order = unseen_inbox(library)
    resumed = resume_order(library, ["gone", *order[:2]])
    assert resumed[:2] == order[:2]
    assert sorted(resumed) == sorted(order)


def test_run_app_reports_a_library_it_cannot_open_in_one_line(tmp_path, capsys):
    from papertui.tui.run import run_app

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    code = run_app(not_a_folder)
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("papertui: error:") and err.count("\n") == 1


async def test_the_app_starts_on_an_unusable_state_file_says_so_and_keeps_it(library, make_app, wait, notices):
    hand_edit = '{"saved_searches": {"llm": "language model",}}'
    library.app_state_file.write_text(hand_edit)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot)
        assert any("tui-state.json is not valid JSON" in n for n in notices(app))
    assert library.app_state_file.read_text() == hand_edit


async def test_an_unreadable_index_folder_leaves_the_app_running_and_offers_a_rebuild(
    library, make_app, wait, notices, monkeypatch
):
    from papertui.tui.widgets.paper_list import PaperList

    real_index = type(library).index
    broken = {"on": True}

    def index(self, progress=None, **kw):
        if broken["on"]:
            raise PermissionError(13, "Permission denied", str(self.paths.index_dir))
        return real_index(self, progress, **kw)

    monkeypatch.setattr(type(library), "index", index)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot)
        assert app.is_running and len(app.screen.query_one(PaperList).ids) == 5
        assert any("search index cannot be used" in n and "Rebuild the search index" in n for n in notices(app))
        broken["on"] = False
        app.screen.action_rebuild_index()
        await wait(pilot)
        assert app.screen.library.search("diffusion").total == 1


async def test_the_chosen_theme_is_saved_and_restored_at_start(home, library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot)
        assert app.theme != "nord"
        app.theme = "nord"  # what the palette's theme picker does
        await wait(pilot)
    assert app.ui_state.load().theme == "nord"
    again = make_app(library)
    async with again.run_test(size=(120, 36)) as pilot:
        await wait(pilot)
        assert again.theme == "nord"


async def test_an_unknown_saved_theme_is_ignored(home, library, make_app, wait):
    make_app(library).ui_state.update(theme="no-such-theme")
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot)
        assert app.theme == "textual-dark"


def test_quick_tags_keep_their_number_and_free_ones_go_to_the_most_used():
    from papertui.tui.ui_state import assign_quick_tags, pin_quick_tag

    first = assign_quick_tags((), ["b", "a"])
    assert first[:3] == ("b", "a", "")
    # "a" is now used more, "c" is new: numbers stay, "c" takes the first free key.
    assert assign_quick_tags(first, ["a", "c", "b"])[:3] == ("b", "a", "c")
    # A deleted tag frees its key; a renamed one in another case keeps it.
    assert assign_quick_tags(("b", "a", "c"), ["A", "c"])[:3] == ("", "A", "c")
    assert pin_quick_tag(("b", "a", "c"), 1, "c")[:3] == ("c", "a", "b")
    assert pin_quick_tag(("b",), 5, "z")[:5] == ("b", "", "", "", "z")


def test_quick_tags_and_theme_round_trip_through_the_state_file(tmp_path):
    state_file = UIStateFile(tmp_path / "tui-state.json")
    state_file.update(quick_tags=("x", "", "y"), theme="nord")
    loaded = state_file.load()
    assert loaded.quick_tags == ("x", "", "y") and loaded.theme == "nord" and loaded.seen_after_s == 3.0
