"""papertui_app(node): the running app, typed as PapertuiApp (Textual types `node.app` as a plain App), for the
screens and components that use its library handle and session state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.dom import DOMNode

if TYPE_CHECKING:
    from papertui.tui.app import PapertuiApp


def papertui_app(node: DOMNode) -> PapertuiApp:
    from papertui.tui.app import PapertuiApp  # here, not at the top: app.py imports the screens that call this

    app = node.app
    if not isinstance(app, PapertuiApp):
        raise TypeError(f"{type(node).__name__} runs only inside PapertuiApp, not {type(app).__name__}")
    return app
