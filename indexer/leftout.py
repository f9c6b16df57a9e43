"""Names typed without the word that says what kind of thing they are.

People leave out a name's last word when it only says the kind of thing
("inflammatory bowel" for *Inflammatory bowel disease*, "carpal tunnel" for
*Carpal tunnel syndrome*, "toxic shock", "chronic kidney"). Searched as
loose words, `treatment for inflammatory bowel` listed *X-linked
agammaglobulinemia*'s Treatment first, and `inflammatory bowel` *Acute
febrile neutrophilic dermatosis*: sections that say "inflammatory" and
"bowel" often, apart.

Whether a run stands for such a name is read from the texts, not from a
list: the texts write the run on with the kind word at least as often as
without (49 of the 53 sections that write "inflammatory bowel" go on with
"disease"; "coronary artery" goes on so in about half). And not where the
query itself goes on from the run with a word the texts also write after
it ("heart valve replacement" is no heart valve disease).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .analysis import analyse
from .lru import MAX_REMEMBERED, remembered
from .names import MAX_FILED_ROWS, MAX_NAMED_ENTRIES, NameIndex, NameMatch

#: The last words of names that say only what kind of thing they name.
KIND_WORDS = frozenset(
    {
        "disease",
        "diseases",
        "syndrome",
        "disorder",
        "disorders",
        "infection",
        "infections",
    }
)
#: Words that say only that something is amiss, one as good as another in
#: a name (see ``Namer._other_forms``): `heart condition` is *Heart
#: Disease*, `sleep problems` *Sleep Disorders*, `mental illness` *Mental
#: Disorders*. In the order a name is tried in them.
VAGUE_KINDS = (
    "disease",
    "diseases",
    "disorder",
    "disorders",
    "condition",
    "conditions",
    "problem",
    "problems",
    "illness",
    "illnesses",
)
#: Words that, after a name, say what kind of thing it is, and are read
#: with it (see ``Planner._concepts``, ``Namer.name_of``): the last words
#: of names that say only that, the words as good as them, and "virus"
#: ("flu virus", "lupus illness", "gout condition"). Not "problems":
#: `heart problems` asks for heart diseases, where "heart" alone names
#: none.
SAID_KINDS = (KIND_WORDS | set(VAGUE_KINDS) | {"virus", "viruses"}) - {
    "problem",
    "problems",
}
#: Names read to find those a run begins (as ``EPONYM_ROWS``).
LEFT_OUT_ROWS = 40
#: The share of the texts writing the run that go on with the kind word.
LEFT_OUT_SHARE = 0.5
#: Texts that write the run and its kind word together at least: fewer is
#: no evidence of how the texts use it.
MIN_WRITTEN = 3


class LeftOut:
    """Reads runs typed without their name's kind word, in one snapshot.

    :param names: the snapshot's names.
    :param sequences: how many texts write these terms one after another.
    """

    def __init__(
        self, names: NameIndex, sequences: Callable[[Sequence[str]], int]
    ) -> None:
        self.names = names
        self.sequences = sequences
        # Run key -> the name it stands for, or "" (see name_of).
        self._found: dict[str, str] = {}
        # Run key -> the entries filed under it, if it heads names (see
        # filed_under_head).
        self._filed: dict[str, tuple[NameMatch, ...]] = {}
        # Run key -> the names it begins, of the first rows (asked of a
        # query's runs for their kind word, and of a query whole as a head).
        self._begun: dict[str, frozenset[str]] = {}

    def name_of(self, key: str, then: str | None = None) -> str | None:
        """The key of the name a run of two or more words (``key``) stands
        for without its last word, or None.

        :param then: the key of the word the query goes on with after the
            run, if any: where the texts write the run on with it too, the
            query says what it means ("heart valve replacement").
        """
        if " " not in key:
            return None  # one word alone: an eponym's (see Eponyms.bare)
        name = remembered(self._found, key, self._name_of, MAX_REMEMBERED)
        if not name:
            return None
        more = analyse(then) if then and then not in KIND_WORDS else []
        if more and self.sequences([*analyse(key), *more]):
            return None
        return name

    def filed_under_head(self, key: str) -> tuple[NameMatch, ...]:
        """The entries filed under words typed as a query (``key``), where
        they are, two or more and no name, the head of names written "head
        - qualifier" (see :func:`~indexer.names.head_of`) of at most
        :data:`~indexer.names.MAX_NAMED_ENTRIES` entries, each held by name
        only: a name typed without its qualifier (`how to use an inhaler`:
        A.D.A.M.'s *How to use an inhaler - with spacer* and *- no
        spacer*), whose text is at its source. None for a head over more
        (`breast cancer`, which heads a dozen); for one word alone, more
        often a broad topic than its narrower ones ("Vision - night
        blindness"); and where an entry with text is filed under it:
        `insulin resistance` is more than GHR's "Insulin resistance - type
        A", and GARD writes lists so ("Developmental delay - hypotonia -
        extremities hypertrophy")."""
        if " " not in key or self.names.is_name(key):
            return ()
        return remembered(self._filed, key, self._filed_under, MAX_REMEMBERED)

    def _filed_under(self, key: str) -> tuple[NameMatch, ...]:
        # Most queries begin no name, and most that do head none in the
        # rows where a kind word is looked for too: only a head's entries
        # are read.
        if not self._beginning(key) or not self.names.count_filed_under(
            key, LEFT_OUT_ROWS
        ):
            return ()
        filed = self.names.filed_under_head(key, MAX_FILED_ROWS)
        if len(filed) > MAX_NAMED_ENTRIES or any(m.sections for m in filed):
            return ()
        return tuple(filed)

    def _beginning(self, key: str) -> frozenset[str]:
        """The keys of the names ``key`` begins, among the first rows."""
        return remembered(self._begun, key, self._read_beginning, MAX_REMEMBERED)

    def _read_beginning(self, key: str) -> frozenset[str]:
        return frozenset(self.names.beginning_with(key, LEFT_OUT_ROWS))

    def _name_of(self, key: str) -> str:
        """:meth:`name_of` without the next word, or "" for none."""
        kinds = [
            name for name in self._beginning(key) if name[len(key) + 1 :] in KIND_WORDS
        ]
        if not kinds:
            return ""
        terms = analyse(key)
        if not terms:
            return ""
        alone = self.sequences(terms)
        best, most = "", 0
        for name in sorted(kinds):
            together = self.sequences(analyse(name))
            if together > most:
                best, most = name, together
        if most < MIN_WRITTEN or most < LEFT_OUT_SHARE * alone:
            return ""
        return best
