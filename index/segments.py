"""Bulk reads from one Whoosh segment: whole posting lists and whole numeric columns at once.

Whoosh's matchers hand out one posting per Python call (~3-5 µs each), so scoring a word found in 65,000 of
100,000 papers took ~250 ms. A posting list is read here block by block — one unpickle per 128 postings — and
returned as two arrays; a numeric column (field lengths, sort keys) is read as one byte string.
This reads whoosh3 3.54's on-disk formats through its own classes where they exist (W3TermInfo) and mirrors
W3LeafMatcher's block parsing where they only offer a posting at a time.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import zlib
from array import array
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, _lenfield
from whoosh.columns import CompressedBytesColumn
from whoosh.reading import TermNotFound
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util.numeric import byte_to_length

LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
"""Whoosh stores a field's length in one byte (a log scale); this decodes it."""


def segment_leaves(reader: Any) -> list[tuple[Any, int]]:
    """(SegmentReader, doc offset) of every segment of a reader. An index with no segment at all (built from
    an empty library) has one EmptyReader leaf, which has no segment and no files: it is left out."""
    return [(leaf, offset) for leaf, offset in reader.leaf_readers() if leaf.segment() is not None]


class CorruptPostings(Exception):
    """A posting list could not be parsed."""


def _ones(n: int) -> array:
    return array("f", [1.0]) * n


def read_postings(segment: Any, fieldname: str, text: str) -> tuple[array, array] | None:
    """(doc numbers, weights) of `text` in `fieldname` of a SegmentReader, deleted papers included; None when
    the segment does not hold the term."""
    terms = segment._terms
    try:
        info = terms.term_info(fieldname, text.encode("utf-8"))
    except TermNotFound:
        return None
    return postings_of(terms, info, f"{fieldname}:{text}")


def all_postings(segment: Any) -> Iterator[tuple[str, str, tuple[array, array]]]:
    """(field, term, (doc numbers, weights)) of every term of a SegmentReader, in term-table order."""
    terms = segment._terms
    for (fieldname, tbytes), info in terms.items():
        text = tbytes.decode("utf-8")
        yield fieldname, text, postings_of(terms, info, f"{fieldname}:{text}")


def postings_of(terms: Any, info: Any, name: str) -> tuple[array, array]:
    """The postings a W3TermInfo points at (inlined in it, or blocks in the postings file)."""
    if info.is_inlined():
        ids, weights, _values = info.inlined_postings()
        return array("I", ids), array("f", weights)
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the length in a 1-tuple
        length = length[0]
    raw = terms._postfile.get(offset, length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise CorruptPostings(f"bad posting list header for {name}")
    ids = array("I")
    weights = array("f")
    stream = io.BytesIO(raw)
    position = 4
    end = len(raw)
    while position < end:
        blocklength = unpack_int(raw[position : position + _INT_SIZE])[0]
        last = blocklength < 0
        stream.seek(position + _INT_SIZE)
        count, _maxid, _maxweight, compression, _minlen, _maxlen = pickle.load(stream)
        data_start = stream.tell()
        position = position + _INT_SIZE + abs(blocklength)
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


def numeric_column(perdoc_reader: Any, doccount: int, default: int) -> array:
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


def perdoc_lengths(perdoc: Any, fieldname: str) -> array:
    """The length byte of `fieldname` for every paper of a per-document reader (0: no words); decode a byte
    with LENGTH_OF_BYTE."""
    reader = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    count = perdoc.doc_count_all()
    if reader is None:
        return array("B", bytes(count))
    return numeric_column(reader, count, 0)


def field_lengths(segment: Any, fieldname: str) -> array:
    """perdoc_lengths() of a SegmentReader."""
    return perdoc_lengths(segment._perdoc, fieldname)


def sort_column(segment: Any, fieldname: str) -> Any:
    """A sort column of a SegmentReader as an indexable sequence (numbers as an array)."""
    reader = segment.column_reader(fieldname, translate=False)
    inner = getattr(reader, "_reader", reader)
    if hasattr(inner, "_typecode") and hasattr(inner, "_fixedlen"):
        return numeric_column(inner, segment.doc_count_all(), inner._default)
    return list(reader)


STORED = "_stored"
"""Whoosh's column of stored fields."""


class BytesColumn:
    """Random access to a CompressedBytesColumn of a SegmentReader (the forward streams): Whoosh's reader
    goes through four objects and a buffered seek per value (~15 µs); here it is one pread and a
    decompress. The file is immutable while the segment lives; close() releases it."""

    def __init__(self, segment: Any, fieldname: str) -> None:
        # "_stored" (every paper's stored fields, a pickled dict) is such a column too, under a pickle layer.
        column = CompressedBytesColumn() if fieldname == STORED else segment.schema[fieldname].column_type
        inner = segment._perdoc.column_reader(fieldname, column)  # offsets and lengths: read once
        name = W3Codec.column_filename(segment.segment(), fieldname)
        self._offsets = inner._offsets
        self._lengths = inner._lengths
        self._base = inner._basepos
        self._fd = os.open(os.path.join(segment.storage().folder, name), os.O_RDONLY)

    def __getitem__(self, docnum: int) -> bytes:
        length = self._lengths[docnum]
        if not length:
            return b""
        return zlib.decompress(os.pread(self._fd, length, self._base + self._offsets[docnum]))

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
