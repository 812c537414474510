"""One crash trial: start a child on a plan, SIGKILL it inside a chosen command, then check the library.

The checks after every trial (what the issue promises):
- the library opens, and SQLite and the user-data file pass their own health checks;
- every command the child acknowledged is present, with the exit status the model predicts and no traceback;
- the command that was cut short is either wholly applied or not at all (the library equals the model
  without it or with it — a half-done rename or import matches neither);
- the index is caught up or rebuilt when the library is next used, and search finds exactly the papers the
  stores say carry each tag and note.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from crash_plans import Scenario
from library_model import LibraryModel, Rec, read_export, tag_key

from papertui.library import Library

CHILD = Path(__file__).with_name("crash_child.py")
INTERRUPTED = "interrupted write"  # user-data check notes about stray temp files: harmless by design
HOLD_LOCK = (
    "import sys, time, filelock; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); "
    "print('held', flush=True); time.sleep(600)"
)
"""held_elsewhere() code: take the library lock (the path: the library's .lock file)."""
HOLD_CATALOG = (
    "import sqlite3, sys, time; db = sqlite3.connect(sys.argv[1], isolation_level=None); "
    "db.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(600)"
)
"""held_elsewhere() code: keep a write transaction open on the catalog (the path: catalog.sqlite3)."""


@contextmanager
def held_elsewhere(code: str, path: Path) -> Iterator[subprocess.Popen]:
    """Another process runs `code` on `path` and holds it (it prints "held" once it does) until the block
    ends, when it is killed."""
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait(10)


@dataclass
class ChildRun:
    done: list[dict] = field(default_factory=list)
    begun: list[int] = field(default_factory=list)
    stderr: str = ""
    killed: bool = False

    @property
    def in_flight(self) -> int | None:
        """The command that had begun and was not acknowledged when the child died."""
        finished = {d["i"] for d in self.done}
        cut = [i for i in self.begun if i not in finished]
        return cut[-1] if cut else None


@dataclass
class TrialResult:
    scenario: str
    killed_in: str | None
    acked: int
    failures: list[str]
    rebuilt: bool


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, PAPERTUI_HOME=str(home), PYTHONUNBUFFERED="1")
    env.pop("PAPERTUI_DEBUG", None)
    return env


def run_child(scenario: Scenario, plan: list[list[str]], *, kill: bool = True, timeout_s: float = 120) -> ChildRun:
    """Run `plan` in a child; when `kill`, SIGKILL it a random moment after a random command begins."""
    plan_file = scenario.work / f"plan-{uuid.uuid4().hex[:8]}.json"  # unique: children may run side by side
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(plan_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(scenario.home),
    )
    lines: queue.Queue[str | None] = queue.Queue()
    errs: list[str] = []

    def pump_out() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    def pump_err() -> None:
        assert child.stderr is not None
        errs.append(child.stderr.read())

    readers = [threading.Thread(target=f, daemon=True) for f in (pump_out, pump_err)]
    for r in readers:
        r.start()
    target = scenario.rng.randrange(len(plan)) if kill else -1
    run = ChildRun()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"child did not finish its plan within {timeout_s:g} s (deadlock?)") from None
            if line is None:
                break
            _record(run, line)
            if line == f"BEGIN {target}" and not run.killed:
                time.sleep(scenario.rng.uniform(0, scenario.kill_window(plan[target])))
                os.kill(child.pid, signal.SIGKILL)
                run.killed = True
    finally:
        if child.poll() is None and not run.killed:
            child.kill()
        child.wait(30)
        for r in readers:
            r.join(30)
    run.stderr = "".join(errs)
    plan_file.unlink(missing_ok=True)
    return run


def _record(run: ChildRun, line: str) -> None:
    if line.startswith("BEGIN "):
        run.begun.append(int(line.split()[1]))
    elif line.startswith("DONE "):
        run.done.append(json.loads(line[5:]))


# -- reading the real library --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Observed:
    papers: dict[str, frozenset[str]]
    user: dict[str, Rec]
    export: frozenset | None


def observe(lib: Library, export_path: Path) -> Observed:
    papers = {p.id: frozenset(g.casefold() for g in p.github) for p in lib.papers(lib.browse()).values()}
    user = {pid: Rec(frozenset(tag_key(t) for t in r.tags), r.note, r.triage) for pid, r in lib.records().items()}
    user = {pid: rec for pid, rec in user.items() if not rec.empty}
    return Observed(papers, user, read_export(export_path))


def matches(model: LibraryModel, seen: Observed, export_path: str) -> bool:
    return (
        model.papers == seen.papers
        and model.user_state() == seen.user
        and model.exports.get(export_path) == seen.export
    )


def describe_difference(model: LibraryModel, seen: Observed) -> str:
    want, got = model.user_state(), seen.user
    diffs = [f"paper {p}: expected {want.get(p)}, found {got.get(p)}" for p in sorted(set(want) | set(got))]
    diffs = [d for d, p in zip(diffs, sorted(set(want) | set(got)), strict=True) if want.get(p) != got.get(p)]
    missing = sorted(set(model.papers) - set(seen.papers))
    extra = sorted(set(seen.papers) - set(model.papers))
    links = sorted(p for p in set(model.papers) & set(seen.papers) if model.papers[p] != seen.papers[p])
    parts = diffs[:4]
    if missing or extra or links:
        parts.append(f"catalog: {len(missing)} missing, {len(extra)} unexpected, {len(links)} with other links")
    return "; ".join(parts) or "the export file differs"


# -- the checks ----------------------------------------------------------------------------------------------
def check_trial(scenario: Scenario, plan: list[list[str]], run: ChildRun) -> TrialResult:
    """Compare the library with the model after `run`; advance the model on success."""
    failures: list[str] = []
    if "Traceback" in run.stderr:
        failures.append(f"child printed a traceback: {run.stderr.strip().splitlines()[-1]}")
    model = scenario.model
    for done in run.done:
        argv = plan[done["i"]]
        expected = model.apply(argv)
        if done["rc"] != expected:
            failures.append(f"`{' '.join(argv)[:80]}` exited {done['rc']}, expected {expected}: {done['err'][-300:]}")
        if "Traceback" in done["err"]:
            failures.append(f"`{argv[0]}` printed a traceback")
    cut = run.in_flight
    with_cut = None
    if cut is not None:
        with_cut = model.copy()
        with_cut.apply(plan[cut])
    rebuilt = False
    try:
        lib = Library(scenario.home)
    except Exception as exc:
        failures.append(f"the library does not open: {exc!r}")
        return TrialResult(scenario.name, _name(plan, cut), len(run.done), failures, rebuilt)
    try:
        seen = observe(lib, Path(scenario.export_path))
        if matches(model, seen, scenario.export_path):
            pass
        elif with_cut is not None and matches(with_cut, seen, scenario.export_path):
            scenario.model = with_cut
        else:
            failures.append(
                f"half-applied or lost change after killing `{_name(plan, cut)}`: " + describe_difference(model, seen)
            )
        failures += health_problems(lib)
        rebuilt, index_failures = check_index(lib, scenario.model)
        failures += index_failures
    except Exception as exc:
        failures.append(f"checking the library failed: {exc!r}")
    finally:
        lib.close()
    return TrialResult(scenario.name, _name(plan, cut), len(run.done), failures, rebuilt)


def _name(plan: list[list[str]], index: int | None) -> str | None:
    if index is None:
        return None
    argv = plan[index]
    return "rename" if argv[:2] == ["tag", "--rename"] else argv[0]


def health_problems(lib: Library) -> list[str]:
    problems = [f"catalog: {p}" for p in lib.check_catalog()]
    problems += [f"user data: {p}" for p in lib.check_userdata() if INTERRUPTED not in p]
    return problems


def check_index(lib: Library, model: LibraryModel) -> tuple[bool, list[str]]:
    """Open the index as the next command would; search must agree with the stores on every tag and note."""
    index = lib.index()
    rebuilt = lib.last_index_message is not None
    failures = []
    if index.doc_count() != lib.count():
        failures.append(f"index holds {index.doc_count()} papers, the catalog {lib.count()}")
    state = model.user_state()
    for tag in sorted({t for rec in state.values() for t in rec.tags}):
        want = {pid for pid, rec in state.items() if tag in rec.tags}
        got = {h.id for h in lib.search(f'tag:"{tag}"', limit=100_000).hits}
        if got != want:
            failures.append(f"search tag:{tag} found {len(got)} papers, the stores say {len(want)}")
    for pid, rec in state.items():
        words = [w for w in rec.note.split() if w.startswith("w") and w.endswith("x")]
        if words and pid not in {h.id for h in lib.search(f"note:{words[0]}", limit=50).hits}:
            failures.append(f"search note:{words[0]} does not find paper {pid}")
    return rebuilt, failures


def run_trial(scenario: Scenario, length: int) -> TrialResult:
    plan = scenario.plan(length)
    run = run_child(scenario, plan)
    return check_trial(scenario, plan, run)
