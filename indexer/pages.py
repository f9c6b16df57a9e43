"""A page from ranked sections, and an entry's links to its topic.

What a reader sees of a search besides the order (:mod:`indexer.ranking`
decides that): each hit's snippet, source and topic, the "also from" line
of a topic's first hit, what tells one source's namesakes apart, the
facets, and the entries named that the index holds by name only. An
entry's own page links its topic the same way (:func:`same_topic`).
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from . import schema as f
from .copies import is_copy
from .labels import source_label
from .namesakes import namesakes_key
from .plan import QueryPlan
from .ranking import Ranked
from .request import MAX_QUERY_CHARS, SearchRequest
from .results import (
    AlsoFrom,
    FacetValue,
    NameOnly,
    SearchResults,
    SectionHit,
    entry_url,
)
from .snippets import highlight

if TYPE_CHECKING:
    from .names import NameMatch
    from .search import Snapshot

SNIPPET_TERMS = 12  # query terms a snippet marks at most (the rarest)
NAME_ONLY_SHOWN = 3  # entries held by name only a page names at most


def results_page(
    snap: Snapshot,
    request: SearchRequest,
    plan: QueryPlan,
    ranked: Ranked,
    filters: tuple[frozenset[str], frozenset[str]],
    notices: list[str],
    clock: tuple[float, float, float],
) -> SearchResults:
    """The requested page of ranked hits, with snippets and notices.

    :param clock: when the search started, was planned and was ranked
        (``time.perf_counter()``): the page's ``took_ms`` and ``timings``.
    """
    notices = [*notices, *plan.notices]
    if request.cut:
        notices.insert(0, f"Only the first {MAX_QUERY_CHARS} characters were searched.")
    terms, phrases = marked_words(snap, plan)
    first = (request.page - 1) * request.per_page
    page = ranked.hits[first : first + request.per_page]
    shown: set[str] = set()  # the sentences the snippets above showed
    hits = [_to_hit(snap, h, terms, phrases, shown) for h in page]
    name_only: tuple[NameOnly, ...] = ()
    if not request.entry:  # a search in one entry points to no other
        hits = _with_also_from(snap, ranked, hits, [doc for _, doc, _ in page])
        hits = _told_apart(snap, hits)
        name_only = _name_only(snap, plan.name_only[:NAME_ONLY_SHOWN])
    facets = _facets(snap, ranked)
    started, planned, ranked_at = clock
    done = time.perf_counter()
    return SearchResults(
        query=request.text,
        total=ranked.total,
        page=request.page,
        per_page=request.per_page,
        took_ms=(done - started) * 1000,
        results=tuple(hits),
        # The filters applied: as asked for, less the values not in the index.
        sections=tuple(s for s in request.sections if f.section_key(s) in filters[0]),
        sources=tuple(sorted(filters[1])),
        entry=request.entry,
        facets=facets,
        notices=tuple(notices),
        expansions=plan.expansions,
        did_you_mean=plan.corrected,
        showing=plan.showing,
        exact=request.exact,
        name_only=name_only,
        timings=(
            ("plan", (planned - started) * 1000),
            ("rank", (ranked_at - planned) * 1000),
            ("page", (done - ranked_at) * 1000),
        ),
    )


def marked_words(
    snap: Snapshot, plan: QueryPlan
) -> tuple[set[str], tuple[tuple[str, ...], ...]]:
    """The terms and phrases a plan's snippets mark. A message's snippets
    mark its rarest words: marking every word of it costs more than the
    search, and a common word marked says little."""
    terms = plan.terms
    if len(terms) > SNIPPET_TERMS:
        frequency = snap.ranker.frequency
        rarest = sorted(
            (t for t in terms if frequency(t)), key=lambda t: (frequency(t), t)
        )
        terms = set(rarest[:SNIPPET_TERMS])
    return terms, plan.phrases[:SNIPPET_TERMS]  # plan.terms is a new set


def _name_only(snap: Snapshot, entry_ids: tuple[str, ...]) -> tuple[NameOnly, ...]:
    """What the page says of entries held by name only: their stored
    entries are names and a link, small to read."""
    entries = (snap.entry(entry_id) for entry_id in entry_ids)
    return tuple(
        NameOnly(
            entry_id=entry.entry_id,
            title=entry.title,
            source_name=source_label(entry.source),
            url=entry_url(entry.entry_id),
            source_url=entry.url,
        )
        for entry in entries
        if entry is not None
    )


def _to_hit(
    snap: Snapshot,
    found: tuple,
    terms: set[str],
    phrases: tuple[tuple[str, ...], ...] = (),
    shown: set[str] | None = None,
) -> SectionHit:
    score, docnum, more_sections = found
    doc = snap.ranker.page_fields(docnum)
    entry_id = doc[f.ENTRY_ID]
    runs = snap.ranker.stock_runs(docnum, doc)
    source = doc.get(f.SOURCE, "")
    return SectionHit(
        entry_id=entry_id,
        section_id=doc[f.SECTION_ID],
        title=doc[f.TITLE],
        section=doc[f.SECTION],
        score=round(float(score), 4),
        snippet=highlight(
            doc[f.BODY],
            terms,
            phrases=phrases,
            stock_spans=runs,
            shown=shown,
        ),
        url=entry_url(entry_id, doc[f.SECTION_ID]),
        source=source,
        more_sections=more_sections,
        source_name=source_label(source),
        group=snap.topics.of(entry_id, doc[f.TITLE]),
    )


def _with_also_from(
    snap: Snapshot, ranked: Ranked, hits: list[SectionHit], docs: list[int]
) -> list[SectionHit]:
    """The first hit of each topic on the page names the topic's other
    entries that match, each at its best matching section, best first; not
    an entry whose best section is a copy of the hit (:mod:`indexer.copies`),
    which says nothing more.

    :param docs: the hits' document numbers.
    """
    firsts: dict[str, SectionHit] = {}
    shown: dict[str, int] = {}
    for hit, doc in zip(hits, docs, strict=True):
        if firsts.setdefault(hit.group, hit) is hit:
            shown[hit.group] = doc
    others = {
        group: [
            m.entry_id
            for m in snap.topics.members(group)
            if m.entry_id != hit.entry_id and m.sections
        ]
        for group, hit in firsts.items()
    }
    # Entry -> its namesakes' key: an entry that copies another shares it.
    named = {
        m.entry_id: namesakes_key(m.title, m.source)
        for group in firsts
        for m in snap.topics.members(group)
    }
    # One pass over the matches for the whole page.
    best = snap.ranker.best_of(ranked, [e for ids in others.values() for e in ids])
    copies = snap.ranker.copies
    out = []
    for hit in hits:
        if firsts.get(hit.group) is not hit:
            out.append(hit)
            continue
        found = sorted(
            (best[e] + (e,) for e in others[hit.group] if e in best),
            key=lambda item: -item[1],
        )
        also = []
        # One link per text: an entry whose best section copies the hit's
        # or a listed entry's word for word says nothing more (at ten
        # MedQuADs each entry has nine copies, and `heart attack` linked 28).
        said = {int(copies[shown[hit.group]])}
        # A copy's best section may be another than the entry it copies:
        # whole texts are compared too, but only of entries one source
        # titles alike (rare but at ten MedQuADs), not of every link.
        listed = {named.get(hit.entry_id): [hit.entry_id]}
        for docnum, _, entry_id in found:
            copy = int(copies[docnum])
            if any(is_copy(copy, other) for other in said):
                continue
            alike = listed.setdefault(named.get(entry_id), [])
            if any(_same_text(snap, entry_id, other) for other in alike):
                continue
            alike.append(entry_id)
            said.add(copy)
            doc = snap.ranker.page_fields(docnum)
            also.append(
                AlsoFrom(
                    entry_id=entry_id,
                    title=doc[f.TITLE],
                    source_name=source_label(doc.get(f.SOURCE, "")),
                    url=entry_url(entry_id, doc[f.SECTION_ID]),
                )
            )
        out.append(replace(hit, also_from=tuple(also)))
    return out


def same_topic(snap: Snapshot, entry_id: str, title: str) -> tuple[AlsoFrom, ...]:
    """The entries of an entry's topic (:mod:`indexer.topics`) but itself,
    by source as a reader names it, then title: one for each text (an entry
    that copies it or a listed one word for word says nothing more, as on
    a results page), none held by name only (its page has no text to read).
    """
    members = snap.topics.members_of(entry_id, title)
    signature = snap.ranker.copy_signature
    said = {signature(entry_id)}
    out = []
    for m in sorted(
        members,
        key=lambda m: (
            source_label(m.source).casefold(),
            m.title.casefold(),
            m.entry_id,
        ),
    ):
        if m.entry_id == entry_id or not m.sections:
            continue
        text = signature(m.entry_id)
        if text in said:
            continue
        said.add(text)
        out.append(_link(snap, m))
    return tuple(out)


def filed_under(snap: Snapshot, match: NameMatch) -> tuple[AlsoFrom, ...]:
    """The entries with text of the broader topic A.D.A.M. files an entry
    held by name only under, where its own topic holds none
    (:meth:`~indexer.concepts.Concepts.filed_under`): the text its page
    and a synonym lookup point to (*Foot, leg, and ankle swelling*, filed
    under "Edema - peripheral": *Edema*)."""
    if match.sections:
        return ()
    return tuple(_link(snap, m) for m in snap.planner.concepts.filed_under(match))


def _link(snap: Snapshot, match: NameMatch) -> AlsoFrom:
    """A link to another entry, named as the results pages name it."""
    return AlsoFrom(
        entry_id=match.entry_id,
        title=match.title,
        source_name=source_label(match.source),
        url=entry_url(match.entry_id),
        qualifier=snap.qualifier(match.entry_id, match.title),
    )


def _same_text(snap: Snapshot, entry_id: str, other: str) -> bool:
    """Whether two entries say the same word for word, section by section."""
    signature = snap.ranker.copy_signature
    return signature(entry_id) == signature(other)


def _told_apart(snap: Snapshot, hits: list[SectionHit]) -> list[SectionHit]:
    """The hits, with a qualifier on each hit and "also from" link whose
    source titles another entry of the page alike (see
    :meth:`Snapshot.qualifier`). A page without two such entries (954
    of the scale mix's 998 at one MedQuAD, 552 at ten, where each entry
    has nine copies) costs one pass over its titles, not a look at each
    entry's topic."""
    alike: dict[tuple[str, str], set[str]] = {}
    for hit in hits:
        for named in (hit, *(hit.also_from or ())):
            key = namesakes_key(named.title, named.source_name)
            alike.setdefault(key, set()).add(named.entry_id)
    if all(len(ids) == 1 for ids in alike.values()):
        return hits

    def told(named) -> str:
        ids = alike[namesakes_key(named.title, named.source_name)]
        return snap.qualifier(named.entry_id, named.title) if len(ids) > 1 else ""

    out = []
    for hit in hits:
        also = hit.also_from
        if also is not None:
            also = tuple(
                replace(other, qualifier=q) if (q := told(other)) else other
                for other in also
            )
        if (q := told(hit)) or also != hit.also_from:
            hit = replace(hit, qualifier=q, also_from=also)
        out.append(hit)
    return out


def _facets(snap: Snapshot, ranked: Ranked) -> dict[str, tuple[FacetValue, ...]]:
    """The ranked facets with the names a reader knows."""
    if ranked.facets is None:
        return {"section": (), "source": ()}
    names = snap.section_names
    return {
        "section": tuple(
            FacetValue(names.get(key, key), count)
            for key, count in ranked.facets.section
        ),
        "source": tuple(
            FacetValue(source, count, source_label(source))
            for source, count in ranked.facets.source
        ),
    }
