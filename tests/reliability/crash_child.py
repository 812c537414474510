"""The process that crash trials kill: it runs a plan of CLI commands and reports each one as it ends.

Usage: python crash_child.py PLAN.json   (PAPERTUI_HOME names the library)

Each command runs in this process through `papertui.cli.main`, exactly as `papertui ARGS...` would, so a kill
lands inside the command (not in interpreter start-up). Protocol on stdout, one line each, flushed:
  READY                      everything is imported; the plan starts
  BEGIN <i>                  command i starts
  DONE <json>                command i returned: {"i", "rc", "out", "err"} — the acknowledgement
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path


def run_plan(plan: list[list[str]]) -> None:
    # Import every module a command needs first: the trials want kills inside writes, not inside imports.
    import papertui.cli.library_cmds
    import papertui.cli.remove_cmd
    import papertui.cli.user_cmds
    import papertui.store.export  # noqa: F401
    from papertui.cli import main

    report = sys.stdout
    print("READY", file=report, flush=True)
    for i, argv in enumerate(plan):
        print(f"BEGIN {i}", file=report, flush=True)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main(argv)
            except SystemExit as exc:  # argparse rejects bad arguments this way
                rc = exc.code if isinstance(exc.code, int) else 2
        done = {"i": i, "rc": rc, "out": out.getvalue()[-4000:], "err": err.getvalue()[-4000:]}
        print("DONE " + json.dumps(done), file=report, flush=True)


if __name__ == "__main__":
    run_plan(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
