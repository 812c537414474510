"""Several processes using one library at once: no lost update, no corrupt file, no deadlock, and a lock wait
that is bounded and reported clearly."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from crash_plans import Scenario, new_scenario
from crash_trials import (
    HOLD_CATALOG,
    HOLD_LOCK,
    ChildRun,
    check_index,
    child_env,
    health_problems,
    held_elsewhere,
    observe,
    run_child,
)

import papertui.library
from papertui.cli import main
from papertui.library import Library
from papertui.store.lock import LibraryLock

APP_CHILD = Path(__file__).with_name("app_like_child.py")


def cli_plans(scenario: Scenario) -> list[list[list[str]]]:
    """Three command streams whose effects commute (distinct tags, distinct note papers, new papers), so the
    end state is known whatever the interleaving."""
    ids = scenario.ids
    tagger = [["tag", ids[(i * 3) % 20], ids[20 + i % 20], f"a{i}"] for i in range(12)]
    noter = [["note", ids[i], f"note w{i}x from the second process"] for i in range(8)]
    noter += [["triage", ids[30 + i], "kept"] for i in range(4)]
    importer = [["import", str(scenario.write_page(4, overlap=False))] for _ in range(3)]
    importer.insert(1, ["reindex"])
    importer.append(["export", "--tag", "keep", "-f", "json", "-o", scenario.export_path])
    importer.append(["reindex"])
    return [tagger, noter, importer]


def test_three_cli_processes_and_an_app_writing_at_once_lose_no_update(tmp_path: Path) -> None:
    scenario = new_scenario("tag", tmp_path, seed=5)
    lib = Library(scenario.home)
    lib.tag(scenario.ids[:2], ["keep"])  # what the exporting process exports, whatever the others do
    lib.close()
    scenario.model.apply(["tag", *scenario.ids[:2], "keep"])
    plans = cli_plans(scenario)
    runs: list[ChildRun] = [ChildRun() for _ in plans]

    def run(k: int) -> None:
        runs[k] = run_child(scenario, plans[k], kill=False, timeout_s=90)

    app = subprocess.Popen(
        [sys.executable, str(APP_CHILD), "d", "6"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(scenario.home),
    )
    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(plans))]
    for t in threads:
        t.start()
    app_out, app_err = app.communicate(timeout=90)
    for t in threads:
        t.join(120)
    model = scenario.model
    for plan, done in zip(plans, runs, strict=True):
        assert [d["rc"] for d in done.done] == [0] * len(plan), [d["err"] for d in done.done if d["rc"]]
        assert "Traceback" not in done.stderr
        for argv in plan:
            model.apply(argv)
    assert "FAIL" not in app_out and "Traceback" not in app_err, app_out + app_err
    assert app_out.strip().endswith("END")
    for line in app_out.splitlines():
        if line.startswith("DONE "):
            acked = json.loads(line[5:])
            model.apply(["tag", acked["pid"], acked["tag"]])
    lib = Library(scenario.home)
    try:
        seen = observe(lib, tmp_path / "no-export")
        assert seen.papers == model.papers
        assert seen.user == model.user_state()
        assert health_problems(lib) == []
        _, index_failures = check_index(lib, model)
        assert index_failures == []
        exported = json.loads(Path(scenario.export_path).read_text(encoding="utf-8"))
        assert {item["id"] for item in exported} <= set(seen.papers)
    finally:
        lib.close()


def test_a_writer_waits_a_bounded_time_for_a_busy_library_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = new_scenario("tag", tmp_path, seed=3)
    monkeypatch.setenv("PAPERTUI_HOME", str(scenario.home))
    monkeypatch.setattr(papertui.library, "LibraryLock", functools.partial(LibraryLock, timeout=0.5))
    before = (scenario.home / "userdata.json").read_bytes() if (scenario.home / "userdata.json").exists() else None
    with held_elsewhere(HOLD_LOCK, scenario.home / ".lock"):
        started = time.monotonic()
        code = main(["tag", scenario.ids[0], "waiting"])
        waited = time.monotonic() - started
        err = capsys.readouterr().err
        assert code == 3
        assert waited < 5
        assert err.count("\n") == 1 and err.startswith("papertui: error: ") and "busy" in err
        after = (scenario.home / "userdata.json").read_bytes() if (scenario.home / "userdata.json").exists() else None
        assert after == before
        code = main(["import", str(scenario.write_page(2))])
        assert code == 3 and "busy" in capsys.readouterr().err
        # Reads never wait for the lock.
        started = time.monotonic()
        assert main(["list"]) == 0
        assert main(["search", "model"]) in (0, 2)
        assert time.monotonic() - started < 5
    assert main(["tag", scenario.ids[0], "waiting"]) == 0


def test_lock_file_left_by_a_killed_process_does_not_block_the_next_one(tmp_path: Path) -> None:
    scenario = new_scenario("tag", tmp_path, seed=6)
    # The lock object must stay referenced: a collected FileLock releases its lock before the kill.
    code = "import sys, os, filelock; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); os.kill(os.getpid(), 9)"
    subprocess.run([sys.executable, "-c", code, str(scenario.home / ".lock")], check=False)
    assert (scenario.home / ".lock").exists()
    env = child_env(scenario.home)
    done = subprocess.run(
        [sys.executable, "-m", "papertui", "tag", scenario.ids[0], "after-kill"],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert os.path.getsize(scenario.home / "userdata.json") > 0


def test_a_catalog_held_busy_by_another_process_gives_exit_3_not_a_broken_catalog_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import papertui.store.catalog as catalog_module
    import papertui.store.catalog_errors as catalog_errors

    scenario = new_scenario("tag", tmp_path, seed=8)
    monkeypatch.setenv("PAPERTUI_HOME", str(scenario.home))
    monkeypatch.setattr(catalog_module, "BUSY_TIMEOUT_S", 0.3)
    monkeypatch.setattr(catalog_errors, "BUSY_TIMEOUT_S", 0.3)
    with held_elsewhere(HOLD_CATALOG, scenario.home / "catalog.sqlite3"):
        assert main(["import", str(scenario.write_page(2))]) == 3
        err = capsys.readouterr().err
        assert "busy" in err and "doctor" not in err and "Traceback" not in err
    assert main(["list"]) == 0
