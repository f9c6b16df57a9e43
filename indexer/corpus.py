"""Read the encyclopedia text format into :class:`~indexer.model.Entry` objects.

The format (see ``corpus/README``): the first line is the title; each
section heading is a top-level ``•`` bullet; the section's content sits
deeper, as paragraphs and nested ``•`` lists; a heading with no content is
an empty section. The "Alternative Names" section is not kept as a section:
its ``;``-separated names become the entry's alternative names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InvalidEntry, ParseError
from .model import BULLET, Block, BulletList, Entry, Paragraph, Section

ALTERNATIVE_NAMES = "alternative names"
THESAURUS_FILE = "thesaurus.txt"  # synonym groups, not an entry (see names.py)
# Always ``fullmatch``: with ``match``, ``$`` also matches before a final
# newline, and "gout\n" would pass as a second "gout".
ENTRY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
MAX_TITLE = 300
_BULLET_LINE = re.compile(rf"^( *)[{BULLET}*] ?(.*)$")


def entry_id_for(path: Path) -> str:
    """The id of the entry in ``path``: its file name without extension.

    >>> entry_id_for(Path("corpus/Liver Metastases.txt"))
    'liver-metastases'
    """
    slug = re.sub(r"[^a-z0-9_.-]+", "-", path.stem.lower()).strip("-.")
    return slug


def check_entry_id(entry_id: str) -> str:
    """Reject ids that would not survive a URL or a file name.

    :raises InvalidEntry: with the rule the id breaks.
    """
    if not ENTRY_ID.fullmatch(entry_id):
        raise InvalidEntry(
            f"Invalid entry id {entry_id!r}: use 1-128 letters, digits, '_', '-' "
            "or '.', starting with a letter or digit."
        )
    return entry_id


def parse_entry_text(
    text: str,
    entry_id: str,
    *,
    origin: object = "<text>",
    source: str = "corpus",
    as_sent: bool = False,
) -> Entry:
    """Parse one entry in the text format.

    :param origin: what error messages name (usually the file path).
    :param as_sent: keep the entry as written (any title length, repeated
        names) for the write API, which judges every format by the same
        rules (:func:`indexer.submission.check_entry`).
    :raises ParseError: naming ``origin``, the line and the reason.
    """
    check_entry_id(entry_id)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.replace("\t", "    ").rstrip() for line in lines]
    title_no = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title_no is None:
        raise ParseError(origin, "the file is empty; expected a title line", 1)
    title = lines[title_no].strip()
    if _BULLET_LINE.match(lines[title_no]) or lines[title_no][:1].isspace():
        raise ParseError(
            origin,
            "the first line must be the title, not indented or a bullet",
            title_no + 1,
        )
    if len(title) > MAX_TITLE and not as_sent:
        raise ParseError(
            origin, f"the title is over {MAX_TITLE} characters", title_no + 1
        )

    heads: list[tuple[int, str]] = []  # (line index, heading)
    heading_indent: int | None = None
    for i in range(title_no + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        match = _BULLET_LINE.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if heading_indent is None:
            if not match:
                raise ParseError(
                    origin,
                    "text before the first section; a section starts with a "
                    f"'{BULLET} Heading' line",
                    i + 1,
                )
            heading_indent = indent
        if match and indent == heading_indent:
            name = match.group(2).strip()
            if not name:
                raise ParseError(origin, "a section heading has no name", i + 1)
            heads.append((i, name))
        elif indent <= heading_indent:
            raise ParseError(
                origin,
                "section content must be indented deeper than its heading",
                i + 1,
            )
    if not heads:
        raise ParseError(origin, "no sections found after the title", title_no + 1)

    alternative_names: list[str] = []
    sections: list[Section] = []
    for n, (start, name) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        blocks = _parse_blocks(lines[start + 1 : end])
        if name.casefold() == ALTERNATIVE_NAMES:
            alternative_names.extend(_split_names(blocks))
            continue
        position = len(sections) + 1
        sections.append(
            Section(f"{entry_id}_Sec{position}", name, position, tuple(blocks))
        )
    return Entry(
        entry_id=entry_id,
        title=title,
        alternative_names=tuple(
            alternative_names if as_sent else unique_names(alternative_names, title)
        ),
        sections=tuple(sections),
        source=source,
    )


def read_entry_file(path: Path, *, source: str = "corpus") -> Entry:
    """Read one entry file.

    :raises ParseError: naming the file, the line and the reason.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ParseError(path, f"cannot read the file ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError(path, "the file is not valid UTF-8", line) from exc
    return parse_entry_text(text, entry_id_for(path), origin=path, source=source)


def iter_entry_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every ``.txt`` entry file under ``paths`` (files or folders), sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*.txt")
                if p.is_file() and p.name != THESAURUS_FILE
            )
        else:
            yield path


def _parse_blocks(lines: list[str]) -> list[Block]:
    """Turn a section's content lines into paragraphs and lists.

    The shallowest bullet is the section's content marker, so its text is
    prose; deeper bullets are list items.
    """
    content = [line for line in lines if line.strip()]
    if not content:
        return []
    base = min(len(line) - len(line.lstrip(" ")) for line in content)
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Paragraph(" ".join(para)))
            para.clear()
        if items:
            blocks.append(BulletList(tuple(items)))
            items.clear()

    for line in lines:
        if not line.strip():
            flush()
            continue
        indent = len(line) - len(line.lstrip(" "))
        match = _BULLET_LINE.match(line)
        if match and indent > base:
            if para:
                flush()
            items.append(" ".join(match.group(2).split()))
        else:
            if items:
                flush()
            words = match.group(2) if match else line
            para.append(" ".join(words.split()))
    flush()
    return blocks


def _split_names(blocks: list[Block]) -> list[str]:
    names: list[str] = []
    for block in blocks:
        parts = block.items if isinstance(block, BulletList) else (block.text,)
        for part in parts:
            names.extend(name.strip() for name in part.split(";"))
    return [name for name in names if name]


def unique_names(names: Iterable[str], exclude: str) -> list[str]:
    """``names`` without repeats (in any case) or the title itself.

    >>> unique_names(["Podagra", "podagra", "Gout", "Gouty arthritis"], "gout")
    ['Podagra', 'Gouty arthritis']
    """
    seen = {exclude.casefold()}
    out = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out
