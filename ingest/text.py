"""Raw input -> clean text: the one place that decides whether bytes are a text page we can read.

Owns UTF-8 decoding (a BOM is dropped), newline normalisation (CRLF and lone CR become LF) and the refusals
users see as one-line PapertuiErrors: empty input, binary data, text in another encoding. Every message names
the source (a file name, "stdin", "clipboard") so the user knows which input was at fault.
"""

from __future__ import annotations

import re
from pathlib import Path

from papertui.errors import PapertuiError

_BOM = "\ufeff"

# C0 control bytes other than tab, LF, FF and CR, plus DEL. UTF-8 multi-byte sequences use only bytes >= 0x80,
# so counting these bytes directly in the raw data measures "non-printable" without decoding first.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_PRINTABLE_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)

# Sampling the head keeps the binary check O(1) on huge inputs; a binary file shows itself in its first bytes.
_SAMPLE = 64 * 1024
# "Mostly non-printable": real pages have at most a stray control character; binaries are full of them.
_MAX_CONTROL_SHARE = 0.10


_DROPPED = [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]
_CONTROL_TABLE = dict.fromkeys(_DROPPED)
_CONTROL_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _DROPPED) + "]")


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:_SAMPLE]
    controls = len(sample.translate(None, _PRINTABLE_BYTES))
    return controls > _MAX_CONTROL_SHARE * len(sample)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF (Windows and old Mac clipboards)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a page dump to text with LF newlines, or raise PapertuiError naming `source`.

    Refuses empty / whitespace-only input, binary data (NUL bytes or mostly control characters) and bytes that
    are not UTF-8 (the message says where the first bad byte is, so the user can find it).
    """
    if not data.strip():
        raise PapertuiError(f"{source} is empty: nothing to import")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PapertuiError(f"{source} is UTF-16 text; save it as UTF-8 and retry")
    if _looks_binary(data):
        raise PapertuiError(f"{source} looks like a binary file, not text copied from a papers page")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise PapertuiError(
            f"{source} is not UTF-8 text (byte 0x{bad} at offset {exc.start}); save it as UTF-8 and retry"
        ) from None
    return normalise_text(text, source)


def strip_controls(text: str) -> str:
    """`text` without control characters other than tab, newline, VT and FF.

    A stray ESC or BEL in copied text is at best noise; stored in a title it would be replayed to the terminal
    by every `papertui list` (an escape sequence can clear the screen or retitle the window). C1 controls go too:
    some terminals read U+009B as ESC [.
    """
    return text.translate(_CONTROL_TABLE) if _CONTROL_CHARS.search(text) else text


def normalise_text(text: str, source: str) -> str:
    """The same rules for text that arrives already decoded (clipboard, a test): BOM, newlines, control
    characters, emptiness."""
    if text.startswith(_BOM):
        text = text[1:]
    if "\x00" in text:
        raise PapertuiError(f"{source} looks like binary data (it contains NUL characters), not a papers page")
    text = strip_controls(normalise_newlines(text))
    if not text.strip():
        raise PapertuiError(f"{source} is empty: nothing to import")
    return text


def read_text_file(path: Path) -> str:
    """Read and decode a file; any failure (missing, a directory, unreadable, not text) is a PapertuiError."""
    path = Path(path)
    if path.is_dir():
        raise PapertuiError(f"{path} is a directory, not a text file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PapertuiError(f"{path}: no such file") from None
    except OSError as exc:
        raise PapertuiError(f"{path} cannot be read ({exc.strerror or exc})") from None
    return decode_bytes(data, str(path))
