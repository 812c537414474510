"""Promises of ingest/text.py: bytes in, clean LF text out, or one clear PapertuiError naming the source."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.errors import PapertuiError
from papertui.ingest.text import decode_bytes, normalise_text, read_text_file


def test_plain_utf8_is_returned_unchanged() -> None:
    assert decode_bytes(b"Title\nAbstract.\n", "page.txt") == "Title\nAbstract.\n"


def test_a_utf8_bom_is_dropped() -> None:
    assert decode_bytes(b"\xef\xbb\xbfTitle\nAbstract", "page.txt") == "Title\nAbstract"


def test_crlf_and_lone_cr_become_lf() -> None:
    assert decode_bytes(b"a\r\nb\rc\n", "page.txt") == "a\nb\nc\n"


def test_non_ascii_text_survives_decoding() -> None:
    text = "ΣNet: Über café naïve\nAbstract."
    assert decode_bytes(text.encode("utf-8"), "page.txt") == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_or_blank_input_is_refused_naming_the_source(data: bytes) -> None:
    with pytest.raises(PapertuiError, match=r"^clip\.txt is empty"):
        decode_bytes(data, "clip.txt")


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(PapertuiError, match=r"^x\.bin looks like a binary file"):
        decode_bytes(b"Title\x00\x00\x01abc", "x.bin")


def test_mostly_control_characters_mean_binary() -> None:
    data = bytes(range(1, 9)) * 50 + b"some text"
    with pytest.raises(PapertuiError, match="binary"):
        decode_bytes(data, "blob")


def test_a_stray_control_character_is_tolerated() -> None:
    data = b"Title with a bell\x07\n" + b"An abstract sentence. " * 20
    assert decode_bytes(data, "page.txt").startswith("Title with a bell")


def test_latin1_bytes_are_refused_with_the_offset_of_the_bad_byte() -> None:
    data = "Café".encode("latin-1")
    with pytest.raises(PapertuiError) as err:
        decode_bytes(data, "old.txt")
    message = str(err.value)
    assert message.startswith("old.txt is not UTF-8 text")
    assert "0xe9" in message and "offset 3" in message
    assert "\n" not in message


def test_utf16_is_refused_with_a_hint() -> None:
    with pytest.raises(PapertuiError, match="UTF-16"):
        decode_bytes("Title\nAbstract".encode("utf-16"), "win.txt")


def test_already_decoded_text_gets_the_same_rules() -> None:
    assert normalise_text("\ufeffa\r\nb", "clipboard") == "a\nb"
    with pytest.raises(PapertuiError, match=r"^clipboard is empty"):
        normalise_text(" \r\n ", "clipboard")
    with pytest.raises(PapertuiError, match="binary"):
        normalise_text("a\x00b", "clipboard")


def test_reading_a_file_decodes_it(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(b"Title\r\nAbstract.")
    assert read_text_file(path) == "Title\nAbstract."


def test_reading_a_missing_file_or_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PapertuiError, match="no such file"):
        read_text_file(tmp_path / "missing.txt")
    with pytest.raises(PapertuiError, match="is a directory"):
        read_text_file(tmp_path)
