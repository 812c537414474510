"""What a user can find: every form of the query language, ranking, sorting, typing mode, time limits."""

from __future__ import annotations

import pytest

from papertui.index import evaluate
from papertui.index.engine import IndexDoc, PaperIndex, SearchResult
from papertui.model import Paper, UserRecord, title_key


def _paper(pid: str, title: str, abstract: str = "", **kw: object) -> Paper:
    return Paper(id=pid, key=title_key(title), title=title, abstract=abstract, **kw)  # type: ignore[arg-type]


DOCS = [
    IndexDoc(
        _paper(
            "ddpm",
            "Denoising Diffusion Probabilistic Models",
            "We present image synthesis results using diffusion probabilistic models.",
            github=("https://github.com/hojonathanho/diffusion", "https://github.com/other/mirror"),
            date="2020-06-19",
            upvotes=120,
            authors_count=3,
        ),
        UserRecord("ddpm", tags=("Reading",), triage="kept"),
    ),
    IndexDoc(
        _paper(
            "scaling",
            "Scaling Laws for Neural Language Models",
            "The loss scales as a power law with model size, dataset size and compute.",
            date="2020-01-23",
            upvotes=300,
        ),
        UserRecord("scaling", triage="skipped"),
    ),
    IndexDoc(
        _paper(
            "l2l",
            "Learning to Learn by Gradient Descent by Gradient Descent",
            "Optimizers are cast as a trainable recurrent network.",
            date="2016-06-14",
        ),
        UserRecord("l2l", tags=("To Read", "meta"), note="Compare with serendipity experiments."),
    ),
    IndexDoc(
        _paper(
            "pangu",
            "PanGu-Σ: Towards Trillion Parameter Language Model with Sparse Heterogeneous Computing",
            "A sparse trillion parameter model trained on Ascend chips.",
            date="2023-03-20",
            upvotes=7,
        )
    ),
    IndexDoc(
        _paper(
            "tulu",
            "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training",
            "Open recipes for post-training with verifiable rewards.",
            github=("https://github.com/allenai/open-instruct",),
            date="2024-11-22",
            upvotes=50,
        )
    ),
    IndexDoc(
        _paper(
            "flow",
            "Flow Matching for Generative Modeling",
            "Continuous normalizing flows give an alternative to diffusion paths for generative modeling.",
            date_text="Oct 6",
        )
    ),
    IndexDoc(
        _paper(
            "zebra",
            "Pedestrian Detection in Urban Scenes",
            "We build a zebra crossing detector that runs on phones; the zebra crossing detector is small.",
            date="2023-05-01",
            upvotes=2,
        )
    ),
    IndexDoc(
        _paper(
            "zoo",
            "Zebra Stripes and Animal Camouflage",
            "A detector of stripes in the zoo.",
            date="2023-07-07",
        )
    ),
    # The same word once in a title, twice in an abstract: only the title boost puts the first paper ahead.
    IndexDoc(
        _paper(
            "gradtitle",
            "Gradient Surgery for Multi-Task Training",
            "Conflicting task updates are projected to reduce interference between tasks.",
            date="2021-01-01",
        )
    ),
    IndexDoc(
        _paper(
            "gradabs",
            "Multi-Task Projection Methods",
            "Conflicting task updates are projected along the gradient so that each gradient helps.",
            date="2021-01-02",
        )
    ),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> PaperIndex:
    ix = PaperIndex(tmp_path_factory.mktemp("lib") / "index")
    ix.rebuild(DOCS)
    yield ix
    ix.close()


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("diffusion probabilistic", {"ddpm"}),  # AND: "flow" has diffusion but not probabilistic
        ("diffusion", {"ddpm", "flow"}),
        ('"zebra crossing"', {"zebra"}),
        ("diffus*", {"ddpm", "flow"}),
        ("diffusion -generative", {"ddpm"}),
        ("diffusion NOT generative", {"ddpm"}),
        ("zebra OR trillion", {"zebra", "zoo", "pangu"}),
        ("(zebra OR trillion) detector", {"zebra", "zoo"}),
        ("title:zebra", {"zoo"}),
        ("abstract:zebra", {"zebra"}),
        ("note:serendipity", {"l2l"}),
        ("serendipity", {"l2l"}),  # plain words search notes too
        ("meta", {"l2l"}),  # ... and tags
        ("tag:reading", {"ddpm"}),
        ("tag:READING", {"ddpm"}),
        ('tag:"to read"', {"l2l"}),
        ('tag:"TO  READ"', {"l2l"}),
        ("tag:rea*", {"ddpm"}),  # a tag prefix is the start of the whole tag ("to read" starts with "to")
        ("has:code", {"ddpm", "tulu"}),
        ("year:2023", {"pangu", "zebra", "zoo"}),
        ("is:kept", {"ddpm"}),
        ("is:skipped", {"scaling"}),
        ("untagged", {"scaling", "pangu", "tulu", "flow", "zebra", "zoo", "gradtitle", "gradabs"}),
        ("language has:code", {"tulu"}),
        ("language -has:code year:2023", {"pangu"}),
        ("-language -zebra -gradient", {"ddpm", "flow"}),
    ],
)
def test_query_form_finds_exactly_the_matching_papers(index: PaperIndex, query: str, expected: set[str]) -> None:
    result = index.search(query)
    assert set(ids(result)) == expected
    assert result.total == len(expected)
    assert result.hint is None


def test_unseen_includes_papers_the_user_never_touched(index: PaperIndex) -> None:
    found = set(ids(index.search("is:unseen")))
    assert found == {"l2l", "pangu", "tulu", "flow", "zebra", "zoo", "gradtitle", "gradabs"}


def test_words_match_other_forms_of_the_same_word(index: PaperIndex) -> None:
    assert "l2l" in ids(index.search("learned"))
    assert "l2l" in ids(index.search("optimizer"))


@pytest.mark.parametrize(("query", "pid"), [("PanGu-Σ", "pangu"), ("Σ", "pangu"), ("TÜLU 3", "tulu"), ("tulu", "tulu")])
def test_non_ascii_titles_are_searchable(index: PaperIndex, query: str, pid: str) -> None:
    assert ids(index.search(query))[:1] == [pid]


def test_a_word_in_the_title_ranks_above_the_same_word_in_an_abstract(index: PaperIndex) -> None:
    ranked = [i for i in ids(index.search("gradient")) if i in ("gradtitle", "gradabs")]
    assert ranked == ["gradtitle", "gradabs"]


@pytest.mark.parametrize("query", ["zebra crossing detector", '"zebra crossing detector"'])
def test_a_distinctive_abstract_phrase_returns_its_paper_first(index: PaperIndex, query: str) -> None:
    assert ids(index.search(query))[0] == "zebra"


def test_hits_carry_what_a_result_row_shows(index: PaperIndex) -> None:
    (hit,) = index.search("denoising").hits
    assert (hit.id, hit.title, hit.github, hit.has_code) == (
        "ddpm",
        "Denoising Diffusion Probabilistic Models",
        "https://github.com/hojonathanho/diffusion",
        True,
    )
    assert (hit.date, hit.upvotes, hit.authors_count, hit.tags, hit.triage) == (
        "2020-06-19",
        120,
        3,
        ("Reading",),
        "kept",
    )
    assert hit.score > 0
    (flow,) = index.search("flow matching").hits
    assert (flow.date, flow.upvotes, flow.github, flow.has_code, flow.tags) == (
        "Oct 6",
        None,
        None,
        False,
        (),
    )


def test_terms_are_the_positive_words_only(index: PaperIndex) -> None:
    result = index.search('diffus* "zebra crossing" title:flow -survey NOT old tag:reading has:code year:2020')
    assert result.terms == ("diffus*", "zebra", "crossing", "flow")


def test_sort_by_date_is_newest_first_with_unknown_dates_last(index: PaperIndex) -> None:
    result = index.search("diffusion OR language OR zebra", sort="date")
    assert ids(result) == ["tulu", "zoo", "zebra", "pangu", "ddpm", "scaling", "flow"]


def test_sort_by_upvotes_is_most_first_with_unknown_last(index: PaperIndex) -> None:
    result = index.search("diffusion OR language OR zebra", sort="upvotes")
    assert ids(result)[:5] == ["scaling", "ddpm", "tulu", "pangu", "zebra"]
    assert set(ids(result)[5:]) == {"flow", "zoo"}


def test_sort_by_title_is_alphabetical(index: PaperIndex) -> None:
    titles = [hit.title for hit in index.search("diffusion OR language OR zebra", sort="title").hits]
    assert titles == sorted(titles, key=str.casefold)


def test_a_query_of_filters_only_lists_newest_first(index: PaperIndex) -> None:
    assert ids(index.search("year:2023")) == ["zoo", "zebra", "pangu"]


def test_limit_caps_the_hits_but_not_the_total(index: PaperIndex) -> None:
    result = index.search("is:unseen", limit=3)
    assert len(result.hits) == 3
    assert result.total == 8


def test_empty_query_returns_nothing(index: PaperIndex) -> None:
    assert index.search("   ") == SearchResult(hits=(), total=0, terms=(), hint=None, partial=False)


# -- typing mode -------------------------------------------------------------------------------------------


def test_typing_completes_the_last_word_through_its_stem(index: PaperIndex) -> None:
    assert index.search("learni").hits == ()  # not a word
    result = index.search("learni", typing=True)
    assert ids(result) == ["l2l"]
    assert result.terms == ("learni*",)


def test_typing_a_whole_word_finds_it_before_the_space_is_typed(index: PaperIndex) -> None:
    # The stem of "scaling" is "scale": not a prefix of what was typed, yet the word is complete.
    assert ids(index.search("scaling", typing=True)) == ids(index.search("scaling"))
    assert ids(index.search("zebra stripes", typing=True)) == ["zoo"]


def test_typing_a_prefix_of_two_letters_or_more_is_expanded(index: PaperIndex) -> None:
    assert set(ids(index.search("zeb", typing=True))) == {"zebra", "zoo"}
    assert set(ids(index.search("ze", typing=True))) == {"zebra", "zoo"}
    assert set(ids(index.search("tag:rea", typing=True))) == {"ddpm"}
    typed = index.search("diffusion mo", typing=True)  # "mo" → model: narrows to the diffusion models
    assert typed.terms == ("diffusion", "mo*")
    assert set(ids(typed)) <= set(ids(index.search("diffusion")))
    assert all("mod" in h.title.lower() for h in typed.hits)


def test_typing_never_expands_a_one_letter_last_word(index: PaperIndex) -> None:
    plain = index.search("diffusion")
    typed = index.search("diffusion m", typing=True)  # one letter would expand to anything: it is left out
    assert ids(typed) == ids(plain)
    assert typed.terms == ("diffusion",)
    alone = index.search("z", typing=True)  # alone it is searched as a whole word
    assert alone.hits == () and alone.terms == ("z",)


def test_typing_does_not_scold_an_unfinished_query(index: PaperIndex) -> None:
    for text in ('"zebra cross', "(zebra OR", "zebra -", "tag:", "is:ke", "year:20"):
        assert index.search(text, typing=True).hint is None, text
    assert index.search("is:ke", typing=True).total == 1  # a unique beginning already filters


# -- hints and hostile input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '"zebra crossing',
        "(zebra OR trillion",
        "zebra)",
        "*",
        "z*",
        "title:",
        "tag:",
        "NOT",
        "zebra OR",
        "is:maybe",
        "has:pdf",
        "year:23",
        "colour:red zebra",
    ],
)
def test_a_query_that_is_not_understood_gets_a_gentle_hint(index: PaperIndex, query: str) -> None:
    result = index.search(query)
    assert result.hint is not None
    assert "\n" not in result.hint


def test_best_effort_results_come_with_the_hint(index: PaperIndex) -> None:
    result = index.search('zebra "crossing detector')
    assert ids(result) == ["zebra"] and result.hint
    assert set(ids(index.search("(zebra OR trillion"))) == {"zebra", "zoo", "pangu"}


def test_a_huge_pasted_query_is_cut_with_a_hint(index: PaperIndex) -> None:
    result = index.search("zebra " + "x" * 10_000)
    assert result.hint and "long" in result.hint
    assert ids(index.search("zebra " * 2_000)) == ids(index.search("zebra"))


def test_control_characters_are_treated_as_spaces(index: PaperIndex) -> None:
    assert ids(index.search("zebra\x00crossing\x1b\tdetector\r\n")) == ["zebra"]


def test_unknown_sort_falls_back_to_relevance_with_a_hint(index: PaperIndex) -> None:
    result = index.search("zebra", sort="sideways")
    assert result.hint and set(ids(result)) == {"zebra", "zoo"}


# -- time limit --------------------------------------------------------------------------------------------


def test_a_search_cut_by_the_time_limit_returns_partial_hits(
    index: PaperIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limit stops the checks of word order and fields (the slow part); a clock that jumps an hour at
    # every reading makes it run out after the first paper checked, whatever the machine's speed.
    query = "abstract:diffusion"
    assert index.search(query, time_limit_s=5.0).partial is False
    assert len(index.search(query).hits) == 2
    ticks = iter(range(0, 10**6, 3600))
    monkeypatch.setattr(evaluate, "clock", lambda: float(next(ticks)))
    result = index.search(query, time_limit_s=5.0)
    assert result.partial is True
    assert 1 <= len(result.hits) < 2
    assert result.total_is_estimate  # the papers left unchecked were not counted


def test_search_works_from_another_thread(index: PaperIndex) -> None:
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda q: ids(index.search(q, time_limit_s=5.0)), ["zebra", "diffusion"] * 4))
    assert results[0] and all(r == results[i % 2] for i, r in enumerate(results))
