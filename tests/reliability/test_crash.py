"""A process killed (SIGKILL) at a random moment inside import, tag, note, rename, undo, export, reindex or remove loses
nothing it acknowledged and leaves nothing half-applied; the next command finds a usable library and index.

This is the fast CI subset (a few trials per operation); bench/torture.py runs hundreds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crash_plans import SCENARIOS, new_scenario
from crash_trials import ChildRun, check_trial, run_child, run_trial

from papertui.library import Library

TRIALS = 3
PLAN_LENGTH = 6


@pytest.mark.parametrize("operation", SCENARIOS)
def test_a_process_killed_during_an_operation_keeps_every_acknowledged_change_whole(
    tmp_path: Path, operation: str
) -> None:
    scenario = new_scenario(operation, tmp_path, seed=2024)
    killed_inside = 0
    for trial in range(TRIALS):
        result = run_trial(scenario, PLAN_LENGTH)
        assert result.failures == [], f"trial {trial} (killed in {result.killed_in}): {result.failures}"
        killed_inside += result.killed_in is not None
    assert killed_inside > 0, "no kill landed inside a command: the trials proved nothing"


def test_the_trial_check_catches_a_half_applied_rename(tmp_path: Path) -> None:
    """The checker itself can fail: a rename applied to only some papers matches neither allowed state."""
    scenario = new_scenario("rename", tmp_path, seed=1)
    plan = [["tag", "--rename", "r0", "r1"]]
    lib = Library(scenario.home)
    try:
        half = scenario.ids[: len(scenario.ids) // 2]
        lib.untag(half, ["r0"])
        lib.tag(half, ["r1"])
    finally:
        lib.close()
    result = check_trial(scenario, plan, ChildRun(begun=[0]))
    assert any("half-applied" in f for f in result.failures)


def test_the_trial_check_catches_a_lost_acknowledged_tag(tmp_path: Path) -> None:
    scenario = new_scenario("tag", tmp_path, seed=1)
    pid = scenario.ids[0]
    plan = [["tag", pid, "t1"]]
    run = run_child(scenario, plan, kill=False)
    assert [d["rc"] for d in run.done] == [0]
    lib = Library(scenario.home)
    try:
        lib.untag([pid], ["t1"])  # what a store that lost the write would show
    finally:
        lib.close()
    result = check_trial(scenario, plan, run)
    assert any("half-applied or lost" in f for f in result.failures)


def test_a_library_takes_many_imports_in_a_row(tmp_path: Path) -> None:
    """What the import crash trials do between kills, without the kills (found by bench/torture.py)."""
    scenario = new_scenario("import", tmp_path, seed=20240611)
    for _ in range(16):
        page = scenario.write_page(scenario.rng.randint(3, 8))
        lib = Library(scenario.home)
        try:
            lib.import_file(page)
            assert lib.index().doc_count() == lib.count()
        finally:
            lib.close()
