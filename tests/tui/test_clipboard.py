"""Copying links: the system clipboard when it works, the terminal's (OSC 52) when it fails or hangs, and the
copied text shown every time. The clipboard module itself is tested without Textual."""

from __future__ import annotations

import threading

import pytest

from papertui.tui import clipboard
from papertui.tui.screens.dialogs import ChoiceDialog
from papertui.tui.widgets.paper_list import PaperList

SIZE = (120, 36)


class FakeClipboard:
    def __init__(self, mode: str = "ok") -> None:
        self.mode = mode
        self.copied: list[str] = []
        self.release = threading.Event()

    def __call__(self, text: str, timeout: float = 0) -> None:
        if self.mode == "fail":
            raise clipboard.ClipboardError("no system clipboard")
        if self.mode == "hang":
            self.release.wait(10)  # an xclip that never answers
        self.copied.append(text)


@pytest.fixture
def fake_clipboard(monkeypatch):
    def install(mode: str = "ok") -> FakeClipboard:
        fake = FakeClipboard(mode)
        monkeypatch.setattr(clipboard, "system_copy", fake)
        return fake

    return install


# -- the module on its own ---------------------------------------------------------------------------------
def test_copy_text_reports_success(fake_clipboard):
    fake = fake_clipboard("ok")
    assert clipboard.copy_text("hello", timeout=1).ok
    assert fake.copied == ["hello"]


def test_copy_text_turns_a_failure_into_an_outcome(fake_clipboard):
    fake_clipboard("fail")
    outcome = clipboard.copy_text("hello", timeout=1)
    assert not outcome.ok
    assert "no system clipboard" in outcome.error


def test_a_hanging_clipboard_is_abandoned_after_the_timeout(fake_clipboard):
    fake = fake_clipboard("hang")
    # The fake copy is released only after copy_text returns: returning at all means it was abandoned.
    outcome = clipboard.copy_text("hello", timeout=0.2)
    fake.release.set()
    assert not outcome.ok
    assert "did not answer" in outcome.error


def test_call_with_timeout_passes_results_and_wraps_errors():
    assert clipboard.call_with_timeout(lambda: 42, 1) == 42
    with pytest.raises(clipboard.ClipboardError, match="boom"):
        clipboard.call_with_timeout(lambda: (_ for _ in ()).throw(ValueError("boom")), 1)


def test_the_helper_process_is_killed_when_it_hangs(monkeypatch):
    # The real backend runs pyperclip in a child process; one that never ends must not block us. This helper
    # waits on an event nobody sets: were it not given up on, the call (and the test) would never return.
    monkeypatch.setattr(clipboard, "_COPY_SCRIPT", "import threading; threading.Event().wait()")
    with pytest.raises(clipboard.ClipboardError, match=r"did not answer within 0\.5 s"):
        clipboard.system_copy("x", timeout=0.5)


def test_a_failing_helper_process_is_reported_without_its_stderr(monkeypatch, capfd):
    monkeypatch.setattr(
        clipboard, "_COPY_SCRIPT", "import sys; sys.stderr.write('xclip: cannot open display'); sys.exit(1)"
    )
    with pytest.raises(clipboard.ClipboardError):
        clipboard.system_copy("x", timeout=5)
    assert "cannot open display" not in capfd.readouterr().err


# -- in the app --------------------------------------------------------------------------------------------
def move_to(app, title: str) -> None:
    papers = app.screen.query_one(PaperList)
    pid = next(pid for pid in papers.ids if papers.hit(pid).title == title)
    papers.move_to(pid)


async def test_c_copies_the_github_link_and_shows_it(library, make_app, wait, notices, fake_clipboard):
    fake = fake_clipboard("ok")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Retrieval Augmented Generation at Scale")
        await pilot.press("c")
        await wait(pilot)
        assert fake.copied == ["https://github.com/ragco/rag-scale"]
        assert any("Copied: https://github.com/ragco/rag-scale" in n for n in notices(app))


async def test_c_offers_a_choice_when_there_are_several_repositories(library, make_app, wait, fake_clipboard):
    fake = fake_clipboard("ok")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Diffusion Policies for Tiny Robots")
        await pilot.press("c")
        await wait(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("2")
        await wait(pilot)
        assert fake.copied == ["https://github.com/acme/robot-sim"]


async def test_c_says_clearly_when_a_paper_has_no_repository(library, make_app, wait, notices, fake_clipboard):
    fake = fake_clipboard("ok")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Graph Neural Networks for Protein Folding")
        await pilot.press("c")
        await wait(pilot)
        assert fake.copied == []
        assert any("no GitHub repository" in n and "1 other link" in n for n in notices(app))


async def test_a_failing_clipboard_falls_back_to_the_terminal(library, make_app, wait, notices, fake_clipboard):
    fake_clipboard("fail")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Retrieval Augmented Generation at Scale")
        await pilot.press("c")
        await wait(pilot)
        assert app.clipboard == "https://github.com/ragco/rag-scale"
        assert any("via the terminal" in n and "rag-scale" in n for n in notices(app))


async def test_a_hanging_clipboard_does_not_hang_the_app(library, make_app, wait, notices, fake_clipboard):
    fake = fake_clipboard("hang")
    app = make_app(library, clipboard_timeout=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Retrieval Augmented Generation at Scale")
        await pilot.press("c")
        # The UI answers keys while the clipboard hangs.
        await pilot.press("j")
        assert app.screen.query_one(PaperList).cursor >= 1
        await wait(pilot)
        fake.release.set()
        assert app.clipboard == "https://github.com/ragco/rag-scale"
        assert any("via the terminal" in n for n in notices(app))


async def test_C_copies_title_and_link_as_markdown(library, make_app, wait, fake_clipboard):
    fake = fake_clipboard("ok")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Retrieval Augmented Generation at Scale")
        await pilot.press("C")
        await wait(pilot)
        assert fake.copied == ["[Retrieval Augmented Generation at Scale](https://github.com/ragco/rag-scale)"]


async def test_o_opens_the_repository_in_a_browser_without_crashing(library, make_app, wait, notices, monkeypatch):
    opened: list[str] = []

    def fake_open(url: str) -> bool:
        opened.append(url)
        raise RuntimeError("broken $BROWSER")

    monkeypatch.setattr("webbrowser.open", fake_open)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        move_to(app, "Retrieval Augmented Generation at Scale")
        await pilot.press("o")
        await wait(pilot)
        assert opened == ["https://github.com/ragco/rag-scale"]
        assert any("Could not open" in n for n in notices(app))
