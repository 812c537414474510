"""The argparse definition of every subcommand. Names, flags and --json keys are a contract for scripts."""

from __future__ import annotations

import argparse

from papertui import __version__
from papertui.cli import fetch_cmd, related_cmd, watch_cmd
from papertui.index.records import SORTS

EXPORT_FORMATS = ("md", "csv", "json", "bib", "ris")


def _cmd(sub: argparse._SubParsersAction, name: str, summary: str, example: str) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="CAT",
        help="keep papers in this arXiv category or archive (cs keeps cs.CL; may repeat: any of them); "
        "structured sources only",
    )
    p.add_argument("--since", metavar="YYYY-MM-DD", help="keep papers whose first version is this day or later")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papertui",
        description="A keyboard-driven reader for research papers copied from Hugging Face papers pages. "
        "Without a command, opens the app on your library.",
        epilog="examples:\n  papertui import ~/Downloads/papers.txt\n  papertui search 'diffusion has:code'\n"
        "  papertui demo",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"papertui {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = _cmd(
        sub,
        "import",
        "import papers: Hugging Face page text or JSON, arXiv Atom feeds, the arXiv metadata snapshot, BibTeX "
        "(gzip too; the format is read from the content)",
        "papertui import page.txt refs.bib -\n  papertui import arxiv-metadata-oai-snapshot.json.gz --category cs.CL",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="files to import; '-' reads standard input")
    p.add_argument("--clipboard", action="store_true", help="import what the clipboard holds")
    _filter_options(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = _cmd(sub, "fetch", fetch_cmd.SUMMARY, fetch_cmd.EXAMPLE)
    fetch_cmd.add_parser(p)
    _filter_options(p)

    p = _cmd(sub, "search", "full-text search of the library", "papertui search 'vision language' --limit 5")
    p.add_argument(
        "query",
        nargs="+",
        help='words, "phrases", prefix*, NOT, title:, tag:, has:code, year:2023, author:hinton, '
        'author:"Yann LeCun", cat:cs.CL (cat:cs: the whole archive), id:2301.00001',
    )
    p.add_argument("--limit", type=int, default=20, help="most results to show (default 20)")
    p.add_argument("--sort", choices=SORTS, default="relevance", help="result order (default relevance)")
    p.add_argument("--json", action="store_true", help="print results as a JSON list")

    related_cmd.add_parsers(sub, _cmd)

    p = _cmd(sub, "show", "show one paper in full", "papertui show 3kq9x2m")
    p.add_argument("id", help="paper id (or a unique prefix of it)")
    p.add_argument("--json", action="store_true", help="print the paper as JSON, with abstract and note")

    p = _cmd(sub, "stats", "counts for the whole library", "papertui stats --json")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")

    p = _cmd(sub, "doctor", "check the library files and explain how to recover", "papertui doctor")
    p.add_argument("--json", action="store_true", help="print the checks as JSON")

    _cmd(sub, "reindex", "rebuild the search index from the library", "papertui reindex")

    p = _cmd(
        sub,
        "keys",
        'list the app\'s keys with the ids that keys.json remaps (e.g. {"main.tag": "a"})',
        "papertui keys --json",
    )
    p.add_argument("--json", action="store_true", help="print the key table as JSON")

    p = _cmd(sub, "completions", "print a shell completion script", "papertui completions bash >> ~/.bashrc")
    p.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell to complete for")

    p = _cmd(sub, "demo", "open the app on a temporary copy of a built-in sample library", "papertui demo")
    p.add_argument("--no-tui", action="store_true", help="import the demo library and print a summary only")

    for name, verb in (("tag", "add"), ("untag", "remove")):
        p = _cmd(sub, name, f"{verb} a tag on papers", f"papertui {name} 3kq9x2m 8d2hf0a reading")
        p.add_argument("args", nargs="*", metavar="ID... TAG", help="paper ids, then the tag (unless -t is given)")
        p.add_argument("-t", "--tag", dest="tags", action="append", default=[], help="a tag (may repeat)")
        p.add_argument("--query", help="apply to every paper matching this search")
        if name == "tag":
            p.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a tag (merges into NEW)")
            p.add_argument("--delete", metavar="TAG", help="remove a tag from every paper")
        p.add_argument("--json", action="store_true", help="print the change report as JSON")

    p = _cmd(sub, "tags", "every tag with its number of papers", "papertui tags --json")
    p.add_argument("--json", action="store_true", help="print the tags as a JSON list")

    p = _cmd(sub, "note", "show, set or edit a paper's note", "papertui note 3kq9x2m 'read section 4'")
    p.add_argument("id", help="paper id (or a unique prefix of it)")
    p.add_argument("text", nargs="?", help="the new note ('-' reads standard input; '' deletes the note)")
    p.add_argument("--edit", action="store_true", help="edit the note in $EDITOR")
    p.add_argument("--json", action="store_true", help='print {"id", "note"}, or the change report when setting')

    p = _cmd(sub, "triage", "mark papers kept, skipped or unseen", "papertui triage 3kq9x2m kept")
    p.add_argument("args", nargs="+", metavar="ID... STATE", help="paper ids, then kept, skipped or unseen")
    p.add_argument("--json", action="store_true", help="print the change report as JSON")

    p = _cmd(sub, "list", "list papers, optionally filtered", "papertui list --tag reading --json")
    p.add_argument("--tag", action="append", default=[], help="papers with this tag (may repeat: any of them)")
    p.add_argument("--untagged", action="store_true", help="papers without any tag")
    p.add_argument("--unseen", action="store_true", help="papers not triaged yet")
    p.add_argument("--kept", action="store_true", help="papers triaged as kept")
    p.add_argument("--skipped", action="store_true", help="papers triaged as skipped")
    p.add_argument("--sort", choices=SORTS[1:], default="date", help="order (default date, newest first)")
    p.add_argument("--json", action="store_true", help="print the papers as a JSON list")

    p = _cmd(sub, "remove", "remove papers from the library (papertui undo puts them back)", "papertui remove 3kq9x2m")
    p.add_argument("ids", nargs="*", metavar="ID", help="paper ids (or unique prefixes)")
    p.add_argument("--query", help="also remove every paper matching this search")
    p.add_argument("--yes", action="store_true", help="do not ask (never asked when stdin is not a terminal)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    for name in ("undo", "redo"):
        p = _cmd(sub, name, f"{name} the last action: tags, notes, triage, removals, imports", f"papertui {name}")
        p.add_argument("--json", action="store_true", help="print the change report as JSON")

    p = _cmd(sub, "watch", watch_cmd.SUMMARY, watch_cmd.EXAMPLE)
    watch_cmd.add_parser(p)

    p = _cmd(sub, "export", "export a reading list of tagged papers", "papertui export --tag reading -f bib -o x.bib")
    p.add_argument("--tag", action="append", default=[], help="papers with this tag (may repeat)")
    p.add_argument("--query", help="papers matching this search")
    p.add_argument("--all", action="store_true", help="every paper in the library (default: the tagged ones)")
    p.add_argument("-f", "--format", choices=EXPORT_FORMATS, default="md", help="file format (default md)")
    p.add_argument("-o", "--output", help="write to this file (atomically) instead of standard output")

    return parser
