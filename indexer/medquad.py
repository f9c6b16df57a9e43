"""Read the MedQuAD question-answer collection into :class:`~indexer.model.Entry`.

MedQuAD (``readme.txt`` in the data set) has 12 collection folders such as
``3_GHR_QA``, one XML file per topic: a focus (the topic's name), synonyms
and question-answer pairs. Each file becomes one entry whose sections are the
answered pairs, named like encyclopedia sections so MedQuAD entries read like
the rest of the encyclopedia. Three MedlinePlus collections ship without
answers; their entries keep their names (for synonym lookups) and have
``text_available`` false.

Answers carry their structure in whitespace only, differently per
collection: NHLBI, NIDDK, NINDS, CDC and CancerGov put paragraphs and
sub-headings on lines of their own; MedlinePlus and GHR separate paragraphs
by runs of spaces, and many answers run a list together on one line
("include:   - fever   - rash"). :func:`answer_blocks` reads those signs
into paragraphs, lists and headings; NIHSeniorHealth and GARD answers carry
none (their sub-headings run into the text) and stay as they are.

A few files use other schemas (``<doc corpus=..>`` with ``<doctitle-focus>``
and ``<pair>``, or ``<DiseaseFile>``), so tags are matched case-insensitively
and by role, not by exact path.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Iterator
from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XMLSyntaxError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .corpus import ENTRY_ID
from .errors import ParseError
from .lostletters import lost_letters, repaired
from .misfiled import misfiled
from .model import Block, BulletList, Entry, Heading, Paragraph, Section, unbracketed


class Collection(NamedTuple):
    """Who published a MedQuAD collection, for attribution on entry pages."""

    name: str
    site: str


_MEDLINEPLUS = "https://medlineplus.gov"
#: ``source`` attribute value -> publisher, as the values occur in the files.
COLLECTIONS: dict[str, Collection] = {
    "CancerGov": Collection(
        "National Cancer Institute (cancer.gov)", "https://www.cancer.gov"
    ),
    "GARD": Collection(
        "Genetic and Rare Diseases Information Center",
        "https://rarediseases.info.nih.gov",
    ),
    "GHR": Collection("Genetics Home Reference", "https://ghr.nlm.nih.gov"),
    "MPlusHealthTopics": Collection("MedlinePlus Health Topics", _MEDLINEPLUS),
    "NIDDK": Collection(
        "National Institute of Diabetes and Digestive and Kidney Diseases",
        "https://www.niddk.nih.gov",
    ),
    "NINDS": Collection(
        "National Institute of Neurological Disorders and Stroke",
        "https://www.ninds.nih.gov",
    ),
    "NIHSeniorHealth": Collection("NIHSeniorHealth", "https://nihseniorhealth.gov"),
    "NHLBI": Collection(
        "National Heart, Lung, and Blood Institute", "https://www.nhlbi.nih.gov"
    ),
    "CDC": Collection(
        "Centers for Disease Control and Prevention", "https://www.cdc.gov"
    ),
    "ADAM": Collection("MedlinePlus A.D.A.M. Medical Encyclopedia", _MEDLINEPLUS),
    "MPlusDrugs": Collection("MedlinePlus Drug Information", _MEDLINEPLUS),
    "MPlusHerbsSupplements": Collection(
        "MedlinePlus Herbs and Supplements", _MEDLINEPLUS
    ),
}

#: Question type (``qtype``) -> section name; every qtype in MedQuAD is listed.
SECTION_NAMES: dict[str, str] = {
    "information": "Summary",
    "symptoms": "Symptoms",
    "causes": "Causes",
    "exams and tests": "Exams and Tests",
    "treatment": "Treatment",
    "outlook": "Outlook",
    "complications": "Possible Complications",
    "prevention": "Prevention",
    "susceptibility": "Who Is at Risk",
    "frequency": "Frequency",
    "inheritance": "Inheritance",
    "genetic changes": "Genetic Changes",
    "stages": "Stages",
    "research": "Research",
    "considerations": "Considerations",
    "when to contact a medical professional": "When to Contact a Medical Professional",
    "support groups": "Support Groups",
    "how can i learn more": "Learn More",
    "why get vaccinated": "Why Get Vaccinated",
    # MedlinePlus drugs and herbs & supplements.
    "indication": "Why It Is Used",
    "usage": "How to Use",
    "how does it work": "How It Works",
    "how effective is it": "How Effective Is It",
    "important warning": "Important Warning",
    "precautions": "Precautions",
    "contraindication": "Contraindications",
    "dietary": "Dietary Instructions",
    "dose": "Dosage",
    "forget a dose": "If You Forget a Dose",
    "side effects": "Side Effects",
    "severe reaction": "Severe Reactions",
    "emergency or overdose": "In Case of Emergency or Overdose",
    "storage and disposal": "Storage and Disposal",
    "interactions with medications": "Interactions with Medications",
    "interactions with herbs and supplements": (
        "Interactions with Herbs and Supplements"
    ),
    "interactions with foods": "Interactions with Foods",
    "brand names": "Brand Names",
    "brand names of combination products": "Brand Names of Combination Products",
    "other information": "Other Information",
}

_ROOT_TAGS = {"document", "doc", "diseasefile"}
_FOCUS_TAGS = {"focus", "doctitle-focus"}
_PAIR_TAGS = {"qapair", "pair"}
_COLLECTION_DIR = re.compile(r"^\d+_\w*QA", re.IGNORECASE)  # 3_GHR_QA, 8_NHLBI_QA_XML
_ROOT_START = re.compile(
    rb"<(?:Document|doc|DiseaseFile)\b[^>]*\b(?:source|corpus)\s*=", re.IGNORECASE
)
# Many answers run a list together on one line: "include:   - fever   - rash".
_INLINE_ITEM = re.compile(r"(?<=\S)[ \t]{2,}-[ \t]+(?=\S)")
# Where a line holds several paragraphs: three or more spaces (MedlinePlus
# uses four, and seven after a list), or two after a sentence (GHR). Two
# spaces inside a sentence are a dash the crawl lost ("seizures  fever-related").
_PIECE_BREAK = re.compile(r"[ \t]{3,}|(?<=[.?!:])[ \t]{2}(?=[A-Z0-9\"(])")
_ITEM = re.compile(r"^[-\u2022*][ \t]*(.*)$")
# An item that starts with its own label: "Systolic Pressure: blood pressure
# when...", "Age. The risk of heart disease increases..."
_LABEL = re.compile(r"^[A-Z][^.:]{0,50}[.:] ?[A-Z(]")
_WORD = re.compile(r"\w")
# The one kind of wrapped line in MedQuAD: a list item's indented rest.
_WRAPPED = re.compile(r"(?<=[a-z,])[ \t]*\n[ \t]*(?=[a-z])")
# NHLBI's pages open with a link to the Spanish version ("Español", crawled
# as "Espaol"): the page's chrome, not its text. Kept, it opened 18 of
# NHLBI's summaries, and their snippets ("Espaol · High blood pressure is").
_LANGUAGE_LINK = re.compile(r"\A\s*espa[ñn]?ol[ \t]*\n", re.IGNORECASE)
# GARD's table of signs and symptoms (2,243 answers), which the crawl ran
# into one line of rows: "Myopia 90% Scoliosis 50% Talipes - ". Its head,
# each row as a sign and how many patients have it ("-": not known), and
# the note that follows it.
_SIGNS_HEAD = "Signs and Symptoms"
_SIGNS_SHARE = "Approximate number of patients (when available)"
_SIGNS_NOTE = "The Human Phenotype Ontology (HPO)"
_SIGNS_ROW = re.compile(r"\s*(\S.*?)\s+(\d+(?:\.\d+)?%|\d+/\d+|\d+ of \d+|-)(?=\s|$)")
HEADING_WORDS = 12  # longer lines are prose, whatever their punctuation
LIST_ITEM_WORDS = 20  # a line after "include:" longer than this is prose again
_TAG_NAMES: dict[object, str] = {}


def is_medquad(path: Path) -> bool:
    """Whether ``path`` is a MedQuAD root, collection folder or file.

    Lets a caller pick the reader for a path; it checks names and the first
    bytes of at most one file, so it is cheap on the 11,000-file data set.
    """
    try:
        if path.is_file():
            return path.suffix.lower() == ".xml" and _looks_like_medquad_xml(path)
        if not path.is_dir():
            return False
        folders = [path]
        if not _COLLECTION_DIR.match(path.name):
            folders = [p for p in path.iterdir() if _COLLECTION_DIR.match(p.name)]
            folders.sort(key=lambda p: _sort_key(p.name))
        for folder in filter(Path.is_dir, folders):
            for file in folder.iterdir():
                if file.suffix.lower() == ".xml":
                    return _looks_like_medquad_xml(file)
        return False
    except OSError:
        return False


def iter_medquad_files(path: Path) -> list[Path]:
    """Every ``.xml`` file under ``path``, collections in numeric order.

    A stable order keeps imports and error reports reproducible.

    :raises ParseError: if ``path`` does not exist.
    """
    if path.is_file():
        return [path] if path.suffix.lower() == ".xml" else []
    if not path.is_dir():
        raise ParseError(path, "no such file or folder")
    found = []
    for folder, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        # A folder's key and path once, not taken apart again for each file
        # (at ten MedQuADs, 112,740 files, listing took 1.9-2.0 s, now 1.6-1.8).
        base = Path(folder)
        within = [_sort_key(part) for part in base.relative_to(path).parts]
        found += [
            ([*within, _sort_key(name)], base / name)
            for name in files
            if name.lower().endswith(".xml")
        ]
    found.sort(key=itemgetter(0))
    return [file for _, file in found]


def iter_medquad(path: Path) -> Iterator[Entry | ParseError]:
    """Read every file under ``path``; bad files are yielded as errors.

    One broken file must not stop an import of thousands, and the caller
    still needs to report which files it skipped and why.
    """
    for file in iter_medquad_files(path):
        try:
            yield read_medquad_file(file)
        except ParseError as error:
            yield error


def read_medquad_file(path: Path) -> Entry:
    """Parse one MedQuAD XML file into an entry.

    :raises ParseError: naming ``path`` for unreadable or malformed XML and
        for files without the expected root, source or focus.
    """
    try:
        root = SafeET.parse(path).getroot()
    except XMLSyntaxError as error:
        raise ParseError(path, f"malformed XML: {error}") from None
    except DefusedXmlException as error:
        raise ParseError(path, f"forbidden XML construct: {error!r}") from None
    except (OSError, ValueError) as error:
        raise ParseError(path, f"cannot read file: {error}") from None
    if _tag(root) not in _ROOT_TAGS:
        raise ParseError(path, f"unexpected root element <{root.tag}>")
    attrs = {key.lower(): value.strip() for key, value in root.attrib.items()}
    source = attrs.get("source") or attrs.get("corpus")
    if not source:
        raise ParseError(path, "root element has no source attribute")
    entry_id = f"{source}_{path.stem}"
    if not ENTRY_ID.fullmatch(entry_id):
        raise ParseError(path, f"cannot make a valid entry id from {entry_id!r}")

    focus, names, pairs = None, {}, []
    for element in root.iter():
        tag = _tag(element)
        if tag in _FOCUS_TAGS and focus is None:
            focus = _clean(element.text)
            names[focus.casefold()] = focus
        elif tag == "synonym" and (name := _clean(element.text)):
            names.setdefault(name.casefold(), name)
        elif tag in _PAIR_TAGS:
            pairs.append(element)
    if not focus:
        reason = "no focus (title)" if focus is None else "empty focus (title)"
        raise ParseError(path, reason)
    names.pop(focus.casefold())
    url = attrs.get("url") or None
    repairs = lost_letters(focus, url)

    sections: list[Section] = []
    for number, pair in enumerate(pairs, start=1):
        section = _section(pair, f"{entry_id}_Sec", number, len(sections) + 1, repairs)
        if section is None:
            continue
        if any(s.section_id == section.section_id for s in sections):
            raise ParseError(path, f"duplicate pair id {section.section_id!r}")
        sections.append(section)
    collection = COLLECTIONS.get(source)
    title = repaired(focus, repairs)
    retitled = misfiled(title, url, (s.text for s in sections))
    if retitled:
        # Filed under another thing's title: its names and its questions'
        # subject were that thing's (see indexer.misfiled).
        names = {}
        sections = [_asked_of(s, title, retitled) for s in sections]
        title = retitled
    # Repaired, a name may be the title ("Guillain-Barre syndrome") or
    # another name again: each is listed once, none as the title.
    others = {title.casefold(): ""}
    for name in (repaired(name, repairs) for name in names.values()):
        others.setdefault(name.casefold(), name)
    if own := past_site_folders(title, url):
        others.setdefault(own.casefold(), own)
    return Entry(
        entry_id=entry_id,
        title=title,
        alternative_names=tuple(name for name in others.values() if name),
        sections=tuple(sections),
        source=source,
        url=url,
        source_name=collection.name if collection else source,
        text_available=bool(sections),
    )


def past_site_folders(title: str, url: str | None) -> str | None:
    """The title without the leading parts that name its page's folders,
    and without brackets, or None where it has none.

    The CDC files its parasites under a folder of its site, and MedQuAD
    titles them so: "Parasites - Scabies", "Parasites - Lice - Head Lice".
    `scabies` named MedlinePlus's and A.D.A.M.'s entries but not the CDC's,
    and `babesiosis` named nothing. The folders say which parts are the
    site's and which the topic's.

    >>> past_site_folders("Parasites - Lice - Head Lice", "http://x.gov/parasites/lice/head/")
    'Head Lice'
    >>> past_site_folders("Parasites - Enterobiasis (also known as Pinworm Infection)",
    ...                   "http://x.gov/parasites/pinworm/")
    'Enterobiasis'
    >>> past_site_folders("Pneumonia - adults", "http://x.gov/ency/article/000145.htm")
    """  # noqa: E501
    if not url or " - " not in title:
        return None
    folders = [f for f in urlsplit(url).path.split("/") if f]
    parts = title.split(" - ")
    n = 0
    while n < min(len(parts) - 1, len(folders)) and _squashed(parts[n]) == _squashed(
        folders[n]
    ):
        n += 1
    if not n:
        return None
    rest = " - ".join(parts[n:])
    return next(iter(unbracketed(rest)), rest)


def _squashed(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _asked_of(section: Section, title: str, retitled: str) -> Section:
    """``section`` with its question asked of ``retitled``, not ``title``."""
    if not section.question or title not in section.question:
        return section
    return replace(section, question=section.question.replace(title, retitled))


def _section(
    pair: Element,
    prefix: str,
    number: int,
    position: int,
    repairs: dict[str, str] | None = None,
) -> Section | None:
    """The section for one question-answer pair; ``None`` if unanswered.

    :param repairs: words of the file that lost letters, and their repairs
        (:mod:`indexer.lostletters`).
    """
    question = answer = None
    for element in pair.iter():
        tag = _tag(element)
        if tag == "question" and question is None:
            question = element
        elif tag == "answer" and answer is None:
            answer = element
    text = "".join(answer.itertext()) if answer is not None else ""
    text = _LANGUAGE_LINK.sub("", text, count=1)
    if not text.strip():
        return None
    if question is None:
        question = Element("question")
    asked = _clean(question.text) or None
    if repairs:
        text = repaired(text, repairs)
        asked = asked and repaired(asked, repairs)
    return Section(
        section_id=prefix + (pair.get("pid") or str(number)).strip(),
        name=section_name(question.get("qtype", "")),
        position=position,
        blocks=answer_blocks(text),
        question=asked,
    )


def section_name(qtype: str) -> str:
    """The encyclopedia section name for a question type.

    >>> section_name("susceptibility"), section_name("new question type")
    ('Who Is at Risk', 'New Question Type')
    """
    key = " ".join(qtype.lower().split())
    return SECTION_NAMES.get(key) or string.capwords(key) or "Other Information"


def _tag(element: Element) -> str:
    """The element's lower-case local name; cached, as it runs 500,000 times."""
    try:
        return _TAG_NAMES[element.tag]
    except KeyError:
        tag = element.tag if isinstance(element.tag, str) else ""  # comments, PIs
        return _TAG_NAMES.setdefault(element.tag, tag.rpartition("}")[2].lower())


class _Piece(NamedTuple):
    text: str
    item: bool  # written as a list item ("- fever")
    line_start: bool  # the first piece of its line
    chunk_start: bool  # the first line after a blank line (or the answer's start)


def answer_blocks(text: str) -> tuple[Block, ...]:
    """Paragraphs, lists and sub-headings of one MedQuAD answer.

    Every word of the answer stays in the blocks (search reads their text),
    in the same order; only separators change.

    >>> answer_blocks("Causes\\n  \\nGenes can cause it.  Diet too.")
    (Heading(text='Causes'), Paragraph(text='Genes can cause it.'), Paragraph(text='Diet too.'))
    >>> answer_blocks("Risks include:   - age   - smoking       See a doctor.")
    (Paragraph(text='Risks include:'), BulletList(items=('age', 'smoking')), Paragraph(text='See a doctor.'))
    >>> answer_blocks("It affects:\\nKidney fluid balance\\nRenin system\\nBlood Vessels\\nText.")
    (Paragraph(text='It affects:'), BulletList(items=('Kidney fluid balance', 'Renin system')), Heading(text='Blood Vessels'), Paragraph(text='Text.'))
    """  # noqa: E501
    table = _signs_table(text)
    if table is not None:
        before, rows, after = table
        return (
            *answer_blocks(before),
            Heading(_SIGNS_HEAD),
            Paragraph(_SIGNS_SHARE + ":"),
            BulletList(rows),
            *answer_blocks(after),
        )
    pieces = list(_pieces(text))
    blocks: list[Block] = []
    items: list[str] = []
    listing = False  # inside a list that a line ending in ":" opened

    def flush() -> None:
        if items:
            blocks.append(BulletList(tuple(items)))
            items.clear()

    for i, piece in enumerate(pieces):
        after = pieces[i + 1] if i + 1 < len(pieces) else None
        if piece.item:
            items.append(piece.text)
            continue
        colon = listing or (
            not items
            and bool(blocks)
            and isinstance(blocks[-1], Paragraph)
            and blocks[-1].text.endswith(":")
        )
        if _is_heading(piece, after, colon):
            flush()
            blocks.append(Heading(piece.text))
            listing = False
        elif colon and piece.line_start and _is_list_item(piece.text):
            if not listing:
                flush()
            items.append(piece.text)
            listing = True
        else:
            flush()
            blocks.append(Paragraph(piece.text))
            listing = False
    flush()
    return tuple(blocks)


def _signs_table(text: str) -> tuple[str, tuple[str, ...], str] | None:
    """GARD's table of signs and symptoms in an answer, as the text before
    it, its rows ("Myopia (90%)", or "Myopia" where no share is known) and
    the text after it; None where an answer has none, or a row does not
    read as one, so the answer stays as it was written.

    >>> _signs_table("See below. Signs and Symptoms Approximate number of "
    ...     "patients (when available) Myopia 90% Cleft palate 1/4 Talipes - "
    ...     "The Human Phenotype Ontology (HPO) has collected it.")
    ('See below.', ('Myopia (90%)', 'Cleft palate (1/4)', 'Talipes'), 'The Human Phenotype Ontology (HPO) has collected it.')
    >>> _signs_table("Signs and Symptoms Approximate number of patients "
    ...     "(when available) Myopia often The Human Phenotype Ontology (HPO)") is None
    True
    """  # noqa: E501
    head = f"{_SIGNS_HEAD} {_SIGNS_SHARE}"
    start = text.find(head)
    if start < 0:
        return None
    end = text.find(_SIGNS_NOTE, start)
    end = len(text) if end < 0 else end
    rows, at, body = [], start + len(head), text[:end]
    while (row := _SIGNS_ROW.match(body, at)) is not None:
        sign, share = row.groups()
        rows.append(sign if share == "-" else f"{sign} ({share})")
        at = row.end()
    if not rows or body[at:].strip():
        return None
    return text[:start].strip(), tuple(rows), text[end:].strip()


def _pieces(text: str) -> Iterator[_Piece]:
    """The answer's lines, each cut at paragraph gaps and inline list items."""
    chunk_start = True
    # The patterns are tried only where they can match (they cannot without
    # a line break, or two spaces or a tab): a quarter of a build's parsing.
    if "\n" in text:
        text = _WRAPPED.sub(" ", text)
    for line in text.splitlines():
        if not line.strip():
            chunk_start = True
            continue
        if " -" in line or "\t-" in line:  # cheap test first: most lines need not
            line = _INLINE_ITEM.sub("\n- ", line)
        first = True
        for part in line.split("\n"):
            spaced = "  " in part or "\t" in part
            for segment in _PIECE_BREAK.split(part) if spaced else (part,):
                words = " ".join(segment.split())
                if not _WORD.search(words):
                    continue  # a lone "-" between items, or only spaces
                match = _ITEM.match(words)
                if match and match.group(1):
                    yield _Piece(match.group(1), True, first, chunk_start)
                else:
                    yield _Piece(words, False, first, chunk_start)
                first = chunk_start = False


def _is_heading(piece: _Piece, after: _Piece | None, in_list: bool) -> bool:
    """Whether a piece is a sub-heading: short, unpunctuated, text follows.

    CancerGov also writes a one-sentence heading on the line just above its
    paragraph ("There are different types of treatment for ...").
    """
    text = piece.text
    if after is None:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    words = text.split()
    if text.endswith(".") and piece.chunk_start and piece.line_start:
        return (
            len(words) <= 20
            and after.line_start
            and not (after.chunk_start or after.item)
            and len(after.text.split()) > 2 * len(words)  # a paragraph follows
        )
    if len(words) > HEADING_WORDS or text[-1] in ".,;:":
        return False
    # After "include:" a short line is an item ("Smoking") unless it is a
    # title of two words or more; a list's lead-in ("You are more likely to
    # get gout if you") is no heading either.
    if in_list:
        return len(words) > 1 and _title_case(words)
    return not after.item or _title_case(words)


def _is_list_item(text: str) -> bool:
    if text.endswith(":"):  # "For example:" opens the next list
        return False
    return len(text.split()) <= LIST_ITEM_WORDS or bool(_LABEL.match(text))


def _title_case(words: list[str]) -> bool:
    long = [w for w in words if len(w) > 3]
    return bool(long) and all(w[0].isupper() for w in long)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _sort_key(name: str) -> tuple[int, int, str]:
    digits = re.match(r"\d+", name)
    return (0, int(digits.group()), name) if digits else (1, 0, name)


def _looks_like_medquad_xml(path: Path) -> bool:
    with path.open("rb") as file:
        return bool(_ROOT_START.search(file.read(2048)))
