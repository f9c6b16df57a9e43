"""Topics: entries from several sources that describe the same thing.

MedQuAD has "Heart Attack" from MedlinePlus, NHLBI and NIH Senior Health,
and GARD and GHR describe many of the same diseases. A results page shows
such entries as one group ("also from ..."), so a reader is not handed the
same summary three times. Sameness is read from the data only:

1. entries whose titles are the same normalised name are one topic;
2. an entry whose alternative name is another entry's title joins that
   topic (``Crohn disease`` lists "Crohn's disease"), unless the merge
   would put two differently titled entries of one source in a topic: a
   source does not describe one topic twice under two titles, so such a
   link names a related topic (a subtype, a gene), not the same one.

Rule 2 is applied link by link in sorted order, so topics do not depend on
the order entries were indexed in. On MedQuAD: 11,271 entries, 9,513
topics, the largest six entries (Alzheimer's and Parkinson's disease, each
from six sources).

Topics are worked out on demand, for the entries a page shows: a link only
ever joins titles connected by links, so rule 2 run over the titles
connected to an entry decides exactly what it would over the whole index.
A write then costs nothing here, however large the index (the connected
titles are a handful; at most 41 entries in MedQuAD).
"""

from __future__ import annotations

from collections.abc import Callable

from .names import NameMatch, name_key


class Topics:
    """The topic of each entry of one index snapshot, found when asked.

    :param names: the snapshot's name table (name key -> entries with it).
    :param may_be_title: False for a name key no entry's title has, told
        more cheaply than by the entries carrying it (see
        :meth:`~indexer.names.NameIndex.may_be_title`); None: ask them.
    """

    def __init__(
        self,
        names: dict[str, list[NameMatch]],
        may_be_title: Callable[[str], bool] | None = None,
    ) -> None:
        self._names = names
        self._may_be_title = may_be_title
        self._of: dict[str, str] = {}  # entry id -> topic id
        self._members: dict[str, list[NameMatch]] = {}
        # Title key -> its entries: a topic's keys are each asked for again
        # and again while it is worked out (at ten MedQuADs a key has ten
        # entries or more to pick out and sort; 3 % of a search, py-spy).
        self._titles: dict[str, tuple[NameMatch, ...]] = {}

    def of(self, entry_id: str, title: str) -> str:
        """The topic id of an entry: a slug of its topic's first title key."""
        topic = self._of.get(entry_id)
        if topic is None:
            self._resolve(title_key(title))
            topic = self._of.setdefault(entry_id, f"entry-{entry_id}")
        return topic

    def members(self, topic: str) -> list[NameMatch]:
        """The entries of a topic :meth:`of` named, by entry id."""
        return self._members.get(topic, [])

    def members_of(self, entry_id: str, title: str) -> list[NameMatch]:
        """The entries of an entry's topic, it among them, by entry id."""
        return self.members(self.of(entry_id, title))

    # -- working a topic out ----------------------------------------------

    def _titled(self, key: str) -> tuple[NameMatch, ...]:
        """The entries whose title has this key, by entry id."""
        found = self._titles.get(key)
        if found is None and self._may_be_title and not self._may_be_title(key):
            found = self._titles[key] = ()  # most names are no title
        if found is None:
            found = tuple(
                sorted(
                    (m for m in self._names.get(key, ()) if m.title_key == key),
                    key=lambda m: m.entry_id,
                )
            )
            self._titles[key] = found
        return found

    def _linked(self, key: str) -> set[str]:
        """Title keys one link away: entries titled ``key`` call them by
        one of their names, or they call entries titled ``key``."""
        out = {m.title_key for m in self._names.get(key, ())}
        # Entries of one title mostly share their names (GARD's and GHR's,
        # a corpus's copies): each name keyed once.
        names = {name for match in self._titled(key) for name in match.names}
        for other in {name_key(name) for name in names}:
            if other != key and self._titled(other):
                out.add(other)
        out.discard(key)
        return out

    def _resolve(self, start: str) -> None:
        """Apply the rules to every title connected to ``start``."""
        if not start or not self._titled(start):
            return
        keys, todo = {start}, [start]
        links = set()
        while todo:
            key = todo.pop()
            for other in self._linked(key):
                links.add((min(key, other), max(key, other)))
                if other not in keys:
                    keys.add(other)
                    todo.append(other)
        parent = {key: key for key in keys}
        # Per topic root: source -> the title key it is known by there.
        titles = {key: {m.source: key for m in self._titled(key)} for key in keys}

        def root(key: str) -> str:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for a, b in sorted(links):
            ra, rb = root(a), root(b)
            if ra == rb or _clash(titles[ra], titles[rb]):
                continue
            keep, drop = min(ra, rb), max(ra, rb)
            parent[drop] = keep
            titles[keep].update(titles.pop(drop))
        for key in sorted(keys):
            topic = root(key).replace(" ", "-")
            for match in self._titled(key):
                self._of[match.entry_id] = topic
                self._members.setdefault(topic, []).append(match)


def title_key(title: str) -> str:
    """The key a title is matched by (as :func:`~indexer.names.name_key`)."""
    return name_key(title)


def _clash(a: dict[str, str], b: dict[str, str]) -> bool:
    """Whether one source names the two topics with different titles."""
    return any(source in b and b[source] != title for source, title in a.items())
