"""The long-run rounds of bench/torture.py about the user's own work: two editors of one note, a terminal closed
or a SIGTERM while a note is typed in the real app, reads on a read-only or full disk, a damaged backups/ folder
and tui-state.json, and doctor's verdicts for each situation. Each round returns a Tally (torture_rounds.py).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from cli_proc import permissions_enforceable, run_cli
from crash_trials import child_env
from torture_damage import fill, tmpfs
from torture_rounds import Progress, Tally, cli, cli_problem

from papertui.library import Library
from papertui.store.drafts import DraftFolder

PAGES = Path(__file__).resolve().parents[1] / "fixtures"


def _library(where: Path) -> tuple[Path, list[str]]:
    home = where / "library"
    lib = Library(home)
    try:
        for page in sorted(PAGES.glob("page_*.txt")):
            lib.import_file(page)
        ids = lib.browse("title")
        lib.tag(ids[:2], ["keep"])
        lib.index()
    finally:
        lib.close()
    return home, ids


def _undo_brings_back(home: Path, pid: str, text: str) -> bool:
    lib = Library(home)
    try:
        lib.undo()
        return text in lib.record(pid).note
    finally:
        lib.close()


def _note_of(home: Path, pid: str) -> str:
    lib = Library(home)
    try:
        return lib.record(pid).note
    finally:
        lib.close()


# -- two editors of one note ---------------------------------------------------------------------------------
SLOW_EDITOR = """import sys, time
text = open(sys.argv[1], encoding="utf-8").read()
open({started!r}, "w", encoding="utf-8").write(text)
time.sleep({delay})
open(sys.argv[1], "w", encoding="utf-8").write({mine!r})
"""


def note_conflict_rounds(root: Path, seed: int, trials: int, say: Progress) -> Tally:
    """`note --edit` with a slow $EDITOR while another process saves the same note: neither text is lost."""
    tally = Tally("two editors of one note")
    rng = random.Random(f"{seed}:notes")
    home, ids = _library(root / "notes")
    for trial in range(trials):
        pid = ids[trial % len(ids)]
        mine, theirs = f"editor text {trial}", f"shell text {trial}"
        started = root / "notes" / f"started-{trial}"
        editor = root / "notes" / f"editor-{trial}.py"
        editor.write_text(SLOW_EDITOR.format(started=str(started), delay=rng.uniform(0.2, 1.5), mine=mine))
        env = {**child_env(home), "EDITOR": f"{sys.executable} {editor}", "VISUAL": f"{sys.executable} {editor}"}
        edit = subprocess.Popen(
            [sys.executable, "-m", "papertui", "note", pid, "--edit"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(rng.uniform(0.0, 1.8))
        other = cli(home, "note", pid, theirs)
        out, err = edit.communicate(timeout=120)
        tally.trials += 1
        edited = subprocess.CompletedProcess([], edit.returncode, out, err)
        for argv, done in ((["note"], other), (["note", "--edit"], edited)):
            problem = cli_problem(argv, done)
            if problem or done.returncode != 0:
                tally.fail(trial, problem or f"`{' '.join(argv)}` exited {done.returncode}: {done.stderr[-200:]}")
        note = _note_of(home, pid)
        base = started.read_text(encoding="utf-8") if started.exists() else None
        if mine not in note:
            # Only an explicit `note ID TEXT` written after the editor's save may replace its text, saying so;
            # the text is then one undo away.
            if "replaced the note" not in other.stdout or not _undo_brings_back(home, pid, mine):
                tally.fail(trial, "the editor's text was lost")
            tally.notes["replaced by a later note command (undo restores it)"] += 1
            continue
        if theirs not in note and base is not None and theirs not in base:
            tally.fail(trial, "the text saved while the editor was open was lost")
        tally.notes["both texts kept"] += mine in note and theirs in note
    say(f"{tally.name}: {tally.trials} trials, {len(tally.failures)} failures")
    return tally


# -- a terminal closed while a note is typed -----------------------------------------------------------------
def _read_until(fd: int, needle: bytes, timeout: float) -> bool:
    seen = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            seen = (seen + chunk)[-200_000:]
            if needle in seen:
                return True
    return False


def _drain(fd: int, stop: threading.Event) -> None:
    while not stop.is_set():
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                if not os.read(fd, 65536):
                    return
            except OSError:
                return


def signal_rounds(root: Path, seed: int, trials: int, say: Progress) -> Tally:
    """The real app in a pseudo-terminal: a note is typed, then the terminal closes (SIGHUP: the pty's master
    end goes away) or a SIGTERM arrives at a random moment. The typed text must be saved, or kept as a draft."""
    tally = Tally("terminal closed while typing a note")
    rng = random.Random(f"{seed}:signals")
    home, _ids = _library(root / "signals")
    for trial in range(trials):
        how = ("hangup", "sigterm")[trial % 2]
        text = f"typed before the {how} {trial} " + "word " * rng.randint(1, 40)
        pid, fd = pty.fork()
        if pid == 0:  # the child: the app, on this pseudo-terminal
            try:
                env = {**child_env(home), "TERM": "xterm-256color"}
                os.execve(sys.executable, [sys.executable, "-m", "papertui"], env)
            finally:
                os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        tally.trials += 1
        stop = threading.Event()
        try:
            if not _read_until(fd, b"sort:", 30):  # the status line: the first view is shown
                tally.fail(trial, "the app did not start")
                continue
            os.write(fd, b"n")
            if not _read_until(fd, b"Markdown", 15):
                tally.fail(trial, "the note editor did not open")
                continue
            drain = threading.Thread(target=_drain, args=(fd, stop), daemon=True)
            drain.start()
            for ch in text:
                os.write(fd, ch.encode())
                time.sleep(0.003)
            time.sleep(rng.uniform(0.2, 4.0))  # sometimes before, sometimes after a timed draft
        finally:
            stop.set()
            if how == "hangup":
                os.close(fd)
            else:
                os.kill(pid, signal.SIGTERM)
        _pid, status = os.waitpid(pid, 0)
        if how == "sigterm":
            os.close(fd)
        notes = _all_notes(home)
        drafts = [d.text for d in DraftFolder(home / "drafts").all()]
        saved = any(text.strip() in n for n in notes)
        kept = saved or any(text.strip() in d for d in drafts)
        tally.notes["saved on the signal"] += saved
        tally.notes["kept as a draft"] += kept and not saved
        if not kept:
            tally.fail(trial, f"{how}: the typed note is neither saved nor kept as a draft (exit status {status})")
        _reset_notes(home)
    say(f"{tally.name}: {tally.trials} trials, {len(tally.failures)} failures")
    return tally


def _all_notes(home: Path) -> list[str]:
    lib = Library(home)
    try:
        return [r.note for r in lib.records().values() if r.note]
    finally:
        lib.close()


def _reset_notes(home: Path) -> None:
    lib = Library(home)
    try:
        for pid, record in lib.records().items():
            if record.note:
                lib.set_note(pid, "")
        for draft in DraftFolder(home / "drafts").all():
            lib.discard_draft(draft.paper_id)
    finally:
        lib.close()


# -- reads without writing; damaged backups/ and tui-state.json; doctor ------------------------------------
READS = (["list"], ["search", "keep"], ["search", "tag:keep"], ["stats"], ["tags"])


def read_only_rounds(root: Path, seed: int, say: Progress) -> Tally:
    tally = Tally("reads on a read-only or full disk")
    for trial, how in enumerate(("read-only", "full", "read-only", "full")):
        with tmpfs(root / f"ro-{trial}", "12m") as disk:
            if disk is None:
                tally.notes["skipped: no tmpfs (needs root)"] += 1
                continue
            home, ids = _library(disk)
            if how == "read-only":
                subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            else:
                fill(disk, 0)
            out = root / f"ro-{trial}.md"
            for argv in [*READS, ["show", ids[0]], ["export", "--tag", "keep", "-o", str(out)], ["doctor"]]:
                done = cli(home, *argv)
                tally.trials += 1
                problem = cli_problem(argv, done)
                if problem or (done.returncode != 0 and argv[0] != "doctor"):
                    tally.fail(trial, f"{how}: {problem or ' '.join(argv) + ' failed: ' + done.stderr[-200:]}")
                if argv[0] == "doctor" and ("move catalog.sqlite3" in done.stdout or "copy the newest" in done.stdout):
                    tally.fail(trial, f"{how}: doctor advised moving or replacing a readable file")
            write = cli(home, "tag", ids[2], "fresh")
            if write.returncode == 0 or cli_problem(["tag"], write):
                tally.fail(trial, f"{how}: a change did not fail in one line")
    say(f"{tally.name}: {tally.trials} commands, {len(tally.failures)} failures")
    return tally


def damaged_files_rounds(root: Path, seed: int, say: Progress) -> Tally:
    """A file or an unwritable folder at backups/, an unparsable or unreadable tui-state.json: every change is
    still saved, nothing the user made is overwritten, and doctor names the cause."""
    tally = Tally("damaged backups/ and tui-state.json")
    cases = ["backups is a file", "tui-state.json unparsable"]
    if permissions_enforceable():
        cases += ["backups not writable", "tui-state.json unreadable"]
    else:
        tally.notes["skipped: permissions not enforceable"] += 2
    for trial, case in enumerate(cases):
        home, ids = _library(root / f"damaged-{trial}")
        backups, state = home / "backups", home / "tui-state.json"
        hand_edit = '{"saved_searches": {"llm": "language model",}}'
        if case == "backups is a file":
            shutil.rmtree(backups, ignore_errors=True)
            backups.write_text("not a folder")
        elif case == "backups not writable":
            backups.mkdir(exist_ok=True)
            backups.chmod(0o555)
        else:
            state.write_text(hand_edit)
            if case == "tui-state.json unreadable":
                state.chmod(0)
        for argv in (["tag", ids[3], "fresh"], ["note", ids[3], "still saved"], ["triage", ids[3], "kept"]):
            done = run_cli(home, *argv, unprivileged=True)
            tally.trials += 1
            if done.code != 0:
                tally.fail(trial, f"{case}: `{argv[0]}` failed: {done.err.strip()[-200:]}")
        if case.startswith("tui-state"):
            code = (
                "from papertui.tui.ui_state import UIStateFile\n"
                f"s = UIStateFile({str(state)!r}, backups_dir={str(backups)!r})\n"
                "s.load(); s.save_search('new', 'x'); print(s.problem or '')\n"
            )
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=child_env(home))
            tally.trials += 1
            kept = state.read_text() == hand_edit if state.stat().st_mode & stat.S_IRUSR else True
            copied = any(p.read_text() == hand_edit for p in backups.glob("tui-state-*")) if backups.is_dir() else False
            if done.returncode != 0 or not (kept or copied):
                tally.fail(trial, f"{case}: the saved searches were overwritten without a copy ({done.stderr[-200:]})")
        doctor = run_cli(home, "doctor", "--json", unprivileged=True)
        tally.trials += 1
        if case.startswith("backups"):
            areas = {f["area"] for f in json.loads(doctor.out or "{}").get("findings", [])}
            if "backups" not in areas:
                tally.fail(trial, f"{case}: doctor did not report the backups folder")
        if backups.is_dir():
            backups.chmod(0o755)
        if state.exists():
            state.chmod(0o644)
    say(f"{tally.name}: {tally.trials} checks, {len(tally.failures)} failures")
    return tally
