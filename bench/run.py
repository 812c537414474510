"""papertui's benchmark: import, search, tag writes and the TUI on one synthetic corpus, beside SQLite FTS5.

    python bench/run.py --papers 10000 [--json out.json] [--workdir DIR] [--rounds 3] [--skip-tui]
                        [--peer cobib [--peer-papers 5000] [--peer-only]]

Run from the repo root with the project's venv. Everything happens in WORKDIR (default: a temporary folder,
deleted afterwards; a --workdir is kept, and its corpus pages are reused by the next run of the same size): the
corpus pages, a library imported by the real CLI in a child process, the TUI probe in another fresh process,
and the FTS5 copy. The JSON holds exactly the issue's keys (peak_rss_mb holds {"import": MB, "app": MB}); the
printed table adds per-kind numbers and the machine's load. `--peer cobib` then times coBib on the same corpus
(bench/peer_cobib.py); its numbers go to <json stem>-peer.json, never into the main JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpus
import fts5
import peer_cobib
from queries import BenchQuery, query_mix, typed_queries
from userdata import write_user_data

from papertui.library import Library

TAG_WRITES = 50
VISIBILITY_TRIALS = 20
SIMILAR_PAPERS = 50
SUGGEST_TAGGED = 50
DEFAULT_DEBOUNCE_S = 0.0
"""The TUI probe types with the app's debounce off: it measures the work a key costs, not a chosen delay."""


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[rank]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def make_corpus(workdir: Path, papers: int) -> list[Path]:
    folder = workdir / f"corpus-{papers}"
    done = folder / "complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        corpus.write_pages(papers, folder)
        done.write_text("ok\n")
    return sorted(folder.glob("page-*.txt"))


def cli_import(home: Path, files: list[Path]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of `papertui import FILE...` into the empty library `home`. The RSS is wait4's
    ru_maxrss, which on Linux is at least this process's RSS when it forked: run this first, while it is small."""
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "PAPERTUI_HOME": str(home)}
    cmd = [sys.executable, "-m", "papertui", "import", *map(str, files)]
    log = home.parent / f"import-{home.name}.log"  # a file, not a pipe: a full pipe would stall the child
    with log.open("wb") as err:
        start = time.perf_counter()
        # cwd: not the repo root, where `python -m` would find the folder papertui/ before the installed package.
        child = subprocess.Popen(cmd, env=env, cwd=home.parent, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"papertui import failed:\n{log.read_text(errors='replace')[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def time_queries(run_one, mix: list[BenchQuery], rounds: int) -> list[float]:
    """Per query, the median of `rounds` runs (ms); rounds go through the whole mix, so no query repeats
    back to back."""
    times: list[list[float]] = [[] for _ in mix]
    for _ in range(rounds):
        for n, q in enumerate(mix):
            start = time.perf_counter()
            run_one(q)
            times[n].append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def by_kind(mix: list[BenchQuery], times: list[float]) -> dict[str, tuple[float, float, float]]:
    kinds: dict[str, list[float]] = {}
    for q, t in zip(mix, times, strict=True):
        kinds.setdefault(q.kind, []).append(t)
    return {k: (statistics.median(v), percentile(v, 95), max(v)) for k, v in kinds.items()}


def tag_writes(lib: Library, ids: list[str]) -> tuple[list[float], list[float]]:
    """Latency of Library.tag (the CLI's call: returns once the user-data file is on disk and the index has
    the tag), and how long until a `tag:` search finds a new tag."""
    rng = random.Random(5)
    writes = []
    for k in range(TAG_WRITES):
        start = time.perf_counter()
        lib.tag([rng.choice(ids)], [f"bench write {k}"])
        writes.append((time.perf_counter() - start) * 1000)
    visible = []
    for k in range(VISIBILITY_TRIALS):
        pid = rng.choice(ids)
        start = time.perf_counter()
        lib.tag([pid], [f"bench seen {k}"])
        while pid not in [h.id for h in lib.search(f'tag:"bench seen {k}"').hits]:
            if time.perf_counter() - start > 30:
                raise SystemExit("a new tag did not become searchable within 30 s")
            time.sleep(0.001)
        visible.append((time.perf_counter() - start) * 1000)
    return writes, visible


def related_times(lib: Library, ids: list[str]) -> tuple[list[float], list[float]]:
    """More like this for SIMILAR_PAPERS papers spread over the library, then suggestions for a tag of
    SUGGEST_TAGGED papers on one topic (the best matches of one query), each timed on its own."""
    step = max(1, len(ids) // SIMILAR_PAPERS)
    similar = []
    for pid in ids[::step][:SIMILAR_PAPERS]:
        start = time.perf_counter()
        lib.similar(pid, 20)
        similar.append((time.perf_counter() - start) * 1000)
    tagged = [h.id for h in lib.search("diffusion denoising", limit=SUGGEST_TAGGED).hits]
    lib.tag(tagged, ["bench-suggest"])
    suggest = []
    for extra in range(5):
        start = time.perf_counter()
        lib.suggest("bench-suggest", 20 + extra)  # another length each time: the index keeps its last ranking
        suggest.append((time.perf_counter() - start) * 1000)
    lib.undo()
    return similar, suggest


def tui_probe(home: Path, debounce_s: float) -> dict | None:
    cmd = [sys.executable, str(Path(__file__).with_name("tui_probe.py")), str(home), str(debounce_s)]
    child = subprocess.run([*cmd, *typed_queries()], capture_output=True, text=True, timeout=1800)
    for line in child.stdout.splitlines():
        if line.startswith("PROBE "):
            return json.loads(line[6:])
    print(f"TUI probe failed (exit {child.returncode}):\n{child.stderr[-3000:]}", file=sys.stderr)
    return None


def fts5_rows(lib: Library) -> list[tuple[str, str, str]]:
    records = lib.records()
    return [
        (p.title, p.abstract, ", ".join(records[p.id].tags) if p.id in records else "")
        for p in lib.papers(lib.browse()).values()
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--json", type=Path, help="write the metrics here")
    ap.add_argument("--workdir", type=Path, help="keep corpus and library here (default: a temporary folder)")
    ap.add_argument("--rounds", type=int, default=3, help="runs of the query mix (per-query median)")
    ap.add_argument("--skip-tui", action="store_true", help="leave the TUI metrics null")
    ap.add_argument("--debounce", type=float, default=DEFAULT_DEBOUNCE_S, help="the app's debounce while typing")
    ap.add_argument("--peer", choices=["cobib"], help="also time a peer app on the same corpus (own venv)")
    ap.add_argument("--peer-papers", type=int, default=peer_cobib.DEFAULT_PAPERS, help="the peer's corpus size")
    ap.add_argument("--peer-only", action="store_true", help="run only the --peer measurement")
    args = ap.parse_args()
    if args.peer_only and not args.peer:
        ap.error("--peer-only needs --peer")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="papertui-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    what = f"--peer {args.peer} only" if args.peer_only else f"{args.papers:,} papers"
    print(f"papertui bench: {what}; {machine()}; load {load()}", flush=True)
    try:
        if not args.peer_only:
            report(args, workdir)
        if args.peer:
            peer_cobib.run(workdir, args.peer_papers, args.json)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def report(args: argparse.Namespace, workdir: Path) -> None:
    n = args.papers
    files = make_corpus(workdir, n)
    home = workdir / f"library-{n}"
    import_s, import_rss = cli_import(home, files)
    print(f"  imported in {import_s:.1f} s (peak RSS {import_rss:.0f} MB); load {load()}", flush=True)

    lib = Library(home)
    count = lib.count()
    ids = lib.browse("date")
    write_user_data(home / "userdata.json", ids)
    start = time.perf_counter()
    lib.index()  # the index catches up with the 5,000 user records (one update)
    print(f"  user data (5,000 records) caught up in {time.perf_counter() - start:.1f} s", flush=True)
    mix = query_mix(n)
    lib.search("warm up")

    def ours(q: BenchQuery) -> None:
        lib.search(q.papertui(), limit=50, typing=q.typing)

    times = time_queries(ours, mix, args.rounds)
    writes, visible = tag_writes(lib, ids)
    similar, suggest = related_times(lib, ids)
    rows = fts5_rows(lib)
    lib.close()
    print(f"  searched and tagged; load {load()}", flush=True)

    probe = None if args.skip_tui else tui_probe(home, args.debounce)
    db, fts5_build = fts5.build(workdir / f"fts5-{n}.sqlite3", rows)
    fts_times = time_queries(lambda q: fts5.search(db, q.fts5()), mix, args.rounds)
    db.close()

    keys = [ms for _text, ms in probe["keys"]] if probe else []
    metrics = {
        "import_s": round(import_s, 2),
        "import_docs_per_s": round(count / import_s, 1),
        "search_p50_ms": round(statistics.median(times), 2),
        "search_p95_ms": round(percentile(times, 95), 2),
        "search_max_ms": round(max(times), 2),
        "tag_write_p95_ms": round(percentile(writes, 95), 2),
        "tag_visible_in_search_ms": round(max(visible), 2),
        "similar_p95_ms": round(percentile(similar, 95), 2),
        "suggest_ms": round(statistics.median(suggest), 2),
        "suggest_max_ms": round(max(suggest), 2),
        "tui_first_paint_s": round(probe["first_paint_s"], 3) if probe else None,
        "tui_keystroke_p95_ms": round(percentile(keys, 95), 2) if keys else None,
        "peak_rss_mb": {"import": round(import_rss, 1), "app": round(probe["peak_rss_mb"], 1) if probe else None},
        "fts5_build_s": round(fts5_build, 2),
        "fts5_search_p95_ms": round(percentile(fts_times, 95), 2),
    }
    print_table(metrics, mix, times, fts_times, probe, count)
    print(f"load at the end: {load()}")
    if args.json:
        args.json.write_text(json.dumps(metrics, indent=1) + "\n")


def print_table(metrics: dict, mix, times, fts_times, probe, count: int) -> None:
    rss = metrics["peak_rss_mb"]
    ratio = metrics["search_p95_ms"] / metrics["fts5_search_p95_ms"] if metrics["fts5_search_p95_ms"] else 0
    lines = [
        ("papers", f"{count:,}", ""),
        ("import_s", f"{metrics['import_s']:.1f} s", f"{metrics['import_docs_per_s']:,.0f} papers/s"),
        (
            "search p50 / p95 / max",
            f"{metrics['search_p50_ms']:.1f} / {metrics['search_p95_ms']:.1f} / {metrics['search_max_ms']:.1f} ms",
            f"{len(mix)} queries, top 50; p95 = {ratio:.1f}× FTS5",
        ),
        ("tag_write_p95_ms", f"{metrics['tag_write_p95_ms']:.1f} ms", f"{TAG_WRITES} writes"),
        ("tag_visible_in_search_ms", f"{metrics['tag_visible_in_search_ms']:.1f} ms", "slowest of 20"),
        ("similar_p95_ms", f"{metrics['similar_p95_ms']:.1f} ms", f"{SIMILAR_PAPERS} papers, top 20"),
        ("suggest_ms", f"{metrics['suggest_ms']:.1f} ms", f"median of 5, tag of {SUGGEST_TAGGED}"),
        ("tui_first_paint_s", _opt(metrics["tui_first_paint_s"], "{:.2f} s"), ""),
        ("tui_keystroke_p95_ms", _opt(metrics["tui_keystroke_p95_ms"], "{:.1f} ms"), _keys_note(probe)),
        ("peak_rss_mb import / app", f"{rss['import']:.0f} / {_opt(rss['app'], '{:.0f}')} MB", ""),
        ("fts5_build_s", f"{metrics['fts5_build_s']:.1f} s", "reference"),
        ("fts5 search p50 / p95 / max", _triple(fts_times), "reference"),
    ]
    width = max(len(a) for a, _b, _c in lines)
    print()
    for a, b, c in lines:
        print(f"{a:<{width}}  {b:>26}  {c}")
    print("\nby kind (ms)          papertui p50 / p95 / max      FTS5 p50 / p95 / max")
    ours, ref = by_kind(mix, times), by_kind(mix, fts_times)
    for kind, (p50, p95, top) in ours.items():
        r50, r95, rtop = ref[kind]
        print(f"  {kind:<10} {p50:8.1f} {p95:8.1f} {top:8.1f}        {r50:8.1f} {r95:8.1f} {rtop:8.1f}")
    slow = sorted(zip(times, (q.papertui() for q in mix), strict=True), reverse=True)[:5]
    print("slowest: " + "; ".join(f"{q!r} {t:.0f} ms" for t, q in slow))


def _opt(value, fmt: str) -> str:
    return "null" if value is None else fmt.format(value)


def _triple(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} / {percentile(times, 95):.1f} / {max(times):.1f} ms"


def _keys_note(probe: dict | None) -> str:
    if not probe:
        return "TUI probe not run"
    keys = [ms for _t, ms in probe["keys"]]
    worst = max(probe["keys"], key=lambda k: k[1])
    note = f"{len(keys)} keys, p50 {statistics.median(keys):.0f} ms, worst {worst[1]:.0f} ms at {worst[0]!r}"
    note += f"; index ready at {probe['index_ready_s']:.2f} s"
    return note + (f" ({probe['index_message']})" if probe.get("index_message") else "")


if __name__ == "__main__":
    main()
