"""Readers: Hugging Face page text and papers JSON, arXiv Atom/RSS feeds, the arXiv metadata snapshot and
BibTeX -> ParsedPaper records (`choose.py` picks the reader from the content), and the live fetchers.

No Textual, no Whoosh, no storage: pure functions over text, plus the HTTP client of `fetch_http.py`.
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
