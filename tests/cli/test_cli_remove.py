"""`papertui remove` and the undo of imports from the shell, as a script (and a person at a terminal) uses them."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from cli_run import FIXTURES, run
from cli_run import ids_by_title as listed


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_remove_reports_count_and_titles_and_undo_brings_the_papers_back(lib, capsys):
    pid = lib["Pebble"]
    run(capsys, "tag", pid, "reading")
    code, out, _ = run(capsys, "remove", pid, lib["Lighthouse"])
    assert code == 0
    assert out.startswith("removed 2 papers: Pebble") and "Lighthouse" in out
    assert "Pebble" not in listed(capsys)
    _, out, _ = run(capsys, "tags", "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, "export", "--tag", "reading", "-f", "json")
    assert code == 1 and "nothing to export" in err
    code, out, _ = run(capsys, "doctor", "--json")
    assert code == 0, out
    _, out, _ = run(capsys, "stats", "--json")
    assert json.loads(out)["papers"] == len(lib) - 2

    code, out, _ = run(capsys, "undo")
    assert code == 0 and out.startswith("undid: removed 2 papers")
    assert listed(capsys) == lib
    _, out, _ = run(capsys, "show", pid, "--json")
    assert json.loads(out)["tags"] == ["reading"]
    code, out, _ = run(capsys, "redo")
    assert code == 0 and "Pebble" not in listed(capsys)


def test_remove_json_and_query(lib, capsys):
    code, out, _ = run(capsys, "remove", "--query", "has:code", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["action"] == "remove" and report["count"] == 5 == len(report["papers"]) == len(report["titles"])
    _, out, _ = run(capsys, "search", "has:code", "--json")
    assert json.loads(out) == []


def test_an_unknown_id_is_one_line_and_removes_nothing(lib, capsys):
    code, out, err = run(capsys, "remove", lib["Pebble"], "zzzzzzz")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("papertui: error: no paper with id 'zzzzzzz'")
    assert listed(capsys) == lib
    code, _, err = run(capsys, "remove")
    assert code == 2 and err.startswith("papertui: error: give at least one paper id")
    code, _, err = run(capsys, "remove", "--query", "zzyzx")
    assert code == 2 and "nothing was removed" in err
    assert listed(capsys) == lib


def test_a_terminal_is_asked_and_no_removes_nothing(lib, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    code, out, err = run(capsys, "remove", lib["Pebble"])
    assert code == 1 and "remove 1 paper? [y/N]" in out
    assert "Pebble" in err and "nothing was removed" in err
    assert listed(capsys) == lib
    monkeypatch.setattr(sys, "stdin", _Terminal("y\n"))
    code, _, _ = run(capsys, "remove", lib["Pebble"])
    assert code == 0 and "Pebble" not in listed(capsys)


def test_yes_skips_the_question_at_a_terminal(lib, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Terminal(""))  # would read EOF (= no) if asked
    code, _, _ = run(capsys, "remove", "--yes", lib["Pebble"])
    assert code == 0 and "Pebble" not in listed(capsys)


def test_undo_of_an_import_then_redo(home, capsys):
    run(capsys, "import", str(FIXTURES / "page_a.txt"))
    first = listed(capsys)
    run(capsys, "import", str(FIXTURES / "page_b.txt"))
    everything = listed(capsys)
    new = next(pid for title, pid in everything.items() if title not in first)
    run(capsys, "tag", new, "later")

    assert run(capsys, "undo")[1].startswith('undid: tagged 1 paper "later"')
    code, out, _ = run(capsys, "undo")
    assert code == 0 and out.startswith(f"undid: import of {FIXTURES / 'page_b.txt'}: ")
    assert listed(capsys) == first
    assert run(capsys, "redo")[0] == 0
    assert listed(capsys) == everything  # the same ids
    assert run(capsys, "redo")[0] == 0
    _, out, _ = run(capsys, "show", new, "--json")
    assert json.loads(out)["tags"] == ["later"]


def test_a_script_is_never_asked(lib, home):
    done = subprocess.run(
        [sys.executable, "-m", "papertui", "remove", lib["Pebble"]],
        stdin=subprocess.PIPE,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("removed 1 paper: Pebble")
