"""papertui: a keyboard-driven terminal reader for research papers.

The root package holds what every layer shares: the Paper model, paths, the user-facing error type and the CLI.
"""

from pathlib import Path as _Path

__version__ = "0.1.0"


def _map_source_checkout() -> None:
    # The wheel maps the top-level folders (index/, store/, ...) into this package. When Python runs from a
    # source checkout (e.g. `python -m papertui` in the repo root) this folder shadows the installed package
    # and the sibling folders would be missing; make them reachable the same way.
    root = _Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "store" / "__init__.py").is_file():
        for sub in ("ingest", "store", "index", "tui"):
            if not (root / sub / "__init__.py").is_file():
                return
        if str(root) not in __path__:
            __path__.append(str(root))


_map_source_checkout()
