"""The long reliability run: hundreds of SIGKILLs, concurrent processes, damaged files, full disks and hostile
input against real `papertui` processes; prints a summary table (scenario, trials, failures).

    python bench/torture.py                    # the full run (>= 200 SIGKILL trials; many minutes)
    python bench/torture.py --quick            # a smoke run of every round (a minute or two)
    python bench/torture.py --only crash lock  # some rounds only

Exit status 0 when no round found a failure. The checks are those of tests/reliability (the fast CI subset),
whose helper modules this script drives; see the README section "Reliability" for what each round promises.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "reliability"))

from torture_damage import corruption_rounds, full_disk_rounds, permission_rounds  # noqa: E402
from torture_rounds import (  # noqa: E402
    Tally,
    app_like_rounds,
    concurrency_rounds,
    crash_rounds,
    fuzz_round,
    lock_timeout_round,
    reindex_search_race,
)
from torture_user_work import (  # noqa: E402
    damaged_files_rounds,
    note_conflict_rounds,
    read_only_rounds,
    signal_rounds,
)

ROUNDS = (
    "crash",
    "concurrent",
    "app",
    "race",
    "lock",
    "damage",
    "permissions",
    "disk",
    "notes",
    "signals",
    "readonly",
    "files",
    "fuzz",
)


def say(line: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {line}", flush=True)


def run(args: argparse.Namespace, root: Path) -> list[Tally]:
    quick, seed = args.quick, args.seed
    rounds: dict[str, Callable[[], Tally | list[Tally]]] = {
        "crash": lambda: crash_rounds(root, seed, 4 if quick else args.trials_per_op, 8, say),
        "concurrent": lambda: concurrency_rounds(root, seed, 3 if quick else 12, say),
        "app": lambda: app_like_rounds(root, seed, 1 if quick else 4, say),
        "race": lambda: reindex_search_race(root, seed, 5 if quick else 40, say),
        "lock": lambda: lock_timeout_round(root, seed, say),
        "damage": lambda: corruption_rounds(root, seed, say),
        "permissions": lambda: permission_rounds(root, seed, say),
        "disk": lambda: full_disk_rounds(root, seed, say),
        "notes": lambda: note_conflict_rounds(root, seed, 4 if quick else 30, say),
        "signals": lambda: signal_rounds(root, seed, 2 if quick else 20, say),
        "readonly": lambda: read_only_rounds(root, seed, say),
        "files": lambda: damaged_files_rounds(root, seed, say),
        "fuzz": lambda: fuzz_round(REPO, 40 if quick else 400, say),
    }
    tallies: list[Tally] = []
    for name in args.only or ROUNDS:
        try:
            got = rounds[name]()
        except Exception as exc:  # a broken round is a finding too; the other rounds still run
            where = traceback.extract_tb(exc.__traceback__)[-1]
            why = f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"[:300]
            say(f"round {name} stopped: {why}")
            got = Tally(f"{name} (round stopped)", failures=[why])
        tallies += got if isinstance(got, list) else [got]
    return tallies


def table(tallies: list[Tally]) -> str:
    rows = [("scenario", "trials", "failures")]
    rows += [(t.name, str(t.trials), str(len(t.failures))) for t in tallies]
    rows.append(("total", str(sum(t.trials for t in tallies)), str(sum(len(t.failures) for t in tallies))))
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{width[0]}}  {r[1]:>{width[1]}}  {r[2]:>{width[2]}}" for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    return "\n".join(lines)


def details(tallies: list[Tally]) -> str:
    out = []
    for t in tallies:
        notes = ", ".join(f"{k}: {v}" for k, v in t.notes.items() if v)
        if notes:
            out.append(f"{t.name}: {notes}")
        out += [f"  FAILURE {t.name}: {f}" for f in t.failures[:10]]
        if len(t.failures) > 10:
            out.append(f"  ... and {len(t.failures) - 10} more")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a short smoke run of every round")
    parser.add_argument("--only", nargs="+", choices=ROUNDS, help="run only these rounds")
    parser.add_argument("--trials-per-op", type=int, default=30, help="SIGKILL trials per operation (7 operations)")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--keep", action="store_true", help="keep the libraries for inspection")
    args = parser.parse_args(argv)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="papertui-torture-"))
    say(f"libraries under {tmp}")
    try:
        tallies = run(args, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(table(tallies))
    print()
    print(details(tallies))
    print(f"\nfinished in {time.monotonic() - started:.0f} s")
    return 1 if any(t.failures for t in tallies) else 0


if __name__ == "__main__":
    raise SystemExit(main())
