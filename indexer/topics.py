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
titles are a handful; at most 41 entries in MedQuAD), and forgets only the
topics whose titles it touched (:meth:`Topics.forget`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .names import NameMatch, name_key


class Topics:
    """The topic of each entry, found when asked, and kept while the names
    it was found from stay as they were.

    :param names: the name table (name key -> entries with it), kept up to
        date by its owner, who tells :meth:`forget` what a write changed.
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
        # Per connected set of titles worked out: the name keys it asked
        # about, and the topics it made. Tuples, scanned on a write: an
        # index from each key was 6 MB after 2,000 queries at ten MedQuADs.
        self._worked: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        self._alone: set[str] = set()  # entries given no title's topic

    def of(self, entry_id: str, title: str) -> str:
        """The topic id of an entry: a slug of its topic's first title key."""
        topic = self._of.get(entry_id)
        if topic is None:
            self._resolve(title_key(title))
            topic = self._of.get(entry_id)
            if topic is None:
                topic = self._of[entry_id] = f"entry-{entry_id}"
                self._alone.add(entry_id)
        return topic

    def forget(self, changed: Iterable[str] | None) -> None:
        """Forget what the names with these keys decided (None: all), after
        a write added or deleted cards carrying them.

        A topic is decided by what the names it asked about answer (who is
        titled so, who carries the name), so a write that touched none of
        them left it as it was: the queries after a write at ten MedQuADs
        worked every topic on their pages out again (``bench/scale.py``'s
        after-a-write rows).
        """
        if changed is None:
            for kept in (self._of, self._members, self._titles, self._worked):
                kept.clear()
            self._alone.clear()
            return
        changed = set(changed)
        for key in changed:
            self._titles.pop(key, None)
        kept = []
        for asked, topics in self._worked:
            if changed.isdisjoint(asked):
                kept.append((asked, topics))
                continue
            for topic in topics:
                for match in self._members.pop(topic, ()):
                    self._of.pop(match.entry_id, None)
        self._worked = kept
        # An entry given no title's topic is seldom asked: asked again.
        for entry_id in self._alone:
            self._of.pop(entry_id, None)
        self._alone.clear()

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

    def _linked(self, key: str, asked: set[str]) -> set[str]:
        """Title keys one link away: entries titled ``key`` call them by
        one of their names, or they call entries titled ``key``.

        :param asked: gets the keys asked about.
        """
        out = {m.title_key for m in self._names.get(key, ())}
        # Entries of one title mostly share their names (GARD's and GHR's,
        # a corpus's copies): each name keyed once.
        names = {name for match in self._titled(key) for name in match.names}
        others = {name_key(name) for name in names}
        asked.add(key)
        asked.update(others)
        for other in others:
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
        asked: set[str] = set()
        while todo:
            key = todo.pop()
            for other in self._linked(key, asked):
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
        topics: dict[str, None] = {}
        for key in sorted(keys):
            topic = root(key).replace(" ", "-")
            for match in self._titled(key):
                self._of[match.entry_id] = topic
                self._members.setdefault(topic, []).append(match)
                topics[topic] = None
        self._worked.append((tuple(asked), tuple(topics)))


def title_key(title: str) -> str:
    """The key a title is matched by (as :func:`~indexer.names.name_key`)."""
    return name_key(title)


def _clash(a: dict[str, str], b: dict[str, str]) -> bool:
    """Whether one source names the two topics with different titles."""
    return any(source in b and b[source] != title for source, title in a.items())
