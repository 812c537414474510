"""The core (model, ingest, store, index, library, CLI commands) imports without Textual.

The modules are discovered, not listed: a new core module is checked the day it is added."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import papertui

CORE_PACKAGES = ("papertui.ingest", "papertui.store", "papertui.index", "papertui.cli")
NOT_IMPORTED = frozenset({"papertui.__main__"})
"""Running it runs the CLI; it imports papertui.cli, which is walked."""


def core_modules() -> list[str]:
    roots = [
        f"papertui.{m.name}"
        for m in pkgutil.iter_modules(papertui.__path__)
        if not m.ispkg and f"papertui.{m.name}" not in NOT_IMPORTED
    ]
    found = ["papertui", *roots]
    for name in CORE_PACKAGES:
        package = importlib.import_module(name)
        found.append(name)
        found += [m.name for m in pkgutil.walk_packages(package.__path__, prefix=f"{name}.")]
    return sorted(found)


_BLOCKER = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("textual is blocked: the core must not import it")
sys.meta_path.insert(0, Block())
import importlib
for mod in sys.argv[1:]:
    importlib.import_module(mod)
print("ok")
"""


def test_the_walk_finds_every_group_of_the_core():
    found = core_modules()
    for module in ("papertui.library", "papertui.ingest.hf_page", "papertui.store.userdata", "papertui.index.engine"):
        assert module in found
    assert "papertui.cli.parser" in found and not any(m.startswith("papertui.tui") for m in found)


def test_core_modules_import_with_textual_blocked():
    modules = core_modules()
    proc = subprocess.run([sys.executable, "-c", _BLOCKER, *modules], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
