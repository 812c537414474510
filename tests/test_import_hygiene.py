"""The core (model, ingest, store, index, library, CLI commands) imports without Textual."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "papertui.model",
    "papertui.paths",
    "papertui.errors",
    "papertui.library",
    "papertui.library_views",
    "papertui.ingest.hf_page",
    "papertui.ingest.links",
    "papertui.ingest.text",
    "papertui.store.atomic",
    "papertui.store.lock",
    "papertui.store.catalog",
    "papertui.store.userdata",
    "papertui.store.export",
    "papertui.index.engine",
    "papertui.cli.parser",
    "papertui.cli.library_cmds",
    "papertui.cli.user_cmds",
]

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


def test_core_modules_import_with_textual_blocked():
    proc = subprocess.run([sys.executable, "-c", _BLOCKER, *CORE], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
