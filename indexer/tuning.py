"""Every weight and threshold of ranking, in one object.

Ranking combines several signals (see :mod:`indexer.ranking`); their
weights live here so they can be read, reviewed and fitted together
(``bench/tune.py`` fits them on real consumer questions and the generated
query sets, and prints every set before and after). Each field says in one
line why it exists; the default values are the fitted ones.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Tuning:
    """The ranking's parameters. Frozen: a change is a new object."""

    # -- BM25F: one saturation over the weighted fields --------------------
    #: Term-frequency saturation: the tenth "gout" in a section adds little.
    k1: float = 3.0
    #: A title word says most about what a section is about.
    title: float = 16.0
    #: An alternative name says nearly as much as the title.
    names: float = 2.0
    #: The section's own name ("Treatment") marks what it answers.
    section: float = 0.0
    #: The question a section answers; its words meet the question's words.
    question: float = 3.0
    #: A word the section-name or question field of fewer than this share
    #: of the sections holds is no template word ("treated", "inherited",
    #: in hundreds of questions) but a topic's word left in one question
    #: ("syndrome" in one of 16,409): it is not scored in that field. The
    #: question words of MedQuAD fall apart at 46+ against 5 or fewer.
    template_share: float = 0.001
    #: In a question of more concepts than ``coordination_words``, the
    #: kind fields (what kind of section the words ask for: "side effects",
    #: "inherited") add at most this share of what the topic fields give
    #: a section: they tell which section of a topic, not which topic, and
    #: in a long question they are often narrative ("caused by"). Without
    #: it, for a question about methadone's side effects every drug's Side
    #: Effects section came before methadone's other sections. Short
    #: queries ("gout treatment", "forget a dose") keep the whole intent in
    #: sections that match what else they ask about, or where they ask
    #: nothing else; elsewhere it is cut the same way (`where can I find
    #: support for lupus` listed other entries' Support Groups first;
    #: LiveQA dev and the generated sets the same within 0.001).
    #: LiveQA dev MAP@10 (message / summary / keywords), no cap 0.422 /
    #: 0.493 / 0.453: 0.25 gives 0.443 / 0.511 / 0.451, 0.5 0.436 / 0.514 /
    #: 0.451, 1 0.421 / 0.506 / 0.451; the generated sets held (a cap for
    #: every query: 0.442 / 0.524 / 0.451, but in small indexes "gout
    #: treatment options" lost its Treatment section). ``inf``: no cap.
    intent_share: float = 0.25
    #: The text itself; the unit the other weights are measured in.
    body: float = 1.0
    #: Length normalisation of titles, names and section names: a word in a
    #: three-word title counts more than in a ten-word one.
    b_short: float = 1.0
    #: Length normalisation of the text: long sections mention more words.
    b_body: float = 0.75
    #: True: BM25F over title, names and text (frequencies weighted and
    #: summed, then saturated once); False: the sum of one BM25 per field.
    #: The section name and question are scored apart either way.
    bm25f: bool = True

    # -- query words ---------------------------------------------------------
    #: A synonym of a name the user typed, against the name as typed.
    alternative: float = 0.5
    #: A spelling correction of a word the index does not know.
    correction: float = 1.0
    #: A word said again weighs more, saturating like BM25's k3 (0: off).
    repeat: float = 1.0
    #: In a message (more than a dozen words), a word that no title or
    #: name contains is chatter more often than topic ("Tuesday", names of
    #: people, numbers): its weight is multiplied by this.
    chatter: float = 0.5
    #: Soft AND: the share of the query's weight a section matches, raised
    #: to this power, multiplies its score (0 turns it off).
    coordination: float = 0.5
    #: Queries of up to this many concepts get the whole soft AND; longer
    #: ones proportionally less (like "minimum should match" percentages):
    #: in a long message no section has every word, and chatter decides.
    coordination_words: int = 4

    #: Words of a name found together in more than this share of the
    #: sections say what kind of thing the name is: "syndrome" (21 % of
    #: MedQuAD's sections), "disease" (26 %), "disorder" (17 %), but not
    #: "personality disorder", "protein" (10 %) or "vitamin" (2 %). Left
    #: alone of a name held by name only, they would list every thing of
    #: that kind (see ``Ranker._alternative``).
    generic_share: float = 0.15

    # -- signals beyond the words -------------------------------------------
    #: Sections of an entry the query names (title or alternative name)
    #: are multiplied by 1 + this times the share of the query it covers.
    name_match: float = 3.0
    #: Query words that stand next to each other in a section (in order)
    #: add up to this many times their score (Meilisearch's "proximity"
    #: rule). Not for pasted messages: there it cost 7 ms a message (reading
    #: positions) for a LiveQA gain within noise (MAP 0.304 -> 0.321).
    #: Three, with ``pair_rarity``: the generated text phrases' MRR@10 rose
    #: 0.604 -> 0.767 (held-out 0.697 -> 0.811), LiveQA held (1 before).
    proximity: float = 3.0
    #: Candidates whose word positions the proximity signal reads. 200, not
    #: 50: a section holding a two-word phrase of its own ("vision
    #: deficits") often scored below the first 50 on the words alone (other
    #: entries have one of the words in their titles), and was never checked.
    proximity_depth: int = 200
    #: A pair of query words that stands together in many of the candidates
    #: ("stop using", "side effects") is a common phrase, in one of them a
    #: distinctive one ("microwave ablation"): its proximity credit is
    #: multiplied by the pair's rarity among the candidates (see
    #: ``proximity._rarity``) to this power. Without it a stronger proximity
    #: cost LiveQA summaries MAP 0.495 -> 0.462 (ten questions down, four up).
    pair_rarity: float = 2.0
    #: Overview sections (Summary, Definition) of an entry get this much
    #: more when the whole query is the entry's name ("gout", "what is
    #: gout"): such a query asks what the thing is. A query with anything
    #: more ("gout treatment") gets no overview boost at all: a boost in
    #: proportion to the name's share of the query, or for every overview,
    #: cost title-plus-section queries their section (P@1 0.92 -> 0.56).
    overview: float = 0.5
    #: Unless the caller sets ``per_entry``, an entry whose best section
    #: scores ``lead`` times every other entry's best lists all its sections
    #: scoring ``dominant`` of that best, not just two: the cap is there for
    #: rivals that answer as well, and such an entry has none. Round values,
    #: not fitted: on the LiveQA dev half 0.3 and 1.2 scored higher.
    dominant: float = 0.5
    lead: float = 1.5
    #: Unless the caller sets ``per_entry``, an entry the query names (its
    #: title or an alternative name, or ``title_cover``) lists up to this
    #: many sections: the cap keeps rivals from being crowded out, and the
    #: entry asked for by name has none. ``what is gout`` shows the
    #: sections of *Gout*, not two and then entries that mention it.
    #: LiveQA dev MAP@10 rose with it (3: +0.03, 4: +0.05, 10: +0.08); 10
    #: is "no cap".
    named_sections: int = 10
    #: When a short query names several things ("can gum disease cause a
    #: heart attack"), their entries' sections take turns on the
    #: page, this many at a time (0: by score alone, when the first named
    #: entry's ten sections could fill it). LiveQA dev MAP@10 (message /
    #: summary / keywords): 0.443 / 0.511 / 0.451 by score; 2 at a time
    #: 0.440 / 0.525 / 0.462 (six questions up, three down); 1 at a time
    #: 0.441 / 0.523 / 0.452. Messages are left by score: their names are
    #: as often narrative (all messages: 0.438 / 0.525 / 0.462 at 2).
    named_turn: int = 2
    #: Only things whose best section scores at least this share of the
    #: best one's take turns; a weaker one keeps its place by score. A
    #: floor against noise, not a judge of which names matter: the scores
    #: do not tell them apart (in a LiveQA dev summary that names two
    #: things, the second's best section scored 0.2-0.3 of the first's, as
    #: "clinical trials" does of "restless legs syndrome" in "what research
    #: (or clinical trials) is being done for restless legs syndrome").
    #: LiveQA dev summaries: 0.525 at 0, 0.526 at 0.2, 0.518 at 0.3-0.5,
    #: 0.514 at 0.7.
    turn_share: float = 0.2
    #: An entry whose whole title the query holds, word by word or by
    #: synonyms but not as one phrase (``hypoglycemia in newborns`` and
    #: *Low blood sugar - newborns*), is named too, with this share of
    #: the weight of those words (so it lists more sections as well). A
    #: round value: LiveQA dev MAP@10 rose at 0.25, 0.5, 0.75 and 1 alike
    #: (+0.02 / +0.01 / +0.03 at 0.5), the generated sets held at 0.5 and
    #: lost typo MRR at 1 (0.990 -> 0.978).
    title_cover: float = 0.5
    #: A section that is little more than a link or an address ("More
    #: detailed information on heart attacks is available at
    #: www.nhlbi.nih.gov") is multiplied by this: it points to an answer
    #: rather than giving one, and short as it is, BM25 would rank it high.
    pointer: float = 0.2
    #: A reading list (:mod:`indexer.readinglists`: "These resources
    #: address ...", then titles of other resources) is multiplied by
    #: this, where the query does not ask for its kind of section.
    reading_list: float = 0.5

    def with_values(self, **values: float) -> Tuning:
        """A copy with some values changed (fitting uses this)."""
        return replace(self, **values)

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT = Tuning()
