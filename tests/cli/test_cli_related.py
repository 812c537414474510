"""`papertui similar` and `papertui suggest` as a script uses them: JSON keys, limits, one-line errors."""

from __future__ import annotations

import json

from cli_run import run


def test_similar_lists_other_papers_best_first_with_scores(lib, capsys):
    pid = lib["Tidal Diffusion"]
    code, out, err = run(capsys, "similar", pid[:6], "--json", "--limit", "3")
    assert code == 0
    papers = json.loads(out)
    assert 1 <= len(papers) <= 3 and pid not in [p["id"] for p in papers]
    assert {"id", "title", "score", "arxiv_id", "authors", "categories"} <= set(papers[0])
    assert [p["score"] for p in papers] == sorted((p["score"] for p in papers), reverse=True)
    assert f"{len(papers)} of " in err and "like" in err

    code, out, _ = run(capsys, "similar", pid)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith(papers[0]["id"]) and len(lines) <= 20  # one paper per line


def test_similar_of_an_unknown_paper_and_a_bad_limit_are_one_line_errors(lib, capsys):
    shown = run(capsys, "show", "zzzzzzz")
    code, out, err = run(capsys, "similar", "zzzzzzz")
    assert (code, out, err) == shown and code != 0 and err.count("\n") == 1 and "zzzzzzz" in err
    code, _, err = run(capsys, "similar", lib["Pebble"], "--limit", "0")
    assert code == 2 and "--limit must be at least 1" in err


def test_suggest_needs_three_tagged_papers_then_leaves_them_out(lib, capsys):
    ids = sorted(lib.values())
    run(capsys, "tag", ids[0], ids[1], "reading")
    code, out, err = run(capsys, "suggest", "reading")
    assert code == 1 and out == ""
    assert err.strip() == 'papertui: error: suggestions need at least 3 papers tagged "reading" (2 are)'

    run(capsys, "tag", ids[2], "reading")
    code, out, _ = run(capsys, "suggest", "Reading", "--json")
    assert code == 0
    suggested = [p["id"] for p in json.loads(out)]
    assert suggested and not set(suggested) & set(ids[:3])
