"""Ranking on what people actually type: one test per pattern that went wrong.

Each test names a way real consumer questions were ranked badly (see the
README's "Ranking") and checks, on small hand-written entries, the order a
person would expect. Assertions are on order, never on scores.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest

from indexer import analysis, concepts, segments, understanding
from indexer.build import build_index
from indexer.codes import Codes
from indexer.naming import Namer
from indexer.proximity import FAR, _gaps
from indexer.ranking import Ranker
from indexer.search import SearchService
from indexer.sources import SourcedEntry

from .builders import held_by_name, make_entry, other_topics, searching

ENTRIES = [
    make_entry(
        "aortic-stenosis",
        "Aortic stenosis",
        ["Aortic valve stenosis"],
        Summary="Aortic stenosis is a narrowing of the aortic valve of the heart, "
        "so the heart must pump harder to push blood out.",
        Treatment="A narrowed valve may be replaced by surgery or through a "
        "catheter. Medicines ease the symptoms.",
    ),
    make_entry(
        "general-health",
        "Staying healthy",
        [],
        Summary="General health advice: eat well, sleep enough and stay active. "
        "Good general health helps the heart.",
    ),
    make_entry(
        "high-blood-pressure",
        "High blood pressure",
        ["Hypertension", "HBP"],
        Summary="High blood pressure means the force of blood against the "
        "artery walls stays too high. Over time it damages the heart.",
        Treatment="Less salt, more exercise and medicines lower blood pressure.",
    ),
    make_entry(
        "pulmonary-hypertension",
        "Pulmonary arterial hypertension",
        ["PAH"],
        Summary="Pulmonary arterial hypertension is high pressure in the "
        "arteries of the lungs; hypertension there strains the right heart. "
        "Hypertension of the lungs differs from ordinary hypertension.",
    ),
    make_entry(
        "beckwith",
        "Beckwith-Wiedemann syndrome",
        ["BWS"],
        Summary="Beckwith-Wiedemann syndrome is an overgrowth condition "
        "present from birth.",
        Inheritance="Most cases are not inherited.",
    ),
    make_entry(
        "wilms",
        "Wilms tumor",
        [],
        Summary="A kidney cancer of children. Some children with an overgrowth "
        "syndrome, such as Beckwith-Wiedemann syndrome, have a higher risk, so "
        "where can parents find information on screening?",
    ),
    make_entry(
        "rash-fever",
        "Rash and fever in children",
        [],
        Summary="A rash with a fever in a child is often a viral illness. "
        "Call a doctor if the rash does not fade when pressed.",
    ),
    make_entry(
        "scarlet-fever",
        "Scarlet fever",
        [],
        Summary="A bacterial illness with a sore throat, fever and a red rash "
        "that feels like sandpaper.",
    ),
    make_entry(
        "phone-numbers",
        "Helplines",
        [],
        Summary="Call the helpline on a weekday to make an appointment; a "
        "nurse will answer your questions.",
    ),
    make_entry(
        "gout",
        "Gout",
        ["Gouty arthritis"],
        Summary="Gout is arthritis from uric acid crystals in a joint.",
        Research="Researchers study new gout medicines in clinical trials.",
        Outlook="With treatment most people with gout do well.",
        Treatment="Gout attacks are treated with anti-inflammatory medicines "
        "and colchicine; allopurinol prevents new attacks.",
        Exams_and_Tests="Fluid from the joint is tested for crystals.",
    ),
    make_entry(
        "lung-cancer",
        "Lung cancer",
        [],
        Summary="Cancer that starts in the lungs.",
        Causes="Smoking causes most lung cancers.",
        Exams_and_Tests="A CT scan and a biopsy diagnose lung cancer.",
    ),
    make_entry(
        "rhabdomyosarcoma",
        "Alveolar rhabdomyosarcoma",
        ["ARMS"],
        Summary="A soft tissue cancer of children, often in the arms or legs.",
    ),
    make_entry(
        "arm-pain",
        "Arm pain",
        [],
        Summary="Pain in the arms after lifting usually comes from the muscles. "
        "Sore arms get better with rest.",
    ),
    make_entry(
        "asthma",
        "Asthma",
        [],
        Summary="Asthma inflames and narrows the airways.",
        Treatment="Inhalers open the airways during an asthma attack.",
    ),
    make_entry(
        "asthma-children",
        "Asthma in children",
        ["Childhood asthma"],
        Summary="Asthma in children is the commonest long-term illness of "
        "childhood; children wheeze and cough at night.",
    ),
    make_entry(
        "sleep-deprivation",
        "Sleep deprivation",
        [],
        Summary="Sleep deprivation is too little sleep. Chronic sleep "
        "deprivation adds up: sleep deprivation over weeks harms memory, and "
        "sleep deprivation in teenagers is common; its symptoms come slowly.",
        Symptoms="Drowsiness by day, poor memory and irritability.",
        Treatment="Regular hours and a dark bedroom restore sleep.",
    ),
    # One topic from two sources, as MedQuAD has for common conditions.
    make_entry(
        "shingles",
        "Shingles",
        ["Herpes zoster"],
        Summary="Shingles is a painful rash from the chickenpox virus.",
        Causes="The virus wakes up years after chickenpox.",
        Treatment="Antiviral medicines shorten an attack of shingles.",
    ),
    make_entry(
        "shingles-seniors",
        "Shingles",
        [],
        Summary="Shingles is common in older adults.",
        Symptoms="Burning pain, then a band of blisters on one side.",
        Prevention="A vaccine lowers the chance of shingles.",
    ),
    # A title a question holds word by word, one part as a synonym.
    make_entry(
        "hypoglycemia",
        "Hypoglycemia",
        ["Low blood sugar"],
        Summary="Hypoglycemia is blood sugar that drops too low.",
        Causes="Hypoglycemia is caused most often by diabetes medicines, a "
        "missed meal or hard exercise.",
        Prevention="Eat regular meals and check blood sugar before driving to "
        "prevent hypoglycemia.",
    ),
    make_entry(
        "newborn-hypoglycemia",
        "Low blood sugar - newborns",
        ["Neonatal hypoglycemia"],
        Summary="Some babies have low blood sugar in the first days of life.",
        Causes="Babies of mothers with diabetes and babies born early make "
        "too much insulin or store too little sugar.",
        Prevention="Feeding babies in the first hour of life helps prevent it.",
        Treatment="Babies are fed early; some get sugar through a vein.",
    ),
    make_entry(
        "school-health",
        "School health",
        [],
        Summary="Children with asthma, allergies or diabetes need a plan at "
        "school; asthma attacks in children are common there.",
    ),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with searching(tmp_path_factory.mktemp("ranking"), ENTRIES) as service:
        yield service


def entries(service, query: str, **kwargs) -> list[str]:
    hits = service.search(query, per_page=20, **kwargs).results
    return list(dict.fromkeys(h.entry_id for h in hits))


def assert_named_first(service, query: str, entry: str) -> None:
    """The query is read as one concept naming ``entry``, listed first."""
    (concept,) = service.plan(query).concepts
    assert concept.entries == (entry,), query
    assert entries(service, query)[0] == entry


def first(service, query: str) -> tuple[str, str]:
    hit = service.search(query).results[0]
    return hit.entry_id, hit.section


# 1. Every word required and a fallback only when nothing matched: weak
#    partial matches used to stop the page.
def test_a_word_that_matches_elsewhere_does_not_hide_the_topic(service):
    assert entries(service, "general health aortic stenosis")[0] == "aortic-stenosis"


def test_question_words_do_not_empty_the_page(service):
    ranked = entries(service, "where can i find information on Beckwith-Wiedemann")
    assert ranked[0] == "beckwith"


def test_a_word_no_section_has_leaves_the_others_ranked(service):
    assert entries(service, "aortic stenosis zzyzx")[0] == "aortic-stenosis"


# 2. Long messages were cut to their rarest words (typos, names of people,
#    phone numbers) and lost what they were about.
def test_a_long_message_keeps_what_it_is_about(service):
    message = (
        "Hi, my name is Margaret Anderson and my 4 year old daughter has had a "
        "rash and a fever since Tuesday, the rash is on her chest, I called "
        "555-0199 but nobody answered, what should I do?"
    )
    assert entries(service, message)[0] == "rash-fever"


def test_a_message_tells_its_chatter_from_its_topic(service):
    # The plan says which words no title or name holds; ranking weighs them
    # less (``Tuning.chatter``). A short query's every word is deliberate.
    message = (
        "my daughter Margaret has had a rash and a fever since Tuesday and "
        "nobody answered the phone"
    )
    chatter = {c.label: c.chatter for c in service.plan(message).concepts}
    assert chatter["Tuesday"] and chatter["Margaret"]
    assert not chatter["rash"] and not chatter["fever"]
    assert not any(c.chatter for c in service.plan("rash Tuesday").concepts)


def test_words_run_together_name_what_the_two_words_name(tmp_path):
    # "bedsores" is read as "bed sores", an alternative name of Pressure
    # sores: it names the entry and is searched under its other names too,
    # as "bed sores" typed apart is (once the cut words were judged as one
    # lone word, which needs a title to be a name, and named nothing).
    sores = make_entry(
        "pressure-sores",
        "Pressure sores",
        ["Bed sores"],
        Summary="Pressure sores form where skin presses on a bed or chair.",
    )
    care = make_entry(
        "wound-care",
        "Wound care",
        Summary="Turn a patient every two hours to prevent pressure sores.",
    )
    topics = other_topics(25, words=" of bed sores")  # "bed" no rare word
    with searching(tmp_path, [sores, care, *topics]) as service:
        for query in ("bedsores", "bed sores"):
            (concept,) = service.plan(query).concepts
            assert concept.entries == ("pressure-sores",)
            assert "wound-care" in entries(service, query)


def test_a_name_its_small_words_leave_as_one_common_word_still_leads(tmp_path):
    # "down" is a small word: Down syndrome is searched as "syndrome", which
    # every syndrome has, and their Outlook sections, which say "life
    # expectancy", came first. The name is as rare as its entry.
    down = make_entry(
        "down-syndrome",
        "Down syndrome",
        [],
        Summary="Down syndrome is a chromosome condition with an extra copy "
        "of chromosome 21.",
        Symptoms="Learning problems and heart defects; most people live into "
        "their sixties.",
    )
    others = [
        make_entry(
            f"syndrome-{n}",
            f"Rare syndrome {n}",
            Outlook="Life expectancy with this syndrome is near normal.",
        )
        for n in range(12)
    ]
    with searching(tmp_path, [down, *others, *other_topics()]) as service:
        assert entries(service, "down syndrome life expectancy")[0] == "down-syndrome"
        assert entries(service, "rare syndrome 3 life expectancy")[0] == "syndrome-3"
        (name, *_) = service.plan("down syndrome life expectancy").concepts
        assert name.thin and not service.plan("rare syndrome 3").concepts[0].thin


def test_a_word_whose_stem_is_a_stop_word_is_dropped_as_the_stop_word_is(tmp_path):
    # "Down syndrome" is indexed without "down"; "downs" stems to it, and
    # searched, met only the texts that write "Downs syndrome".
    down = make_entry(
        "down-syndrome",
        "Down syndrome",
        Summary="Down syndrome is a chromosome condition with an extra copy "
        "of chromosome 21.",
    )
    mention = make_entry(
        "microcephaly",
        "Microcephaly",
        Summary="Microcephaly is associated with Downs syndrome and other "
        "chromosomal syndromes.",
    )
    with searching(tmp_path, [down, mention, *other_topics()]) as service:
        assert entries(service, "downs syndrome")[0] == "down-syndrome"

        def terms(query: str) -> list[tuple[str, ...]]:
            return [
                a.terms for c in service.plan(query).concepts for a in c.alternatives
            ]

        assert terms("downs syndrome") == terms("down syndrome") == [("syndrome",)]


def test_a_name_typed_with_one_of_its_words_in_two_is_that_name(tmp_path):
    # "post partum" is "postpartum" written apart: the words of the name as
    # typed are then "post", "partum" and "depression", which name nothing.
    postpartum = make_entry(
        "postpartum-depression",
        "Postpartum depression",
        Summary="Postpartum depression is depression after giving birth.",
    )
    depression = make_entry(
        "depression",
        "Depression",
        Summary="Depression is a mood disorder; the post of a doctor helps.",
    )
    with searching(tmp_path, [postpartum, depression, *other_topics()]) as service:
        assert_named_first(service, "post partum depression", "postpartum-depression")


def test_a_name_typed_with_a_word_in_two_and_its_last_in_another_number(tmp_path):
    # "non cancerous tumor" is *Noncancerous tumors* with "noncancerous"
    # typed apart and "tumor" in the singular: each alone named it, both
    # together did not, and *Cancer* led the page for "cancerous".
    benign = make_entry(
        "benign",
        "Benign tumors",
        ["Noncancerous tumors"],
        Summary="A noncancerous tumor does not spread to other parts of the body.",
    )
    cancer = make_entry(
        "cancer",
        "Cancer",
        ["Tumor"],
        Summary="Cancer cells grow and spread; a cancerous tumor is malignant. "
        "Non-small cell cancer is one kind.",
    )
    with searching(tmp_path, [benign, cancer, *other_topics()]) as service:
        assert_named_first(service, "non cancerous tumor", "benign")
        assert_named_first(service, "non-cancerous tumor", "benign")


def test_a_number_written_as_a_word_names_what_its_digits_name(tmp_path):
    type1 = make_entry(
        "type-1", "Type 1 diabetes", Summary="Type 1 diabetes starts in childhood."
    )
    type2 = make_entry(
        "type-2", "Type 2 diabetes", Summary="Type 2 diabetes starts later in life."
    )
    with searching(tmp_path, [type1, type2, *other_topics()]) as service:
        assert_named_first(service, "type two diabetes", "type-2")
        assert_named_first(service, "type one diabetes", "type-1")


def test_a_name_with_its_first_word_cut_short_is_that_name(tmp_path):
    # "hep c" was "hep" (no word of the texts) and "c", which met Vitamin C
    # and "cocaine (coke, C)"; "diab" was spelt "dial".
    names = [
        make_entry("hep-c", "Hepatitis C", Summary="Hepatitis C is a virus."),
        make_entry("hep-a", "Hepatitis A", Summary="Hepatitis A spreads in food."),
        make_entry("vit-c", "Vitamin C", Summary="Vitamin C is in fruit (C)."),
        make_entry("type-2", "Diabetes type 2", Summary="Diabetes of adults."),
        make_entry("phone", "Phones", Summary="Dial a number to call a doctor."),
    ]
    with searching(tmp_path, [*names, *other_topics()]) as service:
        assert_named_first(service, "hep c", "hep-c")
        assert_named_first(service, "hep a", "hep-a")
        assert_named_first(service, "diab type 2", "type-2")


def test_a_title_with_brackets_is_named_without_them(tmp_path):
    # MedQuAD writes an abbreviation or another name in brackets: the words
    # outside them named nothing, nor the word in them with the rest.
    corpus = [
        make_entry(
            "lcm", "Lymphocytic Choriomeningitis (LCM)", Summary="A virus of mice."
        ),
        make_entry("gum", "Gum (Periodontal) Disease", Summary="Gums bleed."),
        # What the last brackets hold, where the text says it is the thing.
        make_entry(
            "hematuria",
            "Hematuria (Blood in the Urine)",
            Summary="Hematuria is blood in the urine.",
        ),
        make_entry("urine", "Urine and Urination", Summary="Blood in the urine."),
        make_entry("ak", "Actinic keratosis", Summary="Rough skin from the sun."),
        # A leaflet's last brackets say what it treats, no other name of it.
        make_entry(
            "diclofenac",
            "Diclofenac Topical (actinic keratosis)",
            Summary="Diclofenac topical is used to treat actinic keratosis.",
        ),
    ]
    with searching(tmp_path, [*corpus, *other_topics()]) as service:
        assert_named_first(service, "lymphocytic choriomeningitis", "lcm")
        assert_named_first(service, "periodontal disease", "gum")
        assert_named_first(service, "gum disease", "gum")
        assert_named_first(service, "blood in the urine", "hematuria")
        assert_named_first(service, "actinic keratosis", "ak")
        assert_named_first(service, "diclofenac topical", "diclofenac")


def test_a_type_typed_in_other_numerals_names_it(tmp_path):
    # Names number types in Roman, people in Arabic: `mucopolysaccharidosis
    # type 2` named type I, by a name cut short as one source gives it.
    corpus = [
        make_entry(
            "mps1",
            "Mucopolysaccharidosis type I",
            ("MPS I", "Mucopolysaccharidosis type"),
            Summary="Hurler syndrome stores sugars in the body.",
        ),
        make_entry(
            "mps2",
            "Mucopolysaccharidosis type II",
            ("MPS II",),
            Summary="Hunter syndrome stores sugars in boys.",
        ),
        make_entry("nf1", "Neurofibromatosis type 1", Summary="Spots on the skin."),
    ]
    with searching(tmp_path, [*corpus, *other_topics()]) as service:
        assert_named_first(service, "mucopolysaccharidosis type 2", "mps2")
        assert_named_first(service, "mps 2", "mps2")
        assert_named_first(service, "mucopolysaccharidosis type I", "mps1")
        assert_named_first(service, "neurofibromatosis type i", "nf1")


def test_a_code_no_text_writes_typed_in_small_letters_names_its_entry(tmp_path):
    # Only A.D.A.M.'s names know "NSTEMI": typed in small letters it found
    # nothing, in capitals *Heart Attack*.
    corpus = [
        held_by_name("adam-mi", "Heart attack", ["NSTEMI", "HA"]),
        make_entry(
            "mi",
            "Heart Attack",
            Summary="A heart attack happens when blood flow to the heart stops.",
        ),
    ]
    with searching(tmp_path, [*corpus, *other_topics()]) as service:
        for query in ("nstemi", "NSTEMI"):
            (concept,) = service.plan(query).concepts
            assert "adam-mi" in concept.entries
            assert entries(service, query) == ["mi"]
        # Two letters the texts never write are more often a slip.
        assert not service.plan("ha").concepts[0].entries


def test_too_little_or_too_much_of_something_names_its_condition(tmp_path):
    # "low thyroid" was the words "low" and "thyroid", which a text about
    # thyroid nodules holds ("a low dose"), and in its title.
    corpus = [
        make_entry(
            "hypothyroid",
            "Hypothyroidism",
            Summary="The gland in the neck makes too little hormone.",
        ),
        make_entry(
            "nodules",
            "Thyroid nodules",
            Summary="A low dose of radioactive iodine shrinks a thyroid nodule.",
        ),
        make_entry(
            "hypercalcemia",
            "Hypercalcemia",
            Summary="Too much of the mineral in the blood weakens bones.",
        ),
        make_entry(
            "calcium", "Calcium", Summary="Milk is high in calcium; bones need it."
        ),
        make_entry(
            "hyperuricemia",
            "Hyperuricemia",
            Summary="Too much of the acid crystallises in joints.",
        ),
        make_entry(
            "hyperactivity",
            "Hyperactivity",
            Summary="Moving and talking more than usual.",
        ),
        make_entry(
            "tpmt",
            "TPMT deficiency",
            Summary="People with high activity of the enzyme clear the drug fast.",
        ),
        make_entry("hypochromia", "Hypochromia", Summary="Red cells paler than usual."),
        make_entry("diet", "Trace minerals", Summary="Low chromium intake is rare."),
    ]
    with searching(tmp_path, [*corpus, *other_topics()]) as service:
        assert_named_first(service, "low thyroid", "hypothyroid")
        assert_named_first(service, "decreased thyroid", "hypothyroid")
        assert entries(service, "symptoms of low thyroid")[0] == "hypothyroid"
        assert_named_first(service, "high calcium", "hypercalcemia")
        assert entries(service, "elevated uric acid")[0] == "hyperuricemia"
        assert service.synonyms("low thyroid")["read_as"] == "hypothyroidism"
        # Said of a test or an enzyme as often: what the words say.
        assert entries(service, "high activity")[0] == "tpmt"
        # Hypochromia is pale red cells: no name for a mineral.
        assert entries(service, "low chromium")[0] == "diet"


def test_a_part_inflamed_or_removed_names_its_condition_or_operation(tmp_path):
    # "inflamed pancreas" was the words, which a text about the pleura's
    # inflammation and a pancreas held more of than Pancreatitis's own.
    corpus = [
        make_entry(
            "pancreatitis",
            "Pancreatitis",
            Summary="Digestive enzymes attack the gland behind the stomach.",
        ),
        make_entry(
            "pleurisy",
            "Pleurisy",
            Causes="Inflamed tissue around the lungs; a pancreas that is "
            "inflamed may inflame it too.",
        ),
        make_entry("colitis", "Colitis", Summary="Swelling of the large bowel."),
        make_entry(
            "colds",
            "Common cold",
            Summary="A cold sore may come with a cold; an inflamed nose runs.",
        ),
        make_entry(
            "appendectomy",
            "Appendectomy",
            Summary="Surgery to take out the organ at the start of the bowel.",
        ),
        make_entry(
            "appendix-cancer",
            "Cancer of the appendix",
            Treatment="Removal of the appendix and a part of the bowel.",
        ),
    ]
    with searching(tmp_path, [*corpus, *other_topics()]) as service:
        assert_named_first(service, "inflamed pancreas", "pancreatitis")
        assert_named_first(service, "colon inflammation", "colitis")
        assert entries(service, "what causes inflammation of the colon")[0] == "colitis"
        assert_named_first(service, "appendix removal", "appendectomy")
        assert entries(service, "my appendix removed last year")[0] == "appendectomy"
        assert service.synonyms("inflamed colon")["read_as"] == "colitis"
        # Not any word that begins as the part's name does: "cold" is no colon.
        plan = service.plan("inflamed cold")
        assert not any("colitis" in c.entries for c in plan.concepts)
        assert entries(service, "inflamed cold sore")[0] == "colds"


def test_vs_compares_and_is_no_word_to_search(tmp_path):
    relievers = make_entry(
        "pain-relievers",
        "Pain relievers",
        Summary="Ibuprofen and acetaminophen ease pain in different ways.",
    )
    foods = make_entry(
        "foods",
        "Foods - fresh vs. frozen",
        Summary="Frozen vegetables keep their vitamins.",
    )
    with searching(tmp_path, [relievers, foods, *other_topics()]) as service:
        for query in ("ibuprofen vs acetaminophen", "ibuprofen versus acetaminophen"):
            assert entries(service, query) == ["pain-relievers"]


def test_an_everyday_word_is_not_read_as_an_abbreviation(service):
    # ARMS names alveolar rhabdomyosarcoma; "arms" typed in a sentence does not.
    found = service.search("my arms hurt after lifting boxes")
    read_as = [name.lower() for names in found.expansions.values() for name in names]
    assert not any("rhabdomyosarcoma" in name for name in read_as), read_as
    assert read_as in ([], ["arm pain"])  # arms that hurt are in pain
    assert entries(service, "my arms hurt after lifting boxes")[0] == "arm-pain"
    assert entries(service, "ARMS")[0] == "rhabdomyosarcoma"


def test_a_word_typed_alone_is_the_name_it_is(tmp_path):
    # "cold" is in many texts (cold weather, cold hands), so in a sentence it
    # is an everyday word; typed alone it is looked up, and it is an
    # alternative name of the common cold. So it is beside the words that
    # say which kind of section is wanted (the section names' and
    # questions' own): `cold symptoms` listed *Cold urticaria*'s Symptoms
    # first.
    corpus = [
        make_entry(
            "common-cold",
            "Common cold",
            ["Cold"],
            Summary="A virus infects the nose and throat: a runny nose, sneezing.",
            Symptoms="A runny nose, sneezing and a sore throat for a week.",
            Treatment="Rest and fluids; it passes in a week or two.",
            Outlook="Most people are well again in seven to ten days.",
        ),
        make_entry(
            "cold-urticaria",
            "Cold urticaria",
            Summary="Hives after cold water, cold air or a cold drink.",
            Symptoms="Cold skin itches and swells where the cold touched it.",
            Treatment="Antihistamines; keep the skin from the cold.",
        ),
        *other_topics(24, words=", worse in cold weather"),
    ]
    with searching(tmp_path, corpus) as service:
        for query in ("cold", "a cold", "what is a cold"):
            assert_named_first(service, query, "common-cold")
        for query, kind in (
            ("cold symptoms", "Symptoms"),
            ("symptoms of a cold", "Symptoms"),
            ("how is a cold treated", "Treatment"),
            ("how long does a cold last", "Outlook"),
        ):
            named = [c.entries for c in service.plan(query).concepts if c.entries]
            assert named == [("common-cold",)], query
            assert first(service, query) == ("common-cold", kind), query
        plan = service.plan("my hands are cold in the morning")
        assert not any(c.entries for c in plan.concepts)
        assert entries(service, "cold hands")[0] != "common-cold"


def test_a_word_joined_to_a_name_is_the_name_it_is(tmp_path, monkeypatch):
    # `cold or flu` named the flu alone: "cold", in many texts, is an
    # everyday word unless typed alone. Joined to a name by "and", "or" or
    # "vs" it is one more thing asked about, as alone; beside a name without
    # one ("flu cold hands") it says something of it and stays a word.
    corpus = [
        make_entry(
            "common-cold",
            "Common cold",
            ["Cold"],
            Summary="A virus infects the nose and throat: a runny nose, "
            "sneezing. It is milder than the flu.",
            Symptoms="A runny nose, sneezing and a sore throat for a week.",
        ),
        make_entry(
            "flu",
            "Flu",
            ["Influenza"],
            Summary="The flu is a virus: fever, aches, cough. Unlike a cold it "
            "comes on fast.",
            Symptoms="Fever, chills and aches; flu is worse than a cold.",
        ),
        *(
            make_entry(
                f"winter{n}",
                f"Winter safety {n}",
                Summary="Cold weather, cold hands, and the flu season in the cold.",
            )
            for n in range(3)
        ),
        *other_topics(24, words=", worse in cold weather"),
    ]
    queries = ("cold or flu", "cold vs flu", "is it a cold or the flu")
    with searching(tmp_path, corpus) as service:
        places = []
        for query in queries:
            named = {e for c in service.plan(query).concepts for e in c.entries}
            assert named == {"common-cold", "flu"}, query
            places.append(entries(service, query).index("common-cold"))
        plan = service.plan("flu cold hands")
        assert not any("common-cold" in c.entries for c in plan.concepts)
        # In a pasted message too, but not beside a word that names nothing.
        message = (
            "What is the difference between a cold and the flu and how do I "
            "know which one I have this week?"
        )
        named = {e for c in service.plan(message).concepts for e in c.entries}
        assert named == {"common-cold", "flu"}
        hands = "my hands are cold and numb every morning and I have been tired"
        assert not any(c.entries for c in service.plan(hands).concepts)
    monkeypatch.setattr(understanding, "_peer", lambda words, said, i, named: False)
    with searching(tmp_path / "before", corpus) as service:
        for query, place in zip(queries, places, strict=True):
            named = {e for c in service.plan(query).concepts for e in c.entries}
            assert named == {"flu"}  # as it was
            # Named, the cold's entry has the name match and comes earlier.
            assert entries(service, query).index("common-cold") > place, query


def test_a_possessive_or_a_contraction_matches_only_its_word(tmp_path):
    # Split at the apostrophe, "husband's" searched "s" as well, and every
    # section with a possessive matched; "doesn't" searched "t".
    chatty = make_entry(
        "visits",
        "Visits",
        Summary="The patient's doctor's notes and the nurse's chart don't "
        "say what it's about.",
    )
    rash = make_entry("rash", "Rash", Summary="A rash is red, itchy skin.")
    with searching(tmp_path, [chatty, rash, *other_topics()]) as service:
        assert entries(service, "my husband's rash doesn't go away") == ["rash"]
        assert entries(service, "doctor's notes")[0] == "visits"


# 3. Intent fired on narrative words ("caused by", "diagnosed").
def test_narrative_words_do_not_pick_a_section_of_another_entry(service):
    message = "I was diagnosed with gout last year, what should I eat?"
    assert first(service, message)[0] == "gout"


def test_a_question_about_a_part_gets_that_part(service):
    assert first(service, "how is gout treated") == ("gout", "Treatment")
    assert first(service, "what causes lung cancer") == ("lung-cancer", "Causes")
    assert first(service, "how is lung cancer diagnosed") == (
        "lung-cancer",
        "Exams and Tests",
    )


# 4. General questions: the topic's summary, not a side section.
def test_a_bare_topic_opens_with_its_summary(service):
    assert first(service, "gout") == ("gout", "Summary")
    assert first(service, "asthma") == ("asthma", "Summary")


def test_a_name_with_a_kind_word_after_it_opens_with_its_summary(tmp_path):
    # "gout disease" is gout: searched, "disease" put the section that says
    # it most (Research) before the Summary that "gout" opens with.
    entries = [
        make_entry(
            "gout",
            "Gout",
            Summary="Gout is arthritis from uric acid crystals in a joint.",
            Research="Research on this disease asks how the disease starts "
            "and how disease flares can be prevented.",
            Treatment="Colchicine treats gout attacks.",
        ),
        make_entry(
            "kidney-disease",
            "Kidney Disease",
            Summary="Kidney disease means the kidneys are damaged.",
            Causes="Diabetes and gout can cause kidney disease.",
        ),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        assert first(service, "gout disease") == ("gout", "Summary")
        assert first(service, "gout disorder") == ("gout", "Summary")
        assert first(service, "gout condition") == ("gout", "Summary")
        # A kind word that makes a longer name with it is that name's.
        assert first(service, "kidney disease") == ("kidney-disease", "Summary")
        # A synonym lookup and autocomplete read it so too.
        assert service.synonyms("gout disease")["read_as"] == "gout"
        assert service.suggest("gout disease")[0]["name"] == "Gout"
        assert "read_as" not in service.synonyms("kidney disease")


def test_a_word_that_says_only_something_is_amiss_is_as_good_as_another(tmp_path):
    # "heart condition" is *Heart Diseases*, "sleep problems" *Sleep
    # Disorders*: searched as words, "condition" and "problems" led
    # elsewhere.
    entries = [
        make_entry(
            "heart-diseases",
            "Heart Diseases",
            Summary="Heart disease is the leading cause of death.",
        ),
        make_entry(
            "sleep-disorders",
            "Sleep Disorders",
            Summary="Sleep disorders change the way you sleep.",
        ),
        make_entry(
            "murmur",
            "Heart Murmur",
            Causes="A heart murmur may be a sign of a heart condition; "
            "the condition may cause problems.",
        ),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        assert first(service, "heart condition") == ("heart-diseases", "Summary")
        assert first(service, "sleep problems") == ("sleep-disorders", "Summary")
        assert service.synonyms("heart problems")["read_as"] == "heart diseases"


def test_a_lookup_of_no_name_offers_the_names_its_search_reads(tmp_path):
    # `heart attack symptoms` is no name: the synonyms page said so and
    # offered nothing, though its search reads *Heart Attack* in it.
    entries = [
        make_entry("gout", "Gout", Summary="Gout is arthritis from uric acid."),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        found = service.synonyms("gout attacks at night")
        assert found["matches"] == [] and found["suggestions"] == ["gout"]
        assert service.synonyms("attacks at night").get("suggestions", []) == []


# 5. Names come first, even when they are alternative names.
def test_an_alternative_name_puts_its_entry_first(service):
    assert entries(service, "hypertension")[0] == "high-blood-pressure"
    assert entries(service, "HBP")[0] == "high-blood-pressure"


def test_a_title_in_the_query_puts_its_entry_first(service):
    assert entries(service, "asthma in children")[0] == "asthma-children"


# 6. Right entry, wrong sections: the sections kept are the ones asked for.
def test_the_sections_kept_for_an_entry_are_the_ones_asked_for(service):
    hits = service.search("gout treatment options").results
    gout = [h.section for h in hits if h.entry_id == "gout"]
    assert gout[0] == "Treatment"


def test_a_section_that_repeats_the_name_does_not_outrank_the_one_asked_for(
    service,
):
    # The name's words stand together in every section's title; a Summary
    # that repeats them must not win "symptoms" by proximity alone.
    assert first(service, "sleep deprivation symptoms") == (
        "sleep-deprivation",
        "Symptoms",
    )


@pytest.mark.parametrize(
    ("query", "section"),
    [
        ("tophitis symptoms", "Symptoms"),
        ("tophitis causes", "Causes"),
        ("tophitis diagnosis", "Exams and Tests"),
    ],
)
def test_a_name_and_a_kind_of_section_find_that_section_not_the_phrase(
    tmp_path, query, section
):
    # "gout symptoms" listed Gout's Treatment first, whose text says "relieve
    # gout symptoms" (the query's words side by side); "prolactinoma
    # causes" the Summary that says "a prolactinoma causes ...". The
    # section whose kind the query names holds the pair as name and kind.
    # In any of the word's forms: the stemmer keeps "diagnosis" apart from
    # the questions' "diagnose", but its other form "diagnoses" meets it
    # (read from the word as typed only, `gout diagnosis` listed Symptoms).
    tophitis = make_entry(
        "tophitis",
        "Tophitis",
        Summary="Tophitis causes sudden attacks of pain in one joint, most "
        "often at night. Tophitis is common in older men.",
        Symptoms="A hot, red and swollen joint that hurts to touch. An early "
        "tophitis diagnosis spares the joint; the diagnosis is often missed.",
        Causes="Crystals form in a joint when the blood holds too much "
        "of a salt the body makes.",
        Exams_and_Tests="A needle draws fluid from the joint, and crystals "
        "seen in it under a microscope settle it.",
        Treatment="Medicines relieve tophitis symptoms within a day; others "
        "lower the salt over months so that attacks stop.",
    )
    with searching(tmp_path, [tophitis, *other_topics(30)]) as service:
        assert first(service, query) == ("tophitis", section)


def test_an_inflammation_does_not_find_its_organ(tmp_path):
    # Porter's stemmer took the "iti" of "-itis" for the "-ity" of
    # "activity": "urethritis" was "urethr" as "urethral" is, and
    # `prostatitis treatment` listed Prostate Cancer's Treatment first.
    gonorrhea = make_entry(
        "gonorrhea",
        "Gonorrhea",
        Symptoms="Men may have urethritis, with a discharge from the penis.",
    )
    stricture = make_entry(
        "stricture",
        "Urethral stricture",
        Symptoms="A urethral stricture narrows the urethral channel; a "
        "urethral discharge may follow.",
    )
    with searching(tmp_path, [gonorrhea, stricture, *other_topics(30)]) as service:
        assert first(service, "urethritis discharge") == ("gonorrhea", "Symptoms")
        assert [h.entry_id for h in service.search("urethritis").results] == [
            "gonorrhea"
        ]


def test_a_code_typed_apart_finds_the_code(tmp_path):
    # "vitamin b 12" was searched as "b" and "12": every text with a
    # "type B" or "12 months" matched, and the texts' "B12" none of them.
    b12 = make_entry(
        "b12",
        "Cobalamin level",
        Summary="This test measures how much B12 is in the blood.",
        Causes="Too little B12 comes from a poor diet or poor absorption.",
        Treatment="B12 shots or pills restore the level.",
    )
    others = [
        make_entry(
            f"hep{n}",
            f"Hepatitis B case {n}",
            Summary=f"Hepatitis B lasted 12 weeks in case {n}, and 12 of "
            "the tests were repeated for type B.",
        )
        for n in range(2)  # fewer sections than write "B12"
    ]
    with searching(tmp_path, [b12, *others, *other_topics(20)]) as service:
        assert first(service, "b 12 level")[0] == "b12"


def test_a_hyphened_word_is_not_found_by_one_of_its_parts(tmp_path):
    # "non-cancerous" was also searched as its parts, each alone: every
    # text that says "cancer" matched it, and *Cancer* led the page.
    cancer = make_entry(
        "cancer",
        "Cancer",
        Summary="Cancer is the growth of abnormal cells. Cancer cells spread.",
    )
    benign = make_entry(
        "benign",
        "Benign tumors",
        Summary="A noncancerous tumor does not spread. Most such tumors are "
        "harmless, but a large tumor can press on organs.",
    )
    lipoma = make_entry(
        "lipoma",
        "Lipoma",
        Summary="A lipoma is a non-cancerous lump of fat under the skin.",
    )
    entries = [cancer, benign, lipoma, *other_topics(20)]
    with searching(tmp_path, entries) as service:
        found = [hit.entry_id for hit in service.search("non-cancerous tumor").results]
        # As typed and as the texts write it whole ("noncancerous").
        assert set(found[:2]) == {"benign", "lipoma"}
        assert "cancer" not in found
        # Alone, it finds the text that writes it as one word.
        assert set(entries_of(service, "non-cancerous")) == {"benign", "lipoma"}
        # A misspelt compound's corrected parts still count alone.
        assert "lipoma" in entries_of(service, "lipomma-spread")


def entries_of(service, query: str) -> list[str]:
    return [hit.entry_id for hit in service.search(query).results]


def test_one_small_letter_is_no_code(tmp_path):
    # The texts write "H. pylori" with a capital, so "h" looked like a code
    # the index writes in capitals, and named *Heroin* by its street name.
    heroin = make_entry("heroin", "Heroin", ["H", "Smack"], Summary="An opioid.")
    pylori = make_entry(
        "pylori",
        "Helicobacter pylori infection",
        Summary="H. pylori bacteria live in the stomach. H. pylori causes ulcers.",
    )
    with searching(tmp_path, [heroin, pylori, *other_topics(20)]) as service:
        assert not any(c.entries for c in service.plan("h pylori").concepts)
        assert first(service, "h pylori")[0] == "pylori"
        # Typed as the code is written, it is the code.
        assert first(service, "H")[0] == "heroin"


def test_an_ordinal_in_digits_finds_the_word_the_texts_write(tmp_path):
    # The texts write "first trimester", "fifth disease"; people type
    # "1st", "5th", which matched only the few texts that write digits.
    fifth = make_entry(
        "fifth", "Fifth disease", Summary="A mild viral rash of children."
    )
    finger = make_entry(
        "finger",
        "Brachydactyly",
        Summary="A short 5th finger; the disease runs in families.",
    )
    with searching(tmp_path, [fifth, finger, *other_topics(20)]) as service:
        assert first(service, "5th disease")[0] == "fifth"


def _counts(hits) -> dict[str, int]:
    ids = [h.entry_id for h in hits]
    return {e: ids.count(e) for e in ids}


def test_an_entry_the_query_names_lists_more_than_two_sections(service):
    # The cap keeps rivals from being crowded out; the entry asked for by
    # name has none. Entries the query does not name still show two.
    hits = service.search("gout", per_page=20).results
    counts = _counts(hits)
    assert hits[0].entry_id == "gout"
    assert counts.pop("gout") > 2
    assert max(counts.values(), default=0) <= 2


def test_every_entry_a_shared_name_names_is_listed_whole(service):
    # Two sources' "Shingles": both are named, so both list all their
    # matching sections, not two each.
    counts = _counts(service.search("shingles", per_page=20).results)
    assert counts["shingles"] == counts["shingles-seniors"] == 3


def test_an_entry_whose_text_never_writes_the_name_is_named_but_not_unfolded(
    tmp_path,
):
    """`IBS` is an other name of *Ichthyosis bullosa of Siemens*, whose text
    never writes it; the bowel's does. Both are named, but only the one
    that writes it lists every section; one titled as an entry that writes
    it (the same thing from another source) lists every section too."""
    skin = make_entry(
        "skin",
        "Ichthyosis bullosa of Siemens",
        ["IBS"],
        Summary="A rare skin condition with blisters.",
        Symptoms="Blisters after minor injury, then thick skin.",
        Causes="Changes in a keratin gene.",
        Treatment="Creams soften the thick skin.",
    )
    bowel = make_entry(
        "bowel",
        "Irritable bowel syndrome",
        ["IBS"],
        Summary="IBS is a problem of the large intestine.",
        Symptoms="IBS causes cramps, bloating and diarrhea.",
        Treatment="IBS is treated with diet changes and medicines.",
    )
    # Titled as *bowel* (another source), and never writes "IBS".
    bowel_too = make_entry(
        "bowel-too",
        "Irritable bowel syndrome",
        ["IBS"],
        Summary="A common disorder of the large intestine.",
        Symptoms="Cramps, bloating, gas and diarrhea or constipation.",
        Treatment="Changes in diet, stress relief and medicines.",
    )
    entries = [skin, bowel, bowel_too, *other_topics()]
    with searching(tmp_path, entries) as service:
        (concept,) = service.plan("IBS").concepts
        assert concept.unwritten == ("skin",)
        counts = _counts(service.search("IBS", per_page=20).results)
        assert counts == {"bowel": 3, "bowel-too": 3, "skin": 2}


def test_a_title_the_question_holds_word_by_word_names_its_entry(service):
    # "hypoglycemia in newborns" holds the whole title "Low blood sugar -
    # newborns": a synonym of one word, and another word further on. The
    # entry titled just "Hypoglycemia" answers only half the question.
    question = "is hypoglycemia in newborns dangerous and can early feeding stop it"
    hits = service.search(question, per_page=20).results
    assert hits[0].entry_id == "newborn-hypoglycemia"
    # Named, it lists every matching section, not two.
    assert _counts(hits)["newborn-hypoglycemia"] > 2


def test_a_title_needs_all_its_words_to_be_named(service):
    # "newborns" alone holds one word of the title, not all of it: the
    # entry keeps the cap of two.
    hits = service.search("feeding newborns", per_page=20).results
    assert _counts(hits).get("newborn-hypoglycemia", 0) <= 2


def test_a_per_entry_the_caller_gives_is_strict_for_named_entries(service):
    counts = _counts(service.search("shingles", per_entry=2, per_page=20).results)
    assert counts["shingles"] == counts["shingles-seniors"] == 2


def test_auto_lists_the_strong_sections_of_an_entry_that_clearly_leads(service):
    # With named entries kept to two, "gout" still lists more than two of
    # its sections under ``auto``: it leads, and nothing rivals it. Every
    # other entry still shows at most two.
    before = service.tuning
    service.tuning = before.with_values(named_sections=0)
    try:
        assert _counts(service.search("gout", per_page=20).results)["gout"] == 2
        hits = service.search("gout", per_entry="auto", per_page=20).results
    finally:
        service.tuning = before
    counts = _counts(hits)
    assert counts.pop("gout") > 2
    assert max(counts.values(), default=0) <= 2
    assert hits[0].entry_id == "gout"


@pytest.mark.parametrize("per_entry", [1, 2, 3])
def test_per_entry_bounds_the_sections_of_one_entry(service, per_entry):
    hits = service.search("gout", per_entry=per_entry).results
    assert [h.entry_id for h in hits].count("gout") == per_entry


# 7. A misspelt hyphenated name, and typos inside a message.
def test_a_misspelt_hyphenated_name_is_found(service):
    found = service.search("Beckwith-Wieddeman")
    assert found.results[0].entry_id == "beckwith"
    assert found.did_you_mean == "Beckwith-Wiedemann"


def test_a_typo_inside_a_message_is_corrected(service):
    message = "my son was told he has aortic stenossis and needs surgery, is it safe"
    found = service.search(message)
    assert found.results[0].entry_id == "aortic-stenosis"
    assert "stenosis" in (found.did_you_mean or "")


# 8. Quotes or a capital NOT inside a message switched it to query syntax.
def test_a_capital_not_inside_a_message_is_a_word(service):
    message = (
        "My doctor says my blood pressure is NOT high enough to need "
        'medicines but I read that "hypertension" damages the heart anyway'
    )
    assert entries(service, message)[0] == "high-blood-pressure"


# 9. The question a section answers is searched.
def test_the_question_a_section_answers_is_matched(service):
    assert first(service, "what is the outlook for gout") == ("gout", "Outlook")
    assert first(service, "is Beckwith-Wiedemann syndrome inherited") == (
        "beckwith",
        "Inheritance",
    )


# 5b. A title that several sources share (one topic told three times) still
#     names its entries, though more entries carry it than a name may name.
SHARED = [
    *(
        make_entry(
            f"noonan-{source}",
            "Noonan syndrome",
            [],
            Summary="Noonan syndrome is a genetic condition that affects growth "
            "and the shape of the face.",
            Heart=f"Heart problems are common in Noonan syndrome ({source}).",
        )
        for source in ("a", "b", "c")
    ),
    *(
        make_entry(
            f"noonan-{n}",
            f"Noonan syndrome {n}",
            ["Noonan syndrome"],
            Summary=f"Noonan syndrome {n} is caused by a change in gene {n}.",
        )
        for n in range(1, 5)
    ),
    make_entry(
        "heart-children",
        "Heart problems in children",
        [],
        Summary="Heart problems in children: holes in the heart, narrowed "
        "valves; heart problems are seen with Noonan syndrome and Down "
        "syndrome. Heart problems need a heart doctor.",
    ),
]


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    with searching(tmp_path_factory.mktemp("shared-titles"), SHARED) as service:
        yield service


def test_a_title_shared_by_several_sources_still_names_them(shared):
    ranked = entries(shared, "heart problems in noonan syndrome")
    assert set(ranked[:3]) == {"noonan-a", "noonan-b", "noonan-c"}


# Some MedQuAD entries give one text twice under one section name.
def _sectioned(entry_id: str, title: str, *sections: tuple[str, str]):
    """An entry of these (name, text) sections, in order: names may repeat."""
    from dataclasses import replace

    from indexer.model import Paragraph, Section

    return replace(
        make_entry(entry_id, title),
        sections=tuple(
            Section(f"{entry_id}_Sec{n}", name, n, (Paragraph(text),))
            for n, (name, text) in enumerate(sections, 1)
        ),
    )


def test_a_section_repeated_word_for_word_is_listed_once(tmp_path):
    same = "Iron is removed by regular blood draws called phlebotomy."
    entry = _sectioned(
        "iron",
        "Iron overload",
        ("Treatment", same),
        ("Treatment", same),
        ("Treatment", "Phlebotomy is repeated weekly at first."),
        ("Summary", same),
    )
    with searching(tmp_path, [entry]) as service:
        # The second copy goes; a different text stays, and so does the
        # same text under another name, but on a page only where it comes
        # first (see the next test).
        for kwargs in ({"entry": "iron"}, {"per_entry": 10}):
            found = service.search("phlebotomy", **kwargs)
            ids = sorted(h.section_id for h in found.results)
            assert "iron_Sec2" not in ids and "iron_Sec3" in ids, kwargs
            assert len({"iron_Sec1", "iron_Sec4"} & set(ids)) == 1, kwargs
            assert found.total == 3
        found = service.search("phlebotomy summary", per_entry=10)
        assert found.results[0].section_id == "iron_Sec4"
        # Nor does it take one of the two places an entry has by default.
        ids = [h.section_id for h in service.search("phlebotomy").results]
        assert len(ids) == 2 and "iron_Sec2" not in ids
        # A query with syntax (scored apart from the concepts) drops it too.
        found = service.search('"blood draws" OR phlebotomy', per_entry=10)
        ids = sorted(h.section_id for h in found.results)
        assert "iron_Sec2" not in ids and "iron_Sec3" in ids


def test_a_section_said_again_inside_a_longer_one_is_listed_once(tmp_path):
    # NIH Senior Health's *Dry Eye* gives its symptoms twice, once inside a
    # longer answer under a heading: `my eyes are red` listed both, one
    # snippet twice.

    said = "Dry eye may cause stinging, burning and redness of the eye."
    entry = _sectioned(
        "dry-eye",
        "Dry eye",
        ("Symptoms", f"Symptoms of dry eye. {said} Or none."),
        ("Symptoms", said),
        ("Causes", said),
        ("Symptoms", "Tears dry out: stinging."),
    )
    with searching(tmp_path, [entry, *other_topics(4)]) as service:
        found = service.search("stinging", per_entry=10)
        ids = sorted(h.section_id for h in found.results)
        # The longer one stays, and so does the text under another name.
        assert ids == ["dry-eye_Sec1", "dry-eye_Sec3", "dry-eye_Sec4"]
        assert found.total == 3


# Hand-written, as NIH Senior Health's *Prostate Cancer* gives one answer
# again inside a longer one but for a word or two.
CHOICE = (
    "Gallstones that never hurt are often left alone, and a doctor watches "
    "them at yearly visits with an ultrasound scan of the belly. Stones "
    "that bring attacks of pain under the right ribs, fever or yellow skin "
    "are another matter: surgery to take out the gallbladder is the usual "
    "answer, most often through a few small cuts. Pills that melt stones "
    "work slowly, over months, and only on small ones made of cholesterol. "
    "After the operation most people eat as before, and the pain is {cure} "
    "to come back."
)


def test_a_section_said_again_but_for_a_word_is_listed_once(tmp_path):

    longer = "Choosing treatment. " + CHOICE.format(cure="unlikely")
    longer += " Waiting means watching closely until pain comes back."
    again = CHOICE.format(cure="rare")
    less = again.replace("yearly", "monthly").replace("small cuts", "tiny cuts")
    less = less.replace("cholesterol", "fat")  # a quarter of its runs
    entry = _sectioned(
        "stones",
        "Gallstones",
        ("Treatment", longer),
        ("Treatment", again),
        ("Summary", again),
        ("Treatment", less),
    )
    with searching(tmp_path, [entry, *other_topics(4)]) as service:
        found = service.search("gallstones surgery", per_entry=10)
        ids = sorted(h.section_id for h in found.results)
        # The shorter twin goes; under another name, or with more of its
        # own, a section stays.
        assert ids == ["stones_Sec1", "stones_Sec3", "stones_Sec4"]


def test_a_section_another_of_its_entry_holds_is_not_listed_below_it(tmp_path):
    # CancerGov gives its research news again inside its treatment summary:
    # `what is the prognosis for pancreatic cancer` showed one text twice.

    news = (
        "Researchers are testing new drugs that block the growth of "
        "pancreatic tumors, and vaccines that teach the immune system to "
        "attack them."
    )
    treatment = (
        "Surgery removes the tumor when it has not spread. Chemotherapy "
        f"and radiation therapy slow its growth. {news} Ask about trials."
    )
    entry = _sectioned(
        "pancreas",
        "Pancreatic cancer",
        ("Treatment", treatment),
        ("Research", news),
        ("Summary", "The pancreas makes insulin."),
    )
    with searching(tmp_path, [entry, *other_topics(4)]) as service:
        found = service.search("pancreatic cancer treatment vaccines", per_entry=10)
        ids = [h.section_id for h in found.results]
        # The treatment summary comes first and says the news: not again.
        assert ids[0] == "pancreas_Sec1" and "pancreas_Sec2" not in ids
        assert found.total == 3  # still counted (each holds the title)
        # Asked for research, the news comes first, and the longer text
        # that holds it is listed after it: it says more.
        found = service.search("pancreatic cancer research vaccines", per_entry=10)
        ids = [h.section_id for h in found.results]
        assert ids[:2] == ["pancreas_Sec2", "pancreas_Sec1"]


def test_a_named_entry_lists_two_sections_under_a_heading_not_asked_for(tmp_path):
    # NIH Senior Health files many answers of an entry under "Summary", and
    # `diabetes` listed five *Diabetes* / Summary hits in a row: a reader
    # cannot tell them apart by their heading.
    entry = _sectioned(
        "sugar",
        "Sugar sickness",
        ("Summary", "Sugar sickness means too much sugar in the blood."),
        ("Summary", "Sugar sickness of the first kind starts in childhood."),
        ("Summary", "Sugar sickness of the second kind starts later in life."),
        ("Summary", "Sugar sickness can run in families."),
        ("Treatment", "Sugar sickness is treated with diet, exercise and pills."),
        ("Treatment", "Some people with sugar sickness need insulin shots."),
        ("Treatment", "Treatment of sugar sickness includes daily blood checks."),
    )

    def headings(found) -> list[str]:
        return [h.section for h in found.results if h.entry_id == "sugar"]

    with searching(tmp_path, [entry, *other_topics(4)]) as service:
        found = service.search("sugar sickness")
        assert sorted(headings(found)) == ["Summary"] * 2 + ["Treatment"] * 2
        # The rest are counted, one link away.
        assert found.total == 4
        assert {h.more_sections for h in found.results} == {3}
        # Asked for its treatment, the entry lists every Treatment section.
        found = service.search("sugar sickness treatment")
        assert headings(found).count("Treatment") == 3
        assert headings(found).count("Summary") <= 2
        # A caller's per_entry is what it lists.
        found = service.search("sugar sickness", per_entry=10)
        assert headings(found).count("Summary") == 4


# Two words that stand together in one section name what it is about.
PHRASES = [
    make_entry(
        "low-vision",
        "Low vision",
        [],
        Summary="Low vision is a loss of vision that glasses cannot fix. "
        "People with low vision find reading hard. Vision aids help.",
        Treatment="Vision rehabilitation teaches ways around the deficits "
        "low vision leaves, with magnifiers and bright light for vision.",
    ),
    make_entry(
        "stroke",
        "Stroke",
        [],
        Summary="A stroke happens when blood flow to the brain stops.",
        Symptoms="After a stroke, speech problems, weakness of one side and "
        "vision deficits are common. Memory may suffer.",
    ),
    *(
        make_entry(
            f"drug-{n}",
            f"Drug {n}",
            [],
            How_to_Use=f"Take drug {n} with food. Do not stop using it "
            "without asking your doctor, even if you feel well.",
            Side_Effects=f"Drug {n} may cause headache and nausea.",
        )
        for n in range(30)
    ),
    make_entry(
        "quit-plan",
        "Using a plan to stop smoking",
        [],
        Summary="Pick a date to stop, tell friends, and throw away "
        "cigarettes. Using nicotine gum eases the urge.",
    ),
]


@pytest.fixture(scope="module")
def phrases(tmp_path_factory):
    with searching(tmp_path_factory.mktemp("phrases"), PHRASES) as service:
        yield service


def test_a_phrase_of_its_own_leads_to_its_section(phrases):
    # "vision" is the other entry's title word; "vision deficits" side by
    # side is only in the stroke's Symptoms.
    assert first(phrases, "vision deficits") == ("stroke", "Symptoms")


def test_a_pair_side_by_side_in_many_sections_counts_little(phrases):
    # "stop using" stands together in every drug's text, so it says little
    # about which section is meant: the title holding both words decides.
    assert first(phrases, "stop using")[0] == "quit-plan"


def test_both_fail_with_proximity_as_it_was(phrases):
    # The two tests above can fail: with a weak proximity the title word
    # wins; with a strong one that ignores how common a pair is, the
    # common pair does.
    before = phrases.tuning
    try:
        phrases.tuning = before.with_values(proximity=1.0, pair_rarity=0.0)
        weak = first(phrases, "vision deficits")
        phrases.tuning = before.with_values(pair_rarity=0.0)
        blind = first(phrases, "stop using")[0]
    finally:
        phrases.tuning = before
    assert weak != ("stroke", "Symptoms")
    assert blind != "quit-plan"


def test_a_topic_word_left_in_one_question_does_not_outweigh_every_field(tmp_path):
    """MedQuAD asks "What is Holmes-Adie syndrome?" under the title
    *Holmes-Adie*: the one question of the index with "syndrome". Priced by
    that field's IDF it outweighed the word in titles and texts, so the
    entry led every query with "syndrome". A word that fewer than
    ``template_share`` of the sections' questions hold is not scored there.
    """
    from dataclasses import replace

    from indexer.search import SearchService
    from indexer.tuning import DEFAULT

    odd = _sectioned(
        "holmes-adie", "Holmes-Adie", ("Summary", "A disorder of the pupil.")
    )
    odd = replace(
        odd,
        sections=(replace(odd.sections[0], question="What is Holmes-Adie syndrome ?"),),
    )
    # As in MedQuAD, the word is common in titles, rare in questions.
    others = [
        make_entry(f"e{n}", f"Rare syndrome {n}", Summary=f"Text number {n}.")
        for n in range(40)
    ]
    tourette = make_entry(
        "tourette", "Tourette syndrome", Summary="Tics are sudden sounds or moves."
    )
    with searching(tmp_path, [odd, tourette, *others]):
        pass
    index = tmp_path / "index"
    # 42 sections: one question in 42 is under 5 %, a template's word in
    # every question is not.
    for share, first in ((0.0, "holmes-adie"), (0.05, "tourette")):
        tuning = replace(DEFAULT, template_share=share)
        with SearchService(index, tuning=tuning) as service:
            found = service.search("syndrome", per_entry=1)
            assert found.results[0].entry_id == first, share
    # The default share is that, for an index of MedQuAD's size.
    assert DEFAULT.template_share * 16_409 > 5


def test_a_synonym_finds_topics_not_kinds_of_section(tmp_path):
    """A synonym is another name of a topic the user typed. Scored in the
    question field too, "forgetfulness" (a name of memory loss) met the
    template of every drug's "If You Forget a Dose" section ("What should I
    do if I forget a dose?"), and those leaflets came before a text about
    memory (MedQuAD's *Memory loss* is also *Forgetfulness*). Nothing in
    those sections is about memory: they are no hits at all. Synonyms are
    scored in the topic fields only; the words typed keep the kind fields.
    """
    amnesia = make_entry(
        "amnesia",
        "Memory loss",
        names=("Forgetfulness", "Amnesia"),
        Summary="Amnesia is a loss of memories.",
    )
    aging = make_entry(
        "aging",
        "Aging changes in the brain",
        Summary="Some memory loss and slower thinking are common with age.",
    )
    drugs = [
        make_entry(
            f"drug{n}",
            f"Drug {n}",
            If_You_Forget_a_Dose="Take the missed dose as soon as you remember.",
            Side_Effects=f"Drug {n} may cause a headache.",
        )
        for n in range(4)
    ]
    with searching(tmp_path, [amnesia, aging, *drugs]) as service:
        assert service.search("forget a dose").results[0].section == (
            "If You Forget a Dose"
        )  # the words typed still find the kind of section they ask for
        found = service.search("memory loss", per_entry=1).results
        assert [hit.entry_id for hit in found] == ["amnesia", "aging"]


def test_the_ways_people_ask_for_a_kind_of_section_find_it(tmp_path):
    # No text says "remedy", "life expectancy" or "how long": the section's
    # question (indexer/questions.py) holds the ways people ask for its kind.
    gout = make_entry(
        "gout",
        "Gout",
        Summary="Gout is a kind of arthritis: a painful, swollen joint.",
        Causes="Uric acid builds up in the blood and forms crystals in a joint.",
        Treatment="Medicines ease an attack; less alcohol prevents the next.",
        Outlook="With treatment most people with gout lead normal lives.",
    )
    with searching(tmp_path, [gout, *other_topics()]) as service:
        for query, kind in (
            ("home remedies for gout", "Treatment"),
            ("gout remedy", "Treatment"),
            ("gout life expectancy", "Outlook"),
            ("survival with gout", "Outlook"),
            ("how long does gout last", "Outlook"),
        ):
            assert service.search(query).results[0].section == kind, query


def _urticaria(entry_id: str = "cold-urticaria"):
    # A list of where to read, as Genetics Home Reference gives treatments:
    # every title in it repeats the topic's words.
    return make_entry(
        entry_id,
        "Familial cold urticaria",
        Summary="A rare condition of the skin: hives after low temperatures.",
        Treatment="These resources address the diagnosis or management of "
        "familial cold urticaria:\n\n"
        "• Genetic Testing Registry: Familial cold urticaria\n"
        "• MedlinePlus Encyclopedia: Cold urticaria\n"
        "• American Skin Association: Cold sensitivity in children",
    )


def _assert_reading_list_kept_back(service, entry_id: str) -> None:
    for query in ("cold", "cold urticaria"):
        found = [(h.entry_id, h.section) for h in service.search(query).results]
        assert found[:2] == [(entry_id, "Summary"), (entry_id, "Treatment")], query
    # Asked for by its kind, the list is its entry's answer; and where only
    # the list holds what is asked, too.
    for query in ("treatment of familial cold urticaria", "skin association"):
        assert service.search(query).results[0].section == "Treatment", query


@pytest.mark.parametrize("derived", [True, False], ids=["from file", "on use"])
def test_a_reading_list_does_not_lead_its_entry_unless_asked_for(
    tmp_path, monkeypatch, derived
):
    if derived:  # the writer leaves the reading lists beside the segment
        monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    with searching(tmp_path, [_urticaria(), *other_topics()]) as service:
        _assert_reading_list_kept_back(service, "cold-urticaria")


def test_a_reading_list_written_through_the_service_is_one_at_once(tmp_path):
    with searching(tmp_path, other_topics()) as service:
        service.upsert([SourcedEntry(_urticaria("written"), "api", "written")])
        _assert_reading_list_kept_back(service, "written")


def test_a_title_holding_a_name_and_the_rest_of_the_query_comes_first(tmp_path):
    # The query names High blood pressure; the other entry's title holds
    # that name and the query's other word, and is the one asked about,
    # though its text says neither.
    hypertension = make_entry(
        "hbp",
        "High blood pressure",
        ["Hypertension"],
        Summary="High blood pressure is blood pressure that stays high. High "
        "blood pressure strains the heart.",
        Causes="High blood pressure comes with age, salt and weight; blood "
        "pressure rises.",
        Treatment="Medicines and less salt lower high blood pressure.",
    )
    in_pregnancy = make_entry(
        "hbp-pregnancy",
        "High blood pressure in pregnancy",
        Summary="Some women have it while pregnant; it can harm the placenta.",
    )
    pregnancy = make_entry(
        "pregnancy", "Pregnancy", Summary="Nine months of changes in pregnancy."
    )
    corpus = [hypertension, in_pregnancy, pregnancy, *other_topics()]
    with searching(tmp_path, corpus) as service:
        for query in (
            "high blood pressure during pregnancy",
            "pregnancy and high blood pressure",
        ):
            assert entries(service, query)[0] == "hbp-pregnancy", query
        assert entries(service, "high blood pressure")[0] == "hbp"


def test_in_a_long_question_intent_adds_a_share_of_the_topic(tmp_path):
    """The kind fields say which section of a topic a question wants, not
    which topic. In long questions (LiveQA's "... are these side effects
    of prednisone?") they lifted every drug's Side Effects section above
    the named drug's other sections, as drug leaflets share their section
    questions. In a question of more than ``coordination_words`` concepts
    they now add at most ``Tuning.intent_share`` of what the topic fields
    give a section; a short query keeps its whole intent.
    """
    from dataclasses import replace

    from indexer.search import SearchService
    from indexer.tuning import DEFAULT

    def leaflet(name: str, effects: str):
        return make_entry(
            name.lower(),
            name,
            Why_It_Is_Used=f"{name} relieves pain.",
            How_to_Use=f"Take {name.lower()} by mouth as your doctor tells you.",
            Side_Effects=effects,
        )

    drugs = [
        leaflet("Tramadol", "Tramadol may cause drowsiness or constipation."),
        *(
            leaflet(
                f"Drug{n}",
                "This medicine may cause dizziness at night, ringing in the "
                "ears, a red rash on the arms. Call your doctor if you worry.",
            )
            for n in range(6)
        ),
    ]
    # As in MedQuAD, few sections are a drug's: "side effects" is rare.
    others = [
        make_entry(f"e{n}", f"Condition {n}", Summary=f"Text {n}.", Causes="Genes.")
        for n in range(60)
    ]
    question = (
        "Hello, my husband has been taking tramadol for almost a year and "
        "this week he told me about dizziness at night, ringing in his ears "
        "and a red rash on both arms, are these side effects, should we worry?"
    )
    with searching(tmp_path, [*drugs, *others]):
        pass
    index = tmp_path / "index"

    def score(query: str, **values) -> dict[str, float]:
        with SearchService(index, tuning=replace(DEFAULT, **values)) as service:
            hits = service.search(query, per_page=30).results
        return {h.section_id: h.score for h in hits}

    topic = score(question, question=0.0, section=0.0)  # no kind fields
    capped, uncapped = score(question), score(question, intent_share=float("inf"))
    other = "drug0_Sec3"  # another drug's Side Effects
    share = DEFAULT.intent_share
    assert capped[other] <= (1 + share) * topic[other] + 1e-3  # scores: 4 places
    assert uncapped[other] > (1 + share) * topic[other]  # the cap binds
    with SearchService(index) as service:
        first = service.search("tramadol side effects").results[0]
        assert first.section == "Side Effects"  # a short query's intent
        assert service.search(question).results[0].entry_id == "tramadol"


def test_a_kind_of_section_is_asked_of_what_the_query_is_about(tmp_path):
    """A short query's kind words ("find support") pick a section of what
    it asks about, not of anything: `where can I find support for lupus`
    listed other entries' Support Groups sections (their question is
    "Where to find support for people with ...?") before anything about
    lupus. Where a section matches none of the query's other words, the
    kind fields now add at most ``Tuning.intent_share`` of what its text
    gives, as in a long question. Kind words alone still find their kind.
    """
    helped = [
        make_entry(
            f"c{n}",
            f"Condition {n}",
            Summary=f"Condition {n} is a long-term illness of the joints.",
            Support_Groups="You can find support and help from groups of "
            "people who share the same problems.",
        )
        for n in range(6)
    ]
    lupus = make_entry(
        "lupus",
        "Lupus",
        Summary="Lupus is an illness in which the immune system attacks the "
        "joints, skin and kidneys.",
        Treatment="Medicines calm lupus flares; rest helps.",
    )
    diet = make_entry(
        "diet",
        "Healthy eating",
        Summary="Meals low in sugar keep ketones away; ketones build up when "
        "the body burns fat.",
    )
    with searching(tmp_path, [*helped, lupus, diet, *other_topics(200)]) as service:
        for query, wanted in (
            ("where can I find support for lupus", "lupus"),
            ("where can I find information about ketones", "diet"),
        ):
            assert service.search(query).results[0].entry_id == wanted, query
        first = service.search("support groups").results[0]
        assert first.section == "Support Groups"  # kind words alone


def test_a_number_is_no_topic_a_kind_of_section_may_be_asked_of(tmp_path):
    """`CKD stage 3` listed cancers' Stages sections, whose texts say
    "stage 3", before *Chronic kidney disease*: the number made them
    sections of what the query is about, and its kind word ("stage") was
    not capped there. A number says which one (a stage, a type, a dose),
    not what about."""
    cancers = [
        make_entry(
            f"cancer-{letter}",
            f"Gland cancer {letter}",
            Summary=f"Gland cancer {letter} starts in the cells of a gland.",
            Stages="In stage 1 the tumor is small. In stage 3 the cancer has "
            "spread to nearby lymph nodes.",
        )
        for letter in "abcdef"
    ]
    ckd = make_entry(
        "ckd",
        "Chronic kidney disease",
        ["CKD"],
        Summary="Chronic kidney disease slowly damages the kidneys over years, "
        "until they cannot filter the blood.",
    )
    with searching(tmp_path, [*cancers, ckd, *other_topics(200)]) as service:
        assert service.search("CKD stage 3").results[0].entry_id == "ckd"
        # The kind word still picks the section of what is named.
        first = service.search("gland cancer b stage 3").results[0]
        assert (first.entry_id, first.section) == ("cancer-b", "Stages")


def test_a_drug_named_alone_lists_what_it_is_for_first(tmp_path):
    """A drug's name alone asks what the drug is: its leaflet's "Why It
    Is Used", not its short list of brand names that repeat the name."""
    leaflet = make_entry(
        "naproxen",
        "Naproxen",
        Why_It_Is_Used="Naproxen is used to relieve pain, tenderness and "
        "swelling caused by arthritis, and pain from menstrual periods.",
        How_to_Use="Take naproxen with food or milk, with a full glass of water.",
        Brand_Names="Naproxen is sold as: - Aleve - Naprosyn",
    )
    others = other_topics()
    with searching(tmp_path, [leaflet, *others]) as service:
        for query in ("naproxen", "aleve"):
            first = service.search(query).results[0]
            assert (first.entry_id, first.section) == ("naproxen", "Why It Is Used")
        # Asked for something else, the leaflet answers that.
        first = service.search("naproxen brand names").results[0]
        assert first.section == "Brand Names"


def _two_things(tmp_path):
    tooth = make_entry(
        "tooth-abscess",
        "Tooth abscess",
        Summary="A tooth abscess is a collection of pus in the center of a tooth.",
        Causes="A tooth abscess may form when the tooth decays and bacteria "
        "infect the pulp of the tooth.",
        Symptoms="A tooth abscess hurts, and the tooth aches when chewing.",
        Treatment="A tooth abscess is drained, and the tooth may need a root canal.",
        Outlook="Untreated, a tooth abscess spreads beyond the tooth.",
        Prevention="Brushing prevents the tooth decay that leads to a tooth abscess.",
    )
    heart = make_entry(
        "heart-attack",
        "Heart attack",
        Summary="A heart attack happens when blood flow to the heart stops.",
        Causes="Most heart attacks are caused by a clot in an artery of the heart.",
        Treatment="A heart attack is treated at once to open the artery.",
    )
    others = other_topics(words=" of a cause")
    return searching(tmp_path, [tooth, heart, *others])


def _first_four(hits) -> list[str]:
    """The entries of a page's first four hits, sorted: two things taking
    turns two at a time show two sections of each."""
    return sorted(h.entry_id for h in hits[:4])


def test_two_things_a_question_names_take_turns_on_the_page(tmp_path):
    """Asked whether one thing causes another, the page shows both, not
    every section of the first and then the second."""
    with _two_things(tmp_path) as service:
        hits = service.search("can a tooth abscess cause a heart attack").results
        assert _first_four(hits) == [
            "heart-attack",
            "heart-attack",
            "tooth-abscess",
            "tooth-abscess",
        ]
        assert _counts(hits)["tooth-abscess"] > 2  # named: still not capped
        # Each page is cut from the same order: no hit twice, none lost.
        whole = service.search("tooth abscess heart attack", per_page=9).results
        pages = [
            hit
            for page in (1, 2, 3)
            for hit in service.search(
                "tooth abscess heart attack", per_page=3, page=page
            ).results
        ]
        assert [h.section_id for h in pages] == [h.section_id for h in whole]


def test_a_one_word_name_takes_turns_beside_a_name_of_two_words(tmp_path):
    """`lupus vs rheumatoid arthritis`: every section of a two-word name's
    entry holds its own pair in order, so proximity multiplies them (x4
    here), which a one-word name never gets; the floor of the turns,
    compared on those scores, then left *Lupus* out of them. The floor
    compares what the sections say before their words' order."""
    lupus = make_entry(
        "lupus",
        "Lupus",
        Summary="Lupus is an autoimmune disease.",
        Symptoms="Lupus causes joint pain, a rash and tiredness.",
        Treatment="Lupus is treated with medicines that calm the immune system.",
    )
    arthritis = make_entry(
        "rheumatoid-arthritis",
        "Rheumatoid arthritis",
        Summary="Rheumatoid arthritis is an autoimmune disease of the joints.",
        Symptoms="Rheumatoid arthritis makes joints swell and hurt.",
        Treatment="Rheumatoid arthritis is treated with medicines and exercise.",
        Causes="What causes rheumatoid arthritis is not known.",
        Outlook="Rheumatoid arthritis lasts for life.",
    )
    others = other_topics(words=" rheumatoid arthritis lupus")
    with searching(tmp_path, [lupus, arthritis, *others]) as service:
        # Here *Lupus*'s best section scores about as much as the other's
        # before proximity, and a quarter of it after: a floor of 0.3
        # tells which of the two the turns compare.
        service.tuning = service.tuning.with_values(turn_share=0.3)
        hits = service.search("lupus vs rheumatoid arthritis").results
        assert _first_four(hits) == [
            "lupus",
            "lupus",
            "rheumatoid-arthritis",
            "rheumatoid-arthritis",
        ]
        best_lupus = max(h.score for h in hits if h.entry_id == "lupus")
        assert best_lupus < 0.3 * hits[0].score  # after the order's multiplier


def test_named_things_take_no_turns_in_a_message_or_a_strict_page(tmp_path):
    with _two_things(tmp_path) as service:
        before = service.tuning
        service.tuning = before.with_values(named_turn=0)
        by_score = [
            h.section_id for h in service.search("tooth abscess heart attack").results
        ]
        service.tuning = before
        # A caller's per_entry is strict, and there are no named places.
        strict = service.search("tooth abscess heart attack", per_entry=2).results
        assert max(_counts(strict).values()) == 2
        assert [
            h.section_id for h in service.search("tooth abscess heart attack").results
        ] != by_score
        # A message's names are as often narrative: ranked by score.
        message = (
            "my dentist said I have a tooth abscess and my father had a heart "
            "attack last year, should I worry about it at all"
        )
        service.tuning = before.with_values(named_turn=0)
        expected = [h.section_id for h in service.search(message).results]
        service.tuning = before
        assert [h.section_id for h in service.search(message).results] == expected


def test_a_word_in_an_unusual_other_number_finds_the_sections_that_use_it(tmp_path):
    """The stemmer leaves "teeth" and "tooth", "metastasis" and
    "metastases" apart; a query in one finds texts in the other."""
    entries = [
        make_entry(
            "toothache",
            "Toothache",
            Summary="Pain in or around a tooth, often from decay.",
        ),
        make_entry(
            "bone-cancer",
            "Bone cancer",
            Summary="Cancer found in the bone may be bone metastases from elsewhere.",
        ),
        make_entry(
            "braces",
            "Braces",
            Summary="Braces straighten teeth. A metastasis is a different matter.",
        ),
    ]
    with searching(tmp_path, entries) as service:
        for query, entry in (("teeth", "toothache"), ("metastasis", "bone-cancer")):
            # Like a stem, not an expansion: exact searches match it too.
            for exact in (False, True):
                found = {h.entry_id for h in service.search(query, exact=exact).results}
                assert {"braces", entry} <= found, (query, exact)


def test_a_drug_leaflet_is_named_without_its_form_and_salt(tmp_path):
    """A leaflet's title adds the drug's form and salt to its name
    ("Methylprednisolone Sodium Succinate Injection"): the drug's name
    names it, and lists its sections, not two and then other drugs'."""
    leaflet = make_entry(
        "ketorolac-injection",
        "Ketorolac Tromethamine Sodium Injection",
        Why_It_Is_Used="It is used to relieve moderately severe pain.",
        How_to_Use="It comes as a solution to inject into a muscle or vein.",
        Side_Effects="It may cause upset stomach and drowsiness.",
        Storage="Keep it at room temperature.",
    )
    oral = make_entry(
        "oral-cancer",
        "Oral cancer",
        Summary="Cancer of the mouth. Ketorolac tromethamine eases its pain.",
        Treatment="Surgery; ketorolac tromethamine for the pain afterwards.",
        Outlook="Cancer found early is often cured.",
    )
    others = other_topics(words=" of cancer")
    with searching(tmp_path, [leaflet, oral, *others]) as service:
        hits = service.search("what is ketorolac tromethamine").results
        assert hits[0].entry_id == "ketorolac-injection"
        assert _counts(hits)["ketorolac-injection"] > 2  # named: not capped
        # "Oral" is a form only in a leaflet's title: "cancer" alone does
        # not name "Oral cancer", which keeps the cap of two.
        assert (
            _counts(service.search("cancer", per_page=20).results)["oral-cancer"] <= 2
        )


def stomach_problems(n: int) -> list:
    """Entries that mention vomiting in passing, none of them about it."""
    return [
        make_entry(
            f"other{i}",
            f"Stomach problem {i}",
            Summary=f"Problem {i} can bring on vomiting and a sore stomach.",
        )
        for i in range(n)
    ]


def test_a_synonym_is_not_searched_as_what_is_left_of_it(tmp_path):
    """A synonym of several words less its small words is another word:
    "throw up" searched as "throw" met "slippery throw rugs", and `puking`
    listed a section on falls before *Nausea and vomiting*. Such a synonym is
    left out; the synonyms with words of their own still count.
    """
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("puking; throw up; vomiting\n")
    vomiting = make_entry(
        "nausea-and-vomiting",
        "Nausea and vomiting",
        Summary="Vomiting is forcing the contents of the stomach up through "
        "the mouth. Vomiting has many causes; see a doctor if vomiting lasts.",
    )
    falls = make_entry(
        "falls",
        "Falls",
        Summary="Slippery throw rugs and icy steps cause falls.",
    )
    others = stomach_problems(6)
    build_index([vomiting, falls, *others], tmp_path / "index", thesaurus=thesaurus)
    with SearchService(tmp_path / "index") as service:
        found = service.search("puking")
        assert entries(service, "puking")[0] == "nausea-and-vomiting"
        assert "falls" not in entries(service, "puking")
        assert "throw up" not in found.expansions["puking"]
        assert "vomiting" in found.expansions["puking"]


def test_a_name_typed_is_not_searched_as_what_is_left_of_it(tmp_path, monkeypatch):
    """The same for the name typed: `throwing up` less its small word is
    "throw", which listed a section on falls ("slippery throw rugs") first.
    Its other names carry the concept at the typed weight, the word that is
    left at a synonym's.
    """
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("throwing up; vomiting\n")
    # Not named by the group (its title is none of the group's names), as
    # MedQuAD's health topic *Nausea and Vomiting* is not named by it.
    vomiting = make_entry(
        "stomach-upset",
        "Stomach upset",
        Summary="Vomiting is forcing the contents of the stomach up through "
        "the mouth. Vomiting has many causes; see a doctor if vomiting lasts.",
    )
    falls = make_entry(
        "falls",
        "Falls",
        Summary="Slippery throw rugs and icy steps cause falls. Tape a throw "
        "rug down or take it away.",
    )
    others = stomach_problems(6)
    others += other_topics(30)
    build_index([vomiting, falls, *others], tmp_path / "index", thesaurus=thesaurus)
    with SearchService(tmp_path / "index") as service:
        found = entries(service, "throwing up")
        assert found[0] == "stomach-upset"
    # Switched off (the typed word at full weight), falls came first.
    monkeypatch.setattr(concepts, "one_word_left", lambda name: False)
    with SearchService(tmp_path / "index") as service:
        assert entries(service, "throwing up")[0] == "falls"


def test_an_everyday_word_does_not_match_its_code_in_capitals(tmp_path, monkeypatch):
    """A code is indexed as its word too (``KID`` as "kid" and, marked,
    "^kid"), so the everyday word met every section that writes the code:
    `my kid keeps vomiting` listed *keratitis-ichthyosis-deafness (KID)
    syndrome*, and "med" (for medicine) *Multiple epiphyseal dysplasia*
    (MED). Where the word's other sections outnumber the code's, as they
    must for a word typed in small letters to be read as the code, the word
    counts only its other uses.
    """
    syndrome = make_entry(
        "kid-syndrome",
        "Keratitis-ichthyosis-deafness syndrome",
        Summary="KID syndrome: the KID rash is the first sign of KID.",
    )
    rash = make_entry(
        "summer-heat",
        "Summer heat",
        Summary="In hot weather a kid may get a rash from the heat.",
    )
    others = [
        make_entry(f"child{n}", f"Child care {n}", Summary=f"Keep a kid safe, tip {n}.")
        for n in range(4)
    ]
    others += other_topics(30)
    with searching(tmp_path, [syndrome, rash, *others]) as service:
        assert entries(service, "kid rash")[0] == "summer-heat"
        assert entries(service, "KID syndrome")[0] == "kid-syndrome"  # the code
    monkeypatch.setattr(Ranker, "_everyday", lambda self, text: False)
    with searching(tmp_path / "before", [syndrome, rash, *others]) as service:
        assert entries(service, "kid rash")[0] == "kid-syndrome"  # as it was


def test_a_word_typed_in_capitals_is_the_word_the_texts_write(tmp_path, monkeypatch):
    """A word in capitals among small letters is searched as its code, which
    only the sections that write it in capitals hold: `LIVER CANCER` found
    the few that say "CANCER" in a heading. Where the texts write the word a
    hundred times for each such section, it is the word; a code people type
    that is also a word ("PAD", written as a word far less often) stays the
    code, and the capitals still name what they named.
    """
    tumors = make_entry(
        "brain-tumors",
        "Brain tumors",
        Summary="A growth of cells in the brain is a brain tumor.",
    )
    checklist = make_entry(
        "checklist",
        "Head injury checklist",
        Summary="BRAIN: look for a growth of a bump after a fall.",
    )
    others = [
        make_entry(f"b{n}", f"Nerve topic {n}", Summary="The brain. " * 12)
        for n in range(10)
    ]
    pad = make_entry(
        "pad",
        "Peripheral artery disease",
        Summary="PAD narrows the arteries of the legs. PAD causes cramps.",
        Symptoms="Leg pain when walking is the first symptom of PAD.",
    )
    heat = make_entry(
        "heat", "Heat therapy", Summary="A heating pad eases cramps. Use a pad."
    )
    # A code the texts spell out stays the code up to five hundred times
    # as many of its word: TIPS, written as "tips" 120 times here.
    shunt = make_entry(
        "shunt",
        "Budd-Chiari syndrome",
        Treatment="A transjugular intrahepatic portosystemic shunt (TIPS) "
        "lowers the pressure; TIPS is a procedure.",
    )
    advice = [
        make_entry(
            f"tips{n}",
            f"Healthy living {n}",
            Summary="Tips for a procedure. " + "Tips. " * 11,
        )
        for n in range(10)
    ]
    corpus = [tumors, checklist, *others, pad, heat, shunt, *advice]
    corpus += other_topics(20)
    with searching(tmp_path, corpus) as service:
        assert entries(service, "BRAIN growth")[0] == "brain-tumors"
        assert entries(service, "PAD cramps")[0] == "pad"
        assert entries(service, "TIPS procedure")[0] == "shunt"
        assert service.search("BRAIN growth", exact=True).results[0].entry_id == (
            "checklist"  # as typed: the code
        )
    monkeypatch.setattr(Codes, "shouted", lambda self, word: False)
    with searching(tmp_path / "before", corpus) as service:
        assert entries(service, "BRAIN growth")[0] == "checklist"  # as it was


def test_a_code_that_is_a_small_word_names_its_entry(tmp_path):
    """ "ALL" (acute lymphoblastic leukemia) and "AS" (ankylosing
    spondylitis) are small words in small letters, and were dropped typed
    in capitals too: `childhood ALL treatment` searched "childhood
    treatment". Typed as a code, such a word is the name it is, searched by
    the entry's other names; in small letters it is still nothing."""
    leukemia = make_entry(
        "all",
        "Acute lymphoblastic leukemia",
        ["ALL"],
        Summary="A cancer of the white blood cells, the commonest in children.",
        Treatment="Chemotherapy in phases over two or three years.",
    )
    others = [
        make_entry(
            f"child{n}",
            f"Childhood tumor {n}",
            Treatment=f"Treatment of childhood tumor {n}: surgery.",
        )
        for n in range(4)
    ]
    lupus = make_entry(
        "lupus", "Lupus", Summary="An autoimmune disease that attacks the joints."
    )
    west = make_entry(
        "west", "West syndrome", ["IS"], Summary="Spasms in infancy, in clusters."
    )
    corpus = [leukemia, lupus, west, *others, *other_topics(20)]
    with searching(tmp_path, corpus) as service:
        assert first(service, "childhood ALL treatment") == ("all", "Treatment")
        assert entries(service, "is ALL curable")[0] == "all"
        plan = service.plan("all my children")
        assert not any(c.entries for c in plan.concepts)
        # Beside another name it is said loud, not a code: `what IS lupus`.
        plan = service.plan("what IS lupus")
        assert [c.entries for c in plan.concepts if c.entries] == [("lupus",)]
        assert entries(service, "what IS lupus")[0] == "lupus"


@contextmanager
def searching_as_before(tmp_path, corpus, monkeypatch, step: str):
    """A service over ``corpus`` indexed without ``analysis.<step>`` (text
    kept as it is), as before that step was written."""
    monkeypatch.setattr(analysis, step, lambda value: value)
    analysis._cached_terms.cache_clear()  # values analysed with the step
    try:
        with searching(tmp_path / "before", corpus) as service:
            yield service
    finally:
        analysis._cached_terms.cache_clear()


#: Text nobody searches for, as a few sections write it, and the query it
#: misled: (step that leaves it out, the answer, the misleading text, the
#: query, another query the text still answers, and the entry it finds).
NOT_SEARCHED = {
    # "aspiration (as-pih-RA-shun)": the syllables outnumbered the code RA,
    # and "ra" in small letters was read as a word.
    "respellings": (
        "without_respellings",
        make_entry(
            "ra",
            "Rheumatoid arthritis",
            names=["RA"],
            Symptoms="RA makes the joints stiff and swollen; RA comes and goes.",
        ),
        "Symptoms of aspiration (as-pih-RA-shun) and coughing, case {n}.",
        "ra symptoms",
        ("aspiration", "noise"),
    ),
    # A link's file name made "hbp" a word of sections about coughs.
    "web paths": (
        "without_paths",
        make_entry(
            "hbp",
            "High blood pressure",
            Summary="HBP strains the heart; HBP often has no signs.",
        ),
        "Coughs {n}: see www.example.gov/hbp-guide.htm and "
        "www.example.org/topics/hbp for more.",
        "hbp",
        ("example.gov", "noise"),  # the host stays
    ),
    # A help line's digits met a dose.
    "telephone numbers": (
        "without_phone_numbers",
        make_entry(
            "pain-relief",
            "Pain relief",
            Treatment="For a sprain adults may take 800 mg of ibuprofen with food.",
        ),
        "Ibuprofen questions {n}: 1-800-232-4636, (800) 555-0199.",
        "ibuprofen 800",
        ("ibuprofen questions", "noise"),
    ),
    # A summary's last line credits an institute, in words of its name.
    "credits": (
        "without_credits",
        make_entry(
            "sugar-damage",
            "Damage from high sugar",
            Summary="Diabetes can harm the kidney over many years, slowly and "
            "without pain, unless blood sugar is kept in range.",
        ),
        "Rest helps {n}.\n\nNIH: National Institute of Diabetes and Digestive "
        "and Kidney Diseases",
        "kidney diabetes",
        ("rest helps", "noise"),
    ),
    # Or another agency, in its name alone.
    "agency credits": (
        "without_credits",
        make_entry(
            "stomach-bug",
            "Stomach bug",
            Treatment="It passes in a day or two: eat bland food, and drink "
            "water; a drug is rarely needed, unless it lasts for days.",
        ),
        "Rest helps {n}.\n\nFood and Drug Administration",
        "food drug",
        ("rest helps", "noise"),
    ),
}


@pytest.mark.parametrize("case", NOT_SEARCHED)
def test_text_nobody_searches_for_misleads_no_query(tmp_path, monkeypatch, case):
    """Each kind of text :func:`~indexer.analysis.indexed_text` leaves out,
    written in a few sections: the query it misled finds its answer first,
    and indexed as before it did not."""
    step, answer, text, query, (other, found) = NOT_SEARCHED[case]
    noise = [
        make_entry(f"noise{n}", f"Other matter {n}", Symptoms=text.format(n=n))
        for n in range(4)
    ]
    corpus = [answer, *noise, *other_topics(30)]
    with searching(tmp_path, corpus) as service:
        assert entries(service, query)[0] == answer.entry_id
        assert entries(service, other)[0].startswith(found)
    with searching_as_before(tmp_path, corpus, monkeypatch, step) as service:
        assert entries(service, query)[0].startswith("noise")


def test_a_name_s_number_alone_holds_no_name(tmp_path):
    """`covid 19` is a curated name no section holds: its "19" alone found
    *Dystonia 19*; now nothing matches, as for any name none holds."""
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("covid 19; coronavirus disease 2019\n")
    dystonia = make_entry(
        "dystonia-19", "Dystonia 19", Summary="Dystonia 19 causes brief jerks."
    )
    corpus = [dystonia, *other_topics(words=" 19")]
    build_index(corpus, tmp_path / "index", thesaurus=thesaurus)
    with SearchService(tmp_path / "index") as service:
        assert not service.search("covid 19").results
        assert entries(service, "dystonia 19")[0] == "dystonia-19"
        # Two words that are no one name keep the soft AND: the number counts.
        assert service.search("xyzzy 19").results


def test_the_spelling_vocabulary_counts_the_text_as_indexed(tmp_path):
    """A respelling's syllables are no words a slip should be read as."""
    entry = make_entry(
        "lungs", "Lung problem", Symptoms="Aspiration (as-pih-RA-shun) hurts."
    )
    report = build_index([entry], tmp_path / "index")
    assert report.words["aspiration"] == 1
    assert not {"pih", "shun"} & set(report.words)


def test_a_name_in_everyday_words_of_its_group_names_its_entry(tmp_path, monkeypatch):
    """A name typed with a curated everyday word for one of its words
    (`blood in pee`, with "pee" in the group of "urination") is that name
    ("blood in the urine", whose words are the same but for small words and
    endings): its entry is named, not only the entries whose texts say
    "pee" or "blood" most.
    """
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("pee; peeing; urination\n")
    hematuria = make_entry(
        "hematuria",
        "Hematuria",
        names=("Blood in the urine",),
        Summary="Hematuria is blood in the urine. It may come from the kidneys.",
    )
    bleeding = [
        make_entry(
            f"bleeding{n}",
            f"Bleeding problem {n}",
            Summary=f"Problem {n}: blood in the stool, blood in the nose, "
            "and blood when you pee.",
        )
        for n in range(3)
    ]
    entries_ = [hematuria, *bleeding, *other_topics(20)]
    with searching(tmp_path, entries_, thesaurus=thesaurus) as service:
        assert entries(service, "blood in pee")[0] == "hematuria"
        read = service.search("blood in pee").expansions["blood in pee"]
        assert "Blood in the urine" in read  # and the page says so, as written
    monkeypatch.setattr(Namer, "_lay_forms", lambda self, key, query=True: [])
    with searching(tmp_path / "before", entries_, thesaurus=thesaurus) as service:
        assert entries(service, "blood in pee")[0] != "hematuria"  # as it was


def test_an_everyday_word_of_a_group_and_an_unusual_plural_name_an_entry(tmp_path):
    """`swollen feet`: "swollen" in the group of "swelling", "feet" the
    unusual plural of "foot", is *Foot swelling*. Each alone was read
    (`swollen foot`), the two together were not, and the texts that say
    "swollen feet" most led."""
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("swollen; swelling\n")
    edema = make_entry(
        "edema",
        "Pedal edema",
        names=("Foot swelling",),
        Summary="Fluid builds up in the lower legs.",
    )
    others = [
        make_entry(
            f"toes{n}",
            f"Toe problem {n}",
            Summary=f"Problem {n}: swollen feet, swelling of the feet and sore feet.",
        )
        for n in range(3)
    ]
    entries_ = [edema, *others, *other_topics(20)]
    with searching(tmp_path, entries_, thesaurus=thesaurus) as service:
        assert entries(service, "swollen feet")[0] == "edema"
        assert entries(service, "swollen foot")[0] == "edema"


def test_a_name_typed_apart_is_searched_as_the_texts_join_it(tmp_path):
    """`non hodgkin lymphoma` searched "non", "hodgkin" and "lymphoma"
    apart, so its words held the whole title *Hodgkin lymphoma*, which was
    named by them and listed second, before *Childhood Non-Hodgkin
    lymphoma*. The texts write the name with a hyphen, one word: it is
    searched as written. A name the texts also write apart ("Parkes
    Weber") stays as typed.
    """
    lymphoma = make_entry(
        "lymphoma",
        "Lymphoma",
        ["Non-Hodgkin lymphoma"],
        Summary="Lymphoma is a cancer of the lymph system. The two main kinds "
        "are Hodgkin and non-Hodgkin lymphoma.",
    )
    childhood = make_entry(
        "childhood-nhl",
        "Childhood Non-Hodgkin lymphoma",
        Summary="Childhood non-Hodgkin lymphoma is a cancer of the lymph "
        "system in children; non-Hodgkin lymphoma grows fast in children.",
    )
    hodgkin = make_entry(
        "hodgkin",
        "Hodgkin lymphoma",
        Summary="Hodgkin lymphoma is a cancer of the lymph tissue with "
        "Reed-Sternberg cells. Hodgkin lymphoma often starts in the neck.",
        Symptoms="Hodgkin lymphoma causes painless swollen lymph nodes, "
        "fever and night sweats.",
    )
    parkes = make_entry(
        "parkes-weber",
        "Parkes Weber syndrome",
        ["Parkes-Weber syndrome"],
        Summary="Parkes Weber syndrome is a disorder of the blood vessels.",
    )
    # "non" is a common word of the texts ("non-smokers", "non-cancerous").
    others = other_topics(12, " is a non-cancerous growth in non-smokers")
    built = [lymphoma, childhood, hodgkin, parkes, *others]
    with searching(tmp_path, built) as service:
        for query in ("non hodgkin lymphoma", "Non-Hodgkin lymphoma"):
            assert entries(service, query) == ["lymphoma", "childhood-nhl", "hodgkin"]
        (concept,) = service.plan("parkes weber syndrome").concepts
        assert "parkes-weber" not in concept.alternatives[0].terms


def test_a_name_joined_to_a_qualifier_no_text_writes_is_searched_as_typed(
    tmp_path,
):
    """A.D.A.M. joins a qualifier to a name with a hyphen ("Breast
    cancer-prevention", an alternative name of a text-less entry): read as
    the texts' way of writing the name, `breast cancer prevention` was
    searched as "breast" and "cancer-prevention", a term no section holds,
    and listed every Breast Cancer section at one score. The words as typed
    find the Prevention section.
    """
    risk = make_entry(
        "risk",
        "Understanding your breast cancer risk",
        ["Breast cancer-prevention", "LCIS-risk"],
    )
    cancer = make_entry(
        "breast-cancer",
        "Breast cancer",
        Summary="Breast cancer is a cancer that forms in the tissues of the "
        "breast. Breast cancer is the most common cancer in women.",
        Symptoms="A lump in the breast cancer survivors also watch for, a "
        "change in the size or shape of the breast.",
        Prevention="Keeping a healthy weight, exercise and less alcohol lower "
        "the risk; some women at high risk take medicines.",
    )
    with searching(tmp_path, [risk, cancer, *other_topics(12)]) as service:
        (concept,) = service.plan("breast cancer prevention").concepts
        assert "cancer-prevention" not in concept.alternatives[0].terms
        assert first(service, "breast cancer prevention") == (
            "breast-cancer",
            "Prevention",
        )


def test_a_two_word_name_weighs_as_both_its_words_in_proximity(tmp_path):
    """`kidney disease stage 3` listed other cancers' Stages sections first:
    "stage 3" stands together there, and the pair "kidney disease" weighed
    only as much as "disease", a word of every other text. A two-word name
    is one thing, as rare as both its words.
    """
    kidney = make_entry(
        "kidney-disease",
        "Kidney disease",
        Summary="Kidney disease means the kidneys are damaged and cannot "
        "filter blood as they should. Kidney disease often gets worse slowly, "
        "over many years, and may cause no symptoms until the kidneys are "
        "nearly worn out. Diabetes and high blood pressure are its most "
        "common causes; both can be checked with simple tests.",
        Treatment="Treatment of kidney disease slows the damage: blood "
        "pressure medicines, less salt, and dialysis when the kidneys fail.",
    )
    cancers = [
        make_entry(
            f"cancer-{n}",
            f"{name} cancer",
            Stages=f"In stage 3 {name.lower()} cancer, the cancer has spread to "
            f"nearby lymph nodes. Stage 3 is treated with surgery. Stage 3 "
            f"comes after stage 2.",
        )
        for n, name in enumerate(["Bone", "Skin", "Throat"])
    ]
    others = other_topics(30, " is a disease of the body")
    with searching(tmp_path, [kidney, *cancers, *others]) as service:
        assert entries(service, "kidney disease stage 3")[0] == "kidney-disease"


def test_gaps_in_arrays_are_the_fewest_words_to_the_next_word():
    # Proximity reads, per candidate, the fewest words from one query word
    # to a later one of the next; in arrays, as a loop over positions does.
    rng = np.random.default_rng(5)
    for _ in range(300):
        size = int(rng.integers(1, 6))
        runs = []
        for _ in range(2):
            docs, where = [], []
            for doc in range(size):
                positions = np.unique(rng.integers(0, 30, rng.integers(0, 5)))
                docs += [doc] * len(positions)
                where += positions.tolist()
            runs.append((np.array(docs, np.int64), np.array(where, np.int64)))
        want = []
        for doc in range(size):
            first = runs[0][1][runs[0][0] == doc].tolist()
            then = runs[1][1][runs[1][0] == doc].tolist()
            later = [q - p for p in first for q in then if q > p]
            want.append(min(later) if later else FAR)
        assert _gaps(runs[0], runs[1], size).tolist() == want


def test_who_it_is_about_is_context_when_a_condition_is_named(tmp_path):
    """A person (`my son`, `toddler`) next to a named condition says who has
    it, not what to read: `my son has a fever` listed inheritance pages,
    whose texts say "son" most, next after *Fever*; `my kid keeps throwing
    up` a page about keeping kidneys healthy first ("keeps" is filler). A
    person alone, or beside no named condition, is the topic."""
    entries_ = [
        make_entry("fever", "Fever", [], Summary="A fever is a raised temperature."),
        make_entry("vomiting", "Vomiting", ["Throwing up"], Summary="Vomiting."),
        make_entry(
            "inheritance",
            "Inherited syndrome",
            [],
            Summary="A father passes it to his son; a son of an affected man, "
            "each son, may have a fever.",
        ),
        make_entry(
            "kidneys",
            "Keep your kidneys healthy",
            [],
            Summary="Keep kids active, keep blood pressure down; vomiting "
            "may be a sign. Keep a kid's weight healthy.",
        ),
        make_entry(
            "toddler", "Toddler health", [], Summary="A healthy toddler eats well."
        ),
        make_entry(
            "fever-children",
            "Childhood fevers",
            [],
            Summary="In children a fever is common; children get fevers.",
        ),
        *other_topics(12, words=" kid son toddler"),
    ]
    with searching(tmp_path, entries_) as service:
        assert entries(service, "my son has a fever")[0] == "fever"
        assert entries(service, "my kid keeps throwing up")[0] == "vomiting"
        assert entries(service, "healthy toddler")[0] == "toddler"
        plan = service.plan("my son has a fever")
        assert [(c.label, c.chatter) for c in plan.concepts] == [
            ("son", True),
            ("fever", False),
        ]
        assert not any(c.chatter for c in service.plan("toddler").concepts)
        # After "in" or "for" people are the population asked about.
        assert entries(service, "fever in children")[0] == "fever-children"
        assert not any(c.chatter for c in service.plan("fever in children").concepts)


# A filler word in each of its forms ("help" was filler and "helps" not),
# or how much or how often: a page that says it most led the topic asked
# about (`what helps with nausea`, `sweating a lot`).
FILLED = [
    (
        make_entry(
            "nausea",
            "Nausea and vomiting",
            [],
            Summary="Nausea is an uneasy stomach. Ginger may ease nausea.",
        ),
        make_entry(
            "therapies",
            "Alternative therapies",
            [],
            Summary="Massage helps with stress, acupuncture helps with nausea, "
            "yoga helps with sleep; what helps one person helps few others.",
        ),
        "nausea",
        ("what helps with nausea",),
    ),
    (
        make_entry("sweat", "Sweat", [], Summary="Sweating cools the body."),
        make_entry(
            "lots",
            "Parking lots and playgrounds",
            [],
            Summary="A lot of children play in a lot; lots of sun, lots of "
            "sweating, always in a lot.",
        ),
        "sweating",
        ("sweating a lot", "always sweating", "sweating lots"),
    ),
]


@pytest.mark.parametrize(("topic", "sayer", "word", "queries"), FILLED)
def test_a_filler_word_is_no_concept(tmp_path, topic, sayer, word, queries):
    entries_ = [topic, sayer, *other_topics(12, words=f" {word}")]
    with searching(tmp_path, entries_) as service:
        assert entries(service, queries[0])[0] == topic.entry_id
        for query in queries:
            assert [c.label for c in service.plan(query).concepts] == [word], query


def test_what_a_name_means_asks_for_the_name(tmp_path):
    # `what does high cholesterol mean` listed the Inheritance section of an
    # entry named by it first ("This means that..."), not an overview.
    entries_ = [
        make_entry(
            "hyper",
            "Hypercholesterolemia",
            ["High cholesterol"],
            Summary="Hypercholesterolemia is an inherited condition.",
            Inheritance="This means one copy is enough, which means each "
            "child of a parent with it may have it; that means half.",
        ),
        make_entry(
            "cholesterol",
            "Cholesterol",
            ["High cholesterol"],
            Summary="Cholesterol is a fat in the blood.",
        ),
        *other_topics(12, words=" cholesterol"),
    ]
    with searching(tmp_path, entries_) as service:
        found = service.search("what does high cholesterol mean").results
        assert (found[0].entry_id, found[0].section) == ("hyper", "Summary")
        named = service.search("high cholesterol").results
        assert [h.section_id for h in found] == [h.section_id for h in named]
        plan = service.plan("what does high cholesterol mean")
        assert [c.label for c in plan.concepts] == ["high cholesterol"]


def test_an_age_is_context_beside_what_is_asked(tmp_path):
    """A person's age (`60 year old`, `6-year-old`, `age 65`) says who
    asks, not what to read: `normal blood pressure for a 60 year old`
    listed a page on who gets shingles ("people 60 years old and older")
    before the blood pressure pages. A duration (`for 6 months`) may be
    what is asked, and an age alone is the topic."""
    entries_ = [
        make_entry(
            "blood-pressure",
            "High blood pressure",
            ["Hypertension"],
            Summary="A normal blood pressure is below 120 over 80. Blood "
            "pressure rises with age.",
        ),
        make_entry(
            "shingles",
            "Shingles",
            [],
            Summary="Shingles is a painful rash.",
            **{
                "Who Is at Risk": "Most people who get shingles are 60 years "
                "old or older; the risk grows each year after 60. A 60 year "
                "old is at risk, and one of 70 is at more; normal skin heals."
            },
        ),
        make_entry(
            "aging",
            "Aging",
            [],
            Summary="What changes as people get old, year by year.",
        ),
        # Blood pressure is written everywhere, a number of years rarely.
        *other_topics(12, words=" blood pressure year old"),
    ]
    with searching(tmp_path, entries_) as service:
        query = "what is a normal blood pressure for a 60 year old"
        assert entries(service, query)[0] == "blood-pressure"
        plan = service.plan(query)
        assert [(c.label, c.chatter) for c in plan.concepts if c.chatter] == [
            ("60", True),
            ("year", True),
            ("old", True),
        ]
        assert {
            c.label
            for c in service.plan("my 6-year-old has a fever").concepts
            if c.chatter
        } == {"6-year-old"}
        assert any(c.chatter for c in service.plan("blood pressure at age 65").concepts)
        # A duration is no age; an age alone is what is asked.
        assert not any(
            c.chatter for c in service.plan("blood pressure for 6 months").concepts
        )
        assert not any(c.chatter for c in service.plan("60 year old").concepts)
        # An age said bare after who it is; not weeks, nor a reading.
        said = {
            c.label
            for c in service.plan("my son is 60 with blood pressure").concepts
            if c.chatter
        }
        assert "60" in said
        # Typed without the apostrophe too.
        for typed in ("blood pressure, im 60", "blood pressure, hes 60"):
            assert any(
                c.chatter and c.label == "60" for c in service.plan(typed).concepts
            ), typed
        for reading in ("my blood pressure is 60", "I am 34 weeks with blood pressure"):
            assert not any(
                c.chatter and c.label.isdigit() for c in service.plan(reading).concepts
            )


def test_who_it_is_about_is_context_beside_a_name_of_the_thesaurus(tmp_path):
    """A condition the thesaurus names, though no entry is titled so
    (`high fever`: hyperpyrexia), makes a person beside it context too:
    `high fever in a toddler` listed three toddler pages before *Fever*."""
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("high fever; hyperpyrexia\n")
    entries_ = [
        make_entry(
            "fever",
            "Fever",
            [],
            Summary="A fever is a raised temperature; a high fever needs care.",
        ),
        *(
            make_entry(
                f"toddler-{topic}",
                f"Toddler {topic}",
                [],
                Summary=f"A toddler's {topic}: what a toddler needs, toddler by "
                "toddler.",
            )
            for topic in ("health", "nutrition", "development")
        ),
        *other_topics(12, words=" high fever toddler"),
    ]
    with searching(tmp_path, entries_, thesaurus=thesaurus) as service:
        query = "high fever in a toddler what to do"
        assert entries(service, query)[0] == "fever"
        plan = service.plan(query)
        assert [(c.label, c.chatter) for c in plan.concepts] == [
            ("high fever", False),
            ("toddler", True),
        ]
