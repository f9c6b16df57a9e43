"""Copies of a section in other entries: listed once, still counted."""

from __future__ import annotations

import pytest

from indexer import segments

from .builders import make_entry, other_topics, searching

TITLE = "Causes of Diabetes"


def _copies() -> list:
    """One entry three times under other ids, as MedQuAD holds NIDDK's."""
    return [
        make_entry(
            f"diabetes-causes-{n}",
            TITLE,
            Summary="Diabetes has several causes.",
            Causes="Type 2 diabetes is caused by insulin resistance.",
        )
        for n in range(3)
    ]


@pytest.mark.parametrize("derived", [True, False], ids=["from file", "on use"])
def test_a_section_copied_in_other_entries_is_listed_once(
    tmp_path, monkeypatch, derived
):
    """`can diabetes cause blurry vision` listed the same two sections of
    four entries: eight hits no reader could tell apart."""
    if derived:  # the writer leaves the copies' keys beside the segment
        monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    with searching(tmp_path, [*_copies(), *other_topics(words=" diabetes")]) as service:
        found = service.search("what causes diabetes")
        copied = [h for h in found.results if h.title == TITLE]
        assert {h.entry_id for h in copied} == {"diabetes-causes-0"}
        assert len(copied) == 2  # its two sections, each once
        assert found.total >= 6  # the copies still count
        # Nor are they named under "also from": they say nothing more.
        assert copied[0].also_from == ()


def test_an_entry_of_the_topic_that_is_no_copy_is_still_named(tmp_path):
    """Another source's entry on the topic says something else: "also
    from" names it beside the first copy."""
    other = make_entry(
        "diabetes-overview",
        TITLE,
        Summary="Diabetes has several causes, among them genes and weight.",
    )
    with searching(tmp_path, [*_copies(), other, *other_topics()]) as service:
        first = service.search("causes of diabetes").results[0]
        assert first.entry_id == "diabetes-causes-0"
        assert [a.entry_id for a in first.also_from] == ["diabetes-overview"]


def test_sections_that_differ_in_a_word_are_both_listed(tmp_path):
    """Same title, section name and length, the same score for the query:
    a key without the text folded such pairs (CancerGov's two *Lung
    Cancer* summaries for `lung`)."""
    entries = [
        make_entry("lung-1", "Lung Cancer", Summary="Lung cancer grows slowly here."),
        make_entry("lung-2", "Lung Cancer", Summary="Lung cancer grows quickly here."),
        *other_topics(words=" cancer"),
    ]
    with searching(tmp_path, entries) as service:
        hits = service.search("lung").results
        assert hits[0].score == hits[1].score  # the query cannot tell them apart
        assert {h.entry_id for h in hits[:2]} == {"lung-1", "lung-2"}


def test_an_index_written_before_the_keys_lists_its_copies(tmp_path, monkeypatch):
    """A large segment's derived file without the keys: its copies are
    listed as before (reading every section would cost a worker seconds),
    until the file is written again."""
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    write = segments.write_arrays

    def without_keys(path, arrays, header):
        write(path, {k: v for k, v in arrays.items() if k != "copies"}, header)

    monkeypatch.setattr(segments, "write_arrays", without_keys)
    with searching(tmp_path, [*_copies(), *other_topics(words=" diabetes")]) as service:
        found = service.search("what causes diabetes")
        copied = {h.entry_id for h in found.results if h.title == TITLE}
        assert copied == {f"diabetes-causes-{n}" for n in range(3)}
