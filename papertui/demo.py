"""The built-in demo library: fictional papers in the page layouts, shipped with the package."""

from __future__ import annotations

from pathlib import Path


def demo_files() -> list[Path]:
    folder = Path(__file__).resolve().parent / "demo_data"
    return sorted(folder.glob("*.txt"))
