"""Fixtures of the reliability suite. Its helper modules (the crash child, the model, the trial runner) live in
this folder and are shared with bench/torture.py, so the folder is put on sys.path for both."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from papertui.library import Library  # noqa: E402

FIXTURES = HERE.parent / "fixtures"
PAGES = (FIXTURES / "page_a.txt", FIXTURES / "page_b.txt")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A small library (8 papers, "keep" on the first two by title, a note on the first, an index), built once
    per module and copied for each test. Returns (home, ids by title)."""
    home = tmp_path_factory.mktemp("pristine") / "library"
    lib = Library(home)
    try:
        for page in PAGES:
            lib.import_file(page)
        ids = lib.browse("title")
        lib.tag(ids[:2], ["keep"])
        lib.set_note(ids[0], "remember section four")
        lib.index()
    finally:
        lib.close()
    return home, ids


@pytest.fixture
def library(pristine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A private copy of the pristine library; PAPERTUI_HOME points at it."""
    home = tmp_path / "library"
    shutil.copytree(pristine[0], home)
    monkeypatch.setenv("PAPERTUI_HOME", str(home))
    return home, pristine[1]
