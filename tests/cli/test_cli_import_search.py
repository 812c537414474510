"""The CLI as scripts use it: import reports, search/show/stats JSON contracts, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from papertui.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE_A = FIXTURES / "page_a.txt"
PAGE_B = FIXTURES / "page_b.txt"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_import_reports_found_new_known_and_code(home, capsys):
    code, out, _ = run(capsys, "import", str(PAGE_A))
    assert code == 0
    assert f"{PAGE_A}: 5 papers found, 5 new, 0 already known, 4 with code" in out
    data = run_json(capsys, "import", str(PAGE_A), str(PAGE_B))
    first, second = data["sources"]
    assert (first["found"], first["new"], first["known"], first["with_code"]) == (5, 0, 5, 4)
    assert (second["found"], second["new"], second["with_code"]) == (3, 3, 1)
    assert data["errors"] == [] and data["papers"] == 8


def test_import_from_stdin(home, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE_B.read_bytes())))
    code, out, _ = run(capsys, "import", "-")
    assert code == 0 and "stdin: 3 papers found, 3 new" in out


@pytest.mark.parametrize(
    ("make", "expect"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "directory"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "bin.dat", bytes(range(256)) * 10), ""),
        (lambda d: _write(d / "latin1.txt", "Caf\u00e9 na\u00efve\n".encode("latin-1") * 20), ""),
        (lambda d: _write(d / "prose.txt", b"hello\n"), ""),
    ],
)
def test_bad_input_is_one_line_nonzero_and_leaves_library_untouched(home, capsys, tmp_path, make, expect):
    run(capsys, "import", str(PAGE_A))
    bad = make(tmp_path)
    code, out, err = run(capsys, "import", str(bad), str(PAGE_B))
    assert code != 0
    lines = [ln for ln in err.splitlines() if ln.startswith("papertui: error")]
    assert len(lines) == 1 and expect in lines[0]
    assert "Traceback" not in err
    assert "3 papers found, 3 new" in out  # the good file in the same command still imports
    assert run_json(capsys, "stats")["papers"] == 8


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_search_json_contract(home, capsys):
    run(capsys, "import", str(PAGE_A), str(PAGE_B))
    hits = run_json(capsys, "search", "diffusion")
    assert hits and hits[0]["title"].startswith("Tidal Diffusion")
    for key in ("id", "title", "score", "github", "links", "date", "authors_count", "upvotes"):
        assert key in hits[0]
    assert hits[0]["github"] == ["https://github.com/tidal-ml/tidal-diffusion"]
    assert hits[0]["upvotes"] is None


def test_search_distinctive_phrase_finds_its_paper_first(home, capsys):
    run(capsys, "import", str(PAGE_A), str(PAGE_B))
    hits = run_json(capsys, "search", '"loud early gradients"')
    assert hits[0]["title"].startswith("Quiet Gradients")
    assert hits[0]["authors_count"] == 5 and hits[0]["date"] == "2023-03-12"


def test_search_text_output_shows_id_title_and_repo(home, capsys):
    run(capsys, "import", str(PAGE_A))
    code, out, _ = run(capsys, "search", "lantern")
    assert code == 0
    line = out.splitlines()[0]
    pid = line.split()[0]
    assert "Sparse Lantern Attention" in line and "https://github.com/lantern-lab/sparse-lantern" in line
    shown = run_json(capsys, "show", pid)
    assert shown["abstract"].startswith("We introduce Sparse Lantern")


@pytest.mark.parametrize("query", ['"unbalanced', "(((", "*", "title:", "NOT", "x" * 5000, "tag:", "\x00\x1b[2J"])
def test_any_query_gives_results_or_a_message_never_a_traceback(home, capsys, query):
    run(capsys, "import", str(PAGE_A))
    code, _, err = run(capsys, "search", query)
    assert code in (0, 2)
    assert "Traceback" not in err and "internal error" not in err


def test_stats_json_counts_the_library(home, capsys):
    run(capsys, "import", str(PAGE_A), str(PAGE_B))
    stats = run_json(capsys, "stats")
    assert stats["papers"] == 8 and stats["with_code"] == 5


def test_importing_twice_gives_the_same_catalog(home, capsys):
    run(capsys, "import", str(PAGE_A), str(PAGE_B))
    once = run_json(capsys, "list")
    run(capsys, "import", str(PAGE_B), str(PAGE_A))
    assert run_json(capsys, "list") == once


def test_show_unknown_id_is_a_usage_error(home, capsys):
    run(capsys, "import", str(PAGE_A))
    code, _, err = run(capsys, "show", "nonexistent")
    assert code == 2 and err.startswith("papertui: error: no paper with id")


def test_the_index_rebuilds_itself_when_deleted_and_says_so(home, capsys):
    import shutil

    run(capsys, "import", str(PAGE_A))
    shutil.rmtree(home / "index")
    code, out, err = run(capsys, "search", "sheep")
    assert code == 0 and "Counting Sheep" in out
    assert "rebuilt" in err


def test_reindex_rebuilds_on_demand(home, capsys):
    run(capsys, "import", str(PAGE_A))
    code, out, _ = run(capsys, "reindex")
    assert code == 0 and "indexed 5 papers" in out


def test_doctor_reports_paths_and_health(home, capsys):
    run(capsys, "import", str(PAGE_A))
    report = run_json(capsys, "doctor")
    assert report["papers"] == 5 and report["index"] == "ok" and report["problems"] == {}
    assert report["paths"]["home"] == str(home)


def test_keys_lists_the_ids_to_remap_and_the_user_choice(home, capsys):
    before = {row["id"]: row for row in run_json(capsys, "keys")["keys"]}
    assert before["main.tag"]["keys"] == before["main.tag"]["default"] == "t"
    (home / "keys.json").write_text('{"main.tag": "a", "nope": "b"}')
    report = run_json(capsys, "keys")
    after = {row["id"]: row for row in report["keys"]}
    assert after["main.tag"]["keys"] == "a" and after["main.tag"]["default"] == "t"
    assert report["keymap"] == str(home / "keys.json") and any("nope" in p for p in report["problems"])
    code, out, err = run(capsys, "keys")
    assert code == 0 and "(default t)" in out and "nope" in err


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completions_name_every_command(capsys, shell):
    code, out, _ = run(capsys, "completions", shell)
    assert code == 0
    for cmd in ("import", "search", "export", "undo"):
        assert cmd in out


def test_version_and_module_entry_point(home):
    proc = subprocess.run([sys.executable, "-m", "papertui", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("papertui ")


def test_every_subcommand_has_help_with_an_example(capsys):
    from papertui.cli.parser import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0
        out, _ = capsys.readouterr()
        assert "example:" in out and f"papertui {name}" in out, name


def test_demo_without_tui_imports_the_builtin_library(home, capsys):
    code, out, _ = run(capsys, "demo", "--no-tui")
    assert code == 0 and "demo library at" in out
    assert not home.exists()  # the user's library is never touched by the demo


def test_search_hints_stay_short_even_when_the_query_is_long(home, capsys):
    run(capsys, "import", str(PAGE_A))
    query = " ".join(f"has:{'x' * 300} year:{n}zz" for n in range(4))
    code, _, err = run(capsys, "search", query)
    lines = [line for line in err.splitlines() if line.startswith("papertui: ")]
    assert code == 2 and len(lines) == 1, err
    assert len(lines[0]) <= 260 and "has:xxxxxxxx" in lines[0], lines[0]
