"""The long-run rounds of bench/torture.py about processes: crash trials, concurrent CLI processes, a search
racing a reindex, and the real lock time-out. Each round returns a Tally: trials run, failures seen.

These are the same checks as the CI tests, run many more times and with real `papertui` processes (a fresh
interpreter per command) where the CI suite saves time by running commands in-process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crash_plans import SCENARIOS, Scenario, new_scenario
from crash_trials import HOLD_LOCK, check_index, child_env, health_problems, held_elsewhere, observe, run_trial

from papertui.library import Library

Progress = Callable[[str], None]


@dataclass
class Tally:
    name: str
    trials: int = 0
    failures: list[str] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)

    def fail(self, trial: int, why: str) -> None:
        self.failures.append(f"trial {trial}: {why}")


def cli(home: Path, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """One real `papertui` process."""
    return subprocess.run(
        [sys.executable, "-m", "papertui", *argv],
        capture_output=True,
        text=True,
        env=child_env(home),
        timeout=timeout,
    )


def cli_problem(argv: list[str], done: subprocess.CompletedProcess[str]) -> str | None:
    """What breaks the CLI's promises in one finished command, or None."""
    if "Traceback" in done.stderr:
        return f"`{argv[0]}` printed a traceback"
    if done.returncode == 70:
        return f"`{argv[0]}` hit an internal error: {done.stderr.strip()[-200:]}"
    errors = [line for line in done.stderr.splitlines() if line.startswith("papertui: error: ")]
    if done.returncode != 0 and argv[0] not in ("doctor", "undo", "redo") and len(errors) != 1:
        return f"`{argv[0]}` exited {done.returncode} without one clear error line: {done.stderr.strip()[-200:]}"
    return None


# -- crash trials --------------------------------------------------------------------------------------------
def crash_rounds(root: Path, seed: int, per_scenario: int, length: int, say: Progress) -> list[Tally]:
    tallies = []
    for name in SCENARIOS:
        tally = Tally(f"SIGKILL during {name}")
        scenario = new_scenario(name, root / "crash", seed)
        for trial in range(per_scenario):
            result = run_trial(scenario, length)
            tally.trials += 1
            tally.notes["killed inside a command"] += result.killed_in is not None
            tally.notes["acknowledged commands"] += result.acked
            tally.notes["index rebuilt after the kill"] += result.rebuilt
            if result.failures:
                tally.fail(trial, f"killed in {result.killed_in}: {'; '.join(result.failures)[:400]}")
                # The model no longer describes the library: go on with a fresh one.
                scenario = new_scenario(name, root / "crash" / f"after-{trial}", seed + trial + 1)
        leftovers = _leftovers(scenario.home)
        if leftovers:
            tally.notes[f"leftover files at the end: {leftovers}"] += 1
        say(f"{tally.name}: {tally.trials} trials, {len(tally.failures)} failures")
        tallies.append(tally)
    return tallies


def _leftovers(home: Path) -> str:
    """Files a killed process left behind (harmless, but they should not pile up)."""
    found = Counter()
    for path in home.rglob("*"):
        name = path.name
        if name.endswith(".tmp") or ".toc." in name:
            found["temp files"] += 1
        elif name.startswith((".index.building-", ".index.old-")):
            found["half-built index folders"] += 1
    return ", ".join(f"{n} {what}" for what, n in found.items())


# -- concurrent CLI processes --------------------------------------------------------------------------------
def _streams(scenario: Scenario, round_no: int) -> list[list[list[str]]]:
    """Four command streams whose effects commute, so the end state is known whatever the interleaving."""
    ids = scenario.ids
    return [
        [["tag", ids[(round_no + i) % 20], ids[20 + i % 20], f"a{round_no}x{i}"] for i in range(5)],
        [["note", ids[i], f"round {round_no} note w{round_no}n{i}x"] for i in range(4)] + [["list"]],
        [
            ["import", str(scenario.write_page(3, overlap=False))],
            ["reindex"],
            ["search", "model"],
            ["export", "--tag", "keep", "-f", "json", "-o", scenario.export_path],
        ],
        [["triage", ids[30 + i % 10], ("kept", "skipped")[(round_no + i) % 2]] for i in range(3)]
        + [["tag", ids[i], f"b{round_no}x{i}"] for i in range(2)],
    ]


def _work(home: Path, stream: list[list[str]], into: list) -> None:
    for argv in stream:
        into.append((argv, cli(home, *argv)))


def concurrency_rounds(root: Path, seed: int, rounds: int, say: Progress) -> Tally:
    tally = Tally("2-4 concurrent CLI processes")
    scenario = new_scenario("tag", root / "concurrent", seed)
    lib = Library(scenario.home)
    lib.tag(scenario.ids[:2], ["keep"])
    lib.close()
    scenario.model.apply(["tag", *scenario.ids[:2], "keep"])
    for round_no in range(rounds):
        streams = _streams(scenario, round_no)[: 2 + round_no % 3]
        results: list[list[tuple[list[str], subprocess.CompletedProcess[str]]]] = [[] for _ in streams]

        threads = [threading.Thread(target=_work, args=(scenario.home, s, results[k])) for k, s in enumerate(streams)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        tally.trials += 1
        tally.notes["slowest round (s)"] = max(tally.notes["slowest round (s)"], round(time.monotonic() - started))
        for done in results:
            for argv, proc in done:
                problem = cli_problem(argv, proc)
                if problem or proc.returncode != 0:
                    tally.fail(round_no, problem or f"`{' '.join(argv)[:60]}` exited {proc.returncode}: {proc.stderr}")
                scenario.model.apply(argv)
        _check_end_state(tally, round_no, scenario)
    say(f"{tally.name}: {tally.trials} rounds, {len(tally.failures)} failures")
    return tally


def _check_end_state(tally: Tally, round_no: int, scenario: Scenario) -> None:
    lib = Library(scenario.home)
    try:
        seen = observe(lib, scenario.home / "no-such-export")
        if seen.user != scenario.model.user_state():
            tally.fail(round_no, "a user-data update was lost")
        if seen.papers != scenario.model.papers:
            tally.fail(round_no, "an import was lost or half-applied")
        for problem in health_problems(lib) + check_index(lib, scenario.model)[1]:
            tally.fail(round_no, problem)
    except Exception as exc:  # the library failed to open or search: a finding, and the rounds go on
        tally.fail(round_no, f"the library is not usable after the round: {exc}"[:300])
    finally:
        lib.close()


def app_like_rounds(root: Path, seed: int, rounds: int, say: Progress) -> Tally:
    """A process sharing one Library between threads (as the app does) beside CLI writers."""
    tally = Tally("app-like process + CLI writers")
    scenario = new_scenario("tag", root / "app-like", seed)
    child = Path(__file__).with_name("app_like_child.py")
    for round_no in range(rounds):
        app = subprocess.Popen(
            [sys.executable, str(child), f"d{round_no}", "8"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(scenario.home),
        )
        writers = [["tag", scenario.ids[i], f"w{round_no}x{i}"] for i in range(4)]
        for argv in writers:
            proc = cli(scenario.home, *argv)
            if proc.returncode != 0 or cli_problem(argv, proc):
                tally.fail(round_no, f"CLI writer failed: {proc.stderr.strip()[-200:]}")
            scenario.model.apply(argv)
        out, err = app.communicate(timeout=300)
        tally.trials += 1
        if "FAIL" in out or "Traceback" in err or not out.strip().endswith("END"):
            tally.fail(round_no, f"app-like process: {(out + err).strip()[-300:]}")
        for line in out.splitlines():
            if line.startswith("DONE "):
                import json

                acked = json.loads(line[5:])
                scenario.model.apply(["tag", acked["pid"], acked["tag"]])
        _check_end_state(tally, round_no, scenario)
    say(f"{tally.name}: {tally.trials} rounds, {len(tally.failures)} failures")
    return tally


def reindex_search_race(root: Path, seed: int, seconds: float, say: Progress) -> Tally:
    """`papertui reindex` in a loop while another process searches: every search must succeed."""
    tally = Tally("search while another process reindexes")
    scenario = new_scenario("tag", root / "race", seed)
    stop = time.monotonic() + seconds

    def reindex() -> None:
        while time.monotonic() < stop:
            cli(scenario.home, "reindex")

    rebuilder = threading.Thread(target=reindex)
    rebuilder.start()
    lib_errors: Counter = Counter()
    while time.monotonic() < stop:
        lib = Library(scenario.home)
        try:
            lib.index()
            lib.search("model")
        except Exception as exc:
            lib_errors[str(exc)[:160]] += 1
        finally:
            lib.close()
        tally.trials += 1
    rebuilder.join()
    for message, count in lib_errors.items():
        tally.failures.append(f"{count} searches failed: {message}")
    say(f"{tally.name}: {tally.trials} searches, {sum(lib_errors.values())} failed")
    return tally


def lock_timeout_round(root: Path, seed: int, say: Progress) -> Tally:
    """The real default time-out: a writer facing a lock held elsewhere gives up with exit 3 and one line."""
    tally = Tally("busy library: bounded lock wait")
    scenario = new_scenario("tag", root / "lock", seed)
    with held_elsewhere(HOLD_LOCK, scenario.home / ".lock"):
        for trial, argv in enumerate((["tag", scenario.ids[0], "x"], ["import", str(scenario.write_page(2))])):
            started = time.monotonic()
            proc = cli(scenario.home, *argv, timeout=120)
            waited = time.monotonic() - started
            tally.trials += 1
            tally.notes[f"{argv[0]} waited (s)"] = round(waited, 1)
            if proc.returncode != 3 or "busy" not in proc.stderr or cli_problem(argv, proc):
                tally.fail(trial, f"`{argv[0]}` exited {proc.returncode}: {proc.stderr.strip()[-200:]}")
            if waited > 30:
                tally.fail(trial, f"`{argv[0]}` waited {waited:.0f} s for the lock")
    say(f"{tally.name}: {tally.trials} trials, {len(tally.failures)} failures")
    return tally


def fuzz_round(repo: Path, examples: int, say: Progress) -> Tally:
    """The hypothesis tests of hostile input, with many more examples."""
    tally = Tally("hostile input (hypothesis)")
    env = dict(os.environ, PAPERTUI_FUZZ_EXAMPLES=str(examples))
    test = repo / "tests" / "reliability" / "test_hostile_input.py"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", str(test), "-q", "-x", "--hypothesis-seed=0", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        env=env,
        cwd=repo,
    )
    tally.trials = examples * 2
    if proc.returncode != 0:
        tally.failures.append(proc.stdout.strip().splitlines()[-1][:300] if proc.stdout.strip() else proc.stderr[-300:])
    say(f"{tally.name}: {tally.trials} examples, exit {proc.returncode}")
    return tally
