"""Every read of whoosh3 internals papertui does, checked at import, with Whoosh's public API behind it.

Whoosh's matchers hand out one posting per Python call (~3-5 µs each), so scoring a word found in 65,000 of
100,000 papers took ~250 ms. The fast path reads a posting list block by block (one unpickle per 128
postings) and a numeric column (field lengths, sort keys) as one byte string, mirroring whoosh3's on-disk
formats (W3LeafMatcher's block parsing, NumericColumn's fixed-width rows, CompressedBytesColumn's offsets).
Those layouts are private to whoosh3, so at import `probe()` writes a tiny index in a RamStorage with stock
Whoosh, reads it both ways and compares: every private attribute used here is touched by the probe. If any
check fails (a renamed attribute, a changed block layout), FAST is False, REASON says why, `papertui doctor`
warns, and every function below answers through Whoosh's public readers instead — slower, same results.
Both paths give deleted papers' postings too (the public one through the codec's terms reader, whose matchers
do not skip them as SegmentReader.postings() does): index/deleted.py takes them out of the term statistics.

`use_fallback()` switches the public path on for the whole process (tests compare both paths with it); the
environment variable PAPERTUI_WHOOSH_PUBLIC=1 does the same from the start.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any

from whoosh import fields
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import CompressedBytesColumn
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
"""Whoosh stores a field's length in one byte (a log scale); this decodes it."""

STORED = "_stored"
"""Whoosh's column of stored fields."""

FALLBACK_ENV = "PAPERTUI_WHOOSH_PUBLIC"

_INTERNALS: dict[str, Any] = {}
"""The private names imported from whoosh3 (filled by _import_internals; empty when one is missing)."""


def _import_internals() -> None:
    from whoosh import system
    from whoosh.codec import whoosh3

    _INTERNALS.update(
        header=whoosh3.WHOOSH3_HEADER_MAGIC,
        lengths_column=whoosh3.LENGTHS_COLUMN,
        lenfield=whoosh3._lenfield,
        int_size=system._INT_SIZE,
        unpack_int=system.unpack_int,
    )


class CorruptPostings(Exception):
    """A posting list could not be parsed."""


def segment_leaves(reader: Any) -> list[tuple[Any, int]]:
    """(SegmentReader, doc offset) of every segment of a reader. An index with no segment at all (built from
    an empty library) has one EmptyReader leaf, which has no segment and no files: it is left out."""
    return [(leaf, offset) for leaf, offset in reader.leaf_readers() if leaf.segment() is not None]


# -- the fast path (whoosh3 internals) --------------------------------------------------------------------------
def _ones(n: int) -> array:
    return array("f", [1.0]) * n


def _fast_postings(terms: Any, info: Any, name: str) -> tuple[array, array]:
    """The postings a W3TermInfo points at: blocks in the postings file, or inlined in the term info (indexes
    written before papertui stopped inlining short lists)."""
    if info.is_inlined():
        ids, weights, _values = info.inlined_postings()
        return array("I", ids), array("f", weights)
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the length in a 1-tuple
        length = length[0]
    raw = terms._postfile.get(offset, length)
    if raw[:4] != _INTERNALS["header"]:
        raise CorruptPostings(f"bad posting list header for {name}")
    int_size, unpack_int = _INTERNALS["int_size"], _INTERNALS["unpack_int"]
    ids = array("I")
    weights = array("f")
    stream = io.BytesIO(raw)
    position = 4
    end = len(raw)
    while position < end:
        blocklength = unpack_int(raw[position : position + int_size])[0]
        last = blocklength < 0
        stream.seek(position + int_size)
        count, _maxid, _maxweight, compression, _minlen, _maxlen = pickle.load(stream)
        data_start = stream.tell()
        position = position + int_size + abs(blocklength)
        data = raw[data_start:position]
        block = pickle.loads(zlib.decompress(data) if compression else data)
        ids.extend(accumulate(block[0]))  # ids are delta-coded within a block, starting from 0
        block_weights = block[1]
        if block_weights is None:
            weights.extend(_ones(count))
        elif isinstance(block_weights, float):
            weights.extend(array("f", [block_weights]) * count)
        else:
            weights.extend(block_weights)
        if last:
            break
    return ids, weights


def _numeric_column(perdoc_reader: Any, doccount: int, default: int) -> array:
    """Every value of a fixed-width numeric column reader (NumericColumn.Reader), missing ones as `default`."""
    fixed = perdoc_reader._fixedlen
    raw = perdoc_reader._dbfile.get(perdoc_reader._basepos, perdoc_reader._count * fixed)
    values = array(perdoc_reader._typecode)
    values.frombytes(raw)
    if values.itemsize > 1 and sys.byteorder == "little":
        values.byteswap()  # Whoosh packs numbers big-endian ("!i")
    if len(values) < doccount:
        values.extend(array(values.typecode, [default]) * (doccount - len(values)))
    return values


def _fast_perdoc_lengths(perdoc: Any, fieldname: str) -> array:
    reader = perdoc._cached_reader(_INTERNALS["lenfield"](fieldname), _INTERNALS["lengths_column"])
    count = perdoc.doc_count_all()
    if reader is None:
        return array("B", bytes(count))
    return _numeric_column(reader, count, 0)


def _fast_sort_column(segment: Any, fieldname: str) -> Any:
    reader = segment.column_reader(fieldname, translate=False)
    inner = getattr(reader, "_reader", reader)
    if hasattr(inner, "_typecode") and hasattr(inner, "_fixedlen"):
        return _numeric_column(inner, segment.doc_count_all(), inner._default)
    return list(reader)


def _column_extents(segment: Any, fieldname: str) -> tuple[Any, Any, int]:
    """(offsets, lengths, base position) of a CompressedBytesColumn's values in its file."""
    # "_stored" (every paper's stored fields, a pickled dict) is such a column too, under a pickle layer.
    column = CompressedBytesColumn() if fieldname == STORED else segment.schema[fieldname].column_type
    inner = segment._perdoc.column_reader(fieldname, column)
    return inner._offsets, inner._lengths, inner._basepos


# -- the public path ---------------------------------------------------------------------------------------------
def _terms_reader(segment: Any) -> Any:
    """The segment's term table through its codec's public reader: unlike SegmentReader.postings(), its matchers
    keep deleted papers, as the fast path does (index/deleted.py needs them)."""
    seg = segment.segment()
    return seg.codec().terms_reader(segment.storage(), seg)


def _matcher_postings(terms: Any, schema: Any, fieldname: str, btext: bytes) -> tuple[array, array]:
    ids = array("I")
    weights = array("f")
    matcher = terms.matcher(fieldname, btext, schema[fieldname].format)
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def _public_postings(segment: Any, fieldname: str, text: str) -> tuple[array, array]:
    terms = _terms_reader(segment)
    try:
        return _matcher_postings(terms, segment.schema, fieldname, text.encode("utf-8"))
    finally:
        terms.close()


def _public_perdoc_lengths(perdoc: Any, fieldname: str) -> array:
    """Length bytes through doc_field_length (a PerDocumentReader's and a SegmentReader's public method)."""
    count = perdoc.doc_count_all()
    return array("B", (length_to_byte(perdoc.doc_field_length(d, fieldname) or 0) for d in range(count)))


# -- the check ---------------------------------------------------------------------------------------------------
def probe() -> str:
    """Write a tiny index with stock Whoosh and check() its segment; '' when every internal checks out, else
    what failed (one line)."""
    try:
        _import_internals()
    except (ImportError, AttributeError) as exc:
        return f"whoosh3 internals missing: {exc}"
    reader = probe_index().reader()
    try:
        (segment, _offset), *rest = segment_leaves(reader)
        return "the probe index has more than one segment" if rest else check(segment)
    finally:
        reader.close()


def probe_index() -> Any:
    """A tiny index in memory, written by stock Whoosh, that check() knows the contents of."""
    from whoosh.columns import NumericColumn
    from whoosh.filedb.filestore import RamStorage

    schema = fields.Schema(
        body=fields.TEXT(),
        rank=fields.COLUMN(NumericColumn("i")),
        blob=fields.COLUMN(CompressedBytesColumn(level=1)),
        note=fields.STORED(),
    )
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for n in range(PROBE_PAPERS):
            words = "alpha beta" if n % 3 else "alpha gamma gamma"
            writer.add_document(body=f"{words} w{n}", rank=n * 7 - 500, blob=f"b{n}".encode(), note=str(n))
    return ix


PROBE_PAPERS = 300
"""More than two of Whoosh's 128-posting blocks for "alpha"."""


def check(segment: Any) -> str:
    """Read the SegmentReader of probe_index() through every internal used here and through Whoosh's public
    readers; '' when they agree, else what differed or was missing."""
    try:
        count = segment.doc_count_all()
        terms = segment._terms
        for word in ("alpha", "gamma", "w7"):
            if _fast_postings(terms, terms.term_info("body", word.encode()), word) != _public_postings(
                segment, "body", word
            ):
                return f"posting blocks of {word!r} read differently from Whoosh's matcher"
        if [term for term, _info in terms.items()] != list(segment.all_terms()):
            return "the term table lists other terms than all_terms()"
        if _fast_perdoc_lengths(segment._perdoc, "body") != _public_perdoc_lengths(segment, "body"):
            return "field length column read differently from doc_field_length"
        if list(_fast_sort_column(segment, "rank")) != [n * 7 - 500 for n in range(count)]:
            return "numeric column read differently from column_reader"
        for fieldname, public in (("blob", segment.column_reader("blob", translate=False)), (STORED, None)):
            offsets, lengths, base = _column_extents(segment, fieldname)
            raw = segment.storage().open_file(W3Codec.column_filename(segment.segment(), fieldname)).read()
            for d in (0, count // 2, count - 1):
                value = zlib.decompress(raw[base + offsets[d] : base + offsets[d] + lengths[d]])
                if (value != public[d]) if public is not None else (pickle.loads(value) != segment.stored_fields(d)):
                    return f"column {fieldname!r} offsets do not match Whoosh's reader"
    except Exception as exc:  # any surprise in the internals means: do not trust them
        return f"whoosh3 internals changed: {type(exc).__name__}: {exc}"
    return ""


REASON = probe()
"""Why the fast path is off ('' when it is on)."""
FAST = not REASON and os.environ.get(FALLBACK_ENV, "") in ("", "0")
"""True when the internals checked out and nobody asked for the public path."""
if not REASON and not FAST:
    REASON = f"{FALLBACK_ENV} is set"


def use_fallback(on: bool = True) -> None:
    """Answer through Whoosh's public API from now on (on=False: back to the fast path, if it checked out)."""
    global FAST, REASON
    if on:
        FAST, REASON = False, "the public path was chosen (use_fallback)"
    else:
        REASON = probe()
        FAST = not REASON


# -- what the rest of papertui calls ------------------------------------------------------------------------------
def read_postings(segment: Any, fieldname: str, text: str) -> tuple[array, array] | None:
    """(doc numbers, weights) of `text` in `fieldname` of a SegmentReader (deleted papers included on the fast
    path); None when the segment does not hold the term."""
    if not FAST:
        return _public_postings(segment, fieldname, text) if (fieldname, text) in segment else None
    terms = segment._terms
    try:
        info = terms.term_info(fieldname, text.encode("utf-8"))
    except TermNotFound:
        return None
    return _fast_postings(terms, info, f"{fieldname}:{text}")


def all_postings(segment: Any) -> Iterator[tuple[str, str, tuple[array, array]]]:
    """(field, term, (doc numbers, weights)) of every term of a SegmentReader, in term-table order."""
    if not FAST:
        terms = _terms_reader(segment)
        try:
            for (fieldname, tbytes), _info in terms.items():
                if fieldname in segment.schema:
                    yield fieldname, tbytes.decode("utf-8"), _matcher_postings(terms, segment.schema, fieldname, tbytes)
        finally:
            terms.close()
        return
    terms = segment._terms
    for (fieldname, tbytes), info in terms.items():
        text = tbytes.decode("utf-8")
        yield fieldname, text, _fast_postings(terms, info, f"{fieldname}:{text}")


def field_lengths_of(perdoc: Any, fieldname: str) -> array:
    """The length byte of `fieldname` for every paper of a per-document reader (0: no words); decode a byte
    with LENGTH_OF_BYTE."""
    return _fast_perdoc_lengths(perdoc, fieldname) if FAST else _public_perdoc_lengths(perdoc, fieldname)


def field_lengths(segment: Any, fieldname: str) -> array:
    """field_lengths_of() a SegmentReader."""
    return _fast_perdoc_lengths(segment._perdoc, fieldname) if FAST else _public_perdoc_lengths(segment, fieldname)


def sort_column(segment: Any, fieldname: str) -> Any:
    """A sort column of a SegmentReader as an indexable sequence (numbers as an array)."""
    if FAST:
        return _fast_sort_column(segment, fieldname)
    return list(segment.column_reader(fieldname, translate=False))


class BytesColumn:
    """Random access to a CompressedBytesColumn of a SegmentReader (the forward streams, the stored fields):
    Whoosh's reader goes through four objects and a buffered seek per value (~15 µs); the fast path is one
    pread and a decompress. The file is immutable while the segment lives; close() releases it."""

    def __init__(self, segment: Any, fieldname: str) -> None:
        self._fd = -1
        self._public: Callable[[int], bytes] | None = None
        if not FAST:
            if fieldname == STORED:
                self._public = lambda docnum: pickle.dumps(segment.stored_fields(docnum))
            else:
                reader = segment.column_reader(fieldname, translate=False)
                self._public = reader.__getitem__
            return
        self._offsets, self._lengths, self._base = _column_extents(segment, fieldname)  # read once
        name = W3Codec.column_filename(segment.segment(), fieldname)
        self._fd = os.open(os.path.join(segment.storage().folder, name), os.O_RDONLY)

    def __getitem__(self, docnum: int) -> bytes:
        if self._public is not None:
            return self._public(docnum)
        length = self._lengths[docnum]
        if not length:
            return b""
        return zlib.decompress(os.pread(self._fd, length, self._base + self._offsets[docnum]))

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
