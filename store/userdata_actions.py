"""The user's actions on the user store as plans: what each one changes, how it is described, and what it says
when nothing changes. UserStore runs a plan in a transaction (store/userdata.py), with its undo entry.

Arguments are checked when the action is asked for, before the library lock is taken; the plan itself runs on
the freshly read file, under the lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from papertui.errors import UsageError
from papertui.model import TRIAGE_STATES
from papertui.store import notes
from papertui.store import tags as tagrules
from papertui.store.userdata_db import Snap, UserDB, compact

Plan = Callable[[UserDB], tuple[dict[str, Snap], Callable[[int], str]]]
"""The records an action writes (by paper id) and its description, given how many papers it changed."""
Action = tuple[str, Plan, str]
"""(action name for the undo log, plan, description when nothing changes)."""
TagNames = Callable[[UserDB, Iterable[str]], dict[str, str]]
"""The library's display spelling of tags (by key) where they are in use (UserStore caches it)."""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _papers(n: int) -> str:
    return f"{n} paper" if n == 1 else f"{n} papers"


def _quoted(tags: Iterable[str]) -> str:
    return ", ".join(f'"{t}"' for t in tags)


def clean_ids(ids: Sequence[str]) -> list[str]:
    if isinstance(ids, str):
        ids = [ids]
    out = list(dict.fromkeys(ids))
    if not out:
        raise UsageError("no paper given")
    for pid in out:
        if not isinstance(pid, str) or not pid.strip():
            raise UsageError(f"{pid!r} is not a paper id")
    return out


def _clean_note(text: str) -> str:
    if not isinstance(text, str):
        raise UsageError("a note must be text")
    # Editors add trailing newlines and Windows line ends; neither is part of what the user wrote.
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip().lstrip("\n")


def tag(ids: Sequence[str], tags: Sequence[str], tag_names: TagNames) -> Action:
    pids, wanted = clean_ids(ids), tagrules.clean_tags(tags)

    def plan(db: UserDB) -> tuple[dict[str, Snap], Callable[[int], str]]:
        names = tag_names(db, wanted)
        shown = [names.get(tagrules.tag_key(t), t) for t in wanted]
        after = {}
        for pid in pids:
            snap = db.snap(pid)
            snap["tags"] = tagrules.with_tags(snap.get("tags", []), shown)
            after[pid] = snap
        return after, lambda n: f"tagged {_papers(n)} {_quoted(shown)}"

    return "tag", plan, f"nothing to change: already tagged {_quoted(wanted)}"


def untag(ids: Sequence[str], tags: Sequence[str], tag_names: TagNames) -> Action:
    pids, unwanted = clean_ids(ids), tagrules.clean_tags(tags)

    def plan(db: UserDB) -> tuple[dict[str, Snap], Callable[[int], str]]:
        names = tag_names(db, unwanted)
        shown = [names.get(tagrules.tag_key(t), t) for t in unwanted]
        after = {}
        for pid in pids:
            snap = db.snap(pid)
            snap["tags"] = tagrules.without_tags(snap.get("tags", []), unwanted)
            after[pid] = snap
        return after, lambda n: f"untagged {_papers(n)} {_quoted(shown)}"

    return "untag", plan, f"nothing to change: not tagged {_quoted(unwanted)}"


def rename_tag(old: str, new: str, tag_names: TagNames) -> Action:
    """Rename OLD to NEW on every paper; if NEW already exists (any case) the two tags merge into it."""
    old_c, new_c = tagrules.clean_tag(old), tagrules.clean_tag(new)
    old_key, new_key = tagrules.tag_key(old_c), tagrules.tag_key(new_c)

    def plan(db: UserDB) -> tuple[dict[str, Snap], Callable[[int], str]]:
        raws = list(db.iter_raw())
        names = tag_names(db, [old_c, new_c])
        if old_key not in names:
            raise UsageError(f'no paper is tagged "{old_c}"')
        merge = new_key in names and new_key != old_key
        # A case-only rename respells the tag; otherwise an existing NEW keeps its library-wide spelling.
        new_name = names[new_key] if merge else new_c
        after = {}
        for pid, raw in raws:
            tags = raw.get("tags", [])
            if any(tagrules.tag_key(t) == old_key for t in tags):
                snap = compact(raw)
                snap["tags"] = tagrules.renamed(tags, old_key, new_name)
                after[pid] = snap
        verb = "merged tag {} into {}" if merge else "renamed tag {} to {}"
        text = verb.format(_quoted([names[old_key]]), _quoted([new_name]))
        return after, lambda n: f"{text} ({_papers(n)})"

    return "rename", plan, f'nothing to change: the tag is already "{new_c}"'


def delete_tag(tag: str, tag_names: TagNames) -> Action:
    """Remove TAG from every paper."""
    tag_c = tagrules.clean_tag(tag)
    key = tagrules.tag_key(tag_c)

    def plan(db: UserDB) -> tuple[dict[str, Snap], Callable[[int], str]]:
        raws = list(db.iter_raw())
        names = tag_names(db, [tag_c])
        if key not in names:
            raise UsageError(f'no paper is tagged "{tag_c}"')
        after = {}
        for pid, raw in raws:
            tags = raw.get("tags", [])
            if any(tagrules.tag_key(t) == key for t in tags):
                snap = compact(raw)
                snap["tags"] = tagrules.without_tags(tags, [tag_c])
                after[pid] = snap
        return after, lambda n: f"deleted tag {_quoted([names[key]])} from {_papers(n)}"

    return "delete-tag", plan, "nothing to change"


def set_note(paper_id: str, text: str, *, base: str | None = None) -> Action:
    """Set the paper's Markdown note; an empty (or blank) text deletes it.

    `base` is the note the editor started from. When the stored note has changed since (another window,
    `papertui note`), neither text is dropped: the other one is kept below a marker, and the description
    says so. Without `base` the text replaces the note (an explicit `papertui note ID TEXT`).
    """
    (pid,) = clean_ids([paper_id])
    mine = _clean_note(text)
    started = None if base is None else _clean_note(base)

    def plan(db: UserDB) -> tuple[dict[str, Snap], Callable[[int], str]]:
        snap = db.snap(pid)
        stored = snap.get("note", "")
        if started is not None and stored not in (started, "", mine):
            both = notes.keep_both(mine, stored, snap.get("note_updated"))
            return _note_plan(pid, snap, both), lambda n: f"kept both texts of the note of {pid}: {notes.WHY}"
        if not mine:
            for field in ("note", "note_created", "note_updated"):
                snap.pop(field, None)
            return {pid: snap}, lambda n: f"deleted the note of {pid}"
        if started is None and stored and stored != mine:
            # An explicit `papertui note ID TEXT` replaces whatever is there, but never silently.
            return _note_plan(pid, snap, mine), lambda n: f"{notes.REPLACED} {pid}"
        verb = "edited the note of" if stored else "added a note to"
        return _note_plan(pid, snap, mine), lambda n: f"{verb} {pid}"

    return "note", plan, f"nothing to change: the note of {pid} is the same"


def _note_plan(pid: str, snap: Snap, note: str) -> dict[str, Snap]:
    if snap.get("note") != note:
        now = utc_now()
        snap["note"] = note
        snap["note_created"] = snap.get("note_created") or now
        snap["note_updated"] = now
    return {pid: snap}


def set_triage(ids: Sequence[str], state: str) -> Action:
    """Mark papers kept / skipped / unseen; the first kept-or-skipped stamps `seen`."""
    pids = clean_ids(ids)
    if state not in TRIAGE_STATES:
        raise UsageError(f'unknown triage state "{state}"; use one of: {", ".join(TRIAGE_STATES)}')

    def plan(db: UserDB) -> tuple[dict[str, Snap], Callable[[int], str]]:
        now = utc_now()
        after = {}
        for pid in pids:
            snap = db.snap(pid)
            snap["triage"] = state
            if state != "unseen" and not snap.get("seen"):
                snap["seen"] = now
            after[pid] = snap
        return after, lambda n: f"marked {_papers(n)} {state}"

    return "triage", plan, f"nothing to change: already {state}"
