"""Each of `papertui doctor`'s verdicts against the situation that produces it: damage, permissions, a full or
read-only disk, leftovers of a killed write, a damaged backups folder. Its advice must fit the cause, and it
never says to move or replace a file that can still be read."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_proc import permissions_enforceable, run_cli
from torture_damage import fill, tmpfs

from papertui.cli import main
from papertui.library import Library

MOVE_CATALOG = "move catalog.sqlite3 out of the way"
REPLACE_USERDATA = "copy the newest file from the backups folder"
needs_permissions = pytest.mark.skipif(
    not permissions_enforceable(), reason="cannot drop root's file-permission override"
)


def doctor_json(capsys) -> tuple[int, dict]:
    code = main(["doctor", "--json"])
    return code, json.loads(capsys.readouterr().out)


def advice_text(report: dict) -> str:
    return "\n".join(report["advice"])


def test_a_healthy_library_has_no_findings(library, capsys) -> None:
    code, report = doctor_json(capsys)
    assert code == 0 and report["findings"] == [] and report["advice"] == []


def test_a_temp_file_left_by_a_killed_write_is_a_harmless_note_not_broken_user_data(library, capsys) -> None:
    home, _ = library
    (home / ".userdata.json.k2j4.tmp").write_bytes(b'{"half": ')
    code, report = doctor_json(capsys)
    assert code == 0, report
    assert report["problems"] == {}
    assert any("interrupted write" in n for n in report["notes"])
    assert REPLACE_USERDATA not in advice_text(report)
    assert main(["doctor"]) == 0
    assert "note (userdata)" in capsys.readouterr().out


def test_a_readable_user_data_file_with_odd_entries_is_never_to_be_replaced(library, capsys) -> None:
    home, _ = library
    data = json.loads((home / "userdata.json").read_text())
    shard = next(name for name, table in data.items() if name.startswith("records") and table)
    first = next(iter(data[shard]))
    data[shard][first]["colour"] = "blue"  # a hand edit papertui does not know
    (home / "userdata.json").write_text(json.dumps(data))
    code, report = doctor_json(capsys)
    assert code == 1
    assert {f["kind"] for f in report["findings"]} == {"odd"}
    assert REPLACE_USERDATA not in advice_text(report)
    assert "replace nothing" in advice_text(report)


def test_an_unparsable_user_data_file_is_damage_and_the_advice_keeps_it(library, capsys) -> None:
    home, _ = library
    (home / "userdata.json").write_text('{"meta": {')
    code, report = doctor_json(capsys)
    assert code == 1
    assert [f["kind"] for f in report["findings"] if f["area"] == "userdata"] == ["damaged"]
    assert "Move it aside (keep it)" in advice_text(report)


def test_a_file_at_backups_does_not_block_changes_and_doctor_reports_it(library, capsys) -> None:
    home, ids = library
    shutil.rmtree(home / "backups", ignore_errors=True)
    (home / "backups").write_text("not a folder")
    for argv in (["tag", ids[3], "fresh"], ["note", ids[3], "still saved"], ["triage", ids[3], "kept"], ["undo"]):
        assert main(argv) == 0, argv
        assert "Traceback" not in capsys.readouterr().err
    lib = Library(home)
    try:
        assert lib.record(ids[3]).note == "still saved"
    finally:
        lib.close()
    code, report = doctor_json(capsys)
    assert code == 1
    assert [(f["area"], f["kind"]) for f in report["findings"]] == [("backups", "damaged")]
    assert "backups/ is a file" in advice_text(report)
    assert MOVE_CATALOG not in advice_text(report) and REPLACE_USERDATA not in advice_text(report)


def test_a_failed_daily_backup_is_a_warning_on_the_saved_change(library, capsys) -> None:
    home, ids = library
    shutil.rmtree(home / "backups", ignore_errors=True)
    (home / "backups").write_text("not a folder")
    assert main(["tag", ids[4], "fresh"]) == 0
    err = capsys.readouterr().err
    assert "papertui: warning: saved, but no safety copy could be written" in err


@needs_permissions
def test_an_unwritable_backups_folder_does_not_block_changes_and_doctor_reports_it(library) -> None:
    home, ids = library
    (home / "backups").mkdir(exist_ok=True)
    (home / "backups").chmod(0o555)
    try:
        tagged = run_cli(home, "tag", ids[3], "fresh", unprivileged=True)
        assert tagged.code == 0, tagged
        doctor = run_cli(home, "doctor", "--json", unprivileged=True)
    finally:
        (home / "backups").chmod(0o755)
    report = json.loads(doctor.out)
    assert doctor.code == 1
    assert [(f["area"], f["kind"]) for f in report["findings"]] == [("backups", "permission")]


@needs_permissions
def test_a_read_only_library_folder_is_a_permission_problem_not_damage(library) -> None:
    home, _ = library
    home.chmod(0o555)
    try:
        doctor = run_cli(home, "doctor", "--json", unprivileged=True)
    finally:
        home.chmod(0o755)
    report = json.loads(doctor.out)
    tips = "\n".join(report["advice"])
    assert ("disk", "permission") in {(f["area"], f["kind"]) for f in report["findings"]}
    assert MOVE_CATALOG not in tips and REPLACE_USERDATA not in tips
    assert "write permission" in tips


@contextmanager
def tiny_disk(where: Path, size: str) -> Iterator[Path]:
    with tmpfs(where, size) as disk:
        if disk is None:
            pytest.skip("mounting a tiny tmpfs needs root")
        yield disk


def test_a_full_disk_is_diagnosed_as_full_not_as_a_broken_catalog(pristine, tmp_path, monkeypatch, capsys) -> None:
    with tiny_disk(tmp_path / "disk", "8m") as disk:
        home = disk / "library"
        shutil.copytree(pristine[0], home)
        monkeypatch.setenv("PAPERTUI_HOME", str(home))
        fill(disk, 0)
        code, report = doctor_json(capsys)
        assert code == 1
        tips = advice_text(report)
        assert ("disk", "full") in {(f["area"], f["kind"]) for f in report["findings"]}
        assert "the disk is full" in tips
        assert MOVE_CATALOG not in tips and REPLACE_USERDATA not in tips


def test_a_read_only_mount_is_diagnosed_as_read_only(pristine, tmp_path, monkeypatch, capsys) -> None:
    with tiny_disk(tmp_path / "disk", "8m") as disk:
        home = disk / "library"
        shutil.copytree(pristine[0], home)
        remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remount.stderr.decode().strip()}")
        monkeypatch.setenv("PAPERTUI_HOME", str(home))
        code, report = doctor_json(capsys)
        assert code == 1
        tips = advice_text(report)
        assert ("disk", "readonly") in {(f["area"], f["kind"]) for f in report["findings"]}
        assert "read-only file system" in tips
        assert MOVE_CATALOG not in tips and REPLACE_USERDATA not in tips
