"""Tests for the MedQuAD reader (indexer.medquad).

Checks against the real data set compare the reader with counts made here by
plain regular expressions over the raw XML, an independent method, so a bug
in the reader's tag matching cannot hide itself. Schema-variant unit tests use
tiny invented XML snippets written to ``tmp_path``.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from indexer.errors import ParseError
from indexer.medquad import (
    COLLECTIONS,
    SECTION_NAMES,
    answer_blocks,
    is_medquad,
    iter_medquad,
    iter_medquad_files,
    past_site_folders,
    read_medquad_file,
    section_name,
)
from indexer.model import BulletList, Entry, Heading, Paragraph

MEDQUAD = Path(
    os.environ.get("MEDQUAD_DIR")
    or Path(__file__).resolve().parents[1].parent / "shared" / "medquad"
)
if not MEDQUAD.is_dir():
    pytest.skip(
        f"MedQuAD data set not found at {MEDQUAD} (set MEDQUAD_DIR to its folder)",
        allow_module_level=True,
    )

FLAGS = re.IGNORECASE | re.DOTALL
ROOT_SOURCE = re.compile(
    r"<(?:Document|doc|DiseaseFile)\b[^>]*?\b(?:source|corpus)=\"([^\"]*)\"", FLAGS
)
FOCUS = re.compile(r"<(focus|doctitle-focus)>(.*?)</\1>", FLAGS)
SYNONYM = re.compile(r"<synonym>(.*?)</synonym>", FLAGS)
PAIR = re.compile(r"<(qapair|pair)\b[^>]*?\bpid=\"([^\"]*)\"[^>]*>(.*?)</\1>", FLAGS)
QTYPE = re.compile(r"qtype=\"([^\"]*)\"", FLAGS)
ANSWER = re.compile(r"<answer>(.*?)</answer>", FLAGS)
WORD = re.compile(r"\w+")


def clean(text: str) -> str:
    return " ".join(html.unescape(text).split())


def expected(path: Path) -> dict:
    """What the reader should produce for ``path``, found by regexes alone."""
    text = path.read_text(encoding="utf-8")
    title = clean(FOCUS.search(text).group(2))
    names, seen = [], {title.casefold()}
    for raw in SYNONYM.findall(text):
        name = clean(raw)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    entry_id = f"{ROOT_SOURCE.search(text).group(1)}_{path.stem}"
    pairs = PAIR.findall(text)
    sections = [
        (f"{entry_id}_Sec{pid}", QTYPE.search(body).group(1))
        for _, pid, body in pairs
        if html.unescape(ANSWER.search(body).group(1)).strip()
    ]
    answers = [html.unescape(ANSWER.search(body).group(1)) for *_, body in pairs]
    return {
        "entry_id": entry_id,
        "title": title,
        "names": tuple(names),
        "sections": sections,
        # Every word, but the link to an NHLBI page's Spanish version.
        "words": [
            WORD.findall(re.sub(r"^\s*Espa\w*ol\s*\n", "", a))
            for a in answers
            if a.strip()
        ],
    }


def lost_letters_only(got: list[str], raw: list[str], url: str) -> bool:
    """Whether words read are the raw file's, but for words the file lost
    letters of (outside ASCII) that its address spells whole: each such
    word is its address's, and the raw word its letters in order."""
    spelt = set(re.findall(r"[a-z]+", url.lower()))

    def lost(word: str, whole: str) -> bool:
        letters = iter(whole.lower())
        # The address joins a possessive: "sjogrens" for "Sjogren's".
        named = word.lower() in spelt or word.lower() + "s" in spelt
        return named and all(c in letters for c in whole.lower())

    return len(got) == len(raw) and all(
        g == r or lost(g, r) for g, r in zip(got, raw, strict=True)
    )


def count_answers(text: str) -> int:
    return sum(1 for answer in ANSWER.findall(text) if html.unescape(answer).strip())


def sample_files() -> list[Path]:
    """About 15 files from every collection, plus every variant-schema file."""
    files = []
    for folder in sorted(p for p in MEDQUAD.iterdir() if p.is_dir()):
        xml = sorted(folder.glob("*.xml"))
        files += xml[:: max(1, len(xml) // 15)]
        files += [p for p in xml if "<Document" not in p.read_text(encoding="utf-8")]
    return sorted(set(files))


SAMPLE = sample_files()


@pytest.fixture(scope="module")
def full_import() -> list[Entry | ParseError]:
    return list(iter_medquad(MEDQUAD))


# --- the real data set ---------------------------------------------------------


def test_sample_covers_every_collection_and_variant():
    assert {p.parent for p in SAMPLE} == {p for p in MEDQUAD.iterdir() if p.is_dir()}
    assert len({p.parent for p in SAMPLE}) == 12
    assert MEDQUAD / "6_NINDS_QA" / "0000007.xml" in SAMPLE
    assert MEDQUAD / "9_CDC_QA" / "0000397.xml" in SAMPLE


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_file_matches_raw_xml(path: Path):
    want = expected(path)
    if not want["title"]:
        with pytest.raises(ParseError, match="focus"):
            read_medquad_file(path)
        return
    entry = read_medquad_file(path)
    assert entry.entry_id == want["entry_id"]
    # Words the file lost letters of are given them back from its address
    # (indexer.lostletters): "Imerslund-Grsbeck" is "Imerslund-Grasbeck".
    url = entry.url or ""
    assert lost_letters_only(
        WORD.findall(entry.title), WORD.findall(want["title"]), url
    )
    # A name the repaired title now is, is no other name.
    names = [n for n in want["names"] if n.casefold() != entry.title.casefold()]
    # And the title past its address's folders ("Parasites - Babesiosis").
    if own := past_site_folders(entry.title, entry.url):
        names.append(own)
    assert len(entry.alternative_names) == len(names)
    for got, raw in zip(entry.alternative_names, names, strict=True):
        assert lost_letters_only(WORD.findall(got), WORD.findall(raw), url)
    assert [s.section_id for s in entry.sections] == [
        sid for sid, _ in want["sections"]
    ]
    assert [s.name for s in entry.sections] == [
        section_name(q) for _, q in want["sections"]
    ]
    assert [s.position for s in entry.sections] == list(
        range(1, len(entry.sections) + 1)
    )
    assert all(s.blocks and s.question for s in entry.sections)
    # Blocks change separators only: every word of each answer, in order.
    assert len(entry.sections) == len(want["words"])
    for section, words in zip(entry.sections, want["words"], strict=True):
        assert lost_letters_only(WORD.findall(section.text), words, url)
    assert entry.text_available == bool(want["sections"])
    assert entry.entry_id == f"{entry.source}_{path.stem}"
    assert entry.source_name == COLLECTIONS[entry.source].name
    assert entry.url and entry.url.startswith("http")


def test_variant_schema_files():
    ninds = read_medquad_file(MEDQUAD / "6_NINDS_QA" / "0000007.xml")
    assert ninds.entry_id == "NINDS_0000007"
    assert ninds.sections and ninds.sections[0].name == "Summary"
    cdc = read_medquad_file(MEDQUAD / "9_CDC_QA" / "0000397.xml")
    assert cdc.entry_id == "CDC_0000397"
    assert cdc.source_name == "Centers for Disease Control and Prevention"


def test_a_title_is_named_without_the_folders_of_its_address(full_import):
    # The CDC's parasites are titled by the folder of its site they sit in
    # ("Parasites - Scabies"): the rest of the title names them too.
    parasites = {
        e.entry_id: e
        for e in full_import
        if isinstance(e, Entry) and e.title.startswith("Parasites - ")
    }
    assert len(parasites) >= 20
    assert all(len(e.names) > 1 for e in parasites.values())
    assert "Scabies" in parasites["CDC_0000364"].alternative_names
    assert "Head Lice" in parasites["CDC_0000214"].alternative_names
    enterobiasis = parasites["CDC_0000327"]
    assert {"Enterobiasis", "Pinworm Infection"} <= set(enterobiasis.names)
    # Titles whose first part is no folder keep their names as they were.
    others = [e for e in full_import if isinstance(e, Entry) and " - " in e.title]
    kept = [e for e in others if e.entry_id not in parasites]
    assert all(past_site_folders(e.title, e.url) is None for e in kept)


@pytest.mark.slow
def test_full_import_matches_independent_counts(full_import):
    files = sorted(MEDQUAD.rglob("*.xml"))
    assert len(files) == 11274
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    untitled = {
        p for p, text in texts.items() if not clean(FOCUS.search(text).group(2))
    }
    entries = [r for r in full_import if isinstance(r, Entry)]
    errors = [r for r in full_import if isinstance(r, ParseError)]
    assert len(full_import) == len(files)
    assert {Path(e.source) for e in errors} == untitled
    assert len(entries) == len(files) - len(untitled)
    assert sum(len(e.sections) for e in entries) == sum(
        count_answers(t) for p, t in texts.items() if p not in untitled
    )
    assert len({e.entry_id for e in entries}) == len(entries)


@pytest.mark.slow
def test_every_source_and_qtype_is_named(full_import):
    sources = {e.source for e in full_import if isinstance(e, Entry)}
    assert sources == set(COLLECTIONS)
    qtypes = {
        q for p in MEDQUAD.rglob("*.xml") for q in QTYPE.findall(p.read_text("utf-8"))
    }
    assert qtypes <= set(SECTION_NAMES)


@pytest.mark.slow
def test_answerless_collections_keep_names(full_import):
    adam = [e for e in full_import if isinstance(e, Entry) and e.source == "ADAM"]
    assert len(adam) == len(list((MEDQUAD / "10_MPlus_ADAM_QA").glob("*.xml")))
    assert all(not e.text_available and not e.sections and e.title for e in adam)
    assert sum(1 for e in adam if e.alternative_names) > len(adam) // 2


def test_file_listing_and_detection():
    files = iter_medquad_files(MEDQUAD)
    assert files[0].parent.name.startswith("1_") and files[-1].parent.name.startswith(
        "12_"
    )
    folders = [f.parent.name for f in files]
    assert folders == sorted(folders, key=lambda name: int(name.split("_")[0]))
    assert is_medquad(MEDQUAD)
    assert is_medquad(MEDQUAD / "3_GHR_QA")
    assert is_medquad(MEDQUAD / "6_NINDS_QA" / "0000007.xml")
    assert not is_medquad(MEDQUAD / "readme.txt")
    assert not is_medquad(Path(__file__).parent)


# --- invented snippets ----------------------------------------------------------

DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000001" source="GHR" url="https://example.org/x">
<Focus>  Foo
  syndrome </Focus>
<FocusAnnotations><Synonyms>
  <Synonym>Foo disease</Synonym><Synonym>FOO DISEASE</Synonym>
  <Synonym>foo syndrome</Synonym><Synonym>  </Synonym><Synonym>Bar &amp; baz</Synonym>
</Synonyms></FocusAnnotations>
<QAPairs>
  <QAPair pid="1"><Question qid="1-1" qtype="information">What is Foo ?</Question>
    <Answer>Foo is rare.
    Signs include:   - a cough   - a rash</Answer></QAPair>
  <QAPair pid="2"><Question qid="1-2" qtype="outlook">Outlook ?</Question>
    <Answer>   </Answer></QAPair>
  <QAPair pid="5"><Question qid="1-5" qtype="new kind of question">Odd ?</Question>
    <Answer>Line one.

- first
- second</Answer></QAPair>
</QAPairs>
</Document>
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_standard_schema_snippet(tmp_path):
    entry = read_medquad_file(write(tmp_path, "0000001.xml", DOCUMENT))
    assert entry.entry_id == "GHR_0000001"
    assert entry.title == "Foo syndrome"
    assert entry.alternative_names == ("Foo disease", "Bar & baz")
    assert entry.url == "https://example.org/x"
    assert entry.source_name == "Genetics Home Reference"
    assert [(s.section_id, s.name, s.position) for s in entry.sections] == [
        ("GHR_0000001_Sec1", "Summary", 1),
        ("GHR_0000001_Sec5", "New Kind Of Question", 2),
    ]
    assert entry.sections[0].question == "What is Foo ?"
    # MedQuAD's lines are its own breaks, never a wrap: each stays a block.
    assert entry.sections[0].blocks == (
        Paragraph("Foo is rare."),
        Paragraph("Signs include:"),
        BulletList(("a cough", "a rash")),
    )
    assert entry.sections[1].blocks == (
        Paragraph("Line one."),
        BulletList(("first", "second")),
    )
    assert entry.text_available


SPANISH_LINK = """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000071" source="NHLBI" url="https://example.org/hbp">
<Focus>High Blood Pressure</Focus>
<QAPairs>
  <QAPair pid="1"><Question qid="71-1" qtype="information">What is it ?</Question>
    <Answer>{link}

Pressure that stays high.

Espanol means Spanish.</Answer></QAPair>
</QAPairs>
</Document>
"""


@pytest.mark.parametrize("link", ["Espaol", "Español", "  ESPANOL  "])
def test_an_answer_s_link_to_its_spanish_page_is_no_text(tmp_path, link):
    # NHLBI's answers open with it ("Espaol" as crawled): 18 summaries.
    xml = SPANISH_LINK.format(link=link)
    entry = read_medquad_file(write(tmp_path, "0000071.xml", xml))
    assert entry.sections[0].blocks == (
        Paragraph("Pressure that stays high."),
        Paragraph("Espanol means Spanish."),  # a word inside the text stays
    )


LOST_LETTERS = """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000002" source="GHR" url="https://example.org/condition/{slug}">
<Focus>{title}</Focus>
<FocusAnnotations><Synonyms><Synonym>{synonym}</Synonym><Synonym>{fixed}</Synonym>
</Synonyms></FocusAnnotations>
<QAPairs>
  <QAPair pid="1"><Question qid="2-1" qtype="information">What is {title} ?</Question>
    <Answer>{answer}</Answer></QAPair>
</QAPairs>
</Document>
"""


@pytest.mark.parametrize(
    ("title", "slug", "answer", "want_title", "want_answer"),
    [
        (
            "Sjgren syndrome",
            "sjogren-syndrome",
            "Sjgren syndrome dries the eyes; see Sjgren-Larsson syndrome.",
            "Sjogren syndrome",
            "Sjogren syndrome dries the eyes; see Sjgren-Larsson syndrome.",
        ),
        (
            "Mnire's disease",
            "menieres-disease",
            "In Mnire's disease the inner ear fills.",
            "Meniere's disease",
            "In Meniere's disease the inner ear fills.",
        ),
        (
            "Guillain-Barr syndrome",
            "guillain-barre-syndrome",
            "Guillain-Barr syndrome may follow Epstein-Barr virus.",
            "Guillain-Barre syndrome",
            "Guillain-Barre syndrome may follow Epstein-Barr virus.",
        ),
        (  # NIDDK's address names the topic's folder, not its page
            "Mntriers Disease",
            "menetriers-disease/Pages/facts.aspx",
            "Mntriers disease thickens the stomach.",
            "Menetriers Disease",
            "Menetriers disease thickens the stomach.",
        ),
        # Not the address's joins or other letters.
        (
            "Vitamin A",
            "vitamina.html",
            "Vitamin A helps.",
            "Vitamin A",
            "Vitamin A helps.",
        ),
        (
            "Fabry Disease",
            "fabrys.htm",
            "Fabry disease.",
            "Fabry Disease",
            "Fabry disease.",
        ),
    ],
)
def test_words_the_file_lost_letters_of_get_them_back(
    tmp_path, title, slug, answer, want_title, want_answer
):
    """MedQuAD dropped every letter outside ASCII: GHR's *Sjögren syndrome*
    is "Sjgren syndrome" in its file and on every page that listed it. The
    file's address spells the title whole, and the words it lost letters
    of get them back everywhere the entry writes them, alone or in the
    title's compounds, but not in another compound ("Epstein-Barr")."""
    # The file's other names spell the title whole too: that one is the
    # title once repaired, and not listed as another name.
    xml = LOST_LETTERS.format(
        title=title,
        slug=slug,
        answer=answer,
        synonym=f"{title} type 1",
        fixed=want_title,
    )
    entry = read_medquad_file(write(tmp_path, "0000002.xml", xml))
    assert entry.title == want_title
    assert entry.alternative_names == (f"{want_title} type 1",)
    assert entry.sections[0].question == f"What is {want_title} ?"
    assert entry.sections[0].text == want_answer


MISFILED = """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000003" source="NINDS" url="https://example.org/disorders/{slug}">
<Focus>{title}</Focus>
<FocusAnnotations><Synonyms><Synonym>{title} type 3</Synonym>
</Synonyms></FocusAnnotations>
<QAPairs>
  <QAPair pid="1"><Question qid="3-1" qtype="complications">What are the
    complications of {title} ?</Question><Answer>{answer}</Answer></QAPair>
</QAPairs>
</Document>
"""


@pytest.mark.parametrize(
    ("title", "slug", "answer", "want"),
    [
        (  # as NINDS's 0000187: the title never said, the address's word is
            "Machado-Joseph Disease",
            "lyme/lyme.htm",
            "Lyme disease comes from a tick. Lyme disease is treated with "
            "antibiotics. Most people with Lyme disease recover.",
            "Lyme disease",
        ),
        # Its own title, said in another form ("vaccines"): kept.
        (
            "Flu Vaccination",
            "vaccines/flu.htm",
            "Vaccines are safe. Vaccines work. Get vaccines every year.",
            "Flu Vaccination",
        ),
        # Never said, but no word of the address is either: kept.
        ("Childbirth", "childbirth.html", "Labor begins with contractions.", None),
    ],
)
def test_a_file_filed_under_another_title_is_titled_by_its_text(
    tmp_path, title, slug, answer, want
):
    """NINDS's 0000187 is titled *Machado-Joseph Disease* and answers with
    the Lyme disease page its address names: `machado joseph disease`
    listed Lyme disease's sections under that title. A file whose text
    never says its title, and says a word of its address again and again,
    is titled as its text calls that thing; its names and its questions'
    subject were the other thing's."""
    xml = MISFILED.format(title=title, slug=slug, answer=answer)
    entry = read_medquad_file(write(tmp_path, "0000003.xml", xml))
    assert entry.title == (want or title)
    if want and want != title:
        assert entry.alternative_names == ()
        assert entry.sections[0].question == f"What are the complications of {want} ?"
    else:
        assert entry.alternative_names == (f"{title} type 3",)


def test_ninds_lyme_page_filed_as_machado_joseph_is_lyme_disease(full_import):
    # Only the file that is about it still asks about Machado-Joseph disease.
    asking = [
        (e.entry_id, e.title)
        for e in full_import
        if isinstance(e, Entry)
        and e.sections
        and "Machado-Joseph" in (e.sections[0].question or "")
    ]
    assert asking == [("NINDS_0000188", "Machado-Joseph Disease")]
    lyme = [
        e for e in full_import if isinstance(e, Entry) and e.entry_id == "NINDS_0000187"
    ]
    assert [e.title for e in lyme] == ["Lyme disease"]


@pytest.mark.parametrize(
    ("answer", "blocks"),
    [
        # NHLBI, NIDDK: sub-headings and paragraphs on lines of their own.
        (
            "Intro text.\n    \nMeasuring Blood Pressure\n    \nIt is a force.",
            [
                Paragraph("Intro text."),
                Heading("Measuring Blood Pressure"),
                Paragraph("It is a force."),
            ],
        ),
        # A line ending in ":" opens a list of short lines; a title ends it.
        (
            "Risks include:\n  \nSmoking\n  \nHigh blood pressure\n  \n"
            "Risk Factors You Can't Control\n  \nAge matters.",
            [
                Paragraph("Risks include:"),
                BulletList(("Smoking", "High blood pressure")),
                Heading("Risk Factors You Can't Control"),
                Paragraph("Age matters."),
            ],
        ),
        # MedlinePlus: paragraphs four spaces apart, a list ends at seven.
        (
            "Gout hurts.    You may get it if you   - Are a man    - Eat purines"
            "       Gout can be hard to diagnose.",
            [
                Paragraph("Gout hurts."),
                Paragraph("You may get it if you"),
                BulletList(("Are a man", "Eat purines")),
                Paragraph("Gout can be hard to diagnose."),
            ],
        ),
        # GHR: two spaces after a sentence; NINDS: two inside one are a lost dash.
        (
            "It is rare.  Boys have it more.  Seizures  fever-related  occur.",
            [
                Paragraph("It is rare."),
                Paragraph("Boys have it more."),
                Paragraph("Seizures fever-related occur."),
            ],
        ),
        # CancerGov: a sentence heading on the line just above its paragraph.
        (
            "Key Points\n   - One.   - Two.\n  \n  \n"
            "   There are two treatments.\n   Surgery is one of them; the other"
            " one is radiation, given in five doses.",
            [
                Heading("Key Points"),
                BulletList(("One.", "Two.")),
                Heading("There are two treatments."),
                Paragraph(
                    "Surgery is one of them; the other one is radiation, given in "
                    "five doses."
                ),
            ],
        ),
        # A list item wrapped onto an indented line stays one item (CDC).
        (
            "Results:\n  - Positive: This \n     means infection\n  - Negative",
            [
                Paragraph("Results:"),
                BulletList(("Positive: This means infection", "Negative")),
            ],
        ),
    ],
    ids=["lines", "colon-list", "spaces", "two-spaces", "cancergov", "wrapped"],
)
def test_answer_structure_is_kept(answer, blocks):
    assert list(answer_blocks(answer)) == blocks


def test_real_answers_keep_headings_and_lists():
    nhlbi = read_medquad_file(MEDQUAD / "8_NHLBI_QA_XML" / "0000058.xml")
    risk = next(s for s in nhlbi.sections if s.name == "Who Is at Risk")
    assert Heading("Risk Factors You Can Control") in risk.blocks
    lists = [b.items for b in risk.blocks if isinstance(b, BulletList)]
    assert any(items[:2] == ("Smoking", "High blood pressure") for items in lists)
    gout = read_medquad_file(MEDQUAD / "4_MPlus_Health_Topics_QA" / "0000409.xml")
    blocks = gout.sections[0].blocks
    assert (
        BulletList(
            (
                "Are a man",
                "Have family member with gout",
                "Are overweight",
                "Drink alcohol",
                "Eat too many foods rich in purines",
            )
        )
        in blocks
    )
    assert any(
        isinstance(b, Paragraph) and b.text.startswith("Gout can be hard")
        for b in blocks
    )


def test_gards_signs_and_symptoms_read_as_a_list_of_rows():
    entry = read_medquad_file(MEDQUAD / "2_GARD_QA" / "0004189.xml")
    symptoms = next(s for s in entry.sections if s.name == "Symptoms")
    rows = next(b.items for b in symptoms.blocks if isinstance(b, BulletList))
    assert rows[:2] == (
        "Abnormal cortical bone morphology (90%)",
        "Abnormality of epiphysis morphology (90%)",
    )
    assert "Abnormality of the hip joint" in rows  # no share known: "-"
    assert Heading("Signs and Symptoms") in symptoms.blocks
    assert symptoms.blocks[-1].text.startswith("The Human Phenotype Ontology (HPO)")
    # Every word of the answer is still searched, in its order.
    xml = (MEDQUAD / "2_GARD_QA" / "0004189.xml").read_text(encoding="utf-8")
    answer = re.search(r'qid="0004189-2".*?<Answer>(.*?)</Answer>', xml, re.S)
    assert answer is not None
    words = re.findall(r"\w+", html.unescape(answer.group(1)))
    assert re.findall(r"\w+", symptoms.text) == words


def test_a_table_whose_rows_do_not_all_read_stays_as_written():
    answer = (
        "Signs and Symptoms Approximate number of patients (when available) "
        "Myopia 90% Talipes often The Human Phenotype Ontology (HPO) notes it."
    )
    assert answer_blocks(answer) == (Paragraph(answer),)


def test_doc_corpus_variant_snippet(tmp_path):
    text = """<?xml version="1.0" encoding="UTF-8"?>
<doc docid="0000007" corpus="NINDS" url="http://example.org/n">
<doctitle-focus>Qux</doctitle-focus>
<qaPairs><pair pid="3">
<question qid="7-3" qtype="treatment">how is qux treated ?</question>
<answer>Rest.</answer></pair></qaPairs>
</doc>"""
    entry = read_medquad_file(write(tmp_path / "6_NINDS_QA", "0000007.xml", text))
    assert (entry.entry_id, entry.title, entry.source) == (
        "NINDS_0000007",
        "Qux",
        "NINDS",
    )
    assert [(s.section_id, s.name) for s in entry.sections] == [
        ("NINDS_0000007_Sec3", "Treatment")
    ]


def test_disease_file_variant_snippet(tmp_path):
    text = """<DiseaseFile fid="0000009" source="CDC" url="http://example.org/c">
<FOCUS>Zed</FOCUS><QAPairs><QAPair pid="1">
<Question qtype="susceptibility">Who ?</Question><Answer>Anyone.</Answer></QAPair>
<QAPair><Answer>No pid, no question.</Answer></QAPair></QAPairs></DiseaseFile>"""
    entry = read_medquad_file(write(tmp_path, "0000009.xml", text))
    assert entry.entry_id == "CDC_0000009"
    assert [(s.section_id, s.name, s.question) for s in entry.sections] == [
        ("CDC_0000009_Sec1", "Who Is at Risk", "Who ?"),
        ("CDC_0000009_Sec2", "Other Information", None),
    ]


def test_answerless_snippet(tmp_path):
    text = DOCUMENT.replace('source="GHR"', 'source="ADAM"')
    text = re.sub(r"<Answer>.*?</Answer>", "<Answer></Answer>", text, flags=re.DOTALL)
    entry = read_medquad_file(write(tmp_path, "0000002.xml", text))
    assert entry.entry_id == "ADAM_0000002"
    assert not entry.text_available and entry.sections == ()
    assert entry.names == ("Foo syndrome", "Foo disease", "Bar & baz")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<Document source='GHR'><Focus>Foo</Focus>", "malformed XML"),
        ("", "malformed XML"),
        ("<Other source='GHR'><Focus>Foo</Focus></Other>", "root element"),
        ("<Document id='1'><Focus>Foo</Focus></Document>", "source"),
        ("<Document source='GHR'><QAPairs/></Document>", "no focus"),
        ("<Document source='GHR'><Focus> </Focus></Document>", "empty focus"),
        (
            '<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
            "<Document source='GHR'><Focus>&b;</Focus></Document>",
            "forbidden",
        ),
    ],
)
def test_bad_files_raise_parse_error(tmp_path, text, reason):
    path = write(tmp_path, "0000001.xml", text)
    with pytest.raises(ParseError, match=reason) as caught:
        read_medquad_file(path)
    assert caught.value.source == path
    assert str(path) in str(caught.value)


def test_missing_file_raises_parse_error(tmp_path):
    with pytest.raises(ParseError):
        read_medquad_file(tmp_path / "absent.xml")
    with pytest.raises(ParseError):
        iter_medquad_files(tmp_path / "absent")


def test_iter_medquad_reports_bad_file_and_keeps_good(tmp_path):
    folder = tmp_path / "3_GHR_QA"
    write(folder, "0000001.xml", DOCUMENT)
    bad = write(folder, "0000002.xml", "<Document source='GHR'><Focus>")
    write(folder, "0000003.xml", DOCUMENT)
    results = list(iter_medquad(tmp_path))
    assert [r.entry_id for r in results if isinstance(r, Entry)] == [
        "GHR_0000001",
        "GHR_0000003",
    ]
    assert [r.source for r in results if isinstance(r, ParseError)] == [bad]


def test_file_order_and_detection_on_snippets(tmp_path):
    for folder in ("10_B_QA", "2_A_QA", "1_C_QA"):
        write(tmp_path / folder, "0000002.xml", DOCUMENT)
        write(tmp_path / folder, "0000001.xml", DOCUMENT)
    write(tmp_path, "notes.txt", "not xml")
    names = [f"{p.parent.name}/{p.name}" for p in iter_medquad_files(tmp_path)]
    assert names == [
        f"{d}/000000{n}.xml" for d in ("1_C_QA", "2_A_QA", "10_B_QA") for n in (1, 2)
    ]
    assert is_medquad(tmp_path) and is_medquad(tmp_path / "2_A_QA")
    assert is_medquad(tmp_path / "2_A_QA" / "0000001.xml")
    other = write(tmp_path / "elsewhere", "x.xml", "<rss><channel/></rss>")
    assert not is_medquad(other) and not is_medquad(other.parent)
    assert not is_medquad(write(tmp_path / "5_Z_QA", "0000001.xml", "<rss/>").parent)
    assert not is_medquad(tmp_path / "missing")


def test_section_name_fallback():
    assert section_name("exams and tests") == "Exams and Tests"
    assert section_name("  Brand   Names ") == "Brand Names"
    assert section_name("how can i learn more") == "Learn More"
    assert section_name("new kind") == "New Kind"
