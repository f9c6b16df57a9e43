"""Spelling: "did you mean" from the index's own vocabulary.

The vocabulary is every word of the titles, names and section texts, with
its count, kept beside each index generation in ``vocab.json`` (written by
the same writer that indexes, so it follows adds and rebuilds). A word of
the query that the vocabulary does not know is replaced by the known word
closest in edit distance, preferring frequent words; rapidfuzz does the
comparisons in compiled code. A word may also be the one it sounds like
(Double Metaphone's keys): people spell a medical word they have only
heard by its sound ("hemroids", "sycosis", "seliac"), which is more edits
off, or off in the first letter the candidates are grouped by. Among the
words that sound alike, the nearest is the one spelt most alike by ear
(:func:`by_ear`: "sirosis" is cirrhosis, not xerosis).

The everyday English words (the 43,000 of pyspellchecker's list that
people write more than seldom) tell a word the texts lack from a typo:
"farting" is no "fasting".
"""

from __future__ import annotations

import bisect
import gzip
import json
import logging
import math
import os
import re
import threading
from collections import Counter
from collections.abc import Container, Iterable
from importlib import resources
from pathlib import Path

import numpy as np
from doublemetaphone import doublemetaphone
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .analysis import _FOLD

log = logging.getLogger(__name__)

VOCAB_FILE = "vocab.json"
EXTRA_FILE = "vocab-added.json"  # words of entries written since the build
#: Everyday words longer than this are left out of the list (27 of 128,000).
EVERYDAY_LETTERS = 20
#: Everyday words the list counts fewer times than this are left out: two
#: thirds of its 160,000 sit at or near its floor of 50 (words from
#: dictionaries that people hardly write: "feer", "peron", "rena"), and
#: each of those hid a slip of a word of the texts, searched as typed
#: for nothing ("prolonged feer lasting" for fever). Words people do
#: write stay ("farting" 2,223, "gassy" 311, "prostrate" 666). On the
#: slips in runs of ``bench/spelling.py``, dev half 976 -> 980 of 1,000.
EVERYDAY_COUNT = 101
_WORDS = re.compile(r"[^\W\d_]{3,}")
_ASCII_WORDS = re.compile(r"[a-z]{3,}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"  # what one edit may put in a word
MIN_LENGTH = 4  # shorter words are too often codes or fine as typed
#: Words this long may be three edits off ("hemmoroids"), shorter ones two.
LONG_WORD = 9
#: How much a tenfold more common word makes up for an edit more.
FREQUENCY_WEIGHT = 0.5
#: A word the texts write at most this many times may be their own typo
#: ("symtoms", once, beside "symptoms"; see ``Corrector._slip_in_texts``).
SLIP_COUNT = 2
#: Candidates the planner may choose among by context.
CANDIDATES = 5
#: What sounding like the typed word is worth, in edits: half an edit
#: breaks ties of letters ("changde": "changed", not "change") without
#: outweighing a word as near and over ten times as common. On 2,940
#: slips of the keys in MedQuAD's words (``bench/spelling.py``), the
#: first candidate was right 0.946 of the time without sounds, 0.949
#: with half an edit, 0.939 with a whole one.
SOUNDS_LIKE = 0.5
#: What a slip of a word's first letters costs, in edits: the first two
#: swapped, or a key struck before the word. People slip at a word's start
#: less often than inside it, so half an edit more than a slip inside: on
#: the slips of ``bench/spelling.py`` that keep the first letter, a whole
#: edit lost 8 of 2,940 to a commoner word one start slip away ("eblow":
#: "below" rather than "elbow", "amin": "main" rather than "amino").
START_SLIP = 1.5
#: What reading a word as the beginning of a longer one costs, in edits:
#: one, as a slip of the keys does. People cut a long word short ("diab",
#: "hypert", "osteop"), and edits never reach the word meant (four letters
#: missing): `diab` was read as "dial" (five texts) rather than diabetes
#: (3,354). On 1,000 common words cut short (``bench/spelling.py``, the
#: dev seed; the held-out seed only scored) the planned reading was the
#: word meant 0.29 of the time without this, 0.67 at one edit (0.50 at
#: two, 0.71 at half an edit); slips of the keys read right went 2,831 ->
#: 2,828 of 2,962 (2,825 at half an edit).
CUT_SHORT = 1.0
#: A word cut short lacks this many letters or more (one is an edit).
CUT_LETTERS = 2
#: Shorter words sound like too many others ("flem" like "film").
SOUND_LENGTH = 5
#: A long word nothing else finds may have lost a syllable in its middle
#: ("levofaxin", four edits from levofloxacin): the words that begin
#: with its first half and end in its last this many letters, up to two
#: edits further off than :func:`edit_limit` (see ``Speller._by_ends``).
END_LETTERS = 2
ENDS_EDITS = 2
#: What a word spelt the same by ear (:func:`by_ear`) costs, in edits, and
#: how many edits its spelling by ear may be off. Three quarters of an
#: edit: a word that sounds the same is likelier than one a slip of the
#: keys away and as common ("acess": assess, not access), not than one
#: some ten times as common. Chosen on the dev halves of
#: ``bench/spelling.py`` (see the history); the held-out words and
#: codespell's list were only scored.
EAR_COST = 0.75
EAR_EDITS = 1
#: How a word heard is spelt in other letters, in order: "ph" is "f",
#: a silent "h" after "r" goes, "sch" is "sk" (Greek: "schizo-" is said
#: "skitso-", "ischemia" "iskemia"), "tz" is "z", "c" is "s" before e, i
#: or y and else "k", "x" is "ks", "z" is "s", and a doubled letter is one.
#: The "sch" and "tz": `skitzofrenia` was two letters off schizophrenia by
#: ear, and neither corrected nor offered; ``bench/spelling.py``'s words
#: spelt by sound the same, codespell's list one more right (19,819 ->
#: 19,820 of 21,406).
_EAR_RULES = tuple(
    (re.compile(pattern), spelt)
    for pattern, spelt in (
        (r"ph", "f"),
        (r"rh", "r"),
        (r"sch", "sk"),
        (r"tz", "z"),
        (r"x", "ks"),
        (r"c(?=[eiy])", "s"),
        (r"ck|c|q", "k"),
        (r"z", "s"),
        (r"(.)\1", r"\1"),
    )
)


def count_words(
    texts: Iterable[str], counts: Counter[str] | None = None
) -> Counter[str]:
    """Counts of the words of ``texts``, lowercased and unaccented.

    :param counts: add to these (a build's running counts: adding a
        Counter to another runs in Python, a list of words in C).

    >>> count_words(["Sjögren's syndrome", "SJOGREN x2 ab"])
    Counter({'sjogren': 2, 'syndrome': 1})
    """
    counts = Counter() if counts is None else counts
    for text in texts:
        low = text.lower()
        if low.isascii():
            # The same words: the fold maps no lowercase ASCII letter (and
            # translating costs a dict lookup per character, 5 % of a
            # build), and the only letters here are a-z.
            counts.update(_ASCII_WORDS.findall(low))
        else:
            counts.update(_WORDS.findall(low.translate(_FOLD)))
    return counts


def save_vocabulary(folder: Path, counts: Counter[str], *, merge: bool) -> None:
    """Write a generation's vocabulary, atomically.

    With ``merge``, the words go to a small side file of additions, so an
    update of one entry does not rewrite the whole vocabulary.
    """
    name = EXTRA_FILE if merge else VOCAB_FILE
    if merge:
        counts = counts + read_counts(folder / EXTRA_FILE)
    path = folder / name
    tmp = path.with_name(f"{name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(json.dumps(counts, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk must not keep a half file
        raise


class EverydayWords:
    """pyspellchecker's English words of :data:`MIN_LENGTH` to
    :data:`EVERYDAY_LETTERS` plain letters that it counts
    :data:`EVERYDAY_COUNT` times or more, read on first use and shared by
    every speller of the process.

    Read in 0.1 s and kept as one sorted array of 0.9 MB (all 127,000 of
    its words: 2.5 MB, as a set of strings 12 MB); not kept with the
    index, which they do not depend on (a copy in every generation filled
    a small disk).
    """

    def __init__(self) -> None:
        self._words: np.ndarray | None = None
        self._lock = threading.Lock()

    def __contains__(self, word: str) -> bool:
        if not (word.isascii() and len(word) <= EVERYDAY_LETTERS):
            return False
        words = self.words()
        key = word.lower().encode()
        at = int(np.searchsorted(words, key))
        return at < len(words) and words[at] == key

    def words(self) -> np.ndarray:
        if self._words is None:
            with self._lock:
                if self._words is None:
                    try:
                        self._words = _read_everyday()
                    except (ImportError, OSError, ValueError) as exc:
                        # Spelling as before the list, rather than no search.
                        log.warning("No everyday words (%s): typos only.", exc)
                        self._words = np.zeros(0, f"S{EVERYDAY_LETTERS}")
        return self._words


def _read_everyday() -> np.ndarray:
    """The words counted :data:`EVERYDAY_COUNT` times or more, the keys of
    a JSON object of counts, read by pattern from its bytes: as a parsed
    object of 160,000 strings the file left a worker's heap 20 MB larger,
    read so 6 MB (the same words)."""
    data = resources.files("spellchecker").joinpath("resources", "en.json.gz")
    text = gzip.decompress(data.read_bytes())
    found = re.findall(
        rb'"([A-Za-z]{%d,%d})": (\d+)' % (MIN_LENGTH, EVERYDAY_LETTERS), text
    )
    words = sorted({word.lower() for word, n in found if int(n) >= EVERYDAY_COUNT})
    return np.array(words, dtype=f"S{EVERYDAY_LETTERS}")


#: The process's everyday words (see :class:`EverydayWords`).
EVERYDAY = EverydayWords()


def load_vocabulary(folder: Path) -> Counter[str]:
    """A generation's vocabulary with the additions written since its build."""
    return read_counts(folder / VOCAB_FILE) + read_counts(folder / EXTRA_FILE)


def read_counts(path: Path) -> Counter[str]:
    """Word counts from one vocabulary file (none if it is missing or bad)."""
    try:
        return Counter(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return Counter()


class Speller:
    """Corrects query words against one vocabulary.

    >>> speller = Speller({"metastases": 40, "metastasis": 12, "liver": 90})
    >>> speller.correct("liver metastatses")
    'liver metastases'
    >>> speller.correct("liver metastases") is None
    True
    """

    def __init__(
        self,
        counts: dict[str, int],
        keep: frozenset[str] = frozenset(),
        everyday: Container[str] = frozenset(),
        *,
        by_sound: bool = True,
        at_start: bool = True,
    ) -> None:
        self.counts = counts
        self.by_sound = by_sound  # off: by letters alone (a benchmark's baseline)
        self._at_start = at_start  # off: no slip of the first letters (the same)
        self.keep = keep  # words never "corrected" (question words and such)
        self._everyday = everyday  # lower case (see :class:`EverydayWords`)
        # Words looked up -> their candidates with ranks (lower first).
        self._fixed: dict[str, tuple[tuple[str, float], ...]] = {}
        # Candidates by length and first letter: people seldom mistype the
        # first letter of a word they know, and comparing against only
        # those words is some twenty times faster than against all.
        self._by_start: dict[tuple[int, str], list[str]] = {}
        # And by their second letter: the words a typed word may be with
        # its first letter lost, most often a silent one ("soriasis",
        # "neumonia", "rist").
        self._by_second: dict[tuple[int, str], list[str]] = {}
        # Words by how they sound, made when a worker warms or by the first
        # word that needs them (MedQuAD's 32,000 words in about 0.1 s), and
        # each word's spelling by ear (:func:`by_ear`), with the words by it.
        self._sounding: dict[str, list[str]] | None = None
        self._ears: dict[str, str] = {}
        self._by_ear: dict[str, list[str]] = {}
        # The words in order, for those a word begins (made when first asked).
        self._sorted: list[str] | None = None
        for word in counts:
            self._index(word)

    @property
    def at_start(self) -> bool:
        """Whether a slip of a word's first letters is looked for."""
        return self._at_start

    @at_start.setter
    def at_start(self, value: bool) -> None:
        self._at_start = value
        self._fixed.clear()  # what was found either way

    def add(self, counts: dict[str, int]) -> None:
        """Count more words (those of entries written since the vocabulary).

        >>> speller = Speller({"liver": 90})
        >>> speller.add({"metastases": 2})
        >>> speller.correct("metastatses")
        'metastases'
        """
        if not counts:
            return
        for word, count in counts.items():
            if word not in self.counts:
                self.counts[word] = 0
                self._index(word)
            self.counts[word] += count
        self._fixed.clear()  # a new word may be the nearer one

    def _index(self, word: str) -> None:
        if self._sorted is not None:
            bisect.insort(self._sorted, word)
        self._by_start.setdefault((len(word), word[:1]), []).append(word)
        self._by_second.setdefault((len(word), word[1:2]), []).append(word)
        if self._sounding is not None:
            self._file(word, by_ear(word), self._sounding, self._ears, self._by_ear)

    @staticmethod
    def _file(
        word: str,
        ear: str,
        sounding: dict[str, list[str]],
        ears: dict[str, str],
        hearing: dict[str, list[str]],
    ) -> None:
        """File ``word`` under its sounds and its spelling by ear."""
        ears[word] = ear  # first: a query reads it by its sounds' key
        hearing.setdefault(ear, []).append(word)
        for key in sounds(word):
            sounding.setdefault(key, []).append(word)

    def warm(self) -> dict[str, list[str]]:
        """Group the words by how they sound and put them in order (else
        the first typo waits)."""
        self._in_order()
        if self._sounding is None:
            sounding: dict[str, list[str]] = {}
            ears: dict[str, str] = {}
            hearing: dict[str, list[str]] = {}
            words = list(self.counts)
            for word, ear in zip(words, by_ears(words), strict=True):
                self._file(word, ear, sounding, ears, hearing)
            self._ears, self._by_ear = ears, hearing
            self._sounding = sounding  # whole, for a query in another thread
            # Words counted meanwhile (a write's, in another thread) come
            # last in the counts, and from now on :meth:`_index` adds them.
            for word in list(self.counts)[len(words) :]:
                self._file(word, by_ear(word), sounding, ears, hearing)
        return self._sounding

    def known(self, word: str) -> bool:
        return word.lower().translate(_FOLD) in self.counts

    def everyday(self, word: str) -> bool:
        """Whether people write ``word`` in everyday English: if the texts
        lack it, it is a word they lack rather than a typo.

        >>> speller = Speller({}, everyday=frozenset({"farting", "gassy"}))
        >>> speller.everyday("Farting"), speller.everyday("fartign")
        (True, False)
        """
        return word.lower() in self._everyday

    def count(self, word: str) -> int:
        """How often the index's texts write ``word`` (any case)."""
        return self.counts.get(word.lower().translate(_FOLD), 0)

    def one_edit_off(self, word: str) -> tuple[str, ...]:
        """The words the texts write one edit from ``word`` past its first
        letter, commonest first, however often they write ``word`` itself:
        a word of the texts may still be a slip of another ("long cancer"),
        which only the words around it tell (see
        :meth:`~indexer.corrections.Corrector._slipped_beginnings`). The
        first letter stays, as in :meth:`_nearest`'s buckets.

        >>> Speller({"lung": 40, "long": 90, "along": 70}).one_edit_off("Long")
        ('lung',)
        """
        low = word.lower().translate(_FOLD)
        # Norvig's four edits, each past the first letter.
        splits = [(low[:at], low[at:]) for at in range(1, len(low) + 1)]
        forms = {a + b[1:] for a, b in splits if b}
        forms |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        forms |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
        forms |= {a + c + b for a, b in splits for c in _LETTERS}
        forms.discard(low)
        counts = self.counts
        known = [form for form in forms if counts.get(form)]
        return tuple(sorted(known, key=lambda w: (-counts[w], w)))

    def correct_word(self, word: str) -> str | None:
        """The likeliest intended word, or None if ``word`` is fine or hopeless."""
        found = self.candidates(word)
        return found[0] if found else None

    def candidates(self, word: str, *, rare_too: bool = False) -> tuple[str, ...]:
        """Known words ``word`` may have meant, likeliest first (none if it
        is known, too short, or nothing is near).

        :param rare_too: also for a word the texts write at most
            :data:`SLIP_COUNT` times (its own typos: "symtoms"), the others.
        """
        return tuple(c for c, _ in self.ranked(word, rare_too=rare_too))

    def ranked(
        self, word: str, *, rare_too: bool = False
    ) -> tuple[tuple[str, float], ...]:
        """:meth:`candidates` with their ranks: edits, less what sounding
        alike and :data:`FREQUENCY_WEIGHT` times the log of the word's count
        take off (a planner adds what the words around it say)."""
        low = word.lower().translate(_FOLD)
        if len(low) < MIN_LENGTH or not low.isalpha():
            return ()
        count = self.counts.get(low, 0)
        if count and not (rare_too and count <= SLIP_COUNT):
            return ()
        if low in self.keep:
            return ()
        if low not in self._fixed:
            if len(self._fixed) > 50_000:
                self._fixed.clear()
            self._fixed[low] = self._nearest(low)
        return self._fixed[low]

    def _nearest(self, low: str) -> tuple[tuple[str, float], ...]:
        limit = edit_limit(low)
        ranked: list[tuple[float, str]] = []
        for length in range(len(low) - limit, len(low) + limit + 1):
            self._rank(low, self._by_start.get((length, low[:1])), limit, 0, ranked)
        # The word with a letter lost before its first, and nothing else.
        self._rank(low, self._by_second.get((len(low) + 1, low[:1])), 1, 0, ranked)
        if self._at_start and low not in self._everyday:
            # The buckets keep the first letter, but a fast hand swaps the
            # first two ("kainesia": akinesia) or strikes a key before the
            # word ("ufamilial": familial): that slip alone, at
            # :data:`START_SLIP` edits. With a further edit it reached
            # common words from names the texts lack ("natazia": "ataxia").
            # Not for a word people write: without its first letter it is
            # often another ("trash", "scold", "spain").
            for slipped in start_slips(low):
                count = self.counts.get(slipped, 0)
                if count and len(slipped) >= MIN_LENGTH:
                    rank = START_SLIP - FREQUENCY_WEIGHT * math.log10(count + 1)
                    ranked.append((rank, slipped))
        for word in self._completions(low):
            rank = CUT_SHORT - FREQUENCY_WEIGHT * math.log10(self.counts[word] + 1)
            ranked.append((rank, word))
        if self.by_sound and len(low) >= SOUND_LENGTH:
            # Words that sound the same, whatever their first letter; one
            # edit further off too when the letters alone find nothing
            # ("hemroids"). Spelt by ear, a word loses its silent and doubled
            # letters rather than gains some: only the longer words.
            cutoff = limit if ranked else limit + 1
            heard: set[str] = set()
            for key in sounds(low):
                alike = self.warm().get(key, ())
                longer = [w for w in alike if len(w) >= len(low)]
                self._rank(low, longer, cutoff, SOUNDS_LIKE, ranked)
                heard.update(alike)
            self._rank_by_ear(low, heard, ranked)
        if not ranked and len(low) >= LONG_WORD and low not in self._everyday:
            self._by_ends(low, ranked)
        ranked.sort()
        best: dict[str, float] = {}
        for rank, candidate in ranked:
            if candidate != low:  # a word the texts write is near itself
                best.setdefault(candidate, rank)
        return tuple(best.items())[:CANDIDATES]

    def _completions(self, low: str) -> list[str]:
        """The commonest words ``low`` is the beginning of (see
        :data:`CUT_SHORT`): a few hundred at most begin with four letters."""
        found = [w for w in self.commonest_beginning(low) if cut_short(low, w)]
        return found[:CANDIDATES]

    def commonest_beginning(self, prefix: str, limit: int | None = None) -> list[str]:
        """The ``limit`` commonest words that begin with ``prefix`` (itself
        too, if a word), commonest first: what `osteo*` is searched as.
        Under 2,000 words begin with MedQuAD's commonest three letters."""
        low = prefix.lower().translate(_FOLD)
        words = self._in_order()
        at = bisect.bisect_left(words, low)
        found = words[at : bisect.bisect_left(words, low + "\U0010ffff", at)]
        if limit == 1:  # autocomplete's question of a prefix: no sort
            return [max(found, key=self.counts.__getitem__)] if found else []
        found.sort(key=self.counts.__getitem__, reverse=True)
        return found[:limit]

    def _in_order(self) -> list[str]:
        """The words in order (5 ms for MedQuAD's 32,000, when a worker
        warms or for the first word that needs them)."""
        if self._sorted is None:
            words = list(self.counts)
            in_order = sorted(words)
            self._sorted = in_order  # whole, for a query in another thread
            # As in :meth:`warm`: words a write counted meanwhile.
            for word in list(self.counts)[len(words) :]:
                bisect.insort(in_order, word)
        return self._sorted

    def _by_ends(self, low: str, ranked: list[tuple[float, str]]) -> None:
        """Add the words that begin as ``low``'s first half does and end as
        it does, within :data:`ENDS_EDITS` more edits than its letters
        allow, ranked as :meth:`_rank` ranks: a long word typed from memory
        keeps its start and its end and loses or muddles its middle, past
        what edits and sounds reach. Only where they found nothing, and not
        for a word people write (a name, a place). Of 1,500 long words of
        the texts typed with three letters lost and two swapped
        (``bench/spelling.py``), the first candidate was the word meant 44
        times without this, 102 with it."""
        half = max(MIN_LENGTH + 1, (len(low) + 1) // 2)
        end = low[-END_LETTERS:]
        limit = edit_limit(low) + ENDS_EDITS
        alike = [
            word
            for word in self.commonest_beginning(low[:half])
            if word.endswith(end) and abs(len(word) - len(low)) <= limit
        ]
        self._rank(low, alike, limit, 0, ranked)

    def _rank_by_ear(
        self, low: str, alike: set[str], ranked: list[tuple[float, str]]
    ) -> None:
        """Add the words that sound like ``low`` (``alike``), and those spelt
        the same by ear, whose spelling by ear is near its own: counted in
        letters, "sirosis" is two edits from xerosis and three from
        cirrhosis, by ear none from cirrhosis; "excema" is two from excess
        and from eczema, by ear none from eczema (whose Double Metaphone
        keys are not excema's). As by letters, a word spelt by ear loses
        letters rather than gains them: no shorter words by ear ("yactic"
        is no "actiq")."""
        self.warm()
        ear = by_ear(low)
        alike.update(self._by_ear.get(ear, ()))
        alike.discard(low)
        if not alike:
            return
        ears = self._ears  # a word a write adds meanwhile may not be in it yet
        heard = {w: ears.get(w) or by_ear(w) for w in alike}
        for _, distance, candidate in process.extract(
            ear,
            {w: e for w, e in heard.items() if len(e) >= len(ear)},
            scorer=DamerauLevenshtein.distance,
            score_cutoff=EAR_EDITS,
            limit=CANDIDATES,
        ):
            count = self.counts[candidate]
            rank = distance + EAR_COST - FREQUENCY_WEIGHT * math.log10(count + 1)
            ranked.append((rank, candidate))

    def _rank(
        self,
        low: str,
        choices: list[str] | None,
        cutoff: int,
        bonus: float,
        ranked: list[tuple[float, str]],
    ) -> None:
        """Add the five words of ``choices`` nearest ``low``, within
        ``cutoff`` edits, to ``ranked`` with their ranks (lower first)."""
        if not choices:
            return
        for candidate, distance, _ in process.extract(
            low,
            choices,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=cutoff,
            limit=5,
        ):
            count = self.counts[candidate]
            # One edit more is worth a word some hundred times as common: a
            # rare vocabulary word ("symtoms", once) is more often someone's
            # typo than what was meant ("symptoms").
            rank = distance - bonus - FREQUENCY_WEIGHT * math.log10(count + 1)
            ranked.append((rank, candidate))

    def correct(self, text: str) -> str | None:
        """``text`` with unknown words corrected, or None if nothing changed."""
        changed = False

        def fix(match: re.Match[str]) -> str:
            nonlocal changed
            word = match.group(0)
            fixed = self.correct_word(word)
            if fixed is None:
                return word
            changed = True
            return same_case(word, fixed)

        corrected = re.sub(r"\w+", fix, text)
        return corrected if changed else None


def cut_short(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` cut short (see :data:`CUT_SHORT`).

    >>> cut_short("diab", "diabetes"), cut_short("diabete", "diabetes")
    (True, False)
    """
    return len(word) >= len(typed) + CUT_LETTERS and word.startswith(typed.lower())


def edit_limit(word: str) -> int:
    """How many edits off a spelling of ``word`` may be by its letters (one
    more where only its sound finds one).

    >>> edit_limit("gout"), edit_limit("asthma"), edit_limit("hemmoroids")
    (1, 2, 3)
    """
    return 1 if len(word) < 6 else 2 if len(word) < LONG_WORD else 3


def start_slips(word: str) -> tuple[str, ...]:
    """What ``word`` (in small letters) may be with a slip at its start
    undone: the first two letters swapped back, the first letter dropped
    (a key struck before the word); only those with another first letter.

    >>> start_slips("kainesia"), start_slips("ufamilial"), start_slips("ssore")
    (('akinesia', 'ainesia'), ('fuamilial', 'familial'), ())
    """
    forms = (word[1:2] + word[:1] + word[2:], word[1:])
    return tuple(form for form in forms if form[:1] != word[:1])


def sounds(word: str) -> tuple[str, ...]:
    """How ``word`` sounds: its Double Metaphone keys (one or two), none
    for a word without one.

    >>> sounds("sycosis"), sounds("psychosis")
    (('SKSS',), ('SXSS', 'SKSS'))
    """
    return tuple(dict.fromkeys(key for key in doublemetaphone(word) if key))


def by_ear(word: str) -> str:
    """``word`` (in small letters) spelt as it is heard, so that two
    spellings of one sound compare as one (:data:`_EAR_RULES`).

    >>> by_ear("cirrhosis"), by_ear("sirosis"), by_ear("eczema"), by_ear("excema")
    ('sirosis', 'sirosis', 'eksema', 'eksema')
    >>> by_ear("schizophrenia"), by_ear("skitzofrenia")
    ('skisofrenia', 'skisofrenia')
    """
    for pattern, spelt in _EAR_RULES:
        word = pattern.sub(spelt, word)
    return word


def by_ears(words: list[str]) -> list[str]:
    """:func:`by_ear` of each of ``words``, each rule run once over them
    all joined by line breaks, which no rule crosses: MedQuAD's 32,000
    words in some 30 ms against 240 one by one (when a worker warms).

    >>> by_ears(["phlebitis", "sirosis"])
    ['flebitis', 'sirosis']
    """
    return by_ear("\n".join(words)).split("\n") if words else []


def edits(typed: str, known: str) -> int:
    """Edits between two words, a swap of neighbours one (as the speller
    counts them).

    >>> edits("migrane", "migraine"), edits("bowle", "bowel")
    (1, 1)
    """
    return DamerauLevenshtein.distance(typed.lower().translate(_FOLD), known)


def same_case(typed: str, fixed: str) -> str:
    """``fixed`` written in the case ``typed`` was.

    >>> same_case("Wieddeman", "wiedemann"), same_case("GOTU", "gout")
    ('Wiedemann', 'GOUT')
    """
    if typed.isupper() and len(typed) > 1:
        return fixed.upper()
    if typed[:1].isupper():
        return fixed[:1].upper() + fixed[1:]
    return fixed
