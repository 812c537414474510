"""The `papertui` command: parse arguments, run one command, turn every user-facing failure into one line."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from papertui.errors import PapertuiError

INTERNAL_ERROR = 70


def main(argv: Sequence[str] | None = None) -> int:
    from papertui.cli.parser import build_parser

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except PapertuiError as exc:
        print(f"papertui: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("papertui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A file the core did not expect to be unreadable (permissions, a vanished folder): still the user's
        # to fix, so say which file and why, in one line, rather than "internal error".
        if args.debug:
            raise
        where = f": {exc.filename}" if exc.filename else ""
        print(f"papertui: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            raise
        print(f"papertui: internal error: {exc!r} (run with --debug for details)", file=sys.stderr)
        return INTERNAL_ERROR


def _dispatch(args) -> int:
    from papertui.cli import library_cmds, remove_cmd, user_cmds

    if args.command is None:
        from papertui.tui.run import run_app

        return run_app()
    name = f"cmd_{args.command}"
    handler = getattr(library_cmds, name, None) or getattr(remove_cmd, name, None) or getattr(user_cmds, name)
    return handler(args)
