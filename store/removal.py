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

from papertui.errors import PapertuiError
from papertui.store.catalog import Catalog
from papertui.store.userdata import UserStore

REMOVE = "remove"
ADD = "add"
Part = dict[str, Any]


def new_part(kind: str, ids: Sequence[str]) -> Part:
    """The catalog part of a new undo entry, with a fresh batch id."""
    return {"kind": kind, "batch": uuid.uuid4().hex[:16], "ids": list(ids)}


def _checked(part: Any) -> tuple[str, str, list[str]]:
    ok = (
        type(part) is dict
        and part.get("kind") in (REMOVE, ADD)
        and type(part.get("batch")) is str
        and type(part.get("ids")) is list
        and all(type(i) is str for i in part["ids"])
    )
    if not ok:
        raise PapertuiError("an undo entry that removes or imports papers is malformed; run `papertui doctor`")
    return part["kind"], part["batch"], part["ids"]


def put(catalog: Catalog, part: Part, in_effect: bool) -> list[str]:
    """Make the catalog show `part` in effect (or undone); the ids whose rows moved."""
    kind, batch, ids = _checked(part)
    if (kind == REMOVE) == in_effect:
        return catalog.remove_batch(batch, ids)
    return catalog.restore_batch(batch)


def settle(catalog: Catalog, user: UserStore) -> list[str]:
    """Make the catalog agree with the undo log and purge what no entry can bring back; the ids that moved.
    Call under the library lock. Costs nothing while no entry removes or imports papers."""
    undo, redo = user.catalog_parts()
    moved: list[str] = []
    # Every undo entry is in effect and every redo entry undone; only the newest of each can lag behind.
    if undo:
        moved += put(catalog, undo[-1], in_effect=True)
    if redo:
        moved += put(catalog, redo[-1], in_effect=False)
    keep = {str(p.get("batch")) for p in (*undo, *redo) if type(p) is dict}
    if catalog.removed_batches() - keep:
        catalog.purge_batches(keep)
    return moved
