"""The main screen's keys and palette commands. Every binding has an id, so a keymap can remap it (keymap.py);
the triage screen declares its paper actions (tag, note, copy, open, undo, redo) under these same ids, so one
remap applies on both screens."""

from __future__ import annotations

from textual.binding import Binding, BindingType

QUICK_TAG_BINDINGS = [
    Binding(str(n), f"quick_tag({n})", f"Toggle quick tag {n}", show=False, id=f"main.quick_tag_{n}")
    for n in range(1, 10)
]

REMOVE_BINDING = Binding(
    "delete",
    "remove_papers",
    "Remove",
    show=False,
    tooltip="Remove the selected papers (or this one) from the library; u undoes",
    id="main.remove",
)

MAIN_BINDINGS: list[BindingType] = [
    Binding("slash", "focus_search", "Search", tooltip="Type to search the whole library", id="main.search"),
    Binding("t", "add_tag", "Tag", tooltip="Add tags to the paper, or to the selected papers", id="main.tag"),
    Binding("T", "remove_tag", "Untag", show=False, tooltip="Remove one of the paper's tags", id="main.untag"),
    Binding("n", "edit_note", "Note", tooltip="Write a Markdown note on the paper", id="main.note"),
    Binding("c", "copy_link", "Copy link", tooltip="Copy the paper's GitHub repository link", id="main.copy_link"),
    Binding(
        "C",
        "copy_markdown",
        "Copy as Markdown",
        show=False,
        tooltip="Copy [title](link) for a Markdown document",
        id="main.copy_markdown",
    ),
    Binding(
        "o",
        "open_link",
        "Open",
        show=False,
        tooltip="Open the arXiv page, PDF, repository… in the browser (asks which)",
        id="main.open",
    ),
    Binding(
        "m",
        "more_like_this",
        "More like this",
        show=False,
        tooltip="List the papers most like this one (escape goes back)",
        id="main.similar",
    ),
    Binding("s", "cycle_sort", "Sort", tooltip="Cycle the order: relevance, date, upvotes, title", id="main.sort"),
    Binding(
        "u",
        "undo",
        "Undo",
        show=False,
        tooltip="Undo the last change: tags, notes, triage, a removal or an import",
        id="main.undo",
    ),
    Binding("ctrl+r", "redo", "Redo", show=False, tooltip="Redo what was undone", id="main.redo"),
    REMOVE_BINDING,
    Binding(
        "x",
        "export",
        "Export",
        show=False,
        tooltip="Write the view, the selection or a tag to a file",
        id="main.export",
    ),
    Binding(
        "i",
        "import",
        "Import",
        show=False,
        tooltip="Add papers from a saved page or the clipboard",
        id="main.import",
    ),
    Binding(
        "ctrl+t",
        "triage",
        "Triage",
        tooltip="Walk the inbox, or the view shown, one paper at a time",
        id="main.triage",
    ),
    Binding(
        "F",
        "fetch_hf",
        "Fetch",
        show=False,  # the footer is full at 80 columns: Help would lose its label
        tooltip="Fetch today's Hugging Face papers into the inbox (u undoes)",
        id="main.fetch",
    ),
    Binding(
        "f",
        "focus_filters",
        "Filters",
        show=False,
        tooltip="Show the filters: inbox, tags, saved searches",
        id="main.filters",
    ),
    Binding(
        "S",
        "save_search",
        "Save search",
        show=False,
        tooltip="Keep the current search in the sidebar",
        id="main.save_search",
    ),
    Binding(
        "w",
        "watch_list",
        "Watch list…",
        show=False,
        tooltip="Follow authors and keywords in the list",
        id="main.watch",
    ),
    Binding(
        "escape",
        "back",
        "Back",
        show=False,
        tooltip="Back to the list; clear the selection, then the search",
        id="main.back",
    ),
    *QUICK_TAG_BINDINGS,
]

PALETTE_NAMES: dict[str, str] = {"main.fetch": "Fetch today's Hugging Face papers"}
"""The palette's name for a key's action, where the key's short footer label would say too little."""

PALETTE_EXTRAS: list[tuple[str, str, str]] = [
    ("Import from the clipboard", "import_clipboard", "read a copied Hugging Face papers page"),
    ("Fetch arXiv…", "fetch_arxiv", "the newest papers of a query; new ones land in the inbox"),
    ("Load the demo library", "load_demo", "add the built-in sample papers to this library"),
    ("Suggest papers for a tag…", "suggest_for_tag", "papers resembling the tag's, skipped ones counting against"),
    ("Rename a tag…", "rename_tag", "on every paper that has it"),
    ("Pin a quick tag…", "pin_quick_tag", "choose which tag a number key 1–9 toggles"),
    ("Delete a tag…", "delete_tag", "from every paper (u undoes)"),
    ("Delete a saved search…", "delete_saved_search", ""),
    ("Select every paper in the view", "select_all", "for a bulk tag, untag or export"),
    ("Clear the selection", "clear_selection", ""),
    ("Show or hide the filters", "toggle_filters", "the tag sidebar"),
    ("Rebuild the search index", "rebuild_index", "from the library (a cache: nothing is lost)"),
]
