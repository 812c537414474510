"""The undo/redo log: applying a change, stepping back and forth, and keeping the log bounded.

Every change is stored as whole-record snapshots of the papers it touched, before and after (and a change of the
watch list as the whole list before and after). Because the
log is a single library-wide stack kept in the same file (and written in the same atomic write) as the
records, the records of the top undo entry always equal its "after" and undo can simply restore "before" —
in any process, after any restart.
"""

from __future__ import annotations

from dataclasses import dataclass

from papertui.errors import PapertuiError
from papertui.store.userdata_db import Snap, UserDB, snap_problem, watch_part_problem

UNDO = "undo"
REDO = "redo"
# Besides the entry count, the log is bounded by the number of record snapshots it holds and by the note text in
# them: a handful of library-wide renames, or fifty saves of a long note, must not make every later write rewrite
# megabytes of history (50 saves of a 0.9 MB note once made the file 94 MB and a tag take 0.8 s).
MAX_LOGGED_RECORDS = 20_000
MAX_LOGGED_TEXT = 2_000_000
"""Characters of note text the undo log keeps, over all its entries; the newest entry always stays whole."""


@dataclass(frozen=True, slots=True)
class Applied:
    """What a transaction did: the papers whose record changed and the revision after it (none = no-op)."""

    paper_ids: tuple[str, ...]
    rev: int


def apply_change(
    db: UserDB,
    action: str,
    description: str,
    after: dict[str, Snap],
    limit: int,
    catalog: Snap | None = None,
    origin: str | None = None,
    watch: list[Snap] | None = None,
) -> Applied:
    """Write the records in `after` (and the watch list `watch`, when given) as one revision and log it;
    records that stay the same are skipped.

    A change that changes nothing writes nothing and logs nothing (the redo stack survives it too) — unless it
    carries a `catalog` part (papers removed or imported, store/removal.py), which is logged even when no
    record changes: undoing it is what brings the papers back.
    """
    before = {pid: db.snap(pid) for pid in after}
    changed = {pid: snap for pid, snap in after.items() if snap != before[pid]}
    watched = db.watch_raw()
    watch_part = {"before": watched, "after": watch} if watch is not None and watch != watched else None
    if not changed and catalog is None and watch_part is None:
        return Applied((), db.rev)
    rev = db.rev + 1
    db.put_snaps(changed, rev)
    if watch_part is not None:
        db.set_watch_raw(watch_part["after"])
    db.set_rev(rev)
    db.clear(REDO)
    if limit > 0:
        entry = {
            "action": action,
            "description": description,
            "before": {pid: before[pid] for pid in changed},
            "after": changed,
        }
        if catalog is not None:
            entry["catalog"] = catalog
        if watch_part is not None:
            entry["watch"] = watch_part
        if origin is not None:
            entry["origin"] = origin  # the app window that made it: its `u` undoes only its own steps
        db.push(UNDO, entry)
        trim(db, limit)
    return Applied(tuple(changed), rev)


def trim(db: UserDB, limit: int) -> None:
    """Keep at most `limit` undo entries, MAX_LOGGED_RECORDS snapshots and MAX_LOGGED_TEXT characters of notes
    (the newest entry always stays)."""
    sizes = db.stack_sizes(UNDO)
    texts = db.stack_text_sizes(UNDO)
    excess = max(0, len(sizes) - limit)
    total, text = sum(sizes[excess:]), sum(texts[excess:])
    for size, chars in zip(sizes[excess:-1], texts[excess:-1], strict=True):
        if total <= MAX_LOGGED_RECORDS and text <= MAX_LOGGED_TEXT:
            break
        total -= size
        text -= chars
        excess += 1
    db.drop_oldest(UNDO, excess)


def step(db: UserDB, backwards: bool, limit: int, origin: str | None = None) -> tuple[Snap, Applied] | None:
    """Undo (backwards) or redo the top entry: restore its snapshots as a new revision and move it across.

    With `origin` (an app window), the newest entry that window made, even below other windows' steps, as long
    as none of those touched the same papers (its undo would silently revert them) and it moves no papers in
    or out of the catalog (those must stay in stack order, store/removal.py); otherwise PapertuiError says why.
    """
    source, target, side = (UNDO, REDO, "before") if backwards else (REDO, UNDO, "after")
    entry = db.pop(source) if origin is None else _take_own(db, source, origin, backwards)
    if entry is None:
        return None
    snaps: dict[str, Snap] = entry.get(side, {})
    for pid, snap in snaps.items():
        problem = snap_problem(snap)
        if problem:
            # Nothing is written: the caller's transaction is abandoned with this error.
            raise PapertuiError(
                f"cannot {'undo' if backwards else 'redo'}: the saved state of paper {pid} {problem}; "
                "run `papertui doctor`"
            )
    watch = entry.get("watch")
    if watch is not None and watch_part_problem(watch):
        raise PapertuiError(
            f"cannot {'undo' if backwards else 'redo'}: the saved watch list is damaged; run `papertui doctor`"
        )
    rev = db.rev + 1
    db.put_snaps(snaps, rev)
    if watch is not None:
        db.set_watch_raw(watch[side])
    db.set_rev(rev)
    db.push(target, entry)
    if target == UNDO:
        trim(db, limit)
    return entry, Applied(tuple(snaps), rev)


def _take_own(db: UserDB, source: str, origin: str, backwards: bool) -> Snap | None:
    found = db.newest_of(source, origin)
    if found is None:
        return None
    doc_id, entry, above = found
    verb = "undo" if backwards else "redo"
    if above:
        mine = set(entry.get("after", {}))
        for other in above:
            shared = mine & set(other.get("after", {}))
            if shared:
                raise PapertuiError(
                    f"cannot {verb} {entry.get('description', 'that')!r} from this window: paper "
                    f"{sorted(shared)[0]} was changed since elsewhere ({other.get('description', '?')}); "
                    f"`papertui {verb}` works library-wide"
                )
            if "watch" in entry and "watch" in other:
                raise PapertuiError(
                    f"cannot {verb} {entry.get('description', 'that')!r} from this window: the watch list was "
                    f"changed since elsewhere ({other.get('description', '?')}); `papertui {verb}` works library-wide"
                )
        if "catalog" in entry:
            raise PapertuiError(
                f"cannot {verb} {entry.get('description', 'that')!r} from this window: the library was changed "
                f"since elsewhere; `papertui {verb}` works library-wide"
            )
    db.take(source, doc_id)
    return entry
