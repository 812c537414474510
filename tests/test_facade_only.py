"""The CLI and the app reach the library through its one door, papertui.library.Library (STYLE.md, "One door
into the core"): no `.catalog`, `.user` or `.lock` of the stores behind it, and no `.paths` (the files behind
it), on any object, in papertui/cli or tui/. A need the facade does not meet becomes a Library method, tested once,
used by both front ends.

The stores are private to Library (`_catalog`, `_user`, `_lock`): nothing outside the core reads them, neither the
front ends nor the tests and the bench (which check behaviour through the facade). The one exception is the test
of the removal protocol, which injects crashes between the two stores' steps."""

from __future__ import annotations

import ast
from pathlib import Path

from papertui.library import Library

ROOT = Path(__file__).resolve().parents[1]
FRONT_ENDS = (ROOT / "papertui" / "cli", ROOT / "tui")
OUTSIDE_THE_CORE = (*FRONT_ENDS, ROOT / "tests", ROOT / "bench")
BEHIND_THE_DOOR = frozenset({"catalog", "user", "lock", "paths"})
PRIVATE_STORES = frozenset({"_catalog", "_user", "_lock"})
WHITE_BOX = frozenset({ROOT / "tests" / "store" / "test_remove.py"})


def attributes(path: Path, names: frozenset[str]) -> list[str]:
    """Where `names` are read as attributes; a private name on `self` is the object's own (a UI state file's lock)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in names
        and not (node.attr.startswith("_") and isinstance(node.value, ast.Name) and node.value.id == "self")
    ]


def test_the_front_ends_are_found():
    files = [p for folder in FRONT_ENDS for p in folder.rglob("*.py")]
    assert len(files) > 20  # the walk sees the code it guards


def test_the_cli_and_the_app_use_the_library_facade_only():
    names = BEHIND_THE_DOOR | PRIVATE_STORES
    found = sorted(hit for folder in FRONT_ENDS for p in folder.rglob("*.py") for hit in attributes(p, names))
    assert not found, "reach-throughs past papertui.library.Library:\n" + "\n".join(found)


def test_the_stores_are_private_to_the_library(tmp_path: Path):
    lib = Library(tmp_path / "lib")
    try:
        assert not [name for name in ("catalog", "user", "lock") if hasattr(lib, name)]
        assert all(hasattr(lib, name) for name in PRIVATE_STORES)  # the names the walk below looks for
    finally:
        lib.close()


def test_nothing_outside_the_core_reads_the_private_stores():
    found = sorted(
        hit
        for folder in OUTSIDE_THE_CORE
        for p in folder.rglob("*.py")
        if p not in WHITE_BOX
        for hit in attributes(p, PRIVATE_STORES)
    )
    assert not found, "reads of Library's private stores outside the core:\n" + "\n".join(found)
