"""`--peer cobib`: the benchmark's corpus as BibTeX in coBib, timed the way bench/tui_probe.py times papertui.

    python bench/peer_cobib.py [--papers 5000] [--workdir DIR] [--json out.json] [--runs 3] [--word model]

Run from the repo root with the project's venv (run.py calls measure() for `--peer cobib`). coBib never enters
papertui's environment: it is pip-installed into WORKDIR/cobib-venv (reused when present), and everything it
reads or writes lives in WORKDIR/cobib-N/ through a config file named by COBIB_CONFIG (its documented variable)
and XDG_* variables pointed there, so no run touches ~/.config, ~/.cache or ~/.local.

The corpus is corpus.papers(N) — the same seed, so the same papers as papertui's pages — written as one
BibTeX file and brought in with coBib's own `cobib import --bibtex` (its database is a YAML file). Each run is
a fresh process of bench/cobib_probe.py under coBib's python: the time until the TUI lists the entries, then
the time from Enter until the results of a search for WORD are on screen. The printed line gives the median
of the runs and one "cold" open with coBib's parsed-database cache removed first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import corpus

DEFAULT_PAPERS = 5_000
DEFAULT_WORD = "model"  # the corpus's most common word: in ~65 % of abstracts (see corpus.py)
PROBE = Path(__file__).with_name("cobib_probe.py")
PROBE_TIMEOUT_S = 1_200
PIP_TIMEOUT_S = 900
LATEX_SPECIALS = {c: "\\" + c for c in "{}%&$#_"}


class PeerError(Exception):
    """A one-line reason the peer measurement could not be made."""


def _latex(text: str) -> str:
    # Inside a braced BibTeX value an unescaped brace or % would end the value or start a comment.
    return "".join(LATEX_SPECIALS.get(c, c) for c in text)


def bibtex_entry(label: str, paper: corpus.SynthPaper) -> str:
    """One @misc entry: title, abstract and, when the page gave one, the year (what both apps can show)."""
    fields = [("title", paper.title), ("abstract", paper.abstract)]
    year = paper.date.rsplit(", ", 1)[1] if paper.date and ", " in paper.date else None
    if year:
        fields.append(("year", year))
    body = ",\n".join(f"  {name} = {{{_latex(value)}}}" for name, value in fields)
    return f"@misc{{{label},\n{body}\n}}\n"


def write_bibtex(papers: Iterable[corpus.SynthPaper], path: Path) -> int:
    """Write the papers as one BibTeX file with labels paper00001, paper00002, ...; returns the count."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for count, paper in enumerate(papers, start=1):
            out.write(bibtex_entry(f"paper{count:05d}", paper) + "\n")
    return count


def cobib_venv(workdir: Path) -> Path:
    """The python of WORKDIR/cobib-venv, creating the venv and pip-installing coBib into it when needed."""
    venv = workdir / "cobib-venv"
    python = venv / "bin" / "python"
    if python.exists() and _quiet([str(python), "-c", "import cobib.ui.tui"]):
        return python
    print(f"  installing coBib into {venv} (pip) ...", flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    if not _quiet([sys.executable, "-m", "venv", str(venv)]):
        raise PeerError(f"could not create a venv at {venv} (python -m venv failed)")
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "cobib"]
    try:
        done = subprocess.run(pip, capture_output=True, text=True, timeout=PIP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise PeerError(f"pip install cobib did not finish within {PIP_TIMEOUT_S} s") from None
    if done.returncode != 0:
        raise PeerError(f"pip install cobib failed: {_last_line(done.stderr)}")
    return python


def _quiet(cmd: list[str]) -> bool:
    return subprocess.run(cmd, capture_output=True).returncode == 0


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip() and "is ignored" not in line]
    return lines[-1] if lines else "no message"


def cobib_env(home: Path) -> dict[str, str]:
    """The environment of every coBib child: its config file, and XDG folders inside `home`."""
    env = {**os.environ, "COBIB_CONFIG": str(home / "config.py")}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(home / "xdg" / var.split("_")[1].lower())
    return env


def write_config(home: Path) -> None:
    database, cache = home / "literature.yaml", home / "cache"
    home.joinpath("config.py").write_text(
        "# Written by papertui's bench/peer_cobib.py: coBib's defaults, with every path inside this folder.\n"
        "from cobib.config import config\n\n"
        f"config.database.file = {str(database)!r}\n"
        f"config.database.cache = {str(cache)!r}\n"
        "config.database.git = False\n"
        f"config.logging.logfile = {str(home / 'cobib.log')!r}\n"
        "config.logging.version = None  # no changelog panel on the first start\n",
        encoding="utf-8",
    )


def cobib_library(workdir: Path, python: Path, papers: int) -> tuple[Path, float | None]:
    """WORKDIR/cobib-N with the corpus imported (reused when complete); the import's seconds when it ran."""
    home = workdir / f"cobib-{papers}"
    done = home / "complete"
    if done.exists():
        return home, None
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    write_config(home)
    bib = home / f"corpus-{papers}.bib"
    write_bibtex(corpus.papers(papers), bib)
    env = cobib_env(home)
    _cobib(python, env, ["init"])
    start = time.perf_counter()
    _cobib(python, env, ["import", "--skip-download", "--bibtex", str(bib)])
    seconds = time.perf_counter() - start
    done.write_text("ok\n")
    return home, seconds


def _cobib(python: Path, env: dict[str, str], args: list[str]) -> None:
    cmd = [str(python), "-m", "cobib", *args]
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise PeerError(f"`cobib {args[0]}` did not finish within {PROBE_TIMEOUT_S} s") from None
    if done.returncode != 0:
        raise PeerError(f"`cobib {args[0]}` failed (exit {done.returncode}): {_last_line(done.stderr)}")


def probe(python: Path, home: Path, word: str) -> dict:
    """One fresh coBib process: its open and search times (see cobib_probe.py)."""
    try:
        done = subprocess.run(
            [str(python), str(PROBE), word],
            env=cobib_env(home),
            cwd=home,  # not the repo root: nothing of papertui's on coBib's path
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise PeerError(f"the coBib probe timed out after {PROBE_TIMEOUT_S} s") from None
    for line in done.stdout.splitlines():
        if line.startswith("PROBE "):
            return json.loads(line[6:])
        if line.startswith("PROBE-ERROR "):
            raise PeerError(f"the coBib probe gave up: {line[12:]}")
    raise PeerError(f"the coBib probe failed (exit {done.returncode}): {_last_line(done.stderr)}")


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def measure(workdir: Path, papers: int = DEFAULT_PAPERS, *, runs: int = 3, word: str = DEFAULT_WORD) -> dict:
    """Install (or reuse) coBib, import the corpus, time `runs` fresh opens and searches; prints a table."""
    print(f"peer coBib: {papers:,} papers; load {load()}", flush=True)
    python = cobib_venv(workdir)
    home, import_s = cobib_library(workdir, python, papers)
    if import_s is not None:
        print(f"  `cobib import --bibtex` took {import_s:.1f} s; load {load()}", flush=True)
    for cached in (home / "cache").glob("*.pickle"):
        cached.unlink()  # the first open parses the YAML, as after any change to the database
    cold = probe(python, home, word)
    warm = [probe(python, home, word) for _ in range(runs)]
    listed = {r["rows"] for r in [cold, *warm]}
    if listed != {papers}:
        raise PeerError(f"coBib listed {sorted(listed)} entries, not {papers}: the import went wrong")
    result = {
        "peer": "cobib",
        "papers": papers,
        "tui_open_s": round(statistics.median(r["open_s"] for r in warm), 3),
        "search_s": round(statistics.median(r["search_s"] for r in warm), 3),
        "cobib_version": warm[0]["cobib_version"],
        "how": (
            f"fresh process each, Textual run_test at 120x36 (bench/cobib_probe.py), median of {runs}: "
            "tui_open_s = process start until the list shows the entries (database read from coBib's "
            f"pickle cache); search_s = TUI search '/{word}' (coBib's default: case-sensitive regex), "
            "Enter until the result tree is drawn"
        ),
    }
    print_table(result, cold, warm)
    return result


def print_table(result: dict, cold: dict, warm: list[dict]) -> None:
    opens = ", ".join(f"{r['open_s']:.2f}" for r in warm)
    searches = ", ".join(f"{r['search_s']:.2f}" for r in warm)
    lines = [
        ("peer", f"coBib {result['cobib_version']}", f"Textual {warm[0]['textual_version']}"),
        ("papers", f"{result['papers']:,}", f"{warm[0]['rows']:,} listed"),
        ("tui_open_s", f"{result['tui_open_s']:.2f} s", f"runs {opens}; cold (no cache) {cold['open_s']:.2f} s"),
        ("search_s", f"{result['search_s']:.2f} s", f"runs {searches}; {warm[0]['hits']:,} entries matched"),
    ]
    print()
    for a, b, c in lines:
        print(f"{a:<12} {b:>16}  {c}")
    print(f"load at the end: {load()}")


def write_json(json_path: Path, result: dict) -> Path:
    """The peer's dict under "peer" in <stem>-peer.json beside `json_path` (the main JSON keeps its keys)."""
    out = json_path.with_name(f"{json_path.stem}-peer.json")
    out.write_text(json.dumps({"peer": result}, indent=1) + "\n")
    return out


def run(workdir: Path, papers: int, json_path: Path | None, *, runs: int = 3, word: str = DEFAULT_WORD) -> None:
    """measure() and write its JSON; a failure ends the program with one line, not a traceback."""
    try:
        result = measure(workdir, papers, runs=runs, word=word)
    except PeerError as exc:
        raise SystemExit(f"peer cobib: {exc}") from None
    if json_path:
        print(f"peer metrics written to {write_json(json_path, result)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, default=DEFAULT_PAPERS)
    ap.add_argument("--workdir", type=Path, required=True, help="coBib's venv and library go here (kept)")
    ap.add_argument("--json", type=Path, help="write the peer metrics to <stem>-peer.json beside this path")
    ap.add_argument("--runs", type=int, default=3, help="fresh coBib processes (median)")
    ap.add_argument("--word", default=DEFAULT_WORD, help="the word searched for")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    run(args.workdir, args.papers, args.json, runs=args.runs, word=args.word)


if __name__ == "__main__":
    main()
