"""A plain BM25 baseline: SQLite FTS5 over the same sections.

Why: absolute milliseconds on a noisy 2-core machine say little. Running the
same queries through the simplest competent alternative (Python's own
sqlite3, FTS5, ``bm25()``) in the same run tells us whether our numbers are
the cost of search or the cost of our code. The baseline does what plain
BM25 would: every word ORed, no phrases, no field spreading, no collapsing;
it does return a top-10 page with a snippet, as our service does.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from indexer.model import Entry
from indexer.schema import section_key

_TOKEN = re.compile(r"\w+")

_CREATE = """
CREATE VIRTUAL TABLE sections USING fts5(
    title, section, body,
    entry_id UNINDEXED, section_id UNINDEXED, section_key UNINDEXED,
    tokenize = 'porter unicode61'
)
"""
_SEARCH = """
SELECT entry_id, section_id, title,
       snippet(sections, 2, '<mark>', '</mark>', ' … ', 24)
FROM sections WHERE sections MATCH ? {filter}
ORDER BY bm25(sections) LIMIT ?
"""


def fts5_query(text: str) -> str | None:
    """Quote each word and OR them, so no user text is read as FTS5 syntax.

    >>> fts5_query('what is "high blood" AND NOT pressure?')
    '"what" OR "is" OR "high" OR "blood" OR "and" OR "not" OR "pressure"'
    >>> fts5_query("?!") is None
    True
    """
    words = dict.fromkeys(w.lower() for w in _TOKEN.findall(text))
    if not words:
        return None
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


class Fts5Baseline:
    """One SQLite database file holding one FTS5 row per non-empty section."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(str(path), check_same_thread=False)

    def build(self, entries: Sequence[Entry]) -> float:
        """Index ``entries``; returns the seconds it took (parsing excluded)."""
        started = time.perf_counter()
        with self.conn:
            self.conn.execute(_CREATE)
            self.conn.executemany(
                "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (
                        e.title,
                        s.name,
                        s.text,
                        e.entry_id,
                        s.section_id,
                        section_key(s.name),
                    )
                    for e in entries
                    for s in e.sections
                    if not s.is_empty
                ),
            )
            # Merge the b-tree segments, as our writer's commit merges.
            self.conn.execute("INSERT INTO sections(sections) VALUES ('optimize')")
        self.conn.execute("VACUUM")
        return time.perf_counter() - started

    def size_mb(self) -> float:
        return self.path.stat().st_size / 1e6

    def search(self, text: str, section: str | None = None, limit: int = 10) -> int:
        """Run one query; returns how many rows (at most ``limit``) came back."""
        match = fts5_query(text)
        if match is None:
            return 0
        if section:
            sql = _SEARCH.format(filter="AND section_key = ?")
            params: tuple = (match, section_key(section), limit)
        else:
            sql = _SEARCH.format(filter="")
            params = (match, limit)
        return len(self.conn.execute(sql, params).fetchall())

    def close(self) -> None:
        self.conn.close()
