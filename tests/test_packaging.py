"""The wheel exposes one import package, papertui, and lists every folder it maps into it."""

from __future__ import annotations

import contextlib
import io
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest

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


def test_the_console_script_runs_the_cli():
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "papertui"]
    main = script.load()
    with contextlib.redirect_stdout(io.StringIO()) as out, pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and out.getvalue().startswith("papertui ")
