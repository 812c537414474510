"""What the app remembers between runs that is not library data: saved searches, the triage position, the
quick-tag numbers, the theme and when the app was last opened.

It lives in its own small JSON file in the library directory (LibraryPaths.tui_state), written atomically and
changed under the library lock (read, edit, write), so two apps open on one library saving searches at once keep
both. A missing file means "nothing remembered yet". A file that is there but cannot be used (a hand edit with a
trailing comma, no read permission) is never written over blindly: the app starts with defaults in memory and
says so; it is replaced only once a copy of it is safe in backups/, and otherwise changes stay in memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from papertui.errors import PapertuiError
from papertui.store.atomic import atomic_write_text
from papertui.store.catalog_rows import now
from papertui.store.userdata_backup import write_backup

if TYPE_CHECKING:
    from papertui.library import Library


@dataclass(frozen=True)
class TriagePosition:
    """The inbox as it was when triage started (paper ids in walking order) and the paper the user was on."""

    order: tuple[str, ...] = ()
    last: str | None = None

    def index(self) -> int:
        """Where to resume: the index of `last` in `order` (0 when unknown)."""
        if self.last is None:
            return 0
        try:
            return self.order.index(self.last)
        except ValueError:
            return 0


QUICK_SLOTS = 9
"""Keys 1–9 toggle a quick tag each."""


def assign_quick_tags(pinned: Sequence[str], tags_by_use: Sequence[str]) -> tuple[str, ...]:
    """The nine quick-tag slots ("" = free): a pinned tag keeps its number for as long as it exists, and a free
    slot goes to the most used tag not pinned yet. Numbers are never re-sorted by count, so a key toggles the
    same tag from one minute to the next (re-sorting made `2` tag different papers seconds apart)."""
    existing = {t.casefold(): t for t in tags_by_use}
    slots = [existing.get(t.casefold(), "") for t in list(pinned)[:QUICK_SLOTS]]
    slots += [""] * (QUICK_SLOTS - len(slots))
    taken = {t.casefold() for t in slots if t}
    waiting = iter(t for t in tags_by_use if t.casefold() not in taken)
    return tuple(slot or next(waiting, "") for slot in slots)


def pin_quick_tag(slots: Sequence[str], number: int, tag: str) -> tuple[str, ...]:
    """`tag` on key `number` (1–9); the tag it displaces takes the slot `tag` left, so nothing is lost."""
    out = list(slots)[:QUICK_SLOTS] + [""] * max(0, QUICK_SLOTS - len(slots))
    old = next((i for i, t in enumerate(out) if t.casefold() == tag.casefold()), None)
    if old is not None:
        out[old] = out[number - 1]
    out[number - 1] = tag
    return tuple(out)


@dataclass(frozen=True)
class UIState:
    saved_searches: dict[str, str] = field(default_factory=dict)
    """name -> query, in the order they were saved."""
    triage: TriagePosition = TriagePosition()
    quick_tags: tuple[str, ...] = ()
    """Tag on key 1, 2, … 9 ("" for a free key); see assign_quick_tags."""
    theme: str | None = None
    """The Textual theme the user chose last."""
    seen_after_s: float = 3.0
    """A setting, edited in the file: seconds an opened paper must be read to count as seen; 0 turns it off."""
    last_visit: str | None = None
    """When the app was last opened (ISO 8601, as Paper.added): papers added since are "new since last visit"."""


class WriteLock(Protocol):
    """What the file is changed under: the library's write lock (Library.held; a LibraryLock in tests)."""

    def held(self) -> AbstractContextManager[object]: ...


class UIStateFile:
    """Loads and saves UIState for one library directory. Safe to call from worker threads."""

    def __init__(self, path: Path, lock: WriteLock | None = None, backups_dir: Path | None = None) -> None:
        self.path = Path(path)
        self._lock = lock
        self._mutex = threading.RLock()
        self._backups = Path(backups_dir) if backups_dir is not None else self.path.parent / "backups"
        self.problem: str | None = None
        """Why the file on disk cannot be used (None when it is fine or missing); the app says it once."""
        self._memory: UIState | None = None
        """The state while the file on disk is unusable: changes live here for the session."""

    @classmethod
    def of(cls, library: Library) -> UIStateFile:
        """The app state file of `library`, changed under its lock, backed up into its backups folder."""
        return cls(library.app_state_file, library, library.backups_dir)

    def load(self) -> UIState:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self._usable()
            return UIState()
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is not UTF-8 text"
            return self._unusable(f"cannot be read ({why.lower()})")
        try:
            raw = json.loads(text)
        except ValueError as exc:
            return self._unusable(f"is not valid JSON ({exc})")
        if not isinstance(raw, dict):
            return self._unusable("is not a JSON object")
        self._usable()
        searches = raw.get("saved_searches")
        searches = searches if isinstance(searches, dict) else {}
        triage = raw.get("triage")
        triage = triage if isinstance(triage, dict) else {}
        order = triage.get("order")
        order = order if isinstance(order, list) else []
        last = triage.get("last")
        quick = raw.get("quick_tags")
        quick = quick if isinstance(quick, list) else []
        theme = raw.get("theme")
        seen = raw.get("seen_after_s")
        visit = raw.get("last_visit")
        seen_ok = isinstance(seen, (int, float)) and not isinstance(seen, bool) and 0 <= seen < 86400
        return UIState(
            saved_searches={str(k): str(v) for k, v in searches.items() if str(k)},
            triage=TriagePosition(
                order=tuple(str(i) for i in order),
                last=str(last) if isinstance(last, str) else None,
            ),
            quick_tags=tuple(t if isinstance(t, str) else "" for t in quick[:QUICK_SLOTS]),
            theme=theme if isinstance(theme, str) and theme else None,
            seen_after_s=float(seen) if seen_ok else 3.0,  # type: ignore[arg-type]
            last_visit=visit if isinstance(visit, str) and visit else None,
        )

    def _usable(self) -> None:
        self.problem = None
        self._memory = None

    def _unusable(self, why: str) -> UIState:
        self.problem = (
            f"{self.path.name} {why}: saved searches and the triage position start empty; "
            "the file is kept as it is until a copy of it is in backups/"
        )
        return self._memory if self._memory is not None else UIState()

    def save(self, state: UIState) -> None:
        payload: dict[str, object] = {
            "saved_searches": state.saved_searches,
            "triage": {"order": list(state.triage.order), "last": state.triage.last},
            "quick_tags": list(state.quick_tags),
            "seen_after_s": state.seen_after_s,  # written out so the setting can be found and edited
        }
        if state.theme:
            payload["theme"] = state.theme
        if state.last_visit:
            payload["last_visit"] = state.last_visit
        with self._mutex:
            if self.problem is not None and not self._set_aside():
                self._memory = state  # the unusable file stays untouched; this session keeps the change
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps(payload, ensure_ascii=False, indent=1))
            if not self._sane_mode(self.path):  # atomic writes keep the old mode: never keep one of 000
                with contextlib.suppress(OSError):
                    os.chmod(self.path, self.path.stat().st_mode | stat.S_IRUSR | stat.S_IWUSR)
            self._usable()

    def _set_aside(self) -> bool:
        """Copy the unusable file into backups/ and remove it (so the new one gets a normal mode, not the
        old one's 000); False when no copy could be made, and then it must not be replaced."""
        try:
            data = self.path.read_bytes()
            saved = write_backup(self.path, data, self._backups, "unreadable")
            os.unlink(self.path)
        except FileNotFoundError:
            return True
        except (OSError, PapertuiError):
            return False
        self.problem = f"{self.path.name} could not be used; it was moved to {saved} and replaced"
        return True

    @staticmethod
    def _sane_mode(path: Path) -> bool:
        with contextlib.suppress(OSError):
            return path.stat().st_mode & (stat.S_IRUSR | stat.S_IWUSR) == stat.S_IRUSR | stat.S_IWUSR
        return True

    def change(self, edit: Callable[[UIState], UIState]) -> UIState:
        """Read the file, edit the state, write it, all under the library lock; returns the new state."""
        held = self._lock.held() if self._lock is not None else contextlib.nullcontext()
        with self._mutex, held:
            state = edit(self.load())
            self.save(state)
        return state

    def update(self, **changes: object) -> UIState:
        """change() replacing the given fields."""
        return self.change(lambda state: replace(state, **changes))  # type: ignore[arg-type]

    def settle_quick_tags(self, tags_by_use: Sequence[str]) -> tuple[str, ...]:
        """The quick-tag slots for the library's tags now (assign_quick_tags), written only when they changed."""
        state = self.load()
        quick = assign_quick_tags(state.quick_tags, tags_by_use)
        known = tuple(state.quick_tags[:QUICK_SLOTS]) + ("",) * max(0, QUICK_SLOTS - len(state.quick_tags))
        # Settling is no action of the user's: it never replaces a file that cannot be read (see save()).
        if quick != known and self.problem is None:
            state = self.change(lambda s: replace(s, quick_tags=assign_quick_tags(s.quick_tags, tags_by_use)))
            quick = state.quick_tags
        return quick

    def note_visit(self, when: str) -> None:
        """Remember `when` as the app's last start; like settling quick tags, no action of the user's, so a file
        that cannot be read is never replaced for it."""
        self.load()
        if self.problem is None:
            self.update(last_visit=when)

    def save_search(self, name: str, query: str) -> UIState:
        """Add (or with an empty query, remove) one saved search, keeping every other one on disk."""

        def edit(state: UIState) -> UIState:
            saved = dict(state.saved_searches)
            if query:
                saved[name] = query
            else:
                saved.pop(name, None)
            return replace(state, saved_searches=saved)

        return self.change(edit)


def visit_time() -> str:
    """Now, in the form of Paper.added (store/catalog_rows.now), so the two compare as text."""
    return now()
