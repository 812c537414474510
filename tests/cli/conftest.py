"""Fixtures of the CLI tests: a library of the two fixture pages, imported through the CLI."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from cli_run import FIXTURES, ids_by_title, run  # noqa: E402


@pytest.fixture
def lib(home, capsys) -> dict[str, str]:
    """The fixture pages imported; paper ids by short title."""
    run(capsys, "import", str(FIXTURES / "page_a.txt"), str(FIXTURES / "page_b.txt"))
    return ids_by_title(capsys)
