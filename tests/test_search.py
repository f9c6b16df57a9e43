"""SearchService: ranking, parsing, filters, collapsing, pages and snippets.

The tiny entries (see conftest) are built so the right order is obvious;
the corpus tests check the queries the project was made for.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from indexer import EntryNotFound, SearchResults, SearchService
from indexer.errors import UnknownFilter
from indexer.request import MAX_PER_PAGE, SearchRequest
from indexer.understanding import MAX_CONCEPTS


def entry_ids(results: SearchResults) -> list[str]:
    return [hit.entry_id for hit in results.results]


def section_ids(results: SearchResults) -> list[str]:
    return [hit.section_id for hit in results.results]


GOUT2 = ["gout", "gout"]
STONES2 = ["kidney-stones", "kidney-stones"]
ABLATION2 = ["tumor-ablation", "tumor-ablation"]
MENIERE2 = ["meniere-disease", "meniere-disease"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # words, case and punctuation
        ("gout", GOUT2),
        ("GOUT", GOUT2),  # capitals that are no code in the index are a word
        ("HBA1C", ["meniere-disease"]),
        ("gout!", GOUT2),
        ("Gout?", GOUT2),
        ("colchicine.", ["gout"]),
        ("kidney", STONES2),
        # stems
        ("ablations", ABLATION2),
        ("stone", STONES2),
        ("microwaves", ["tumor-ablation"]),
        ("hearing tests", ["meniere-disease", "markup"]),  # "test" entry
        # alternative names
        ("podagra", GOUT2),
        ("gouty arthritis", GOUT2),
        ("renal calculi", STONES2),
        ("Nephrolithiasis", STONES2),
        ("endolymphatic hydrops", MENIERE2),
        ("thermal", ABLATION2),
        # non-ASCII
        ("Ménière", MENIERE2),
        ("meniere", MENIERE2),
        ("MÉNIÈRE", MENIERE2),
        ("痛风", []),
        ("😀 gout", GOUT2),
        # codes stay whole and still match
        ("HbA1c", ["meniere-disease"]),
        ("hba1c", ["meniere-disease"]),
        ("COVID-19", ["meniere-disease"]),
        ("covid", ["meniere-disease"]),
        ("a1c", []),
        # phrases
        ('"big toe"', ["gout"]),
        ('"toe big"', []),
        ("'big toe'", ["gout"]),
        ('"gout flare"', ["gout"]),
        ('"uric acid"', ["kidney-stones", "gout"]),
        # sections with every word come first, then those with some
        ("gout toe", GOUT2),
        ("tumor ablation", [*ABLATION2, "gout"]),
        ("vertigo tinnitus", ["meniere-disease"]),
        ("kidney stones gout", [*STONES2, *GOUT2]),
        ("calculus", STONES2),  # shown for the spelling "calculi"
        ("zebrafish", []),
        # empty
        ("", []),
        ("   ", []),
        ("\t\n", []),
        # operator words
        ("AND", []),
        ("OR", []),
        ("NOT", []),
        ("gout AND toe", ["gout"]),
        ("gout and toe", GOUT2),  # lowercase "and" is a stop word
        ("gout OR", GOUT2),
        ("OR gout", GOUT2),
        ("gout NOT", GOUT2),
        ("gout NOT colchicine", GOUT2),
        ("gout AND NOT toe", GOUT2),
        ("NOT NOT gout", GOUT2),
        # unbalanced quotes and brackets, and syntax that is switched off
        ('"gout', GOUT2),
        ('gout"', GOUT2),
        ("gout'", GOUT2),
        ('"', []),
        ("(gout", GOUT2),
        ("gout)", GOUT2),
        ("(((", []),
        ("[gout", GOUT2),
        ("{gout}", GOUT2),
        ("gout*", GOUT2),
        ("gout~2", GOUT2),
        ("gout^3", GOUT2),
        ("title:gout", GOUT2),
        ("<script>", ["markup"]),
        ("&", []),
        # the empty section has nothing to find
        ("symptoms", []),
        # a word in one section's body ranks below the entries named by it
        ("tumor", [*ABLATION2, "gout"]),
        ("disease", [*MENIERE2, "gout"]),
        # a question: filler words go, the rest ranks
        ("how is gout treated", [*GOUT2, "tumor-ablation"]),
        ("what causes kidney stones", [*STONES2, "meniere-disease", "gout"]),
    ],
)
def test_query_finds_entries_in_order(service, query, expected):
    # A strict cap of two: these cases are about reading the query, and an
    # entry the query names would otherwise list all its sections.
    assert entry_ids(service.search(query, per_entry=2)) == expected


@pytest.mark.parametrize(
    ("query", "excluded"),
    [
        ("NOT gout", {"gout_Sec1", "gout_Sec2", "gout_Sec3"}),
        ("(NOT gout)", {"gout_Sec1", "gout_Sec2", "gout_Sec3"}),
        ('NOT "big toe"', {"gout_Sec1"}),
        ("NOT toe big", set()),  # no section has both: the OR fallback runs
    ],
)
def test_negative_only_query_does_not_raise(service, query, excluded):
    # Whether such a query lists every other section or none is a choice;
    # crashing, or listing what it excludes, is not.
    found = set(section_ids(service.search(query, per_page=50)))
    assert not found & excluded


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("microwave ablation", ["tumor-ablation_Sec2", "tumor-ablation_Sec1"]),
        ("colchicine", ["gout_Sec3"]),
        ('"big toe"', ["gout_Sec1"]),
        ("heat", ["tumor-ablation_Sec1", "tumor-ablation_Sec2"]),
        ("joint", ["gout_Sec3", "gout_Sec1"]),
        ("hearing", ["meniere-disease_Sec2"]),
    ],
)
def test_query_finds_sections_in_order(service, query, expected):
    assert section_ids(service.search(query)) == expected


def test_not_excludes_sections(service):
    results = service.search("gout NOT colchicine")
    assert set(section_ids(results)) == {"gout_Sec1", "gout_Sec2"}
    assert all(hit.more_sections == 0 for hit in results.results)


def test_a_word_typed_with_a_minus_leaves_out_the_sections_that_say_it(service):
    # As search boxes have it. `gout -colchicine` was searched as "gout
    # colchicine": the word meant to be left out ranked its section first.
    found = service.search("gout -colchicine")
    assert set(section_ids(found)) == {"gout_Sec1", "gout_Sec2"}
    assert any("colchicine" in notice for notice in found.notices)
    # With quotes or operators it is a NOT of the query tree, as is a
    # phrase in quotes with a minus (it was required).
    assert "gout_Sec3" not in section_ids(service.search('"gout" -colchicine'))
    assert "gout_Sec1" not in section_ids(service.search('gout -"big toe"'))
    # A hyphen inside a word, a dash alone, a lone minus word and a pasted
    # message's dashes leave nothing out.
    for text in ("covid-19 gout", "gout - colchicine", "-gout"):
        assert service.plan(text).excluded == ()
    message = "my father has gout in his big toe and the pain is bad -colchicine"
    assert service.plan(message).excluded == ()
    # A spelling offered keeps the words left out: its link searches them so.
    found = service.search("kidny stones -colchicine")
    assert found.did_you_mean == "kidney stones -colchicine"


def test_section_that_discusses_the_title_word_ranks_above_one_that_does_not(
    service,
):
    # Every gout section has "gout" in its title; only Treatment's body has it.
    ranked = section_ids(service.search("gout", entry="gout"))
    assert ranked.index("gout_Sec3") < ranked.index("gout_Sec2")


def test_a_bare_name_shows_its_definition_first(service):
    assert section_ids(service.search("gout"))[0] == "gout_Sec1"
    assert section_ids(service.search("kidney stones"))[0] == "kidney-stones_Sec1"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("how is gout treated", "gout_Sec3"),
        ("gout treatment", "gout_Sec3"),
        ("what causes kidney stones", "kidney-stones_Sec2"),
        ("kidney stones causes", "kidney-stones_Sec2"),
        ("meniere disease tests", "meniere-disease_Sec2"),
    ],
)
def test_intent_words_pick_the_section(service, query, first):
    assert section_ids(service.search(query))[0] == first


def test_spelling_suggestion(service):
    results = service.search("kidny stones")
    assert results.did_you_mean == "kidney stones"
    assert service.search("kidney").did_you_mean is None
    # "calculus" is an everyday word, which the texts write in its other
    # number: found so, with no "did you mean".
    results = service.search("calculus")
    assert results.did_you_mean is None
    assert entry_ids(results) == STONES2


def test_no_spelling_suggestion_for_question_words(service):
    # "what" is in no entry of the tiny index; it must not become "that".
    assert service.search("what causes kidney stones").did_you_mean is None


def test_two_sections_per_entry_and_the_rest_counted(service):
    results = service.search("gout", per_entry=2)
    assert entry_ids(results) == GOUT2
    assert len(set(section_ids(results))) == 2
    assert [hit.more_sections for hit in results.results] == [1, 1]
    assert results.total == 2


def test_entry_restriction_shows_every_matching_section(service):
    results = service.search("gout", entry="gout")
    assert sorted(section_ids(results)) == ["gout_Sec1", "gout_Sec2", "gout_Sec3"]
    assert all(hit.more_sections == 0 for hit in results.results)
    assert results.total == 3
    assert service.search("gout", entry="kidney-stones").results == ()


@pytest.mark.parametrize(
    ("query", "section", "expected"),
    [
        ("ablation", "Treatment", ["tumor-ablation_Sec2"]),
        ("ablation", "treatment", ["tumor-ablation_Sec2"]),
        ("ablation", " TREATMENT ", ["tumor-ablation_Sec2"]),
        ("section:treatment ablation", None, ["tumor-ablation_Sec2"]),
        ("ablation section:Treatment", None, ["tumor-ablation_Sec2"]),
        ("SECTION:definition gout", None, ["gout_Sec1"]),
        ('section:"Exams and Tests" hearing', None, ["meniere-disease_Sec2"]),
        ("ablation", "Causes", []),
    ],
)
def test_section_filter(service, query, section, expected):
    assert section_ids(service.search(query, section=section)) == expected


def test_unknown_section_is_an_error_naming_the_known_ones(service):
    with pytest.raises(UnknownFilter) as caught:
        service.search("ablation", section="No such section")
    assert "'No such section'" in str(caught.value)
    assert "Treatment" in caught.value.known
    # Leniently (pages), and typed in the query: a notice, never an empty page.
    for found in (
        service.search("ablation", section="No such section", lenient=True),
        service.search("ablation section:nosuch"),
    ):
        assert found.results and not found.sections
        assert any("No section" in n for n in found.notices)


def test_section_filter_inside_query_is_taken_out_of_the_words(service):
    results = service.search("section:treatment gout")
    assert results.query == "gout"
    assert results.section == "treatment"
    assert section_ids(results) == ["gout_Sec3"]


def test_pages_on_tiny_index(service):
    everything = service.search("gout OR kidney OR ablation OR vertigo", per_page=50)
    assert len(everything.results) == 7
    pages = [
        service.search("gout OR kidney OR ablation OR vertigo", page=n, per_page=3)
        for n in (1, 2, 3, 4)
    ]
    assert [len(p.results) for p in pages] == [3, 3, 1, 0]
    joined = [sid for p in pages for sid in section_ids(p)]
    assert joined == section_ids(everything)
    assert {p.total for p in pages} == {7}
    assert pages[0].pages == 3


@pytest.mark.parametrize(
    ("page_number", "per_page", "expected"),
    [
        (0, 10, (1, 10)),
        (-3, 10, (1, 10)),
        (1, 0, (1, 1)),
        (1, 10_000, (1, MAX_PER_PAGE)),
    ],
)
def test_page_arguments_are_clamped(service, page_number, per_page, expected):
    results = service.search("gout", page=page_number, per_page=per_page)
    assert (results.page, results.per_page) == expected


def test_long_message_is_searched_whole_up_to_the_term_limit(service):
    short = service.search("gout " + " ".join(f"word{n}" for n in range(10)))
    # Nothing left out; the words no section holds are named, eight of them.
    (notice,) = short.notices
    assert notice.startswith('No section holds "word0", "word1", ')
    assert '"word7" and 2 more;' in notice
    assert short.results[0].title == "Gout"


def test_a_message_over_the_term_limit_keeps_its_topic_not_its_first_words(service):
    # The topic comes last, after more words than one search weighs: kept
    # by the first words alone, "gout" would be the one left out.
    chatter = [f"word{n}" for n in range(MAX_CONCEPTS + 8)]
    found = service.search(" ".join([*chatter, "gout"]))
    assert found.results and found.results[0].title == "Gout"
    notice = " ".join(found.notices)
    assert f"Searched the {MAX_CONCEPTS} terms" in notice
    assert "left out: word" in notice and "gout" not in notice
    plan = service.plan(" ".join([*chatter, "gout"]))
    assert len(plan.concepts) == MAX_CONCEPTS
    assert plan.concepts[-1].label == "gout"  # the message's order kept


def test_quotes_and_operators_in_a_long_message_are_words(service):
    # As syntax, NOT would drop the Treatment section; in a message it is text.
    message = (
        'my father has "gout" in his big toe and the doctor said NOT to stop '
        "taking colchicine every day is that right"
    )
    assert "gout_Sec3" in section_ids(service.search(message))
    assert "gout_Sec3" not in section_ids(service.search("gout NOT colchicine"))


def test_or_finds_either_word(service):
    assert set(entry_ids(service.search("gout OR vertigo"))) == {
        "gout",
        "meniere-disease",
    }


@pytest.mark.parametrize(
    "query",
    [
        "x" * 20_000,
        "gout " * 5_000,
        "\x00gout\x07\x1b[31m",
        "gout\u200b",
        "𝔤𝔬𝔲𝔱",
        "ＧＯＵＴ",
        "((((((((((gout",
        '"""""',
        "AND OR NOT AND OR",
        "section:",
        'section:"',
        "section:(((",
        "\\",
    ],
)
def test_hostile_queries_do_not_raise(service, query):
    results = service.search(query)
    assert results.total >= 0
    json.dumps(results.to_json())


def test_control_characters_are_ignored(service):
    assert section_ids(service.search("\x00gout\x07")) == section_ids(
        service.search("gout")
    )


@pytest.mark.parametrize(
    "smart, plain",
    [
        ("M\u00e9ni\u00e8re\u2019s disease", "M\u00e9ni\u00e8re's disease"),
        ("what\u2019s the treatment for gout", "what's the treatment for gout"),
        ("\u201cmicrowave ablation\u201d", '"microwave ablation"'),
        # Accents as combining marks (pasted), a PDF's ligature, a Unicode
        # hyphen, an invisible soft hyphen.
        ("Me\u0301nie\u0300re disease", "M\u00e9ni\u00e8re disease"),
        ("gout \ufb02are", "gout flare"),
        ("COVID\u201019", "COVID-19"),
        ("gou\u00adt", "gout"),
    ],
)
def test_text_typed_as_phones_and_pasting_type_it_reads_as_a_keyboards(
    service, smart, plain
):
    # Phones type typographic quotes by default: "what’s" searched a lone
    # "s" (and marked it in snippets), a phrase in curly quotes was no
    # phrase; a soft hyphen offered "did you mean" the word it was inside.
    assert service.plan(smart) == service.plan(plain)
    typed, meant = service.search(smart), service.search(plain)
    assert typed.results and typed.results == meant.results
    assert typed.did_you_mean == meant.did_you_mean


# -- snippets ----------------------------------------------------------------

MARK = re.compile(r"<mark[^>]*>(.*?)</mark>", re.IGNORECASE)


def test_snippet_marks_the_query_words(service):
    hit = service.search("microwave ablation").results[0]
    marked = {m.lower() for m in MARK.findall(hit.snippet)}
    assert marked == {"microwave", "ablation"}


def test_snippet_marks_stemmed_forms(service):
    (hit,) = service.search("microwaves").results
    assert MARK.findall(hit.snippet) == ["Microwave"]


def test_snippet_escapes_entry_text(service):
    (hit,) = service.search("alert").results
    assert hit.entry_id == "markup"
    assert "<script" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet
    assert "<mark" in hit.snippet
    # Without the marks, the snippet is the escaped text and nothing more.
    assert MARK.sub(r"\1", hit.snippet).count("<") == 0


def test_snippet_without_body_match_is_escaped_text(service):
    # "markup" matches the title only, so the snippet is the section's opening.
    (hit,) = service.search("markup").results
    assert "<mark" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<script" not in hit.snippet


def test_hit_title_is_plain_text(service):
    (hit,) = service.search("alert").results
    # Titles are text for templates to escape, not HTML.
    assert hit.title == "Markup <script>alert(1)</script> test"


# -- JSON ----------------------------------------------------------------------


REQUIRED = {"query", "total", "page", "per_page", "took_ms", "results"}


def test_results_json_has_the_documented_keys(service):
    # did_you_mean is always present (null without a suggestion), so clients
    # can read it without checking; other extras appear only when set.
    assert set(service.search("microwave ablation").to_json()) == REQUIRED | {
        "did_you_mean",
        "facets",
    }


def test_results_json_shape(service):
    data = service.search("gout").to_json()
    assert REQUIRED <= set(data)
    assert data["query"] == "gout"
    # "gout" names its entry, so all three of its sections are listed.
    assert (data["total"], data["page"], data["per_page"]) == (3, 1, 10)
    assert isinstance(data["took_ms"], float)
    for result in data["results"]:
        assert {
            "entry_id",
            "section_id",
            "title",
            "section",
            "snippet",
            "score",
            "url",
        } <= set(result)
        assert result["url"] == f"/entry/{result['entry_id']}#{result['section_id']}"
        assert result["title"] == "Gout"
    assert json.loads(json.dumps(data)) == data


def test_results_json_names_the_filters(service):
    data = service.search("ablation", section="Treatment", entry="tumor-ablation")
    assert data.to_json()["section"] == "Treatment"
    assert data.to_json()["entry"] == "tumor-ablation"


# -- entries and figures -----------------------------------------------------------


def test_get_entry_keeps_sections_in_order_with_empty_ones(service, entries):
    by_id = {e.entry_id: e for e in entries}
    entry = service.get_entry("kidney-stones")
    assert entry == by_id["kidney-stones"]
    assert [s.name for s in entry.sections] == ["Definition", "Causes", "Symptoms"]
    assert entry.sections[2].is_empty


def test_get_unknown_entry_raises(service):
    with pytest.raises(EntryNotFound, match="nope"):
        service.get_entry("nope")


def test_stats_count_entries_sections_and_names(service, entries):
    assert service.stats() == {
        "entries": len(entries),
        "sections": sum(not s.is_empty for e in entries for s in e.sections),
        "names": sum(len(e.names) for e in entries),
        "segments": 1,
    }


def test_missing_index_is_reported_with_the_command(tmp_path):
    from indexer import IndexNotFound

    service = SearchService(tmp_path / "nothing-here")
    with pytest.raises(IndexNotFound, match="medsearch index"):
        service.search("gout")


# -- the sample corpus -----------------------------------------------------------


def test_microwave_ablation_finds_liver_metastases_treatment(corpus_service):
    first = corpus_service.search("microwave ablation").results[0]
    assert (first.entry_id, first.section) == ("liver-metastases", "Treatment")


def test_alternative_name_finds_its_entry_first(corpus_service):
    results = corpus_service.search("metastatic liver cancer")
    assert results.results[0].entry_id == "liver-metastases"


def test_plural_finds_the_singular(corpus_service):
    ids = entry_ids(corpus_service.search("ablations", per_page=50))
    assert "liver-metastases" in ids
    assert "radiofrequency-ablation" in ids


def test_entry_named_by_the_query_ranks_first(corpus_service):
    # "Radiofrequency ablation" is the only title with the word; other
    # entries merely mention it in one section.
    assert entry_ids(corpus_service.search("ablations"))[:2] == [
        "radiofrequency-ablation",
        "radiofrequency-ablation",
    ]


def test_section_filter_on_corpus(corpus_service):
    results = corpus_service.search("liver", section="Treatment")
    assert len(results.results) >= 3
    assert {hit.section for hit in results.results} == {"Treatment"}
    inline = corpus_service.search("section:treatment liver")
    assert section_ids(inline) == section_ids(results)


def test_at_most_two_sections_per_entry_on_corpus(corpus_service):
    results = corpus_service.search("liver")
    counts: dict[str, int] = {}
    for hit in results.results:
        counts[hit.entry_id] = counts.get(hit.entry_id, 0) + 1
    assert max(counts.values()) == 2
    hit = next(h for h in results.results if h.entry_id == "liver-metastases")
    # The title says "liver", so every non-empty section matches.
    entry = corpus_service.get_entry("liver-metastases")
    non_empty = sum(not s.is_empty for s in entry.sections)
    assert hit.more_sections == non_empty - 2
    inside = corpus_service.search("liver", entry="liver-metastases", per_page=50)
    assert inside.total == non_empty
    assert {h.entry_id for h in inside.results} == {"liver-metastases"}


def test_pages_do_not_overlap_on_corpus(corpus_service):
    one = corpus_service.search("liver", page=1, per_page=5)
    two = corpus_service.search("liver", page=2, per_page=5)
    assert len(one.results) == len(two.results) == 5
    assert not set(section_ids(one)) & set(section_ids(two))
    both = corpus_service.search("liver", page=1, per_page=10)
    assert section_ids(one) + section_ids(two) == section_ids(both)


def test_total_is_the_same_on_every_page(corpus_service):
    seen: list[str] = []
    totals = set()
    for page in range(1, 20):
        results = corpus_service.search("blood", page=page, per_page=10)
        totals.add(results.total)
        if not results.results:
            break
        seen.extend(section_ids(results))
    assert totals == {len(seen)}


def test_total_with_a_section_filter_counts_only_that_section(corpus_service):
    everything = corpus_service.search("pain", section="Symptoms", per_page=50)
    assert 10 <= len(everything.results) < 50  # one page holds them all
    first = corpus_service.search("pain", section="Symptoms", per_page=10)
    assert first.total == len(everything.results)


@pytest.mark.parametrize("query", ["ASTHMA", "GOUT", "STROKE"])
def test_a_title_typed_in_capitals_finds_its_entry(corpus_service, query):
    assert entry_ids(corpus_service.search(query))[:1] == [query.lower()]


@pytest.mark.parametrize("query", ["COPD", "MRI", "RFA", "HbA1c", "A1C"])
def test_codes_typed_in_capitals_find_their_entry(corpus_service, query):
    assert corpus_service.search(query).results


def test_markup_entry_snippet_is_escaped_on_corpus(corpus_service):
    results = corpus_service.search("script")
    assert results.results
    for hit in results.results:
        assert hit.entry_id == "markup-test-entry"
        assert "<script" not in hit.snippet
    assert any("&lt;" in hit.snippet for hit in results.results)


# -- packaging -----------------------------------------------------------------------


def test_indexer_does_not_import_flask():
    code = "import sys, indexer; print('flask' in sys.modules, 'webapp' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_caches_stay_bounded_by_words_the_index_lacks(service):
    # Each unknown word used to be cached at no cost, so never evicted.
    from indexer.ranking import Ranker
    from indexer.tuning import DEFAULT

    with service._reading() as snap:
        ranker = Ranker(
            snap.searcher, snap.segments, max_postings=2_000, max_scored=2_000
        )
        for n in range(3_000):
            ranker.term(f"unknownword{n}", DEFAULT)
        assert ranker._cache.spent <= 2_000 and ranker._terms.spent <= 2_000
        assert len(ranker._cache) < 300 and len(ranker._terms) < 300
        assert ranker.term("gout", DEFAULT)[0].size  # still answers


def test_sums_in_single_precision_pages_in_double(corpus_service):
    # Doubles added into the single-precision sums would take NumPy's slow
    # casting path of ``np.add.at`` (some 25 times slower): every list a
    # query's concepts add up is kept in SCORE_TYPE, and the page's scores
    # are doubles again (the collapse reads their bits as integers).
    from indexer.termscores import SCORE_TYPE
    from indexer.tuning import DEFAULT

    with corpus_service._reading() as snap:
        ranker = snap.ranker
        docs, scores, kind = ranker.term_parts("liver", DEFAULT)
        assert len(docs) and scores.dtype == SCORE_TYPE
        assert kind is None or kind.dtype == SCORE_TYPE
        plan = snap.planner.plan(SearchRequest.clean("metastatic liver cancer"))
        sums = ranker._sums(plan, DEFAULT)
        assert sums.scores.dtype == SCORE_TYPE
        for s, _, _ in sums.scored:
            assert s.scores.dtype == SCORE_TYPE and s.share.dtype == SCORE_TYPE
        found = ranker.score_plan(plan, DEFAULT)
        assert found[1].dtype == np.float64 and len(found[0])
    page = corpus_service.search("metastatic liver cancer")
    assert page.results and page.results[0].entry_id == "liver-metastases"
