"""A write forgets only what it changed: the answers a worker had worked
out about everything else serve the queries after it.

Each write makes a new snapshot. One that starts cold answers the next
queries slower than the one before it, more so the larger the index
(``bench/scale.py``'s after-a-write rows). Kept answers must still be the
answers: every check here compares a worker that kept them with one that
worked everything out afresh, after writes that add, rename and delete
names that other names share words, first words and word bags with.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import random
import shutil
import weakref

from indexer import SearchService, names
from indexer.analysis import word_bag
from indexer.cards import CardList, NameTables
from indexer.names import NameIndex, NamePart, entry_card, name_key
from indexer.sources import SourcedEntry
from indexer.topics import Topics

from .builders import make_entry

#: Names the entries carry now or after the writes below, and a few that
#: share words with them: every answer about these is compared.
PROBES = (
    "Gout",
    "Podagra",
    "Gouty arthritis",
    "Arthritis gouty",
    "Tophaceous arthritis",
    "Gout flare",
    "Kidney stones",
    "Renal calculi",
    "Calculi renal",
    "Nephrolithiasis",
    "Kidney",
    "Stones kidney",
    "Tumor ablation",
    "Ablation",
    "Arthritis",
    "Wheezing",
)


def _ask(index: NameIndex) -> dict:
    """Every answer the name index gives about the probes."""
    out = {}
    for name in PROBES:
        key = name_key(name)
        entries, groups = index._lookup(key)
        out[key] = (
            [m.entry_id for m in entries],
            groups,
            index.name_words(key),
            index.in_any_order(word_bag(key)),
            [m.entry_id for m in index._alike(key, name)],
        )
    return out


def _names(service: SearchService) -> NameIndex:
    with service._reading() as snap:
        return snap.names


def _check(service: SearchService) -> NameIndex:
    """The kept answers are a fresh index's; then every probe is asked, so
    that the next write finds an answer to keep or forget for each."""
    index = _names(service)
    assert _ask(index) == _ask(NameIndex(index.parts))
    return index


def _sourced(entry) -> SourcedEntry:
    return SourcedEntry(entry, "api", entry.entry_id)


def test_answers_kept_across_writes_are_a_fresh_index_answers(index_dir, entries):
    gout = next(e for e in entries if e.entry_id == "gout")
    with SearchService(index_dir, refresh_interval=0, merge_idle=None) as service:
        _check(service)
        writes = [
            # Renamed: one name gone, one new whose words are another's.
            lambda: service.upsert(
                [
                    _sourced(
                        dataclasses.replace(
                            gout, alternative_names=("Tophaceous arthritis",)
                        )
                    )
                ]
            ),
            # A new entry whose name begins with another's first word.
            lambda: service.upsert(
                [_sourced(make_entry("flare", "Gout flare", Definition="A flare."))]
            ),
            # A new entry carrying another's name in another order.
            lambda: service.upsert(
                [
                    _sourced(
                        make_entry(
                            "renal",
                            "Wheezing",
                            ("Calculi renal",),
                            Definition="Stones.",
                        )
                    )
                ]
            ),
            lambda: service.remove(["kidney-stones"]),
            lambda: service.remove(["flare"]),
        ]
        for write in writes:
            write()
            _check(service)


def test_a_write_keeps_what_it_did_not_change(index_dir, entries, monkeypatch):
    gout = next(e for e in entries if e.entry_id == "gout")
    with SearchService(index_dir, refresh_interval=0, merge_idle=None) as service:
        before = _check(service)
        kept = before._lookup(name_key("Kidney stones"))
        stones = _topics(service)["kidney-stones"]
        read, worked = [], []
        view = names._view
        monkeypatch.setattr(names, "_view", lambda c: read.append(c) or view(c))
        resolve = Topics._resolve
        monkeypatch.setattr(
            Topics, "_resolve", lambda t, key: worked.append(key) or resolve(t, key)
        )
        service.upsert([_sourced(dataclasses.replace(gout, alternative_names=()))])
        after = _names(service)
        assert after is before  # one index, brought up to date
        assert after._lookup(name_key("Kidney stones")) is kept
        assert after.name_words("renal") == 2
        assert read == []  # no card read for names the write did not touch
        assert after._lookup(name_key("Podagra")) == ((), ())
        # Nor a topic worked out again but the one the write touched.
        assert _topics(service)["kidney-stones"] == stones
        assert worked == [name_key("Gout")]


def _part(rank: int, *cards: tuple[int, str]) -> NamePart:
    parsed = [(doc, json.loads(card)) for doc, card in cards]
    return NamePart(rank, NameTables.build(CardList.from_parsed(parsed)))


def test_a_merge_that_drops_a_card_deleted_in_the_same_commit_forgets_it():
    gout = entry_card("gout", "Gout", ["Gout", "Podagra"], "x", 2)
    stones = entry_card("stones", "Kidney stones", ["Kidney stones"], "x", 1)
    index = NameIndex([_part(0, (0, gout), (3, stones))])
    assert _ask(index)[name_key("Podagra")][0] == ["gout"]
    merged = _part(1, (0, stones))  # gout deleted, its segment merged away
    index.use([merged])
    assert _ask(index) == _ask(NameIndex([merged]))


def _topics(service: SearchService, topics: Topics | None = None) -> dict:
    """Each live entry's topic and its members, as ``topics`` (by default
    the service's, kept across writes) tells them."""
    index = _names(service)
    with service._reading() as snap:
        topics = topics or snap.topics
    out = {}
    for part in index.parts:
        for doc, card in part.tables.cards:
            if doc in part.dead or "e" not in card:
                continue
            topic = topics.of(card["e"], card["t"])
            out[card["e"]] = (topic, [m.entry_id for m in topics.members(topic)])
    return out


def test_topics_kept_across_writes_are_fresh_topics(index_dir):
    def entry(source, entry_id, title, *names):
        made = make_entry(entry_id, title, names, Summary=f"About {title}.")
        return SourcedEntry(dataclasses.replace(made, source=source), "api", entry_id)

    with SearchService(index_dir, refresh_interval=0, merge_idle=None) as service:
        writes = [
            [entry("A", "a-heart", "Heart attack", "Myocardial infarction")],
            [entry("B", "b-mi", "Myocardial infarction")],  # joins by a name
            [entry("C", "c-heart", "Heart attack")],  # joins by its title
            [entry("A", "a-heart", "Heart attack")],  # the name that joined: gone
            [entry("B", "b-gout", "Gout")],  # joins the sample's gout
            [entry("A", "a-angina", "Angina", "Heart attack")],  # its own source's
        ]
        for write in writes:
            _topics(service)  # worked out, to be kept or forgotten
            with service._reading() as snap:  # and those of entries to come
                for sourced in write:
                    snap.topics.of(sourced.entry.entry_id, sourced.entry.title)
            service.upsert(write)
            index = _names(service)
            fresh = Topics(index.entries, index.may_be_title)
            assert _topics(service) == _topics(service, fresh)
        service.remove(["b-mi", "gout"])
        index = _names(service)
        assert _topics(service) == _topics(service, Topics(index.entries))


#: Writes are drawn from these names: other entries' titles and names
#: (joining topics, sharing names), words of them in another order, and
#: new ones.
POOL = (
    "Heart attack",
    "Myocardial infarction",
    "Gout",
    "Podagra",
    "Kidney stones",
    "Stones kidney",
    "Renal colic",
    "High blood pressure",
    "Hypertension",
    "Blood pressure high",
    "Asthma",
    "Wheezing",
    "Migraine",
    "Sick headache",
    "Liver metastases",
    "Cirrhosis",
)
QUESTIONS = (
    "what causes kidney stones",
    "heart attack symptoms",
    "treatment for gout",
    "high blood pressure medicine",
    "my son has asthma and wheezing at night",
    "liver cancer spread",
)


def _answers(service: SearchService) -> dict:
    """What a user gets for the pool's names, some questions, their
    synonyms and their first letters: pages without their timing."""
    out = {}
    for text in (*POOL, *QUESTIONS):
        page = service.search(text).to_json()
        page.pop("took_ms", None)
        out["search", text] = page
    for name in POOL:
        out["synonyms", name] = service.synonyms(name)
        out["suggest", name[:3]] = service.suggest(name[:3])
    return out


def test_a_worker_that_kept_its_answers_serves_a_fresh_workers_pages(
    tmp_path, corpus_index_dir
):
    index_dir = tmp_path / "index"
    shutil.copytree(corpus_index_dir, index_dir)
    pick = random.Random(79)
    with SearchService(index_dir, refresh_interval=0, merge_idle=None) as service:
        ids = sorted(m["entry_id"] for m in service.synonyms("heart attack")["matches"])
        ids += ["gout", "kidney-stones", "asthma", "migraine", "cirrhosis"]
        for n in range(10):
            _answers(service)  # worked out, to be kept or forgotten
            kind = pick.choice(("rename", "rename", "new", "delete"))
            if kind == "delete" and len(ids) > 3:
                service.remove([ids.pop(pick.randrange(len(ids)))])
            elif kind == "new":
                title, *names = pick.sample(POOL, 3)
                ids.append(f"new-{n}")
                made = make_entry(f"new-{n}", title, names, Summary=f"On {title}.")
                service.upsert([_sourced(dataclasses.replace(made, source="B"))])
            else:
                entry = service.get_entry(pick.choice(ids))
                names = tuple(pick.sample(POOL, pick.randrange(4)))
                renamed = dataclasses.replace(entry, alternative_names=names)
                service.upsert([SourcedEntry(renamed, "api", entry.entry_id)])
            with SearchService(index_dir, merge_idle=None) as fresh:
                assert _answers(service) == _answers(fresh), (n, kind)


def test_a_replaced_snapshot_is_freed_without_the_garbage_collector(index_dir):
    """Its planner held the snapshot's bound methods and the snapshot the
    planner: at ten MedQuADs each write left its ranker's arrays (some
    100 MB) until a full collection, which kept answers made rarer."""
    gc.disable()
    try:
        with SearchService(index_dir, refresh_interval=0, merge_idle=None) as service:
            service.search("what is the treatment for gout")  # planner, ranker
            with service._reading() as snap:
                old, ranker = weakref.ref(snap), weakref.ref(snap.ranker)
            del snap
            made = make_entry("probe", "Probe", Summary="A probe.")
            service.upsert([_sourced(made)])
            service.search("probe")
            assert old() is None and ranker() is None
    finally:
        gc.enable()
