"""Opening an input for import as a stream: gzip sniffed by its magic bytes, the reader chosen from the head,
and — for the arXiv snapshot, gigabytes of JSON Lines — the rest read line by line, never whole.

A file, standard input and a fetched body go through the same door: `open_stream` takes any binary stream.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from papertui.errors import PapertuiError
from papertui.ingest.choose import GZIP_MAGIC, SNIFF_CHARS, reader_for

CHUNK = 1 << 20
PROGRESS_EVERY = 4096
"""Lines between progress reports: often enough for a smooth bar, rarely enough to cost nothing."""


class _Rejoined(io.RawIOBase):
    """`first` then the rest of `rest`, as one readable stream (what was read to sniff is not lost); counts the
    bytes taken from `rest` so progress can follow the (compressed) input."""

    def __init__(self, first: bytes, rest: BinaryIO) -> None:
        self._first = memoryview(first)
        self._rest = rest
        self.consumed = len(first)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # RawIOBase's writable-buffer protocol, untyped here
        if self._first.nbytes:
            n = min(len(buffer), self._first.nbytes)
            buffer[:n] = self._first[:n]
            self._first = self._first[n:]
            return n
        data = self._rest.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.consumed += n
        return n


@dataclass
class OpenedSource:
    """An input after sniffing: which reader reads it, and its (decompressed) bytes from the start."""

    source: str
    reader: str
    stream: io.BufferedReader
    compressed: bool
    _raw: _Rejoined

    @property
    def consumed(self) -> int:
        """Bytes of the input (as stored: compressed when it is gzip) read so far."""
        return self._raw.consumed

    def read_all(self) -> bytes:
        """Everything, for the readers that need the whole document (JSON, XML, BibTeX, page text)."""
        return self._guard(self.stream.read)

    def lines(self, progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
        """The input line by line (JSON Lines); `progress(consumed)` every PROGRESS_EVERY lines."""
        count = 0
        while True:
            line = self._guard(self.stream.readline)
            if not line:
                return
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(self.consumed)
            yield line

    def _guard(self, read: Callable[[], bytes]) -> bytes:
        try:
            return read()
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise PapertuiError(f"{self.source} is a damaged or cut-short gzip file ({exc})") from None
        except OSError as exc:
            raise PapertuiError(f"{self.source} cannot be read ({exc.strerror or exc})") from None


def open_stream(raw: BinaryIO, source: str) -> OpenedSource:
    """Sniff `raw` (gzip? which reader?) without losing what was read."""
    head = raw.read(SNIFF_CHARS)
    counted = _Rejoined(head, raw)
    compressed = head[:2] == GZIP_MAGIC
    inner: BinaryIO = io.BufferedReader(counted, CHUNK)
    if compressed:
        inner = gzip.GzipFile(fileobj=inner, mode="rb")  # type: ignore[assignment]
    probe = _Rejoined(b"", inner)
    opened = OpenedSource(source, "", io.BufferedReader(probe, CHUNK), compressed, counted)
    text_head = opened._guard(lambda: opened.stream.peek(SNIFF_CHARS))[:SNIFF_CHARS]
    opened.reader = reader_for(text_head.decode("utf-8", errors="replace"))
    return opened


def open_file(path: Path) -> BinaryIO:
    """A file opened for reading; missing, a directory or unreadable is a one-line PapertuiError."""
    path = Path(path)
    if path.is_dir():
        raise PapertuiError(f"{path} is a directory, not a text file")
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise PapertuiError(f"{path}: no such file") from None
    except OSError as exc:
        raise PapertuiError(f"{path} cannot be read ({exc.strerror or exc})") from None
