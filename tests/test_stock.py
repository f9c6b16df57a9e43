"""Stock sentences: many sections say them alike, so snippets look past them."""

from __future__ import annotations

import numpy as np
import pytest

from indexer import segments, stock
from indexer.stock import sentence_counts, sentence_key, stock_keys, title_words

from .builders import make_entry, other_topics, searching

PREAMBLE = (
    "What are the signs and symptoms of {t}? The Human Phenotype Ontology "
    "provides the following list of signs and symptoms for {t}. If the "
    "information is available, the table below includes how often the "
    "symptom is seen in people with this condition."
)
SIGNS = ["webbed neck", "wide eyes", "short fingers", "curved spine", "low ears"]


def _listed(count: int = 24) -> list:
    """Entries whose Symptoms sections open with the same preamble (as
    GARD's do), then list signs of their own."""
    return [
        make_entry(
            f"cond-{n}",
            f"Condition {n}",
            Summary=f"Condition {n} is rare.",
            Symptoms=PREAMBLE.format(t=f"Condition {n}")
            + f"\nSigns and symptoms: {SIGNS[n % len(SIGNS)]} 90%, "
            f"feature{n} 50%.",
        )
        for n in range(count)
    ]


def test_a_sentence_is_the_same_whatever_topic_it_names():
    noonan = sentence_key(
        "The Human Phenotype Ontology provides the following list of signs "
        "and symptoms for Noonan syndrome.",
        title_words("Noonan syndrome"),
    )
    gout = sentence_key(
        "The Human Phenotype Ontology provides the following list of signs "
        "and symptoms for Gout.",
        title_words("Gout"),
    )
    assert noonan == gout != 0
    # A short answer is no stock, however often it is said; a question is.
    assert sentence_key("Gout is inherited in a dominant manner.", frozenset()) == 0
    assert sentence_key("How is gout treated?", title_words("Gout")) != 0


def test_a_sentence_counts_once_per_section():
    said = "How is it treated? How is it treated? It is treated with rest."
    keys, counts = sentence_counts([("A", said), ("B", said), ("C", "Other.")])
    assert counts.tolist() == [2]  # the question, in two sections
    assert sentence_counts([("A", said)])[0].size == 0  # said by one only


def test_stock_needs_a_share_of_the_sections():
    keys = np.array([5, 9], np.uint64)
    counts = np.array([30, 10], np.uint32)
    # Two segments' counts are added: 9 is said 20 times in all.
    parts = [(keys, counts), (np.array([9], np.uint64), np.array([10], np.uint32))]
    assert stock_keys(parts, sections=1_000) == {5, 9}
    assert stock_keys(parts, sections=8_000) == {5}  # 0.3 %: 24
    assert stock_keys([(keys, counts)], sections=100) == {5}  # at least 20


@pytest.mark.parametrize("derived", [True, False], ids=["from file", "on use"])
def test_a_snippet_shows_what_follows_the_stock(tmp_path, monkeypatch, derived):
    """`what are the symptoms of Noonan syndrome` showed GARD's preamble
    ("The Human Phenotype Ontology provides the following list ...") and
    none of the signs it lists."""
    if derived:  # the writer leaves the counts beside the segment
        monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    with searching(tmp_path, [*_listed(), *other_topics()]) as service:
        hits = service.search("symptoms of condition 3").results
        top = hits[0]
        assert (top.entry_id, top.section) == ("cond-3", "Symptoms")
        assert "curved spine" in top.snippet
        assert "Phenotype" not in top.snippet
        # A query whose words are only in the stock still shows the signs.
        lone = service.search("phenotype ontology").results[0]
        assert "90%" in lone.snippet


def test_a_small_index_has_no_stock(tmp_path, monkeypatch):
    """Below ``MIN_STOCK_SECTIONS`` sections saying a sentence, it is
    text like any other: the snippet opens with it."""
    monkeypatch.setattr(stock, "MIN_STOCK_SECTIONS", 1_000)
    with searching(tmp_path, [*_listed(), *other_topics()]) as service:
        top = service.search("symptoms of condition 3").results[0]
        assert top.snippet.startswith("What are the signs")


def test_an_index_written_before_the_counts_has_no_stock(tmp_path, monkeypatch):
    """A large segment's derived file without the counts: its snippets are
    as before until the file is written again."""
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    write = segments.write_arrays

    def without_counts(path, arrays, header):
        kept = {
            k: v
            for k, v in arrays.items()
            if not k.startswith(("sentences.", "stock."))
        }
        write(path, kept, header)

    monkeypatch.setattr(segments, "write_arrays", without_counts)
    with searching(tmp_path, [*_listed(), *other_topics()]) as service:
        top = service.search("symptoms of condition 3").results[0]
        assert top.snippet.startswith("What are the signs")
