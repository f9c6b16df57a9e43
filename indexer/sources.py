"""Find entries under the paths a user names, whatever their format.

A path may be a text-format file, a folder of them, MedQuAD's root, one of
its collections, or one of its XML files. Each entry comes with its origin
(the file) and a digest of the file's bytes, which incremental indexing
compares to skip files that did not change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import medquad
from .corpus import iter_entry_files, read_entry_file
from .errors import ParseError
from .model import Entry

API_ORIGIN = "api"


@dataclass(frozen=True)
class SourcedEntry:
    """An entry with where it came from."""

    entry: Entry
    origin: str
    digest: str


def file_digest(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def text_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def list_files(paths: Iterable[Path]) -> list[Path]:
    """Every entry file under ``paths``, MedQuAD XML and text files alike.

    :raises ParseError: for a path that does not exist.
    """
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise ParseError(path, "no such file or folder")
        if medquad.is_medquad(path):
            files.extend(medquad.iter_medquad_files(path))
        else:
            files.extend(iter_entry_files([path]))
    return files


def read_file(path: Path) -> Entry:
    """Read one entry file of either format.

    :raises ParseError: naming the file and the reason.
    """
    if path.suffix.lower() == ".xml":
        return medquad.read_medquad_file(path)
    return read_entry_file(path)


def iter_sourced(files: Iterable[Path]) -> Iterator[SourcedEntry | ParseError]:
    """Read ``files``; yield each entry, or the error that stopped one file."""
    for path in files:
        try:
            raw = path.read_bytes()
            entry = read_file(path)
        except ParseError as exc:
            yield exc
            continue
        except OSError as exc:
            yield ParseError(path, f"cannot read the file ({exc.strerror})")
            continue
        yield SourcedEntry(entry, str(path.resolve()), hashlib.sha1(raw).hexdigest())
