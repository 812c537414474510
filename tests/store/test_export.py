"""Export writers: every format carries every paper and the user's data, valid for the tools that read it."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import bibtexparser
import pytest

from papertui.errors import UsageError
from papertui.model import Paper, UserRecord
from papertui.store.export import FORMATS, render
from papertui.store.export_bibtex import citation_keys
from papertui.store.export_data import FIELDS
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore

PANGU = Paper(
    id="pg1",
    key="pangu",
    title="PanGu-Σ: Towards Trillion Parameter Language Model",
    abstract="A sparse model.\nSecond line of the abstract.",
    github=("https://github.com/huawei/pangu",),
    links=("https://arxiv.org/abs/2303.10845",),
    authors_count=12,
    date="2023-03-20",
    date_text="Mar 20, 2023",
    upvotes=42,
    added="2024-09-01T10:00:00Z",
)
TULU = Paper(
    id="tl3",
    key="tulu 3",
    title="TÜLU 3: Pushing Frontiers in Open Language Model Post-Training",
    links=("https://huggingface.co/papers/2411.15124", "https://allenai.org/tulu"),
    date="2024-11-22",
)
SPECIAL = Paper(
    id="sp1",
    key="special",
    title=r"50% of $x_{i}$ & #1 {braces} ~ ^ \ back, and a lone { here",
    abstract="Costs $5 & more",
    date_text="Sep 26",
)
SAME_STEM = Paper(id="tl4", key="tulu again", title="Tulu again: a follow-up", date="2024-01-01")


@pytest.fixture
def items(tmp_path: Path) -> list[tuple[Paper, UserRecord]]:
    """Papers with user data made through a real store."""
    store = UserStore(tmp_path / "userdata.json", LibraryLock(tmp_path / ".lock"), backups_dir=tmp_path / "b")
    store.tag(["pg1", "tl3"], ["reading", "LLM"])
    store.tag(["sp1"], ["odd & 100%"])
    store.set_note("pg1", "Compare with **TÜLU 3**.\n\n- sparse\n- big")
    store.set_note("sp1", 'Quotes "here", commas, and\nnew lines')
    store.set_triage(["pg1"], "kept")
    papers = [PANGU, TULU, SPECIAL, SAME_STEM]
    records = store.get_many(p.id for p in papers)
    return [(p, records[p.id]) for p in papers]


def test_unknown_format_is_a_usage_error(items: list) -> None:
    with pytest.raises(UsageError, match="md, csv, json, bib, ris"):
        render(items, "docx")


@pytest.mark.parametrize("fmt", FORMATS)
def test_non_ascii_titles_survive_every_format(items: list, fmt: str) -> None:
    text = render(items, fmt)
    assert "PanGu-Σ" in text and "TÜLU 3" in text


def test_an_empty_selection_renders_an_empty_list_in_every_format() -> None:
    assert "(no papers)" in render([], "md")
    assert list(csv.reader(io.StringIO(render([], "csv")))) == [list(FIELDS)]  # the header only
    assert json.loads(render([], "json")) == []
    assert render([], "bib") == render([], "ris") == ""


def test_markdown_is_a_reading_list_with_links_tags_and_the_note(items: list) -> None:
    text = render(items, "md")
    assert text.count("- [ ] **") == 4
    assert "- [ ] **PanGu-Σ: Towards Trillion Parameter Language Model** (2023-03-20)" in text
    assert "<https://github.com/huawei/pangu>" in text
    assert "<https://arxiv.org/abs/2303.10845>" in text
    assert "Tags: reading, LLM" in text
    assert "\n  Compare with **TÜLU 3**.\n\n  - sparse\n  - big\n" in text  # indented under its item
    assert r"\$x\_{i}\$ & \#1 {braces} \~" in text  # emphasis, math and strike-through characters escaped
    assert "## " not in text


def test_markdown_groups_by_tag_and_lists_a_paper_in_every_group(items: list) -> None:
    text = render(items, "md", group_tags=["llm", "odd & 100%"])
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    headings = [s.splitlines()[0] for s in sections[1:]]
    assert headings == ["LLM", "odd & 100%", "Other"]
    llm, odd, other = sections[1:]
    assert "PanGu" in llm and "TÜLU" in llm and "50%" not in llm
    assert "50%" in odd and "PanGu" not in odd
    assert "Tulu again" in other
    both = render(items, "md", group_tags=["reading", "LLM"])
    assert both.count("PanGu-Σ") == 2


def test_csv_has_a_header_and_one_row_per_paper(items: list) -> None:
    text = render(items, "csv")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "").replace('"\n', "").split('"')[0]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["id"] for r in rows] == ["pg1", "tl3", "sp1", "tl4"]
    assert rows[0]["title"] == PANGU.title
    assert rows[0]["tags"] == "reading; LLM"
    assert rows[1]["links"] == "https://huggingface.co/papers/2411.15124; https://allenai.org/tulu"
    assert rows[2]["note"] == 'Quotes "here", commas, and\nnew lines'
    assert rows[0]["triage"] == "kept" and rows[0]["seen"]
    assert rows[3]["authors_count"] == ""


def test_json_round_trips_to_the_store_and_the_papers(items: list) -> None:
    data = json.loads(render(items, "json"))
    assert [list(d) for d in data] == [list(data[0])] * 4  # stable keys
    assert list(data[0]) == [
        "id", "title", "abstract", "github", "links", "authors_count", "date", "date_text", "page_date",
        "upvotes", "added", "tags", "note", "note_created", "note_updated", "triage", "seen",
        # added with structured sources, after every key scripts already read
        "authors", "arxiv_id", "arxiv_version", "categories", "doi", "comment", "journal_ref", "first_version",
        "sources",
    ]  # fmt: skip
    for entry, (paper, record) in zip(data, items, strict=True):
        assert (
            UserRecord(
                paper_id=entry["id"],
                tags=tuple(entry["tags"]),
                note=entry["note"],
                note_created=entry["note_created"],
                note_updated=entry["note_updated"],
                triage=entry["triage"],
                seen=entry["seen"],
                rev=record.rev,
            )
            == record
        )
        rebuilt = {k: entry[k] for k in ("title", "abstract", "authors_count", "date", "upvotes", "added")}
        assert rebuilt == {k: getattr(paper, k) for k in rebuilt}
        assert tuple(entry["github"]) == paper.github and tuple(entry["links"]) == paper.links
    assert "Σ" in render(items, "json")  # not \u escapes


def _unlatex(text: str) -> str:
    for escaped, char in [
        (r"\textbackslash{}", "\\"),
        (r"\textbraceleft{}", "{"),
        (r"\textbraceright{}", "}"),
        (r"\textasciitilde{}", "~"),
        (r"\textasciicircum{}", "^"),
        (r"\&", "&"),
        (r"\%", "%"),
        (r"\$", "$"),
        (r"\#", "#"),
        (r"\_", "_"),
    ]:
        text = text.replace(escaped, char)
    return text


def test_bibtex_parses_back_with_every_title_and_the_user_data(items: list) -> None:
    text = render(items, "bib")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    entries = library.entries
    assert [e.entry_type for e in entries] == ["misc"] * 4
    assert [_unlatex(e["title"]) for e in entries] == [p.title for p, _ in items]
    keys = [e.key for e in entries]
    assert len(set(keys)) == 4 and all(k.isascii() and re.fullmatch(r"[a-z0-9]+", k) for k in keys)
    pangu, tulu, special, again = entries
    assert pangu.key == "pangu2023" and tulu.key == "tulu2024" and again.key == "tulu2024a"
    assert pangu["url"] == "https://github.com/huawei/pangu" and tulu["url"] == TULU.links[0]
    assert pangu["keywords"] == "reading, LLM" and pangu["year"] == "2023"
    assert pangu["eprint"] == "2303.10845"
    assert _unlatex(pangu["note"]) == "Compare with **TÜLU 3**. - sparse - big"
    assert _unlatex(special["keywords"]) == "odd & 100%"
    assert "year" not in special.fields_dict
    assert text.count("{") == text.count("}")  # balanced for classic BibTeX too


def test_bibtex_escapes_every_latex_special_character(items: list) -> None:
    text = render(items, "bib")
    title_line = next(line for line in text.splitlines() if "50" in line and "title" in line)
    body = title_line.split("= {", 1)[1].removesuffix("},")
    for escape in ("textbackslash", "textbraceleft", "textbraceright", "textasciitilde", "textasciicircum"):
        assert f"\\{escape}{{}}" in body
        body = body.replace(f"\\{escape}{{}}", "")
    for char in "&%$#_":
        assert f"\\{char}" in body
        body = body.replace(f"\\{char}", "")
    assert not set(body) & set("&%$#_{}~^\\")  # nothing special is left unescaped


def test_citation_keys_are_disambiguated_a_b_c() -> None:
    title = "Attention is all you need"
    papers = [Paper(id=str(i), key="k", title=title, date="2017-06-12") for i in range(4)]
    assert citation_keys(papers) == ["attention2017", "attention2017a", "attention2017b", "attention2017c"]
    untitled = Paper(id="u", key="u", title="Σ")
    assert citation_keys([untitled]) == ["paper"]


def test_ris_has_one_record_per_paper_with_links_keywords_and_note(items: list) -> None:
    text = render(items, "ris")
    assert "\n" not in text.replace("\r\n", "")  # CRLF throughout
    records = [r for r in text.split("ER  - \r\n") if r.strip()]
    assert len(records) == 4
    first = records[0].strip("\r\n").split("\r\n")
    assert first[0] == "TY  - GEN"
    assert f"TI  - {PANGU.title}" in first
    assert "UR  - https://github.com/huawei/pangu" in first
    assert "UR  - https://arxiv.org/abs/2303.10845" in first
    assert "KW  - reading" in first and "KW  - LLM" in first
    assert "N1  - Compare with **TÜLU 3**. - sparse - big" in first
    assert "PY  - 2023" in first and "DA  - 2023/03/20/" in first
    assert "AB  - A sparse model. Second line of the abstract." in first
    lines = [line for r in records for line in r.strip().split("\r\n")]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)


# -- the fields structured sources bring -----------------------------------------------------------------------
EIGHT = (
    "Jörg Müller",
    "Lovelace, Ada",
    "The Lantern and Lamp Consortium",
    "Grace Hopper",
    "D. E. Knuth",
    "F",
    "G",
    "H",
)
ARXIV = Paper(
    id="ax1",
    key="sparse lantern",
    title="Sparse Lantern Attention",
    abstract="Lights up the few tokens a query needs.",
    authors=EIGHT,
    arxiv_id="2401.01234",
    arxiv_version=2,
    categories=("cs.CL", "cs.LG"),
    doi="10.48550/arXiv.2401.01234",
    comment="ACL 2024",
    journal_ref="Proc. ACL 2024",
    first_version="2024-01-02",
    sources=("hf-page", "arxiv-atom"),
)
OLD_STYLE = Paper(id="ax2", key="old", title="An Old Paper", arxiv_id="cs/9912001", authors=("Ann Old",))


@pytest.fixture
def arxiv_items() -> list[tuple[Paper, UserRecord]]:
    return [(ARXIV, UserRecord("ax1", tags=("to-read",))), (OLD_STYLE, UserRecord("ax2")), (TULU, UserRecord("tl3"))]


def test_bibtex_writes_arxiv_fields_authors_and_doi_that_parse_back(arxiv_items: list) -> None:
    text = render(arxiv_items, "bib")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    lantern, old, tulu = library.entries
    assert lantern["eprint"] == "2401.01234" and lantern["archivePrefix"] == "arXiv"
    assert lantern["primaryClass"] == "cs.CL" and lantern["doi"] == "10.48550/arXiv.2401.01234"
    assert lantern["url"] == "https://arxiv.org/abs/2401.01234"
    names = [n.strip() for n in lantern["author"].split(" and ")]
    assert names[0] == "Jörg Müller" and names[1] == "Lovelace, Ada" and names[-1] == "H"
    assert "{The Lantern and Lamp Consortium}" in lantern["author"]
    assert lantern.key == "sparse2024" and lantern["year"] == "2024"  # the first version's year without a date
    assert (old["eprint"], old["archivePrefix"], old["author"]) == ("cs/9912001", "arXiv", "Ann Old")
    assert "primaryClass" not in old.fields_dict and "doi" not in old.fields_dict
    assert "eprint" not in tulu.fields_dict and "author" not in tulu.fields_dict
    assert text.count("{") == text.count("}")


def test_bibtex_author_names_are_split_by_a_bibtex_parser_into_the_same_people(arxiv_items: list) -> None:
    from bibtexparser import middlewares as m

    library = bibtexparser.parse_string(render(arxiv_items[:1], "bib"), append_middleware=[m.SeparateCoAuthors()])
    assert library.entries[0]["author"] == [
        "Jörg Müller", "Lovelace, Ada", "{The Lantern and Lamp Consortium}", "Grace Hopper", "D. E. Knuth",
        "F", "G", "H",
    ]  # fmt: skip


def test_ris_writes_an_au_line_per_author_the_doi_and_the_arxiv_id(arxiv_items: list) -> None:
    records = [r for r in render(arxiv_items, "ris").split("ER  - \r\n") if r.strip()]
    lantern = records[0].strip("\r\n").split("\r\n")
    assert [line[6:] for line in lantern if line.startswith("AU  - ")] == list(EIGHT)
    assert "DO  - 10.48550/arXiv.2401.01234" in lantern
    assert "UR  - https://arxiv.org/abs/2401.01234" in lantern and "AN  - arXiv:2401.01234" in lantern
    assert "PY  - 2024" in lantern
    old = records[1].strip("\r\n").split("\r\n")
    assert "AU  - Ann Old" in old and "UR  - https://arxiv.org/abs/cs/9912001" in old
    assert not any(line.startswith(("AU", "DO", "AN")) for line in records[2].split("\r\n"))


def test_pangu_arxiv_link_is_not_written_twice_in_ris(items: list) -> None:
    first = render(items[:1], "ris").split("\r\n")
    assert first.count("UR  - https://arxiv.org/abs/2303.10845") == 1 and "AN  - arXiv:2303.10845" in first


def test_json_and_csv_carry_the_structured_fields(arxiv_items: list) -> None:
    entry = json.loads(render(arxiv_items, "json"))[0]
    assert entry["authors"] == list(EIGHT) and entry["categories"] == ["cs.CL", "cs.LG"]
    assert (entry["arxiv_id"], entry["arxiv_version"], entry["doi"]) == ("2401.01234", 2, ARXIV.doi)
    assert (entry["comment"], entry["journal_ref"], entry["first_version"]) == (
        "ACL 2024",
        "Proc. ACL 2024",
        "2024-01-02",
    )
    assert entry["sources"] == ["hf-page", "arxiv-atom"]
    row = next(csv.DictReader(io.StringIO(render(arxiv_items, "csv"), newline="")))
    assert (
        row["authors"] == "; ".join(EIGHT) and row["arxiv_id"] == "2401.01234" and row["categories"] == "cs.CL; cs.LG"
    )


def test_markdown_lists_the_authors_shortened_and_links_the_arxiv_page(arxiv_items: list) -> None:
    text = render(arxiv_items, "md")
    assert (
        "  - Authors: Jörg Müller, Lovelace, Ada, The Lantern and Lamp Consortium, Grace Hopper, D. E. Knuth, F "
        "et al. (8 authors)" in text
    )
    assert r"  - arXiv:2401.01234 \[cs.CL\]: <https://arxiv.org/abs/2401.01234>" in text
    assert "  - Authors: Ann Old" in text and "<https://arxiv.org/abs/cs/9912001>" in text
