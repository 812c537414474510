"""The built-in demo library: fictional papers in the page layouts, shipped with the package."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from papertui.errors import PapertuiError


def demo_files() -> list[Path]:
    folder = Path(__file__).resolve().parent / "demo_data"
    return sorted(folder.glob("*.txt"))


def make_demo_library() -> Path:
    """A throw-away library holding the demo papers, indexed, in a new temporary folder; the caller deletes it.

    The demo never goes into the user's own library: trying papertui out must not leave made-up papers behind.
    """
    from papertui.library import Library

    files = demo_files()
    if not files:
        raise PapertuiError("the demo library is not installed with this copy of papertui")
    home = Path(tempfile.mkdtemp(prefix="papertui-demo-"))
    try:
        lib = Library(home)
        try:
            for path in files:
                lib.import_file(path)
            lib.index()
        finally:
            lib.close()
    except BaseException:
        shutil.rmtree(home, ignore_errors=True)
        raise
    return home
