"""`papertui doctor`: where the files are, what versions run, whether each file is healthy, how to recover.

The diagnosis tells damage from permissions, free space and leftovers (papertui/health.py): its advice never
says to move or replace a file that can be read.
"""

from __future__ import annotations

import platform
from importlib import metadata
from typing import cast

from papertui import __version__, health
from papertui.cli.output import emit_json
from papertui.library import Library

FULL_DISK = health.ADVICE[("disk", health.FULL)]


def recovery_advice(problems: dict[str, list[str]]) -> list[str]:
    """Advice for the areas that have problems only (messages keyed by area)."""
    return health.advice(f for area, msgs in problems.items() for f in health.classify(area, msgs))


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def run_doctor(lib: Library, *, as_json: bool) -> int:
    versions = {d: _version(d) for d in ("textual", "whoosh3", "tinydb", "pyperclip")}
    findings, facts = lib.diagnose()
    file_paths = cast(dict[str, str], facts["paths"])
    report: dict[str, object] = {
        "papertui": __version__,
        "python": platform.python_version(),
        "versions": versions,
        **facts,
    }
    problems: dict[str, list[str]] = {}
    for f in findings:
        if f.is_problem:
            problems.setdefault(f.area, []).append(f.message)
    report["problems"] = problems
    report["findings"] = [f.as_dict() for f in findings]
    report["notes"] = [f.message for f in findings if not f.is_problem]
    tips = health.advice(findings)
    report["advice"] = tips
    healthy = not problems
    if as_json:
        emit_json(report)
        return 0 if healthy else 1
    print(f"papertui {__version__} on Python {report['python']}")
    for dist, ver in versions.items():
        print(f"  {dist} {ver}")
    print("files:")
    for name, path in file_paths.items():
        print(f"  {name:<9} {path}")
    if "papers" in report:
        print(f"catalog: {report['papers']} papers, {report['with_code']} with code")
    print(f"index: {report['index']}" + (f", {report['indexed']} papers" if "indexed" in report else ""))
    for f in findings:
        print(f"problem ({f.area}): {f.message}" if f.is_problem else f"note ({f.area}): {f.message}")
    if healthy:
        print("everything looks healthy")
        return 0
    print("How to recover:")
    for tip in tips:
        print(f"  - {tip}")
    return 1
