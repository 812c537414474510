"""Running CLI commands in-process for the CLI tests (shared by their modules; tests/cli/conftest.py puts this
folder on sys.path)."""

from __future__ import annotations

import json
from pathlib import Path

from papertui.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one `papertui` command."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ids_by_title(capsys) -> dict[str, str]:
    """Paper ids by the part of their title before a colon (the fixture titles are unique that way)."""
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    return {p["title"].split(":")[0]: p["id"] for p in json.loads(out)}
