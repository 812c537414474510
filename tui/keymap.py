"""The user's own keys: a JSON object in LibraryPaths.keymap mapping a binding id (`papertui keys` lists them)
to one key or several, comma-separated, as Textual names them:

    {"main.tag": "a", "main.search": "slash,ctrl+f", "list.down": "j,down"}

The file is optional. A damaged file or an unknown id never stops the app: the rest applies and the problem
is said once, in a notification.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.binding import Binding


@dataclass(frozen=True)
class Keymap:
    keys: dict[str, str]
    """binding id → comma-separated keys, for App.set_keymap."""
    problems: tuple[str, ...] = ()


def declared_bindings(classes: Iterable[type[Any]]) -> dict[str, Binding]:
    """The first binding declared under each id by these widget and screen classes (and their bases)."""
    found: dict[str, Binding] = {}
    for cls in classes:
        for klass in cls.__mro__:
            for binding in klass.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    found.setdefault(binding.id, binding)
    return found


OLD_IDS = {
    "triage.tag": "main.tag",
    "triage.note": "main.note",
    "triage.copy_link": "main.copy_link",
    "triage.open": "main.open",
    "triage.undo": "main.undo",
    "triage.redo": "main.redo",
}
"""Ids triage used before it shared the main screen's paper-action ids; a keys.json written for them still
applies (to both screens now), unless it also names the main id."""


def read_keymap(path: Path, known: Iterable[str]) -> Keymap:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Keymap({})
    except (OSError, UnicodeDecodeError) as exc:
        return Keymap({}, (f"could not read {path}: {exc}",))
    try:
        raw = json.loads(text)
    except ValueError as exc:
        return Keymap({}, (f"{path} is not valid JSON ({exc}); default keys are used",))
    if not isinstance(raw, dict):
        return Keymap({}, (f"{path} must hold one JSON object of binding id → keys; default keys are used",))
    known = set(known)
    keys: dict[str, str] = {}
    problems: list[str] = []
    raw = {OLD_IDS.get(bid, bid): value for bid, value in raw.items() if not (bid in OLD_IDS and OLD_IDS[bid] in raw)}
    for bid, value in raw.items():
        if bid not in known:
            problems.append(f"unknown binding id {bid!r} (papertui keys lists them)")
        elif not isinstance(value, str) or not [k for k in value.split(",") if k.strip()]:
            problems.append(f'{bid!r} needs keys as a string, e.g. "ctrl+f" or "slash,ctrl+f"')
        else:
            keys[bid] = ",".join(k.strip() for k in value.split(",") if k.strip())
    if problems:
        problems.insert(0, f"in {path}:")
    return Keymap(keys, tuple(problems))


def remappable_classes() -> list[type[Any]]:
    """Every class of the app that declares bindings (imported here: some screens load on first use)."""
    from papertui.tui.app import PapertuiApp
    from papertui.tui.screens.dialogs import ChoiceDialog, PromptDialog, PromptInput
    from papertui.tui.screens.help import HelpScreen
    from papertui.tui.screens.io_dialogs import ExportDialog, ImportDialog
    from papertui.tui.screens.main import MainScreen
    from papertui.tui.screens.note import NoteScreen
    from papertui.tui.screens.triage import TriageScreen
    from papertui.tui.screens.watch_dialog import WatchDialog
    from papertui.tui.screens.welcome import WelcomeScreen
    from papertui.tui.widgets.abstract_pane import AbstractPane
    from papertui.tui.widgets.paper_list import PaperList
    from papertui.tui.widgets.search_box import SearchBox

    screens = [MainScreen, TriageScreen, NoteScreen, WelcomeScreen, HelpScreen, PromptDialog, ChoiceDialog, WatchDialog]
    return [PapertuiApp, *screens, ExportDialog, ImportDialog, PaperList, AbstractPane, SearchBox, PromptInput]


def key_table(keymap: Keymap, bindings: dict[str, Binding]) -> list[dict[str, str]]:
    """One row per binding id: its keys now (the user's, else the default), the default, and what it does."""
    rows = [
        {
            "id": bid,
            "keys": keymap.keys.get(bid, binding.key),
            "default": binding.key,
            "description": binding.description or binding.action,
        }
        for bid, binding in bindings.items()
    ]
    return sorted(rows, key=lambda r: r["id"])
