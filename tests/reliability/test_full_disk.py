"""A full disk (ENOSPC) during a write: a clear one-line message, the previous state intact and usable, and a
change that was saved is never reported as failed because only the search index could not follow.

Two ways to fill the disk: an injected ENOSPC on fsync (runs everywhere), and a real, tiny tmpfs filled to
the brim (needs root and mount; skipped elsewhere).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from torture_damage import fill

from papertui.cli import main
from papertui.library import Library

REPO = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch):
    """Make every fsync of a file fail with ENOSPC while the returned switch is on (as a full disk reports
    itself when the data finally has to reach it)."""
    real = os.fsync
    state = {"full": False}

    def fsync(fd: int) -> None:
        if state["full"] and not os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return state


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("papertui: error: "), err
    return lines[0]


@pytest.mark.parametrize(
    "argv",
    [
        ["tag", "0", "fresh"],
        ["untag", "0", "keep"],
        ["note", "1", "new words"],
        ["triage", "1", "kept"],
        ["tag", "--rename", "keep", "kept-for-later"],
        ["undo"],
    ],
    ids=["tag", "untag", "note", "triage", "rename", "undo"],
)
def test_a_full_disk_during_a_user_data_write_changes_nothing_and_says_so(library, full_disk, capsys, argv) -> None:
    home, ids = library
    argv = [ids[int(a)] if a.isdigit() else a for a in argv]
    userdata = home / "userdata.json"
    before, before_state = digest(userdata), user_state(home)
    full_disk["full"] = True
    code = main(argv)
    message = one_error_line(capsys.readouterr().err)
    assert code == 1 and "disk is full" in message and "nothing was changed" in message
    assert digest(userdata) == before
    assert not list(home.glob(".userdata.json.*.tmp"))
    # Space is back: the same command works, and the failed attempt left no step in the undo log.
    full_disk["full"] = False
    assert main(argv) == 0
    assert user_state(home) != before_state
    if argv != ["undo"]:
        assert main(["undo"]) == 0
        assert user_state(home) == before_state


def user_state(home: Path) -> dict[str, tuple]:
    lib = Library(home)
    try:
        return {pid: (r.tags, r.note, r.triage) for pid, r in lib.records().items()}
    finally:
        lib.close()


def test_a_full_disk_during_export_keeps_the_previous_file(library, full_disk, capsys, tmp_path) -> None:
    out = tmp_path / "reading.bib"
    assert main(["export", "--tag", "keep", "-f", "bib", "-o", str(out)]) == 0
    before = digest(out)
    main(["tag", library[1][3], "keep"])
    capsys.readouterr()
    full_disk["full"] = True
    assert main(["export", "--tag", "keep", "-f", "bib", "-o", str(out)]) == 1
    assert "disk is full" in one_error_line(capsys.readouterr().err)
    assert digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".reading.bib")] == []


def test_a_full_disk_during_reindex_keeps_the_old_index_working(library, full_disk, capsys) -> None:
    home, ids = library
    full_disk["full"] = True
    assert main(["reindex"]) == 1
    one_error_line(capsys.readouterr().err)
    assert not list(home.glob(".index.building-*"))
    full_disk["full"] = False
    assert main(["search", "tag:keep"]) == 0
    assert {line.split()[0] for line in capsys.readouterr().out.splitlines()} == set(ids[:2])


def test_a_saved_change_is_reported_saved_when_only_the_index_cannot_follow(
    library, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.filedb.filestore import FileStorage

    _home, ids = library
    real = FileStorage.create_file

    def no_space(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(FileStorage, "create_file", no_space)
    assert main(["tag", ids[4], "while-full"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("tagged 1 paper") and "warning" in err and "Traceback" not in err
    monkeypatch.setattr(FileStorage, "create_file", real)
    assert main(["search", "tag:while-full"]) == 0
    assert capsys.readouterr().out.split()[0] == ids[4]


def test_a_saved_import_is_reported_saved_when_only_the_index_cannot_follow(
    library, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.filedb.filestore import FileStorage

    def no_space(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(FileStorage, "create_file", no_space)
    new_page = Path(__file__).resolve().parents[1] / "ingest" / "fixtures" / "layout_a_small.txt"
    code = main(["import", str(new_page)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert code == 0 and "new" in out, err


# -- a real full disk ----------------------------------------------------------------------------------------
@contextlib.contextmanager
def tiny_disk(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tiny tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_really_full_disk_gives_clear_messages_and_loses_nothing(pristine, tmp_path, monkeypatch, capsys) -> None:
    sys.path.insert(0, str(REPO))
    from bench.corpus import write_pages

    big_page = write_pages(300, tmp_path / "pages", per_page=300)[0]
    with tiny_disk(tmp_path / "disk", "12m") as disk:
        home = disk / "library"
        shutil.copytree(pristine[0], home)
        ids = pristine[1]
        monkeypatch.setenv("PAPERTUI_HOME", str(home))
        assert main(["search", "keep"]) == 0
        count = len(Library(home).browse())
        userdata = digest(home / "userdata.json")
        capsys.readouterr()
        fill(disk, 60_000)  # room for small writes, not for 300 papers or a 200 kB note
        assert main(["import", str(big_page)]) == 1
        assert "is full" in one_error_line(capsys.readouterr().err)
        assert main(["note", ids[0], "long note " * 20_000]) == 1
        assert "disk is full" in one_error_line(capsys.readouterr().err)
        assert digest(home / "userdata.json") == userdata
        fill(disk, 0)
        for argv in (["list"], ["search", "keep"], ["tag", ids[3], "later"], ["reindex"]):
            code = main(argv)
            _out, err = capsys.readouterr()
            if code != 0:
                line = one_error_line(err)
                assert "full" in line and "doctor" not in line, line
        (disk / "filler").unlink()
        assert main(["import", str(big_page)]) == 0
        capsys.readouterr()
        assert main(["search", "tag:keep"]) == 0
        found = {line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()}
        assert found == set(ids[:2])
        assert len(Library(home).browse()) > count
        assert main(["doctor"]) == 0


def test_a_write_that_fails_on_a_full_disk_leaves_the_index_unlocked(library, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoosh locks the index before it creates the segment files; a failure there must not keep the lock held
    while the error (and the half-made writer in its traceback) is still referenced, as a message or a log does."""
    from whoosh.filedb.filestore import FileStorage

    from papertui.errors import PapertuiError
    from papertui.index import engine

    home, ids = library
    monkeypatch.setattr(engine, "WRITE_LOCK_WAIT_S", 0.3)  # before the fix, the second write waited this long
    lib = Library(home)
    try:
        index = lib.index()
        paper = lib.paper(ids[4])
        real = FileStorage.create_file

        def no_space(self, *args, **kwargs):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(FileStorage, "create_file", no_space)
        with pytest.raises(PapertuiError) as first:
            index.update([engine.IndexDoc(paper, None)])
        monkeypatch.setattr(FileStorage, "create_file", real)
        index.update([engine.IndexDoc(paper, None)])  # the failed write's lock is gone, though `first` lives on
        assert first.value is not None
    finally:
        lib.close()
