"""What a new user tripped over on the command line: `-word` in searches, "N of M", export --all, one-line
clipboard errors, no app without a terminal, help on every option, note/triage --json, tag completion."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papertui.cli import main
from papertui.cli.parser import build_parser

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def ids(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines() if line.strip()]


@pytest.fixture
def lib(home: Path, capsys) -> dict[str, str]:
    """Both fixture pages imported: title's first word -> id."""
    assert run(capsys, "import", str(FIXTURES / "page_a.txt"), str(FIXTURES / "page_b.txt"))[0] == 0
    out = run(capsys, "list", "--json")[1]
    return {p["title"].split()[0].rstrip(":"): p["id"] for p in json.loads(out)}


def child(*argv: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "papertui", *argv], capture_output=True, text=True, timeout=120, env=env, **kw
    )


# -- search ---------------------------------------------------------------------------------------------------


def test_search_words_may_start_with_a_dash_and_exclude_them(lib, capsys) -> None:
    code, out, err = run(capsys, "search", "diffusion")
    assert code == 0 and lib["Tidal"] in ids(out), err
    code, out, err = run(capsys, "search", "diffusion", "-tidal")
    assert code == 0 and lib["Tidal"] not in ids(out), (out, err)
    assert "unrecognized" not in err


def test_search_options_work_in_any_position_around_dashed_words(lib, capsys) -> None:
    for argv in (
        ["--json", "-tidal", "--limit", "1", "models"],
        ["-tidal", "models", "--json", "--limit=1"],
        ["models", "--limit", "1", "-tidal", "--json", "--sort", "title"],
    ):
        code, out, err = run(capsys, "search", *argv)
        assert code == 0, (argv, err)
        found = json.loads(out)
        assert len(found) == 1 and found[0]["id"] != lib["Tidal"], argv


@pytest.mark.parametrize("argv", [["x", "--limit", "-5"], ["--limit", "-1", "x"], ["x", "--lmit", "3"]])
def test_a_bad_search_option_is_still_one_clear_error(lib, capsys, argv: list[str]) -> None:
    code, out, err = run(capsys, "search", *argv)
    assert code == 2 and out == ""
    assert len([line for line in err.splitlines() if "error" in line]) == 1, err


def test_search_says_how_many_papers_it_shows_of_how_many_found(lib, capsys) -> None:
    code, out, err = run(capsys, "search", "models", "--limit", "2")
    _, all_out, _ = run(capsys, "search", "models", "--json", "--limit", "100")
    total = len(json.loads(all_out))
    assert total > 2
    assert code == 0 and len(ids(out)) == 2
    assert f"2 of {total} papers found" in err


# -- export --all ---------------------------------------------------------------------------------------------


def test_export_all_exports_every_paper_tagged_or_not(lib, capsys) -> None:
    code, _, err = run(capsys, "export", "-f", "json")
    assert code == 1 and "nothing to export" in err  # the default is still: the tagged papers
    code, out, _ = run(capsys, "export", "--all", "-f", "json")
    assert code == 0
    assert sorted(p["id"] for p in json.loads(out)) == sorted(lib.values())
    code, _, err = run(capsys, "export", "--all", "--tag", "x")
    assert code == 2 and "--all" in err


# -- one-line failures ----------------------------------------------------------------------------------------


def test_clipboard_import_without_a_clipboard_tool_is_one_line(home: Path, tmp_path: Path) -> None:
    # No xclip / xsel / wl-paste on PATH and no display: pyperclip has no way to read a clipboard.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PATH"] = str(tmp_path)
    done = child("import", "--clipboard", env=env)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "clipboard" in done.stderr, done.stderr


@pytest.mark.parametrize("argv", [[], ["demo"]])
def test_the_app_without_a_terminal_says_so_in_one_line_instead_of_hanging(home: Path, argv: list[str]) -> None:
    done = child(*argv, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "needs a terminal" in done.stderr, done.stderr


# -- help -----------------------------------------------------------------------------------------------------


def test_every_option_and_argument_of_every_command_has_help_text() -> None:
    missing = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
            elif not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{path}: {'/'.join(action.option_strings) or action.dest}")

    walk(build_parser(), "papertui")
    assert missing == []


# -- note / triage --json ---------------------------------------------------------------------------------------


def test_note_json_shows_the_note_and_reports_a_change(lib, capsys) -> None:
    pid = lib["Tidal"]
    code, out, _ = run(capsys, "note", pid, "--json")
    assert code == 0 and json.loads(out) == {"id": pid, "note": ""}
    code, out, _ = run(capsys, "note", pid, "read section 4", "--json")
    change = json.loads(out)
    assert code == 0 and change["action"] == "note" and change["papers"] == [pid]
    assert set(change) == {"action", "description", "papers", "rev"}  # the shape `tag --json` reports
    code, out, _ = run(capsys, "note", pid, "--json")
    assert json.loads(out) == {"id": pid, "note": "read section 4"}


def test_triage_json_reports_the_change_like_tag_does(lib, capsys) -> None:
    code, out, _ = run(capsys, "triage", lib["Tidal"], lib["Counting"], "kept", "--json")
    change = json.loads(out)
    assert code == 0 and change["action"] == "triage"
    assert sorted(change["papers"]) == sorted([lib["Tidal"], lib["Counting"]])
    _, tag_out, _ = run(capsys, "tag", lib["Tidal"], "x", "--json")
    assert set(change) == set(json.loads(tag_out))


# -- completion -----------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion_offers_the_librarys_tag_names_after_tag_options(lib, capsys, home: Path) -> None:
    run(capsys, "tag", lib["Tidal"], "reading")
    run(capsys, "tag", lib["Counting"], "to read")
    script = run(capsys, "completions", "bash")[1]

    def complete(*words: str) -> list[str]:
        line = " ".join(f"'{w}'" for w in words)
        probe = (
            f'{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _papertui; printf "%s\\n" "${{COMPREPLY[@]}}"'
        )
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=120, env=env)
        assert done.returncode == 0, done.stderr
        return [w for w in done.stdout.splitlines() if w]

    assert complete("papertui", "list", "--tag", "") == ["reading", "to read"]
    assert complete("papertui", "tag", "-t", "to") == ["to read"]
    assert complete("papertui", "export", "--tag", "re") == ["reading"]
    assert complete("papertui", "suggest", "") == ["reading", "to read"]  # suggest takes a tag
    assert complete("papertui", "search", "--li") == ["--limit"]  # options still complete as before
