"""The BibTeX that bench/peer_cobib.py hands to coBib: the benchmark corpus, whole, one entry per paper.

No network and no coBib: the file is read back with bibtexparser (the test venv's), and the peer JSON is
written to a temporary folder.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import bibtexparser

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:  # bench/ is a folder of scripts that import each other by bare name
    sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import peer_cobib  # noqa: E402


def _unescape(value: str) -> str:
    return re.sub(r"\\([{}%&$#_])", r"\1", value)


def test_bibtex_file_reads_back_as_the_same_papers_in_order(tmp_path: Path) -> None:
    bib = tmp_path / "corpus.bib"
    papers = list(corpus.papers(40))
    assert peer_cobib.write_bibtex(iter(papers), bib) == 40

    library = bibtexparser.parse_file(str(bib))

    assert not library.failed_blocks
    assert [e.key for e in library.entries] == [f"paper{n:05d}" for n in range(1, 41)]
    for entry, paper in zip(library.entries, papers, strict=True):
        assert _unescape(entry["title"]) == paper.title
        assert _unescape(entry["abstract"]) == paper.abstract


def test_year_is_written_only_when_the_paper_date_has_one(tmp_path: Path) -> None:
    papers = list(corpus.papers(60))
    bib = tmp_path / "corpus.bib"
    peer_cobib.write_bibtex(papers, bib)

    entries = bibtexparser.parse_file(str(bib)).entries

    for entry, paper in zip(entries, papers, strict=True):
        year = re.search(r"\b(\d{4})$", paper.date or "")
        got = entry["year"] if "year" in entry.fields_dict else None
        assert got == (year.group(1) if year else None)
    assert any("year" in e.fields_dict for e in entries) and any("year" not in e.fields_dict for e in entries)


def test_braces_and_percent_signs_do_not_break_the_entry(tmp_path: Path) -> None:
    odd = corpus.SynthPaper(
        title="Half {Open: 50% & $x_1$ #2 }",
        abstract="A closing } brace, a % that would start a comment, and Tülu.",
        authors=None,
        date=None,
        upvotes=None,
    )
    bib = tmp_path / "odd.bib"
    peer_cobib.write_bibtex([odd, *corpus.papers(2)], bib)

    library = bibtexparser.parse_file(str(bib))

    assert not library.failed_blocks
    assert len(library.entries) == 3
    assert _unescape(library.entries[0]["title"]) == odd.title
    assert _unescape(library.entries[0]["abstract"]) == odd.abstract


def test_peer_metrics_go_to_their_own_file_beside_the_main_json(tmp_path: Path) -> None:
    main_json = tmp_path / "bench-5000.json"
    result = {"peer": "cobib", "papers": 5000, "tui_open_s": 1.0, "search_s": 2.0}

    written = peer_cobib.write_json(main_json, result)

    assert written == tmp_path / "bench-5000-peer.json"
    assert json.loads(written.read_text()) == {"peer": result}
    assert not main_json.exists()
