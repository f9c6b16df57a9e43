"""Analyzers compared by their token texts, without building an index."""

from __future__ import annotations

import pytest

from indexer.analysis import (
    STOP_WORDS,
    MedicalStemFilter,
    MedicalTokenizer,
    medical_analyzer,
)


def texts(value: str, **kwargs) -> list[str]:
    return [t.text for t in medical_analyzer()(value, **kwargs)]


def query_texts(value: str) -> list[str]:
    return texts(value, mode="query")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ablations", "ablation"),
        ("Ablation", "ablation"),
        ("tumors", "tumor"),
        ("treatments", "treatment"),
        ("stones", "stone"),
        ("Ménière", "meniere"),
        ("ÉCHOGRAPHIE", "echographie"),
        ("naïve", "naive"),
        ("the liver and the kidney", "liver kidney"),
    ],
)
def test_same_tokens(a: str, b: str):
    assert texts(a) == texts(b)
    assert texts(a)  # never vacuously equal


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("HbA1c", "hba1"),
        ("COVID-19", "COVID-18"),
        ("ablation", "abrasion"),
        # An inflammation is not its organ: Porter took "-itis" for "-ity".
        ("prostatitis", "prostate"),
        ("hepatitis", "hepatic"),
        ("enteritis", "enter"),
    ],
)
def test_different_tokens(a: str, b: str):
    assert texts(a) != texts(b)


def test_stemming_joins_plural_and_singular():
    assert texts("ablations") == texts("ablation") == ["ablat"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("HbA1c", ["hba1c"]),
        ("IgG", ["igg"]),  # three letters: too short to stem
        ("gas", ["gas"]),
        ("1.5", ["1.5", "1", "5"]),
        # All-capitals codes also get a case-marked twin, and are not stemmed.
        ("BRCA1", ["brca1", "^brca1"]),
        ("AIDS", ["aids", "^aids"]),
    ],
)
def test_codes_numbers_and_short_words_are_not_stemmed(value, expected):
    assert texts(value) == expected


def test_capitals_in_a_query_mean_the_code():
    # "AIDS" must not find "hearing aids"; lowercase words still stem.
    assert query_texts("AIDS hearing aids") == ["^aids", "hear", "aid"]
    assert texts("aids") == ["aid"]


def test_compound_kept_whole_and_split_at_index_time():
    assert texts("COVID-19") == ["covid-19", "covid", "19"]


def test_compound_kept_whole_at_query_time():
    assert query_texts("COVID-19") == ["covid-19"]
    assert query_texts("HbA1c") == ["hba1c"]


def test_compound_parts_take_consecutive_positions():
    tokens = [
        (t.text, t.pos) for t in medical_analyzer()("covid-19 test", positions=True)
    ]
    assert tokens == [("covid-19", 0), ("covid", 0), ("19", 1), ("test", 2)]


def test_stop_words_dropped_without_position_gaps():
    tokens = [
        (t.text, t.pos)
        for t in medical_analyzer()("the liver of the patient", positions=True)
    ]
    assert tokens == [("liver", 0), ("patient", 1)]


@pytest.mark.parametrize("word", ["the", "and", "or", "not", "of", "with", "AND"])
def test_stop_words_give_no_tokens(word: str):
    assert texts(word) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Crohn's disease", "Crohn disease"),
        ("Sjögren\u2019s syndrome", "Sjogren syndrome"),
        ("CROHN'S", "crohn"),
        ("they're tired, I'm tired", "tired tired"),
    ],
)
def test_a_possessive_or_contraction_is_its_word(a: str, b: str):
    """The clitic is no word: split off, every possessive's "s" was one
    term that over a fifth of MedQuAD's sections hold."""
    assert texts(a) == texts(b)
    assert query_texts(a) == query_texts(b)
    assert texts(a)  # never vacuously equal


@pytest.mark.parametrize("word", ["doesn't", "can't", "won\u2019t", "ISN'T"])
def test_a_negated_auxiliary_gives_no_tokens(word: str):
    assert texts(word) == []
    assert query_texts(word) == []


def test_a_clitic_takes_no_position():
    tokens = [
        (t.text, t.pos)
        for t in medical_analyzer()("Crohn's disease isn't rare", positions=True)
    ]
    assert tokens == [("crohn", 0), ("diseas", 1), ("rare", 2)]


def test_an_apostrophe_inside_a_word_still_splits_it():
    assert texts("O'Brien") == ["o", "brien"]


def test_stop_list_keeps_medical_words():
    for word in ("liver", "pain", "blood", "cancer", "test"):
        assert word not in STOP_WORDS


def test_character_offsets_point_into_the_original_text():
    value = "Ménière disease"
    # Whoosh reuses one Token object, so read each one as it comes.
    spans = [
        value[t.startchar : t.endchar] for t in medical_analyzer()(value, chars=True)
    ]
    assert spans == ["Ménière", "disease"]


def test_a_respelling_is_not_indexed_and_the_words_around_keep_their_places():
    value = "Aspiration (as-pih-RA-shun) hurts; an anti-CCP test (anti-CCP) too"
    indexed = [
        (t.text, t.pos, value[t.startchar : t.endchar])
        for t in medical_analyzer()(value, positions=True, chars=True)
    ]
    assert [text for text, _, _ in indexed][:3] == ["aspir", "hurt", "anti-ccp"]
    assert ("aspir", 0, "Aspiration") in indexed and ("hurt", 1, "hurts") in indexed
    # A code and a word joined is a term, not a respelling.
    assert [text for text, _, _ in indexed].count("ccp") == 2
    # A query says what the person typed.
    assert query_texts("as-pih-RA-shun") == ["as-pih-ra-shun"]


def test_punctuation_is_not_a_token():
    assert texts("liver, (kidney); stones!") == texts("liver kidney stones")
    assert texts('<script>alert(1)</script> & "x"') == [
        "script",
        "alert",
        "1",
        "script",
        "x",
    ]


def test_filters_compose_as_a_pipeline():
    analyzer = MedicalTokenizer() | MedicalStemFilter()
    assert [t.text for t in analyzer("Tumors")] == texts("Tumors")
    assert [t.text for t in MedicalTokenizer()("Tumors")] == ["tumors"]
