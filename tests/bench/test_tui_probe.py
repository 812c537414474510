"""bench/tui_probe.py, the benchmark's stand-in for a user typing, still drives the app it measures (it reads the
main screen's state to know when a key has been answered)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:  # bench/ is a folder of scripts that import each other by bare name
    sys.path.insert(0, str(BENCH))

import tui_probe  # noqa: E402

from papertui.library import Library  # noqa: E402

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "page_a.txt"


async def test_the_probe_types_its_queries_and_reports_each_key(home: Path) -> None:
    lib = Library(home)
    lib.import_file(PAGE)
    lib.close()
    result = await tui_probe.probe(home, 0.0, ["diff", "lan"])
    assert [text for text, _ms in result["keys"]] == ["d", "di", "dif", "diff", "l", "la", "lan"]
    assert all(ms >= 0 for _text, ms in result["keys"])
    assert result["first_paint_s"] > 0 and result["peak_rss_mb"] > 0
