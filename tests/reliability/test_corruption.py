"""Damaged files: a truncated, garbage or empty catalog, user-data file or index, and files the user cannot
read or write. Every command then either works or fails with one clear line (never a traceback or an
"internal error"); the user's tags and notes are never overwritten; the index heals itself; and the recovery
`papertui doctor` describes works."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest
from cli_proc import permissions_enforceable, run_cli

from papertui.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = (FIXTURES / "page_a.txt", FIXTURES / "page_b.txt")
NEW_PAGE = Path(__file__).resolve().parents[1] / "ingest" / "fixtures" / "layout_a_small.txt"
INTERNAL_ERROR = 70


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(random.Random(len(data)).randbytes(max(len(data), 64)))
    else:
        path.write_bytes(b"")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def commands(ids: list[str], tmp: Path) -> list[list[str]]:
    return [
        ["list"],
        ["search", "keep"],
        ["show", ids[0]],
        ["tag", ids[2], "fresh"],
        ["note", ids[1], "a new note"],
        ["undo"],
        ["export", "--tag", "keep", "-o", str(tmp / "out.md")],
        ["stats"],
        ["import", str(NEW_PAGE)],
        ["reindex"],
        ["doctor"],
    ]


def run_all(capsys, argvs: list[list[str]]) -> dict[str, tuple[int, str]]:
    """Run each command in-process; check the CLI's promises for every one; return {command: (code, err)}."""
    results = {}
    for argv in argvs:
        code = main(argv)
        out, err = capsys.readouterr()
        assert code != INTERNAL_ERROR, f"{argv}: {err}"
        assert "Traceback" not in err + out
        if code != 0 and argv[0] != "doctor":
            errors = [line for line in err.splitlines() if line.startswith("papertui: error: ")]
            assert len(errors) == 1, f"{argv} exited {code} with stderr {err!r}"
        results[argv[0]] = (code, err)
    return results


@pytest.mark.parametrize("how", ["truncated", "garbage", "empty"])
def test_a_damaged_user_data_file_is_refused_clearly_and_never_overwritten(library, capsys, tmp_path, how) -> None:
    home, ids = library
    userdata = home / "userdata.json"
    damage(userdata, how)
    before = digest(userdata)
    results = run_all(capsys, commands(ids, tmp_path))
    assert digest(userdata) == before
    for name in ("list", "tag", "note", "undo", "export", "stats"):
        code, err = results[name]
        assert code == 1 and "tags and notes file" in err, (name, err)
    assert results["doctor"][0] == 1


@pytest.mark.parametrize("how", ["truncated", "garbage", "empty"])
def test_a_damaged_catalog_fails_clearly_and_the_documented_recovery_restores_tags(
    library, capsys, tmp_path, how
) -> None:
    home, ids = library
    user_before = digest(home / "userdata.json")
    damage(home / "catalog.sqlite3", how)
    results = run_all(capsys, [*commands(ids, tmp_path)[:5], ["doctor"]])
    if how != "empty":  # an empty file is a new, empty SQLite database: the library simply looks empty
        assert results["list"][0] == 1 and "catalog" in results["list"][1]
        assert results["doctor"][0] == 1
    # The user's own data is untouched by whatever the commands did.
    assert digest(home / "userdata.json") == user_before or results["tag"][0] == 0
    # doctor's advice: move the broken catalog aside, re-import the pages; tags and notes re-attach.
    (home / "catalog.sqlite3").rename(tmp_path / "broken-catalog")
    for extra in home.glob("catalog.sqlite3-*"):
        extra.unlink()
    assert main(["import", *map(str, PAGES)]) == 0
    assert main(["search", "tag:keep"]) == 0
    found = {line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()}
    assert set(ids[:2]) <= found
    assert main(["note", ids[0]]) == 0
    assert "remember section four" in capsys.readouterr().out


@pytest.mark.parametrize("how", ["truncated", "garbage", "empty"])
def test_a_damaged_index_is_rebuilt_and_every_command_works(library, capsys, tmp_path, how) -> None:
    home, ids = library
    for path in (home / "index").iterdir():
        if path.is_file():
            damage(path, how)
    results = run_all(capsys, commands(ids, tmp_path))
    failed = {name: r for name, r in results.items() if r[0] != 0}
    assert failed == {}
    assert main(["search", "tag:keep"]) == 0
    found = {line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()}
    assert found >= {ids[1]}  # ids[0] lost "keep"? no: undo above undid the note, not the tag
    assert main(["doctor"]) == 0


def test_a_library_whose_index_was_built_empty_can_import_and_search(tmp_path) -> None:
    from papertui.library import Library

    lib = Library(tmp_path / "library")
    try:
        lib.index()  # e.g. `papertui search` before the first import
        assert lib.import_file(PAGES[0]).new == 5
        assert lib.search("diffusion").hits
    finally:
        lib.close()


# -- permissions: run as a real process, with the capabilities that let root ignore chmod dropped ------------
needs_permissions = pytest.mark.skipif(not permissions_enforceable(), reason="chmod cannot deny access here")

CASES = {
    # what is made inaccessible: (path relative to the home, mode, commands that must still work)
    "unreadable user data": ("userdata.json", 0o000, ()),
    "read-only user data": ("userdata.json", 0o444, ("list", "search")),
    "unreadable catalog": ("catalog.sqlite3", 0o000, ()),
    "unreadable index folder": ("index", 0o000, ("list", "tag")),
    "read-only library folder": (".", 0o555, ()),
}


@needs_permissions
@pytest.mark.parametrize("case", CASES)
def test_files_without_permission_give_one_clear_line_and_stay_unchanged(library, case) -> None:
    home, ids = library
    rel, mode, must_work = CASES[case]
    target = home / rel
    user_before = digest(home / "userdata.json")
    target.chmod(mode)
    try:
        for argv in (["list"], ["search", "keep"], ["tag", ids[2], "fresh"]):
            result = run_cli(home, *argv, unprivileged=True)
            assert "Traceback" not in result.err and result.code != INTERNAL_ERROR, result
            if argv[0] in must_work:
                assert result.code == 0, result
            elif result.code != 0:
                assert result.one_clear_line(), result
    finally:
        target.chmod(0o755 if target.is_dir() else 0o644)
    if "tag" not in must_work:
        assert digest(home / "userdata.json") == user_before


def test_doctor_names_a_broken_catalog_once_and_gives_only_the_advice_that_applies(library, capsys) -> None:
    home, _ = library
    damage(home / "catalog.sqlite3", "garbage")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert out.count("problem (catalog)") == 1
    assert "move catalog.sqlite3 out of the way" in out
    assert "user data (tags, notes, triage) broken" not in out


def test_doctor_does_not_advise_moving_files_when_the_disk_is_only_full() -> None:
    from papertui.cli.doctor import FULL_DISK, recovery_advice

    advice = recovery_advice({"catalog": ["the disk holding /x is full: free some space and try again"]})
    assert advice == [FULL_DISK]
