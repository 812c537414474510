"""Health check of the user-data file for `papertui doctor`: reads only, reports every problem it finds."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from papertui.errors import PapertuiError, UsageError
from papertui.model import TRIAGE_STATES
from papertui.store.tags import clean_tag, tag_key
from papertui.store.tinydb_storage import Tables, read_file_bytes
from papertui.store.userdata_backup import stray_temp_files
from papertui.store.userdata_db import META_ID, RECORDS, UserDB, compact, load_tables, record_items, shard_of

MAX_REPORTED = 20
_TEXT_FIELDS = ("note", "note_created", "note_updated", "seen")


def check_file(path: Path) -> list[str]:
    problems: list[str] = []
    try:
        got = read_file_bytes(path)
        if got is None:
            return [f"{tmp}: left by an interrupted write (harmless)" for tmp in stray_temp_files(path)]
        tables, _ = load_tables(path, got[0])
    except PapertuiError as err:
        return [str(err)]
    if not os.access(path, os.W_OK):
        problems.append(f"{path}: not writable (permission denied); papertui cannot save changes")
    problems += _check_records(tables)
    problems += _check_log(tables)
    problems += [
        f"{tmp}: left by an interrupted write (harmless; removed on the next change)" for tmp in stray_temp_files(path)
    ]
    if len(problems) > MAX_REPORTED:
        problems = [*problems[:MAX_REPORTED], f"... and {len(problems) - MAX_REPORTED} more problems"]
    return problems


def _record_problems(pid: str, raw: Any) -> list[str]:
    if not isinstance(raw, dict):
        return [f"paper {pid}: record is not an object"]
    out = []
    unknown = set(raw) - {"tags", "triage", "rev", *_TEXT_FIELDS}
    if unknown:
        out.append(f"paper {pid}: unknown fields {sorted(unknown)}")
    if type(raw.get("rev", 0)) is not int:
        out.append(f"paper {pid}: rev is not a number")
    tags = raw.get("tags", [])
    if not isinstance(tags, list):
        out.append(f"paper {pid}: tags is not a list")
    else:
        keys = set()
        for tag in tags:
            try:
                if clean_tag(tag) != tag:
                    out.append(f"paper {pid}: tag {tag!r} has surrounding spaces or odd Unicode")
            except UsageError as err:
                out.append(f"paper {pid}: {err}")
                continue
            if tag_key(tag) in keys:
                out.append(f'paper {pid}: tag "{tag}" appears twice')
            keys.add(tag_key(tag))
    if raw.get("triage", "unseen") not in TRIAGE_STATES:
        out.append(f"paper {pid}: unknown triage state {raw.get('triage')!r}")
    for field in _TEXT_FIELDS:
        if field in raw and not isinstance(raw[field], str | None):
            out.append(f"paper {pid}: {field} is not text")
    return out


def _check_records(tables: Tables) -> list[str]:
    out: list[str] = []
    rev = tables["meta"][str(META_ID)]["rev"]
    spellings: dict[str, set[str]] = {}
    seen: set[str] = set()
    for name, table in tables.items():
        if name.startswith(RECORDS):
            out += [
                f"paper {pid}: stored in table {name}, not {shard_of(pid)}" for pid in table if shard_of(pid) != name
            ]
    for pid, raw in record_items(tables):
        if pid in seen:
            out.append(f"paper {pid}: stored twice")
        seen.add(pid)
        out += _record_problems(pid, raw)
        if not isinstance(raw, dict):
            continue
        if isinstance(raw.get("rev"), int) and raw["rev"] > rev:
            out.append(f"paper {pid}: changed at revision {raw['rev']}, after the file's revision {rev}")
        tags = raw.get("tags", [])
        for tag in tags if isinstance(tags, list) else []:
            if isinstance(tag, str):
                spellings.setdefault(tag_key(tag), set()).add(tag)
    for names in spellings.values():
        if len(names) > 1:
            out.append(f"tag spelled differently on different papers: {', '.join(sorted(names))}")
    return out


def _check_log(tables: Tables) -> list[str]:
    out: list[str] = []
    for name in ("undo", "redo"):
        for doc_id, entry in tables.get(name, {}).items():
            where = f"{name} entry {doc_id}"
            if not isinstance(entry, dict) or not isinstance(entry.get("description"), str):
                out.append(f"{where}: malformed")
                continue
            before, after = entry.get("before"), entry.get("after")
            if not isinstance(before, dict) or not isinstance(after, dict) or set(before) != set(after):
                out.append(f"{where}: before/after snapshots do not match")
                continue
            for pid, snap in [*before.items(), *after.items()]:
                out += [f"{where}: {p}" for p in _record_problems(pid, snap)]
    undo = tables.get("undo", {})
    if undo and not out:
        top = undo[max(undo, key=int)]
        records = dict(record_items(tables))
        watch_differs = "watch" in top and UserDB(tables, writable=False).watch_raw() != top["watch"]["after"]
        if watch_differs or any(compact(records.get(pid, {})) != snap for pid, snap in top["after"].items()):
            out.append(
                "the records differ from the last undo step (edited outside papertui?); "
                "undo would overwrite those edits"
            )
    return out
