"""Each entry file's size, times and inode when its digest was last taken,
kept beside the index, as git's index keeps them for a working tree.

An incremental ``medsearch index`` compares every file under its paths
with the digest the index keeps for it. Hashing them all was a third of a
run over ten MedQuADs in which nothing had changed (112,740 files, 1.1-1.4
s of hashing against 0.26 s of ``stat`` calls). Now a file whose stat is
what it was when its digest was taken keeps that digest; any other is
hashed as before.

A stat says a file is unchanged only if a change would have changed it.
The inode tells a file replaced by another; the change time tells one
whose modification time was set back (``touch -d``, ``cp -p``, ``rsync
-t``), which no user can set. A file changed within a timestamp's tick of
the run (as git calls it, "racily clean") could change again unseen, so
a digest is kept only for a file whose times are :data:`RACY_NS` older
than the run. The file lives in the index's generation folder: a rebuild
starts without one, and a missing or damaged one means every file is
hashed, as before it existed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .arrayfile import read_header, write_arrays
from .sources import file_digest

NAME = "file-stats"
#: A file changed less than this long before a run began is hashed again
#: next time: a change within the same tick of the clock leaves its
#: times as they were (two seconds covers filesystems that keep times to
#: the second or two).
RACY_NS = 2_000_000_000

#: Size, modification and change times (ns), inode.
Stat = tuple[int, int, int, int]


def file_stat(path: Path) -> Stat | None:
    """The stat of the file ``path`` names (links followed), or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


class FileStats:
    """The digests of one run's files, read from their stats where those
    are as when the digest was taken (see the module).

    :param folder: the index generation's folder.
    :param began: when the run began (``time.time_ns()``), before it read
        any file; by default, now.
    """

    def __init__(self, folder: Path, began: int | None = None) -> None:
        self._path = Path(folder) / NAME
        self._began = time.time_ns() if began is None else began
        self._kept = self._read()
        self._seen: dict[str, tuple[Stat, str]] = {}

    def _read(self) -> dict[str, tuple[Stat, str]]:
        try:
            head = read_header(self._path)
            origins, stats, digests = head["origins"], head["stats"], head["digests"]
            if not len(origins) == len(stats) == len(digests):
                return {}
            return {
                origin: (tuple(stat), digest)
                for origin, stat, digest in zip(origins, stats, digests, strict=True)
            }
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # none yet, or damaged: every file is hashed

    def digest(self, origin: str, path: Path, stat: Stat | None) -> str:
        """The digest of the file at ``path``: the kept one where its stat
        is ``stat`` still, else its bytes hashed.

        :param stat: the file's stat taken before this call.
        """
        kept = self._kept.get(origin)
        if stat is not None and kept is not None and kept[0] == stat:
            digest = kept[1]
        else:
            digest = file_digest(path)
        self.read(origin, stat, digest)
        return digest

    def read(self, origin: str, stat: Stat | None, digest: str) -> None:
        """Note that the file at ``origin`` had ``digest`` when its bytes
        were read, after ``stat`` was taken."""
        if stat is not None and max(stat[1], stat[2]) < self._began - RACY_NS:
            self._seen[origin] = (stat, digest)
        else:
            self._seen.pop(origin, None)

    def read_all(self, indexed: dict[str, tuple[str, str]]) -> None:
        """Note every file an index was built from, with the digest it
        keeps for each (origin -> (entry id, digest)), by the files' stats
        now: one that changed since the run began is left to be hashed
        next time (:meth:`read`), so stats taken after its bytes were read
        are as good as before. Entries written through the API have no
        file."""
        for origin, (_, digest) in indexed.items():
            if os.path.isabs(origin):
                self.read(origin, file_stat(Path(origin)), digest)

    def save(self) -> None:
        """Keep the files noted this run (and only those: a file no longer
        listed is forgotten), if they differ from what was kept. A full
        disk is no error: the next run hashes what it cannot read here."""
        if self._seen == self._kept:
            return
        origins = list(self._seen)
        # In the header, as JSON: an inode may not fit a signed 64-bit array.
        header = {
            "origins": origins,
            "stats": [self._seen[o][0] for o in origins],
            "digests": [self._seen[o][1] for o in origins],
        }
        try:
            write_arrays(self._path, {}, header)
        except OSError:
            pass
