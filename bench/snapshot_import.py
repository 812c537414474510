"""Snapshot import speed: records/s for the arXiv metadata snapshot reader alone (parsed, and parsed and
filtered to one category) and for a whole `papertui import` of it into a fresh library.

    python bench/snapshot_import.py --records 100000 [--gzip] [--category cs.CL] [--json out.json]

Run from the repo root with the project's venv. The corpus (bench/snapshot_corpus.py) and the library live in a
temporary folder, deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import snapshot_corpus

from papertui.ingest.arxiv_snapshot import iter_snapshot
from papertui.ingest.filters import RecordFilter
from papertui.ingest.source_stream import open_stream
from papertui.library import Library


def read_rate(path: Path, records: int, record_filter: RecordFilter) -> tuple[float, int]:
    """(records/s, records kept) for reading `path` through the import's own stream and reader."""
    start = time.perf_counter()
    with path.open("rb") as raw:
        kept = sum(1 for _ in iter_snapshot(open_stream(raw, path.name).lines(), record_filter))
    return records / (time.perf_counter() - start), kept


def import_rate(path: Path, records: int, home: Path, record_filter: RecordFilter) -> tuple[float, int]:
    """(records/s, papers found) for Library.import_file: reading, filtering, catalog merge, index update."""
    start = time.perf_counter()
    lib = Library(home)
    try:
        report = lib.import_file(path, record_filter)
        lib.index()
    finally:
        lib.close()
    return records / (time.perf_counter() - start), report.found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--gzip", action="store_true", help="write and read the corpus gzip-compressed")
    parser.add_argument("--category", default="cs.CL", help="the category of the filtered runs (default cs.CL)")
    parser.add_argument("--skip-full", action="store_true", help="time the reader only, not the whole import")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args()
    wanted = RecordFilter.from_options([args.category])
    results: dict[str, object] = {"records": args.records, "gzip": args.gzip, "category": args.category}
    with tempfile.TemporaryDirectory(prefix="papertui-snapshot-") as tmp:
        path = Path(tmp) / ("snapshot.jsonl.gz" if args.gzip else "snapshot.jsonl")
        start = time.perf_counter()
        snapshot_corpus.write(path, args.records)
        results["corpus_mb"] = round(path.stat().st_size / 1e6, 1)
        results["generate_s"] = round(time.perf_counter() - start, 1)
        rate, _ = read_rate(path, args.records, RecordFilter())
        results["read_records_per_s"] = round(rate)
        rate, kept = read_rate(path, args.records, wanted)
        results["read_filtered_records_per_s"] = round(rate)
        results["filtered_kept"] = kept
        rate, found = import_rate(path, args.records, Path(tmp) / "lib-filtered", wanted)
        results["import_filtered_records_per_s"] = round(rate)
        if not args.skip_full:
            rate, found = import_rate(path, args.records, Path(tmp) / "lib-all", RecordFilter())
            results["import_all_records_per_s"] = round(rate)
            results["import_all_found"] = found
    for key, value in results.items():
        print(f"{key:32} {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
