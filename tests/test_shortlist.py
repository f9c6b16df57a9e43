"""A pasted message's page, ranked among a shortlist of its candidates, is
the page ranking every match gives: the same hits in the same order with
the same scores, the same counts and facets, the same "also from".

A message's words meet most of an index (at ten MedQuADs 142,000 of 164,000
sections for the median long question), so :meth:`Ranker.rank` ranks it
among its best candidates first and lets in any other that could still
reach the page. These tests shrink the shortlist to a few sections, so that
the small indexes here take that path, and compare every page with the
page of a shortlist longer than the index.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from indexer import ranking
from indexer.ranking import Ranked, _floor
from indexer.search import SearchService
from indexer.tuning import DEFAULT

from .builders import make_entry, other_topics, searching

#: Pasted messages about the sample corpus's topics (more than a dozen words).
MESSAGES = [
    "Hello, my father was told he has liver metastases after his colon cancer "
    "and the doctor talked about microwave ablation. What does that treatment "
    "involve and what is the outlook?",
    "I have had a bad headache on one side for two days with nausea, and light "
    "hurts my eyes. Is this a migraine or something worse like a stroke?",
    "my mother takes ibuprofen every day for her gout and her blood pressure is "
    "high, could the pills be hurting her kidneys or giving her kidney stones",
    "what test do they use to check for type 2 diabetes? my doctor ordered a "
    "hemoglobin a1c test and a complete blood count, what do the results mean",
    "Since the winter I cough all the time, I get short of breath on the stairs "
    "and I smoked for thirty years. Could it be COPD, asthma or pneumonia?",
    # Messages that name nothing: every section of their page competes.
    "I keep waking up at night with a burning feeling and a sour taste, and "
    "lying down makes it worse, what can I do about it",
    "my grandmother fell last winter and broke her wrist and now the doctor "
    "says her bones are thin, what can she take to make them stronger",
    "what are the chances of surviving this, how long does recovery take and "
    "will I need to stay in hospital for the procedure",
]

#: Each message asked with these options too.
OPTIONS = [
    {},
    {"per_entry": "auto"},
    {"per_entry": 1},
    {"page": 2, "per_page": 5},
    {"section": "Treatment"},
]


def pages(folder, queries, options, depth, monkeypatch) -> tuple[list[dict], int]:
    """Every page as JSON with a shortlist of ``depth``, and how many
    shortlists were made."""
    made = []
    shortlist = ranking.Ranker._shortlist

    def counted(self, *args, **kwargs):
        made.append(1)
        return shortlist(self, *args, **kwargs)

    monkeypatch.setattr(ranking, "SHORTLIST", depth)
    monkeypatch.setattr(ranking.Ranker, "_shortlist", counted)
    out = []
    with SearchService(folder) as service:
        for text in queries:
            for kw in options:
                data = service.search(text, **kw).to_json()
                data.pop("took_ms")
                data.pop("timings", None)
                out.append(data)
    return out, len(made)


@pytest.fixture(scope="module")
def whole(corpus_index_dir):
    """Every message's pages ranked among all their matches."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        out, made = pages(corpus_index_dir, MESSAGES, OPTIONS, 10**9, monkeypatch)
    assert made == 0
    return out


# A shortlist shorter than a page (filled at once with what could reach it)
# and a few longer ones (a full page, its last hit against those left out).
@pytest.mark.parametrize("depth", [3, 20, 30])
def test_a_message_ranked_among_a_shortlist_gets_every_match_s_page(
    corpus_index_dir, whole, monkeypatch, depth
):
    short, made = pages(corpus_index_dir, MESSAGES, OPTIONS, depth, monkeypatch)
    # (A message that matches no more sections than the shortlist holds
    # needs none.)
    assert made >= len(MESSAGES) * len(OPTIONS) // 2
    assert all(page["results"] for page in whole)
    assert short == whole


#: One topic told by two sources: the first in the words a message below
#: uses that few texts use ("whooshing", "stethoscope"), the other in one
#: word every text of this index uses ("baby"), so that a shortlist of a few
#: sections leaves it out; "also from" still names it.
MURMUR_A = replace(
    make_entry(
        "murmur-a",
        "Heart murmur",
        [],
        Summary="A whooshing sound heard through a stethoscope over the heart.",
        Outlook="Most whooshing murmurs in a baby are harmless.",
    ),
    source="SourceA",
)
MURMUR_B = replace(
    make_entry(
        "murmur-b",
        "Heart murmur",
        [],
        Summary="A baby may have one; it is often found on a routine check and "
        "most need no care at all.",
    ),
    source="SourceB",
)
#: A pointer section in the words of a message below, whose entry's other
#: section holds only a common word of it: the pointer's cap compares the
#: two (a pointer never leads its entry), so the other joins the shortlist.
CROUP = make_entry(
    "croup",
    "Croup",
    [],
    Summary="An infection of the upper airway in a baby, often after a cold, "
    "that usually clears up within a week at home.",
    Learn_More="More on barking seal coughs is at www.example.org.",
)
BABY = "the doctor heard a whooshing with the stethoscope on my baby, what is the sound"
SEAL = "my baby has a cough that sounds like a barking seal at night, what is the sound"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    with searching(
        folder, [MURMUR_A, MURMUR_B, CROUP, *other_topics(12, " A sound baby")]
    ):
        pass
    return folder / "index"


def test_also_from_names_an_entry_the_shortlist_left_out(small, monkeypatch):
    options = [{"per_page": 1}, {}]
    whole, _ = pages(small, [BABY], options, 10**9, monkeypatch)
    short, made = pages(small, [BABY], options, 1, monkeypatch)
    first = whole[0]["results"][0]
    assert first["entry_id"] == "murmur-a"
    assert [a["entry_id"] for a in first["also_from"]] == ["murmur-b"]
    assert made and short == whole


def test_a_pointer_on_the_page_is_capped_by_its_entry_left_out(small, monkeypatch):
    options = [{"per_page": 1}, {}]
    whole, _ = pages(small, [SEAL], options, 10**9, monkeypatch)
    short, made = pages(small, [SEAL], options, 1, monkeypatch)
    assert whole[0]["results"][0]["section_id"] != "croup_Sec2"
    assert made and short == whole


def ranked(*scores: float) -> Ranked:
    return Ranked([(s, n, 0) for n, s in enumerate(scores)], len(scores), len(scores))


def test_a_section_left_out_must_reach_the_page_s_last_hit():
    assert _floor(ranked(9.0, 5.0, 4.0), 3, False, DEFAULT) == 4.0
    assert _floor(ranked(9.0, 5.0), 3, False, DEFAULT) == -np.inf  # not full
    # With ``auto``, a section at 1 / lead of the first hit could make the
    # first entry no longer lead, or at ``dominant`` of it be a strong
    # section of its own.
    auto = _floor(ranked(9.0, 8.5, 8.0), 3, True, DEFAULT)
    assert auto == min(9.0 / DEFAULT.lead, 9.0 * DEFAULT.dominant) < 8.0
