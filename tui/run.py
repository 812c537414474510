"""run_app: what `papertui` (no arguments) and `papertui demo` call — open the library, run the app."""

from __future__ import annotations

import sys
from pathlib import Path

from papertui.errors import PapertuiError


def _fail(message: str, code: int) -> int:
    print(f"papertui: error: {message}", file=sys.stderr)
    return code


def run_app(home: Path | None = None, demo: bool = False) -> int:
    """Run the app on the library in `home` (default: $PAPERTUI_HOME or the user data dir); the exit code.

    A library that cannot be opened is reported in one line before the screen is taken over.
    """
    from papertui.library import Library
    from papertui.tui.app import PapertuiApp

    try:
        library = Library(home)
    except PapertuiError as exc:
        return _fail(str(exc), exc.exit_code)
    except OSError as exc:
        where = home if home is not None else "the library folder"
        return _fail(f"cannot open the library at {where} ({exc.strerror or exc})", 1)
    try:
        library.count()  # a damaged catalog says so here, in one line, not inside the app
        app = PapertuiApp(library, demo=demo)
        code = app.run()
    except PapertuiError as exc:
        return _fail(str(exc), exc.exit_code)
    finally:
        library.close()
    return code if isinstance(code, int) else (app.return_code or 0)
