"""One record per paper: the arXiv id is a paper's identity when known, else its title. A paper read from page
text and later from structured sources is one record with every field, and the user's data stays with it."""

from __future__ import annotations

from pathlib import Path

from papertui.library import Library
from papertui.model import ParsedPaper
from papertui.store.catalog import Catalog
from papertui.store.catalog_merge import author_key

TITLE = "Sparse Lantern Attention for Long Documents"
ABSTRACT = (
    "We introduce Sparse Lantern Attention, a mechanism that lights up only the few tokens a query needs, so "
    "transformers read documents of a million tokens on one accelerator."
)
PAGE = f"Get trending papers in your email inbox!\n{TITLE}\n{ABSTRACT}\n"
AUTHORS = ("Ada Lovelace", "Jörg Müller", "Grace Hopper")


def hf_json(**extra) -> ParsedPaper:
    fields = dict(
        title=TITLE,
        abstract=ABSTRACT + " Lantern routing learns which blocks to keep and costs linear time.",
        authors=AUTHORS,
        arxiv_id="2401.01234",
        date="2024-01-03",
        upvotes=17,
        github=("https://github.com/lantern-lab/sparse-lantern",),
        reader="hf-json",
    )
    fields.update(extra)
    return ParsedPaper(**fields)  # type: ignore[arg-type]


def bibtex(**extra) -> ParsedPaper:
    fields = dict(
        title="Sparse {L}antern Attention for Long Documents".replace("{L}", "L"),
        abstract=ABSTRACT,
        authors=("Lovelace, Ada", "Jorg Muller", "Grace Hopper", "Alan Turing"),
        arxiv_id="2401.01234",
        categories=("cs.CL", "cs.LG"),
        doi="10.48550/arXiv.2401.01234",
        reader="bibtex",
    )
    fields.update(extra)
    return ParsedPaper(**fields)  # type: ignore[arg-type]


def merge(lib: Library, papers: list[ParsedPaper], source: str) -> None:
    # The structured readers' way in (another part of this issue) ends in the same catalog merge, under the lock.
    lib.import_papers(papers, source, reader=papers[0].reader)


def test_page_text_then_json_then_bibtex_is_one_record_with_every_field_and_the_users_tags(tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib")
    lib.import_text(PAGE, "page.txt")
    (pid,) = lib.browse()
    lib.tag([pid], ["to-read"])
    lib.set_note(pid, "compare with dense attention")
    lib.set_triage([pid], "kept")

    merge(lib, [hf_json()], "daily.json")
    merge(lib, [bibtex()], "zotero.bib")

    assert lib.count() == 1 and lib.browse() == [pid]
    paper = lib.paper(pid)
    assert paper.arxiv_id == "2401.01234"
    assert paper.abstract.endswith("costs linear time.")  # the longer abstract won
    assert paper.authors == (*AUTHORS, "Alan Turing")  # the same people under other spellings are not repeated
    assert paper.categories == ("cs.CL", "cs.LG")
    assert paper.doi == "10.48550/arXiv.2401.01234"
    assert paper.github == ("https://github.com/lantern-lab/sparse-lantern",)
    assert (paper.date, paper.upvotes, paper.source) == ("2024-01-03", 17, "page.txt")
    assert paper.sources == ("hf-page", "hf-json", "bibtex")
    record = lib.record(pid)
    assert (record.tags, record.note, record.triage) == (("to-read",), "compare with dense attention", "kept")
    assert [h.id for h in lib.search("lantern").hits] == [pid]
    lib.close()


def test_a_later_page_import_without_an_id_fills_the_same_record(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.merge([hf_json()], "a.json")
    report = cat.merge([ParsedPaper(TITLE, ABSTRACT, authors_count=3, page_date="2024-01-04")], "page.txt")
    assert (report.new, report.known, report.updated) == (0, 1, 1)
    (pid,) = cat.ids()
    paper = cat.get(pid)
    assert paper is not None
    assert (paper.arxiv_id, paper.authors_count, paper.page_date) == ("2401.01234", 3, "2024-01-04")
    assert paper.sources == ("hf-json", "hf-page")


def test_two_different_arxiv_ids_under_one_title_are_two_records(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.merge([hf_json()], "a.json")
    report = cat.merge([hf_json(arxiv_id="2402.05678", reader="arxiv-atom")], "b.atom")
    assert report.new == 1 and len(report.warnings) == 1 and "different arXiv id" in report.warnings[0]
    papers = [cat.get(i) for i in cat.ids()]
    assert sorted(p.arxiv_id for p in papers if p) == ["2401.01234", "2402.05678"]
    assert len({p.key for p in papers if p}) == 2 and len({p.id for p in papers if p}) == 2
    # Each id keeps finding its own record afterwards, and page text (no id) joins one of them.
    assert cat.merge([hf_json(arxiv_id="2402.05678", upvotes=99)], "c").new_ids == ()
    assert cat.merge([ParsedPaper(TITLE, ABSTRACT)], "page").new_ids == ()
    assert cat.count() == 2
    assert sorted(p.upvotes for p in cat.get_many(cat.ids()).values()) == [17, 99]


def test_two_ids_under_one_title_in_one_import_stay_apart(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite3")
    report = cat.merge([hf_json(), hf_json(arxiv_id="2402.05678"), hf_json(upvotes=30)], "a.json")
    assert (report.found, report.new) == (2, 2)
    assert sorted(cat.get(i).upvotes for i in cat.ids()) == [17, 30]  # type: ignore[union-attr]


def test_one_id_under_a_revised_title_is_one_record(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.merge([hf_json(arxiv_version=1)], "a.json")
    (pid,) = cat.ids()
    report = cat.merge(
        [bibtex(title="Lantern Attention: Sparse Reading of Long Documents", arxiv_version=2, abstract="New.")], "b"
    )
    assert (report.new, report.updated) == (0, 1)
    paper = cat.get(pid)
    assert paper is not None and cat.count() == 1
    assert paper.title == "Lantern Attention: Sparse Reading of Long Documents"  # version 2's title
    assert paper.arxiv_version == 2 and paper.abstract.startswith("We introduce")  # never shortened


def test_an_older_version_does_not_replace_the_title(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.merge([hf_json(arxiv_version=3)], "a.json")
    cat.merge([bibtex(title="An Early Title", arxiv_version=1)], "b")
    (paper,) = cat.get_many(cat.ids()).values()
    assert paper.title == TITLE and paper.arxiv_version == 3


def test_a_value_is_never_replaced_by_a_missing_one_or_shortened(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.merge(
        [bibtex(comment="Accepted at ACL 2024; 12 pages", journal_ref="ACL 2024", first_version="2024-01-02")], "b"
    )
    report = cat.merge(
        [
            ParsedPaper(
                TITLE, "", arxiv_id="2401.01234", comment="12 pages", first_version="2024-01-05", reader="hf-json"
            )
        ],
        "a",
    )
    (paper,) = cat.get_many(cat.ids()).values()
    assert paper.comment == "Accepted at ACL 2024; 12 pages" and paper.journal_ref == "ACL 2024"
    assert paper.doi == "10.48550/arXiv.2401.01234" and paper.categories == ("cs.CL", "cs.LG")
    assert paper.first_version == "2024-01-02" and paper.abstract == ABSTRACT
    assert len(paper.authors) == 4
    assert report.updated == 1 and paper.sources == ("bibtex", "hf-json")
    # The same import again changes nothing.
    assert cat.merge([bibtex()], "b").changed_ids == ()


def test_an_id_matches_by_title_only_when_the_abstracts_agree(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.merge([ParsedPaper(TITLE, "A different paper about lanterns in caves and how bats avoid them.")], "page")
    report = cat.merge([hf_json()], "a.json")
    assert report.new == 1 and cat.count() == 2


def test_old_style_arxiv_ids_are_kept_whole(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.merge([ParsedPaper("Old Paper", "Text.", arxiv_id="cs/9912001", reader="arxiv-snapshot")], "s")
    cat.merge([ParsedPaper("Old paper!", "Text.", arxiv_id="cs/9912001", authors=("A B",), reader="bibtex")], "b")
    (paper,) = cat.get_many(cat.ids()).values()
    assert paper.arxiv_id == "cs/9912001" and paper.authors == ("A B",)


def test_removing_and_undoing_an_import_keeps_the_new_fields(tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib")
    lib.import_text(PAGE, "page.txt")
    (pid,) = lib.browse()
    merge(lib, [bibtex()], "zotero.bib")
    lib.tag([pid], ["x"])
    lib.remove([pid])
    assert lib.count() == 0
    lib.undo()
    paper = lib.paper(pid)
    assert (paper.arxiv_id, paper.doi, paper.sources) == (
        "2401.01234",
        "10.48550/arXiv.2401.01234",
        ("hf-page", "bibtex"),
    )
    assert lib.record(pid).tags == ("x",)
    # An import undone takes out only the papers it added; a record it filled keeps its fields.
    other = "Counting Sheep with Vision Language Models\nCan a vision language model count? We build a benchmark of "
    lib.import_text(PAGE + other + "pastoral scenes with up to two hundred animals and find that models guess.\n", "p2")
    assert lib.count() == 2
    lib.undo()
    assert lib.browse() == [pid] and lib.paper(pid).arxiv_id == "2401.01234"
    lib.close()


def test_author_spellings_of_one_person_share_a_key() -> None:
    assert author_key("Jörg Müller") == author_key("Muller, Jorg") == author_key("J. Müller") == "muller j"
    assert author_key("Geoffrey E. Hinton") == author_key("Geoffrey Hinton")
    assert author_key("Ada Lovelace") != author_key("Grace Hopper")


def test_reimporting_a_structured_source_changes_nothing(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.merge([hf_json()], "a.json")
    rev = cat.rev()
    report = cat.merge([hf_json()], "a.json")
    assert (report.known, report.updated, report.changed_ids) == (1, 0, ())
    assert cat.rev() == rev
    (paper,) = cat.get_many(cat.ids()).values()
    assert paper.authors_count == 3  # the count a list of authors gives
