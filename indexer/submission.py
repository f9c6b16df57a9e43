"""Entries submitted by other systems (the write API): JSON or the text format.

Validation happens here, before anything touches the index, so a bad
submission is refused whole and nothing already indexed is lost. Each
format is read into an :class:`~indexer.model.Entry` as sent, and then one
function, :func:`check_entry`, applies every limit to it, so a text-format
body cannot do what a JSON body may not (it once could: 1,000 names in
1,000 sections took a worker 102 s and the index 490 MB).
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from .build import distinct_words, indexed_chars
from .corpus import MAX_TITLE, check_entry_id, parse_entry_text, unique_names
from .errors import EntryTooLarge, InvalidEntry, ParseError
from .model import Entry, Section, text_to_blocks
from .sources import API_ORIGIN, SourcedEntry, text_digest

MAX_NAMES = 200
MAX_SECTIONS = 200
MAX_NAME_CHARS = 300
# What one write may cost, in characters the analyzer reads (title, names,
# section name, question and text of each section document): a 1 MiB body
# in one section fits, 200 names of 300 characters repeated into 200
# sections (11.7 million; such a body once took 102 s and 490 MB) do not.
# MedQuAD's largest entry indexes 57,056. bench/big_writes.py times both.
MAX_INDEXED_CHARS = 1_200_000
# And in different words, each a term Whoosh writes on its own: 1 MiB of
# words that are all different took 26 s, 1 MiB of ordinary text 1 to 4 s.
# MedQuAD's most varied entry has 1,346.
MAX_DISTINCT_WORDS = 10_000

# A lone UTF-16 surrogate (JSON's "\udfff") cannot be written as UTF-8, so
# no page or answer holding it could be sent; control characters other
# than tab, newline and carriage return are never text.
_NOT_TEXT = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(field: str, value: str) -> str:
    """Refuse text no page could show.

    :raises InvalidEntry: naming the field and the character.
    """
    bad = _NOT_TEXT.search(value)
    if bad:
        char = ord(bad.group())
        kind = "a lone surrogate" if 0xD800 <= char <= 0xDFFF else "a control character"
        line = value.count("\n", 0, bad.start()) + 1
        where = f"on line {line}" if "\n" in value else f"at {bad.start() + 1}"
        raise InvalidEntry(
            f"{field} holds {kind} (U+{char:04X}) {where}; send text only "
            "(tab and newline are allowed)."
        )
    return value


def check_entry(entry: Entry) -> Entry:
    """Apply every limit of the write API to an entry, whatever its format.

    :returns: the entry with its names stripped and without repeats.
    :raises InvalidEntry: naming the first field that breaks a limit, or
        :class:`EntryTooLarge` if indexing it would cost too much.
    """
    title = entry.title.strip()
    if len(title) > MAX_TITLE:
        raise InvalidEntry(f"'title' must be at most {MAX_TITLE} characters.")
    check_text("'title'", title)
    names = [name.strip() for name in entry.alternative_names]
    if len(names) > MAX_NAMES:
        raise InvalidEntry(f"At most {MAX_NAMES} alternative names are allowed.")
    if any(len(name) > MAX_NAME_CHARS for name in names):
        raise InvalidEntry(
            f"Each alternative name must be at most {MAX_NAME_CHARS} characters."
        )
    for i, name in enumerate(names):
        check_text(f"alternative_names[{i}]", name)
    if len(entry.sections) > MAX_SECTIONS:
        raise InvalidEntry(f"At most {MAX_SECTIONS} sections are allowed.")
    for i, section in enumerate(entry.sections):
        if len(section.name) > MAX_NAME_CHARS:
            raise InvalidEntry(
                f"sections[{i}].name is too long: at most {MAX_NAME_CHARS} characters."
            )
        check_text(f"sections[{i}].name", section.name)
        check_text(f"sections[{i}].text", section.text)
    checked = dataclasses.replace(
        entry,
        title=title,
        alternative_names=tuple(unique_names(filter(None, names), title)),
    )
    size = indexed_chars(checked)
    if size > MAX_INDEXED_CHARS:
        sections = sum(1 for s in checked.sections if not s.is_empty)
        raise EntryTooLarge(
            f"The entry would index {size:,} characters, over the limit of "
            f"{MAX_INDEXED_CHARS:,}: its title and {len(checked.alternative_names)} "
            f"alternative names are indexed again with each of its {sections} "
            "sections. Send fewer or shorter names, or fewer sections."
        )
    words = distinct_words(checked)
    if words > MAX_DISTINCT_WORDS:
        raise EntryTooLarge(
            f"The entry has {words:,} different words, over the limit of "
            f"{MAX_DISTINCT_WORDS:,}: each is a term the index writes on its own. "
            "Split it into several entries."
        )
    return checked


def entry_from_json(entry_id: str, data: Any) -> Entry:
    """Build an entry from ``{"title", "alternative_names", "sections"}``.

    :raises InvalidEntry: naming the first field that is wrong.
    """
    check_entry_id(entry_id)
    if not isinstance(data, dict):
        raise InvalidEntry("The body must be a JSON object with a 'title'.")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InvalidEntry("'title' must be a non-empty string.")
    check_text("'title'", title)
    names = data.get("alternative_names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InvalidEntry("'alternative_names' must be a list of strings.")
    raw_sections = data.get("sections", [])
    if not isinstance(raw_sections, list):
        raise InvalidEntry('\'sections\' must be a list of {"name", "text"} objects.')
    sections = []
    for n, raw in enumerate(raw_sections, 1):
        if not isinstance(raw, dict):
            raise InvalidEntry(f"sections[{n - 1}] must be an object.")
        name, text = raw.get("name"), raw.get("text", "")
        if not isinstance(name, str) or not name.strip():
            raise InvalidEntry(f"sections[{n - 1}].name must be a non-empty string.")
        if not isinstance(text, str):
            raise InvalidEntry(f"sections[{n - 1}].text must be a string.")
        # Raw text, as the text format checks its raw body: building the
        # blocks would read some control characters as spaces.
        check_text(f"sections[{n - 1}].text", text)
        sections.append(
            Section(f"{entry_id}_Sec{n}", name.strip(), n, text_to_blocks(text))
        )
    return check_entry(
        Entry(
            entry_id=entry_id,
            title=title,
            alternative_names=tuple(names),
            sections=tuple(sections),
            source=API_ORIGIN,
        )
    )


def read_submission(entry_id: str, body: bytes, content_type: str) -> SourcedEntry:
    """Read a submitted body as JSON or, for ``text/plain``, the text format.

    :raises InvalidEntry: or :class:`ParseError`, saying what is wrong.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEntry("The body must be UTF-8.") from exc
    if content_type.startswith("application/json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidEntry(f"The body is not valid JSON ({exc.msg}).") from exc
        except ValueError as exc:  # an integer of over 4300 digits
            raise InvalidEntry(
                "The body is not valid JSON (a number is too long)."
            ) from exc
        except RecursionError as exc:
            raise InvalidEntry(
                "The body is not valid JSON (it is nested too deeply)."
            ) from exc
        entry = entry_from_json(entry_id, data)
    elif content_type.startswith("text/plain"):
        check_text("The body", text)
        entry = check_entry(
            parse_entry_text(
                text, entry_id, origin="body", source=API_ORIGIN, as_sent=True
            )
        )
    else:
        raise InvalidEntry(
            "Send the entry as application/json or as text/plain in the text format."
        )
    digest = text_digest(json.dumps(entry.to_json(), sort_keys=True))
    return SourcedEntry(entry, API_ORIGIN, digest)


__all__ = ["ParseError", "check_entry", "entry_from_json", "read_submission"]
