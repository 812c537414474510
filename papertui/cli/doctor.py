"""`papertui doctor`: where the files are, what versions run, whether each file is healthy, how to recover."""

from __future__ import annotations

import platform
from importlib import metadata

from papertui import __version__
from papertui.cli.output import emit_json
from papertui.errors import PapertuiError
from papertui.library import Library

RECOVERY = """How to recover:
  - search index broken: harmless, it is a cache; `papertui reindex` rebuilds it.
  - catalog broken: re-import your page files (`papertui import FILE...`); tags and notes are kept apart.
  - user data (tags, notes, triage) broken: papertui never overwrites it; copy the newest file from the
    backups folder over it, or fix the JSON by hand, then run `papertui doctor` again."""


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
    report: dict[str, object] = {
        "papertui": __version__,
        "python": platform.python_version(),
        "versions": {d: _version(d) for d in ("textual", "whoosh3", "tinydb", "pyperclip")},
        "paths": {
            "home": str(paths.home),
            "catalog": str(paths.catalog),
            "userdata": str(paths.userdata),
            "index": str(paths.index_dir),
            "backups": str(paths.backups),
        },
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
        problems["catalog"].append(str(exc))
    from papertui.index.engine import PaperIndex

    index = PaperIndex(paths.index_dir)
    report["index"] = index.state()
    if report["index"] == "ok":
        report["indexed"] = index.doc_count()
    index.close()
    report["problems"] = {k: v for k, v in problems.items() if v}
    healthy = not report["problems"]
    if as_json:
        emit_json(report)
        return 0 if healthy else 1
    print(f"papertui {__version__} on Python {report['python']}")
    for dist, ver in report["versions"].items():  # type: ignore[union-attr]
        print(f"  {dist} {ver}")
    print("files:")
    for name, path in report["paths"].items():  # type: ignore[union-attr]
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
    print(RECOVERY)
    return 1
