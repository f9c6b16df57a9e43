"""A word typed with a star after it is the beginning of the words meant."""

from __future__ import annotations

import pytest

from indexer import Entry, Paragraph, SearchService, Section
from indexer.build import build_index


def section_ids(results) -> list[str]:
    return [hit.section_id for hit in results.results]


def test_a_starred_word_finds_the_words_it_begins(service):
    # "colch" is no word of the texts: it was searched as typed, or
    # corrected, and found nothing about colchicine.
    found = service.search("colch*")
    assert section_ids(found)[0] == "gout_Sec3"
    assert found.expansions == {"colch*": ["colchicine"]}
    assert found.did_you_mean is None  # a beginning is no misspelling
    assert "<mark>Colchicine</mark>" in found.results[0].snippet
    # Beside other words, and with a minus: one concept among the others.
    assert section_ids(service.search("cryo* -colchicine"))[0] == "tumor-ablation_Sec2"


@pytest.mark.parametrize(
    "query",
    [
        "co*",  # too short: two letters begin too many words
        "colch*ine",  # a star inside a word
        "xyzzy*",  # no word begins so
    ],
)
def test_what_is_no_beginning_is_searched_as_before(service, query):
    assert not service.search(query).expansions


def test_a_beginning_stands_for_words_not_stop_words(corpus_service):
    # "there" and "these" begin so too, and are commoner than "therapy":
    # they were listed as searched, and `the*` alone found nothing.
    for query in ("ther*", "the*"):
        found = corpus_service.search(query)
        assert found.expansions == {query: ["therapy"]}
        assert found.results
        assert all("<mark>therapy</mark>" in h.snippet.lower() for h in found.results)


def test_exact_search_reads_no_beginning(service):
    found = service.search("colch*", exact=True)
    assert not found.expansions and not found.results


def test_the_words_a_beginning_stands_for_weigh_alike(tmp_path):
    # Priced by their own rarity, the rarest word a beginning stands for
    # led: `osteo*` listed osteopetrosis (a hundred texts) before
    # osteoporosis (four hundred). Two sections alike but for the word.
    def entry(n: int, text: str) -> Entry:
        return Entry(
            f"e{n}",
            f"Note {n}",
            (),
            (Section(f"e{n}_Sec1", "Summary", 1, (Paragraph(text),)),),
        )

    entries = [
        entry(1, "Osteoporosis thins the bones."),
        entry(2, "Osteopetrosis thins the bones."),
    ]
    entries += [entry(n, "Osteoporosis is common in old age.") for n in range(3, 12)]
    entries += [entry(n, "Osteopetrosis is rare.") for n in range(12, 14)]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        found = service.search("osteop*", per_page=50)
        assert found.expansions == {"osteop*": ["osteoporosis", "osteopetrosis"]}
        scores = {hit.section_id: hit.score for hit in found.results}
        assert scores["e1_Sec1"] == pytest.approx(scores["e2_Sec1"])
        # Typed whole, the rarer word is still the rarer.
        rare = service.search("osteopetrosis thins").results[0]
        common = service.search("osteoporosis thins").results[0]
        assert rare.score > common.score
