"""In CI every property test is deterministic: the `ci` profile from conftest.py reaches every @given test,
including those with their own settings(...), which override only what they name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

# Run in a fresh interpreter so the profile is chosen from the environment at start-up, as in a CI run.
_PROBE = """
import importlib.util, sys
from pathlib import Path
tests = Path(sys.argv[1])
sys.path[:0] = [str(tests), *(str(d) for d in tests.iterdir() if d.is_dir())]
import conftest  # noqa: F401  (registers and loads the profile, as pytest does first)
checked = 0
for path in sorted(tests.rglob("test_*.py")):
    if "hypothesis" not in path.read_text(encoding="utf-8"):
        continue
    spec = importlib.util.spec_from_file_location(f"probe_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, fn in vars(module).items():
        chosen = getattr(fn, "_hypothesis_internal_use_settings", None)
        if name.startswith("test") and chosen is not None:
            checked += 1
            if not chosen.derandomize or chosen.database is not None or chosen.deadline is not None:
                print(f"NOT DETERMINISTIC: {path.name}::{name}")
print(f"checked {checked}")
"""


def _probe(ci: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(TESTS)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_property_test_is_derandomized_without_a_database_in_ci() -> None:
    out = _probe("true")
    assert "NOT DETERMINISTIC" not in out, out
    checked = int(out.rsplit("checked ", 1)[1])
    assert checked >= 8, out  # the probe really found the property tests (ingest fuzz, query language, ...)


def test_outside_ci_property_tests_explore_new_examples() -> None:
    assert "NOT DETERMINISTIC" in _probe(None)
