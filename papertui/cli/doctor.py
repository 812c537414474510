"""`papertui doctor`: where the files are, what versions run, whether each file is healthy, how to recover."""

from __future__ import annotations

import platform
from importlib import metadata

from papertui import __version__
from papertui.cli.output import emit_json
from papertui.errors import PapertuiError
from papertui.library import Library

RECOVERY = {
    "index": "search index broken: harmless, it is a cache; `papertui reindex` rebuilds it.",
    "catalog": "catalog broken: move catalog.sqlite3 out of the way (into the backups folder, say), then re-import\n"
    "    your page files (`papertui import FILE...`); tags, notes and triage are kept apart and re-attach.",
    "userdata": "user data (tags, notes, triage) broken: papertui never overwrites it; copy the newest file from\n"
    "    the backups folder over it, or fix the JSON by hand, then run `papertui doctor` again.",
}
FULL_DISK = "the disk is full: free some space; nothing is broken, and nothing was changed."


def recovery_advice(problems: dict[str, list[str]]) -> list[str]:
    """Advice for the areas that have problems only; a full disk is not a broken file, so moving or restoring
    files would be the wrong advice for it."""
    advice = []
    for area, msgs in problems.items():
        if not msgs:
            continue
        tip = FULL_DISK if any("is full" in m for m in msgs) else RECOVERY.get(area)
        if tip and tip not in advice:
            advice.append(tip)
    return advice


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _check(label: str, fn) -> tuple[str, list[str]]:
    try:
        return label, list(fn())
    except PapertuiError as exc:
        return label, [str(exc)]


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
    problems: dict[str, list[str]] = dict(
        [
            _check("catalog", lib.catalog.integrity),
            _check("userdata", lib.user.check),
        ]
    )
    try:
        report["papers"] = lib.catalog.count()
        report["with_code"] = lib.catalog.count_with_code()
    except PapertuiError as exc:
        if str(exc) not in problems["catalog"]:  # the integrity check usually met the same failure
            problems["catalog"].append(str(exc))
    from papertui.index.engine import PaperIndex

    index = PaperIndex(paths.index_dir)
    try:
        report["index"] = index.state()
        if report["index"] == "ok":
            report["indexed"] = index.doc_count()
    except (PapertuiError, OSError) as exc:
        # A cache: report it and carry on with the checks that matter more.
        report["index"] = "unreadable"
        problems["index"] = [str(exc) if isinstance(exc, PapertuiError) else f"{exc.strerror}: {exc.filename}"]
    finally:
        index.close()
    report["problems"] = {k: v for k, v in problems.items() if v}
    healthy = not report["problems"]
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
    for area, msgs in problems.items():
        for msg in msgs:
            print(f"problem ({area}): {msg}")
    if healthy:
        print("everything looks healthy")
        return 0
    print("How to recover:")
    for tip in recovery_advice(problems):
        print(f"  - {tip}")
    return 1
