"""`papertui doctor`: where the files are, what versions run, whether each file is healthy, how to recover.

The diagnosis tells damage from permissions, free space and leftovers (papertui/health.py): its advice never
says to move or replace a file that can be read.
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Iterable
from importlib import metadata

from papertui import __version__, health
from papertui.cli.output import emit_json
from papertui.errors import PapertuiError
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


def _check(area: str, fn: Callable[[], Iterable[str]]) -> list[health.Finding]:
    try:
        return health.classify(area, fn())
    except PapertuiError as exc:
        return health.classify(area, [str(exc)])


def _index_findings(lib: Library, report: dict[str, object]) -> list[health.Finding]:
    from papertui.index.engine import PaperIndex

    index = PaperIndex(lib.paths.index_dir)
    try:
        report["index"] = index.state()
        if report["index"] == "ok":
            report["indexed"] = index.doc_count()
        return []
    except (PapertuiError, OSError) as exc:
        # A cache: report it and carry on with the checks that matter more.
        report["index"] = "unreadable"
        text = str(exc) if isinstance(exc, PapertuiError) else f"{exc.strerror}: {exc.filename}"
        return health.classify("index", [text])
    finally:
        index.close()


def diagnose(lib: Library, report: dict[str, object]) -> list[health.Finding]:
    paths = lib.paths
    findings = health.folder_findings(paths.home, paths.backups)
    findings += _check("catalog", lib.check_catalog)
    findings += _check("userdata", lib.check_userdata)
    try:
        report["papers"] = lib.count()
        report["with_code"] = lib.count_with_code()
    except PapertuiError as exc:
        if not any(f.area == "catalog" and f.message == str(exc) for f in findings):
            findings += health.classify("catalog", [str(exc)])
    findings += _index_findings(lib, report)
    return findings


def run_doctor(lib: Library, *, as_json: bool) -> int:
    paths = lib.paths
    versions = {d: _version(d) for d in ("textual", "whoosh3", "tinydb", "pyperclip")}
    file_paths = {
        "home": str(paths.home),
        "catalog": str(paths.catalog),
        "userdata": str(paths.userdata),
        "index": str(paths.index_dir),
        "backups": str(paths.backups),
    }
    report: dict[str, object] = {
        "papertui": __version__,
        "python": platform.python_version(),
        "versions": versions,
        "paths": file_paths,
    }
    findings = diagnose(lib, report)
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
