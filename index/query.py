"""The search-box language, parsed into a small query tree. Pure Python (no Whoosh) and total: any string
gives a tree (maybe empty) plus gentle hints, never an exception.

    word  "a phrase"  diffus*  -word  NOT word  a OR b  (a OR b) c  title:x  abstract:x  note:x
    tag:reading  tag:"to read"  has:code  year:2023  is:unseen|kept|skipped  untagged
    author:hinton  author:"Yann LeCun"  author:hint*  cat:cs.CL  cat:cs  id:2301.00001  id:cs/9912001

`author:` words are names (folded, never stemmed; a quoted name's words in order within one author's name);
`cat:` an arXiv category, or a whole archive when it has no dot; `id:` an arXiv id, any version.

Words are ANDed. With `typing=True` the last word is still being typed: it becomes a prefix when it has
at least 3 characters; a shorter one is left out when other words remain (a 1–2 character prefix is far
too slow to expand), else searched as a whole word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from papertui.ingest.structured import split_arxiv_id

MAX_CHARS = 1000
MAX_TOKENS = 64
"""Bounds for pasted text: parsing and matching stay quick, and nesting stays shallow."""
MIN_TYPING_PREFIX = 2
"""The word being typed is searched as a prefix from two letters on ("di" → diffusion, dataset, ...): its few
most frequent completions cost ~20 ms at 100k papers on a cold cache. One letter is too little to rank by."""
MIN_EXPLICIT_PREFIX = 2

AUTHOR = "author"
"""The query field of authors' names (a Text field: words, phrases and prefixes, matched as names)."""
TEXT_FIELDS_BY_NAME = {
    "title": ("title",),
    "abstract": ("abstract",),
    "note": ("note",),
    "notes": ("note",),
    "author": (AUTHOR,),
    "authors": (AUTHOR,),
}
FILTER_NAMES = ("tag", "tags", "has", "year", "is", "cat", "id")
FILTERS_HELP = "title: abstract: note: author: tag: has:code year: is: cat: id:"
TRIAGE_VALUES = ("unseen", "kept", "skipped")
TextKind = Literal["word", "phrase", "prefix", "typing"]

_FIELD = re.compile(r"^([A-Za-z]+):(.*)$", re.DOTALL)
_YEAR = re.compile(r"^\d{4}$")
_SUBJECT_CLASS = re.compile(r"^([a-z][a-z-]*)\.[a-z]{2}/")
"""An old-style id's subject class ("math.AG/0601001"): not part of the paper's identity (math/0601001)."""
_TYPED_VERSION = re.compile(r"(?<=\d)v\d*$")


@dataclass(frozen=True)
class Text:
    """Words to find. fields=() means every text field. `typing` is an incomplete last word (a prefix)."""

    fields: tuple[str, ...]
    text: str
    kind: TextKind


@dataclass(frozen=True)
class Filter:
    """An exact condition on an index field (value already in index form); `prefix` for tag:read*."""

    field: str
    value: str
    prefix: bool = False


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Text | Filter | Not | And | Or


@dataclass(frozen=True)
class ParsedQuery:
    root: Node | None
    terms: tuple[str, ...]
    """Positive words for highlighting; prefixes end in "*"."""
    hints: tuple[str, ...]


@dataclass(frozen=True)
class _Tok:
    kind: str  # "(" ")" "-" OR AND NOT word phrase field
    text: str = ""
    name: str = ""
    quoted: bool = False
    last: bool = False


def _clean(text: str) -> str:
    # Control characters, tabs and odd spaces become plain spaces: they can only be accidents of pasting.
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _read_quoted(text: str, start: int, typing: bool, hints: list[str]) -> tuple[str, int]:
    """The text between the quote at `start` and its partner (or the end), and the index after it. Inside quotes
    `\\"` is a quote and `\\\\` a backslash, so any tag can be written: tag:"say \\"hi\\""."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
            out.append(text[i + 1])
            i += 2
        elif ch == '"':
            return "".join(out), i + 1
        else:
            out.append(ch)
            i += 1
    if not typing:  # while typing, an open quote is just a phrase not finished yet
        hints.append("A quote was not closed: the rest of the query was searched as a phrase.")
    return "".join(out), len(text)


def tag_filter(tag: str) -> str:
    """The query that selects the papers with exactly `tag`: quoted, with quotes and backslashes escaped, when
    it holds spaces, quotes, parentheses or a final "*" (which would make it a prefix)."""
    if tag and not any(ch.isspace() or ch in '"()\\' for ch in tag) and not tag.endswith("*"):
        return f"tag:{tag}"
    return 'tag:"' + tag.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _tokenize(text: str, typing: bool, hints: list[str]) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            toks.append(_Tok(ch))
            i += 1
        elif ch == '"':
            phrase, i = _read_quoted(text, i, typing, hints)
            toks.append(_Tok("phrase", phrase))
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "-":
            toks.append(_Tok("-"))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            word = text[i:j]
            match = _FIELD.match(word)
            name = match.group(1).lower() if match else ""
            if match and (name in TEXT_FIELDS_BY_NAME or name in FILTER_NAMES):
                value, quoted = match.group(2), False
                if not value and j < n and text[j] == '"':
                    value, j = _read_quoted(text, j, typing, hints)
                    quoted = True
                toks.append(_Tok("field", value, name=name, quoted=quoted))
            elif word in ("OR", "AND", "NOT"):
                toks.append(_Tok(word))
            else:
                if match and match.group(2) and not match.group(2).startswith("/"):
                    hints.append(f'"{name}:" is not a filter, so it was searched as words (filters: {FILTERS_HELP}).')
                toks.append(_Tok("word", word))
            i = j
    if typing and toks and not text[-1].isspace():
        last = toks[-1]
        if last.kind == "word" or (last.kind == "field" and not last.quoted):
            toks[-1] = replace(last, last=True)
    if len(toks) > MAX_TOKENS:
        hints.append(f"That query is very long: only its first {MAX_TOKENS} words were used.")
        del toks[MAX_TOKENS:]
    return toks


@dataclass
class _Parser:
    toks: list[_Tok]
    typing: bool
    hints: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    pos: int = 0
    positives: int = 0
    """Leaves found so far that are not negated."""

    def peek(self) -> str | None:
        return self.toks[self.pos].kind if self.pos < len(self.toks) else None

    def parse(self) -> Node | None:
        parts: list[Node] = []
        while True:
            node = self.parse_or(negated=False)
            if node is not None:
                parts.append(node)
            if self.peek() is None:
                break
            self.hint("A closing parenthesis had no opening one; it was ignored.")
            self.pos += 1  # only a stray ")" stops parse_or before the end
        return _and(parts)

    def hint(self, message: str) -> None:
        # While typing, a query that merely stops early ("a OR", "(a", "tag:") is not a mistake yet.
        if self.typing and self.pos >= len(self.toks):
            return
        if message not in self.hints:
            self.hints.append(message)

    def parse_or(self, negated: bool) -> Node | None:
        options: list[Node] = []
        first = self.parse_and(negated)
        if first is not None:
            options.append(first)
        while self.peek() == "OR":
            self.pos += 1
            nxt = self.parse_and(negated)
            if nxt is None or first is None:
                self.hint("OR needs words on both sides, e.g. diffusion OR flow.")
            if nxt is not None:
                options.append(nxt)
            first = nxt
        if not options:
            return None
        return options[0] if len(options) == 1 else Or(tuple(options))

    def parse_and(self, negated: bool) -> Node | None:
        parts: list[Node] = []
        while (kind := self.peek()) is not None and kind not in (")", "OR"):
            if kind == "AND":
                self.pos += 1
                continue
            node = self.parse_unary(negated)
            if node is not None:
                parts.append(node)
        return _and(parts)

    def parse_unary(self, negated: bool) -> Node | None:
        kind = self.peek()
        if kind in ("NOT", "-"):
            self.pos += 1
            if self.peek() in (None, ")", "OR", "AND"):
                self.hint("NOT (or -) needs a word after it, e.g. -survey.")
                return None
            child = self.parse_unary(not negated)
            return Not(child) if child is not None else None
        if kind == "(":
            self.pos += 1
            node = self.parse_or(negated)
            if self.peek() == ")":
                self.pos += 1
            else:
                self.hint("A parenthesis was not closed; it was closed at the end.")
            return node
        tok = self.toks[self.pos]
        self.pos += 1
        if tok.kind == "phrase":
            return self.text((), tok.text, "phrase", negated)
        if tok.kind == "field":
            return self.fielded(tok, negated)
        if tok.kind == "word":
            if tok.text.lower() == "untagged":
                return self.leaf(Filter("tagged", "f"), negated)
            return self.word((), tok.text, tok.last, negated)
        return None  # an operator out of place (AND/OR handled by callers)

    def leaf(self, node: Node, negated: bool) -> Node:
        if not negated:
            self.positives += 1
        return node

    def word(self, fields: tuple[str, ...], raw: str, last: bool, negated: bool) -> Node | None:
        if last and not raw.endswith("*"):  # a `*` typed at the end is the user's own: every completion
            typed = raw
            if len(typed) >= MIN_TYPING_PREFIX:
                return self.text(fields, typed, "typing", negated)
            # Too short to expand. Being last, it comes after every other word: search those alone.
            return None if self.positives else self.text(fields, typed, "word", negated)
        if raw.endswith("*"):
            stem = raw.rstrip("*")
            if len(stem) < MIN_EXPLICIT_PREFIX:
                self.hint(f"* needs {MIN_EXPLICIT_PREFIX} letters or more before it (e.g. diffus*); ignored.")
                return None
            return self.text(fields, stem, "prefix", negated)
        return self.text(fields, raw, "word", negated)

    def text(self, fields: tuple[str, ...], raw: str, kind: TextKind, negated: bool) -> Node | None:
        if not raw.strip():
            return None
        # Names narrow the papers as filters do (a query of names alone is shown newest first), and are not
        # highlighted in the text.
        if not negated and fields != (AUTHOR,):
            if kind in ("prefix", "typing"):
                self.terms.append(raw.lower() + "*")
            else:
                self.terms.extend(raw.lower().split())
        return self.leaf(Text(fields, raw, kind), negated)

    def fielded(self, tok: _Tok, negated: bool) -> Node | None:
        name, value = tok.name, tok.text.strip()
        if not value:
            self.hint(f"{name}: needs a value after it (e.g. {_EXAMPLES[name]}); it was ignored.")
            return None
        if name in TEXT_FIELDS_BY_NAME:
            fields = TEXT_FIELDS_BY_NAME[name]
            if tok.quoted:
                return self.text(fields, value, "phrase", negated)
            return self.word(fields, value, tok.last, negated)
        if name in ("tag", "tags"):
            prefix = tok.last or (value.endswith("*") and not tok.quoted)
            value = value.rstrip("*") if prefix else value
            return self.leaf(Filter("tags", value, prefix=prefix), negated) if value else None
        if name == "cat":
            prefix = tok.last or (value.endswith("*") and not tok.quoted)
            value = value.rstrip("*").lower() if prefix else value.lower()
            return self.leaf(Filter("categories", value, prefix=prefix), negated) if value else None
        if name == "id":
            return self.arxiv(tok, value, negated)
        options = {"has": ("code",), "is": (*TRIAGE_VALUES, "untagged"), "year": ()}[name]
        chosen = _choose(value.lower(), options, tok.last)
        if name == "year" and _YEAR.match(value):
            return self.leaf(Filter("year", value), negated)
        if chosen == "code":
            return self.leaf(Filter("has_code", "t"), negated)
        if chosen == "untagged":
            return self.leaf(Filter("tagged", "f"), negated)
        if chosen:
            return self.leaf(Filter("triage", chosen), negated)
        if not tok.last:  # a half-typed value is not a mistake yet
            self.hint(f"{name}:{value} is not understood (try {_EXAMPLES[name]}); it was ignored.")
        return None

    def arxiv(self, tok: _Tok, value: str, negated: bool) -> Node | None:
        # While typing, the id so far is a prefix ("2301.1234" is a whole old 4-digit id and the start of a
        # 5-digit one); a finished one is the paper's id, whatever its version.
        key = arxiv_key(value.rstrip("*"))
        if tok.last or (value.endswith("*") and not tok.quoted):
            typed = key or _TYPED_VERSION.sub("", value.rstrip("*").lower().removeprefix("arxiv:"))
            return self.leaf(Filter("arxiv_id", typed, prefix=True), negated) if typed else None
        if key is None:
            self.hint(f"id:{value} is not an arXiv id (try {_EXAMPLES['id']}); it was ignored.")
            return None
        return self.leaf(Filter("arxiv_id", key), negated)


def arxiv_key(value: str) -> str | None:
    """An arXiv id's search form: no version, lowercase, an old id without its subject class ("cs/9912001");
    from a bare id, "arXiv:ID" or an abs/pdf URL. None when `value` holds no arXiv id."""
    ident, _version = split_arxiv_id(value)
    return None if ident is None else _SUBJECT_CLASS.sub(r"\1/", ident.lower())


_EXAMPLES = {
    "title": "title:diffusion",
    "abstract": "abstract:benchmark",
    "note": "note:idea",
    "notes": "notes:idea",
    "tag": 'tag:reading or tag:"to read"',
    "tags": "tags:reading",
    "has": "has:code",
    "year": "year:2023",
    "is": "is:unseen, is:kept or is:skipped",
    "author": 'author:hinton or author:"Yann LeCun"',
    "authors": "authors:lecun",
    "cat": "cat:cs.CL or cat:cs",
    "id": "id:2301.00001",
}


def _choose(value: str, options: tuple[str, ...], partial: bool) -> str | None:
    """`value` if it is one of `options`; while typing, the single option it is a prefix of."""
    if value in options:
        return value
    if partial:
        found = [opt for opt in options if opt.startswith(value)]
        return found[0] if len(found) == 1 else None
    return None


def _and(parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def parse(query: str, *, typing: bool = False) -> ParsedQuery:
    """The query tree of what the user typed; never raises."""
    hints: list[str] = []
    text = _clean(query)
    if len(text) > MAX_CHARS:
        hints.append(f"That query is very long: only its first {MAX_CHARS} characters were used.")
        text = text[:MAX_CHARS]
    parser = _Parser(_tokenize(text, typing, hints), typing, hints=hints)
    root = parser.parse()
    terms = tuple(dict.fromkeys(t for t in parser.terms if t.strip("*")))
    return ParsedQuery(root, terms, tuple(dict.fromkeys(parser.hints)))
