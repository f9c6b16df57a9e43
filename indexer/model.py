"""The entry model shared by every source (text corpus, MedQuAD, the write API).

An :class:`Entry` is what a reader sees as one encyclopedia article. Its
sections keep their structure (paragraphs, bullet lists and the sub-headings
of MedQuAD's answers) so the entry page can show lists as lists and headings
as headings, while search works on :attr:`Section.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLET = "\u2022"
_LIST_ITEM = re.compile(rf"^\s*(?:[{BULLET}*-])\s+(.*)$")


#: The section of a drug leaflet that lists the names it is sold under.
BRAND_NAMES = "brand names"
#: How a brand's name is written at most: longer items are sentences.
_MAX_BRAND_WORDS = 4
_MARKS = re.compile("[\u00ae\u2122\u00a9]")  # (R), TM, (C)


def _listed_names(text: str) -> list[str]:
    """The items of a list of names, however it is written: bullets, one
    per line, or inline as "- A  - B" (as MedQuAD's answers are).

    >>> _listed_names(BULLET + " Ambien\u00ae CR" + chr(10) + BULLET + " Edluar")
    ['Ambien CR', 'Edluar']
    """
    items = re.split(rf"[\n{BULLET}]|(?:^|\s)-\s", _MARKS.sub("", text))
    names = []
    for item in items:
        name = item.strip(" \t.,;:()")
        words = name.split()
        if words and len(words) <= _MAX_BRAND_WORDS and any(c.isalpha() for c in name):
            names.append(" ".join(words))
    return names


@dataclass(frozen=True)
class Paragraph:
    """A run of prose inside a section."""

    text: str


@dataclass(frozen=True)
class BulletList:
    """A list whose items stay separate, so pages can render them as a list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section ("Measuring Blood Pressure").

    Only MedQuAD's answers have them; a page shows them below the section's
    own heading, and the search text keeps their words like any paragraph's.
    """

    text: str


Block = Paragraph | BulletList | Heading


@dataclass(frozen=True)
class Section:
    """One named part of an entry; the unit that search ranks and returns.

    ``section_id`` is stable: MedQuAD sections use the question-answer pair
    id (``GHR_0000001_Sec3``); other sources use the 1-based position.
    """

    section_id: str
    name: str
    position: int
    blocks: tuple[Block, ...] = ()
    question: str | None = None

    @property
    def text(self) -> str:
        """Plain text of the section: paragraphs, then ``• item`` lines.

        >>> Section("x_Sec1", "Treatment", 1,
        ...         (Paragraph("Options:"), BulletList(("Surgery", "Rest")))).text
        'Options:\\n\\n• Surgery\\n• Rest'
        """
        return blocks_to_text(self.blocks)

    @property
    def is_empty(self) -> bool:
        return not self.blocks


#: A group in round brackets set apart by a space before it, as a remark
#: is ("alert(1)" is no remark).
_BRACKETED = re.compile(r"\s+\(([^()]+)\)(?=[\s,.;:]|$)")
#: The brackets that end a title.
_LAST_BRACKETED = re.compile(r"\s\(([^()]+)\)\s*$")
#: Brackets that say outright what else a thing is called.
_ALSO_KNOWN = re.compile(r"(?:also known as|also called)\s+(.+)", re.IGNORECASE)
#: A word in brackets that is an abbreviation ("LCM", "DTaP", "Hib", "Td"),
#: a dose or a number ("24h"), not a word that could stand in its place.
_ABBREVIATED = re.compile(r"\w{1,3}|\w+[A-Z\d]\w*")


def _loose(words: str) -> str:
    """A pattern of ``words`` with any space between them."""
    return r"\s+".join(map(re.escape, words.split()))


def unbracketed(title: str) -> tuple[str, ...]:
    """The names a title with brackets is also known by: the title without
    them, and a word in brackets in place of the word before it.

    MedQuAD writes a title's abbreviation or other name in brackets
    ("Lymphocytic Choriomeningitis (LCM)", "Hematuria (Blood in the
    Urine)", "Liver (Hepatocellular) Cancer"), so `lymphocytic
    choriomeningitis` named no entry, nor `liver cancer` the Cancer.gov
    one. What a title's last brackets hold alone is not taken as a name
    unless they say so ("also known as Pinworm Infection"), or the text
    does (:attr:`Entry.bracketed_name`): there drug
    leaflets say what they treat ("Diclofenac Topical (actinic
    keratosis)") and others whom a page is for ("Speech impairment
    (adult)").

    >>> unbracketed("Lymphocytic Choriomeningitis (LCM)")
    ('Lymphocytic Choriomeningitis',)
    >>> unbracketed("Enterobiasis (also known as Pinworm Infection)")
    ('Enterobiasis', 'Pinworm Infection')
    >>> unbracketed("Partial (focal) seizure")
    ('Partial seizure', 'focal seizure')
    >>> unbracketed("Tetanus, Diphtheria, Pertussis (Tdap) Vaccine")
    ('Tetanus, Diphtheria, Pertussis Vaccine',)
    """
    groups = list(_BRACKETED.finditer(title))
    if not groups or title.count("(") != len(groups) or title.count(")") != len(groups):
        return ()
    bare = " ".join(_BRACKETED.sub(" ", title).split())
    found = [bare] if bare and not _ABBREVIATED.fullmatch(bare) else []
    for group in groups:
        word, before, after = (
            group[1].strip(),
            title[: group.start()],
            title[group.end() :],
        )
        if also := _ALSO_KNOWN.fullmatch(word):
            found.append(also[1])
            continue
        if (
            " " in word
            or _ABBREVIATED.fullmatch(word)
            or not after.strip()
            or after.lstrip().startswith(("-", ":"))
            or "," in before
            or not before.strip()
        ):
            continue
        head = before.split()[:-1]
        found.append(" ".join([*head, word, *_BRACKETED.sub(" ", after).split()]))
    return tuple(n for n in dict.fromkeys(found) if n.casefold() != title.casefold())


@dataclass(frozen=True)
class Entry:
    """An encyclopedia article: title, alternative names and ordered sections.

    ``source`` names the collection (``corpus``, ``GHR``, ``api`` ...) and
    ``url`` links to the original page when there is one. ``text_available``
    is false for MedQuAD entries whose answers were withheld: they still
    feed synonym lookups.
    """

    entry_id: str
    title: str
    alternative_names: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    source: str = "corpus"
    url: str | None = None
    source_name: str | None = None
    text_available: bool = True
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The title followed by every distinct alternative name, then the
        brand names its text lists (:attr:`brand_names`), then the title's
        forms without its brackets (:func:`unbracketed`) and what its last
        brackets hold where its text says that too (:attr:`bracketed_name`)."""
        seen: dict[str, str] = {}
        for name in (
            self.title,
            *self.alternative_names,
            *self.brand_names,
            *unbracketed(self.title),
            *self.bracketed_name,
        ):
            seen.setdefault(name.casefold(), name)
        return tuple(seen.values())

    @property
    def bracketed_name(self) -> tuple[str, ...]:
        """What the title's last brackets hold, where the entry's own text
        says it is the title's thing: "Hematuria (Blood in the Urine)"
        writes "Hematuria is blood in the urine", and `blood in pee` listed
        *Urine and Urination* first; "Bile Duct Cancer (Cholangiocarcinoma)"
        writes "Bile duct cancer is also called cholangiocarcinoma". A drug
        leaflet's brackets say what it treats ("Diclofenac Topical (actinic
        keratosis)"), and its text that it "is used to treat" it.

        >>> said = Section("h_Sec1", "Summary", 1,
        ...                (Paragraph("Hematuria is blood in the urine."),))
        >>> Entry("h", "Hematuria (Blood in the Urine)", (), (said,)).bracketed_name
        ('Blood in the Urine',)
        >>> used = Section("d_Sec1", "Why", 1,
        ...                (Paragraph("Diclofenac topical is used to treat actinic keratosis."),))
        >>> Entry("d", "Diclofenac Topical (actinic keratosis)", (), (used,)).bracketed_name
        ()
        """  # noqa: E501
        last = _LAST_BRACKETED.search(self.title)
        if last is None or _ABBREVIATED.fullmatch(said := last[1].strip()):
            return ()
        bare = self.title[: last.start()].strip()
        if not bare:
            return ()
        saying = re.compile(
            rf"{_loose(bare)}(?:\s*\(|,?\s+(?:is|are)\s+(?:also\s+)?"
            rf"(?:called\s+|known\s+as\s+)?)(?:an?\s+|the\s+)?{_loose(said)}\b",
            re.IGNORECASE,
        )
        return (said,) if any(saying.search(s.text) for s in self.sections) else ()

    @property
    def brand_names(self) -> tuple[str, ...]:
        """The names a drug is sold under, from its "Brand Names" section.

        People ask about the pill in their hand (`ambien`, `lipitor`), and
        MedlinePlus's drug leaflets list those names in a section of their
        own, not among the alternative names: read there, they name the
        entry as any other name does. Only that section: the one of
        combination products names other products. Where the section has a
        list, its items are the names (the text around it is prose).

        >>> leaflet = Section("z_Sec9", "Brand Names", 9,
        ...                   (Paragraph("- Zomig\u00ae  - Zomig-ZMT\u00ae) "),))
        >>> Entry("z", "Zolmitriptan", (), (leaflet,)).brand_names
        ('Zomig', 'Zomig-ZMT')
        >>> listed = Section("i_Sec4", "Brand Names", 4, (Paragraph("Sold as:"),
        ...                  BulletList(("Advil\u00ae", "Motrin IB\u00ae"))))
        >>> Entry("i", "Ibuprofen", (), (listed,)).brand_names
        ('Advil', 'Motrin IB')
        """
        found: list[str] = []
        for section in self.sections:
            if section.name.casefold() != BRAND_NAMES:
                continue
            lists = [b.items for b in section.blocks if isinstance(b, BulletList)]
            if lists:
                found += [n for items in lists for n in _listed_names("\n".join(items))]
            else:
                found += _listed_names(section.text)
        return tuple(dict.fromkeys(found))

    def to_json(self) -> dict:
        """The entry as the JSON object the API returns and stores."""
        return {
            "entry_id": self.entry_id,
            "title": self.title,
            "alternative_names": list(self.alternative_names),
            "source": self.source,
            "source_name": self.source_name,
            "url": self.url,
            "text_available": self.text_available,
            "sections": [
                {
                    "section_id": s.section_id,
                    "name": s.name,
                    "position": s.position,
                    "text": s.text,
                    "blocks": [_block_to_json(b) for b in s.blocks],
                    **({"question": s.question} if s.question else {}),
                }
                for s in self.sections
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> Entry:
        """Rebuild an entry stored by :meth:`to_json`."""
        sections = tuple(
            Section(
                section_id=s["section_id"],
                name=s["name"],
                position=s["position"],
                blocks=tuple(_block_from_json(b) for b in s.get("blocks", [])),
                question=s.get("question"),
            )
            for s in data.get("sections", [])
        )
        return cls(
            entry_id=data["entry_id"],
            title=data["title"],
            alternative_names=tuple(data.get("alternative_names", ())),
            sections=sections,
            source=data.get("source", "corpus"),
            url=data.get("url"),
            source_name=data.get("source_name"),
            text_available=data.get("text_available", True),
        )


def _block_to_json(block: Block) -> dict:
    if isinstance(block, BulletList):
        return {"list": list(block.items)}
    if isinstance(block, Heading):
        return {"heading": block.text}
    return {"paragraph": block.text}


def _block_from_json(data: dict) -> Block:
    """One stored block; indexes written before headings existed have none.

    >>> _block_from_json({"heading": "Causes"}), _block_from_json({"list": ["a"]})
    (Heading(text='Causes'), BulletList(items=('a',)))
    """
    if "list" in data:
        return BulletList(tuple(data["list"]))
    if "heading" in data:
        return Heading(data["heading"])
    return Paragraph(data["paragraph"])


def blocks_to_text(blocks: tuple[Block, ...]) -> str:
    """Render blocks as plain text that :func:`text_to_blocks` reads back."""
    parts = []
    for block in blocks:
        if isinstance(block, BulletList):
            parts.append("\n".join(f"{BULLET} {item}" for item in block.items))
        else:
            parts.append(block.text)
    return "\n\n".join(parts)


def text_to_blocks(text: str) -> tuple[Block, ...]:
    """Split plain text into paragraphs and bullet lists.

    Blank lines end a paragraph; lines starting with ``•``, ``*`` or ``-``
    are list items. Whitespace inside a paragraph is collapsed.

    >>> text_to_blocks("Causes include:\\n- smoking\\n- age\\n\\nSee a doctor.")
    (Paragraph(text='Causes include:'), BulletList(items=('smoking', 'age')), Paragraph(text='See a doctor.'))
    """  # noqa: E501
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []

    def flush_para() -> None:
        if para:
            blocks.append(Paragraph(" ".join(" ".join(para).split())))
            para.clear()

    def flush_items() -> None:
        if items:
            blocks.append(BulletList(tuple(items)))
            items.clear()

    for line in text.splitlines():
        if not line.strip():
            flush_para()
            flush_items()
            continue
        match = _LIST_ITEM.match(line)
        if match and match.group(1).strip():
            flush_para()
            items.append(" ".join(match.group(1).split()))
        elif items and line[:1].isspace():
            # An indented continuation of the previous list item.
            items[-1] = f"{items[-1]} {' '.join(line.split())}"
        else:
            flush_items()
            para.append(line.strip())
    flush_para()
    flush_items()
    return tuple(blocks)
