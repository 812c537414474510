"""What `papertui doctor` finds, told apart by cause: damage, permissions, free space, leftovers, a busy library.

The stores report problems as one-line messages for users; here each gets a kind, because the right advice
depends on it. Moving a catalog aside is the cure for a damaged file and the wrong thing to do on a full disk; a
temp file left by a killed write is harmless and must not read as broken user data. The folders are probed with
a real write, so a read-only mount or an unwritable folder shows even to root.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from papertui.errors import PapertuiError

if TYPE_CHECKING:
    from papertui.library import Library

NEARLY_FULL_BYTES = 1 << 20
"""Less free space than this on the library's disk counts as full: SQLite alone needs more to open in WAL mode."""
_PROBE_BYTES = 4096

FULL = "full"
READONLY = "readonly"
PERMISSION = "permission"
DAMAGED = "damaged"
ODD = "odd"
"""Readable, but holding entries papertui does not understand: nothing to replace."""
BUSY = "busy"
NEWER = "newer"
LEFTOVER = "leftover"
"""Harmless: reported as a note, never as a problem."""
SLOW = "slow"
"""Working, but slower than it should be (a warning shown as a note, never a problem)."""


@dataclass(frozen=True, slots=True)
class Finding:
    area: str
    kind: str
    message: str

    @property
    def is_problem(self) -> bool:
        return self.kind not in (LEFTOVER, SLOW)

    def as_dict(self) -> dict[str, str]:
        return {"area": self.area, "kind": self.kind, "message": self.message}


def kind_of(area: str, message: str) -> str:
    """The cause behind a store's one-line message (their wording is papertui's own, so this is stable)."""
    text = message.casefold()
    if "interrupted write" in text:
        return LEFTOVER
    if "is full" in text:
        return FULL
    if "newer papertui" in text:
        return NEWER
    if "busy" in text:
        return BUSY
    if "read-only file system" in text or "read-only folder" in text:
        return READONLY
    if any(w in text for w in ("permission denied", "not writable", "cannot be opened", "cannot be written")):
        return PERMISSION
    if area == "userdata" and not text.startswith("cannot use your tags and notes file"):
        return ODD  # the file parsed: these are entries inside it
    return DAMAGED


def classify(area: str, messages: Iterable[str]) -> list[Finding]:
    return [Finding(area, kind_of(area, m), m) for m in messages]


def probe_folder(folder: Path) -> str | None:
    """None when a file can be written in `folder`, else FULL, READONLY or PERMISSION (by a real write)."""
    try:
        if shutil.disk_usage(folder).free < NEARLY_FULL_BYTES:
            return FULL
    except OSError:
        pass
    try:
        fd, name = tempfile.mkstemp(prefix=".papertui-doctor-", suffix=".probe", dir=folder)
    except OSError as exc:
        return _write_failure(exc)
    try:
        os.write(fd, b"\0" * _PROBE_BYTES)
        os.fsync(fd)
    except OSError as exc:
        return _write_failure(exc)
    finally:
        os.close(fd)
        os.unlink(name)
    return None


def _write_failure(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return FULL
    if exc.errno == errno.EROFS:
        return READONLY
    return PERMISSION


def folder_findings(home: Path, backups: Path) -> list[Finding]:
    """The library folder and its backups folder: can papertui write there at all?"""
    out: list[Finding] = []
    if home.is_dir():
        kind = probe_folder(home)
        if kind == FULL:
            out.append(Finding("disk", FULL, f"the disk holding {home} is full"))
        elif kind is not None:
            why = "is on a read-only file system" if kind == READONLY else "cannot be written (permission denied)"
            out.append(Finding("disk", kind, f"the library folder {home} {why}"))
    if backups.exists() and not backups.is_dir():
        out.append(Finding("backups", DAMAGED, f"{backups} is a file, not a folder: no safety copies can be kept"))
    elif backups.is_dir():
        kind = probe_folder(backups)
        if kind is not None and kind != FULL:  # a full disk is reported once, for the library folder
            out.append(Finding("backups", kind, f"the backups folder {backups} cannot be written: no safety copies"))
    return out


ADVICE = {
    ("disk", FULL): "the disk is full: free some space; nothing is broken, and nothing was changed.",
    ("disk", READONLY): "the library is on a read-only file system: reading and searching work; remount it "
    "read-write to make changes. Nothing is broken: move or replace no file.",
    ("disk", PERMISSION): "the library folder cannot be written: reading and searching work; give yourself write "
    "permission on it (chmod u+rwx) to make changes. Nothing is broken: move or replace no file.",
    ("catalog", DAMAGED): "catalog broken: move catalog.sqlite3 out of the way (into the backups folder, say), then "
    "re-import\n    your page files (`papertui import FILE...`); tags, notes and triage are kept apart and re-attach.",
    ("userdata", DAMAGED): "user data (tags, notes, triage) cannot be read: papertui never overwrites it. Move it "
    "aside (keep it),\n    then copy the newest file from the backups folder in its place, or fix the JSON by hand; "
    "run `papertui doctor` again.",
    ("userdata", ODD): "user data has entries papertui does not understand, but the file is readable and in use: "
    "replace nothing;\n    fix those entries by hand if you edited the file, or leave them (they are ignored).",
    ("index", DAMAGED): "search index broken: harmless, it is a cache; `papertui reindex` rebuilds it.",
    ("backups", DAMAGED): "backups/ is a file: move it out of the way so papertui can keep daily safety copies; "
    "your changes are saved meanwhile.",
    ("backups", PERMISSION): "the backups folder cannot be written: fix its permissions so papertui can keep "
    "safety copies; your changes are saved meanwhile.",
    ("backups", READONLY): "the backups folder is on a read-only file system: no safety copies can be kept.",
}
BY_KIND = {
    FULL: ADVICE[("disk", FULL)],
    PERMISSION: "a file cannot be read or written (permission denied): fix its permissions (chmod u+rw FILE); "
    "it is not damaged, so do not replace it.",
    READONLY: ADVICE[("disk", READONLY)],
    BUSY: "another papertui process is busy with the library: let it finish, then run `papertui doctor` again.",
    NEWER: "a newer papertui wrote this library: upgrade papertui (pip install -U papertui); replace no file.",
}


def advice(findings: Iterable[Finding]) -> list[str]:
    """The advice that applies, once each, most fundamental first: a full disk or a read-only folder explains
    the other areas' failures, so their damage advice would be wrong and is left out."""
    found = [f for f in findings if f.is_problem]
    causes = {f.kind for f in found if f.area == "disk"}
    out: list[str] = []
    for f in sorted(found, key=lambda f: f.area != "disk"):
        if causes and f.area != "disk" and _explained_by_disk(f):
            continue  # SQLite and the index report a full or read-only disk as failures of their own
        tip = ADVICE.get((f.area, f.kind)) or BY_KIND.get(f.kind) or ADVICE.get((f.area, DAMAGED))
        if tip and tip not in out:
            out.append(tip)
    return out


def _explained_by_disk(f: Finding) -> bool:
    if f.kind in (FULL, READONLY, PERMISSION):
        return True
    return f.kind == DAMAGED and f.area in ("catalog", "index")


def diagnose(lib: Library) -> tuple[list[Finding], dict[str, object]]:
    """Every finding about `lib`'s files, and the facts doctor shows (where the files are, how many papers, the
    index's state). Reads only, except the probe files of folder_findings."""
    paths = lib.paths
    facts: dict[str, object] = {
        "paths": {
            "home": str(paths.home),
            "catalog": str(paths.catalog),
            "userdata": str(paths.userdata),
            "index": str(paths.index_dir),
            "backups": str(paths.backups),
        }
    }
    findings = folder_findings(paths.home, paths.backups)
    findings += _checked("catalog", lib.check_catalog)
    findings += _checked("userdata", lib.check_userdata)
    try:
        facts["papers"] = lib.count()
        facts["with_code"] = lib.count_with_code()
    except PapertuiError as exc:
        if not any(f.area == "catalog" and f.message == str(exc) for f in findings):
            findings += classify("catalog", [str(exc)])
    findings += _index_findings(paths.index_dir, facts)
    return findings, facts


def _checked(area: str, check: Callable[[], Iterable[str]]) -> list[Finding]:
    try:
        return classify(area, check())
    except PapertuiError as exc:
        return classify(area, [str(exc)])


def whoosh_findings() -> list[Finding]:
    """A warning when index/whoosh_compat.py found the installed whoosh3's internals changed (or was told not
    to use them): searches then go through Whoosh's public readers, with the same results, slower."""
    from papertui.index import whoosh_compat

    if whoosh_compat.FAST:
        return []
    return [
        Finding(
            "index",
            SLOW,
            f"warning: the fast search path is off ({whoosh_compat.REASON}); searches use Whoosh's public "
            "readers: same results, slower",
        )
    ]


def _index_findings(folder: Path, facts: dict[str, object]) -> list[Finding]:
    from papertui.index import whoosh_compat
    from papertui.index.engine import PaperIndex

    facts["whoosh_fast_path"] = whoosh_compat.FAST
    index = PaperIndex(folder)
    try:
        facts["index"] = index.state()
        if facts["index"] == "ok":
            facts["indexed"] = index.doc_count()
        return whoosh_findings()
    except (PapertuiError, OSError) as exc:
        # A cache: report it and carry on with the checks that matter more.
        facts["index"] = "unreadable"
        text = str(exc) if isinstance(exc, PapertuiError) else f"{exc.strerror}: {exc.filename}"
        return classify("index", [text])
    finally:
        index.close()
