"""Changes that take papers out of the catalog or put them in (remove, and the undo of an import), kept in step
with the undo log.

Such a change is an undo entry with a "catalog" part {"kind", "batch", "ids"}: kind "remove" (the entry took
the papers out) or "add" (an import put them in). The user store is the log: the entry is written first, the
catalog follows, and `settle` makes the catalog agree with the log — the top undo entry in effect, the top
redo entry undone. Catalog steps are idempotent, so settling twice (or after a crash between the two writes)
neither duplicates nor fails. Every write runs under the library lock and settles before it starts, so only
the top entries can ever disagree with the catalog. Removed papers are kept (in the catalog's `removed` table)
until no entry can bring them back, then purged.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from papertui.errors import PapertuiError, UsageError
from papertui.store.catalog import Catalog
from papertui.store.userdata import Change, UserStore
from papertui.store.userdata_db import catalog_part_problem

REMOVE = "remove"
ADD = "add"
Part = dict[str, Any]


def new_part(kind: str, ids: Sequence[str]) -> Part:
    """The catalog part of a new undo entry, with a fresh batch id."""
    return {"kind": kind, "batch": uuid.uuid4().hex[:16], "ids": list(ids)}


def _checked(part: Any) -> tuple[str, str, list[str]]:
    problem = catalog_part_problem(part)
    if problem:
        raise PapertuiError(f"an undo entry that removes or imports papers {problem}; run `papertui doctor`")
    return part["kind"], part["batch"], part["ids"]


def _needs_move(catalog: Catalog, part: Part, in_effect: bool) -> bool:
    kind, batch, ids = _checked(part)
    if (kind == REMOVE) == in_effect:
        return catalog.any_present(ids)
    return batch in catalog.removed_batches()


def put(catalog: Catalog, part: Part, in_effect: bool) -> list[str]:
    """Make the catalog show `part` in effect (or undone); the ids whose rows moved."""
    kind, batch, ids = _checked(part)
    if (kind == REMOVE) == in_effect:
        return catalog.remove_batch(batch, ids)
    return catalog.restore_batch(batch)


def _due(user: UserStore) -> tuple[list[tuple[Part, bool]], set[str]]:
    """The parts the catalog must show (the newest of each stack: every undo entry is in effect and every redo
    entry undone, and only the newest can lag behind), and the batches some entry can still bring back."""
    undo, redo = user.catalog_parts()
    due = [(undo[-1], True)] if undo else []
    due += [(redo[-1], False)] if redo else []
    return due, {str(p.get("batch")) for p in (*undo, *redo) if type(p) is dict}


def pending(catalog: Catalog, user: UserStore) -> bool:
    """Whether the catalog lags behind the undo log (a process died between the two writes). Reads only."""
    due, keep = _due(user)
    if not due and not keep and not catalog.exists():
        return False
    return any(_needs_move(catalog, part, on) for part, on in due) or bool(catalog.removed_batches() - keep)


def settle(catalog: Catalog, user: UserStore) -> list[str]:
    """Make the catalog agree with the undo log and purge what no entry can bring back; the ids that moved.
    Call under the library lock. Writes nothing when they agree."""
    due, keep = _due(user)
    moved: list[str] = []
    for part, in_effect in due:
        if _needs_move(catalog, part, in_effect):
            moved += put(catalog, part, in_effect)
    if catalog.removed_batches() - keep:
        catalog.purge_batches(keep)
    return moved


def remove(catalog: Catalog, user: UserStore, pids: Sequence[str]) -> Change:
    """Take papers out: log the removal (their records go into the entry and are cleared), then move their rows
    aside. Unknown ids: UsageError, nothing removed. Call under the library lock, settled."""
    if not pids:
        raise UsageError("no paper given to remove")
    papers = catalog.get_many(pids)
    missing = [pid for pid in pids if pid not in papers]
    if missing:
        raise UsageError(f"no paper with id {missing[0]!r}; nothing was removed")
    titles = "; ".join(papers[pid].title for pid in pids[:3]) + ("; …" if len(pids) > 3 else "")
    n = len(pids)
    description = f"removed {n} paper{'' if n == 1 else 's'}: {titles}"
    part = new_part(REMOVE, pids)
    logged = user.log_catalog_change("remove", description, pids, part)
    # Directly too, not only by settling: with the undo log turned off there is no entry to settle.
    catalog.remove_batch(part["batch"], pids)
    return Change("remove", description, tuple(pids), logged.rev)


def before_import(catalog: Catalog, user: UserStore) -> str | None:
    """Settle, and drop a redo stack that could take papers out: an import is logged only once merged, and a
    crash in between must not leave a redo entry that would remove papers it re-imported. Call under the
    library lock. The reason the import cannot be undone (an unreadable user store), or None."""
    try:
        settle(catalog, user)
        if user.catalog_parts()[1]:
            user.drop_redo()
    except PapertuiError as exc:
        return str(exc)
    return None


def log_import(catalog: Catalog, user: UserStore, source: str, new_ids: Sequence[str]) -> str | None:
    """Log a merged import's new papers as one undo entry; the reason it could not be logged, or None."""
    n = len(new_ids)
    try:
        user.log_catalog_change(
            "import", f"import of {source}: {n} new paper{'' if n == 1 else 's'}", (), new_part(ADD, new_ids)
        )
        settle(catalog, user)
    except PapertuiError as exc:
        return str(exc)
    return None
