"""What an SQLite failure of the catalog means for the user, as the one-line message they are shown.

SQLite's own words sent users the wrong way: "disk I/O error" (a full disk, in WAL mode even on a read) and
"attempt to write a readonly database" (a folder without write permission) both read as "your catalog is
broken, run doctor" when the catalog was fine.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from papertui.errors import LockTimeout, PapertuiError

BUSY_TIMEOUT_S = 15.0
"""How long a connection waits for another process's write to end (SQLite busy timeout)."""
NEARLY_FULL_BYTES = 1 << 20


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def catalog_error(path: Path, exc: Exception) -> PapertuiError:
    text = str(exc)
    folder = path.parent
    if "disk is full" in text or ("disk I/O error" in text and _nearly_full(folder)):
        # With too little room SQLite cannot even create the shared-memory file that WAL readers need.
        return PapertuiError(f"the disk holding {folder} is full: free some space and try again (nothing was changed)")
    if "readonly" in text:
        return PapertuiError(
            f"the catalog {path} cannot be written (permission denied, or a read-only folder or file system); "
            "nothing was changed"
        )
    if "unable to open" in text:
        return PapertuiError(f"the catalog {path} cannot be opened (permission denied, or its folder is missing)")
    if "locked" in text or "busy" in text:
        return LockTimeout(
            f"the catalog {path} stayed busy: another papertui process held it for more than {BUSY_TIMEOUT_S:g} s; "
            "try again"
        )
    return PapertuiError(f"the catalog {path} cannot be read ({exc}); run `papertui doctor` for how to recover")
