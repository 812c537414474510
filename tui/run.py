"""run_app: what `papertui` (no arguments) and `papertui demo` call — open the library, run the app."""

from __future__ import annotations

import sys
from pathlib import Path

from papertui.errors import PapertuiError


def run_app(home: Path | None = None, demo: bool = False) -> int:
    """Run the app on the library in `home` (default: $PAPERTUI_HOME or the user data dir); the exit code."""
    from papertui.tui.app import PapertuiApp

    from papertui.library import Library

    try:
        library = Library(home)
    except PapertuiError as exc:
        print(f"papertui: error: {exc}", file=sys.stderr)
        return exc.exit_code
    try:
        app = PapertuiApp(library, demo=demo)
        code = app.run()
    except PapertuiError as exc:
        print(f"papertui: error: {exc}", file=sys.stderr)
        return exc.exit_code
    finally:
        library.close()
    return code if isinstance(code, int) else (app.return_code or 0)
