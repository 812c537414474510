"""Several processes, crashes and load: no acknowledged write is ever lost, the file is always readable,
and a tag write stays fast with a realistic library."""

from __future__ import annotations

import multiprocessing
import os
import random
import runpy
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore

# Run in a separate interpreter (spawned, or as a script): tags one paper per operation and prints each
# tag only after tag() has returned, i.e. after the store acknowledged the write.
WORKER = """
import os, sys, time
from pathlib import Path
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore

def run(home, prefix, count, papers):
    home = Path(home)
    store = UserStore(home / "userdata.json", LibraryLock(home / ".lock"), backups_dir=home / "backups")
    (home / f"ready-{prefix}").touch()
    print("ready", flush=True)
    while not (home / "go").exists():
        time.sleep(0.002)
    i = 0
    while count < 0 or i < count:
        tag = f"{prefix}{i}"
        store.tag([f"p{i % papers}"], [tag])
        print(tag, flush=True)
        i += 1

if globals().get("ARGS"):  # started by multiprocessing: nobody reads the acknowledgements
    sys.stdout = open(os.devnull, "w")
run(*(globals().get("ARGS") or [sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])]))
"""


def open_store(home: Path) -> UserStore:
    return UserStore(home / "userdata.json", LibraryLock(home / ".lock"), backups_dir=home / "backups")


@pytest.fixture
def worker_script(tmp_path: Path) -> Path:
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    return script


def all_tags(store: UserStore) -> set[str]:
    return {tag for record in store.records().values() for tag in record.tags}


def test_two_processes_tagging_at_once_lose_no_update(tmp_path: Path, worker_script: Path) -> None:
    home = tmp_path / "lib"
    home.mkdir()
    ctx = multiprocessing.get_context("spawn")
    workers = [
        ctx.Process(
            target=runpy.run_path,
            args=(str(worker_script),),
            kwargs={"init_globals": {"ARGS": [str(home), prefix, 200, 5]}},
        )
        for prefix in ("a", "b")
    ]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 30
    while not all((home / f"ready-{p}").exists() for p in "ab"):
        assert time.monotonic() < deadline, "workers did not start"
        time.sleep(0.01)
    (home / "go").touch()
    # Meanwhile, lock-free reads must always see a whole, consistent file.
    reader = open_store(home)
    last_rev = 0
    while any(w.is_alive() for w in workers):
        rev = reader.rev()
        assert rev >= last_rev
        assert len(all_tags(reader)) >= last_rev  # every revision added exactly one tag
        last_rev = rev
        time.sleep(0.005)
    for w in workers:
        w.join(30)
        assert w.exitcode == 0
    store = open_store(home)
    expected = {f"{p}{i}" for p in "ab" for i in range(200)}
    assert all_tags(store) == expected
    assert store.rev() == 400
    assert store.check() == []


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_never_loses_an_acknowledged_tag(tmp_path: Path, worker_script: Path) -> None:
    home = tmp_path / "lib"
    home.mkdir()
    (home / "go").touch()
    rng = random.Random(20240601)
    acknowledged: set[str] = set()
    started = time.monotonic()
    trials = 0
    while trials < 50 or (trials < 200 and time.monotonic() - started < 8):
        child = subprocess.Popen(
            [sys.executable, str(worker_script), str(home), f"k{trials}-", "-1", "7"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(child.pid, signal.SIGKILL)
        acknowledged |= {line.strip() for line in child.stdout if line.strip()}
        child.wait(10)
        child.stdout.close()
        store = open_store(home)  # a fresh process's view: must always open
        missing = acknowledged - all_tags(store)
        assert not missing, f"trial {trials}: acknowledged but lost: {sorted(missing)[:5]}"
        trials += 1
    print(f"crash trials: {trials}, acknowledged tags: {len(acknowledged)}, all present")
    assert len(acknowledged) > trials  # the kills landed while tags were being written
    problems = [p for p in open_store(home).check() if "interrupted write" not in p]
    assert problems == []
