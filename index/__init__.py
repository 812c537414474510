"""The Whoosh full-text index: a derived, rebuildable cache of the catalog and the user's data.

Every Whoosh call of the project lives in this package, so a switch of Whoosh release stays cheap.
Callers use only the names below.
"""

from papertui.index.engine import PaperIndex
from papertui.index.highlight import highlight_spans
from papertui.index.records import Hit, IndexDoc, SearchResult

__all__ = ["Hit", "IndexDoc", "PaperIndex", "SearchResult", "highlight_spans"]
