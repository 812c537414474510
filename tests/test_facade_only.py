"""The CLI and the app reach the library through its one door, papertui.library.Library (STYLE.md, "One door
into the core"): no `.catalog`, `.user` or `.lock` of the stores behind it, and no `.paths` (the files behind
it), on any object, in papertui/cli or tui/. A need the facade does not meet becomes a Library method, tested once,
used by both front ends."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRONT_ENDS = (ROOT / "papertui" / "cli", ROOT / "tui")
BEHIND_THE_DOOR = frozenset({"catalog", "user", "lock", "paths"})


def reach_throughs(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in BEHIND_THE_DOOR
    ]


def test_the_front_ends_are_found():
    files = [p for folder in FRONT_ENDS for p in folder.rglob("*.py")]
    assert len(files) > 20  # the walk sees the code it guards


def test_the_cli_and_the_app_use_the_library_facade_only():
    found = sorted(hit for folder in FRONT_ENDS for p in folder.rglob("*.py") for hit in reach_throughs(p))
    assert not found, "reach-throughs past papertui.library.Library:\n" + "\n".join(found)
