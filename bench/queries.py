"""A realistic, reproducible query mix drawn from the corpus itself.

Why from the corpus: queries for words the index lacks only exercise the
"no hits" path. Taking words, phrases, names, questions and pasted passages
from the entries gives hit counts and query lengths like the ones users
send, and one seeded ``random.Random`` means the engine and the baseline
(and two runs a week apart) see exactly the same queries.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from indexer.errors import ParseError

try:
    from indexer.analysis import STOP_WORDS as _ENGINE_STOP
except ImportError:  # the analyzer's list moved; our own short list still works
    _ENGINE_STOP = frozenset()
from indexer.model import Entry, Section
from indexer.sources import SourcedEntry, iter_sourced, list_files

#: Query kinds and their share of the mix (they sum to 1).
KIND_SHARES: dict[str, float] = {
    "word": 0.20,
    "phrase": 0.15,
    "altname": 0.10,
    "misspelling": 0.10,
    "question": 0.15,
    "section": 0.15,
    "long": 0.15,
}

_WORD = re.compile(r"^[A-Za-z][A-Za-z'-]*[A-Za-z]$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_STOP = (
    frozenset(
        "a an and are as at be by for from has have in is it its of on or that the "
        "their there these this to was were which with may can also other such than "
        "they who what when how not most more some into about".split()
    )
    | _ENGINE_STOP
)  # users do not search for words the engine ignores
# Questions for sources without MedQuAD's <Question> texts (the text corpus).
_QUESTION_TEMPLATES: dict[str, str] = {
    "Symptoms": "What are the symptoms of {}?",
    "Causes": "What causes {}?",
    "Treatment": "How is {} treated?",
    "Exams and Tests": "How is {} diagnosed?",
    "Prevention": "How can I prevent {}?",
    "Outlook": "What is the outlook for {}?",
    "Possible Complications": "What are the complications of {}?",
}
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class BenchQuery:
    """One query as a user would send it: text, kind, optional section filter."""

    text: str
    kind: str
    section: str | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.text, self.section)


@dataclass(frozen=True)
class LoadedCorpus:
    """The parsed corpus, and how long parsing took (the baseline pays it too)."""

    items: list[SourcedEntry]
    parse_seconds: float
    skipped: int

    @property
    def entries(self) -> list[Entry]:
        return [item.entry for item in self.items]


def load_corpus(path: Path) -> LoadedCorpus:
    """Parse every entry under ``path`` with the indexer's own readers."""
    started = time.perf_counter()
    items: list[SourcedEntry] = []
    skipped = 0
    for item in iter_sourced(list_files([path])):
        if isinstance(item, ParseError):
            skipped += 1
        else:
            items.append(item)
    return LoadedCorpus(items, time.perf_counter() - started, skipped)


# -- pieces of text --------------------------------------------------------


def _sections(entry: Entry) -> list[Section]:
    return [s for s in entry.sections if not s.is_empty]


def _words(text: str) -> list[str]:
    """Plain alphabetic words of ``text``, punctuation stripped from the ends."""
    stripped = (w.strip(".,;:!?()[]\"'•") for w in text.split())
    return [w for w in stripped if _WORD.match(w)]


def _content_word(rng: random.Random, text: str, min_len: int = 4) -> str | None:
    words = [w for w in _words(text) if len(w) >= min_len and w.lower() not in _STOP]
    return rng.choice(words).lower() if words else None


def _question(entry: Entry, section: Section) -> str:
    if section.question:
        return section.question
    template = _QUESTION_TEMPLATES.get(section.name, "What is {}?")
    return template.format(entry.title.lower())


def _misspell(rng: random.Random, word: str) -> str:
    """``word`` with one edit: substitution, deletion, insertion or swap."""
    word = word.lower()
    while True:
        i = rng.randrange(len(word))
        edit = rng.choice(("sub", "del", "ins", "swap"))
        if edit == "sub":
            out = word[:i] + rng.choice(_ALPHABET) + word[i + 1 :]
        elif edit == "del":
            out = word[:i] + word[i + 1 :]
        elif edit == "ins":
            out = word[:i] + rng.choice(_ALPHABET) + word[i:]
        elif i + 1 < len(word):
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        else:
            continue
        if out != word:
            return out


# -- one query of each kind -------------------------------------------------

Maker = Callable[[random.Random, Sequence[Entry]], BenchQuery | None]


def _word(rng: random.Random, entries: Sequence[Entry]) -> BenchQuery | None:
    entry = rng.choice(entries)
    if rng.random() < 0.5:
        word = _content_word(rng, entry.title, min_len=3)
    else:
        word = _content_word(rng, rng.choice(_sections(entry)).text)
    return BenchQuery(word, "word") if word else None


def _phrase(rng: random.Random, entries: Sequence[Entry]) -> BenchQuery | None:
    words = _words(rng.choice(_sections(rng.choice(entries))).text)
    size = rng.choice((2, 3))
    if len(words) < size:
        return None
    start = rng.randrange(len(words) - size + 1)
    chunk = [w.lower() for w in words[start : start + size]]
    if chunk[0] in _STOP or chunk[-1] in _STOP:
        return None
    return BenchQuery('"' + " ".join(chunk) + '"', "phrase")


def _altname(rng: random.Random, entries: Sequence[Entry]) -> BenchQuery | None:
    entry = rng.choice(entries)
    if not entry.alternative_names:
        return None
    return BenchQuery(rng.choice(entry.alternative_names), "altname")


def _misspelling(rng: random.Random, entries: Sequence[Entry]) -> BenchQuery | None:
    title = rng.choice(entries).title
    words = title.split()
    long_ones = [i for i, w in enumerate(words) if _WORD.match(w) and len(w) >= 5]
    if not long_ones:
        return None
    i = rng.choice(long_ones)
    typo = _misspell(rng, words[i])
    if len(words) > 1 and rng.random() < 0.5:
        # The whole title with one word mistyped, as a user would paste it.
        return BenchQuery(" ".join([*words[:i], typo, *words[i + 1 :]]), "misspelling")
    return BenchQuery(typo, "misspelling")


def _natural_question(
    rng: random.Random, entries: Sequence[Entry]
) -> BenchQuery | None:
    entry = rng.choice(entries)
    return BenchQuery(_question(entry, rng.choice(_sections(entry))), "question")


def _filtered(rng: random.Random, entries: Sequence[Entry]) -> BenchQuery | None:
    entry = rng.choice(entries)
    section = rng.choice(_sections(entry))
    if rng.random() < 0.5:
        text = entry.title
    else:
        text = _content_word(rng, section.text)
    return BenchQuery(text, "section", section.name) if text else None


def _long(rng: random.Random, entries: Sequence[Entry]) -> BenchQuery | None:
    """A question followed by sentences of its answer: 50-200 words."""
    entry = rng.choice(entries)
    sections = _sections(entry)
    section = rng.choice(sections)
    target = rng.randint(50, 200)
    words = _question(entry, section).split()
    # The answer first, then the entry's other sections if it is too short.
    for part in [section, *(s for s in sections if s is not section)]:
        for sentence in _SENTENCE_END.split(part.text):
            words += sentence.split()
            if len(words) >= target:
                return BenchQuery(" ".join(words[:target]), "long")
    return None


MAKERS: dict[str, Maker] = {
    "word": _word,
    "phrase": _phrase,
    "altname": _altname,
    "misspelling": _misspelling,
    "question": _natural_question,
    "section": _filtered,
    "long": _long,
}


def build_mix(entries: Sequence[Entry], n: int, seed: int) -> list[BenchQuery]:
    """``n`` distinct queries (fewer if the corpus is too small), shuffled.

    Each kind gets its share of ``n``; a tiny corpus may not have enough
    distinct alternative names, which then simply yields fewer of them.
    """
    rng = random.Random(seed)
    searchable = [e for e in entries if _sections(e)]
    if not searchable:
        raise ValueError("the corpus has no entry with text to query")
    quotas = {kind: round(n * share) for kind, share in KIND_SHARES.items()}
    quotas["word"] += n - sum(quotas.values())
    seen: set[tuple[str, str | None]] = set()
    mix: list[BenchQuery] = []
    for kind, quota in quotas.items():
        made = attempts = 0
        while made < quota and attempts < quota * 50:
            attempts += 1
            query = MAKERS[kind](rng, searchable)
            if query is None or not query.text.strip() or query.key in seen:
                continue
            seen.add(query.key)
            mix.append(query)
            made += 1
    rng.shuffle(mix)
    return mix


def skewed_log(
    mix: Sequence[BenchQuery], n: int, seed: int, s: float = 1.1
) -> list[BenchQuery]:
    """``n`` requests where the query of rank r comes with weight 1 / r**s.

    The mix is already shuffled, so the popular head holds every kind.
    """
    rng = random.Random(seed + 1)
    weights = accumulate(1 / rank**s for rank in range(1, len(mix) + 1))
    return rng.choices(list(mix), cum_weights=list(weights), k=n)


def prefixes(entries: Sequence[Entry], n: int, seed: int) -> list[str]:
    """Up to ``n`` distinct autocomplete prefixes: 1-4 letters of a name."""
    rng = random.Random(seed + 2)
    names = sorted({name for entry in entries for name in entry.names})
    out: dict[str, None] = {}
    for _ in range(n * 20):
        if len(out) >= n:
            break
        name = rng.choice(names).lower()
        prefix = name[: rng.randint(1, 4)]
        if prefix.strip() and prefix[0].isalnum():
            out.setdefault(prefix, None)
    return list(out)
