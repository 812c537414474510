"""Reading needs no writing: on a read-only mount or a full disk, list, search, show, stats, export elsewhere
and the app work; the index is searched as it is (with a warning when it is behind); changes fail in one line."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from torture_damage import fill, tmpfs

from papertui.cli import main
from papertui.library import Library
from papertui.paths import library_paths
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore

READS = (["list"], ["search", "keep"], ["stats"], ["tags"], ["search", "tag:keep"])


@contextmanager
def library_on(tmp_path: Path, pristine, how: str) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "8m") as disk:
        if disk is None:
            pytest.skip("mounting a tiny tmpfs needs root")
        home = disk / "library"
        shutil.copytree(pristine[0], home)
        # A change the index has not seen yet (written to the store alone): it must be caught up, which cannot happen.
        paths = library_paths(home)
        UserStore(paths.userdata, LibraryLock(paths.lock), backups_dir=paths.backups).tag([pristine[1][5]], ["later"])
        if how == "read-only":
            done = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
            if done.returncode != 0:
                pytest.skip(f"cannot remount read-only: {done.stderr.decode().strip()}")
        else:
            fill(disk, 0)
        yield home


@pytest.mark.parametrize("how", ["read-only", "full"])
def test_every_read_works_without_writing(pristine, tmp_path, monkeypatch, capsys, how) -> None:
    with library_on(tmp_path, pristine, how) as home:
        monkeypatch.setenv("PAPERTUI_HOME", str(home))
        ids = pristine[1]
        for argv in [*READS, ["show", ids[0]], ["export", "--tag", "keep", "-o", str(tmp_path / "out.md")]]:
            code = main(argv)
            out, err = capsys.readouterr()
            assert code == 0, (argv, err)
            assert "Traceback" not in err
        assert (tmp_path / "out.md").read_text().count("- [ ] **") == 2
        assert main(["search", "tag:keep"]) == 0
        out, err = capsys.readouterr()
        assert {line.split()[0] for line in out.splitlines()} == set(ids[:2])
        assert main(["search", "tag:later"]) == 0  # the index is behind: it says so instead of failing
        _out, err = capsys.readouterr()
        assert "may be behind" in err


@pytest.mark.parametrize("how", ["read-only", "full"])
def test_a_change_fails_in_one_line_and_says_reading_works(pristine, tmp_path, monkeypatch, capsys, how) -> None:
    with library_on(tmp_path, pristine, how) as home:
        monkeypatch.setenv("PAPERTUI_HOME", str(home))
        before = (home / "userdata.json").read_bytes()
        assert main(["tag", pristine[1][0], "fresh"]) != 0
        err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
        assert len(err) == 1 and err[0].startswith("papertui: error: "), err
        assert (home / "userdata.json").read_bytes() == before


async def test_the_app_browses_a_read_only_library(pristine, tmp_path) -> None:
    from papertui.tui.app import PapertuiApp
    from papertui.tui.widgets.paper_list import PaperList

    with library_on(tmp_path, pristine, "read-only") as home:
        lib = Library(home)
        try:
            app = PapertuiApp(lib)
            async with app.run_test(size=(120, 36)) as pilot:
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert len(app.screen.query_one(PaperList).ids) == len(pristine[1])
                app.screen.query_one("#search").value = "tag:keep"
                await app.workers.wait_for_complete()
                await pilot.pause()
                await app.workers.wait_for_complete()
                assert set(app.screen.query_one(PaperList).ids) == set(pristine[1][:2])
        finally:
            lib.close()
