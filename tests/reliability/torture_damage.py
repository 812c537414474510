"""The long-run rounds of bench/torture.py about damaged files and full disks, driven through real `papertui`
processes: many kinds of damage on every file, permission-denied files, and a real tmpfs filled to several
levels while every kind of write runs. Each round returns a Tally (see torture_rounds.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from cli_proc import permissions_enforceable, run_cli
from crash_plans import new_scenario
from crash_trials import check_index, health_problems, observe
from torture_rounds import Progress, Tally, cli, cli_problem

from papertui.library import Library
from papertui.store.tinydb_storage import read_file_bytes
from papertui.store.userdata_db import load_tables

DAMAGES = ("truncated", "garbage", "empty", "bit flips", "zeroed block", "cut at random")


def damage(path: Path, how: str, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "cut at random":
        data = data[: rng.randrange(max(1, len(data)))]
    elif how == "garbage":
        data = bytearray(rng.randbytes(max(64, len(data))))
    elif how == "empty":
        data = bytearray()
    elif how == "bit flips":
        for _ in range(rng.randint(1, 8)):
            if data:
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    else:
        start = rng.randrange(max(1, len(data)))
        data[start : start + 512] = bytes(len(data[start : start + 512]))
    path.write_bytes(bytes(data))


def _userdata_parses(path: Path) -> bool:
    got = read_file_bytes(path)
    if got is None:
        return True
    try:
        load_tables(path, got[0])
    except Exception:
        return False
    return True


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _targets(home: Path, rng: random.Random) -> dict[str, list[Path]]:
    index_files = sorted(p for p in (home / "index").iterdir() if p.is_file())
    return {
        "catalog": [home / "catalog.sqlite3"],
        "user data": [home / "userdata.json"],
        "one index file": [rng.choice(index_files)] if index_files else [],
        "every index file": index_files,
    }


def corruption_rounds(root: Path, seed: int, say: Progress) -> Tally:
    tally = Tally("damaged catalog / user data / index")
    rng = random.Random(seed)
    base = new_scenario("tag", root / "damage-base", seed)
    lib = Library(base.home)
    lib.tag(base.ids[:3], ["keep"])
    lib.set_note(base.ids[0], "remember w1x")
    lib.close()
    page = base.write_page(3)
    for trial, (target, how) in enumerate(
        (t, h) for t in ("catalog", "user data", "one index file", "every index file") for h in DAMAGES
    ):
        home = root / f"damage-{trial}"
        shutil.copytree(base.home, home)
        for path in _targets(home, rng)[target]:
            damage(path, how, rng)
        userdata = home / "userdata.json"
        unreadable_before = not _userdata_parses(userdata)
        before = digest(userdata)
        tally.trials += 1
        for argv in (
            ["list"],
            ["search", "keep"],
            ["tag", base.ids[5], "fresh"],
            ["note", base.ids[6], "n"],
            ["export", "--tag", "keep", "-o", str(home.parent / f"out-{trial}.md")],
            ["undo"],
            ["import", str(page)],
            ["reindex"],
            ["doctor"],
        ):
            problem = cli_problem(argv, cli(home, *argv))
            if problem:
                tally.fail(trial, f"{how} {target}: {problem}")
        if unreadable_before and digest(userdata) != before:
            tally.fail(trial, f"{how} {target}: the unreadable user-data file was overwritten")
        if target.endswith("index file"):
            found = cli(home, "search", "tag:keep")
            if found.returncode != 0 or len(found.stdout.splitlines()) < 3:
                tally.fail(trial, f"{how} {target}: search did not heal: {found.stderr.strip()[-200:]}")
        tally.notes["user data unreadable after damage"] += unreadable_before
    say(f"{tally.name}: {tally.trials} cases, {len(tally.failures)} failures")
    return tally


PERMISSION_CASES = {
    "unreadable user data": ("userdata.json", 0o000),
    "read-only user data": ("userdata.json", 0o444),
    "unreadable catalog": ("catalog.sqlite3", 0o000),
    "read-only catalog": ("catalog.sqlite3", 0o444),
    "unreadable index folder": ("index", 0o000),
    "read-only index folder": ("index", 0o555),
    "read-only library folder": (".", 0o555),
}


def permission_rounds(root: Path, seed: int, say: Progress) -> Tally:
    tally = Tally("permission denied")
    if not permissions_enforceable():
        tally.notes["skipped: chmod cannot deny access here"] += 1
        return tally
    base = new_scenario("tag", root / "perm-base", seed)
    lib = Library(base.home)
    lib.tag(base.ids[:3], ["keep"])
    lib.close()
    page = base.write_page(3)
    for trial, (case, (rel, mode)) in enumerate(PERMISSION_CASES.items()):
        home = root / f"perm-{trial}"
        shutil.copytree(base.home, home)
        target = home / rel
        before = digest(home / "userdata.json")
        target.chmod(mode)
        tally.trials += 1
        try:
            for argv in (
                ["list"],
                ["search", "model"],
                ["tag", base.ids[1], "x"],
                ["import", str(page)],
                ["reindex"],
                ["doctor"],
            ):
                result = run_cli(home, *argv, unprivileged=True)
                done = subprocess.CompletedProcess(argv, result.code, result.out, result.err)
                problem = cli_problem(argv, done)
                if problem:
                    tally.fail(trial, f"{case}: {problem}")
        finally:
            target.chmod(0o755 if target.is_dir() else 0o644)
        if "user data" in case and digest(home / "userdata.json") != before:
            tally.fail(trial, f"{case}: the user-data file changed")
    say(f"{tally.name}: {tally.trials} cases, {len(tally.failures)} failures")
    return tally


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path | None]:
    where.mkdir(parents=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, leave: int) -> None:
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    room = shutil.disk_usage(disk).free - leave
    with filler.open("wb") as fh:
        while room > 0:
            try:
                fh.write(b"\0" * min(room, 1 << 20))
            except OSError:
                break
            room -= 1 << 20


def full_disk_rounds(root: Path, seed: int, say: Progress) -> Tally:
    """A real full disk: fill a tmpfs to several levels and run every kind of write. Commands that succeed
    must be kept, those that fail must change nothing; once space is back, everything works again."""
    tally = Tally("full disk (ENOSPC, real tmpfs)")
    rng = random.Random(seed)
    with tmpfs(root / "disk", "24m") as disk:
        if disk is None:
            tally.notes["skipped: cannot mount a tmpfs (needs root)"] += 1
            return tally
        scenario = new_scenario("tag", disk, seed)
        big = scenario.write_page(250, overlap=False)
        for trial, leave in enumerate((0, 4_000, 16_000, 64_000, 256_000, 1_000_000) * 2):
            page = big if trial % 3 == 0 else scenario.write_page(3)  # written while there is still room
            plan = [
                ["tag", rng.choice(scenario.ids), f"t{trial}"],
                ["note", rng.choice(scenario.ids), f"w{trial}x"],
                ["tag", "--rename", f"t{trial}", f"u{trial}"],
                ["undo"],
                ["redo"],
                ["import", str(page)],
                ["export", "--tag", f"u{trial}", "-o", str(disk / "out.md")],
                ["reindex"],
            ]
            fill(disk, leave)
            tally.trials += 1
            for argv in plan:
                done = cli(scenario.home, *argv)
                problem = cli_problem(argv, done)
                if problem:
                    tally.fail(trial, f"{leave} bytes free: {problem}")
                if done.returncode == 0:
                    scenario.model.apply(argv)
                    tally.notes["commands that succeeded on a full disk"] += 1
                else:
                    tally.notes["commands refused on a full disk"] += 1
            (disk / "filler").unlink()
            _verify_after_space_returns(tally, trial, scenario, leave)
    say(f"{tally.name}: {tally.trials} fill levels, {len(tally.failures)} failures")
    return tally


def _verify_after_space_returns(tally: Tally, trial: int, scenario, leave: int) -> None:
    lib = Library(scenario.home)
    try:
        seen = observe(lib, scenario.home / "no-export")
        if seen.user != scenario.model.user_state():
            tally.fail(trial, f"{leave} bytes free: user data differs from the acknowledged commands")
        lost = set(scenario.model.papers) - set(seen.papers)
        unreported = set(seen.papers) - set(scenario.model.papers)
        if lost:
            tally.fail(trial, f"{leave} bytes free: {len(lost)} papers of acknowledged imports are missing")
        if unreported:
            # Kept although the command said it failed: not data loss, but the user is told the wrong thing.
            tally.fail(trial, f"{leave} bytes free: an import reported as failed was saved ({len(unreported)} papers)")
            scenario.model.papers.update({pid: seen.papers[pid] for pid in unreported})  # report each case once
        for problem in health_problems(lib) + check_index(lib, scenario.model)[1]:
            tally.fail(trial, f"{leave} bytes free, after freeing space: {problem}")
    except Exception as exc:
        tally.fail(trial, f"{leave} bytes free: the library did not recover: {exc!r}"[:300])
    finally:
        lib.close()
