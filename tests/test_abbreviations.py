"""Codes the texts spell out: "nph" finds normal pressure hydrocephalus.

No entry lists NPH among its names here; one text defines it. Assertions
are on order and on what the user is told, never on scores.
"""

from __future__ import annotations

import pytest

from .builders import make_entry, searching

ENTRIES = [
    make_entry(
        "nph",
        "Normal pressure hydrocephalus",
        [],
        Summary="Normal pressure hydrocephalus (NPH) is a build-up of fluid in "
        "the brain that causes walking problems and memory loss.",
        Treatment="A shunt drains the fluid; walking often improves.",
    ),
    make_entry(
        "falls",
        "Falls in older adults",
        [],
        Summary="Walking problems lead to falls. Some people with NPH fall "
        "often; exercise classes help with balance and walking.",
    ),
    make_entry(
        "balance",
        "Balance problems",
        [],
        Summary="Exercise and walking classes train balance; support groups "
        "share advice on exercise.",
    ),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with searching(tmp_path_factory.mktemp("abbreviations"), ENTRIES) as service:
        yield service


def test_a_code_is_also_searched_as_what_a_text_says_it_means(service):
    found = service.search("nph")
    assert found.results[0].entry_id == "nph"
    assert found.expansions == {"nph": ["normal pressure hydrocephalus"]}


def test_a_code_in_small_letters_in_a_question_is_spelt_out(service):
    found = service.search("how is nph treated")
    assert found.expansions == {"nph": ["normal pressure hydrocephalus"]}
    assert (found.results[0].entry_id, found.results[0].section) == (
        "nph",
        "Treatment",
    )


def test_exact_search_does_not_spell_codes_out(service):
    found = service.search("nph", exact=True)
    assert found.expansions == {}
    # Only the texts that write the code match it.
    assert {h.entry_id for h in found.results} == {"nph", "falls"}


@pytest.mark.parametrize(
    "code, text",
    [
        ("ED", "erectile dysfunction (ED) and (EDs), not (ED visits) or (EDS)"),
        ("NPH", "normal pressure hydrocephalus ( NPH ) ((NPH)) (NPH"),
        ("AS", "(ASs) (AS s) (ASS) (as)"),
        ("CO2", "carbon dioxide (CO2), (CO2s)"),
    ],
)
def test_a_code_is_found_in_brackets_as_its_own_pattern_finds_it(code, text):
    """One pattern for every code finds what a pattern per code found."""
    import re

    from indexer.abbreviations import _marked

    own = re.compile(rf"\(\s*{re.escape(code)}s?\s*\)")
    assert _marked(code, text) == [m.start() for m in own.finditer(text)]
