"""Note drafts: the text of a note being edited, kept on disk until its save is acknowledged.

A closed terminal (SIGHUP from tmux or ssh), a SIGTERM or a crash must not take typed text with it. The editor
writes its text here every few seconds and on those signals; the next start offers each draft back. A draft
holds the note it started from, so saving it later still keeps a note changed elsewhere meanwhile (notes.py).
Drafts are written atomically, one small JSON file per paper, and never count as the user's saved data.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from papertui.store.atomic import atomic_write_text

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True, slots=True)
class Draft:
    paper_id: str
    text: str
    base: str | None
    """The stored note when the editor started (None: unknown)."""
    written: str


class DraftFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _file(self, paper_id: str) -> Path:
        return self.folder / f"{_UNSAFE.sub('_', paper_id)}.json"

    def write(self, paper_id: str, text: str, base: str | None) -> None:
        """Keep `text` (raises PapertuiError on a full disk or a read-only folder, like every write)."""
        when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        payload = {"paper_id": paper_id, "text": text, "base": base, "written": when}
        atomic_write_text(self._file(paper_id), json.dumps(payload, ensure_ascii=False))

    def discard(self, paper_id: str, text: str | None = None) -> None:
        """Drop the draft; with `text`, only if that is still its text (a newer draft stays)."""
        path = self._file(paper_id)
        if text is not None:
            try:
                if json.loads(path.read_text(encoding="utf-8")).get("text") != text:
                    return
            except (OSError, ValueError, AttributeError):
                return
        with contextlib.suppress(OSError):
            path.unlink()

    def all(self) -> list[Draft]:
        """Every readable draft, oldest first; a file that cannot be read is left where it is."""
        try:
            files = sorted(self.folder.glob("*.json"))
        except OSError:
            return []
        out = []
        for path in files:
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                draft = Draft(str(raw["paper_id"]), str(raw["text"]), raw.get("base"), str(raw.get("written", "")))
            except (OSError, ValueError, KeyError, TypeError):
                continue
            out.append(draft)
        return sorted(out, key=lambda d: d.written)
