"""A deterministic synthetic arXiv metadata snapshot: JSON Lines in the shape of the Kaggle
"Cornell-University/arxiv" data set, for the snapshot import benchmark and its tests.

Each record has the real keys (id, submitter, authors, title, comments, journal-ref, doi, report-no,
categories, license, abstract, versions, update_date, authors_parsed), titles and abstracts hard-wrapped and
indented as in the real file, ~5 % old-style ids (`cs/9912001`), 1-3 versions with RFC 2822 dates, and a
category mix in which cs.* is about 40 % and cs.CL about 8 % of records. Same seed, same bytes.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path

from corpus import CORE_WORDS, FUNCTION_WORDS

CATEGORIES = (
    ["cs.CL"] * 8
    + ["cs.LG"] * 12
    + ["cs.CV"] * 10
    + ["cs.AI"] * 5
    + ["cs.RO"] * 2
    + ["cs.IR"] * 3
    + ["stat.ML"] * 6
    + ["math.OC"] * 5
    + ["math.ST"] * 3
    + ["hep-ph"] * 8
    + ["hep-th"] * 7
    + ["astro-ph.GA"] * 8
    + ["cond-mat.mtrl-sci"] * 8
    + ["quant-ph"] * 9
    + ["q-bio.NC"] * 3
    + ["eess.SP"] * 3
)
FIRST = "Ada Alan Grace Edsger Barbara John Donald Frances Leslie Radia Yann Fei-Fei Jürgen Chloé".split()
LAST = "Lovelace Turing Hopper Dijkstra Liskov McCarthy Knuth Allen Lamport Perlman LeCun Li Schmidhuber Dupont".split()
DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _wrap(words: list[str], width: int = 80) -> str:
    """Hard line breaks and two-space indentation, as the snapshot's titles and abstracts have them."""
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n  ".join(lines)


def _date(rng: random.Random, year: int) -> tuple[str, str]:
    month, day = rng.randrange(12), rng.randrange(1, 29)
    rfc = f"{DAYS[rng.randrange(7)]}, {day} {MONTHS[month]} {year} {rng.randrange(24):02d}:00:00 GMT"
    return rfc, f"{year}-{month + 1:02d}-{day:02d}"


def record(rng: random.Random, n: int) -> dict[str, object]:
    year = rng.randrange(2008, 2025) if rng.random() > 0.05 else rng.randrange(1992, 2007)
    if year < 2007:
        archive = rng.choice(["cs", "math", "hep-th", "astro-ph"])
        ident = f"{archive}/{year % 100:02d}{rng.randrange(1, 13):02d}{n % 1000:03d}"
    else:
        ident = f"{year % 100:02d}{rng.randrange(1, 13):02d}.{n % 100000:05d}"
    cats = list(dict.fromkeys(rng.choice(CATEGORIES) for _ in range(rng.randrange(1, 4))))
    people = [(rng.choice(LAST), rng.choice(FIRST)) for _ in range(rng.randrange(1, 9))]
    title = [rng.choice(CORE_WORDS).capitalize() for _ in range(rng.randrange(6, 14))]
    abstract = [rng.choice(CORE_WORDS if rng.random() < 0.6 else FUNCTION_WORDS) for _ in range(rng.randrange(80, 220))]
    versions = []
    for v in range(rng.randrange(1, 4)):
        created, _ = _date(rng, min(year + v, 2025))
        versions.append({"version": f"v{v + 1}", "created": created})
    _, updated = _date(rng, min(year + len(versions), 2025))
    code = f" Code: https://github.com/example/{ident.replace('/', '-')}" if rng.random() < 0.2 else ""
    return {
        "id": ident,
        "submitter": f"{people[0][1]} {people[0][0]}",
        "authors": ", ".join(f"{first} {last}" for last, first in people),
        "title": _wrap(title),
        "comments": f"{rng.randrange(4, 40)} pages, {rng.randrange(1, 12)} figures.{code}"
        if rng.random() < 0.7
        else None,
        "journal-ref": None,
        "doi": f"10.{rng.randrange(1000, 9999)}/example.{n}" if rng.random() < 0.3 else None,
        "report-no": None,
        "categories": " ".join(cats),
        "license": "http://creativecommons.org/licenses/by/4.0/" if rng.random() < 0.4 else None,
        "abstract": "  " + _wrap(abstract) + "\n",
        "versions": versions,
        "update_date": updated,
        "authors_parsed": [[last, first, ""] for last, first in people],
    }


def lines(count: int, seed: int = 13) -> Iterator[str]:
    rng = random.Random(seed)
    for n in range(count):
        yield json.dumps(record(rng, n)) + "\n"


def write(path: Path, count: int, seed: int = 13) -> Path:
    """Write `count` records to `path` (gzip-compressed when it ends in .gz)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as out:  # type: ignore[operator]
        out.writelines(lines(count, seed))
    return path
