"""PaperLinks: the link actions on one paper — copy its repository link, copy it as Markdown, open it in the
browser (asking where when the paper has several places to go: open_targets.py).

A part of PaperActions (it mounts one): it asks the same PaperTargets which paper is meant, reads it in a thread
worker, and talks to the clipboard and the browser in workers of its own, so a hanging clipboard tool or a
slow $BROWSER never blocks a key. Tests replace `webbrowser.open`: nothing here launches a browser by itself.
"""

from __future__ import annotations

import webbrowser
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget

from papertui.errors import PapertuiError
from papertui.library import Library
from papertui.model import Paper
from papertui.tui import clipboard
from papertui.tui.app_context import papertui_app
from papertui.tui.messages import ActionFailed, CopyDone, LinksReady, OpenDone
from papertui.tui.screens.dialogs import ChoiceDialog
from papertui.tui.widgets.abstract_pane import paper_links
from papertui.tui.widgets.open_targets import OpenTarget, choice_label, open_targets

if TYPE_CHECKING:
    from papertui.tui.widgets.paper_actions import PaperTargets


def markdown_link(paper: Paper) -> str:
    links = paper_links(paper) or [t.url for t in open_targets(paper)]
    title = paper.title.replace("[", "(").replace("]", ")")
    return f"[{title}]({links[0]})" if links else title


class PaperLinks(Widget):
    """Copy and open the current paper's links (see module docstring)."""

    DEFAULT_CSS = "PaperLinks { display: none; }"

    def __init__(self, targets: PaperTargets, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._targets = targets

    @property
    def library(self) -> Library:
        return papertui_app(self).library

    def copy_link(self) -> None:
        self._links_for("copy")

    def copy_markdown(self) -> None:
        self._links_for("copy-markdown")

    def open_link(self) -> None:
        self._links_for("open")

    def _links_for(self, purpose: str) -> None:
        pid = self._targets.current_paper_id()
        if pid is None:
            self.notify("No paper here", severity="warning")
            return
        self._read_paper(pid, purpose)

    @work(thread=True, group="read")
    def _read_paper(self, pid: str, purpose: str) -> None:
        try:
            self.post_message(LinksReady(self.library.paper(pid), purpose))
        except PapertuiError as exc:
            self.post_message(ActionFailed(str(exc)))

    def on_links_ready(self, message: LinksReady) -> None:
        paper = message.paper
        if message.purpose == "copy-markdown":
            self.copy_text(markdown_link(paper))
        elif message.purpose == "open":
            self.open_one_of(open_targets(paper))
        elif not paper.github:
            others = len(paper.links)
            extra = f" (it has {others} other link{'s' if others != 1 else ''}: o opens them)" if others else ""
            self.notify(f"This paper has no GitHub repository{extra}", severity="warning")
        elif len(paper.github) == 1:
            self.copy_text(paper.github[0])
        else:

            def done(url: str | None) -> None:
                if url:
                    self.copy_text(url)

            self.app.push_screen(
                ChoiceDialog("Copy which repository?", [(u, u) for u in paper.github], id="link-dialog"), done
            )

    def copy_text(self, text: str) -> None:
        self._copy_worker(text, papertui_app(self).clipboard_timeout)

    @work(thread=True, group="clipboard")
    def _copy_worker(self, text: str, timeout: float) -> None:
        outcome = clipboard.copy_text(text, timeout)
        self.post_message(CopyDone(text, outcome.ok, outcome.error))

    def on_copy_done(self, message: CopyDone) -> None:
        if message.ok:
            self.notify(message.text, title="Copied")
        else:
            # No system clipboard: ask the terminal to do it (OSC 52), and show the text either way.
            self.app.copy_to_clipboard(message.text)
            self.notify(message.text, title="Copied (via the terminal)")

    def open_one_of(self, targets: list[OpenTarget]) -> None:
        """Open the one target at once; ask which when there are several (number keys, enter, esc)."""
        if not targets:
            self.notify("This paper has no link to open", severity="warning")
            return
        if len(targets) == 1:
            self._open_worker(targets[0].url)
            return

        def done(url: str | None) -> None:
            if url:
                self._open_worker(url)

        self.app.push_screen(
            ChoiceDialog(
                "Open in the browser",
                [(t.url, choice_label(t)) for t in targets],
                help_text=f"1–{min(len(targets), 9)} or enter opens · esc cancels",
                id="open-dialog",
            ),
            done,
        )

    @work(thread=True, group="browser")
    def _open_worker(self, url: str) -> None:
        try:
            ok = webbrowser.open(url)
            error = None if ok else "no browser found"
        except Exception as exc:  # webbrowser can raise nearly anything from a broken $BROWSER
            ok, error = False, str(exc) or type(exc).__name__
        self.post_message(OpenDone(url, ok, error))

    def on_open_done(self, message: OpenDone) -> None:
        if message.ok:
            self.notify(message.url, title="Opening")
        else:
            self.notify(
                f"{message.url} ({message.error}); c copies the link",
                title="Could not open",
                severity="warning",
            )
