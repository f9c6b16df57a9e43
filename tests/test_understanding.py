"""Query understanding: synonyms, codes, intent, long questions, spelling.

Small hand-written entries make the expected order obvious; assertions are
on order and on what the user is told, never on raw scores.
"""

from __future__ import annotations

import gc
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.eponyms import Eponyms
from indexer.errors import UnknownFilter
from indexer.request import SearchRequest
from indexer.sources import SourcedEntry

from .builders import held_by_name, make_entry, other_topics, searching

ENTRIES = [
    make_entry(
        "myocardial-infarction",
        "Myocardial infarction",
        ["Coronary thrombosis"],
        Definition="Death of heart muscle when a coronary artery is blocked.",
        Treatment="Clot-dissolving drugs and stents restore blood flow quickly.",
    ),
    make_entry(
        "panic-disorder",
        "Panic disorder",
        [],
        Definition="A panic attack can feel like a heart attack: the heart races "
        "and the chest feels tight during the attack.",
        Symptoms="Racing heart, sweating, a sense of doom during an attack.",
    ),
    make_entry(
        "hypertension",
        "Hypertension",
        [],
        Definition="Hypertension means the force of blood on artery walls stays "
        "too high for too long.",
        Treatment="Less salt, exercise and medicines lower hypertension.",
    ),
    make_entry(
        "gout",
        "Gout",
        ["Gouty arthritis"],
        Definition="Gout is a painful arthritis caused by uric acid crystals.",
        Causes="Gout is caused by too much uric acid in the blood.",
        Symptoms="Gout attacks bring sudden pain and swelling of the big toe.",
        Treatment="Gout flares are treated with anti-inflammatory drugs; "
        "allopurinol lowers uric acid.",
        Inheritance="Gout can run in families; inherited kidney traits play a part.",
    ),
    make_entry(
        "aids",
        "Acquired immunodeficiency syndrome",
        ["AIDS"],
        Definition="AIDS is the late stage of infection with HIV.",
    ),
    make_entry(
        "hearing-loss",
        "Hearing loss",
        [],
        Treatment="Hearing aids make sounds louder; aids are fitted by an audiologist.",
    ),
    make_entry(
        "liver-metastases",
        "Liver metastases",
        ["Metastatic liver cancer"],
        Definition="Liver metastases are cancers that spread to the liver from "
        "elsewhere; metastases are common in colon cancer.",
        Treatment="Surgery, chemotherapy and ablation treat liver metastases.",
    ),
    make_entry(
        "colon-cancer",
        "Colon cancer",
        ["Colorectal cancer"],
        Definition="Cancer of the large intestine.",
        Treatment="Colon cancer is treated with surgery and chemotherapy.",
    ),
    # Two entries share a name, so a lookup of it is ambiguous.
    make_entry("cold-sore", "Cold sore", ["Fever blister"], Definition="A blister."),
    make_entry(
        "fever-blister-rash",
        "Fever blister rash",
        ["Fever blister"],
        Definition="A rash.",
    ),
]

THESAURUS = """\
# test groups
heart attack; myocardial infarction; MI
high blood pressure; hypertension; HTN
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    folder = tmp_path_factory.mktemp("understanding")
    thesaurus = folder / "thesaurus.txt"
    thesaurus.write_text(THESAURUS, encoding="utf-8")
    with searching(folder, ENTRIES, thesaurus=thesaurus) as service:
        yield service


def first(service, query, **kwargs):
    hit = service.search(query, **kwargs).results[0]
    return hit.entry_id, hit.section


def entry_order(service, query):
    hits = service.search(query, per_page=20).results
    return list(dict.fromkeys(h.entry_id for h in hits))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A synonym puts the canonical entry first, above sections that
        # merely use the words.
        ("heart attack", "myocardial-infarction"),
        ("MI", "myocardial-infarction"),
        ("coronary thrombosis", "myocardial-infarction"),
        ("metastatic liver cancer", "liver-metastases"),
        ("gouty arthritis", "gout"),
        # Multi-word synonyms work both ways.
        ("high blood pressure", "hypertension"),
        ("HTN", "hypertension"),
    ],
)
def test_synonym_puts_the_canonical_entry_first(service, query, expected):
    assert entry_order(service, query)[0] == expected


def test_synonym_also_finds_sections_that_use_the_other_name(service):
    # No section says "high blood pressure"; they say "hypertension".
    found = service.search("high blood pressure lower")
    assert [h.entry_id for h in found.results][:2] == ["hypertension"] * 2
    assert found.expansions == {"high blood pressure": ["HTN", "hypertension"]}


def test_a_synonym_of_several_words_is_marked_only_where_they_stand_together(
    service,
):
    # "MI" is searched as "heart attack" too; the panic attack and the
    # racing heart are no heart attack, and are not marked.
    found = service.search("MI")
    (hit,) = [h for h in found.results if h.section_id == "panic-disorder_Sec1"]
    assert re.findall(r"<mark>(.*?)</mark>", hit.snippet) == ["heart", "attack"]


@pytest.mark.parametrize(
    ("query", "label", "synonym"),
    [
        ("colon cancers", "colon cancers", "Colorectal cancer"),
        ("heart attacks", "heart attacks", "myocardial infarction"),
        ("gouty arthritis", "gouty arthritis", "Gout"),
    ],
)
def test_a_name_typed_in_the_other_number_still_names_its_entry(
    service, query, label, synonym
):
    found = service.search(query)
    assert synonym in found.expansions[label]


def test_exact_search_does_not_expand(service):
    found = service.search("HTN", exact=True)
    assert found.results == ()
    assert found.expansions == {}


def test_abbreviation_in_capitals_matches_only_the_code(service):
    assert entry_order(service, "AIDS") == ["aids"]
    # Lowercase is an ordinary word: stemmed, and it finds hearing aids.
    assert "hearing-loss" in entry_order(service, "aids")


def test_abbreviation_is_not_stemmed_into_other_words(service):
    assert "hearing-loss" not in entry_order(service, "AIDS")


@pytest.mark.parametrize(
    ("query", "section"),
    [
        ("how is gout treated", "Treatment"),
        ("gout treatment", "Treatment"),
        ("causes of gout", "Causes"),
        ("what causes gout", "Causes"),
        ("is gout inherited", "Inheritance"),
        ("gout symptoms", "Symptoms"),
        ("gout", "Definition"),
    ],
)
def test_question_intent_ranks_that_section_first(service, query, section):
    assert first(service, query) == ("gout", section)


def test_section_filter_still_applies_with_intent(service):
    found = service.search("how is gout treated", section="Causes")
    assert {h.section for h in found.results} == {"Causes"}
    found = service.search("gout section:symptoms")
    assert [h.section for h in found.results] == ["Symptoms"]


def test_a_part_that_hurts_is_read_as_its_pain(tmp_path):
    # "my back hurts" listed *Self-harm* first, whose text says "hurt" most;
    # "hurt my back" is an injury, and is not read as back pain.
    entries = [
        make_entry(
            "back-pain",
            "Back pain",
            [],
            Summary="Pain in the lower back is common; most back pain gets better.",
        ),
        make_entry(
            "self-harm",
            "Self-harm",
            [],
            Summary="People who hurt themselves on purpose: the urge to hurt, "
            "to hurt again; what hurts most is hidden.",
        ),
        make_entry("sore-throat", "Sore throat", [], Summary="A scratchy throat."),
        make_entry("foot-pain", "Foot pain", [], Summary="Pain in the foot."),
        *other_topics(words=" back"),
    ]
    with searching(tmp_path, entries) as service:
        named = service.plan("my back hurts").concepts
        assert [c.entries for c in named] == [("back-pain",)]
        for query, entry in (
            ("my throat hurts", "sore-throat"),
            ("feet ache", "foot-pain"),
        ):
            assert [c.entries for c in service.plan(query).concepts] == [(entry,)]
        assert service.search("my back hurts").results[0].entry_id == "back-pain"
        assert all(not c.entries for c in service.plan("I hurt my back").concepts)


def test_what_hurts_is_read_past_small_words_and_in_what_one_does(tmp_path):
    # "my knee is hurting" kept "is" in the part ("knee is pain", no name);
    # "it burns when i pee" named *Burns* and listed it first.
    entries = [
        make_entry("knee-pain", "Knee pain", [], Summary="Pain in or around the knee."),
        make_entry(
            "dysuria",
            "Urination - painful",
            ["Painful urination"],
            Summary="Pain, burning or stinging while passing urine.",
        ),
        make_entry(
            "painful-swallowing", "Painful swallowing", [], Summary="Odynophagia."
        ),
        make_entry(
            "burns",
            "Burns",
            [],
            Summary="Burns from heat, sun or chemicals; a burn when skin burns.",
        ),
        make_entry(
            "self-harm",
            "Self-harm",
            [],
            Summary="People who hurt themselves: the urge to hurt is hurting them.",
        ),
        *other_topics(words=" knee"),
    ]
    entries.append(make_entry("belly-pain", "Abdominal pain", [], Summary="Cramps."))
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text(
        "pee; urinate; urination\nbelly; tummy\nbelly pain; abdominal pain\n"
    )
    with searching(tmp_path, entries, thesaurus=thesaurus) as service:
        for query, entry in (
            ("my tummy hurts", "belly-pain"),  # its pain in the group's words
            ("my knee is hurting", "knee-pain"),
            ("my knees are hurting", "knee-pain"),
            ("it burns when i pee", "dysuria"),
            ("stinging when I urinate", "dysuria"),
            ("it hurts when I swallow", "painful-swallowing"),
        ):
            named = [c.entries for c in service.plan(query).concepts]
            assert named == [(entry,)], query
            assert service.search(query).results[0].entry_id == entry, query
        # The word that said it hurts is no topic of its own here, nor the
        # word it is formed from ("burning": burn, *Burns*).
        for query in ("it burns when i pee", "burning when i pee"):
            found = service.search(query)
            assert found.results[0].entry_id == "dysuria", query
            assert "burns" not in {h.entry_id for h in found.results}, query
        # Not every "when": a burn is no pain of what follows it.
        assert [c.entries for c in service.plan("burns when cooking").concepts][0] != (
            "dysuria",
        )


# Lay words the shipped thesaurus (corpus/thesaurus.txt) pairs with the
# clinical name a title uses; each entry's text says only the clinical word.
LAY = [
    ("shaky hands", "tremor", "Tremor"),
    ("sore muscles", "myalgia", "Myalgia"),
    ("weak bones", "osteoporosis", "Osteoporosis"),
    ("toenail fungus", "onychomycosis", "Onychomycosis"),
    ("piles", "hemorrhoids", "Hemorrhoids"),
    ("kissing disease", "mononucleosis", "Mononucleosis"),
]


def test_shipped_thesaurus_reads_lay_words_as_clinical_names(tmp_path):
    entries = [
        make_entry(slug, title, [], Summary=f"About {title.lower()} and its care.")
        for _, slug, title in LAY
    ]
    entries += other_topics(words=" hands muscles bones")
    thesaurus = Path(__file__).resolve().parents[1] / "corpus" / "thesaurus.txt"
    with searching(tmp_path, entries, thesaurus=thesaurus) as service:
        for query, slug, _ in LAY:
            assert service.search(query).results[0].entry_id == slug, query


def test_a_curated_group_is_reached_in_either_number(tmp_path):
    """A group is written once ("painkiller") and typed either way, and its
    names meet entries titled in the other number (*Pain Relievers*)."""
    entries = [
        make_entry(
            "pain-relievers",
            "Pain Relievers",
            [],
            Summary="Medicines that ease aches: acetaminophen and ibuprofen.",
        ),
        make_entry(
            "nephropathy",
            "Analgesic nephropathy (Painkillers and the kidneys)",
            [],
            Treatment="Stop the painkillers; painkillers taken for years harm.",
        ),
        *other_topics(),
    ]
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("painkiller; pain reliever; analgesic\n")
    with searching(tmp_path, entries, thesaurus=thesaurus) as service:
        for query in ("painkillers", "painkiller", "pain reliever"):
            (concept,) = service.plan(query).concepts
            assert "pain-relievers" in concept.entries, query
            assert service.search(query).results[0].entry_id == "pain-relievers"
        # The group's name typed in its other number is no synonym of itself.
        (concept,) = service.plan("painkillers").concepts
        assert "pain reliever" in concept.synonyms
        assert "painkiller" not in concept.synonyms


def test_long_pasted_question_ranks_what_it_is_about(service):
    message = (
        "Hello, my mother was told last week that her colon cancer has spread to "
        "the liver and I am really worried. What treatments are there, is surgery "
        "still possible at her age, and what should we ask the doctor when we see "
        "him again on Monday? Thank you so much for any help you can give us."
    )
    found = service.search(message)
    assert found.results[0].entry_id in {"liver-metastases", "colon-cancer"}
    assert found.results[0].section == "Treatment"
    assert found.notices == ()  # every word was searched, none left out


def test_misspelling_gets_did_you_mean_and_results(service):
    found = service.search("metastatses")
    assert found.did_you_mean == "metastases"
    assert found.showing == "metastases"
    assert found.results[0].entry_id == "liver-metastases"


def test_correct_query_gets_no_suggestion(service):
    assert service.search("gout").did_you_mean is None


#: What a synonym lookup says of each entry it finds.
MATCH_FIELDS = {"entry_id", "title", "names", "source", "source_name", "text_available"}


def test_synonyms_lookup_lists_every_candidate_of_an_ambiguous_term(service):
    found = service.synonyms("fever blister")
    assert {m["entry_id"] for m in found["matches"]} == {
        "cold-sore",
        "fever-blister-rash",
    }
    assert set(found["matches"][0]) == MATCH_FIELDS


def test_synonyms_lookup_of_a_curated_code(service):
    found = service.synonyms("MI")
    assert [m["entry_id"] for m in found["matches"]] == ["myocardial-infarction"]
    assert ["heart attack", "myocardial infarction", "MI"] in found["groups"]


def test_unknown_term_gets_suggestions(service):
    found = service.synonyms("hypertensoin")
    assert found["matches"] == []
    assert "hypertension" in [s.lower() for s in found["suggestions"]]


@pytest.mark.parametrize(
    ("prefix", "first_name"),
    [
        ("gou", "Gout"),
        ("arthr", "Gouty arthritis"),  # a word inside a name
        ("Liver m", "Liver metastases"),
        ("hyp", "Hypertension"),
    ],
)
def test_suggest_completes_titles_and_names(service, prefix, first_name):
    assert service.suggest(prefix)[0]["name"] == first_name


def test_suggest_of_nothing_is_empty(service):
    assert service.suggest("") == []
    assert service.suggest("zzzz") == []
    assert service.suggest("zzzzzzz") == []


def test_a_misspelt_prefix_suggests_the_names_its_spelling_begins(service):
    assert service.suggest("hypertensoin")[0]["name"] == "Hypertension"
    assert service.suggest("metastatses")[0]["entry_id"] == "liver-metastases"
    # A prefix that begins a name is not read as misspelt.
    assert service.suggest("metast")[0]["name"] == "Metastatic liver cancer"
    assert service.suggest("gou")[0]["name"] == "Gout"


@pytest.fixture(scope="module")
def client(service):
    from webapp import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(service.index_dir)})
    yield app.test_client()
    app.extensions["search"].close()


def test_api_synonyms_shape_and_candidates(client):
    body = client.get("/api/synonyms", query_string={"term": "fever blister"}).json
    assert body["term"] == "fever blister"
    assert sorted(m["entry_id"] for m in body["matches"]) == [
        "cold-sore",
        "fever-blister-rash",
    ]
    for match in body["matches"]:
        assert set(match) == MATCH_FIELDS
        assert "Fever blister" in match["names"]


def test_api_synonyms_unknown_term_suggests(client):
    body = client.get("/api/synonyms", query_string={"term": "hypertensoin"}).json
    assert body["matches"] == []
    assert "hypertension" in [s.lower() for s in body["suggestions"]]


def test_api_synonyms_needs_a_term(client):
    response = client.get("/api/synonyms")
    assert response.status_code == 400
    assert "term" in response.json["error"]["message"]


def test_api_suggest_best_first(client):
    body = client.get("/api/suggest", query_string={"q": "gou"}).json
    assert body["q"] == "gou"
    first = body["suggestions"][0]
    assert (first["name"], first["entry_id"]) == ("Gout", "gout")
    # An entry once: its other names are not listed below its title, but
    # one typed is.
    assert [s["entry_id"] for s in body["suggestions"]].count("gout") == 1
    gouty = client.get("/api/suggest", query_string={"q": "gouty"}).json
    first = gouty["suggestions"][0]
    assert (first["name"], first["entry_id"]) == ("Gouty arthritis", "gout")


def test_api_search_did_you_mean(client):
    body = client.get("/api/search", query_string={"q": "metastatses"}).json
    assert body["did_you_mean"] == "metastases"
    assert body["showing_results_for"] == "metastases"
    assert body["results"][0]["entry_id"] == "liver-metastases"
    assert client.get("/api/search?q=gout").json["did_you_mean"] is None


def test_api_search_reports_expansion_and_exact_turns_it_off(client):
    body = client.get("/api/search", query_string={"q": "heart attack"}).json
    assert body["expanded"]["heart attack"] == ["MI", "myocardial infarction"]
    exact = client.get("/api/search", query_string={"q": "heart attack", "exact": 1})
    assert "expanded" not in exact.json


def test_synonyms_page_lists_names_escaped(client):
    page = client.get("/synonyms?term=MI").get_data(as_text=True)
    assert "Myocardial infarction" in page and "Coronary thrombosis" in page


def test_results_page_offers_the_spelling_and_exact_search(client):
    page = client.get("/search?q=metastatses").get_data(as_text=True)
    assert "Showing results for" in page and "metastases" in page
    page = client.get("/search?q=heart+attack").get_data(as_text=True)
    assert "Also searched" in page and "exact=1" in page


def test_a_code_of_a_curated_group_does_not_name_what_else_it_abbreviates(
    tmp_path,
):
    # "MI" is myocardial infarction in the group of heart attack, and
    # another name of mitral insufficiency, which heart attack does not mean.
    entries = [
        *ENTRIES[:2],
        make_entry(
            "mitral-insufficiency",
            "Mitral insufficiency",
            ["MI", "Mitral regurgitation"],
            Definition="A leaky mitral valve lets blood flow backward.",
            Treatment="Valve repair or replacement.",
        ),
    ]
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text(THESAURUS, encoding="utf-8")
    with searching(tmp_path, entries, thesaurus=thesaurus) as service:
        assert "mitral-insufficiency" not in entry_order(service, "heart attack")
        # Typed as the code itself, it may mean either.
        assert set(entry_order(service, "MI")) >= {
            "myocardial-infarction",
            "mitral-insufficiency",
        }


def test_a_curated_code_counts_only_where_a_text_means_the_name_by_it(tmp_path):
    """The thesaurus's "IBD" is inflammatory bowel disease; a text on
    isobutyryl-CoA dehydrogenase deficiency writes "IBD" for that, and its
    Treatment came second for `inflammatory bowel disease`. A code searched
    for a name typed in words counts in the named entries' sections and
    where a section holds the name's words; typed as the code, it may mean
    either."""
    entries = [
        make_entry(
            "crohn",
            "Crohn disease",
            Summary="Crohn disease is an inflammatory bowel disease (IBD).",
            Treatment="Medicines calm the bowel in IBD flares.",
        ),
        make_entry(
            "ibd-enzyme",
            "Isobutyryl-CoA dehydrogenase deficiency",
            Summary="Isobutyryl-CoA dehydrogenase deficiency (IBD) is rare.",
            Treatment="IBD is treated with a diet; children with IBD grow well.",
        ),
        *other_topics(words=" disease"),
    ]
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("inflammatory bowel disease; IBD\n", encoding="utf-8")
    with searching(tmp_path, entries, thesaurus=thesaurus) as service:
        found = entry_order(service, "inflammatory bowel disease")
        assert found[0] == "crohn"
        assert "ibd-enzyme" not in found
        assert "ibd-enzyme" in entry_order(service, "IBD")


def test_a_curated_code_typed_small_names_its_group_where_texts_use_it_both_ways(
    tmp_path,
):
    """`uti antibiotics` left "uti" a word: the texts write "UTIs", read as a
    word, nearly as often as "UTI", so the code seemed used both ways. A
    code of a curated group is its name then (unless people write it every
    day: on MedQuAD `walking aids for elderly` still names no *AIDS*)."""
    entries = [
        make_entry(
            "uti",
            "Urinary tract infection",
            ["UTI"],
            Summary="A UTI is an infection of the bladder.",
            Treatment="Antibiotics cure a UTI in days.",
        ),
        make_entry("women", "Women's health", Summary="Women get UTIs often."),
        *other_topics(words=" antibiotics"),
    ]
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("urinary tract infection; UTI\n", encoding="utf-8")
    with searching(tmp_path, entries, thesaurus=thesaurus) as service:
        plan = service.plan("uti antibiotics")
        assert plan.concepts[0].entries == ("uti",)
        assert entry_order(service, "uti antibiotics")[0] == "uti"


# A word for someone with a condition ("asthmatic", "anemic") is formed from
# the condition's name, and Porter's stemmer keeps the two apart.
FORMS = [
    make_entry(
        "asthma",
        "Asthma",
        [],
        Definition="Asthma narrows and swells the airways of the lungs.",
        Treatment="Inhalers open the airways during an asthma attack.",
    ),
    make_entry(
        "peritoneal-dialysis",
        "Peritoneal dialysis",
        [],
        Definition="An automatic cycler fills and drains the belly at night; "
        "automatic machines let people sleep through the treatment.",
    ),
    make_entry(
        "anemia",
        "Anemia",
        [],
        Definition="Anemia is a lack of healthy red blood cells.",
        Symptoms="Anemia makes people pale, short of breath and tired.",
    ),
    make_entry(
        "rashes",
        "Rashes",
        [],
        Summary="A rash changes the color or feel of the skin.",
    ),
    make_entry(
        "measles",
        "Measles",
        [],
        Symptoms="A rash spreads from the face down, with a high fever.",
    ),
    make_entry(
        "headache",
        "Headache",
        [],
        Summary="A headache is pain or discomfort in the head or face area.",
    ),
    make_entry(
        "earache",
        "Earache",
        [],
        Summary="An earache is a sharp, dull or burning pain in one or both ears.",
    ),
    make_entry(
        "kidney-failure",
        "Kidney failure",
        [],
        Symptoms="Patients with failing kidneys often become anemic and tired, "
        "and need patience with a long treatment.",
    ),
]


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    with searching(tmp_path_factory.mktemp("forms"), FORMS) as service:
        yield service


def test_a_word_the_index_lacks_is_read_as_the_condition_it_derives_from(forms):
    # "asthmatic" is in no text; the speller read it as "automatic" and
    # listed the dialysis machine first.
    found = forms.search("my son is asthmatic what should we do")
    assert found.results[0].entry_id == "asthma"
    assert "peritoneal-dialysis" not in {h.entry_id for h in found.results}
    assert found.did_you_mean is None  # nothing was misspelt
    # ... but the page says how it read it, the name as the entry writes it.
    assert found.expansions == {"asthmatic": ["Asthma"]}
    assert not forms.search("asthmatic", exact=True).results


def test_a_word_formed_from_a_title_names_that_entry(forms):
    # "anemic" is a word of the kidney entry's text, and it means anemia.
    assert entry_order(forms, "anemic and tired")[0] == "anemia"
    # People, in the plural: "asthmatics" was "corrected" to "automatic".
    assert entry_order(forms, "asthmatics")[0] == "asthma"


def test_a_known_word_is_not_read_as_what_its_ending_suggests(forms):
    # "patient" could be formed from "patience", a word of some text but
    # no title: it stays itself.
    (concept,) = forms.plan("patient").concepts
    assert concept.terms == ("patient",)


def test_a_form_that_only_shares_a_stem_with_a_known_word_is_not_read(forms):
    # "airwaic" would end like "anemic", and "airway" stems to what
    # "airways" does; but no text has the word "airway" itself.
    (concept,) = forms.plan("airwaic").concepts
    assert "airway" not in concept.terms


def test_a_word_ending_in_sh_names_the_entry_titled_with_its_plural(forms):
    # The plural of "rash" is "rashes", not "rashs": the name was missed,
    # and a rare syndrome's rash and fever outranked the entry on rashes.
    rash, fever = forms.plan("rash and fever").concepts
    assert rash.entries == ("rashes",)
    assert entry_order(forms, "rash and fever")[0] == "rashes"


NAMED_IN_ANY_ORDER = [
    make_entry(
        "down-syndrome",
        "Down syndrome",
        [],
        Definition="A condition caused by an extra copy of chromosome 21.",
    ),
    make_entry(
        "tinnitus",
        "Tinnitus",
        ["Ringing in the ears"],
        Definition="Tinnitus is a sound heard when no outside sound is there.",
    ),
    make_entry(
        "sma-1",
        "Spinal muscular atrophy type I",
        [],
        Definition="The most severe form, noticed in the first months of life.",
    ),
    make_entry(
        "hearing-aids",
        "Hearing aids",
        [],
        Definition="Hearing aids make sounds in the ears louder.",
    ),
    make_entry(
        "tooth-abscess",
        "Tooth abscess",
        [],
        Summary="Pus collects in the center of a tooth after an infection.",
    ),
    make_entry(
        "liver-metastases",
        "Liver metastases",
        [],
        # "metastasis" is a word of the texts: no misspelling to correct.
        Treatment="A metastasis in the liver is treated by ablation.",
    ),
    make_entry(
        "causes-of-diabetes",
        "Causes of diabetes",
        [],
        Summary="Diabetes is caused by too little insulin, or insulin that "
        "works poorly.",
    ),
    make_entry(
        "diabetic-neuropathy",
        "Diabetic neuropathy",
        [],
        Causes="High blood sugar over years damages the nerves.",
    ),
    make_entry(
        "cell-to-cell",
        "Cell to cell spread",
        [],
        Summary="A virus passes from one cell to the next.",
    ),
    make_entry(
        "alzheimer",
        "Alzheimer disease",
        ["Alzheimer's disease", "Dementia - Alzheimer"],
        Summary="Alzheimer disease slowly destroys memory and thinking.",
    ),
    make_entry(
        "dementia",
        "Dementia",
        [],
        Summary="Dementia is a loss of memory and thinking that disrupts daily "
        "life; it has many causes.",
    ),
    make_entry(
        "nausea-vomiting",
        "Nausea and vomiting",
        [],
        Summary="Feeling sick to the stomach, and throwing up.",
    ),
    make_entry(
        "childhood-asthma",
        "Asthma in children",
        ["Asthma - children"],
        Summary="Asthma makes a child's airways swell and narrow.",
    ),
]


@pytest.fixture(scope="module")
def any_order(tmp_path_factory):
    folder = tmp_path_factory.mktemp("any-order")
    with searching(folder, NAMED_IN_ANY_ORDER) as service:
        yield service


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        # Another order, without the small words of the name.
        ("ringing in ears", "tinnitus"),
        ("ears ringing", "tinnitus"),
        # A name that ends in a small word ("I") was never looked up whole.
        ("spinal muscular atrophy type I", "sma-1"),
        # A stop word that starts a name: "down" was dropped as filler.
        ("down syndrome", "down-syndrome"),
        ("downs syndrome", "down-syndrome"),
    ],
)
def test_a_name_said_in_another_order_or_without_its_small_words_names_its_entry(
    any_order, query, entry
):
    (concept,) = any_order.plan(query).concepts  # one name, not its words
    assert concept.entries == (entry,)
    assert entry_order(any_order, query)[0] == entry


def test_a_name_as_written_wins_over_words_that_meet_in_another_order(any_order):
    """ "causes diabetic" holds the words of *Causes of diabetes* in another
    order, but "diabetic neuropathy" is a name as written and the question
    is about it."""
    query = "what causes diabetic neuropathy"
    labels = [c.label for c in any_order.plan(query).concepts]
    assert labels == ["causes", "diabetic neuropathy"]
    assert entry_order(any_order, query)[0] == "diabetic-neuropathy"
    # With no name across it, the words in another order still name it.
    (concept,) = any_order.plan("diabetes causes").concepts
    assert concept.entries == ("causes-of-diabetes",)


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        # Plurals no ending rule makes, which the stemmer leaves apart.
        ("abscess teeth", "tooth-abscess"),
        ("teeth abscess", "tooth-abscess"),
        # Latin and Greek ones: "metastasi" and "metastas" to the stemmer.
        ("liver metastasis", "liver-metastases"),
        ("what is the treatment for liver metastasis", "liver-metastases"),
    ],
)
def test_a_name_in_an_unusual_other_number_names_its_entry(any_order, query, entry):
    named = [c for c in any_order.plan(query).concepts if c.entries]
    assert [c.entries for c in named] == [(entry,)]
    assert entry_order(any_order, query)[0] == entry


def test_a_name_said_twice_is_one_name_said_twice(any_order):
    # A bag holds each word once, so "ears ringing ears ringing"
    # was one name of four words: the concept's label said the name twice
    # ("Also searched: ..."), and it counted once. A subject line the
    # message repeats is how real questions often begin.
    concepts = any_order.plan(
        "Ears ringing. Ears ringing. It started last week"
    ).concepts
    named = [c for c in concepts if c.entries]
    assert [(c.label, c.count, c.entries) for c in named] == [
        ("Ears ringing", 2, ("tinnitus",))
    ]
    # A name that says a word twice is still found so, in another order.
    (concept,) = any_order.plan("spread cell to cell").concepts
    assert concept.entries == ("cell-to-cell",)


def test_two_names_joined_by_and_are_two_things_not_a_third_name(any_order):
    """ "alzheimers and dementia" holds the words of *Dementia - Alzheimer*,
    a name of *Alzheimer disease*, in another order; read so, the page of
    `the difference between alzheimers and dementia` listed no entry on
    dementia. Two names joined by "and" or "or" are two things, unless the
    name they meet joins two as well; a thing and whom it concerns is
    still the name that says both."""
    query = "difference between alzheimers and dementia"
    named = [c.entries for c in any_order.plan(query).concepts if c.entries]
    assert named == [("alzheimer",), ("dementia",)]
    assert {"alzheimer", "dementia"} <= set(entry_order(any_order, query)[:2])
    for query, entry in [
        ("vomiting and nausea", "nausea-vomiting"),
        ("children and asthma", "childhood-asthma"),
    ]:
        (concept,) = any_order.plan(query).concepts
        assert concept.entries == (entry,), query


def test_words_that_make_no_name_in_any_order_name_nothing(any_order):
    assert all(not c.entries for c in any_order.plan("ears louder").concepts)


def test_a_derived_file_without_word_bags_still_finds_names_as_written():
    # Segments written before the bags: their names are found as written,
    # and a lookup in another order finds nothing rather than failing.
    from indexer.cards import CardList, NameTables
    from indexer.names import NameIndex, NamePart, entry_card

    card = entry_card("tinnitus", "Tinnitus", ["Ringing in the ears"], "x", 1)
    cards = CardList.from_parsed([(0, json.loads(card))], [card.encode()])
    tables = NameTables.build(cards)
    old = {k: v for k, v in tables.arrays().items() if not k.startswith("bags.")}
    names = NameIndex([NamePart(0, NameTables.mapped(old, ["x"]))])
    assert names.in_any_order("ear ring") == ()
    assert [m.entry_id for m in names.named("ringing in the ears")] == ["tinnitus"]
    built = NameIndex([NamePart(0, tables)])
    assert built.in_any_order("ear ring") == ("ringing in the ears",)


def test_the_longest_name_a_word_begins_bounds_the_runs_looked_up(monkeypatch):
    # A message's runs longer than any name their first word begins are no
    # name as written: only the shorter ones are looked up, and names are
    # found as before. A table written before the lengths were kept (its
    # first words' rows say 0) leaves every length open.
    from indexer.cards import CardList, NameTables
    from indexer.names import UNCOUNTED, NameIndex, NamePart, entry_card
    from indexer.spelling import Speller
    from indexer.understanding import Planner

    cards = [
        entry_card(
            "hbp",
            "High blood pressure",
            ["High blood pressure", "Hypertension"],
            "x",
            1,
        ),
        entry_card("hf", "High fever", ["High fever"], "x", 1),
    ]
    parsed = CardList.from_parsed(
        [(doc, json.loads(card)) for doc, card in enumerate(cards)],
        [card.encode() for card in cards],
    )
    tables = NameTables.build(parsed)
    names = NameIndex([NamePart(0, tables)])
    assert names.name_words("high") == 3
    assert names.name_words("hypertension") == 1
    assert names.name_words("low") == 0

    looked_up = []
    is_name = NameIndex.is_name
    monkeypatch.setattr(
        NameIndex,
        "is_name",
        lambda self, key: looked_up.append(key) or is_name(self, key),
    )
    planner = Planner(names, Speller({}), lambda term: 1)
    message = "my high blood pressure keeps rising every single morning " * 2
    plan = planner.plan(SearchRequest.clean(message))
    assert [c.entries for c in plan.concepts if c.entries] == [("hbp",)]
    assert looked_up and max(key.count(" ") + 1 for key in looked_up) == 3

    old = {k: (v * 0 if k == "firsts.row" else v) for k, v in tables.arrays().items()}
    before = NameIndex([NamePart(0, NameTables.mapped(old, ["x"]))])
    assert before.name_words("high") == UNCOUNTED
    looked_up.clear()
    plan = Planner(before, Speller({}), lambda term: 1).plan(
        SearchRequest.clean(message)
    )
    assert [c.entries for c in plan.concepts if c.entries] == [("hbp",)]
    assert max(key.count(" ") + 1 for key in looked_up) > 3


def test_remembered_lookups_of_no_name_hold_nothing_the_collector_walks():
    # A long question looks up hundreds of runs of words that name nothing,
    # and the answers are remembered: containers of their own would be
    # walked by every full garbage collection of the worker.
    from indexer.names import NameIndex, entry_card

    card = entry_card("tinnitus", "Tinnitus", ["Ringing in the ears"], "x", 1)
    names = NameIndex.from_records([json.loads(card)])
    assert names.is_name("ringing in the ears")
    for i in range(100):
        assert not names.is_name(f"no such name {i}")
        assert not names.in_any_order(f"no such bag {i}")
    answers = [names._lookup(f"no such name {i}") for i in range(100)]
    assert not any(gc.is_tracked(part) for answer in answers for part in answer)


@pytest.mark.parametrize(
    ("term", "read_as", "entry"),
    [
        ("ringing in ears", "ringing in the ears", "tinnitus"),
        ("ears ringing", "ringing in the ears", "tinnitus"),
    ],
)
def test_the_synonym_lookup_reads_a_term_as_a_search_does(
    any_order, term, read_as, entry
):
    found = any_order.synonyms(term)
    assert found["read_as"] == read_as
    assert [m["entry_id"] for m in found["matches"]] == [entry]
    assert "read_as" not in any_order.synonyms("tinnitus")  # a name as written


def test_the_synonym_lookup_reads_a_word_as_the_condition_it_derives_from(forms):
    found = forms.synonyms("asthmatic")
    assert found["read_as"] == "asthma"
    assert [m["entry_id"] for m in found["matches"]] == ["asthma"]
    assert "suggestions" not in found  # no "automatic?" any more


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("headaches", "headache"),  # "-ches" was read as "-ch" + "es" only
        ("ear ache", "earache"),  # one word typed as two
    ],
)
def test_a_name_in_the_plural_or_split_in_two_names_its_entry(forms, query, entry):
    (concept,) = forms.plan(query).concepts
    assert concept.entries == (entry,)


def test_lay_words_of_a_curated_group_name_it(tmp_path):
    """People write "throwing up", "pass out" and "pee"; the texts say
    vomiting, fainting and urination. A curated name may end in a small
    word ("up", "out"), as written: runs ending in one were skipped, so
    "throwing up" was searched as "throwing". And a curated word shorter
    than four letters ("pee") is a name of its group, as a longer one is.
    """
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text(
        "throw up; throwing up; vomiting\n"
        "pass out; passing out; fainting\n"
        "pee; urination\n",
        encoding="utf-8",
    )
    entries = [
        make_entry("vomiting", "Vomiting", Summary="Vomiting empties the stomach."),
        make_entry("fainting", "Fainting", Summary="A brief loss of consciousness."),
        make_entry(
            "urination", "Painful urination", Summary="Urination that burns or stings."
        ),
        make_entry(
            "sports",
            "Sports injuries",
            Summary="Throwing a ball or passing it over and over strains the arm."
            " Throwing too hard hurts; passing drills too.",
        ),
        *other_topics(),
    ]
    with searching(tmp_path, entries, thesaurus=thesaurus) as service:
        for query, entry in (
            ("throwing up", "vomiting"),
            ("my son keeps throwing up", "vomiting"),
            ("passing out", "fainting"),
            ("pee", "urination"),
        ):
            assert service.search(query).results[0].entry_id == entry, query
        plan = service.plan("throwing up at night")
        assert plan.concepts[0].label == "throwing up"


def test_a_word_of_a_name_as_typed_is_not_corrected(tmp_path):
    """In a small index no text may say "throwing": the speller read the
    curated "throwing up" as "throbbing up" before any name was looked up
    (the sample corpus did). A word that makes a name with the words
    around it, as typed, is no misspelling.
    """
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("throw up; throwing up; vomiting\n", encoding="utf-8")
    entries = [
        make_entry("vomiting", "Vomiting", Summary="Vomiting empties the stomach."),
        make_entry(
            "migraine",
            "Migraine",
            Summary="A throbbing headache.",
            Symptoms="A throbbing headache on one side.",
            Treatment="Rest in the dark eases a throbbing headache.",
        ),
        *other_topics(),
    ]
    with searching(tmp_path, entries, thesaurus=thesaurus) as service:
        for query in ("throwing up", "my kid keeps throwing up"):
            assert service.plan(query).corrected is None, query
            assert service.search(query).results[0].entry_id == "vomiting", query
        # A typo that makes no name is still corrected; "throwing" itself,
        # an everyday word, is searched as typed where it makes no name,
        # its nearest spelling (two slips off) only offered, and only
        # where the texts write that beside the word next to it.
        assert service.plan("throbing headache").corrected == "throbbing headache"
        plan = service.plan("throwing headache")
        assert plan.corrected == "throbbing headache"
        assert plan.concepts[0].label == "throwing"
        assert service.plan("throwing migraine").corrected is None


def test_a_brand_name_a_leaflet_lists_names_its_drug(tmp_path):
    """People ask about the pill in their hand. A drug leaflet lists the
    names it is sold under in a "Brand Names" section, not among the
    alternative names: those names name the entry too, and a text that
    only mentions the brand in passing comes after it.
    """
    zolpidem = make_entry(
        "zolpidem",
        "Zolpidem",
        Why_It_Is_Used="Zolpidem is used to treat insomnia.",
        Brand_Names="- Ambien\u00ae  - Ambien\u00ae CR  - Edluar\u00ae",
        Brand_Names_of_Combination_Products="- Sleepwell\u00ae (containing Zolpidem)",
    )
    misuse = make_entry(
        "misuse",
        "Prescription drug misuse",
        Summary="Sleep medicines, such as Ambien, are misused to get high. "
        "Ambien and other sleep medicines cause drowsiness.",
    )
    others = other_topics()
    with searching(tmp_path, [zolpidem, misuse, *others]) as service:
        for query in ("ambien", "is ambien cr safe", "Edluar"):
            assert service.search(query).results[0].entry_id == "zolpidem", query
        found = service.synonyms("ambien")
        assert [m["entry_id"] for m in found["matches"]] == ["zolpidem"]
        assert "Ambien CR" in found["matches"][0]["names"]
        # Combination products are other products: no name of this entry.
        assert service.synonyms("sleepwell")["matches"] == []


def test_an_analysed_text_is_a_list_of_its_own():
    """Analysis is remembered: a caller that changes the list it got must
    not change what the next caller gets."""
    from indexer.analysis import analyse

    first = analyse("heart attacks")
    first.append("changed")
    assert analyse("heart attacks") == first[:-1]


def test_remembered_name_answers_past_the_bound_drop_the_oldest():
    """The name lookups a worker remembers stay bounded, first in first out;
    asking a kept key again leaves its place alone."""
    from collections import OrderedDict

    from indexer.names import _remember

    cache: OrderedDict[str, str] = OrderedDict()
    for key in "abcd":
        _remember(cache, key, key.upper(), most=3)
    _remember(cache, "b", "B again", most=3)
    assert list(cache.items()) == [("b", "B again"), ("c", "C"), ("d", "D")]


def test_a_part_said_to_be_something_is_the_name_that_says_it(tmp_path):
    # "my eyes are red" searched "eyes" and "red" (*Retinoblastoma* led),
    # "my heart is racing" "heart" and "racing" (*Heart failure*).
    entries = [
        make_entry("red-eyes", "Eye redness", ["Red eyes"], Summary="Bloodshot eyes."),
        make_entry(
            "palpitations",
            "Heart palpitations",
            ["Racing heart"],
            Summary="Feeling your heartbeat pound.",
        ),
        make_entry(
            "heart-failure",
            "Heart failure",
            [],
            Summary="The heart cannot pump enough blood; a heart racing, "
            "red and swollen legs.",
        ),
        *other_topics(words=" eyes heart"),
    ]
    with searching(tmp_path, entries) as service:
        for query, entry in (
            ("my eyes are red", "red-eyes"),
            ("my heart is racing", "palpitations"),
        ):
            assert [c.entries for c in service.plan(query).concepts] == [(entry,)]
            assert service.search(query).results[0].entry_id == entry
        # Only between the words of a run: "is" first or last is no name's.
        assert [c.label for c in service.plan("is red eyes").concepts] == ["red eyes"]
        # How much it is so is no part of the name: "really", "very".
        for query, entry in (
            ("my eyes are really red", "red-eyes"),
            ("my heart is really racing", "palpitations"),
        ):
            named = [c.entries for c in service.plan(query).concepts if c.entries]
            assert named == [(entry,)], query


def test_a_word_that_only_judges_is_no_topic(tmp_path):
    """`is coffee bad for your heart` listed *Bad Breath* near the top:
    "bad" matched its title. Words that only judge (good, bad, best,
    worse) say nothing of what to read; a name that holds one is still
    that name."""
    entries = [
        make_entry(
            "caffeine",
            "Caffeine",
            Summary="Coffee has caffeine; too much can make the heart race.",
        ),
        make_entry(
            "bad-breath",
            "Bad breath",
            Summary="Bad breath comes from the mouth; coffee can make it worse.",
        ),
        *other_topics(words=" heart bad"),
    ]
    with searching(tmp_path, entries) as service:
        query = "is coffee bad for your heart"
        assert "bad" not in [c.label for c in service.plan(query).concepts]
        assert service.search(query).results[0].entry_id == "caffeine"
        assert service.plan("bad breath").concepts[0].entries == ("bad-breath",)


def test_a_word_people_run_together_is_read_as_its_two(tmp_path):
    """`I dont drink alot` searched *Aloe vera*: "alot", which no text
    writes, was corrected to the name one edit off. It is "a lot", as it
    is offered; its small word and filler are searched as nothing."""
    entries = [
        make_entry("aloe", "Aloe vera", Summary="Aloe is a plant for burns."),
        make_entry(
            "liver",
            "Liver function tests",
            Summary="Raised liver enzymes can mean drinking or a fatty liver.",
        ),
        *other_topics(words=" liver"),
    ]
    with searching(tmp_path, entries) as service:
        message = "my liver enzymes are high but I dont drink alot"
        plan = service.plan(message)
        assert not any("alo" in c.label for c in plan.concepts)
        assert service.search(message).results[0].entry_id == "liver"
        assert service.search("alot of liver enzymes").did_you_mean == (
            "a lot of liver enzymes"
        )


def test_a_pasted_message_names_a_part_said_to_be_something(tmp_path):
    # In a message of more than a query's words, "my thyroid is
    # underactive" searched "thyroid" and "underactive" as chatter, and
    # "my back hurts" "back": the plain saying was read in queries only.
    entries = [
        make_entry(
            "hypothyroidism",
            "Hypothyroidism",
            ["Underactive thyroid"],
            Summary="The thyroid gland does not make enough hormone; most "
            "people take a pill every day for life.",
        ),
        make_entry(
            "thyroid-tests",
            "Thyroid tests",
            [],
            Summary="Blood tests show how well the thyroid works; take them "
            "in the morning before pills, for the rest of a course.",
        ),
        make_entry(
            "back-pain",
            "Back pain",
            [],
            Summary="Pain in the lower back; most gets better in weeks.",
        ),
        make_entry(
            "ankle-swelling",
            "Ankle swelling",
            [],
            Summary="Fluid builds up in the feet and ankles, often at night; "
            "wide shoes and raised legs help.",
        ),
        *other_topics(words=" thyroid back morning ankles"),
    ]
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("swollen; swelling\n")
    message = (
        "Thyroid question. I'm 52 and was told last month my thyroid is "
        "underactive. Will I need to take pills for the rest of my life?"
    )
    with searching(tmp_path, entries, thesaurus=thesaurus) as service:
        plan = service.plan(message)
        assert plan.message
        assert ("hypothyroidism",) in [c.entries for c in plan.concepts]
        assert service.search(message).results[0].entry_id == "hypothyroidism"
        hurts = (
            "I have had this for weeks now and my back hurts every morning "
            "when I get out of bed, what should I do"
        )
        assert ("back-pain",) in [c.entries for c in service.plan(hurts).concepts]
        # Said plainly, in the curated group's words too ("swollen" is
        # "swelling"); "wife's" is no slip of "wide".
        swollen = (
            "my wife's ankles are swollen and she is short of breath when she "
            "lies down at night, what could it be"
        )
        plan = service.plan(swollen)
        assert ("ankle-swelling",) in [c.entries for c in plan.concepts]
        assert "wide" not in (plan.corrected or "")
        assert not any("wide" in c.label for c in plan.concepts)
        # Words said away only at a run's end: "hurts my back" is no pain.
        injury = (
            "I fell off a ladder at work last week and it hurts my back and "
            "my arm when I lift anything heavy at all"
        )
        assert all(not c.entries for c in service.plan(injury).concepts)


def test_words_typed_with_caps_lock_are_read_as_words(tmp_path):
    # A subject line typed in capitals, the message in small letters:
    # "COLD" was read as a code the texts lack (a topic no more), and
    # "UNDERSTAND" matched a title, which then led.
    entries = [
        make_entry(
            "common-cold",
            "Common cold",
            ["Cold"],
            Summary="A cold is caught from germs; some people catch colds "
            "more often than others.",
        ),
        make_entry(
            "research",
            "Understanding medical research",
            [],
            Summary="How to understand a study.",
        ),
        *other_topics(10, words=" understand people"),
    ]
    with searching(tmp_path, entries) as service:
        query = "WHY DO I CATCH A COLD i UNDERSTAND THAT PEOPLE PASS ON GERMS"
        assert service.search(query).results[0].entry_id == "common-cold"
        labels = [c.label for c in service.plan(query).concepts]
        assert "cold" in labels and "COLD" not in labels
        # A code among small letters stays a code.
        assert SearchRequest.clean("is COPD like CHF").text == "is COPD like CHF"


def test_addresses_and_text_speak_are_no_words_of_the_question(tmp_path):
    # A pasted signature's address was searched and "corrected" ("gmail"
    # offered as "gail"); "wat is lupus" named *Wolffian adnexal tumor* by
    # its code WAT, and "pls" *Primary lateral sclerosis* by PLS.
    entries = [
        make_entry("lupus", "Lupus", [], Summary="Lupus is an autoimmune disease."),
        make_entry("wat", "Wolffian adnexal tumor", ["WAT"], Summary="A rare tumor."),
        make_entry(
            "pls", "Primary lateral sclerosis", ["PLS"], Summary="A nerve disease."
        ),
        make_entry("gail", "Gail model", [], Summary="Gail model of breast risk."),
        *other_topics(words=" lupus"),
    ]
    with searching(tmp_path, entries) as service:
        query = "email jo.smith@gmail.com or call 555-123-4567 or see www.x.org/lupus"
        found = service.search(f"{query} about lupus")
        assert found.did_you_mean is None
        assert [h.entry_id for h in found.results][:1] == ["lupus"]
        labels = [c.label for c in service.plan(f"{query} about lupus").concepts]
        assert labels == ["email", "call", "see", "lupus"]
        for typed in ("wat is lupus", "Wat is lupus", "pls tell me about lupus"):
            named = [c.entries for c in service.plan(typed).concepts]
            assert named == [("lupus",)], typed
        # A code in capitals, or a word alone, is still what it names.
        assert service.search("WAT").results[0].entry_id == "wat"
        assert service.search("pls").results[0].entry_id == "pls"


def test_a_name_in_the_possessive_alone_names_its_disease(tmp_path):
    """People say "Parkinson's" for the disease. Alone, the word named
    nothing, so no entry got the name match and a question's kind of
    section went to any entry that mentions it; now it is *Parkinson
    disease*. A possessive of a code's syndrome is not read so ("child's"
    is no *CHILD syndrome*), nor an everyday possessive."""
    entries = [
        make_entry(
            "parkinson",
            "Parkinson disease",
            Summary="Parkinson disease affects movement.",
            Treatment="Levodopa treats the stiffness of Parkinson disease.",
        ),
        make_entry(
            "tremor",
            "Tremor",
            Treatment="A tremor may be treated; it is common in Parkinson's.",
        ),
        make_entry("child", "CHILD syndrome", Summary="A rare skin condition."),
        make_entry("fever", "Fever", Summary="A child's fever is common."),
        *other_topics(),
    ]
    with searching(tmp_path, entries) as service:
        concept = service.plan("parkinson's treatment").concepts[0]
        assert concept.entries == ("parkinson",)
        assert service.search("parkinson's treatment").results[0].entry_id == (
            "parkinson"
        )
        assert not service.plan("child's fever").concepts[0].entries
        assert not service.plan("my mother's treatment").concepts[0].entries


def test_a_possessive_typed_without_its_apostrophe_names_its_disease(tmp_path):
    """People most often type "parkinsons" and "crohns". Read as plain
    words they named nothing, so `parkinsons treatment` listed another
    entry's Treatment first. Where some name says the word in the
    possessive, the word without its apostrophe is that possessive; a
    plural of an everyday word is not ("kidneys": no name says
    "kidney's")."""
    entries = [
        make_entry(
            "parkinson",
            "Parkinson disease",
            ["Parkinson's disease"],
            Summary="Parkinson disease affects movement.",
            Treatment="Levodopa treats the stiffness.",
        ),
        make_entry(
            "perry",
            "Perry syndrome",
            Treatment="Treatment of parkinsonism in Perry syndrome, as in "
            "parkinsons disease, eases the stiffness of a person's muscles.",
        ),
        make_entry(
            "kidney",
            "Kidney disease",
            Summary="Kidney disease means the kidneys are damaged.",
        ),
        *other_topics(words=" kidneys"),
    ]
    with searching(tmp_path, entries) as service:
        for query in ("parkinsons", "parkinsons treatment", "Parkinsons"):
            concept = service.plan(query).concepts[0]
            assert concept.entries == ("parkinson",), query
            found = service.search(query).results
            assert found[0].entry_id == "parkinson"
            # The name's own words are searched as written: its key's lone
            # "s" was searched, and marked in every "person's".
            assert "<mark>s</mark>" not in " ".join(h.snippet for h in found)
        assert not service.plan("kidneys").concepts[0].entries


def test_a_possessive_typed_without_its_apostrophe_inside_a_name(tmp_path):
    """Only a word alone was read so: `swimmers ear`, `lou gehrigs disease`
    and `coal workers pneumoconiosis` named nothing, and `swimmers ear`
    listed a page about swimmers first. The possessive may be a name's
    first word, where some name says that word so, or a later one; a run
    that ends in it is the disease it stands for (`lou gehrigs`)."""
    entries = [
        make_entry(
            "otitis",
            "Otitis externa",
            ["Swimmer's ear"],
            Summary="Otitis externa is an infection of the outer ear canal.",
        ),
        make_entry(
            "als",
            "Amyotrophic lateral sclerosis",
            ["Lou Gehrig's disease", "ALS"],
            Summary="Amyotrophic lateral sclerosis weakens the muscles.",
        ),
        make_entry(
            "black-lung",
            "Black lung",
            ["Coal worker's pneumoconiosis"],
            Summary="Black lung comes from breathing coal dust.",
        ),
        make_entry(
            "swimming",
            "Swimming safety",
            Summary="Swimmers should rest. Swimmers ear plugs keep water out.",
        ),
        make_entry(
            "mnd",
            "Motor neuron disease",
            Summary="Motor neuron disease harms the motor neurons.",
        ),
        *other_topics(words=" workers kidneys"),
    ]
    with searching(tmp_path, entries) as service:
        for query, entry in (
            ("swimmers ear", "otitis"),
            ("swimmers ear pain", "otitis"),
            ("lou gehrigs disease", "als"),
            ("lou gehrigs", "als"),
            ("lou gehrig's", "als"),
            ("coal workers pneumoconiosis", "black-lung"),
        ):
            concept = service.plan(query).concepts[0]
            assert concept.entries == (entry,), query
            assert service.search(query).results[0].entry_id == entry, query
        # Typed without its "s" too, in a query: "swimmer ear".
        for query, entry in (
            ("swimmer ear", "otitis"),
            ("lou gehrig disease", "als"),
            ("coal worker pneumoconiosis", "black-lung"),
        ):
            concept = service.plan(query).concepts[0]
            assert concept.entries == (entry,), query
            assert service.search(query).results[0].entry_id == entry, query
        # A plural that no name says in the possessive stays a plural, and
        # is no eponym ("motor neurons" is no *Motor neuron disease*).
        assert not any(c.entries for c in service.plan("kidneys workers").concepts)
        assert not any(c.entries for c in service.plan("the motor neurons").concepts)


def test_an_eponym_without_its_disease_or_syndrome_names_it(tmp_path):
    """`osgood schlatter` matched no section: its entry is known by name
    only, and its words are in no text. The page said nothing matched. A
    run that every name beginning with it continues by one kind, "disease"
    or "syndrome", is that name, as a possessive alone is; not a run that
    begins other names too, a word that describes, or a word of the texts."""

    entries = [
        make_entry(
            "troyer",
            "Troyer syndrome",
            Summary="Troyer syndrome stiffens the legs.",
            Treatment="Therapy eases the stiffness of Troyer syndrome.",
        ),
        held_by_name("osgood", "Osgood-Schlatter disease", ["Osteochondrosis"]),
        make_entry(
            "kienbock",
            "Kienbock disease",
            Summary="Kienbock disease is an osteochondrosis of the wrist.",
        ),
        make_entry("cushing-d", "Cushing disease", Summary="A pituitary tumor."),
        make_entry("cushing-s", "Cushing syndrome", Summary="Too much cortisol."),
        make_entry("kidney-d", "Kidney disease", Summary="Damaged kidneys."),
        make_entry("kidney-s", "Kidney stones", Summary="Stones in the kidneys."),
        make_entry(
            "demyelinating",
            "Demyelinating disease",
            Summary="Myelin is lost around the nerves.",
        ),
        *other_topics(words=" disease syndrome"),
    ]
    with searching(tmp_path, entries) as service:
        for query in ("troyer", "troyer treatment", "Troyer"):
            assert service.plan(query).concepts[0].entries == ("troyer",), query
            assert service.search(query).results[0].entry_id == "troyer", query
        found = service.search("osgood schlatter")
        assert [n.entry_id for n in found.name_only] == ["osgood"]
        # Its other name is searched; "disease" alone, in every entry, is not.
        assert [h.entry_id for h in found.results] == ["kienbock"]
        for query in ("cushing", "kidney", "demyelinating"):
            assert not service.plan(query).concepts[0].entries, query
        # A name written later is read at once: the readings remembered
        # belong to the index as it was.
        assert not service.plan("bjornstad").concepts[0].entries
        added = make_entry("bjornstad", "Bjornstad syndrome", Summary="Pili torti.")
        service.upsert([SourcedEntry(added, "api", "bjornstad")])
        assert service.plan("bjornstad").concepts[0].entries == ("bjornstad",)


def test_a_name_typed_without_its_kind_word_names_it(tmp_path):
    """`inflammatory bowel` listed sections that say "inflammatory" and
    "bowel" apart before *Inflammatory bowel disease*: people leave out the
    word that says what kind of thing a name is. A run names such a name
    where the texts write it on with that word at least half the time; not
    where they mostly write it on otherwise, nor where the query goes on
    with a word the texts write after the run ("heart valve replacement")."""
    entries = [
        make_entry(
            "ibd",
            "Inflammatory bowel disease",
            Summary="Inflammatory bowel disease inflames the gut for years.",
            Treatment="Medicines calm the flares of inflammatory bowel disease.",
        ),
        make_entry(
            "diet",
            "Diet and the gut",
            Summary="People with inflammatory bowel disease may avoid some foods.",
        ),
        make_entry(
            "obstruction",
            "Bowel obstruction",
            Summary="An inflammatory mass can block the bowel. The bowel swells,"
            " inflammatory cells gather in the bowel wall; inflammatory pain.",
            Treatment="Surgery opens the bowel; an inflammatory mass is removed.",
        ),
        make_entry(
            "valve",
            "Heart valve disease",
            Summary="Heart valve disease keeps a valve from opening.",
            Causes="Heart valve disease follows rheumatic fever.",
            Treatment="Heart valve disease may need a heart valve replacement.",
        ),
        make_entry(
            "bypass",
            "Coronary artery bypass",
            Summary="A coronary artery bypass routes blood past a blocked"
            " coronary artery.",
            Outlook="After a coronary artery bypass most people go home.",
        ),
        make_entry(
            "cad",
            "Coronary artery disease",
            Summary="Coronary artery disease narrows the arteries.",
        ),
        # Common words, as they are: a rare run is an eponym's (see above).
        *other_topics(24, words=" valve and heart, bowel and inflammatory"),
    ]
    with searching(tmp_path, entries) as service:
        for query in ("inflammatory bowel", "treatment for inflammatory bowel"):
            named = [c.entries for c in service.plan(query).concepts if c.entries]
            assert named == [("ibd",)], query
            assert service.search(query).results[0].entry_id == "ibd", query
        first = service.search("treatment for inflammatory bowel").results[0]
        assert first.section == "Treatment"
        assert service.plan("heart valve").concepts[0].entries == ("valve",)
        # The synonyms lookup reads a term as a query reads it.
        looked_up = service.synonyms("inflammatory bowel")
        assert looked_up["read_as"] == "inflammatory bowel disease"
        assert [m["entry_id"] for m in looked_up["matches"]] == ["ibd"]
        # What the query goes on with, the texts write after the run.
        for query in ("heart valve replacement", "coronary artery", "bowel"):
            named = {e for c in service.plan(query).concepts for e in c.entries}
            assert not named & {"valve", "cad", "ibd"}, query


def test_a_glossary_word_held_by_name_is_no_name_where_a_name_goes_on(tmp_path):
    """A.D.A.M. holds glossary words by name only ("Systemic", "Chronic").
    `systemic lupus` said *Systemic* was known here by name only, though
    the two words begin *Systemic lupus erythematosus*; alone the word is
    still that entry's name, and a name with text still names as typed."""
    entries = [
        held_by_name("systemic", "Systemic"),
        make_entry(
            "sle",
            "Systemic lupus erythematosus",
            ["Lupus"],
            Summary="Systemic lupus erythematosus harms the skin and joints.",
        ),
        make_entry(
            "chronic-pain",
            "Chronic pain",
            Summary="Chronic pain lasts for months; systemic illness can cause it.",
        ),
        *other_topics(words=" systemic"),
    ]
    with searching(tmp_path, entries) as service:
        found = service.search("systemic lupus")
        assert not found.name_only
        assert found.results[0].entry_id == "sle"
        named = {e for c in service.plan("systemic lupus").concepts for e in c.entries}
        assert "systemic" not in named
        assert service.plan("systemic").concepts[0].entries == ("systemic",)
        assert [n.entry_id for n in service.search("systemic").name_only] == [
            "systemic"
        ]


def test_an_eponym_names_what_most_sources_call_by_it(tmp_path):
    """`marfan`, `huntington` and `tourette` named nothing: *Marfan
    syndrome* is also "Marfan syndrome type 1", *Huntington disease* begins
    *Huntington disease-like syndrome*, and "Tourette disorder" is another
    name of *Tourette syndrome*, so the run did not begin one name only.
    Typed alone they listed the entries' Inheritance and Treatment sections
    before their summaries. A run names the disease or syndrome most
    sources carry under it when what else begins with it is that thing too,
    or goes on from it; not when as many sources carry another thing so."""

    def sourced(entry, source):
        return replace(entry, source=source)

    entries = [
        make_entry(
            "marfan",
            "Marfan syndrome",
            ["Marfan's syndrome", "Marfan syndrome type 1"],
            Summary="Marfan syndrome affects the connective tissue.",
            Inheritance="Marfan syndrome is inherited in a dominant pattern.",
        ),
        sourced(
            make_entry(
                "marfan-2",
                "Marfan syndrome",
                Summary="A disorder of connective tissue, Marfan syndrome.",
                Treatment="Marfan syndrome has no cure; the heart is watched.",
            ),
            "GARD",
        ),
        make_entry(
            "huntington",
            "Huntington disease",
            Summary="Huntington disease wears away nerve cells.",
            Inheritance="Huntington disease is inherited; a parent passes it on.",
        ),
        sourced(
            make_entry(
                "huntington-2",
                "Huntington disease",
                Summary="Huntington disease causes movements no one meant.",
            ),
            "NINDS",
        ),
        sourced(
            make_entry(
                "hdl",
                "Huntington disease-like syndrome",
                Summary="Signs like those of Huntington disease.",
            ),
            "GARD",
        ),
        make_entry(
            "tourette",
            "Tourette syndrome",
            ["Tourette disorder"],
            Treatment="Tourette syndrome tics are treated when they hinder.",
            Summary="Tourette syndrome causes tics.",
        ),
        make_entry(
            "becker-md",
            "Becker muscular dystrophy",
            Summary="Becker muscular dystrophy weakens the muscles.",
        ),
        sourced(
            make_entry("becker-d", "Becker's disease", Summary="Becker's disease."),
            "GARD",
        ),
        *other_topics(words=" disease syndrome"),
    ]
    with searching(tmp_path, entries) as service:
        for query, named in (
            ("marfan", {"marfan", "marfan-2"}),
            ("huntington", {"huntington", "huntington-2"}),
            ("tourette", {"tourette"}),
        ):
            assert set(service.plan(query).concepts[0].entries) == named, query
            first = service.search(query).results[0]
            assert (first.entry_id, first.section) in {
                (entry, "Summary") for entry in named
            }, query
        # "becker" begins two things' names, which as many sources carry.
        assert not service.plan("becker").concepts[0].entries


def test_a_possessive_names_the_one_thing_it_owns(tmp_path, monkeypatch):
    """`wegeners` and `kaposi's` named nothing: no disease or syndrome is
    named after Wegener or Kaposi, but *Wegener's granulomatosis* and
    *Kaposi's sarcoma* are. A possessive names the one thing after it that
    most sources carry, as a bare eponym names its disease or syndrome;
    typed without its apostrophe only where the word is no everyday one:
    "athletes" is a plural, not *Athlete's foot*'s owner."""
    entries = [
        make_entry(
            "gpa",
            "Granulomatosis with polyangiitis",
            ["Wegener's granulomatosis", "Wegener granulomatosis"],
            Summary="An inflammation of small blood vessels.",
        ),
        make_entry(
            "kaposi",
            "Kaposi sarcoma",
            ["Kaposi's sarcoma"],
            Summary="A cancer that forms in the lining of blood vessels.",
        ),
        make_entry(
            "athletes-foot",
            "Athlete's foot",
            Summary="A fungus infection of the skin of the feet.",
        ),
        make_entry("sport", "Sports", Summary="Athletes train and exercise."),
        *other_topics(),
    ]
    with searching(tmp_path, entries) as service:
        for query, entry in (
            ("wegeners", "gpa"),
            ("wegener's symptoms", "gpa"),
            ("kaposi's", "kaposi"),
            ("athlete's", "athletes-foot"),
        ):
            named = [c.entries for c in service.plan(query).concepts if c.entries]
            assert named == [(entry,)], query
            assert service.search(query).results[0].entry_id == entry, query
        assert not any(c.entries for c in service.plan("athletes").concepts)
    monkeypatch.setattr(Eponyms, "owned", lambda self, typed, key: None)
    with searching(tmp_path / "before", entries) as service:
        assert not any(c.entries for c in service.plan("wegeners").concepts)


def test_words_that_count_together_match_nothing_if_one_is_in_no_section(tmp_path):
    """`quinsy`, known by name only, is also searched as its other name,
    "peritonsillar abscess", whose words count together. "peritonsillar"
    is in no text, and the words left were searched together alone: every
    section about an abscess was listed as if it were a quinsy."""

    entries = [
        held_by_name("quinsy", "Quinsy", ["Peritonsillar abscess"]),
        make_entry(
            "tooth", "Tooth abscess", Summary="A tooth abscess is a pocket of pus."
        ),
        *other_topics(),
    ]
    with searching(tmp_path, entries) as service:
        found = service.search("quinsy")
        assert [n.entry_id for n in found.name_only] == ["quinsy"]
        assert not found.results
        assert service.search("abscess").results[0].entry_id == "tooth"


def test_a_past_no_ending_makes_is_searched_as_its_verb(tmp_path):
    """`stung by a bee` is a sting: the stemmer leaves "stung" apart from
    "sting", so a message searched it as chatter, and *Allergic asthma*
    (its title says "allergic") led the page."""
    entries = [
        make_entry(
            "stings",
            "Insect bites and stings",
            [],
            Summary="A bee sting swells and hurts; some people have an "
            "allergic reaction to stings.",
        ),
        make_entry(
            "allergic-asthma",
            "Allergic asthma",
            [],
            Summary="Asthma set off by an allergic reaction to pollen or dust.",
        ),
        *other_topics(words=" arm"),
    ]
    message = (
        "My son was stung by a bee and his arm is swollen up to the elbow. "
        "Is this an allergic reaction?"
    )
    with searching(tmp_path, entries) as service:
        plan = service.plan(message)
        assert plan.message
        stung = next(c for c in plan.concepts if c.label == "stung")
        assert not stung.chatter
        assert service.search(message).results[0].entry_id == "stings"
        assert service.search("stung by a bee").results[0].entry_id == "stings"


def test_a_name_known_by_name_only_is_no_chatter_in_a_message(tmp_path):
    """A pasted message's words that no title or name holds are chatter;
    a name held by name only has no title in the index, and *Nosebleed*
    weighed as little as "keeps" and "getting"."""
    entries = [
        held_by_name("nosebleed", "Nosebleed", ["Epistaxis"]),
        make_entry(
            "hht",
            "Hereditary hemorrhagic telangiectasia",
            Summary="Frequent nosebleeds are the commonest sign; nosebleeds "
            "may come every day.",
        ),
        make_entry(
            "winter",
            "Winter weather emergencies",
            Summary="Cold weather, snow and ice in winter; keep warm every day.",
        ),
        *other_topics(words=" day"),
    ]
    message = (
        "My son keeps getting nosebleeds, almost every day, especially in "
        "winter. Why does this happen and should we see someone?"
    )
    with searching(tmp_path, entries) as service:
        plan = service.plan(message)
        assert plan.message
        named = [c for c in plan.concepts if c.entries == ("nosebleed",)]
        assert len(named) == 1 and not named[0].chatter
        found = service.search(message)
        assert [n.entry_id for n in found.name_only] == ["nosebleed"]
        assert "hht" in {h.entry_id for h in found.results}


def test_a_name_known_by_name_only_is_typed_whole_or_not_at_all(tmp_path):
    """`asherman syndrome` names *Asherman syndrome*, known by name only;
    "asherman" is in no section, and "syndrome" alone listed every
    syndrome (*Down syndrome* first) under the name's line. `asherman`
    alone already listed nothing. Where every typed word is in some
    section (`sheehan syndrome`), they still count one by one."""
    entries = [
        held_by_name("asherman", "Asherman syndrome", ["Intrauterine adhesions"]),
        held_by_name("sheehan", "Sheehan syndrome"),
        make_entry("down", "Down syndrome", Summary="Down syndrome is trisomy 21."),
        make_entry(
            "scars",
            "Uterine scarring",
            Summary="Intrauterine adhesions follow surgery on the uterus.",
        ),
        make_entry(
            "pituitary",
            "Hypopituitarism",
            Summary="Sheehan syndrome follows heavy bleeding in childbirth.",
        ),
        *other_topics(words=" syndrome"),
    ]
    with searching(tmp_path, entries) as service:
        for query in ("asherman syndrome", "Asherman syndrome", "asherman"):
            found = service.search(query)
            assert [n.entry_id for n in found.name_only] == ["asherman"], query
            # Its other name is searched; "syndrome" alone is not.
            assert [h.entry_id for h in found.results] == ["scars"], query
        found = service.search("sheehan syndrome").results
        assert found[0].entry_id == "pituitary"
        assert "down" in [h.entry_id for h in found]


def test_the_parts_of_a_hyphened_word_count_without_a_misspelt_one(tmp_path):
    """The parts of a word typed with hyphens are what was typed, not a
    name the engine chose: one misspelt ("Wieddeman") leaves the others to
    match, also as typed (`exact`), where a synonym matches whole or not."""
    entries = [
        make_entry(
            "bws",
            "Beckwith-Wiedemann syndrome",
            Summary="Beckwith-Wiedemann syndrome is an overgrowth disorder.",
        ),
        *other_topics(),
    ]
    with searching(tmp_path, entries) as service:
        for exact in (False, True):
            found = service.search("Beckwith-Wieddeman", exact=exact).results
            assert [h.entry_id for h in found] == ["bws"], exact


def test_a_possessive_names_the_form_of_the_name_more_sources_carry(tmp_path):
    """`alzheimer's` named *Alzheimer disease*, as one collection writes it
    and a subtype carries it among its names, and not the consumer
    collections' *Alzheimer's Disease*. Of the two forms, the one more
    sources carry is the topic's common name."""
    from dataclasses import replace

    def made(entry_id, title, source, names=()):
        entry = make_entry(entry_id, title, names, Summary=f"About {title}.")
        return replace(entry, source=source)

    entries = [
        made("ghr", "Alzheimer disease", "GHR"),
        made("early", "Early-onset Alzheimer disease", "GHR", ["Alzheimer disease"]),
        made("mplus", "Alzheimer's Disease", "MPlus"),
        made("seniors", "Alzheimer's Disease", "Seniors"),
        made("ninds", "Alzheimer's Disease", "NINDS"),
        made("down", "Down syndrome", "GHR"),
        made("down-mplus", "Down syndrome", "MPlus", ["Down's syndrome"]),
        *other_topics(),
    ]
    with searching(tmp_path, entries) as service:
        (concept,) = service.plan("alzheimer's").concepts
        assert set(concept.entries) == {"mplus", "seniors", "ninds"}
        # Fewer sources carry "Down's syndrome": the name as typed loses.
        (concept,) = service.plan("down's").concepts
        assert set(concept.entries) == {"down", "down-mplus"}


def _side_effects_and_statins() -> list:
    """*Drug Reactions*, one of whose names is "side effects", and *Statins*."""
    return [
        make_entry(
            "drug-reactions",
            "Drug Reactions",
            ["Side effects"],
            Summary="Side effects are unwanted effects of a medicine. Most side "
            "effects are mild; some drug reactions are severe.",
        ),
        make_entry(
            "statins",
            "Statins",
            [],
            Summary="Statins lower cholesterol. Muscle pain is one side effect.",
        ),
    ]


def test_a_name_that_is_a_kind_of_section_is_that_kind_beside_another_name(tmp_path):
    # "statins side effects" listed *Drug Reactions* first: "side effects"
    # is one of its names, and also what the Side Effects sections are.
    entries = [
        *_side_effects_and_statins(),
        make_entry(
            "atenolol",
            "Atenolol",
            [],
            Why_It_Is_Used="Atenolol treats high blood pressure.",
            Side_Effects="Atenolol may cause tiredness.",
        ),
        *other_topics(),
    ]
    with searching(tmp_path, entries) as service:
        for query, entry, section in (
            ("statins side effects", "statins", "Summary"),
            ("side effects of atenolol", "atenolol", "Side Effects"),
            ("atenolol side effect", "atenolol", "Side Effects"),
        ):
            concepts = service.plan(query).concepts
            kind = next(c for c in concepts if c.label.lower().startswith("side"))
            assert kind.entries == () and kind.synonyms == (), query
            first = service.search(query).results[0]
            assert (first.entry_id, first.section) == (entry, section), query
        # Alone, or beside nothing else named, it is still the name.
        for query in ("side effects", "side effects at night"):
            assert [c.entries for c in service.plan(query).concepts][0] == (
                "drug-reactions",
            ), query
            assert service.search(query).results[0].entry_id == "drug-reactions"


def test_a_kind_the_index_holds_no_section_of_is_still_a_kind(tmp_path):
    # MedQuAD withholds its drug leaflets: no section is a "Side Effects"
    # one, and `statins side effects` still listed *Drug Reactions* first.
    entries = [
        *_side_effects_and_statins(),
        *other_topics(),
    ]
    with searching(tmp_path, entries) as service:
        with pytest.raises(UnknownFilter):  # no section is of that kind
            service.search("statins", section="Side Effects")
        kind = service.plan("statins side effects").concepts[-1]
        assert kind.entries == () and kind.synonyms == ()
        assert service.search("statins side effects").results[0].entry_id == "statins"
        assert service.search("side effects").results[0].entry_id == "drug-reactions"


def test_a_suggestion_is_listed_once_whatever_its_case(service):
    # The speller reads a word cut short as "hypertension"; the names it
    # begins include "Hypertension": one suggestion, as the name writes it.
    found = service.synonyms("hypert")
    folded = [s.casefold() for s in found["suggestions"]]
    assert folded.count("hypertension") == 1
    assert "Hypertension" in found["suggestions"]
