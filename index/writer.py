"""A Whoosh segment writer that keeps postings in memory and writes each posting list in one pass.

Whoosh's own SegmentWriter sends every posting (~13M at 100k papers) through a tuple, an external sort with
pickled runs, a heap merge and a per-posting length lookup; that was ~60 % of an import. Here a paper's analysed
words are appended to per-term arrays (doc numbers ascending by construction), and at commit Whoosh's flush asks
the writer's pool for its postings (`iter_postings`, the pool being Whoosh's extension point): the pool walks its
terms in order and feeds them to Whoosh's field writer through its public calls (start_field, start_term, add,
finish_term, finish_field), with each paper's field length decoded once. The files are ordinary whoosh3 segments:
commit, merges, deletions and the TOC are Whoosh's code unchanged, and no private writer attribute is touched.

Short posting lists are not inlined into the term table: whoosh3's W3Codec(inlinelimit>1) calls the missing
`set_inline` (the method is `set_inlined`), and inlining by hand needs the posting writer's private buffers.
"""

from __future__ import annotations

import contextlib
import math
from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from whoosh import fields
from whoosh.reading import EmptyReader, SegmentReader
from whoosh.writing import SegmentWriter

from papertui.index.schema import PAIR_FIELD, TEXT_FIELD, TITLE_FIELD, WEIGHTED_FIELDS
from papertui.index.terms import TermTable, write_tables
from papertui.index.vectors import write_vectors
from papertui.index.whoosh_compat import LENGTH_OF_BYTE, all_postings, field_lengths_of

SMALL_SEGMENT = 4096
"""Segments from this size up are never merged by updates (a rebuild compacts them)."""
MERGE_FACTOR = 8
"""Eight small segments of about the same size are merged into one, so a paper is re-merged only every
eightfold growth (1 → 8 → 64 → 512 → 4096 papers) and a merge costs about as much as what it merges."""

_Postings = tuple[array, array]  # doc numbers ("I"), weights ("f")


def _new_postings() -> _Postings:
    return (array("I"), array("f"))


class MemoryPool:
    """The postings of the segment being written: field → term → (doc numbers, weights)."""

    def __init__(self, writer: FastSegmentWriter | None = None) -> None:
        self.writer = writer
        self.fields: dict[str, dict[str, _Postings]] = {}
        self.fieldnames: set[str] = set()
        self.unordered = False
        """Set when Whoosh's generic path added a posting out of doc order (sorted before writing)."""

    def terms(self, fieldname: str) -> dict[str, _Postings]:
        """The field's term table; a missing term is created on first access (one C-level lookup)."""
        found = self.fields.get(fieldname)
        if found is None:
            found = self.fields[fieldname] = defaultdict(_new_postings)
            self.fieldnames.add(fieldname)
        return found

    def add(self, item: tuple[str, bytes, int, float, Any]) -> None:
        """Whoosh's generic entry point (merges of old segments, add_document)."""
        fieldname, tbytes, docnum, weight, value = item
        if value:
            raise ValueError(f"{fieldname}: MemoryPool keeps no per-posting values (use an Existence format)")
        entry = self.terms(fieldname)[tbytes.decode("utf-8")]
        if entry[0] and entry[0][-1] >= docnum:
            self.unordered = True
        entry[0].append(docnum)
        entry[1].append(weight)

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Whoosh's flush hook: SegmentWriter hands what this yields to fieldwriter.add_postings(). Instead of
        ~13M per-posting tuples (Whoosh's loop then asks the length column once per posting), the pool writes
        each list itself through the same field writer's public calls, in the order add_postings would, and
        yields nothing; then it saves the segment's term lists (index/terms.py) and `text` vectors
        (index/vectors.py)."""
        writer = self.writer
        if writer is None:
            raise RuntimeError("MemoryPool.iter_postings needs the writer it belongs to")
        tables, text_postings = _write_postings(writer, self)
        write_tables(writer.newsegment, writer.storage, tables, writer.common)
        write_vectors(writer.newsegment, writer.storage, writer.docnum, text_postings)
        yield from ()

    def cleanup(self) -> None:
        self.fields.clear()


def merge_small(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """Merge policy for updates: drop segments whose papers were all replaced, and merge MERGE_FACTOR small
    segments of the same size tier (1-7, 8-63, ... papers) into the segment being written."""
    live = [s for s in segments if s.doc_count() > 0]
    tiers: dict[int, list[Any]] = {}
    for segment in live:
        count = segment.doc_count_all()
        if count < SMALL_SEGMENT:
            tiers.setdefault(int(math.log(max(count, 1), MERGE_FACTOR)), []).append(segment)
    full = [tier for tier, members in sorted(tiers.items()) if len(members) >= MERGE_FACTOR]
    if not full:
        return live
    merged = tiers[full[0]]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    gone = {id(s) for s in merged}
    return [s for s in live if id(s) not in gone]


class FastSegmentWriter(SegmentWriter):
    """A SegmentWriter whose postings go through MemoryPool; papers are added with add_paper()."""

    def __init__(self, ix: Any, *, common: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        try:
            super().__init__(ix, **kwargs)
        except BaseException:
            # Whoosh takes the write lock first and then creates the segment files: if that fails (a full
            # disk), the lock stays held for as long as anything (a traceback kept for a message) refers to
            # this half-made writer, and every later write of this process waits out the lock and fails.
            lock = getattr(self, "writelock", None)
            if lock is not None:
                with contextlib.suppress(Exception):
                    lock.release()
            raise
        self.pool: MemoryPool = MemoryPool(self)  # type: ignore[assignment]
        self.common = common
        """The index's common words: their adjacent pairs are indexed (schema.PAIR_FIELD)."""
        plan = []
        for name in sorted(self.schema.names()):
            field = self.schema[name]
            # By name: the schema holds only Whoosh's own field classes (stock Whoosh opens the index).
            if name == PAIR_FIELD:
                kind = "pairs"
            elif name in WEIGHTED_FIELDS:
                kind = "weighted"
            elif isinstance(field, fields.ID | fields.BOOLEAN) and not field.scorable:
                kind = "exact"
            else:
                kind = "indexed" if field.indexed else "plain"
            plan.append((name, field, kind))
        self._plan = plan
        self.papers_added = 0

    def add_paper(self, doc: Mapping[str, Any]) -> None:
        """Add one paper given as schema.to_fields() builds it (what add_document does, without its per-posting
        tuples)."""
        pdw = self.perdocwriter
        pool = self.pool
        docnum = self.docnum
        analyzed = doc[TEXT_FIELD]
        pdw.start_doc(docnum)
        for name, field, kind in self._plan:
            value = (analyzed.pairs(self.common) or None) if kind == "pairs" else doc.get(name)
            if value is None:
                continue
            length = 0
            if kind == "pairs":
                terms = pool.terms(name)
                for pair in value:
                    entry = terms[pair]
                    entry[0].append(docnum)
                    entry[1].append(1.0)
                value = None  # nothing stored
            elif kind == "weighted":
                terms = pool.terms(name)
                counts = analyzed.title if name == TITLE_FIELD else analyzed.weights
                for text, weight in counts.items():
                    entry = terms[text]
                    entry[0].append(docnum)
                    entry[1].append(weight)
                length = analyzed.length if name == TEXT_FIELD else int(sum(counts.values()))
            elif kind == "exact":  # ID and BOOLEAN: one term, spelled as Whoosh would
                exact = field.to_bytes(value.strip() if isinstance(value, str) else value)  # IDs are stripped
                entry = pool.terms(name)[exact.decode("utf-8")]
                entry[0].append(docnum)
                entry[1].append(1.0)
            elif kind == "indexed":
                for tbytes, freq, weight, vbytes in field.index(value):
                    pool.add((name, tbytes, docnum, weight, vbytes))
                    if field.scorable:
                        length += freq
            pdw.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column is not None:
                pdw.add_column_value(name, column, field.to_column_value(value))
        pdw.finish_doc()
        self.docnum += 1
        if not self.papers_added:
            # Whoosh flushes a new segment at commit only once something was added through its own calls:
            # adding an empty reader says so through the public API (it adds no paper and no posting).
            self.add_reader(EmptyReader(self.schema))
        self.papers_added += 1

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: dict[int, int] | None) -> None:
        """A merged segment's postings, read a whole list at a time (Whoosh's way costs a matcher per term and
        a call per posting: ~200 ms to merge a few small segments)."""
        if not reader.doc_count_all():
            return  # the EmptyReader add_paper adds, or a segment with no paper: no postings
        for fieldname, text, (ids, weights) in all_postings(reader):
            if fieldname not in self.schema:
                continue
            if docmap is not None and not any(doc in docmap for doc in ids):
                continue  # every paper with this term was deleted: no empty posting list in the new segment
            entry = self.pool.terms(fieldname)[text]
            before = len(entry[0])
            if docmap is None:
                entry[0].extend(startdoc + d for d in ids)
                entry[1].extend(weights)
            else:
                for doc, weight in zip(ids, weights, strict=True):
                    new = docmap.get(doc)  # deleted papers are not in the map
                    if new is not None:
                        entry[0].append(new)
                        entry[1].append(weight)
            if 0 < before < len(entry[0]) and entry[0][before - 1] >= entry[0][before]:
                self.pool.unordered = True


def _write_postings(writer: SegmentWriter, pool: MemoryPool) -> tuple[dict[str, TermTable], list[_Postings]]:
    """Write every posting list through Whoosh's public FieldWriter calls; returns each field's sorted terms
    with their document frequencies, and the `text` field's posting lists in that order."""
    fieldwriter = writer.fieldwriter
    start_term, add, finish_term = fieldwriter.start_term, fieldwriter.add, fieldwriter.finish_term
    tables: dict[str, TermTable] = {}
    text_postings: list[_Postings] = []
    lengths = writer.per_document_reader()  # the per-document writer is closed by now (Whoosh closes it first)
    try:
        for fieldname in sorted(pool.fields):
            terms = pool.fields[fieldname]
            field = writer.schema[fieldname]
            ordered = sorted(text for text, (ids, _weights) in terms.items() if ids)  # never an empty list
            tables[fieldname] = (ordered, array("I", [len(terms[t][0]) for t in ordered]))
            # Decoded once per paper, not per posting: Whoosh's own loop asks the column for every posting.
            lens = [LENGTH_OF_BYTE[b] for b in field_lengths_of(lengths, fieldname)] if field.scorable else None
            fieldwriter.start_field(fieldname, field)
            # Code point order is UTF-8 byte order, the order Whoosh's term table needs.
            for text in ordered:
                ids, weights = terms[text]
                if pool.unordered:
                    pairs = sorted(zip(ids, weights, strict=True))
                    ids, weights = array("I", (p[0] for p in pairs)), array("f", (p[1] for p in pairs))
                if fieldname == TEXT_FIELD:
                    text_postings.append((ids, weights))
                start_term(text.encode("utf-8"))
                if lens is None:
                    for docnum, weight in zip(ids, weights, strict=True):
                        add(docnum, weight, b"", None)
                else:
                    for docnum, weight in zip(ids, weights, strict=True):
                        add(docnum, weight, b"", lens[docnum])
                finish_term()
            fieldwriter.finish_field()
    finally:
        lengths.close()
    return tables, text_postings
