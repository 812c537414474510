"""The index tests' helper modules (the brute-force reference and its random library) live in this folder, which
is put on sys.path so the tests can import them."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
