"""Running the real `papertui` command in a subprocess, as a user or a script would, and judging its output.

`unprivileged=True` makes file permissions bite even for root (CI containers often run as root, and root
ignores chmod): the child drops the capabilities that override file permissions before it starts.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3


@dataclass(frozen=True)
class Result:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    def one_clear_line(self) -> bool:
        """A failure the way the CLI promises it: non-zero exit, no traceback, one `papertui: error:` line."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("papertui: error: ")]
        return self.code != 0 and "Traceback" not in self.err and len(errors) == 1


def _drop_permission_override() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def permissions_enforceable() -> bool:
    """Whether a chmod can deny this test's subprocesses access (False: root that cannot drop capabilities)."""
    with tempfile.TemporaryDirectory() as tmp:
        locked = Path(tmp) / "locked"
        locked.write_text("x")
        locked.chmod(0)
        kwargs = {"preexec_fn": _drop_permission_override} if os.geteuid() == 0 else {}
        probe = subprocess.run([sys.executable, "-c", f"open({str(locked)!r}).read()"], capture_output=True, **kwargs)
        return probe.returncode != 0


def run_cli(
    home: Path, *args: str, stdin: str | None = None, timeout: float = 60, unprivileged: bool = False
) -> Result:
    env = dict(os.environ, PAPERTUI_HOME=str(home))
    proc = subprocess.run(
        [sys.executable, "-m", "papertui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        preexec_fn=_drop_permission_override if unprivileged and os.geteuid() == 0 else None,
    )
    return Result(tuple(args), proc.returncode, proc.stdout, proc.stderr)
