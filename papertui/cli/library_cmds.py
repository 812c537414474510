"""CLI commands about the library as a whole: import, search, show, stats, doctor, reindex, demo, completions."""

from __future__ import annotations

import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

from papertui.cli.output import ProgressBar, emit_json, paper_json, row_line, scored_json, short_hint
from papertui.errors import PapertuiError, UsageError
from papertui.ingest.filters import RecordFilter
from papertui.ingest.text import normalise_text
from papertui.library import Library
from papertui.store.export_markdown import authors_text


def open_library() -> Library:
    return Library()


def _ready_index(lib: Library) -> None:
    """Open (and if needed rebuild) the index, telling the user on stderr when a rebuild happened."""
    lib.index(progress=ProgressBar("indexing"))
    if lib.last_index_message:
        print(f"papertui: {lib.last_index_message}", file=sys.stderr)


def read_clipboard() -> str:
    # Through the app's helper: pyperclip runs in a child with its stderr silenced and a time-out, so a missing
    # or hanging xclip costs one line here, not pyperclip's multi-line advice or a hang.
    from papertui.tui.clipboard import ClipboardError, system_paste

    try:
        text = system_paste()
    except ClipboardError as exc:
        why = " ".join(str(exc).split())
        raise PapertuiError(f"the clipboard cannot be read: {why}; save the page text to a file instead") from None
    if not text or not text.strip():
        raise PapertuiError("the clipboard is empty: copy a Hugging Face papers page first")
    return text


def cmd_import(args) -> int:
    sources = list(args.files)
    if not sources and not args.clipboard:
        raise UsageError("nothing to import: give FILE..., '-' for standard input, or --clipboard")
    record_filter = RecordFilter.from_options(args.category, args.since)
    lib = open_library()
    reports, errors = [], []
    status = 0  # the most severe failure decides the exit status (a busy library is 3, not 1)
    jobs = [("clipboard", None)] if args.clipboard else []
    jobs += [("stdin" if s == "-" else s, s) for s in sources]
    for label, src in jobs:
        try:
            if src is None:
                text = normalise_text(read_clipboard(), "the clipboard")
                report = lib.import_text(text, "clipboard", record_filter)
            elif src == "-":
                report = lib.import_stream(sys.stdin.buffer, "stdin", record_filter)
            else:
                report = lib.import_file(Path(src), record_filter, progress=ProgressBar(f"reading {label}"))
        except PapertuiError as exc:
            status = max(status, exc.exit_code)
            errors.append({"source": label, "error": str(exc)})
            print(f"papertui: error: {exc}", file=sys.stderr)
            continue
        reports.append(report)
        if not args.json:
            print(
                f"{report.source}: {report.found} papers found, {report.new} new, {report.known} already known, "
                f"{report.with_code} with code" + ("" if report.reader == "hf-page" else f" ({report.reader})")
            )
            for warning in report.warnings:
                print(f"papertui: warning: {report.source}: {warning}", file=sys.stderr)
    if reports:
        try:
            _ready_index(lib)
        except PapertuiError as exc:
            # The papers are saved (their lines are printed above); the index is a cache that catches up later.
            print(f"papertui: warning: imported, but the search index could not be updated ({exc})", file=sys.stderr)
    if args.json:
        emit_json(
            {
                "sources": [r.as_dict() for r in reports],
                "errors": errors,
                "papers": lib.count(),
            }
        )
    lib.close()
    return status


def cmd_search(args) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    query = " ".join(args.query).strip()
    if not query:
        raise UsageError("give something to search for")
    lib = open_library()
    _ready_index(lib)
    result = lib.search(query, limit=args.limit, sort=args.sort)
    if result.hint:
        print(f"papertui: {short_hint(result.hint)}", file=sys.stderr)
    if result.notice:
        print(f"papertui: {result.notice}", file=sys.stderr)
    if warning := lib.flush_index():
        print(f"papertui: warning: {warning}", file=sys.stderr)
    if args.json:
        scores = {h.id: h.score for h in result.hits}
        emit_json(scored_json(lib.items(list(scores)), scores))
    else:
        for hit in result.hits:
            print(row_line(hit.id, hit.title, hit.github, hit.tags))
        if not result.hits:
            shown = query if len(query) <= 80 else query[:77] + "..."  # a pasted novel must not flood the terminal
            print(f"no papers match {shown!r}", file=sys.stderr)
        else:  # on stderr: stdout keeps one paper per line for scripts
            about = "about " if result.partial or result.total_is_estimate else ""
            print(f"{len(result.hits)} of {about}{result.total} papers found", file=sys.stderr)
    return 2 if result.hint and not result.hits else 0


def cmd_show(args) -> int:
    lib = open_library()
    paper = lib.paper(args.id)
    record = lib.record(paper.id)
    if args.json:
        emit_json(paper_json(paper, record, full=True))
        return 0
    print(paper.title)
    if paper.authors:
        print(authors_text(paper.authors))
    meta = [f"id {paper.id}"]
    if paper.arxiv_id:
        meta.append(f"arXiv {paper.arxiv_id}" + (f"v{paper.arxiv_version}" if paper.arxiv_version else ""))
    if paper.display_date:
        meta.append(paper.display_date)
    if paper.authors_count is not None and not paper.authors:
        meta.append(f"{paper.authors_count} authors")
    if paper.upvotes is not None:
        meta.append(f"{paper.upvotes} upvotes")
    meta.append(record.triage)
    print(" · ".join(meta))
    if paper.categories:
        print(f"categories: {', '.join(paper.categories)}")
    if paper.doi:
        print(f"doi: {paper.doi}")
    for url in paper.github:
        print(f"code: {url}")
    for url in paper.links:
        print(f"link: {url}")
    if record.tags:
        print(f"tags: {', '.join(record.tags)}")
    print()
    print(textwrap.fill(paper.abstract, width=min(100, shutil.get_terminal_size((100, 20)).columns)))
    if record.note:
        print("\nnote:\n" + textwrap.indent(record.note, "  "))
    return 0


def cmd_stats(args) -> int:
    lib = open_library()
    stats = lib.stats()
    sources = lib.source_counts()
    stats["sources"] = sources
    if args.json:
        emit_json(stats)
        return 0
    print(f"{stats['papers']} papers, {stats['with_code']} with code")
    print(f"{stats['tagged']} tagged, {stats['with_notes']} with notes")
    print(f"triage: {stats['unseen']} unseen, {stats['kept']} kept, {stats['skipped']} skipped")
    if any(sources.values()):
        print("from: " + ", ".join(f"{name} ({n})" for name, n in sources.items() if n))
    tags = stats["tags"]
    if isinstance(tags, dict) and tags:
        print("top tags: " + ", ".join(f"{t} ({n})" for t, n in list(tags.items())[:10]))
    return 0


def cmd_reindex(args) -> int:
    lib = open_library()
    total = lib.rebuild_index(ProgressBar("indexing"))
    print(f"indexed {total} papers")
    return 0


def cmd_keys(args) -> int:
    from papertui.tui.keymap import declared_bindings, key_table, read_keymap, remappable_classes

    path = open_library().keymap_file
    bindings = declared_bindings(remappable_classes())
    keymap = read_keymap(path, bindings)
    rows = key_table(keymap, bindings)
    if args.json:
        emit_json({"keymap": str(path), "keys": rows, "problems": list(keymap.problems)})
        return 0
    width = max(len(r["id"]) for r in rows) + 2
    keys_width = max(len(r["keys"]) for r in rows) + 2
    for row in rows:
        changed = "" if row["keys"] == row["default"] else f"   (default {row['default']})"
        print(f"{row['id']:<{width}}{row['keys']:<{keys_width}}{row['description']}{changed}")
    print(f'\nremap keys in {path}, e.g. {{"main.tag": "a", "main.search": "slash,ctrl+f"}}')
    for problem in keymap.problems:
        print(problem, file=sys.stderr)
    return 0


def cmd_doctor(args) -> int:
    from papertui.cli.doctor import run_doctor

    return run_doctor(open_library(), as_json=args.json)


def cmd_completions(args) -> int:
    from papertui.cli.completions import script_for

    print(script_for(args.shell))
    return 0


def cmd_demo(args) -> int:
    from papertui.demo import demo_files

    if not args.no_tui:
        from papertui.cli import require_terminal

        require_terminal()

    home = Path(tempfile.mkdtemp(prefix="papertui-demo-"))
    try:
        lib = Library(home)
        for path in demo_files():
            lib.import_file(path)
        _ready_index(lib)
        if args.no_tui:
            stats = lib.stats()
            print(f"demo library at {home}: {stats['papers']} papers, {stats['with_code']} with code")
            for pid in lib.browse("date")[:10]:
                paper = lib.paper(pid)
                print(row_line(paper.id, paper.title, paper.github[0] if paper.github else None))
            lib.close()
            return 0
        lib.close()
        from papertui.tui.run import run_app

        return run_app(home=home, demo=True)
    finally:
        shutil.rmtree(home, ignore_errors=True)
