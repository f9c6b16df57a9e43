"""Exact name lookups in :class:`indexer.prefixes.KeyRows`: rows compared in
one piece give what row-by-row comparison gave, colliding hashes included."""

import numpy as np
import pytest

from indexer.prefixes import KeyRows, text_arrays

MANY = 40  # rows of one key


def _colliding(keys: list[str]) -> KeyRows:
    """Rows whose keys all share one hash (as two keys whose hashes
    collide would), one row per key, document = position."""
    text, offsets = text_arrays([k.encode() for k in keys])
    n = len(keys)
    return KeyRows(
        np.full(n, 7, np.uint64),
        text,
        offsets,
        np.arange(n, dtype=np.int64),
        np.zeros(n, np.int64),
    )


@pytest.mark.parametrize("rows", [1, 2, MANY])
def test_find_gives_every_row_of_a_key(rows):
    table = KeyRows.build(
        [("chronic", doc, 0) for doc in range(rows)]
        + [(f"other {i}", 1000 + i, 1) for i in range(50)]
    )
    assert table.find("chronic") == [(doc, 0) for doc in range(rows)]
    assert table.live_rows("chronic", None, frozenset()).tolist() == [0] * rows
    assert table.live_rows("chronic", None, frozenset({0})).tolist() == [0] * (rows - 1)
    assert table.find("acute") == []
    assert table.live_rows("acute", None, frozenset()).tolist() == []


@pytest.mark.parametrize(
    "keys",
    [
        # Same length, another text among them.
        ["ab"] * MANY + ["ba"] + ["ab"] * 3,
        # Lengths that differ but add up, joined, to copies of the key.
        ["a", "bab"] + ["ab"] * MANY,
    ],
)
def test_rows_of_a_colliding_hash_are_told_apart(keys):
    table = _colliding(keys)
    wanted = [doc for doc, key in enumerate(keys) if key == "ab"]
    assert [doc for doc, _ in table.find("ab", hashed=7)] == wanted
    live = table.live_rows("ab", 7, frozenset(wanted[:1]))
    assert len(live) == len(wanted) - 1


def test_words_are_the_rows_words_each_whole():
    # Row texts are joined without a separator: the last word of one row
    # must not run into the first of the next ("ring" + "café").
    table = KeyRows.build(
        [("ear ring", 0, 0), ("café au lait", 1, 0), ("ring", 2, 0), ("x", 3, 0)]
    )
    assert table.words == {"ear", "ring", "café", "au", "lait", "x"}
    assert KeyRows.build([]).words == frozenset()
