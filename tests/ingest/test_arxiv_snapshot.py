"""The arXiv metadata snapshot: records normalised, broken lines skipped by number, filters, streaming."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from structured_fixtures import STRUCTURED, fixture_text

from papertui.ingest.arxiv_snapshot import SnapshotStats, iter_snapshot, read_snapshot
from papertui.ingest.filters import RecordFilter


def test_records_are_normalised_with_authors_versions_and_old_style_ids() -> None:
    result = read_snapshot(fixture_text("snapshot.jsonl"))
    first, old, clouds, stats = result.papers
    assert first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert first.abstract.startswith("A fully differential calculation in perturbative quantum chromodynamics is pre")
    assert first.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan")
    assert (first.arxiv_id, first.arxiv_version) == ("0704.0001", 2)
    assert first.first_version == first.date == "2007-04-02"  # the first version's date, not the latest
    assert (first.doi, first.journal_ref) == ("10.1103/PhysRevD.76.013009", "Phys.Rev.D76:013009,2007")
    assert first.comment == "37 pages, 15 figures; published version"
    assert old.arxiv_id == "cs/9912001" and old.categories == ("cs.LG", "cs.AI")
    assert clouds.github == ("https://github.com/example/clouds",)  # named in the comments
    assert stats.reader == "arxiv-snapshot"


def test_a_line_that_is_not_json_and_a_record_without_a_title_are_skipped_by_line_number() -> None:
    result = read_snapshot(fixture_text("snapshot.jsonl"))
    assert result.warnings == (
        "line 3: not a JSON record (Expecting value); skipped",
        "line 4: not an arXiv record with an id and a title; skipped",
    )
    assert result.skipped == 2


@pytest.mark.parametrize(
    ("categories", "since", "ids"),
    [
        (("cs",), None, ["cs/9912001", "2310.01234"]),  # an archive keeps all of its categories
        (("cs.CL",), None, ["2310.01234"]),  # the abstract's "cs.CL" of 2401.05555 does not count
        (("cs.C",), None, []),  # a prefix is not a category
        (("hep-ph", "stat"), None, ["0704.0001", "2401.05555"]),  # repeated: any of them
        ((), "2023-10-02", ["2310.01234", "2401.05555"]),  # the first version's date, that day included
        (("cs",), "2000-01-01", ["2310.01234"]),
    ],
)
def test_category_and_since_filters(categories: tuple[str, ...], since: str | None, ids: list[str]) -> None:
    wanted = RecordFilter.from_options(categories, since)
    kept = iter_snapshot(fixture_text("snapshot.jsonl").splitlines(), wanted)
    assert [p.arxiv_id for p in kept] == ids


def test_the_reader_streams_one_record_at_a_time() -> None:
    """Papers come out while the input is still being read: an endless input yields its first papers."""
    line = (STRUCTURED / "snapshot.jsonl").read_bytes().splitlines()[0]
    read = 0

    def endless() -> Iterator[bytes]:
        nonlocal read
        while True:
            read += 1
            yield line

    first = list(itertools.islice(iter_snapshot(endless()), 3))
    assert len(first) == 3 and read == 3


def test_counts_and_line_progress() -> None:
    stats = SnapshotStats()
    seen: list[int] = []
    kept = list(
        iter_snapshot(
            fixture_text("snapshot.jsonl").splitlines(), RecordFilter(categories=("cs",)), stats, on_line=seen.append
        )
    )
    # The line that is not JSON does not mention cs: left out unread by the category check, not warned about.
    assert (stats.read, stats.kept, stats.filtered, stats.broken) == (6, 2, 3, 1) and len(kept) == 2
    assert seen == list(range(1, 8))


def test_the_raw_line_prefilter_agrees_with_decoding_every_record() -> None:
    """The category check on the raw bytes only skips decoding: it never drops a record the exact filter keeps."""
    records = [json.loads(x) for x in fixture_text("snapshot.jsonl").splitlines() if x.startswith("{")]
    for cats in (("cs",), ("cs.LG",), ("hep-ph",), ("math",), ("stat.ML",)):
        wanted = RecordFilter(categories=cats)
        slow = [r["id"] for r in records if r["title"] and wanted.keeps_categories(r["categories"].split())]
        fast = [p.arxiv_id for p in iter_snapshot((json.dumps(r) for r in records), wanted)]
        assert fast == slow
