"""What the stock-Whoosh contract tests share: the start of a script run by a Python that cannot import
papertui (test_whoosh_contract.py, test_whoosh_ranking.py)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent

# Run with `python -I` (no PYTHONPATH, no current folder on sys.path). The finder goes first on sys.meta_path,
# before anything else is imported: the editable install's own finder would otherwise find papertui.
STOCK_WHOOSH_PRELUDE = r"""
import sys

class NoPapertui:
    def find_spec(self, name, path=None, target=None):
        if name == "papertui" or name.startswith("papertui."):
            raise ImportError(f"papertui is not importable here ({name})")
        return None

sys.meta_path.insert(0, NoPapertui())
import json

folder, indexname, repo, queries = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
# The checkout's source folders go (the finder above blocks papertui anyway); a venv kept inside the checkout,
# as the README's `.venv`, stays: stock Whoosh is installed there.
sys.path = [p for p in sys.path if not (p == "" or (p.startswith(repo) and "site-packages" not in p))]
try:
    import papertui  # noqa: F401
except ImportError:
    pass
else:
    raise SystemExit("papertui was importable")

from whoosh.index import open_dir
from whoosh.qparser import QueryParser
"""
