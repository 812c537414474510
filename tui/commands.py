"""The command palette's one Provider: every action of the current screen by name.

The list is built from the same live bindings the help screen shows (so every key is also reachable by
name, under the screen's `PALETTE_NAMES` where it has one), plus the screen's extra commands that have no key
(`PALETTE_EXTRAS`: title, action, help).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from papertui.tui.screens.help import QUICK_TAG_PREFIX, key_rows

# Moving the cursor or scrolling by name makes no sense in a palette.
_NOT_COMMANDS = (
    "down",
    "up",
    "scroll",
    "page_down",
    "page_up",
    "first",
    "last",
    ".back",
    "dismiss",
    "cancel",
)


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    help: str
    run: Callable[[], object]


class PapertuiCommands(Provider):
    def _commands(self) -> list[PaletteCommand]:
        screen = self.screen
        app = self.app
        out: list[PaletteCommand] = []

        def runner(node: DOMNode, action: str) -> Callable[[], object]:
            return partial(app.run_action, action, node)

        quick_tags = getattr(app, "quick_tags", ())
        names: dict[str, str] = getattr(screen, "PALETTE_NAMES", {})
        for row in key_rows(screen):
            if any(part in row.binding_id for part in _NOT_COMMANDS):
                continue
            title = names.get(row.binding_id, row.description)
            if title.startswith(QUICK_TAG_PREFIX):
                # "Toggle quick tag 3" means nothing by name: say which tag it is, or leave it out.
                number = int(title.removeprefix(QUICK_TAG_PREFIX))
                if number > len(quick_tags) or not quick_tags[number - 1]:
                    continue
                title = f"Toggle tag #{quick_tags[number - 1]}"
            help_text = f"{row.tooltip} · key: {row.keys}" if row.tooltip else f"key: {row.keys}"
            out.append(PaletteCommand(title, help_text, runner(row.node, row.action)))
        for title, action, help_text in getattr(screen, "PALETTE_EXTRAS", ()):
            out.append(PaletteCommand(title, help_text, runner(screen, action)))
        return out

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    command.run,
                    text=command.title,
                    help=command.help,
                )
