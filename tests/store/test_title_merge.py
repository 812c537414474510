"""A title alone does not make two papers one: same-title papers merge only when their abstracts agree."""

from __future__ import annotations

from papertui.library import Library
from papertui.store.catalog_merge import abstracts_agree

HEADER = "Get trending papers in your email inbox!\n"
CPP = (
    "We synthesise C++ programs from input and output examples with templates and a type-directed search over "
    "expressions, and we compare the programs found with those written by experienced engineers on forty tasks."
)
CSHARP = "A synthesiser for C# that uses the Roslyn compiler platform to check candidate programs as it goes."
PLAIN_C = "Programs in C are synthesised from pointer-heavy specifications with separation logic and a solver."


def page(*papers: tuple[str, str]) -> str:
    return HEADER + "".join(f"{title}\n{abstract}\n" for title, abstract in papers)


def test_same_title_different_abstracts_are_three_papers_with_a_warning(tmp_path) -> None:
    lib = Library(tmp_path / "lib")
    try:
        first = lib.import_text(page(("Program Synthesis for C++", CPP)), "a.txt")
        second = lib.import_text(
            page(("Program Synthesis for C#", CSHARP), ("Program Synthesis for C", PLAIN_C)), "b.txt"
        )
        assert (first.new, second.new, second.known) == (1, 2, 0)
        assert sum("kept as a paper of its own" in w for w in second.warnings) == 2
        abstracts = {lib.paper(pid).abstract for pid in lib.browse()}
        assert abstracts == {CPP, CSHARP, PLAIN_C}
        again = lib.import_text(page(("Program Synthesis for C#", CSHARP)), "c.txt")
        assert (again.new, again.known, again.warnings) == (0, 1, ())
        assert len(lib.browse()) == 3
    finally:
        lib.close()


def test_same_title_and_a_cut_short_abstract_is_one_paper_filled_in(tmp_path) -> None:
    lib = Library(tmp_path / "lib")
    try:
        lib.import_text(page(("Another Paper", CSHARP), ("Program Synthesis for C++", CPP[:120] + "…")), "list.txt")
        pid = next(p for p in lib.browse() if lib.paper(p).title.endswith("C++"))
        lib.tag([pid], ["read"])
        report = lib.import_text(page(("Program Synthesis for C++", CPP)), "full.txt")
        assert (report.new, report.known, report.updated) == (0, 1, 1)
        assert len(lib.browse()) == 2 and lib.paper(pid).abstract == CPP
        assert lib.record(pid).tags == ("read",)
    finally:
        lib.close()


def test_two_different_papers_with_one_title_in_one_page_stay_apart(tmp_path) -> None:
    lib = Library(tmp_path / "lib")
    try:
        report = lib.import_text(page(("Program Synthesis", CPP), ("Program Synthesis", CSHARP)), "p.txt")
        assert report.new == 2 and len(lib.browse()) == 2
    finally:
        lib.close()


def test_abstracts_agree_when_missing_equal_cut_short_or_nearly_identical() -> None:
    assert abstracts_agree("", CPP) and abstracts_agree(CPP, CPP)
    assert abstracts_agree(CPP[:50] + "...", CPP)
    assert abstracts_agree(CPP, CPP.replace("examples", "example"))
    assert not abstracts_agree(CPP, CSHARP)
