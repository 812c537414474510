"""Odd encodings never fail a command: a file name that is not UTF-8, a terminal that cannot show a title's
characters, arguments typed in a C/POSIX locale, and tags that differ only by invisible characters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from papertui.errors import UsageError
from papertui.library import Library
from papertui.store.tags import clean_tag, tag_key

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
INTERNAL_ERROR = 70


def cli(home: Path, *args: str | bytes, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "papertui", *args],
        capture_output=True,
        env={**os.environ, "PAPERTUI_HOME": str(home), **env},
    )


POSIX_LOCALE = {"LC_ALL": "POSIX", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
LATIN1_TERMINAL = {"PYTHONIOENCODING": "latin-1"}


def test_a_file_whose_name_is_not_utf8_imports(tmp_path) -> None:
    name = os.fsencode(tmp_path) + b"/page-\xff\xfe.txt"
    with open(name, "wb") as fh:
        fh.write((FIXTURES / "page_a.txt").read_bytes())
    done = cli(tmp_path / "lib", "import", name)
    assert done.returncode == 0, done.stderr
    assert b"5 papers found" in done.stdout
    stats = json.loads(cli(tmp_path / "lib", "stats", "--json").stdout)
    assert stats["papers"] == 5


def test_a_terminal_that_cannot_show_a_title_gets_replacement_characters(tmp_path) -> None:
    home = tmp_path / "lib"
    assert cli(home, "import", str(FIXTURES / "page_a.txt")).returncode == 0
    lib = Library(home)
    try:
        greek = next(pid for pid in lib.browse() if "Σ" in lib.paper(pid).title)
    finally:
        lib.close()
    for argv in (["list"], ["show", greek], ["search", "multilingual"], ["search", "multilingual", "--json"]):
        done = cli(home, *argv, **LATIN1_TERMINAL)
        assert done.returncode == 0, (argv, done.stderr)
        assert b"Traceback" not in done.stderr
        assert b"T\xdcLU-?" in done.stdout or b"\\u03a3" in done.stdout or b"T\xdcLU-\\u03a3" in done.stdout


def test_a_tag_typed_in_a_posix_locale_is_stored_as_the_text_typed(tmp_path) -> None:
    home = tmp_path / "lib"
    assert cli(home, "import", str(FIXTURES / "page_a.txt")).returncode == 0
    lib = Library(home)
    pid = lib.browse()[0]
    lib.close()
    done = cli(home, "tag", pid, "naïve".encode(), **POSIX_LOCALE)
    assert done.returncode == 0, done.stderr
    lib = Library(home)
    try:
        assert lib.record(pid).tags == ("naïve",)
    finally:
        lib.close()
    shown = cli(home, "tags", **POSIX_LOCALE)
    assert shown.returncode == 0 and shown.stdout.startswith(b"na?ve"), shown


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\u00ad", "\ufeff", "\u2060"])
def test_tags_that_differ_only_by_an_invisible_character_are_one_tag(invisible) -> None:
    assert clean_tag(f"to{invisible}read") == "toread"
    assert tag_key(f"To{invisible}Read") == tag_key("toread")


def test_unusual_spaces_in_a_tag_are_plain_spaces() -> None:
    assert clean_tag("to\u00a0read") == "to read"
    assert tag_key("to\u3000read") == tag_key("to read")


def test_undecodable_bytes_in_a_tag_are_refused_in_one_line() -> None:
    with pytest.raises(UsageError, match="valid text"):
        clean_tag("x\udcc3")
