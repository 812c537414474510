"""Where the library lives. Paths are computed on call (never at import) so tests can point PAPERTUI_HOME anywhere."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_HOME = "PAPERTUI_HOME"


@dataclass(frozen=True)
class LibraryPaths:
    """Every file of one library, all under `home`."""

    home: Path

    @property
    def catalog(self) -> Path:
        return self.home / "catalog.sqlite3"

    @property
    def userdata(self) -> Path:
        return self.home / "userdata.json"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def lock(self) -> Path:
        return self.home / ".lock"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def keymap(self) -> Path:
        """The user's key remapping for the app (binding id → keys), read at start; optional."""
        return self.home / "keys.json"

    @property
    def tui_state(self) -> Path:
        """Saved searches and the triage position: conveniences, not papers or user data."""
        return self.home / "tui-state.json"

    @property
    def drafts(self) -> Path:
        """Note text being edited, until its save is acknowledged (store/drafts.py)."""
        return self.home / "drafts"

    @property
    def config(self) -> Path:
        return self.home / "config.json"


def data_home() -> Path:
    """The library directory: $PAPERTUI_HOME, else the platform's user data dir for papertui."""
    env = os.environ.get(ENV_HOME, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("papertui", appauthor=False))


def library_paths(home: Path | None = None) -> LibraryPaths:
    return LibraryPaths(home if home is not None else data_home())


def os_text(value: str) -> str:
    """Text that came from the OS (a file name, a command-line argument) as real text: bytes that Python kept
    as lone surrogates (a C/POSIX locale, a file name that is not UTF-8) are decoded as UTF-8 when they are,
    else become U+FFFD, so SQLite, JSON and the terminal can take it."""
    if value.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def shown_path(path: Path | str) -> str:
    """A path as text that can be stored and printed anywhere (the file itself is opened by its real name)."""
    return os_text(str(path))
