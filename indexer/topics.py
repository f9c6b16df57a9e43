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

Rule 2 is applied pair by pair in sorted order, so groups do not depend on
the order entries were indexed in. On MedQuAD: 11,271 entries, 9,513
topics, the largest six entries (Alzheimer's and Parkinson's disease, each
from six sources).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .names import NameMatch, name_key


@dataclass
class Topics:
    """The topic of each entry of one index snapshot."""

    _of: dict[str, str] = field(default_factory=dict)  # entry id -> topic id
    _members: dict[str, list[NameMatch]] = field(default_factory=dict)

    @classmethod
    def from_names(cls, names: dict[str, list[NameMatch]]) -> Topics:
        """Group the entries of a name table (name key -> entries with it)."""
        by_id = {m.entry_id: m for matches in names.values() for m in matches}
        by_title: dict[str, list[NameMatch]] = {}
        for entry_id in sorted(by_id):
            match = by_id[entry_id]
            by_title.setdefault(match.title_key or name_key(match.title), []).append(
                match
            )
        parent = {key: key for key in by_title}
        # Per topic: source -> the title key it is known by there.
        titles = {
            key: {m.source: key for m in matches} for key, matches in by_title.items()
        }

        def root(key: str) -> str:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        title_of = {
            m.entry_id: title for title, matches in by_title.items() for m in matches
        }
        links = sorted(
            {
                tuple(sorted((title_of[m.entry_id], key)))
                for key, matches in names.items()
                if key in by_title
                for m in matches
                if title_of[m.entry_id] != key
            }
        )
        for a, b in links:
            ra, rb = root(a), root(b)
            if ra == rb or _clash(titles[ra], titles[rb]):
                continue
            keep, drop = min(ra, rb), max(ra, rb)
            parent[drop] = keep
            titles[keep].update(titles.pop(drop))
        topics = cls()
        for key, matches in by_title.items():
            topic = root(key).replace(" ", "-")
            for m in matches:
                topics._of[m.entry_id] = topic
                topics._members.setdefault(topic, []).append(m)
        return topics

    def of(self, entry_id: str) -> str:
        """The topic id of an entry: a slug of its topic's first title key."""
        return self._of.get(entry_id) or f"entry-{entry_id}"

    def members(self, topic: str) -> list[NameMatch]:
        """The topic's entries, by entry id."""
        return self._members.get(topic, [])


def _clash(a: dict[str, str], b: dict[str, str]) -> bool:
    """Whether one source names the two topics with different titles."""
    return any(source in b and b[source] != title for source, title in a.items())
