"""What the speller does not "correct": a word a letter more or less than
a code, or a word people write every day, is more often a word the texts
lack than a typo.

Small hand-written entries; assertions on what the user is told and on
order, never on scores.
"""

from __future__ import annotations

import pytest

from indexer import spelling

from .builders import make_entry, searching

ENTRIES = [
    make_entry(
        "cvid",
        "Common variable immunodeficiency",
        ["CVID"],
        Summary="Common variable immunodeficiency (CVID) lowers the antibodies "
        "that fight infections. People with CVID get infections of the lungs, "
        "sinuses and ears again and again.",
        Treatment="Antibodies given each month prevent most CVID infections.",
    ),
    make_entry(
        "copd",
        "COPD",
        ["Chronic obstructive pulmonary disease"],
        Summary="COPD is a lung disease that makes breathing hard. Smoking "
        "causes most COPD; COPD gets worse over time.",
    ),
    make_entry(
        "flu",
        "Flu",
        ["Influenza"],
        Summary="The flu is a virus infection of the nose, throat and lungs. "
        "Flu symptoms include fever, cough and sore throat.",
        Prevention="A flu vaccine each year is the best way to prevent the flu.",
    ),
    make_entry(
        "heart-attack",
        "Heart attack",
        ["Myocardial infarction"],
        Summary="A heart attack happens when blood flow to the heart stops.",
    ),
    make_entry(
        "glucose-test",
        "Blood sugar test",
        [],
        Summary="The test is done after fasting for eight hours; fasting "
        "means no food or drink but water.",
    ),
    make_entry(
        "gout",
        "Gout",
        [],
        Summary="Gout is a painful swelling of a joint, most often the big "
        "toe, when uric acid builds up in the blood.",
    ),
    make_entry(
        "aneurysm",
        "Aneurysm",
        [],
        Summary="An aneurysm is a bulge in the wall of an artery. A large "
        "aneurysm may burst.",
    ),
    make_entry(
        "burnett",
        "Burnett syndrome",
        [],
        Summary="Burnett syndrome is too much calcium from milk and antacids.",
        Symptoms="Symptoms of Burnett syndrome are thirst and tiredness.",
    ),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with searching(tmp_path_factory.mktemp("spelling-limits"), ENTRIES) as service:
        yield service


def test_a_word_a_letter_off_a_code_is_not_read_as_the_code(service):
    # "covid" is one letter more than CVID, which the texts write only in
    # capitals: a word they lack, not a typo of the code.
    found = service.search("covid vaccine")
    assert found.did_you_mean is None
    assert "cvid" not in {h.entry_id for h in found.results}
    assert found.results[0].entry_id == "flu"  # "vaccine" still searched
    # The page says it matches the other words only.
    assert any('"covid"' in notice for notice in found.notices)
    assert service.search("covid").total == 0
    assert not service.search("flu vaccine").notices


def test_a_code_with_two_letters_swapped_is_corrected(service):
    # A code is copied; its letters slip out of order.
    found = service.search("cpod")
    assert found.did_you_mean == "copd"
    assert found.results[0].entry_id == "copd"


def test_ordinary_typos_are_still_corrected(service):
    assert service.search("gotu").did_you_mean == "gout"
    assert service.search("influensa").results[0].entry_id == "flu"


def test_an_everyday_word_the_texts_lack_is_searched_as_typed(service):
    # "farting" is one letter off "fasting", which the texts write; people
    # write it every day, so it may be a word the index lacks: searched as
    # typed, the spelling near it only offered.
    found = service.search("farting")
    assert found.total == 0
    assert found.did_you_mean == "fasting" and found.showing is None
    found = service.search("farting blood test")
    assert found.did_you_mean == "fasting blood test"
    assert any('"farting"' in notice for notice in found.notices)
    # The offer is what a click on "did you mean" searches.
    assert service.search("fasting blood test").results[0].entry_id == "glucose-test"


def test_an_everyday_spelling_of_a_word_of_the_texts_is_that_word(service):
    # "aneurism" is in everyday dictionaries too, but it sounds as the
    # texts' "aneurysm" does: another spelling of that word, searched as
    # it ("farting" sounds unlike "fasting": another word, only offered).
    # It was only offered, and the page was empty.
    found = service.search("aneurism")
    assert found.showing == "aneurysm"
    assert found.results[0].entry_id == "aneurysm"
    found = service.search("large aneurism")
    assert found.did_you_mean == "large aneurysm"
    assert found.results[0].entry_id == "aneurysm"
    assert not found.notices  # no word left unmatched


def test_an_everyday_word_two_letters_off_a_name_that_sounds_alike_is_kept(service):
    # "burnout" sounds as "burnett" does, but two letters off it is another
    # word: searched as typed (it named *Burnett syndrome*). Nor is it
    # offered: two slips off, and no text writes "burnett symptoms" (it
    # was, before a word beside it had to say so).
    found = service.search("burnout symptoms")
    assert found.showing is None
    assert found.did_you_mean is None
    plan = service.plan("burnout symptoms")
    assert not any(c.entries for c in plan.concepts)
    assert any('"burnout"' in notice for notice in found.notices)


def test_an_everyday_word_is_corrected_where_that_makes_a_name(service):
    # "hart" is a word too (a deer), but "heart attack" is a name.
    found = service.search("hart attack")
    assert found.did_you_mean == "heart attack"
    assert found.results[0].entry_id == "heart-attack"


def test_without_the_everyday_list_spelling_works_as_before(monkeypatch):
    # A broken install of the list's package must not fail searches.
    def missing():
        raise ImportError("no spellchecker")

    monkeypatch.setattr(spelling, "_read_everyday", missing)
    words = spelling.EverydayWords()
    assert "farting" not in words
    speller = spelling.Speller({"fasting": 40}, everyday=words)
    assert speller.correct_word("farting") == "fasting"
