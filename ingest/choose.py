"""Which reader reads an input: decided by its content, never by its file name.

* JSON Lines whose first record has `id`, `abstract` and `categories` or `versions` -> the arXiv snapshot;
* other JSON opening a list of objects or an object -> Hugging Face papers JSON, which refuses JSON without
  paper objects;
* an XML document (`<?xml`, `<feed`) -> the arXiv Atom reader, which refuses other XML;
* a line starting a BibTeX entry (`@article{`, `@misc{` ...) -> BibTeX;
* anything else -> the Hugging Face page-text reader, which refuses text that is not a copied page.

Gzip-compressed input (sniffed by its magic bytes) is decompressed first, for every reader.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable

from papertui.errors import PapertuiError
from papertui.ingest.arxiv_atom import read_arxiv_atom
from papertui.ingest.arxiv_snapshot import looks_like_snapshot_record, read_snapshot
from papertui.ingest.bibtex import looks_like_bibtex, read_bibtex
from papertui.ingest.filters import NO_FILTER, RecordFilter
from papertui.ingest.hf_json import read_hf_json
from papertui.ingest.structured import NotThisFormat, ReadResult

GZIP_MAGIC = b"\x1f\x8b"
_JSON_OPENING = re.compile(r'\[\s*[{\]]|\{\s*["}]')
"""How papers JSON opens: a list of objects (or an empty one), an object with a key (or an empty one). A page
that merely starts with a bracket ("[31m" left by a stripped terminal escape) is not JSON."""
PAGE = "hf-page"
SNIFF_CHARS = 64 * 1024


def is_gzip(data: bytes) -> bool:
    return data[:2] == GZIP_MAGIC


def gunzip(data: bytes, source: str) -> bytes:
    """`data` decompressed when it is gzip, else unchanged; a broken gzip stream is a one-line error."""
    if not is_gzip(data):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise PapertuiError(f"{source} is a damaged gzip file ({exc})") from None


def reader_for(text: str) -> str:
    """The reader name for text whose head is `text` (the first SNIFF_CHARS are enough)."""
    head = text[:SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if _JSON_OPENING.match(head):
        first = head.split("\n", 1)[0]
        try:
            record = json.loads(first)
        except ValueError:
            record = None
        return "arxiv-snapshot" if looks_like_snapshot_record(record) else "hf-json"
    if head.startswith("<?xml") or head.startswith("<feed") or head.startswith("<rss"):
        return "arxiv-atom"
    if looks_like_bibtex(head):
        return "bibtex"
    return PAGE


_READERS: dict[str, Callable[[str], ReadResult]] = {
    "hf-json": read_hf_json,
    "arxiv-atom": read_arxiv_atom,
    "bibtex": read_bibtex,
}


def read_structured(text: str, source: str, record_filter: RecordFilter = NO_FILTER) -> ReadResult | None:
    """The papers of a structured source that pass `record_filter`, or None when `text` is for the page reader.
    A source that is not what its content promised raises PapertuiError naming `source`."""
    name = reader_for(text)
    if name == PAGE:
        return None
    try:
        if name == "arxiv-snapshot":
            return read_snapshot(text, record_filter)
        result = _READERS[name](text)
    except NotThisFormat as exc:
        raise PapertuiError(f"{source}: {exc}") from None
    if not record_filter.active:
        return result
    kept = tuple(p for p in result.papers if record_filter.keeps(p))
    return ReadResult(
        papers=kept,
        reader=result.reader,
        warnings=result.warnings,
        skipped=result.skipped + len(result.papers) - len(kept),
    )
