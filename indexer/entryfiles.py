"""The file each entry of a segment was read from, and that file's digest,
kept beside the segment.

An incremental ``medsearch index`` compares every file under its paths with
what the index read from it last. Whoosh keeps that in each entry
document's stored fields, beside the whole entry as JSON, and reading two
short strings decompressed the lot: 2.4 s of a 5.6 s run over ten
MedQuADs in which nothing had changed (the listing, the origins and the
digests of 112,740 files were the rest). So the writer that derives a
large segment's data (:func:`indexer.segments.write_derived`) also writes
its entries' origins and digests, as ``<segment id>.files``; the name
matches Whoosh's segment files, so Whoosh deletes it with its segment
after a merge. A segment without one (a small one, or one written before
these files) is read from its stored fields, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from . import schema as f
from .arrayfile import read_arrays, write_arrays

FILES = ".files"


def files_path(reader, folder: Path) -> Path | None:
    """Where the entry files of ``reader``'s segment are (in ``folder``)."""
    segment = reader.segment()
    if segment is None:
        return None
    return Path(folder) / f"{segment.segment_id()}{FILES}"


def write_entry_files(reader, folder: Path) -> None:
    """Write the origins and digests of a segment's entries beside it,
    atomically; deleted entries too (a reader leaves them out)."""
    path = files_path(reader, folder)
    if path is None:
        return
    docs = _entry_docs(reader)
    stored = [reader.stored_fields(int(doc)) for doc in docs]
    write_arrays(
        path,
        {"docs": docs},
        {
            "doc_count": reader.doc_count_all(),
            "entry_ids": [s[f.ENTRY_ID] for s in stored],
            "origins": [s[f.ORIGIN] for s in stored],
            "digests": [s[f.DIGEST] for s in stored],
        },
    )


def entry_files(searcher, folder: Path) -> dict[str, tuple[str, str]]:
    """Each live entry's origin -> (entry id, the digest of its file when
    it was read), from every segment of ``searcher``'s index (in
    ``folder``)."""
    found: dict[str, tuple[str, str]] = {}
    for reader, _ in searcher.reader().leaf_readers():
        for entry_id, origin, digest in _segment_entries(reader, folder):
            found[origin] = (entry_id, digest)
    return found


def _segment_entries(reader, folder: Path) -> Iterator[tuple[str, str, str]]:
    """(entry id, origin, digest) of a segment's live entries, in order."""
    path = files_path(reader, folder)
    written = _read(path, reader.doc_count_all()) if path is not None else None
    if written is None:
        for doc in _entry_docs(reader):
            if not reader.is_deleted(int(doc)):
                s = reader.stored_fields(int(doc))
                yield s[f.ENTRY_ID], s[f.ORIGIN], s[f.DIGEST]
        return
    header, docs = written
    rows = zip(header["entry_ids"], header["origins"], header["digests"], strict=True)
    for doc, row in zip(docs, rows, strict=True):
        if not reader.is_deleted(doc):
            yield row


def _read(path: Path, doc_count: int) -> tuple[dict, list[int]] | None:
    """A segment's entry files, or None where there is no usable file."""
    if not path.is_file():
        return None
    try:
        header, arrays = read_arrays(path)
        if header.get("doc_count") != doc_count:
            return None
        docs = arrays["docs"].tolist()  # a copy: the file is unmapped
        if len(docs) != len(header["origins"]):
            return None
        return header, docs
    except (OSError, ValueError, KeyError):
        return None  # damaged: the stored fields say the same


def _entry_docs(reader) -> np.ndarray:
    """The segment's entry documents, deleted ones too, in order."""
    if (f.KIND, f.ENTRY_KIND) not in reader:
        return np.zeros(0, np.int64)
    matcher = reader.postings(f.KIND, f.ENTRY_KIND)
    return np.fromiter(matcher.all_ids(), np.int64)
