"""Two edits of one note that met: neither text is dropped.

An editor (the app's, or `papertui note --edit`) saves with the text it started from. If the stored note changed
meanwhile (another window, a `papertui note` in a shell), the saved note is the editor's text followed by the
other text below a marker that says what happened; the user merges them by hand, at leisure.
"""

from __future__ import annotations

MARKER = "papertui: this note was also changed elsewhere while you edited it"
WHY = "it was changed elsewhere while you edited; the other text is below a marker"
REPLACED = "replaced the note of"
UNDO_HINT = "(the old text is one `papertui undo` away)"


def keep_both(mine: str, theirs: str, their_time: str | None) -> str:
    """`mine` first (what the user just wrote), then `theirs` under a marker (Markdown, visible in any viewer)."""
    when = f" (saved {their_time})" if their_time else ""
    header = f"---\n> **{MARKER}{when}. Both texts are kept; the other one follows.**"
    return f"{mine}\n\n{header}\n\n{theirs}" if mine else f"{header}\n\n{theirs}"


def has_conflict(note: str) -> bool:
    return MARKER in note
