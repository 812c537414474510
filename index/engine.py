"""PaperIndex: the facade's handle on the Whoosh index — rebuild, incremental update, search, health.

Whoosh stores the index; writing and searching go through this package's own fast paths (index/writer.py
writes whole posting lists, index/plan.py + evaluate.py search with whole posting lists), because Whoosh's
one-posting-per-call paths took 100-500 ms per search and ~4 ms per paper at 100k papers.
One long-lived searcher is kept and refreshed after each commit (index/readers.py). The TUI searches from
worker threads while an update may run in another, so the searcher and the writer are only touched under one
lock; a search holds it for at most its time limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sized
from pathlib import Path
from typing import Any, TypeVar

from whoosh.index import LockError

from papertui.errors import LockTimeout, PapertuiError
from papertui.index import choose, evaluate
from papertui.index import folder as disk
from papertui.index.build import WRITER_OPTIONS, build_index
from papertui.index.cache import SegmentCache
from papertui.index.plan import Compiler
from papertui.index.query import parse
from papertui.index.readers import LiveSearcher, live_docs, refreshed
from papertui.index.records import SORTS, Hit, IndexDoc, SearchResult, hit_from_stored
from papertui.index.related import Order, Ranking, as_result, rank_similar, rank_suggested
from papertui.index.schema import (
    SCHEMA_VERSION,
    TEXT_FIELD,
    WEIGHTED_FIELDS,
    build_schema,
    to_fields,
    words,
)
from papertui.index.terms import Lexicon
from papertui.index.vectors import VectorCache
from papertui.index.whoosh_compat import segment_leaves
from papertui.index.writer import FastSegmentWriter, merge_small

_SWAP_RETRIES = 5
_T = TypeVar("_T")
"""Reads retried while another process swaps a rebuilt index in (about 0.3 s of waiting at most)."""

__all__ = ["Hit", "IndexDoc", "PaperIndex", "SearchResult"]  # the records are re-exported for callers

WRITE_LOCK_WAIT_S = 10.0
WARM_WORDS = 40
"""warm() reads the posting lists of this many of the most frequent words (~2M postings, ~16 MB at 100k)."""
TYPING_COUNT_LIMIT = 200
"""While typing, a total is still counted exactly when at most this many candidates are left to check (each
check reads and decompresses a paper's forward stream, 10-20 µs); beyond, this many, spread over the candidates,
are checked and the total is estimated from them (within ~7 %) and marked so."""
_SORT_COLUMNS = {
    "date": ("sort_date", True),
    "upvotes": ("sort_upvotes", True),
    "title": ("sort_title", False),
}
"""Sort order → (column, newest/most first). Ties go to the better score."""


def _damaged(folder: Path, exc: BaseException) -> PapertuiError:
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:160]
    return PapertuiError(f"the search index in {folder} cannot be read ({detail}); `papertui reindex` rebuilds it")


class PaperIndex:
    SCHEMA_VERSION = SCHEMA_VERSION

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.RLock()
        self._schema = build_schema()
        self._ix: Any = None
        self._live: LiveSearcher | None = None
        self._identity: Any = None
        self._cache = SegmentCache()
        self._vectors = VectorCache()
        self._ranked: tuple[tuple[LiveSearcher, tuple[str, str, int]], Ranking] | None = None

    # -- health and bookkeeping --------------------------------------------------------------------------

    def state(self) -> str:
        """ "ok" | "missing" | "corrupt" | "old-version"; the facade rebuilds unless "ok"."""
        return disk.check(self.folder)

    def synced_revs(self) -> tuple[int, int]:
        """(catalog_rev, user_rev) recorded by the last rebuild/update; (0, 0) when unknown."""
        try:
            meta = disk.read_meta(self.folder)
        except disk.MetaError:
            return (0, 0)
        return (meta.catalog_rev, meta.user_rev)

    def doc_count(self) -> int:
        if disk.is_missing(self.folder):
            return 0
        return self._read(lambda live: int(live.searcher.doc_count()))

    def doc_frequency(self, word: str) -> int:
        """How many papers hold `word` (any form of it: its stem is looked up) anywhere in their text."""
        stems = [t.stem for t in words(word) if not t.stop]
        if len(stems) != 1 or disk.is_missing(self.folder):
            return 0
        lexicon = lambda live: Lexicon(live.searcher.reader(), self._cache.tables, self._cache.deleted)  # noqa: E731
        return self._read(lambda live: lexicon(live).doc_frequency(TEXT_FIELD, stems[0]))

    def warm(self) -> None:
        """Read now what searches need first (term lists, length norms, and the posting lists of the index's
        most frequent words), so that the first keys typed in the app do not pay for it: a first search took
        ~100 ms more, a common word typed for the first time ~50 ms more, at 100k papers."""
        if disk.is_missing(self.folder):
            return

        def load(live: LiveSearcher) -> list[str]:
            reader = live.searcher.reader()
            lexicon = Lexicon(reader, self._cache.tables, self._cache.deleted)
            run = evaluate.Run(reader, self._cache, None)
            for seg in run.segments():
                for fieldname in WEIGHTED_FIELDS:
                    self._cache.norms(seg.reader, fieldname, run.avg_length(fieldname))
            common = lexicon.common_words()
            return sorted(common, key=lambda w: -lexicon.doc_frequency(TEXT_FIELD, w))[:WARM_WORDS]

        def read(word: str) -> Callable[[LiveSearcher], None]:
            def postings(live: LiveSearcher) -> None:
                for leaf, _offset in segment_leaves(live.searcher.reader()):
                    self._cache.postings(leaf, TEXT_FIELD, word)

            return postings

        for word in self._read(load):
            self._read(read(word))  # one word at a time: a search typed meanwhile waits for one read at most

    def close(self) -> None:
        with self._lock:
            if self._live is not None:
                self._live.close()
            if self._ix is not None:
                self._ix.close()
            self._live = self._ix = self._identity = None
            self._ranked = None
            self._cache.clear()  # also closes the files it holds open

    # -- writing -----------------------------------------------------------------------------------------

    def rebuild(
        self,
        docs: Iterable[IndexDoc],
        *,
        total: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        catalog_rev: int = 0,
        user_rev: int = 0,
    ) -> None:
        """Build a fresh index beside the current one and swap it in; readers never see a half-built index.

        progress(done, total) is called every few hundred papers and once at the end (total 0: unknown).
        """
        if total is None:
            total = len(docs) if isinstance(docs, Sized) else 0
        built = disk.new_build_folder(self.folder)
        try:
            done = build_index(built, docs, total, progress)
            disk.write_meta(built, disk.Meta(SCHEMA_VERSION, catalog_rev, user_rev, disk.manifest(built)))
            disk.fsync_files(built)
            with self._lock:
                self.close()
                disk.swap_in(built, self.folder)
        except OSError as exc:
            disk.discard(built)
            raise PapertuiError(f"could not rebuild the search index in {self.folder}: {exc.strerror or exc}") from exc
        except BaseException:
            disk.discard(built)
            raise
        if progress is not None:
            progress(done, max(total, done))

    def update(
        self,
        docs: Iterable[IndexDoc],
        *,
        catalog_rev: int | None = None,
        user_rev: int | None = None,
        removed: Iterable[str] = (),
    ) -> None:
        """Upsert papers by id and delete the `removed` ids, in one commit (tags, notes and triage changes arrive
        this way), then record the revisions; a revision left None keeps its recorded value."""
        with self._lock:
            try:
                meta = disk.read_meta(self.folder)
            except disk.MetaError as exc:
                raise PapertuiError(f"the search index in {self.folder} needs a rebuild ({exc})") from exc
            try:
                changed = self._upsert(docs, removed)
                files = disk.manifest(self.folder, meta.files) if changed else meta.files
                disk.write_meta(
                    self.folder,
                    disk.Meta(
                        SCHEMA_VERSION,
                        meta.catalog_rev if catalog_rev is None else catalog_rev,
                        meta.user_rev if user_rev is None else user_rev,
                        files,
                    ),
                )
            except PapertuiError:
                raise
            except LockError as exc:
                raise LockTimeout(
                    f"the search index in {self.folder} stayed busy (another papertui is writing it); try again"
                ) from exc
            except Exception as exc:
                raise _damaged(self.folder, exc) from exc

    def _upsert(self, docs: Iterable[IndexDoc], removed: Iterable[str] = ()) -> bool:
        fields = {doc.paper.id: to_fields(doc.paper, doc.user) for doc in docs}  # the last of a repeated id wins
        gone = [pid for pid in dict.fromkeys(removed) if pid not in fields]
        if not fields and not gone:
            return False
        live = self._current()
        writer = FastSegmentWriter(self._ix, timeout=WRITE_LOCK_WAIT_S, **WRITER_OPTIONS)
        try:
            # Old versions are found with the shared searcher: Whoosh's update_document would open a fresh
            # reader over every segment for each commit, the larger part of a one-tag update. The searcher
            # must show the commit the writer (which now holds the write lock) starts from.
            if live.generation != writer.generation - 1:
                live = self._refresh()
            reader = live.searcher.reader()
            writer.common = Lexicon(reader, self._cache.tables).common_words()  # the ones the index was built with
            for paper_id in gone:
                for docnum in live_docs(reader, paper_id):
                    writer.delete_document(docnum)
            for paper_id, doc in fields.items():
                for docnum in live_docs(reader, paper_id):
                    writer.delete_document(docnum)
                writer.add_paper(doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_small)
        self._refresh()
        return True

    # -- reading -----------------------------------------------------------------------------------------

    def _current(self) -> LiveSearcher:
        """The shared searcher, refreshed if the index changed, reopened if a rebuild swapped the folder.
        Call with the lock held."""
        identity = disk.folder_identity(self.folder)
        if identity is None:
            self.close()
            raise PapertuiError(f"there is no search index in {self.folder} yet; it needs a rebuild")
        if self._live is not None and identity == self._identity:
            return self._refresh() if self._live.stale(self._ix) else self._live
        self.close()
        if not disk.sizes_match(self.folder):
            raise PapertuiError(
                f"the search index in {self.folder} is damaged (a file has the wrong size); `papertui reindex` "
                "rebuilds it"
            )
        self._ix = disk.open_index(self.folder)
        self._live = refreshed(self._ix, self._schema)
        self._identity = identity
        self._forget_old_segments()
        return self._live

    def _refresh(self) -> LiveSearcher:
        self._live = refreshed(self._ix, self._schema, self._live)
        self._forget_old_segments()
        return self._live

    def _forget_old_segments(self) -> None:
        assert self._live is not None
        leaves = segment_leaves(self._live.searcher.reader())
        ids = [leaf.segment().segment_id() for leaf, _offset in leaves]
        self._cache.forget_except(ids)
        self._vectors.forget_except(ids)

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        sort: str = "relevance",
        typing: bool = False,
        time_limit_s: float | None = None,
    ) -> SearchResult:
        """Search with the query language of index/query.py; never raises for any query text.

        A query of filters only (no words to rank by) is shown newest first even under "relevance".
        """
        parsed = parse(query, typing=typing)
        hints = list(parsed.hints)
        if sort not in SORTS:
            hints.append(f'Unknown sort "{sort}": sorted by relevance.')
            sort = "relevance"
        if sort == "relevance" and not parsed.terms:
            sort = "date"
        deadline = None if time_limit_s is None else evaluate.clock() + max(time_limit_s, 0.0)

        def run_query(live: LiveSearcher) -> SearchResult:
            reader = live.searcher.reader()
            compiler = Compiler(Lexicon(reader, self._cache.tables, self._cache.deleted))
            plan = compiler.compile(parsed.root)
            if plan is None:
                notes = list(hints)
                if query.strip() and not hints and not typing:
                    notes.append("Nothing to search for in that query (only common words or symbols).")
                return SearchResult((), 0, parsed.terms, _one_line(notes))
            run = evaluate.Run(reader, self._cache, deadline)
            # Counting every match of a phrase or `abstract:` means checking every candidate; the app's typed
            # keys may show an estimate ("about N"), a search asked for on purpose never does.
            count_limit = TYPING_COUNT_LIMIT if typing else None
            outcome = choose.select(run, plan, max(1, limit), self._sort_key(sort), count_limit=count_limit)
            stored = self._cache.stored_fields
            hits = tuple(hit_from_stored(stored(seg.reader, d), score) for seg, d, score in outcome.hits)
            capped = [f"prefix '{c.word}' uses its {c.used} commonest completions" for c in compiler.capped]
            if capped:
                capped.append("(end it with * for all of them)")
            return SearchResult(
                hits,
                max(outcome.total, len(hits)),
                parsed.terms,
                _one_line(hints),
                outcome.partial,
                total_is_estimate=outcome.estimated,
                prefix_capped=bool(capped),
                notice=_one_line(capped),
            )

        return self._read(run_query)

    def similar(
        self, paper_id: str, limit: int = 20, *, within: str = "", typing: bool = False, sort: str = "relevance"
    ) -> SearchResult:
        """The papers most like `paper_id` (index/related.py), best first; never the paper itself. With a query
        `within`, only the ones it matches among those `limit`; another `sort` reorders them as a search would."""
        rank = lambda reader: rank_similar(reader, self._cache, self._vectors, paper_id, limit)  # noqa: E731
        return self._read(lambda live: self._related(live, ("like", paper_id, limit), rank, within, typing, sort))

    def suggest(
        self, tag: str, limit: int = 20, *, within: str = "", typing: bool = False, sort: str = "relevance"
    ) -> SearchResult:
        """Papers not tagged `tag` ranked by how much they resemble those that are; skipped papers count
        against (index/related.py). Raises PapertuiError below MIN_TAGGED tagged papers. `within` and `sort` as
        for similar()."""
        rank = lambda reader: rank_suggested(reader, self._cache, self._vectors, tag, limit)  # noqa: E731
        return self._read(lambda live: self._related(live, ("suggested", tag, limit), rank, within, typing, sort))

    def _related(
        self,
        live: LiveSearcher,
        key: tuple[str, str, int],
        rank: Callable[[Any], Ranking],
        within: str,
        typing: bool,
        sort: str,
    ) -> SearchResult:
        """The ranking (the last one is kept while the index is unchanged: each key typed in a related view asks
        for it again, and suggestions take ~250 ms at 100k papers), filtered by `within`, in the `sort` order."""
        if sort not in SORTS:
            raise PapertuiError(f"unknown sort {sort!r}")
        reader = live.searcher.reader()
        kept = self._ranked
        if kept is None or kept[0][0] is not live or kept[0][1] != key:
            self._ranked = kept = ((live, key), rank(reader))
        return as_result(kept[1], reader, self._cache, within, typing, self._order(sort))

    def _read(self, what: Callable[[LiveSearcher], _T]) -> _T:
        """Run a read on the shared searcher; any Whoosh failure while reading means damaged files ...

        ... unless another process is swapping a rebuilt index in (the folder is briefly absent between its two
        renames, and a new folder may even reuse the old one's inode): then reopening and reading again works,
        while real damage fails the same way every time and is reported.
        """
        with self._lock:
            for attempt in range(1, _SWAP_RETRIES):
                try:
                    return what(self._current())
                except Exception:
                    self.close()
                    time.sleep(0.02 * attempt)
            try:
                return what(self._current())
            except PapertuiError:
                raise
            except Exception as exc:
                raise _damaged(self.folder, exc) from exc

    def _sort_key(self, sort: str) -> choose.SortKey | None:
        key = self._order(sort)
        return None if key is None else lambda seg: key(seg.reader)

    def _order(self, sort: str) -> Order | None:
        """A sort order as a key of (doc, score) per segment reader; None for relevance (by score alone)."""
        if sort == "relevance":
            return None
        column, newest_first = _SORT_COLUMNS[sort]
        cache = self._cache

        def key_for(leaf: Any) -> Callable[[int, float], Any]:
            values = cache.column(leaf, column)
            if newest_first:
                return lambda doc, score: (-values[doc], -score)
            return lambda doc, score: (values[doc], -score)

        return key_for


def _one_line(hints: list[str]) -> str | None:
    return " ".join(hints) if hints else None
