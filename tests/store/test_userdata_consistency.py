"""Long random sessions agree with a simple model of the rules, in memory and after reopening the file."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from papertui.errors import UsageError
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore

PAPERS = [f"p{i}" for i in range(6)]
TAGS = ["ML", "ml", "Vision", "vision", "Σ-net", "σ-NET", "to read", "x"]
Model = dict[str, dict]


def open_store(home: Path) -> UserStore:
    return UserStore(home / "userdata.json", LibraryLock(home / ".lock"), backups_dir=home / "backups")


def names(model: Model) -> dict[str, str]:
    return {t.casefold(): t for rec in model.values() for t in rec["tags"]}


def apply(model: Model, op: tuple) -> Model:
    """The expected state after `op` (raises UsageError where the store must refuse)."""
    new = copy.deepcopy(model)
    kind, *args = op
    known = names(model)
    if kind == "tag":
        ids, tags = args
        for pid in ids:
            rec = new.setdefault(pid, {"tags": set(), "note": "", "triage": "unseen"})
            for tag in tags:
                if tag.casefold() not in {t.casefold() for t in rec["tags"]}:
                    rec["tags"].add(known.get(tag.casefold(), tag))
    elif kind == "untag":
        ids, tags = args
        drop = {t.casefold() for t in tags}
        for pid in ids:
            if pid in new:
                new[pid]["tags"] = {t for t in new[pid]["tags"] if t.casefold() not in drop}
    elif kind in ("rename", "delete"):
        old = args[0].casefold()
        if old not in known:
            raise UsageError("unknown tag")
        for rec in new.values():
            if any(t.casefold() == old for t in rec["tags"]):
                rec["tags"] = {t for t in rec["tags"] if t.casefold() != old}
                if kind == "rename":
                    target = args[1]
                    merge = target.casefold() in known and target.casefold() != old
                    target = known[target.casefold()] if merge else target
                    rec["tags"] = {t for t in rec["tags"] if t.casefold() != target.casefold()} | {target}
    elif kind == "note":
        pid, text = args
        new.setdefault(pid, {"tags": set(), "note": "", "triage": "unseen"})["note"] = text
    elif kind == "triage":
        ids, state = args
        for pid in ids:
            rec = new.setdefault(pid, {"tags": set(), "note": "", "triage": "unseen"})
            rec["triage"] = state
            if state != "unseen":
                rec["seen"] = True  # the first triage is remembered even after going back to unseen
    return {pid: rec for pid, rec in new.items() if rec["tags"] or rec["note"] or rec.get("seen")}


def observed(store: UserStore) -> Model:
    found: Model = {}
    for pid, r in store.records().items():
        found[pid] = {"tags": set(r.tags), "note": r.note, "triage": r.triage}
        if r.seen:
            found[pid]["seen"] = True
    return found


def run(store: UserStore, op: tuple) -> None:
    kind, *args = op
    {
        "tag": store.tag,
        "untag": store.untag,
        "rename": store.rename_tag,
        "delete": store.delete_tag,
        "note": store.set_note,
        "triage": store.set_triage,
    }[kind](*args)


def random_op(rng: random.Random) -> tuple:
    ids = rng.sample(PAPERS, rng.randint(1, 3))
    kind = rng.choice(["tag", "tag", "tag", "untag", "rename", "delete", "note", "triage", "undo", "redo"])
    if kind in ("tag", "untag"):
        return (kind, ids, rng.sample(TAGS, rng.randint(1, 2)))
    if kind == "rename":
        return (kind, rng.choice(TAGS), rng.choice([*TAGS, "brand new"]))
    if kind == "delete":
        return (kind, rng.choice(TAGS))
    if kind == "note":
        return (kind, ids[0], rng.choice(["", "idea", "# Σ notes\n\nline two"]))
    if kind == "triage":
        return (kind, ids, rng.choice(["kept", "skipped", "unseen"]))
    return (kind,)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_random_session_matches_the_model_and_survives_reopening(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = open_store(tmp_path)
    model: Model = {}
    undo: list[Model] = []
    redo: list[Model] = []
    for step in range(150):
        op = random_op(rng)
        if op[0] in ("undo", "redo"):
            source, target = (undo, redo) if op[0] == "undo" else (redo, undo)
            change = store.undo() if op[0] == "undo" else store.redo()
            assert (change is None) == (not source)
            if source:
                target.append(model)
                model = source.pop()
        else:
            try:
                expected = apply(model, op)
            except UsageError:
                with pytest.raises(UsageError):
                    run(store, op)
                continue
            run(store, op)
            if expected != model:
                undo.append(model)
                redo.clear()
                model = expected
        assert observed(store) == model, f"step {step}: {op}"
        if step % 25 == 0:
            assert observed(open_store(tmp_path)) == model
    assert observed(open_store(tmp_path)) == model
    assert open_store(tmp_path).check() == []
