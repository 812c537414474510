"""Tags, notes, triage, undo and export from the shell, as a script would use them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_run import run


def tags_json(capsys) -> dict[str, int]:
    _, out, _ = run(capsys, "tags", "--json")
    return {t["tag"]: t["papers"] for t in json.loads(out)}


def test_tag_several_papers_last_argument_is_the_tag(lib, capsys):
    code, _, _ = run(capsys, "tag", lib["Tidal Diffusion"], lib["Pebble"], "to read")
    assert code == 0
    assert tags_json(capsys) == {"to read": 2}
    _, out, _ = run(capsys, "search", 'tag:"to read"', "--json")
    assert {h["id"] for h in json.loads(out)} == {lib["Tidal Diffusion"], lib["Pebble"]}


def test_tag_with_repeated_t_and_unique_id_prefix(lib, capsys):
    pid = lib["Lighthouse"]
    run(capsys, "tag", pid[:5], "-t", "agents", "-t", "Benchmarks")
    _, out, _ = run(capsys, "show", pid, "--json")
    assert sorted(json.loads(out)["tags"]) == ["Benchmarks", "agents"]


def test_bulk_tag_every_result_of_a_query(lib, capsys):
    run(capsys, "tag", "--query", "has:code", "code")
    assert tags_json(capsys) == {"code": 5}


def test_rename_merges_into_an_existing_tag(lib, capsys):
    run(capsys, "tag", lib["Pebble"], "speech")
    run(capsys, "tag", lib["Lighthouse"], lib["Pebble"], "later")
    run(capsys, "tag", "--rename", "speech", "later")
    assert tags_json(capsys) == {"later": 2}


@pytest.mark.parametrize("bad", [["nonexistent", "x"], ["@ID@", "   "], ["@ID@", ""], ["@ID@"]])
def test_bad_ids_and_empty_tags_are_errors_and_write_nothing(lib, capsys, home, bad):
    args = [lib["Pebble"] if a == "@ID@" else a for a in bad]
    before = (home / "userdata.json").read_bytes() if (home / "userdata.json").exists() else None
    code, _, err = run(capsys, "tag", *args)
    assert code != 0 and err.startswith("papertui: error:") and len(err.strip().splitlines()) == 1
    after = (home / "userdata.json").read_bytes() if (home / "userdata.json").exists() else None
    assert before == after


def test_untag_and_undo_redo(lib, capsys):
    pid = lib["Pebble"]
    run(capsys, "tag", pid, "speech")
    run(capsys, "untag", pid, "speech")
    assert tags_json(capsys) == {}
    code, out, _ = run(capsys, "undo")
    assert code == 0 and out.strip()
    assert tags_json(capsys) == {"speech": 1}
    run(capsys, "redo")
    assert tags_json(capsys) == {}
    run(capsys, "undo")
    run(capsys, "undo")
    # Before the tags come the two imports of the fixture (imports are undoable too).
    assert run(capsys, "undo")[1].startswith("undid: import of ")
    assert run(capsys, "undo")[1].startswith("undid: import of ")
    code, _, err = run(capsys, "undo")
    assert code == 1 and "nothing to undo" in err


def test_note_set_show_and_search(lib, capsys):
    pid = lib["Quiet Gradients"]
    run(capsys, "note", pid, "try this on the ablation runs")
    _code, out, _ = run(capsys, "note", pid)
    assert out.strip() == "try this on the ablation runs"
    _, out, _ = run(capsys, "search", "note:ablation", "--json")
    assert [h["id"] for h in json.loads(out)] == [pid]


def test_note_edit_uses_the_editor(lib, capsys, monkeypatch, tmp_path):
    script = tmp_path / "ed.sh"
    script.write_text('#!/bin/sh\nprintf "written in the editor\\n" > "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    pid = lib["Pebble"]
    code, _, _ = run(capsys, "note", pid, "--edit")
    assert code == 0
    _, out, _ = run(capsys, "note", pid)
    assert out.strip() == "written in the editor"


def test_triage_and_list_filters(lib, capsys):
    run(capsys, "triage", lib["Pebble"], lib["Lighthouse"], "kept")
    run(capsys, "triage", lib["Tidal Diffusion"], "skipped")
    run(capsys, "tag", lib["Pebble"], "speech")
    _, out, _ = run(capsys, "list", "--kept", "--json")
    assert {p["id"] for p in json.loads(out)} == {lib["Pebble"], lib["Lighthouse"]}
    _, out, _ = run(capsys, "list", "--unseen", "--json")
    assert len(json.loads(out)) == 5
    _, out, _ = run(capsys, "list", "--untagged", "--json")
    assert len(json.loads(out)) == 7
    code, _, err = run(capsys, "triage", lib["Pebble"], "maybe")
    assert code == 2 and "kept, skipped" in err


def test_list_filters_combine_like_the_query_language_and_keep_the_list_order(lib, capsys):
    run(capsys, "tag", lib["Pebble"], 'say "hi" (now)')
    run(capsys, "tag", lib["Lighthouse"], "Speech")
    run(capsys, "tag", lib["Tidal Diffusion"], "other")
    run(capsys, "triage", lib["Lighthouse"], "kept")
    _, out, _ = run(capsys, "list", "--json")
    everything = [p["id"] for p in json.loads(out)]

    def listed(*flags: str) -> list[str]:
        code, out, err = run(capsys, "list", *flags, "--json")
        assert code == 0, err
        return [p["id"] for p in json.loads(out)]

    # Any of the tags (any case, any characters), in the order of the whole list.
    both = listed("--tag", "speech", "--tag", 'say "hi" (now)')
    assert both == [i for i in everything if i in {lib["Pebble"], lib["Lighthouse"]}]
    assert listed("--tag", "speech", "--kept") == [lib["Lighthouse"]]  # the tag and the state
    assert listed("--tag", "speech", "--unseen", "--skipped") == []
    assert listed("--untagged", "--kept") == []
    assert lib["Pebble"] not in listed("--untagged") and len(listed("--untagged")) == len(everything) - 3
    assert listed("--tag", "nobody-has-this") == []


def test_export_formats_write_files_atomically(lib, capsys, tmp_path):
    run(capsys, "tag", lib["Tidal Diffusion"], lib["TÜLU-Σ"], "reading")
    for fmt in ("md", "csv", "json", "bib", "ris"):
        target = tmp_path / f"out.{fmt}"
        code, _, err = run(capsys, "export", "--tag", "reading", "-f", fmt, "-o", str(target))
        assert code == 0, err
        text = target.read_text(encoding="utf-8")
        assert "TÜLU-Σ" in text and "Tidal Diffusion" in text
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 2
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert {p["title"] for p in data} == {
        "Tidal Diffusion: Denoising Schedules that Follow the Moon",
        "TÜLU-Σ: Multilingual Instruction Tuning at Small Scale",
    }


def test_export_to_stdout_and_nothing_to_export(lib, capsys):
    code, _, err = run(capsys, "export")
    assert code == 1 and "nothing to export" in err
    run(capsys, "tag", lib["Pebble"], "speech")
    code, out, _ = run(capsys, "export")
    assert code == 0 and "Pebble" in out
