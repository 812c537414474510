"""Readers: text copied from Hugging Face papers pages (and later other formats) -> ParsedPaper records.

No Textual, no Whoosh, no storage: pure functions over text.
"""

from papertui.ingest.hf_page import PageParse, parse_hf_page
from papertui.ingest.links import FoundLinks, find_links, normalise_github_url
from papertui.ingest.text import decode_bytes, normalise_text, read_text_file

__all__ = [
    "FoundLinks",
    "PageParse",
    "decode_bytes",
    "find_links",
    "normalise_github_url",
    "normalise_text",
    "parse_hf_page",
    "read_text_file",
]
