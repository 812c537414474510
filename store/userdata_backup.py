"""Backups of the user-data file: timestamped byte-for-byte copies in the library's backups folder.

Taken before a schema migration is written and before a restore replaces the file, and on request
(`papertui doctor`). Copies are written atomically too, and never overwrite each other.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from papertui.errors import PapertuiError
from papertui.store.atomic import atomic_write_bytes

_REASON = re.compile(r"[^a-z0-9-]+")


def backup_name(path: Path, reason: str, when: datetime) -> str:
    reason = _REASON.sub("-", reason.lower()).strip("-") or "manual"
    return f"{path.stem}-{when:%Y%m%dT%H%M%S_%f}Z-{reason}{path.suffix}"


def write_backup(path: Path, data: bytes, backups_dir: Path, reason: str) -> Path:
    """Copy `data` (the bytes of `path`) into `backups_dir` under a new timestamped name."""
    when = datetime.now(UTC)
    target = backups_dir / backup_name(path, reason, when)
    n = 1
    while target.exists():
        n += 1
        target = backups_dir / backup_name(path, f"{reason}-{n}", when)
    atomic_write_bytes(target, data)
    return target


def list_backups(path: Path, backups_dir: Path) -> list[Path]:
    """Backups of `path`, oldest first (names sort by time)."""
    if not backups_dir.is_dir():
        return []
    found = [
        p
        for p in backups_dir.iterdir()
        if p.name.startswith(f"{path.stem}-") and p.suffix == path.suffix and p.is_file()
    ]
    return sorted(found, key=lambda p: p.name)


def read_backup(source: Path) -> bytes:
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise PapertuiError(f"cannot read the backup {source}: {exc.strerror or exc}") from None


def stray_temp_files(path: Path) -> list[Path]:
    """Temp files a killed writer left beside `path` (atomic_open names them .<name>.*.tmp)."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    prefix = f".{path.name}."
    return [path.parent / n for n in names if n.startswith(prefix) and n.endswith(".tmp")]


DAILY = "daily"


def daily_backup(path: Path, data: bytes, backups_dir: Path, *, keep: int = 7, max_age_s: float = 86400) -> Path | None:
    """A safety net against the user's own mistakes (a deleted tag noticed a week later): keep one copy of
    the file per day, the last `keep` of them. Returns the new backup, or None when the newest is recent."""
    dailies = [p for p in list_backups(path, backups_dir) if p.stem.endswith(f"-{DAILY}")]
    now = datetime.now(UTC).timestamp()
    if dailies:
        try:
            if now - dailies[-1].stat().st_mtime < max_age_s:
                return None
        except OSError:
            pass
    made = write_backup(path, data, backups_dir, DAILY)
    for old in dailies[: max(0, len(dailies) + 1 - keep)]:
        with contextlib.suppress(OSError):
            old.unlink()
    return made
