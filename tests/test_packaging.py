"""The wheel exposes one import package, papertui, and lists every folder it maps into it."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _setuptools() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_mapped_folder_with_code_is_a_listed_package():
    cfg = _setuptools()
    mapping: dict[str, str] = cfg["package-dir"]
    listed = set(cfg["packages"])
    found = set()
    for pkg, folder in mapping.items():
        for init in (REPO / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(REPO / folder)
            found.add(".".join([pkg, *rel.parts]) if rel.parts else pkg)
    assert found == listed


def test_only_papertui_is_installed_at_top_level():
    cfg = _setuptools()
    assert all(name == "papertui" or name.startswith("papertui.") for name in cfg["packages"])
    assert all(name == "papertui" or name.startswith("papertui.") for name in cfg["package-dir"])


def test_console_script_points_at_the_cli():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["scripts"] == {"papertui": "papertui.cli:main"}
