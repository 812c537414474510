"""Fixtures for the app's tests: a small library built from a page text written here (layout A)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from papertui.library import Library
from papertui.tui.app import PapertuiApp
from papertui.tui.widgets.reader_panel import ReaderPanel

# Layout A, as a Hugging Face search page copies: two header lines, "Subscribe" glued to the first title, then
# title line / abstract line alternating. The papers are made up.
PAGE_A = (
    "\n".join(
        [
            "Get trending papers in your email inbox once a day!",
            "Get trending papers in your email inbox!",
            "SubscribeDiffusion Policies for Tiny Robots",
            "We train diffusion policies for palm-sized robots and release code at "
            "https://github.com/acme/tiny-robots and a second repository "
            "https://github.com/acme/robot-sim for the simulator.",
            "Sparse Attention Without Tears",
            "A study of sparse attention patterns in long-context language models; we find simple block "
            "patterns suffice.",
            "Graph Neural Networks for Protein Folding",
            "We fold proteins with message passing networks. Project page: https://fold.example.org/gnn",
            "Retrieval Augmented Generation at Scale",
            "Retrieval augmented generation with a billion documents; code at https://github.com/ragco/rag-scale.",
            "Speculative Decoding Revisited",
            "We revisit speculative decoding for faster language model inference and measure the speedups carefully.",
        ]
    )
    + "\n"
)


@pytest.fixture
def library(home: Path) -> Library:
    lib = Library(home)
    lib.import_text(PAGE_A, "fixture.txt")
    yield lib
    lib.close()


@pytest.fixture
def empty_library(home: Path) -> Library:
    lib = Library(home)
    yield lib
    lib.close()


@pytest.fixture
def make_app() -> Callable[..., PapertuiApp]:
    def make(lib: Library, **kwargs) -> PapertuiApp:
        kwargs.setdefault("clipboard_timeout", 0.3)
        kwargs.setdefault("debounce_s", 0.0)
        return PapertuiApp(lib, **kwargs)

    return make


async def settle(pilot, rounds: int = 2000) -> None:
    """Let the app finish what it started: debounce and pane timers, workers, and the messages they post.

    Gated on state, not on time: it returns as soon as no worker runs and no timer the screen waits for is
    pending; `rounds` only bounds a wait that would otherwise never end."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        screen = app.screen
        timer_pending = getattr(screen, "_debounce", None) is not None or any(
            panel.following for panel in screen.query(ReaderPanel)
        )
        running = [w for w in app.workers if w.is_running]
        if running:
            await app.workers.wait_for_complete(running)
        elif timer_pending:
            await pilot.pause(0.01)  # the timer ends by itself; give the event loop a moment to run it
        else:
            await pilot.pause()
            if not [w for w in app.workers if w.is_running]:
                return
    raise AssertionError(f"the app did not settle in {rounds} rounds")


def _notices(app) -> list[str]:
    """Every notification shown so far, as "title: message"."""
    return [f"{n.title}: {n.message}" if n.title else n.message for n in app._notifications._notifications.values()]


@pytest.fixture
def wait():
    return settle


@pytest.fixture
def notices():
    return _notices


def _screen_text(widget) -> str:
    """What a widget shows, as plain text lines (its rendered strips)."""
    from textual.geometry import Region

    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text.rstrip() for strip in strips)


@pytest.fixture
def shown():
    return _screen_text
