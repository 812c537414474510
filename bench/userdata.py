"""A realistic user-data file for the benchmark, written directly (thousands of tag commands would take minutes).

5,000 records by default: tags on every record (queries.TAGS, the first ones most used), triage on half, a note
on a tenth, and a full undo log — the size at which a tag write was measured (~9 ms in a long-lived process).
"""

from __future__ import annotations

import random
from pathlib import Path

from queries import TAGS

from papertui.store.tinydb_storage import AtomicJSONStorage
from papertui.store.userdata_db import empty_tables, shard_of


def write_user_data(path: Path, ids: list[str], records: int = 5000, undo_entries: int = 500, seed: int = 3) -> int:
    """Tags, triage and notes for `records` of `ids` (seeded choice); returns the user-data revision written."""
    rng = random.Random(seed)
    chosen = rng.sample(ids, min(records, len(ids)))
    tables = empty_tables()
    for n, pid in enumerate(chosen):
        # Zipf-like tag use: "reading" on most records, the last tags on a few.
        tags = sorted({TAGS[min(int(rng.paretovariate(1.2)) - 1, len(TAGS) - 1)] for _ in range(rng.randint(1, 3))})
        raw: dict = {"tags": tags, "rev": n + 1}
        if n % 2:
            raw |= {"triage": "kept" if n % 4 == 1 else "skipped", "seen": "2024-09-01T10:00:00Z"}
        if n % 10 == 0:
            raw |= {"note": f"Notes on {pid}: " + "worth reading again for the ablation. " * 6}
            raw |= {"note_created": "2024-09-01T10:00:00Z", "note_updated": "2024-09-02T10:00:00Z"}
        tables.setdefault(shard_of(pid), {})[pid] = raw
    for k in range(1, min(undo_entries, len(chosen) - 1) + 1):
        pid = chosen[k]
        after = {key: v for key, v in tables[shard_of(pid)][pid].items() if key != "rev"}
        before = {**after, "tags": after["tags"][:1]}
        entry = {"action": "tag", "description": f'tagged 1 paper "{after["tags"][-1]}"', "before": {pid: before}}
        tables["undo"][str(k)] = entry | {"after": {pid: after}}
    rev = len(chosen)
    tables["meta"]["1"]["rev"] = rev
    AtomicJSONStorage(path).write(tables)
    return rev
