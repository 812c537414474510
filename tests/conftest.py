"""Shared fixtures: an isolated library home per test, and the real page dumps when present. Also the
hypothesis profiles: in CI (env CI set) every property test is derandomized and keeps no example database, so
a run never fails by chance and never replays a failure found elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Loaded here, before any test module builds its own settings(...): those inherit what they do not name.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SEEDS = (REPO.parent / "shared" / "seeds").resolve()


@pytest.fixture
def seeds_dir() -> Path:
    """The real Hugging Face page dumps (../shared/seeds); the test skips when they are not beside the repo."""
    if not (SEEDS / "hf-papers-search-a.txt").is_file():
        pytest.skip(f"real page dumps not found at {SEEDS} (they live in ../shared/seeds beside the repo)")
    return SEEDS


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty library directory; PAPERTUI_HOME points at it for the test."""
    lib = tmp_path / "library"
    monkeypatch.setenv("PAPERTUI_HOME", str(lib))
    return lib
