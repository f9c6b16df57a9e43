"""Errors raised by the indexer; the CLI and the web layer map them to output."""

from __future__ import annotations


class IndexerError(Exception):
    """Base class: every error the indexer raises on purpose."""


class IndexNotFound(IndexerError):
    """No index has been built in the index folder yet."""

    def __init__(self, index_dir: object) -> None:
        super().__init__(
            f"No search index in {index_dir}. Build it with: "
            f"medsearch index --index-dir {index_dir}"
        )
        self.index_dir = index_dir


class IndexCorrupt(IndexerError):
    """The index exists but cannot be opened."""

    def __init__(self, index_dir: object, reason: str) -> None:
        super().__init__(
            f"The search index in {index_dir} cannot be opened ({reason}). "
            f"Rebuild it with: medsearch index --rebuild --index-dir {index_dir}"
            " [PATH ...], PATH being the files it was built from (default"
            " corpus/); entries written through the API are carried over."
        )
        self.index_dir = index_dir
        self.reason = reason


class ParseError(IndexerError):
    """An entry file or body could not be read; names where and why."""

    def __init__(self, source: object, reason: str, line: int | None = None) -> None:
        where = f"{source}" if line is None else f"{source}:{line}"
        super().__init__(f"{where}: {reason}")
        self.source = source
        self.line = line
        self.reason = reason


class InvalidEntry(IndexerError):
    """An entry submitted for indexing breaks a rule (missing title, bad id...)."""


class UnknownFilter(IndexerError):
    """A ``section=`` or ``source=`` value that no section of the index has.

    An empty page would look like "nothing matched"; naming the values the
    index knows says what to ask for instead.
    """

    def __init__(self, facet: str, values: list[str], known: list[str]) -> None:
        given = ", ".join(repr(v) for v in values)
        super().__init__(
            f"No {facet} {given} in this index. Known {facet}s: {', '.join(known)}."
        )
        self.facet = facet
        self.values = values
        self.known = known


class EntryNotFound(IndexerError):
    """No entry with the requested id."""

    def __init__(self, entry_id: str) -> None:
        super().__init__(f"No entry with id {entry_id!r}.")
        self.entry_id = entry_id


class WriterBusy(IndexerError):
    """Another process holds the index's write lock for longer than we wait."""

    def __init__(self, index_dir: object, waited: float) -> None:
        super().__init__(
            f"Another writer is updating the index in {index_dir}; gave up after "
            f"waiting {waited:.0f} s. Try again when it has finished."
        )


class EntryTooLarge(InvalidEntry):
    """A submitted entry would cost more to index than one write may."""


class DiskFull(IndexerError):
    """A write ran out of disk space; what it had written is already removed."""

    def __init__(self, index_dir: object, disk: object, reason: str) -> None:
        super().__init__(
            f"No space left on {disk}, the disk that holds the index in "
            f"{index_dir} ({reason}). The write was not saved and nothing it "
            "wrote was kept; searches still answer from the last saved state. "
            "Free space on that disk and try again."
        )
        self.index_dir = index_dir
        self.disk = disk


class NothingIndexed(IndexerError):
    """A build found files but could read none of them: it changes nothing.
    With no index yet, an empty one would be served as if it were the
    corpus; with one, a rebuild would drop every entry of those files."""

    def __init__(self, report: object, existing: bool) -> None:
        skipped = len(getattr(report, "skipped", ()))
        outcome = "The index was left as it was." if existing else "No index was made."
        super().__init__(f"No entry could be read ({skipped} skipped). {outcome}")
        self.report = report
