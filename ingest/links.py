"""Links found in an abstract: GitHub repositories (normalised) and every other URL (project pages, datasets).

Owns the rules for what counts as a repository (`https://github.com/owner/repo`, nothing deeper), the careful
repair of URLs broken by stray spaces when copied from a PDF ("https: // github. com/ owner/ repo"), and the
normalisation of other links (scheme added, trailing punctuation dropped, duplicates removed).

All matching is linear-time: every pattern has bounded or unambiguous repetition, and each match is finished
with constant work in Python, so a 50 MB abstract cannot make the scan blow up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# GitHub itself, tolerating one stray space after each punctuation mark (the way PDF copies break URLs).
# Spelled with character classes rather than IGNORECASE: the regex engine then scans for it much faster.
_GITHUB = re.compile(
    r"[Gg][Ii][Tt][Hh][Uu][Bb]\ ?\.\ ?[Cc][Oo][Mm]\ ?/(?P<s1>\ ?)(?P<owner>[A-Za-z0-9_-]{1,39})"
    r"(?:/(?P<s2>\ ?)(?P<repo>[A-Za-z0-9._-]{1,100}))?"
)
_NAME_CHARS = re.compile(r"[A-Za-z0-9._-]")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")

# First path segments of github.com that are site pages, not users or organisations.
_RESERVED_OWNERS = _wordset(
    """about account apps blog collections contact customer-stories enterprise events explore features
    issues join login logout marketplace new notifications orgs organizations pricing pulls readme search
    security settings signup site sponsors team topics trending users codespaces copilot dashboard
    resources solutions"""
)

# A word after a stray space is glued onto a URL only if it is not ordinary English: "github.com/x/ and" must
# stay a user link, never become the repository "x/and".
_STOPWORDS = _wordset(
    """a an and are as at be been by can code for from has have here in is it its of on or our page project
    repo repository see that the their this to was we were which will with website"""
)

# Everything else: an explicit http(s) URL, or a bare host name (checked further in `_accept_bare`).
_URL_CHARS = r"[^\s<>\"'`{}|\\^\[\]]"
_URL = re.compile(
    rf"(?<![\w@./-])(?:(?P<scheme>https?://){_URL_CHARS}+"
    rf"|(?P<host>(?:[a-z0-9-]+\.)+[a-z]{{2,24}})(?![\w-])(?P<path>(?::\d{{1,5}})?/{_URL_CHARS}*)?)",
    re.IGNORECASE,
)
# Every link has a dot followed by letters in its host name. That single literal is found at memory speed,
# while trying the URL pattern at every word would cost a match attempt per word.
_ANCHOR = re.compile(r"\.[A-Za-z]{2}")
_MAX_HOST = 260
# Bare host names are only links when they clearly are: a common top-level domain plus a path, "www.", or a
# well-known hosting suffix. This keeps "model.We" (a missing space) and "Node.js" out.
_TLDS = _wordset(
    """com org net io ai ml dev app edu gov info me co cc science site page tech xyz uk de cn fr jp ch nl ca
    au kr it es se eu us in be at dk fi no pl cz ru tw hk sg il"""
)
_HOSTING_SUFFIXES = (
    ".github.io",
    ".gitlab.io",
    ".readthedocs.io",
    ".netlify.app",
    ".vercel.app",
    ".pages.dev",
    "huggingface.co",
    "hf.co",
    "arxiv.org",
)
_TRAILING_PUNCT = ".,;:!?'\"*"
_CLOSERS = {")": "(", "]": "[", ">": "<"}


@dataclass(frozen=True, slots=True)
class FoundLinks:
    """Repositories as https://github.com/owner/repo and other links, each in order of first appearance."""

    github: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


def find_links(text: str) -> FoundLinks:
    """Every GitHub repository and every other link in `text` (normally one abstract)."""
    if not text:
        return FoundLinks()
    repos, spans = _find_repos(text)
    links = _find_other_links(text, spans)
    return FoundLinks(github=tuple(repos), links=tuple(links))


def normalise_github_url(url: str) -> str | None:
    """`https://github.com/owner/repo` for any URL or text naming one repository; None when it names none."""
    found = find_links(url).github
    return found[0] if found else None


def _find_repos(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    repos: list[str] = []
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []
    # Substring search runs at memory speed; only abstracts that mention GitHub get the regex scan.
    # (A hit at 0 cannot be preceded by its "G", hence "> 0"; the scan then starts one back, on the "G".)
    hits = [at for at in (text.find("ithub"), text.find("itHub"), text.find("ITHUB")) if at > 0]
    if not hits:
        return repos, spans
    # Links usually close an abstract: start the scan at the first mention instead of the first character.
    for m in _GITHUB.finditer(text, min(hits) - 1):
        if not _stands_alone(text, m.start()):
            continue
        owner, repo = m["owner"], m["repo"]
        if m["s1"] and owner.lower() in _STOPWORDS:
            continue
        if repo is None or owner.lower() in _RESERVED_OWNERS:
            continue
        end = m.end()
        if end < len(text) and _NAME_CHARS.match(text, end):
            continue  # longer than any real repository name: not a name at all
        if m["s2"] and repo.lower() in _STOPWORDS:
            continue
        repo, end = _join_hyphen_break(text, repo, end)
        repo = _clean_repo_name(repo)
        if not repo:
            continue
        spans.append((m.start(), end))
        url = f"https://github.com/{owner}/{repo}"
        if url.casefold() not in seen:
            seen.add(url.casefold())
            repos.append(url)
    return repos, spans


def _stands_alone(text: str, at: int) -> bool:
    """github.com is the whole host: not gist.github.com, mygithub.com or user@github.com (www. is fine)."""
    if at == 0 or (text[at - 1] not in _HOST_CHARS and text[at - 1] not in "@_"):
        return True
    www = at - 4
    return text[www:at].lower() == "www." and (www == 0 or text[www - 1] not in _HOST_CHARS)


def _join_hyphen_break(text: str, repo: str, end: int) -> tuple[str, int]:
    # "owner/efficient- NLP-training": a name cannot end in a hyphen followed by a space unless a line break
    # was lost there, so the next token is the rest of the name (unless it is plain English).
    if not repo.endswith(("-", "_")) or text[end : end + 1] != " ":
        return repo, end
    token = _NAME_TOKEN.match(text, end + 1)
    if token is None or token.group().lower() in _STOPWORDS:
        return repo, end
    return repo + token.group(), token.end()


def _clean_repo_name(repo: str) -> str:
    repo = repo.rstrip(".")
    if repo.lower().endswith(".git"):
        repo = repo[:-4].rstrip(".")
    return "" if repo in ("", ".", "..") else repo


def _find_other_links(text: str, repo_spans: list[tuple[int, int]]) -> list[str]:
    links: list[str] = []
    seen: set[str] = set()
    span_i = 0
    done = 0  # everything before this offset has been read
    for anchor in _ANCHOR.finditer(text):
        at = anchor.start()
        if at < done:
            continue
        start = at
        floor = max(done, at - _MAX_HOST)
        while start > floor and text[start - 1] in _HOST_CHARS:
            start -= 1
        if text[max(0, start - 3) : start] == "://":
            scheme = text[max(floor, start - 8) : start - 3].lower()
            if scheme.endswith("https"):
                start -= 8
            elif scheme.endswith("http"):
                start -= 7
        m = _URL.match(text, start)
        if m is None or m.end() <= at:
            done = at + 1
            continue
        done = m.end()
        # Spans and matches both advance left to right: one merge pass finds overlaps in linear time.
        while span_i < len(repo_spans) and repo_spans[span_i][1] <= start:
            span_i += 1
        if span_i < len(repo_spans) and repo_spans[span_i][0] < done:
            continue  # this is a repository already listed (or the pieces of a broken one)
        url = _strip_trailing(m.group())
        if m["scheme"] is None:
            if not _accept_bare(m["host"], url):
                continue
            url = "https://" + url
        if not _worth_keeping(url):
            continue
        key = url.casefold().rstrip("/")
        if key not in seen:
            seen.add(key)
            links.append(url)
    return links


def _strip_trailing(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCT:
            url = url[:-1]
        elif last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last]):
            url = url[:-1]  # "(see https://x.io/a)" - the bracket belongs to the sentence
        else:
            break
    return url


def _accept_bare(host: str, url: str) -> bool:
    host = host.lower()
    if host.rsplit(".", 1)[-1] not in _TLDS:
        return False
    has_path = len(url) > len(host)
    return has_path or host.startswith("www.") or host.endswith(_HOSTING_SUFFIXES)


def _worth_keeping(url: str) -> bool:
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    if not host or "." not in host:
        return False
    # A bare mention of github.com (or the remains of a repository URL we could not read) is no link.
    return not (host.lower() in ("github.com", "www.github.com") and not path.strip("/"))
