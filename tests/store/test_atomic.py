"""Atomic replacement: the old content or the new, never a mix; sensible permissions; clear errors."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from papertui.errors import PapertuiError
from papertui.store.atomic import atomic_open, atomic_write_text


def test_a_new_file_gets_umask_permissions_not_private_ones(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "out.md", "hello")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.md").stat().st_mode) == 0o644


def test_replacing_keeps_the_existing_mode(tmp_path):
    target = tmp_path / "f.txt"
    target.write_text("old")
    target.chmod(0o600)
    atomic_write_text(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_error_inside_the_block_keeps_the_old_content_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "f.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_a_full_disk_is_a_one_line_error_and_the_old_content_stays(tmp_path, monkeypatch):
    target = tmp_path / "f.txt"
    target.write_text("old")

    def full(*_a):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(PapertuiError, match="disk is full"):
        atomic_write_text(target, "new")
    monkeypatch.undo()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]
