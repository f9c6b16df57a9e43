"""Find entries under the paths a user names, whatever their format.

A path may be a text-format file, a folder of them, MedQuAD's root, one of
its collections, or one of its XML files. Each entry comes with its origin
(the file) and a digest of the file's bytes, which incremental indexing
compares to skip files that did not change.
"""

from __future__ import annotations

import hashlib
import os
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


class Origins:
    """Each file's origin: its absolute path with links resolved.

    ``Path.resolve`` walks every folder of every path (a dozen ``lstat``
    calls for a MedQuAD file), which was 4.4 s of 15 s for an incremental
    ``medsearch index`` of ten MedQuADs (112,740 files), done twice. Files
    of a corpus share few folders: each folder is resolved once, and a
    file on its own only where it is a link. One object per run, so a
    folder moved meanwhile is not remembered.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = Path(tmp, "a"); folder.mkdir(); (folder / "x.txt").touch()
    ...     Path(tmp, "b").symlink_to(folder); Path(tmp, "y.txt").symlink_to("a/x.txt")
    ...     origins = Origins()
    ...     paths = [Path(tmp, "b", "x.txt"), Path(tmp, "y.txt"), folder / "x.txt"]
    ...     [origins(p) == str(p.resolve()) for p in paths]
    [True, True, True]
    """

    #: Links followed before giving the path to ``os.path.realpath``.
    MAX_LINKS = 40

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: Path) -> str:
        name, folder = path.name, str(path.parent)
        for _ in range(self.MAX_LINKS):
            real = self._folders.get(folder)
            if real is None:
                real = self._folders[folder] = os.path.realpath(folder)
            joined = os.path.join(real, name)
            if not os.path.islink(joined):
                return joined
            target = os.path.join(real, os.readlink(joined))
            folder, name = os.path.dirname(target), os.path.basename(target)
        return os.path.realpath(path)


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


def iter_sourced(
    files: Iterable[Path], origins: Origins | None = None
) -> Iterator[SourcedEntry | ParseError]:
    """Read ``files``; yield each entry, or the error that stopped one file."""
    origins = origins or Origins()
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
        yield SourcedEntry(entry, origins(path), hashlib.sha1(raw).hexdigest())
