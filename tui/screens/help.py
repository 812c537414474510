"""HelpScreen: every key of the screen the user came from, read from the live bindings (so a remapped key
shows as remapped), plus how searching works."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

SEARCH_HELP = (
    'Search: words are ANDed · "a phrase" · diffus* (prefix) · -word (exclude) · a OR b · '
    "title:x abstract:x note:x · tag:reading · has:code · year:2024 · is:unseen|kept|skipped · untagged · "
    'author:hinton author:"Yann LeCun" · cat:cs.CL (cat:cs: every cs.*) · id:2301.00001 (any version)'
)

SEEN_HELP = (
    "Seen: a paper opened with enter and read for {seconds} leaves the inbox as kept (u undoes). Moving through "
    "the list marks nothing. Set seen_after_s in tui-state.json beside your library (0 turns it off)."
)


def seen_help(seconds: float) -> str:
    if seconds <= 0:
        return "Seen: papers leave the inbox only when you triage them (seen_after_s is 0 in tui-state.json)."
    return SEEN_HELP.format(seconds=f"{seconds:g} s")


@dataclass(frozen=True)
class KeyRow:
    keys: str
    description: str
    binding_id: str
    node: DOMNode
    action: str
    group: str
    tooltip: str = ""


def help_group(node: DOMNode) -> str:
    """The heading a node's keys are listed under."""
    if isinstance(node, Screen):
        return "On this screen"
    if node is node.app:
        return "Everywhere"
    return str(getattr(node, "HELP_GROUP", type(node).__name__))


def _nodes(screen: Screen) -> Iterator[DOMNode]:
    yield screen
    yield from screen.walk_children()
    yield screen.app


def key_rows(screen: Screen) -> list[KeyRow]:
    """Bindings (with an id) of the app, the screen and its widgets: one row per id, all its keys together.

    Textual stores "k,right" as one Binding per key, with the same id. The user's keymap (tui/keymap.py) is
    applied by Textual as keys are pressed, not to these stored bindings, so remapped ids are shown from it.
    """
    remapped: dict[str, str] = getattr(screen.app, "user_keys", {})
    keys: dict[str, list[str]] = {}
    first: dict[str, tuple[DOMNode, Binding]] = {}
    for node in _nodes(screen):
        for group in node._bindings.key_to_bindings.values():
            for binding in group:
                if not binding.id or not binding.description:
                    continue
                if binding.id not in first:
                    first[binding.id] = (node, binding)
                elif first[binding.id][0] is not node:
                    continue  # the same id on another widget instance: listed once
                if binding.id in remapped:
                    mine = [replace(binding, key=key) for key in remapped[binding.id].split(",")]
                    keys[binding.id] = [screen.app.get_key_display(b) for b in mine]
                    continue
                shown = screen.app.get_key_display(binding)
                if shown not in keys.setdefault(binding.id, []):
                    keys[binding.id].append(shown)
    return [
        KeyRow("/".join(keys[bid]), binding.description, bid, node, binding.action, help_group(node), binding.tooltip)
        for bid, (node, binding) in first.items()
    ]


QUICK_TAG_PREFIX = "Toggle quick tag "


def help_text(rows: list[KeyRow], palette_key: str) -> Text:
    """The keys grouped under headings; the nine quick-tag keys folded into one line."""
    width = max([len(r.keys) for r in rows] + [len(palette_key), 6]) + 3
    text = Text()
    group = None
    quick = [r for r in rows if r.description.startswith(QUICK_TAG_PREFIX)]

    def line(keys: str, what: str) -> None:
        text.append(f"  {keys}".ljust(width + 2), style="bold")
        text.append(f"{what}\n")

    for row in rows:
        if row.group != group:
            group = row.group
            text.append(f"{group}\n", style="italic underline")
        if row in quick:
            if row is quick[0]:
                line(f"{quick[0].keys}…{quick[-1].keys}", "Toggle a quick tag (its number is shown in the sidebar)")
            continue
        line(row.keys, f"{row.description} — {row.tooltip}" if row.tooltip else row.description)
    text.append("Command palette\n", style="italic underline")
    line(palette_key, "Every action by name")
    text.rstrip()
    return text


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss_help", "Close help", id="help.close")
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__(id="help")
        self.rows = key_rows(under)
        self.under_name = type(under).__name__

    def compose(self) -> ComposeResult:
        palette_key = self.app.get_key_display(Binding(self.app.COMMAND_PALETTE_BINDING, ""))
        with Vertical(classes="dialog", id="help-box"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_text(self.rows, palette_key), id="help-table")
                yield Static(Text(SEARCH_HELP, style="dim"), id="help-search")
                seconds = float(getattr(self.app, "seen_after_s", 0))
                yield Static(Text(seen_help(seconds), style="dim"), id="help-seen")
            yield Label(
                "esc closes · remap keys in keys.json beside your library (papertui keys)", classes="dialog-help"
            )

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
