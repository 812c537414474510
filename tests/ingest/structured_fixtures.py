"""Where the structured-format fixtures live (shared by the reader tests)."""

from __future__ import annotations

from pathlib import Path

STRUCTURED = Path(__file__).resolve().parent / "fixtures" / "structured"


def fixture_text(name: str) -> str:
    return (STRUCTURED / name).read_text(encoding="utf-8")
