"""`papertui watch add | list | remove` as a script uses it: messages, --json keys, exit codes, undo."""

from __future__ import annotations

import json

import pytest
from cli_run import run


def watch_json(capsys) -> list[dict]:
    code, out, _ = run(capsys, "watch", "list", "--json")
    assert code == 0
    return json.loads(out)["entries"]


def test_add_list_and_remove(lib, capsys):
    code, out, _ = run(capsys, "watch", "add", "author:Yann LeCun", "state space model", "speech")
    assert code == 0
    assert out.strip() == 'watching author:"Yann LeCun", "state space model", speech'
    code, out, _ = run(capsys, "watch", "list")
    assert code == 0
    assert out.splitlines() == [
        'author:"Yann LeCun"  0 papers',
        '"state space model"  0 papers',
        "speech               1 paper",
    ]
    code, out, _ = run(capsys, "watch", "remove", "state", "space", "model")  # one entry, even unquoted
    assert (code, out.strip()) == (0, 'stopped watching "state space model"')
    assert [e["entry"] for e in watch_json(capsys)] == ['author:"Yann LeCun"', "speech"]


def test_list_json_keys(lib, capsys):
    run(capsys, "watch", "add", "speech", 'author:"Yann LeCun"')
    assert watch_json(capsys) == [
        {"entry": "speech", "kind": "keyword", "query": '"speech"', "matches": 1},
        {"entry": 'author:"Yann LeCun"', "kind": "author", "query": 'author:"Yann LeCun"', "matches": 0},
    ]


def test_an_empty_list(home, capsys):
    assert watch_json(capsys) == []
    code, out, err = run(capsys, "watch", "list")
    assert (code, out) == (0, "")
    assert "papertui watch add" in err
    assert run(capsys, "watch")[0] == 0  # no action: the list


def test_add_json_is_the_change_report(lib, capsys):
    code, out, _ = run(capsys, "watch", "add", "speech", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["action"] == "watch-add"
    assert report["description"] == "watching speech"
    assert set(report) == {"action", "description", "papers", "rev"}


@pytest.mark.parametrize("entry", ["", '"state space', 'author:"', "!!!", "the"])
def test_bad_entries_exit_2_with_one_line(lib, capsys, entry):
    code, out, err = run(capsys, "watch", "add", entry)
    assert code == 2
    assert out == ""
    assert err.startswith("papertui: error: ") and err.count("\n") == 1
    assert watch_json(capsys) == []


def test_removing_an_entry_not_watched_exits_1(lib, capsys):
    run(capsys, "watch", "add", "speech")
    code, _, err = run(capsys, "watch", "remove", "mamba")
    assert code == 1
    assert err.strip() == "papertui: error: not watching mamba (papertui watch list shows the entries)"


def test_undo_and_redo_a_watch_change(lib, capsys):
    run(capsys, "watch", "add", "speech")
    run(capsys, "watch", "remove", "speech")
    code, out, _ = run(capsys, "undo")
    assert (code, out.strip()) == (0, "undid: stopped watching speech")
    assert [e["entry"] for e in watch_json(capsys)] == ["speech"]
    run(capsys, "undo")
    assert watch_json(capsys) == []
    code, out, _ = run(capsys, "redo")
    assert out.strip() == "redid: watching speech"


def test_search_is_watched(lib, capsys):
    run(capsys, "watch", "add", "speech")
    code, out, _ = run(capsys, "search", "is:watched", "--json")
    assert code == 0
    assert [h["title"] for h in json.loads(out)] == ["Pebble: Tiny Models for On-Device Speech"]


def test_completions_offer_the_watch_actions(capsys):
    bash = run(capsys, "completions", "bash")[1]
    assert 'watch) COMPREPLY=( $(compgen -W "add list remove" -- "$cur") )' in bash
    fish = run(capsys, "completions", "fish")[1]
    assert "__fish_seen_subcommand_from watch' -a 'add list remove'" in fish


def test_an_author_watch_end_to_end(home, lib, capsys):
    from papertui.library import Library
    from papertui.model import ParsedPaper

    library = Library(home)
    library.import_papers(
        [ParsedPaper(title="Energy Based Models Revisited", authors=("Yann LeCun",), reader="bibtex")],
        "refs.bib",
        reader="bibtex",
    )
    library.close()
    run(capsys, "watch", "add", "author:Yann LeCun")  # as the shell passes author:"Yann LeCun"
    assert watch_json(capsys) == [
        {"entry": 'author:"Yann LeCun"', "kind": "author", "query": 'author:"Yann LeCun"', "matches": 1}
    ]
    _, out, _ = run(capsys, "search", "is:watched", "--json")
    assert [h["title"] for h in json.loads(out)] == ["Energy Based Models Revisited"]
