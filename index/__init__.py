"""The Whoosh full-text index: a derived, rebuildable cache of the catalog and the user's data.

Every Whoosh call of the project lives in this package, so a switch of Whoosh release stays cheap.
Callers use only the names below. PaperIndex and highlight_spans are imported on first use: Whoosh's modules
take ~0.1 s to import, which an app should not spend before its first paint.
"""

from typing import TYPE_CHECKING, Any

from papertui.index.records import Hit, IndexDoc, SearchResult

if TYPE_CHECKING:
    from papertui.index.engine import PaperIndex
    from papertui.index.highlight import highlight_spans

__all__ = ["Hit", "IndexDoc", "PaperIndex", "SearchResult", "highlight_spans"]


def __getattr__(name: str) -> Any:
    if name == "PaperIndex":
        from papertui.index.engine import PaperIndex

        return PaperIndex
    if name == "highlight_spans":
        from papertui.index.highlight import highlight_spans

        return highlight_spans
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
