"""What the app remembers between runs that is not library data: saved searches and the triage position.

It lives in its own small JSON file in the library directory (LibraryPaths.tui_state), written atomically. It is a
convenience: a missing or unreadable file simply means "nothing remembered yet", never an error.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from papertui.store.atomic import atomic_write_text


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


@dataclass(frozen=True)
class UIState:
    saved_searches: dict[str, str] = field(default_factory=dict)
    """name -> query, in the order they were saved."""
    triage: TriagePosition = TriagePosition()


class UIStateFile:
    """Loads and saves UIState for one library directory. Safe to call from worker threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._mutex = threading.RLock()

    def load(self) -> UIState:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return UIState()
        if not isinstance(raw, dict):
            return UIState()
        searches = raw.get("saved_searches")
        searches = searches if isinstance(searches, dict) else {}
        triage = raw.get("triage")
        triage = triage if isinstance(triage, dict) else {}
        order = triage.get("order")
        order = order if isinstance(order, list) else []
        last = triage.get("last")
        return UIState(
            saved_searches={str(k): str(v) for k, v in searches.items() if str(k)},
            triage=TriagePosition(
                order=tuple(str(i) for i in order),
                last=str(last) if isinstance(last, str) else None,
            ),
        )

    def save(self, state: UIState) -> None:
        payload = {
            "saved_searches": state.saved_searches,
            "triage": {"order": list(state.triage.order), "last": state.triage.last},
        }
        with self._mutex:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps(payload, ensure_ascii=False, indent=1))

    def update(self, **changes: object) -> UIState:
        """Load, replace the given fields, save; returns the new state."""
        with self._mutex:
            state = replace(self.load(), **changes)  # type: ignore[arg-type]
            self.save(state)
        return state
