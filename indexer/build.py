"""Write entries into the index: full builds, rebuilds and incremental updates.

Every write holds the index folder's write lock (see :mod:`indexer.store`),
so two writers never interleave: the second waits, then fails with a clear
message if the first takes too long.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.writing import OPTIMIZE, SegmentWriter

from . import schema as f
from .analysis import indexed_text, weighted
from .entryfiles import entry_files
from .errors import (
    EntryNotFound,
    IndexCorrupt,
    NothingIndexed,
    ParseError,
    WriterBusy,
)
from .filestats import FileStats, file_stat
from .merging import choose_idle, merge_idle, segment_bytes
from .model import Entry
from .names import entry_card, group_card, name_key, read_thesaurus
from .parallel import add_segments, index_shards, restore_errors
from .postings import MIN_DOCS, segment_ids, write_postings_for
from .questions import question_text
from .segments import write_derived_for
from .sources import (
    API_ORIGIN,
    Origins,
    SourcedEntry,
    file_digest,
    iter_sourced,
    list_files,
    text_digest,
)
from .spelling import count_words, save_vocabulary
from .store import DEFAULT_WRITE_TIMEOUT, IndexStore, reading_guard
from .transaction import space_errors, transaction

Progress = Callable[[Iterable[Path]], Iterable[Path]]
_WORD = re.compile(r"\w+")
log = logging.getLogger(__name__)


@dataclass
class IndexReport:
    """What a write did; the CLI prints it and tests assert on it."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[ParseError] = field(default_factory=list)
    entries: int = 0
    sections: int = 0
    names: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    notes: list[str] = field(default_factory=list)
    # Words of what was written, for the spelling vocabulary (not reported).
    words: Counter = field(default_factory=Counter, repr=False)

    def absorb(self, other: IndexReport) -> None:
        """Add another part's counts to this report (parallel builds)."""
        self.added += other.added
        self.skipped += other.skipped
        self.entries += other.entries
        self.sections += other.sections
        self.names += other.names
        self.words.update(other.words)

    def to_json(self) -> dict:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "unchanged": self.unchanged,
            "skipped": [str(e) for e in self.skipped],
            "entries": self.entries,
            "sections": self.sections,
            "names": self.names,
            "seconds": round(self.seconds, 3),
            "rebuilt": self.rebuilt,
            "notes": self.notes,
        }


def entry_documents(entry: Entry, origin: str, digest: str) -> Iterator[dict]:
    """The Whoosh documents for one entry: its entry document, then sections.

    Empty sections are kept in the entry document (the page shows them) but
    get no section document: there is nothing in them to find.
    """
    yield entry_document(entry, origin, digest)
    yield from section_documents(entry)


def entry_document(entry: Entry, origin: str, digest: str) -> dict:
    """The one document that holds the whole entry, its names and origin."""
    names = entry.names
    return {
        f.KEY: f"entry:{entry.entry_id}",
        f.KIND: f.ENTRY_KIND,
        f.ENTRY_ID: entry.entry_id,
        f.NAME_COUNT: len(names),
        f.NAME_KEY: ",".join(sorted({name_key(n) for n in names} - {""})),
        f.NAME_CARD: entry_card(
            entry.entry_id,
            entry.title,
            names,
            entry.source,
            sum(1 for s in entry.sections if not s.is_empty),
            " ".join(s.text for s in entry.sections),
        ).encode(),
        f.SOURCE: entry.source,
        f.ENTRY_JSON: json.dumps(entry.to_json(), ensure_ascii=False),
        f.ORIGIN: origin,
        f.DIGEST: digest,
    }


def section_documents(entry: Entry) -> Iterator[dict]:
    """One document per non-empty section, the unit search ranks.

    The title and the alternative names are indexed again in each of them
    (ranking weighs a name match per section, with that section's lengths),
    so an entry's indexed size grows with names times sections; the write
    API bounds it with :func:`indexed_chars`. The names are not stored here
    too: nothing reads them back from a section (the ``synonyms`` field is
    left empty, and stays in the schema so older indexes still open).
    """
    # Gaps between the names keep a phrase from running across two of them.
    names = (*entry.alternative_names, *entry.brand_names)
    alternative = weighted((name, 1.0) for name in names)
    for section in entry.sections:
        if section.is_empty:
            continue
        body = section.text
        yield {
            f.KEY: f"section:{section.section_id}",
            f.KIND: f.SECTION_KIND,
            f.ENTRY_ID: entry.entry_id,
            f.SECTION_ID: section.section_id,
            f.TITLE: entry.title,
            f.NAMES: alternative,
            f.SECTION: section.name,
            f.QUESTION: question_text(section.name, entry.title, section.question),
            f.SECTION_KEY: f.section_key(section.name),
            f.BODY: body,
            f.POSITION: section.position,
            f.SOURCE: entry.source,
        }


def indexed_chars(entry: Entry) -> int:
    """Characters the analyzer reads to index ``entry``, document by document.

    This, not the size of the submitted body, is what a write costs: 200
    names of 300 characters in each of 200 sections are 12 million.

    >>> from .model import Paragraph, Section
    >>> one = Section("x_Sec1", "Causes", 1, (Paragraph("Too much salt."),))
    >>> entry = Entry("x", "Gout", ("Podagra",), (one, one))
    >>> indexed_chars(entry) == 2 * indexed_chars(Entry("x", "Gout", ("Podagra",), (one,)))
    True
    """  # noqa: E501
    return sum(
        len(doc[field]) for doc in section_documents(entry) for field in f.SEARCHED
    )


def distinct_words(entry: Entry) -> int:
    """Different words (runs of letters and digits, in any case) in ``entry``.

    The other half of what a write costs: Whoosh writes each distinct term
    of a segment on its own, about 0.2 ms each here, so 1 MiB of words that
    are all different (116,000 of them) took 26 s to commit, while 1 MiB of
    ordinary text takes 1 s. It is close to the number of terms indexed
    (stemming merges a few, compounds add their parts).

    >>> from .model import Paragraph, Section
    >>> one = Section("x_Sec1", "Causes", 1, (Paragraph("Gout, gout: uric acid."),))
    >>> distinct_words(Entry("x", "Gout", ("Podagra",), (one,)))
    5
    """
    texts = [entry.title, *entry.alternative_names]
    texts += [part for s in entry.sections for part in (s.name, s.text)]
    return len({word for text in texts for word in _WORD.findall(text.lower())})


def _index_in_parallel(
    generation: Path,
    paths: list[Path],
    procs: int,
    progress: Progress | None,
    report: IndexReport,
) -> list:
    """Index the files under ``paths`` in worker processes (see parallel.py)."""
    try:
        files = list_files(paths)
    except ParseError as exc:
        report.skipped.append(exc)
        return []
    segments, reports = index_shards(generation, files, procs, progress)
    for part in reports:
        restore_errors(part)
        report.absorb(part)
    return segments


def _write_thesaurus(writer, path: Path | None, searcher) -> bool:
    """Index the curated synonym groups, replacing older ones if changed.

    :returns: whether anything was written.
    """
    if path is None:
        return False
    digest = file_digest(path)
    if searcher is not None:
        old = searcher.document(kind=f.THESAURUS_KIND)
        if old is not None and old.get(f.DIGEST) == digest:
            return False
        writer.delete_by_term(f.KIND, f.THESAURUS_KIND)
    for n, group in enumerate(read_thesaurus(path)):
        writer.add_document(
            **{
                f.KEY: f"thesaurus:{n}",
                f.KIND: f.THESAURUS_KIND,
                f.NAME_KEY: ",".join(sorted({name_key(x) for x in group} - {""})),
                f.NAME_CARD: group_card(group).encode(),
                f.DIGEST: digest,
            }
        )
    return True


def _count(report: IndexReport, entry: Entry) -> None:
    report.entries += 1
    report.sections += sum(1 for s in entry.sections if not s.is_empty)
    report.names += len(entry.names)


def _scan(
    paths: Iterable[Path],
    progress: Progress | None,
    report: IndexReport,
    origins: Origins | None = None,
) -> Iterator[SourcedEntry]:
    try:
        files = list_files(paths)
    except ParseError as exc:
        report.skipped.append(exc)
        return
    seen: dict[str, str] = {}
    for item in iter_sourced(progress(files) if progress else files, origins):
        if isinstance(item, ParseError):
            report.skipped.append(item)
            continue
        entry_id = item.entry.entry_id
        if entry_id in seen:
            report.skipped.append(
                ParseError(
                    item.origin, f"entry id {entry_id!r} also in {seen[entry_id]}"
                )
            )
            continue
        seen[entry_id] = item.origin
        yield item


def stored_entries(searcher) -> Iterator[dict]:
    """Stored fields of every live entry document."""
    for docnum in searcher.document_numbers(kind=f.ENTRY_KIND):
        yield searcher.stored_fields(docnum)


def overridden_files(searcher) -> dict[str, tuple[str, str]]:
    """Each file whose entry a write through the API replaced or removed:
    its origin -> (entry id, the file's digest when it was last read)."""
    found = {}
    for docnum in searcher.document_numbers(kind=f.OVERRIDDEN_KIND):
        doc = searcher.stored_fields(docnum)
        entry_id = doc[f.KEY].removeprefix(_record_key(""))
        found[doc[f.ORIGIN]] = (entry_id, doc[f.DIGEST])
    return found


def _record_key(entry_id: str) -> str:
    """The key of the record an API write over ``entry_id`` leaves."""
    return f"overridden:{entry_id}"


def overridden_document(entry_id: str, origin: str, digest: str) -> dict:
    """The record of a file whose entry a write through the API replaced or
    removed. Incremental runs and rebuilds leave that write alone until the
    file's bytes change: without it, `medsearch index corpus/`, run to add
    new files, put back the file's version of every entry edited or
    deleted through the API."""
    return {
        f.KEY: _record_key(entry_id),
        f.KIND: f.OVERRIDDEN_KIND,
        f.ORIGIN: origin,
        f.DIGEST: digest,
    }


def _keep_file_record(writer: SegmentWriter, searcher, entry_id: str) -> None:
    """Before a write through the API replaces or removes an entry read from
    a file, record that file as last read (see :func:`overridden_document`)."""
    old = searcher.document(key=f"entry:{entry_id}")
    if old and old.get(f.ORIGIN, API_ORIGIN) != API_ORIGIN:
        writer.update_document(
            **overridden_document(entry_id, old[f.ORIGIN], old[f.DIGEST])
        )


def rebuild(
    store: IndexStore,
    paths: Iterable[Path],
    *,
    progress: Progress | None = None,
    keep_others: bool = True,
    timeout: float = DEFAULT_WRITE_TIMEOUT,
    procs: int = 1,
    thesaurus: Path | None = None,
) -> IndexReport:
    """Build a fresh generation from ``paths`` and switch to it atomically.

    Entries that did not come from under ``paths`` (written through the
    API, or added from files elsewhere) are carried over as stored, unless
    ``keep_others`` is false: a rebuild never loses another writer's
    update. Searches keep answering from the old generation until the switch.
    """
    paths = [Path(p) for p in paths]
    roots = [str(p.resolve()) for p in paths]
    started, began = time.perf_counter(), time.time_ns()
    report = IndexReport(rebuilt=True)
    with store.write_lock(timeout), space_errors(store.root):
        first = not store.exists()
        carried: list[SourcedEntry] = []
        overridden: dict[str, tuple[str, str]] = {}
        if keep_others and not first:
            try:
                carried, overridden = _entries_outside(store, roots)
            except IndexCorrupt as exc:
                # The rebuild is how a broken index gets repaired.
                report.notes.append(
                    f"The old index could not be read ({exc.reason}); entries "
                    "that came from elsewhere than these paths are not carried over."
                )
        if overridden:
            paths, overridden = _still_overridden(paths, roots, overridden, report)
        # A rebuild that fails (a full disk, Ctrl-C) deletes its generation.
        with store.building() as (name, ix), transaction(ix, timeout) as writer:
            _write_thesaurus(writer, thesaurus, None)
            for origin, (entry_id, digest) in overridden.items():
                writer.add_document(**overridden_document(entry_id, origin, digest))
            segments = []
            if procs > 1:
                segments = _index_in_parallel(
                    store.root / name, paths, procs, progress, report
                )
                ids = set(report.added)
            else:
                ids = set()
                for item in _scan(paths, progress, report):
                    ids.add(item.entry.entry_id)
                    _add(writer, item, report)
            for item in carried:
                if item.entry.entry_id not in ids:
                    _add(writer, item, report)
            report.added = sorted(ids)
            if report.skipped and not ids:
                # Files given, none read: a first build would serve an empty
                # index, a rebuild drop those files' entries. The generation
                # is deleted; what served before serves on.
                raise NothingIndexed(report, existing=not first)
            writer.commit(mergetype=add_segments(segments))
            write_derived_for(ix)
            write_postings_for(ix)
            save_vocabulary(store.root / name, report.words, merge=False)
            _keep_file_stats(ix, began)
            store.switch_to(name)
    report.seconds = time.perf_counter() - started
    return report


def _keep_file_stats(ix, began: int) -> None:
    """Keep the stats of the files a rebuild read (see :mod:`.filestats`):
    the first incremental run after it then hashes only what changed."""
    folder = Path(ix.storage.folder)
    stats = FileStats(folder, began)
    with ix.searcher() as searcher:
        stats.read_all(entry_files(searcher, folder))
    stats.save()


def _entries_outside(
    store: IndexStore, roots: list[str]
) -> tuple[list[SourcedEntry], dict[str, tuple[str, str]]]:
    """The entries that did not come from under ``roots``, and the files
    whose entries a write through the API replaced or removed."""
    _, old = store.open(any_layout=True)
    with reading_guard(store.root), old.searcher() as searcher:
        carried = [
            SourcedEntry(
                Entry.from_json(json.loads(doc[f.ENTRY_JSON])),
                doc[f.ORIGIN],
                doc[f.DIGEST],
            )
            for doc in stored_entries(searcher)
            if not _under(doc[f.ORIGIN], roots)
        ]
        return carried, overridden_files(searcher)


def _still_overridden(
    paths: list[Path],
    roots: list[str],
    overridden: dict[str, tuple[str, str]],
    report: IndexReport,
) -> tuple[list[Path], dict[str, tuple[str, str]]]:
    """The files to read, less those whose entry a write through the API
    replaced or removed after they were last read; and the records that
    still stand (one of a file gone or changed is dropped: the file wins)."""
    try:
        listed = list_files(paths)
    except ParseError as exc:
        report.skipped.append(exc)
        return [], {}
    origins = Origins()
    files = []
    standing = {o: r for o, r in overridden.items() if not _under(o, roots)}
    kept = 0
    for path in listed:
        origin = origins(path)
        record = overridden.get(origin)
        if record and record[1] == file_digest(path):
            standing[origin] = record
            kept += 1
        else:
            files.append(path)
    if kept:
        report.notes.append(
            f"{kept} unchanged file(s) not reread: their entries were replaced "
            "or removed through the API since; change a file to read it again."
        )
    return files, standing


def _under(origin: str, roots: list[str]) -> bool:
    return any(origin == r or origin.startswith(r.rstrip("/") + "/") for r in roots)


def _add(writer: SegmentWriter, item: SourcedEntry, report: IndexReport) -> None:
    for doc in entry_documents(item.entry, item.origin, item.digest):
        writer.add_document(**doc)
    _count(report, item.entry)
    entry = item.entry
    # The words the index holds: a respelling's syllables ("shun") are no
    # words a misspelling should be corrected to.
    texts = (indexed_text(s.text) for s in entry.sections)
    count_words([*entry.names, *texts], report.words)


def sync(
    store: IndexStore,
    paths: Iterable[Path],
    *,
    progress: Progress | None = None,
    timeout: float = DEFAULT_WRITE_TIMEOUT,
    thesaurus: Path | None = None,
    procs: int = 1,
) -> IndexReport:
    """Bring the index in line with the files under ``paths``.

    With no index yet this is a full build. Otherwise only files whose
    content changed are reread into the index, entries whose file vanished
    from under ``paths`` are removed, and the rest is left alone.
    """
    paths = [Path(p) for p in paths]
    if not store.exists():
        return rebuild(
            store,
            paths,
            progress=progress,
            timeout=timeout,
            thesaurus=thesaurus,
            procs=procs,
        )
    started = time.perf_counter()
    report = IndexReport()
    roots = [str(p.resolve()) for p in paths]
    with store.write_lock(timeout), space_errors(store.root):
        _, ix = store.open()
        with reading_guard(store.root), ix.searcher() as searcher:
            known = entry_files(searcher, Path(ix.storage.folder))
            overridden = overridden_files(searcher)
        # Only reread a file whose bytes changed: hash first (unless its
        # stat is as when its digest was taken), parse later.
        stats = FileStats(Path(ix.storage.folder))
        files, stat_of = [], {}
        try:
            listed = list_files(paths)
        except ParseError as exc:
            report.skipped.append(exc)
            listed = []
        origins = Origins()
        present = set()
        for path in listed:
            origin = origins(path)
            present.add(origin)
            stat = file_stat(path)  # before its bytes are read
            old = known.get(origin) or overridden.get(origin)
            if old and old[1] == stats.digest(origin, path, stat):
                # Or read before a write through the API that still stands.
                report.unchanged += 1
            else:
                files.append(path)
                stat_of[origin] = stat
        before = segment_ids(ix)
        with transaction(ix, timeout) as writer:
            with ix.searcher() as searcher:
                changed = _write_thesaurus(writer, thesaurus, searcher)
            for item in _scan(files, progress, report, origins):
                stats.read(item.origin, stat_of.get(item.origin), item.digest)
                if item.origin in overridden:
                    # The file changed after the API's write: the file wins.
                    entry_id, _ = overridden.pop(item.origin)
                    writer.delete_by_term(f.KEY, _record_key(entry_id))
                    known.setdefault(item.origin, (entry_id, ""))
                old = known.get(item.origin)
                if old and old[0] != item.entry.entry_id:
                    _delete_entry(writer, old[0])
                _delete_entry(writer, item.entry.entry_id)
                _add(writer, item, report)
                (report.changed if old else report.added).append(item.entry.entry_id)
            for origin, (entry_id, _) in known.items():
                if _under(origin, roots) and origin not in present:
                    _delete_entry(writer, entry_id)
                    report.removed.append(entry_id)
            for origin, (entry_id, _) in overridden.items():
                if _under(origin, roots) and origin not in present:
                    # The file is gone; what the API wrote stays.
                    writer.delete_by_term(f.KEY, _record_key(entry_id))
                    changed = True
            wrote = changed or report.added or report.changed or report.removed
            if wrote:
                writer.commit()
                write_derived_for(ix)
                write_postings_for(ix, keep=before)
            else:
                writer.cancel()  # nothing to write: no empty commit
        stats.save()
        if wrote:
            _merge_vocabulary(store, report)
    report.seconds = time.perf_counter() - started
    return report


def _merge_vocabulary(store: IndexStore, report: IndexReport) -> None:
    """Add the written words to the spelling vocabulary, if the disk allows.

    This runs after the commit: the write is saved whatever happens here,
    so a failure (a full disk) is noted, not raised; until the next write
    that fits, only the spelling suggestions miss the new words. Words of
    removed entries stay: a stale word only costs a suggestion.
    """
    name = store.current_name()
    if not (name and report.words):
        return
    try:
        save_vocabulary(store.root / name, report.words, merge=True)
    except OSError as exc:
        note = f"The spelling vocabulary was not updated ({exc.strerror or exc})."
        report.notes.append(note)
        log.warning("%s: %s", store.root, note)


def _delete_entry(writer: SegmentWriter, entry_id: str) -> int:
    return writer.delete_by_term(f.ENTRY_ID, entry_id)


def upsert_entries(
    store: IndexStore,
    items: Iterable[SourcedEntry],
    *,
    timeout: float = DEFAULT_WRITE_TIMEOUT,
) -> IndexReport:
    """Add or replace entries by id in the serving generation."""
    started = time.perf_counter()
    report = IndexReport()
    with store.write_lock(timeout), space_errors(store.root):
        _, ix = store.open()
        before = segment_ids(ix)
        with transaction(ix, timeout) as writer, writer.searcher() as searcher:
            for item in items:
                if item.origin == API_ORIGIN:
                    _keep_file_record(writer, searcher, item.entry.entry_id)
                else:  # read from a file again (`medsearch add`): no record
                    writer.delete_by_term(f.KEY, _record_key(item.entry.entry_id))
                existed = _delete_entry(writer, item.entry.entry_id)
                _add(writer, item, report)
                bucket = report.changed if existed else report.added
                bucket.append(item.entry.entry_id)
            writer.commit()
            write_derived_for(ix)
            write_postings_for(ix, keep=before)
        _merge_vocabulary(store, report)
    report.seconds = time.perf_counter() - started
    return report


def remove_entries(
    store: IndexStore,
    entry_ids: Iterable[str],
    *,
    timeout: float = DEFAULT_WRITE_TIMEOUT,
) -> IndexReport:
    """Remove entries by id.

    :raises EntryNotFound: for the first id that is not indexed; nothing
        is removed then.
    """
    entry_ids = list(entry_ids)
    started = time.perf_counter()
    report = IndexReport()
    with store.write_lock(timeout), space_errors(store.root):
        _, ix = store.open()
        with reading_guard(store.root), ix.searcher() as searcher:
            for entry_id in entry_ids:
                if searcher.document_number(key=f"entry:{entry_id}") is None:
                    raise EntryNotFound(entry_id)
        before = segment_ids(ix)
        with transaction(ix, timeout) as writer, writer.searcher() as searcher:
            for entry_id in entry_ids:
                _keep_file_record(writer, searcher, entry_id)
                _delete_entry(writer, entry_id)
                report.removed.append(entry_id)
            writer.commit()
            write_derived_for(ix)
            write_postings_for(ix, keep=before)
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class OptimizeReport:
    """What ``medsearch optimize`` did."""

    segments_before: int
    segments_after: int
    deleted_purged: int
    seconds: float

    def to_json(self) -> dict:
        return {
            "segments_before": self.segments_before,
            "segments_after": self.segments_after,
            "deleted_purged": self.deleted_purged,
            "seconds": round(self.seconds, 3),
        }


def optimize(
    store: IndexStore, *, timeout: float = DEFAULT_WRITE_TIMEOUT
) -> OptimizeReport:
    """Merge every segment of the serving generation into one.

    Commits leave big segments alone (see :mod:`indexer.merging`), so
    segments and deleted documents gather as entries change; this is the
    big merge, run when it suits. Searches keep answering meanwhile: the
    old segments stay readable until the merged one is committed.
    """
    started = time.perf_counter()
    with store.write_lock(timeout), space_errors(store.root):
        _, ix = store.open()
        segments = ix._segments()
        before = len(segments)
        deleted = sum(s.deleted_count() for s in segments)
        if before > 1 or deleted:
            with transaction(ix, timeout) as writer:
                writer.commit(mergetype=OPTIMIZE)
        # Also for an index written before these files, or before they held
        # the autocomplete rows.
        write_derived_for(ix, upgrade=True)
        write_postings_for(ix)
        after = len(store.open()[1]._segments())
    return OptimizeReport(before, after, deleted, time.perf_counter() - started)


def merge_waiting(store: IndexStore) -> int:
    """One merge of the segments writes left (:func:`~indexer.merging.choose_idle`),
    if the write lock is free now.

    For the pauses between writes (:mod:`indexer.idle`): a write that
    comes meanwhile waits for this one merge (bounded in bytes), and
    searches answer from the old segments until it commits.

    :returns: how many segments it merged (0: none waiting, or the lock
        was held).
    """
    try:
        with store.write_lock(0.0), space_errors(store.root):
            _, ix = store.open()
            segments = ix._segments()
            sizes = [segment_bytes(ix.storage, s) for s in segments]
            merged = len(choose_idle(sizes))
            if not merged:
                return 0
            before = segment_ids(ix)
            with transaction(ix, DEFAULT_WRITE_TIMEOUT) as writer:
                writer.commit(mergetype=merge_idle)
            write_derived_for(ix, min_docs=MIN_DOCS)
            write_postings_for(ix, keep=before)
            return merged
    except WriterBusy:
        return 0


def build_index(
    entries: Iterable[Entry],
    index_dir: Path | str,
    *,
    origin: str = API_ORIGIN,
    thesaurus: Path | None = None,
) -> IndexReport:
    """Build a fresh index from in-memory entries (tests, the API, imports)."""
    store = IndexStore(index_dir)
    report = IndexReport(rebuilt=True)
    with (
        store.write_lock(),
        space_errors(store.root),
        store.building() as (name, ix),
        transaction(ix, DEFAULT_WRITE_TIMEOUT) as writer,
    ):
        _write_thesaurus(writer, thesaurus, None)
        for entry in entries:
            digest = text_digest(json.dumps(entry.to_json(), sort_keys=True))
            _add(writer, SourcedEntry(entry, origin, digest), report)
            report.added.append(entry.entry_id)
        writer.commit()
        write_derived_for(ix)
        write_postings_for(ix)
        save_vocabulary(store.root / name, report.words, merge=False)
        store.switch_to(name)
    return report
