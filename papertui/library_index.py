"""How the library keeps its search index in step with the two stores it is built from.

The index is a cache of catalog + user data. Each records the revisions of both it was last synced to; on open
it is checked against them and caught up (only the papers changed since), or rebuilt when missing, corrupt or
newer than the stores (a catalog restored from a backup).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from papertui.index.records import IndexDoc
from papertui.store.catalog import Catalog
from papertui.store.userdata import UserStore

if TYPE_CHECKING:
    from papertui.index.engine import PaperIndex

Progress = Callable[[int, int], None]


def open_index(folder: Path) -> PaperIndex:
    # Whoosh is imported here, on first use of the index, not with the library: the app's first paint needs
    # the catalog only, and Whoosh's modules take ~0.1 s to import.
    from papertui.index.engine import PaperIndex

    return PaperIndex(folder)


def index_behind(reason: object) -> str:
    return f"saved, but the search index could not be updated now ({reason}); it will catch up"


def health(index: PaperIndex, catalog: Catalog) -> str:
    """ "ok", or why the index must be rebuilt: "missing", "corrupt", "outdated" (index/engine.py) or "stale"
    (it records more than the catalog holds, or a catalog revision the catalog has not reached)."""
    state = index.state()
    if state != "ok":
        return state
    cat_rev, _ = index.synced_revs()
    # Papers removed since the index was synced are still in it until the catch-up deletes them.
    expected = catalog.count() + len(catalog.removed_since(cat_rev))
    if catalog.rev() < cat_rev or index.doc_count() > expected:
        return "stale"
    return "ok"


def catch_up(index: PaperIndex, catalog: Catalog, user: UserStore) -> None:
    """Mirror every change the index has not seen yet (ours, or another process's) into it.

    Safe with or without the library lock: the revisions are read before the papers, so what the index records
    never claims more than it holds.
    """
    cat_rev, user_rev = index.synced_revs()
    cat_now, user_now = catalog.rev(), user.rev()
    if cat_now == cat_rev and user_now == user_rev:
        return
    ids: set[str] = set()
    removed: list[str] = []
    if cat_now != cat_rev:  # a tag write leaves the catalog alone: no scan of its 100k rows then
        ids.update(p.id for p in catalog.iter_papers(since_rev=cat_rev))
        removed = catalog.removed_since(cat_rev)
    if user_now != user_rev:
        ids.update(r.paper_id for r in user.changed_since(user_rev))
    index.update(docs(catalog, user, sorted(ids)), catalog_rev=cat_now, user_rev=user_now, removed=removed)


def rebuild_into(target: PaperIndex, catalog: Catalog, user: UserStore, progress: Progress | None) -> int:
    """Rebuild `target` from the stores; returns the number of papers indexed."""
    # Revisions first: the index must never record more than it was built from.
    catalog_rev, user_rev = catalog.rev(), user.rev()
    records = user.records()
    total = catalog.count()
    papers = (IndexDoc(p, records.get(p.id)) for p in catalog.iter_papers())
    target.rebuild(papers, total=total, progress=progress, catalog_rev=catalog_rev, user_rev=user_rev)
    return total


def docs(catalog: Catalog, user: UserStore, ids: Sequence[str]) -> list[IndexDoc]:
    papers = catalog.get_many(ids)
    records = user.get_many(papers)
    return [IndexDoc(papers[i], records.get(i)) for i in ids if i in papers]
