"""The `papertui` command: parse arguments, run one command, turn every user-facing failure into one line."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence

from papertui.errors import PapertuiError

INTERNAL_ERROR = 70


def main(argv: Sequence[str] | None = None) -> int:
    from papertui.cli.parser import build_parser
    from papertui.cli.search_args import search_argv

    _degrade_unencodable_output()
    parser = build_parser()
    args = _text_arguments(parser.parse_args(search_argv(sys.argv[1:] if argv is None else argv)))
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


def _degrade_unencodable_output() -> None:
    """In a terminal whose encoding cannot show a character (an ISO-8859-1 locale and a Greek title, a file name
    that is not UTF-8), print a replacement character instead of failing the command."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


PATH_ARGUMENTS = frozenset({"files", "output"})
"""Arguments naming files: kept as the OS gave them, so a file whose name is not UTF-8 still opens."""


def _text_arguments(args: argparse.Namespace) -> argparse.Namespace:
    """Tags, notes and queries typed in a terminal whose locale Python could not decode become real text."""
    from papertui.paths import os_text

    for name, value in vars(args).items():
        if name in PATH_ARGUMENTS:
            continue
        if isinstance(value, str):
            setattr(args, name, os_text(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            setattr(args, name, [os_text(v) for v in value])
    return args


def require_terminal() -> None:
    """Refuse, in one line and before Textual starts, to open the app without a terminal: with stdin or
    stdout redirected (CI, a pipe, `papertui < /dev/null`) it could only hang or draw into a file."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise PapertuiError(
            "the app needs a terminal (standard input and output are not one); "
            "use a command instead, e.g. papertui search WORDS (see papertui --help)"
        )


def _dispatch(args) -> int:
    from papertui.cli import fetch_cmd, library_cmds, related_cmd, remove_cmd, user_cmds, watch_cmd

    if args.command is None:
        require_terminal()
        from papertui.tui.run import run_app

        return run_app()
    name = f"cmd_{args.command}"
    modules = (library_cmds, remove_cmd, fetch_cmd, related_cmd, user_cmds, watch_cmd)
    handler = next(getattr(m, name) for m in modules if hasattr(m, name))
    return handler(args)
