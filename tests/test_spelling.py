"""Spelling: which known word a misspelt one becomes.

The vocabulary holds people's typos too (a word written once in some text),
and a misspelt word is often as near to an everyday word as to the name
meant; these tests pin the choice, not the edit distances.
"""

from __future__ import annotations

import json

from indexer.names import NameIndex, entry_card
from indexer.request import SearchRequest
from indexer.spelling import Speller, by_ear
from indexer.understanding import Planner


def test_a_common_word_beats_a_rare_typo_one_edit_nearer():
    # "symtoms" is one edit from "syntoms", "symptoms" two; a word written
    # once is more likely someone else's typo than what was meant.
    speller = Speller({"symtoms": 1, "symptoms": 5000})
    assert speller.correct_word("syntoms") == "symptoms"


def test_a_nearer_word_wins_between_words_about_as_common():
    speller = Speller({"metastases": 40, "metastasis": 30, "metastatic": 25})
    assert speller.correct_word("metastatses") == "metastases"


def test_long_words_may_be_three_edits_off_short_ones_not():
    speller = Speller({"ciprofloxacin": 8, "gout": 90})
    assert speller.correct_word("ciprofoxcn") == "ciprofloxacin"  # 3 edits
    assert speller.correct_word("gxyz") is None


def test_a_long_word_that_lost_a_syllable_keeps_its_start_and_end():
    # "levofaxin" is four edits from levofloxacin, past what edits and
    # sounds reach; its first half and its ending are levofloxacin's.
    speller = Speller({"levofloxacin": 8, "levonorgestrel": 2, "levo": 40})
    assert speller.correct_word("levofaxin") == "levofloxacin"
    assert speller.correct_word("levofaxen") is None  # another ending
    assert speller.correct_word("lebofaxin") is None  # another start
    # Where edits find a word, they decide.
    near = Speller({"levofloxacin": 8, "levofaxine": 1})
    assert near.correct_word("levofaxin") == "levofaxine"


def planner(
    vocabulary: dict[str, int],
    names: dict[str, list[str]],
    together=None,
    everyday: frozenset[str] = frozenset(),
    adjacent=None,
) -> Planner:
    cards = [
        json.loads(entry_card(entry_id, title, [title, *alternative], "test", 1))
        for entry_id, (title, *alternative) in names.items()
    ]
    index = NameIndex.from_records(cards)
    speller = Speller(vocabulary, everyday=everyday)
    return Planner(
        index,
        speller,
        lambda term: vocabulary.get(term, 0),
        together=together,
        adjacent=adjacent,
    )


def corrected(p: Planner, text: str) -> str | None:
    return p.plan(SearchRequest.clean(text)).corrected


def test_a_word_known_only_by_a_rare_words_stem_is_corrected():
    # "migrane" stems as "migrans" does (a rare word: erythema migrans), one
    # edit from "migraine", written far more often: a typo, not that word.
    vocabulary = {"migrans": 3, "migran": 3, "migraine": 280}
    vocabulary |= {"required": 900, "retir": 2, "biopsies": 40, "biopsi": 800}
    p = planner(vocabulary, {})
    assert corrected(p, "migrane") == "migraine"
    # Two edits from a common word is too far for that evidence: "retired"
    # is a word the texts lack, not "required"; and a word whose stem is
    # common is an inflection the texts do not write ("biopsied").
    assert corrected(p, "retired") is None
    assert corrected(p, "biopsied") is None


def test_a_plurals_slip_counts_the_sections_of_its_spellings_stem():
    # "migranes" is one edit from "migraines", which the texts write less
    # often than ten times the sections of "migrans"'s stem; the sections
    # holding "migraine" or "migraines" are many more.
    vocabulary = {"migrans": 7, "migran": 7, "migraines": 50, "migrain": 135}
    p = planner(vocabulary, {})
    assert corrected(p, "migranes") == "migraines"
    assert corrected(p, "really bad migranes") == "really bad migraines"


def test_a_word_the_texts_write_is_a_slip_where_one_edit_makes_a_name():
    # "affects" and "bowl" are words the texts write, so they were searched
    # as typed; one edit off, each makes a name with the words before it.
    vocabulary = {"side": 900, "affects": 1700, "effects": 1100, "prednisone": 40}
    vocabulary |= {"irritable": 60, "bowl": 20, "bowel": 900, "syndrome": 9000}
    vocabulary |= {"heart": 5000, "rate": 800, "rates": 300}
    p = planner(
        vocabulary,
        {
            "se": ["Side effects"],
            "ibs": ["Irritable bowel syndrome"],
            "hr": ["Heart rate"],
        },
    )
    assert corrected(p, "side affects of prednisone") == "side effects of prednisone"
    assert corrected(p, "irritable bowl syndrome") == "irritable bowel syndrome"
    # Not a word the stemmer makes one with the name's ("rates"), nor in a
    # pasted message, whose words are more often what they say.
    assert corrected(p, "heart rates") is None
    message = "I read the side affects list on the box and still do not know what to do"
    assert corrected(p, message) is None


def test_a_slip_inside_a_name_typed_without_its_kind_word_is_found():
    # People leave out a name's last word when it only says what kind of
    # thing it is ("irritable bowel"); with a slip in the words left,
    # "irritable bowl" was searched as typed: "bowl" is a word the texts
    # write, and the run was compared with whole names only.
    vocabulary = {"irritable": 60, "bowl": 20, "bowel": 900, "syndrome": 9000}
    vocabulary |= {"chronic": 900, "pain": 4000, "rain": 30, "disease": 9000}
    names = {"ibs": ["Irritable bowel syndrome"], "cr": ["Chronic rain disease"]}
    p = planner(vocabulary, names)
    assert corrected(p, "irritable bowl") == "irritable bowel"
    assert corrected(p, "irritable bowl treatment") == "irritable bowel treatment"
    # Not a name's words as typed, nor a run the query goes on from with
    # another kind word: that is a name of its own.
    assert corrected(p, "irritable bowel") is None
    assert corrected(p, "chronic pain syndrome") is None


def test_a_slip_inside_a_name_is_found_among_many_names_of_its_first_word():
    # The names that begin with a word were read from the first 40 rows of
    # the table of word starts, which also holds the names that have the
    # word further on: of MedQuAD's 38 names that begin with "kidney", 5
    # were asked, and `acid reflex` (15 names, 94 rows) was never read as
    # *acid reflux*, which sorts after the others.
    vocabulary = {"acid": 900, "reflux": 300, "reflex": 200, "deficiency": 900}
    names = {f"a{n}": [f"Acid alpha{n:02d} deficiency"] for n in range(60)}
    names |= {f"b{n}": [f"Beta{n:02d} acid deficiency"] for n in range(60)}
    names |= {"gerd": ["Acid reflux"]}
    p = planner(vocabulary, names)
    assert corrected(p, "acid reflex") == "acid reflux"


def test_a_pair_the_texts_write_as_typed_is_no_slip_inside_a_name():
    # "the bladder stores urine": the texts write "bladder stores" (23
    # texts) more often than *bladder stones* (12), so it is what it says;
    # "side affects" (4 against 372) is still a slip.
    vocabulary = {"bladder": 400, "stores": 90, "stones": 300, "urine": 900}
    vocabulary |= {"side": 900, "affects": 1700, "effects": 1100}
    pairs = {
        ("bladder", "store"): 23,
        ("bladder", "stone"): 12,
        ("side", "affect"): 4,
        ("side", "effect"): 372,
    }
    names = {"bs": ["Bladder stones"], "se": ["Side effects"]}
    p = planner(vocabulary, names, adjacent=lambda a, b: pairs.get((a, b), 0))
    assert corrected(p, "the bladder stores urine") is None
    assert corrected(p, "side affects") == "side effects"
    # Without that evidence the pair is read as a slip, as before it.
    assert corrected(planner(vocabulary, names), "the bladder stores urine") == (
        "the bladder stones urine"
    )


def test_the_word_that_makes_a_name_with_its_neighbours_wins():
    # "stage" is commoner than "storage" and as near to "strage", but only
    # "storage" makes a name with the words around it.
    p = planner(
        {"glycogen": 20, "storage": 30, "stage": 3000, "disease": 9000},
        {"gsd": ["Glycogen storage disease"]},
    )
    assert corrected(p, "glycogen strage disease") == "glycogen storage disease"
    assert corrected(p, "cancer strage") == "cancer stage"


def test_the_words_around_a_misspelt_word_weigh_its_spellings():
    # "stage" is more than ten times as common as "storage", as near to
    # "strage" (the sound of "storage" is worth half an edit);
    # but the texts that say "iron" say "storage" (iron storage), never
    # "stage", and those that say "cancer" say "stage".
    vocabulary = {"stage": 4000, "storage": 300, "iron": 200, "cancer": 900}
    vocabulary |= {"storag": 300}  # the terms the words are indexed as
    texts = {
        "stage": set(range(1000)),
        "storag": set(range(1000, 1300)),
        "iron": set(range(1100, 1300)),
        "cancer": set(range(100, 1000)),
    }

    def together(first: str, second: str) -> tuple[int, int, int, int]:
        a, b = texts.get(first, set()), texts.get(second, set())
        return len(a), len(b), len(a & b), 5000

    p = planner(vocabulary, {}, together)
    assert corrected(p, "iron strage") == "iron storage"
    assert corrected(p, "strage of iron") == "storage of iron"
    assert corrected(p, "cancer strage") == "cancer stage"
    assert corrected(p, "strage") == "stage"  # no words around it
    # A pasted message's slips are many: each read in the speller's order.
    message = "my doctor says that the iron strage in my blood is far too high now"
    assert "iron stage" in (corrected(p, message) or "")
    p = planner(vocabulary, {})
    assert corrected(p, "iron strage") == "iron stage"  # the commoner


def test_a_word_the_texts_write_once_may_be_their_own_typo():
    # "symtoms" is in one text, beside "symptoms" in thousands: the texts'
    # slip, and a user's. "drank" is as rare in these texts, but people
    # write it; "cyts" is written three times, which is no slip.
    vocabulary = {"symptoms": 12000, "symptom": 12000, "symtoms": 1, "symtom": 1}
    vocabulary |= {"drank": 1, "drink": 400, "cyts": 3, "cysts": 900}
    vocabulary |= {"thyroid": 300, "alcohol": 500}
    p = planner(vocabulary, {}, everyday=frozenset({"drank"}))
    assert corrected(p, "thyroid symtoms") == "thyroid symptoms"
    assert corrected(p, "drank alcohol") is None
    assert corrected(p, "thyroid cyts") is None


def test_a_spelling_that_is_the_texts_own_typo_stands_for_its_word():
    # "symtomps" is one edit from "symtoms", which one text writes, and
    # two from "symptoms", which 100 do: the texts' typo is theirs.
    vocabulary = {"symptoms": 100, "symtoms": 1, "thyroid": 300}
    p = planner(vocabulary, {})
    assert Speller(vocabulary).candidates("symtomps")[0] == "symtoms"
    assert corrected(p, "thyroid symtomps") == "thyroid symptoms"


def test_a_typo_is_no_classical_plural_of_a_name():
    # "comon" ends as a classical singular of "coma" would ("criterion",
    # "criteria"), but neither the texts nor people write it: a typo.
    p = planner({"common": 5000, "cold": 300, "coma": 40}, {"coma": ["Coma"]})
    assert corrected(p, "comon cold") == "common cold"
    assert corrected(p, "comon") == "common"


def test_a_word_known_by_a_rare_stem_is_a_slip_of_the_name_it_makes():
    # "haring" is found by its stem, "hare", in three texts; "hearing" is
    # written 1,600 times and makes a name with "loss". "storees" is found
    # by "store", a common stem: searched so, though "stones" would make a
    # name with "bladder".
    vocabulary = {"hearing": 1600, "hear": 1700, "loss": 900, "hare": 3}
    vocabulary |= {"stones": 700, "stone": 700, "stores": 300, "store": 600}
    vocabulary |= {"bladder": 200, "urine": 500, "urin": 500}
    # People write "haring" (running like a hare): no typo by itself.
    names = {"hl": ["Hearing loss"], "bs": ["Bladder stones"]}
    p = planner(vocabulary, names, everyday=frozenset({"haring", "storees"}))
    assert corrected(p, "congenital haring loss") == "congenital hearing loss"
    assert corrected(p, "bladder storees urine") is None
    assert corrected(p, "haring") is None  # a lone word makes no name


def test_a_word_people_write_is_the_spelling_the_texts_write_beside_its_neighbour():
    # "sings" is found by its stem, "sing" (one text about voices), and is
    # a word people write: but the texts write "early signs" 80 times and
    # "early sings" never. "drank" is another tense of "drink", not a slip.
    vocabulary = {"signs": 12000, "sign": 12000, "sing": 1, "early": 2000}
    vocabulary |= {"stroke": 900, "drink": 400, "alcohol": 600, "drank": 1}
    pairs = {("earli", "sign"): 80, ("sign", "stroke"): 6, ("drink", "alcohol"): 50}
    p = planner(
        vocabulary,
        {},
        everyday=frozenset({"sings", "drank"}),
        adjacent=lambda a, b: pairs.get((a, b), 0),
    )
    assert corrected(p, "early sings") == "early signs"
    assert corrected(p, "sings of stroke") == "signs of stroke"
    assert corrected(p, "sings") is None  # no word beside it says which
    assert corrected(p, "choir sings") is None  # nor a pair never written
    assert corrected(p, "drank alcohol") is None


def test_a_word_the_texts_write_at_a_name_s_start_offers_the_name_it_slipped_from():
    # "long" is a word of the texts, but "long cancer" is no name and the
    # texts write it once against "lung cancer" 127 times: the name is
    # offered, and the words as typed are still what is searched.
    vocabulary = {"long": 1900, "lung": 1800, "cancer": 9000, "term": 700}
    vocabulary |= {"heat": 170, "heart": 7000, "attack": 800, "stroke": 300}
    names = {"lc": ["Lung cancer"], "ha": ["Heart attack"], "hs": ["Heat stroke"]}
    pairs = {("lung", "cancer"): 127, ("long", "cancer"): 1, ("long", "term"): 600}
    pairs |= {("heart", "attack"): 243, ("heat", "stroke"): 40}
    p = planner(vocabulary, names, adjacent=lambda a, b: pairs.get((a, b), 0))
    assert corrected(p, "long cancer") == "lung cancer"
    assert corrected(p, "symptoms of Long Cancer") == "symptoms of Lung Cancer"
    assert corrected(p, "heat attack") == "heart attack"
    assert corrected(p, "heat stroke") is None  # a name as typed
    assert corrected(p, "long term") is None  # no name
    plan = p.plan(SearchRequest.clean("long cancer"))
    assert [c.label for c in plan.concepts][:1] == ["long"]  # searched as typed
    # Written as typed often enough, the pair says what it means.
    pairs[("long", "cancer")] = 20
    p = planner(vocabulary, names, adjacent=lambda a, b: pairs.get((a, b), 0))
    assert corrected(p, "long cancer") is None


def test_a_rare_name_s_first_word_slipped_is_offered_where_no_text_writes_the_slip():
    # No text writes "familial hyperlysinemia" in a row (the title does),
    # nor "familiar hyperlysinemia": the name is offered. A word does not
    # slip into three letters ("cyst" into CST).
    vocabulary = {"familial": 500, "familiar": 40, "hyperlysinemia": 3}
    vocabulary |= {"cyst": 300, "cst": 5, "syndrome": 4000}
    names = {"fh": ["Familial hyperlysinemia"], "cst": ["CST syndrome"]}
    p = planner(vocabulary, names, adjacent=lambda a, b: 0)
    assert corrected(p, "familiar hyperlysinemia") == "familial hyperlysinemia"
    assert corrected(p, "cyst syndrome") is None


def test_a_word_the_texts_write_twice_is_a_slip_of_the_name_it_makes():
    # People write "Brian", and the texts do twice; "brain damage" is a name.
    vocabulary = {"brain": 4400, "brian": 2, "damage": 900, "permanent": 300}
    p = planner(vocabulary, {"bd": ["Brain damage"]}, everyday=frozenset({"brian"}))
    assert corrected(p, "permanent brian damage") == "permanent brain damage"
    assert corrected(p, "my son brian") is None  # no name


def test_a_capitalised_word_inside_a_sentence_may_be_a_name_the_index_lacks():
    # "Ambien" (a brand) is two edits from "amnion": written as a name is,
    # inside a sentence, it is searched as typed. One edit off, or making
    # a name with the words around it, it is still a typo.
    vocabulary = {"amnion": 50, "night": 400, "rickets": 90, "syndrome": 900}
    vocabulary |= {"beckwith": 20, "wiedemann": 20}
    p = planner(vocabulary, {"bws": ["Beckwith-Wiedemann syndrome"]})
    assert corrected(p, "she uses Ambien at night") is None
    assert corrected(p, "she uses ambien at night") == "she uses amnion at night"
    assert corrected(p, "Ambien at night") == "Amnion at night"  # a sentence's first
    assert corrected(p, "my son has Rickkets") == "my son has Rickets"
    assert (
        corrected(p, "about Beckwith-Wieddeman Syndrome")
        == "about Beckwith-Wiedemann Syndrome"
    )


def test_a_word_that_makes_a_name_in_another_form_wins_too():
    # "crohns disease" is *Crohn disease* in another number: a name as a
    # query reads it, though not as written; "chronic disease" is none.
    p = planner(
        {"chronic": 1800, "crohns": 70, "crohn": 40, "disease": 9000},
        {"crohn": ["Crohn disease"]},
    )
    assert corrected(p, "chrons disease") == "crohns disease"
    assert corrected(p, "chrons pain") == "chronic pain"


def test_a_shouted_long_word_is_corrected_a_short_code_is_not():
    p = planner({"charge": 50, "syndrome": 900, "mrsa": 0}, {"c": ["CHARGE syndrome"]})
    assert corrected(p, "CHHARGE syndrome") == "CHARGE syndrome"
    assert corrected(p, "MSRA syndrome") is None  # a code we do not know


def test_a_misspelt_part_of_a_compound_is_corrected():
    p = planner(
        {"beckwith": 40, "wiedemann": 40, "syndrome": 900},
        {"bws": ["Beckwith-Wiedemann syndrome"]},
    )
    assert corrected(p, "Beckwith-Wieddeman syndrome") == (
        "Beckwith-Wiedemann syndrome"
    )


def test_a_word_nothing_of_which_is_searched_is_not_corrected():
    # "wouldn't" is dropped like a stop word: no "would't" for it.
    p = planner({"would": 500, "stop": 900, "cough": 300}, {})
    assert corrected(p, "wouldn't stop coughing") is None
    assert corrected(p, "wuold stop coughing") == "would stop coughing"


def test_a_british_spelling_is_read_as_the_american_one_the_index_writes():
    p = planner(
        {
            "anemia": 900,
            "anaemia": 2,
            "esophagus": 300,
            "tumor": 500,
            "four": 80,
            "for": 5000,
            "hour": 90,
            "amoebiasis": 5,
            "amebiasis": 40,
        },
        {"a": ["Amoebiasis"]},
    )
    assert corrected(p, "anaemia") == "anemia"  # the texts write both
    assert corrected(p, "Oesophagus tumour") == "Esophagus tumor"  # never
    assert corrected(p, "four hours") is None  # "for" is no word to search
    assert corrected(p, "amoebiasis") is None  # a name as written


def test_a_spelling_both_are_common_in_is_left_alone():
    p = planner({"anemia": 900, "anaemia": 400}, {})
    assert corrected(p, "anaemia") is None


def test_a_word_that_lost_its_first_letter_is_corrected():
    # Most often a silent one: the speller keeps first letters otherwise.
    speller = Speller({"psoriasis": 50, "pneumonia": 80, "wrist": 30, "ellison": 30})
    assert speller.correct_word("soriasis") == "psoriasis"
    assert speller.correct_word("neumonia") == "pneumonia"
    assert speller.correct_word("rist") == "wrist"
    # That loss and nothing more: "lilson" is two edits from "ellison".
    assert "ellison" not in speller.candidates("lilson")
    speller.add({"arthritis": 3})  # words written later are found so too
    assert speller.correct_word("rthritis") == "arthritis"


def test_a_slip_of_a_words_first_letters_is_corrected():
    # A fast hand swaps the first two letters or strikes a key before the
    # word; the speller's buckets keep the first letter, so it found
    # neither ("kainesia" was *kinesin*, "ufamilial" *unfamiliar*).
    vocabulary = {"akinesia": 23, "kinesin": 1, "familial": 1500}
    vocabulary |= {"unfamiliar": 1, "disorder": 5000, "adisorder": 1}
    speller = Speller(vocabulary)
    assert speller.correct_word("kainesia") == "akinesia"
    assert speller.correct_word("ufamilial") == "familial"
    assert speller.correct_word("idsorder") == "disorder"
    # That slip alone: with one edit more, the word is no word's slip (a
    # name the texts lack, "natazia", was read as "ataxia").
    speller.add({"ataxia": 1000})
    assert speller.candidates("natazia") == ()
    kept = Speller(vocabulary, at_start=False)
    assert kept.correct_word("kainesia") == "kinesin"  # as it was
    # A name written with a capital inside a sentence is no such slip.
    p = planner({"vena": 40, "daughter": 300}, {})
    assert corrected(p, "my daughter takes vena") is None
    assert corrected(p, "my daughter takes avena") == "my daughter takes vena"
    assert corrected(p, "my daughter takes Avena") is None
    # A word people write is often another without its first letter.
    speller = Speller({"rash": 500}, everyday=frozenset({"trash"}))
    assert speller.candidates("trash") == ()


def test_an_everyday_word_is_offered_a_slip_away_not_by_its_sound():
    # "squat" is a word people write that these texts lack. Spelt right,
    # it was not spelt by ear: "sctat" and "squid" sound alike two edits
    # off, beyond a five-letter word's limit, and are not offered; a
    # spelling one slip away is.
    vocabulary = {"sctat": 2, "squid": 1, "knee": 500}
    p = planner(vocabulary, {}, everyday=frozenset({"squat"}))
    assert Speller(vocabulary).candidates("squat")  # what it was offered
    assert corrected(p, "knees crack when i squat") is None
    p = planner(vocabulary | {"squad": 3}, {}, everyday=frozenset({"squat"}))
    assert corrected(p, "knees crack when i squat") == "knees crack when i squad"


def test_a_word_cut_short_is_read_as_the_commonest_word_it_begins():
    # Edits never reach a long word cut short (four letters missing):
    # `diab` was read as "dial", five texts, not diabetes.
    vocabulary = {"diabetes": 3354, "diabetic": 194, "dial": 5}
    vocabulary |= {"hyper": 80, "hypertension": 515}
    speller = Speller(vocabulary)
    assert speller.correct_word("diab") == "diabetes"
    assert speller.correct_word("hypert") == "hypertension"
    # It costs what a slip does: a commoner word a slip away still wins.
    speller = Speller({"child": 1800, "chilblains": 5})
    assert speller.candidates("chil") == ("child", "chilblains")
    # Words counted later are found so too, once the words are in order.
    speller.add({"osteoporosis": 40, "osteopenia": 9})
    assert speller.correct_word("osteop") == "osteoporosis"


def test_an_everyday_word_is_offered_the_word_it_begins():
    # "schizo" is a word people write, searched as typed; the word of the
    # texts it begins is offered, not "schizoid" two edits off.
    vocabulary = {"schizophrenia": 23, "schizoid": 4}
    p = planner(vocabulary, {}, everyday=frozenset({"schizo"}))
    plan = p.plan(SearchRequest.clean("schizo"))
    assert plan.corrected == "schizophrenia"
    assert plan.showing is None  # an offer, not searched


def test_a_query_word_cut_short_finds_its_entry(corpus_service):
    found = corpus_service.search("osteop")
    assert found.did_you_mean == "osteoporosis"
    assert found.results[0].entry_id == "osteoporosis"


def test_a_word_spelt_by_its_sound_is_corrected():
    # A word known by ear is spelt as it sounds: more edits off than a
    # slip of the keys, and often off in its first letter.
    vocabulary = {"hemorrhoids": 40, "psychosis": 60, "celiac": 50}
    vocabulary |= {"heroin": 400, "cystitis": 30, "access": 100, "abscess": 60}
    speller = Speller(vocabulary)
    assert speller.correct_word("hemroids") == "hemorrhoids"  # 3 edits
    assert speller.correct_word("sycosis") == "psychosis"
    assert speller.correct_word("seliac") == "celiac"
    assert speller.correct_word("sistitis") == "cystitis"
    # Between words as near by letters and about as common, the one that
    # sounds the same.
    assert speller.correct_word("abcess") == "abscess"
    speller.add({"chemotherapy": 5})  # words written later are found so too
    assert speller.correct_word("kemotherapy") == "chemotherapy"


def test_among_words_that_sound_alike_the_one_spelt_alike_by_ear_comes_first():
    # Counted in letters, "sirosis" is two edits from "xerosis" and three
    # from "cirrhosis"; "excema" two from "excess" and from "eczema", and
    # "excess" is the commoner; "nefritis" one from "neuritis", two from
    # "nephritis". Heard, each is the second word of its pair, spelt
    # otherwise ("ph" for "f", "c" for "s", "rrh" for "r", "z" for "s").
    vocabulary = {"xerosis": 30, "cirrhosis": 30, "excess": 500, "eczema": 70}
    vocabulary |= {"neuritis": 20, "nephritis": 20}
    speller = Speller(vocabulary)
    assert speller.correct_word("sirosis") == "cirrhosis"
    assert speller.correct_word("excema") == "eczema"
    assert speller.correct_word("nefritis") == "nephritis"
    # A word spelt the same by ear is likelier than one a slip of the keys
    # away and as common, not than one much commoner.
    assert Speller({"access": 300, "assess": 300}).correct_word("acess") == "assess"
    speller = Speller({"access": 3000, "assess": 30})
    assert speller.correct_word("acess") == "access"
    speller.add({"phlebitis": 4})  # words written later are heard so too
    assert speller.correct_word("flebbitis") == "phlebitis"


def test_a_greek_sch_is_heard_as_sk_and_a_tz_as_z():
    # "Schizo-" is said "skitso-", and people who heard it write "sk" and
    # "tz": two letters off the spelling by ear before, none now.
    speller = Speller({"schizophrenia": 30, "sketch": 40, "skin": 900})
    assert speller.correct_word("skitzofrenia") == "schizophrenia"
    assert speller.correct_word("skizofrenia") == "schizophrenia"
    assert by_ear("skitzofrenia") == by_ear("schizophrenia")


def test_a_short_or_longer_word_is_not_read_by_its_sound():
    # Spelt by ear, a word loses silent letters rather than gains them;
    # and a short word sounds like too many others.
    speller = Speller({"exam": 900, "film": 300})
    assert speller.correct_word("excema") is None  # "exam" sounds so too
    assert speller.correct_word("flem") is None  # so does "film"


def test_words_run_together_are_read_apart_where_they_make_a_name():
    vocabulary = {
        **{"sleep": 300, "apnea": 200, "x": 50, "ray": 60, "type": 900, "2": 500},
        **{"diabetes": 800, "diabet": 800, "pseudo": 3, "ainhum": 2},
        "pseudoainhum": 2,
    }
    p = planner(
        vocabulary,
        {
            "osa": ["Sleep apnea"],
            "xr": ["X-ray"],
            "t2": ["Type 2 diabetes"],
            "pa": ["Pseudoainhum"],
            "ai": ["Ainhum"],
        },
    )
    assert corrected(p, "sleepapnea") == "sleep apnea"
    assert corrected(p, "xray") == "x ray"
    assert corrected(p, "type2 diabetes") == "type 2 diabetes"
    # A title's own word, as rare as the name it holds: no two words.
    assert corrected(p, "pseudoainhum") is None


def test_a_word_people_write_is_searched_as_the_name_it_runs_together_unoffered():
    # "lightheaded" is a word, searched as the name "light headed" is; "Did
    # you mean light headed?" listed the same page. A run no one writes as
    # a word ("sleepapnea") is still offered apart.
    vocabulary = {"stomach": 300, "ache": 40, "ach": 40, "sleep": 300, "apnea": 200}
    names = {"sa": ["Stomach ache"], "osa": ["Sleep apnea"]}
    p = planner(vocabulary, names, everyday=frozenset({"stomachache"}))
    plan = p.plan(SearchRequest.clean("stomachache"))
    assert plan.corrected is None
    assert [c.entries for c in plan.concepts] == [("sa",)]
    assert corrected(p, "sleepapnea") == "sleep apnea"
    # Without it among the words people write, it is offered apart too.
    assert corrected(planner(vocabulary, names), "stomachache") == "stomach ache"


def test_two_words_the_texts_write_as_one_are_read_as_one():
    vocabulary = {"gallbladder": 300, "gall": 2, "bladder": 500, "removal": 90}
    vocabulary |= {"heartbeat": 200, "heart": 900, "beat": 100}
    vocabulary |= {"craniofacial": 400, "cranio": 1, "facial": 300, "simosa": 1}
    p = planner(vocabulary, {"ss": ["Simosa cranio facial syndrome"]})
    assert corrected(p, "gall bladder removal") == "gallbladder removal"
    # The texts write "beat" on its own too: both ways are words there.
    assert corrected(p, "heart beat") is None
    # A name's words as written are no misspelling.
    assert corrected(p, "simosa cranio facial syndrome") is None
    assert corrected(p, "cranio facial pain") == "craniofacial pain"


def test_a_code_typed_with_its_letters_and_number_apart_is_the_code():
    # "vitamin b 12" was searched as "b" and "12", in every other text,
    # where the texts write "B12": as one word in more sections than hold
    # the two apart. "type 1" is written apart, and seldom as one.
    vocabulary = {"b12": 60, "b": 300, "12": 400, "vitamin": 400, "type1": 1}
    vocabulary |= {"type": 900, "1": 900, "hba1c": 5, "hba": 1, "1c": 3}
    apart = {("b", "12"): 20, ("type", "1"): 700, ("hba", "1c"): 0}

    def together(first, second):
        both = apart.get((first, second), 0)
        return vocabulary.get(first, 0), vocabulary.get(second, 0), both, 5000

    p = planner(vocabulary, {"t1": ["Type 1 diabetes"]}, together=together)
    assert corrected(p, "vitamin b 12") == "vitamin b12"
    assert corrected(p, "hba 1c") == "hba1c"
    assert corrected(p, "type 1") is None
    assert corrected(p, "type 1 diabetes") is None
    # What was typed is searched too, both words together: "b" alone is in
    # every other text.
    plan = p.plan(SearchRequest.clean("vitamin b 12"))
    typed = [a for c in plan.concepts for a in c.alternatives if a.terms == ("b", "12")]
    assert typed and typed[0].together
    # Where the texts hold the two apart as often as the code, they stay.
    apart[("b", "12")] = 60
    assert corrected(p, "vitamin b 12") is None


def test_a_compound_the_texts_write_without_its_hyphen_is_read_so():
    # "vitamin b-12" was searched as "b" and "12", in every other text,
    # where the texts write "B12".
    vocabulary = {"b12": 60, "b-12": 2, "vitamin": 400, "nontox": 30}
    vocabulary |= {"x-ray": 300, "xrai": 3, "antiplatelet": 80, "drug": 500}
    p = planner(vocabulary, {"ap": ["Anti-platelet drugs"]})
    assert corrected(p, "vitamin b-12") == "vitamin b12"
    assert corrected(p, "non-toxic") == "nontoxic"
    # Where the texts write the hyphen too, it stays; so does a name's.
    assert corrected(p, "x-ray") is None
    assert corrected(p, "anti-platelet drugs") is None
    assert corrected(p, "anti-platelet") == "antiplatelet"
    # A lookup of the term reads it so too.
    p = planner(vocabulary, {"b": ["Vitamin B12"]})
    assert p.name_of("vitamin b-12") == "vitamin b12"


def test_a_number_and_its_unit_typed_as_one_word_are_two_in_a_query():
    # No section writes "800mg"; they write "800 mg".
    p = planner({"mg": 95, "ibuprofen": 40, "st": 300, "trimester": 20}, {})
    plan = p.plan(SearchRequest.clean("ibuprofen 800mg"))
    assert [c.label for c in plan.concepts] == ["ibuprofen", "800 mg"]
    # Searched so, but no spelling to offer ("Did you mean ibuprofen 800 mg?").
    assert plan.corrected is None
    assert corrected(p, "ibuprofen 800mg ibuprofn") == "ibuprofen 800mg ibuprofen"
    assert corrected(p, "1st trimester") is None  # an ordinal, no unit
    # In a pasted message a dose is chatter, and stays as typed (unsearched).
    message = (
        "my doctor gave me ibuprofen 800mg for the pain in my back after "
        "the fall last week and it does not help"
    )
    labels = [c.label for c in p.plan(SearchRequest.clean(message)).concepts]
    assert "800mg" in labels and "800 mg" not in labels


def test_a_symptom_typed_as_a_verb_names_the_entry_titled_by_its_noun():
    # "coughing at night" listed Heart Failure first, *Cough* third: the
    # word named nothing, where "cough at night" names *Cough*.
    p = planner(
        {"cough": 200, "night": 100, "morn": 3, "stand": 50},
        {"c": ["Cough"], "d": ["Dizziness"]},
    )
    concepts = p.plan(SearchRequest.clean("coughing at night")).concepts
    assert [c.entries for c in concepts] == [("c",), ()]
    concepts = p.plan(SearchRequest.clean("dizzy when standing")).concepts
    assert [c.entries for c in concepts] == [("d",), ()]
    # Only a title: no entry is titled by "morn" or "night".
    concepts = p.plan(SearchRequest.clean("morning sickness")).concepts
    assert all(not c.entries for c in concepts)


def test_words_run_together_may_be_a_name_s_first_words():
    p = planner({"e": 40, "coli": 60, "infections": 30}, {"ec": ["E. coli infections"]})
    assert corrected(p, "ecoli") == "e coli"


def test_together_counts_the_texts_two_terms_share(corpus_service):
    """What the words around a misspelt word say is counted over the texts:
    each term's sections, those of both, and all sections."""
    from collections import Counter

    from indexer import schema as f
    from indexer.analysis import analyse

    with corpus_service._reading() as snap:
        ranker = snap.ranker
        words = [w for w, _ in Counter(snap.speller.counts).most_common(60)]
        terms = sorted({term for word in words for term in analyse(word)})
        shared = 0
        for first, second in zip(terms, terms[1:], strict=False):
            a = set(ranker.postings(f.BODY, first)[0].tolist())
            b = set(ranker.postings(f.BODY, second)[0].tolist())
            held = ranker.together(first, second)
            assert held == (len(a), len(b), len(a & b), snap.stats["sections"])
            shared += bool(a & b) and a != b
        assert shared >= 5  # the case is not vacuous


def test_everyday_words_are_words_people_write():
    """The everyday list keeps the words people write, not every word of a
    dictionary: "feer" and "peron" are far likelier slips of "fever" and
    "person" than words meant."""
    from indexer.spelling import EverydayWords

    words = EverydayWords()
    assert all(w in words for w in ("farting", "gassy", "prostrate", "hotter"))
    assert not any(w in words for w in ("feer", "peron", "rena"))
