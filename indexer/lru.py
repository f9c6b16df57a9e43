"""A least-recently-used cache bounded by what its values cost, and a
bounded memo for answers asked again and again.

The ranker caches posting lists and scored terms per searcher. Bounding by
entry count would let a few long lists take hundreds of megabytes; bounding
by list length alone would let empty lists (words the index does not have)
pile up for ever, each costing nothing. Here every entry costs its value's
size plus a fixed overhead, and the oldest go when the budget is spent.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class CostLRU(Generic[K, V]):
    """An LRU mapping whose values' summed cost stays within ``budget``.

    :param cost: a value's size in the budget's unit.
    :param entry_cost: what any entry costs besides its value (the key, the
        dictionary slot), so empty values are bounded too.

    >>> cache = CostLRU(10, len, entry_cost=1)
    >>> for word in ("aa", "bbb", "", "cccc"):
    ...     cache.put(word, word)
    >>> sorted(cache.keys()), cache.spent
    (['', 'bbb', 'cccc'], 10)
    >>> cache.get("aa") is None, cache.get("bbb")
    (True, 'bbb')
    """

    def __init__(
        self, budget: int, cost: Callable[[V], int], entry_cost: int = 8
    ) -> None:
        self.budget = budget
        self.cost = cost
        self.entry_cost = entry_cost
        self.spent = 0
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is None:
            return None
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V) -> None:
        if key in self._items:
            self.spent -= self._items.pop(key)[1]
        cost = self.cost(value) + self.entry_cost
        self._items[key] = (value, cost)
        self.spent += cost
        while self.spent > self.budget and len(self._items) > 1:
            _, (_, old) = self._items.popitem(last=False)
            self.spent -= old

    def keys(self) -> list[K]:
        return list(self._items)

    def __len__(self) -> int:
        return len(self._items)


#: Answers about a word or a run kept per snapshot, for each kind of
#: question asked of :func:`remembered` while planning.
MAX_REMEMBERED = 50_000

_MISSING = object()


def remembered(cache: dict[K, V], key: K, make: Callable[[K], V], most: int) -> V:
    """``cache[key]``, made by ``make(key)`` the first time it is asked; past
    ``most`` keys the cache is emptied first.

    For the answers planning asks of a query's words and runs, query after
    query: bounded, and cheaper on every hit than an LRU's bookkeeping (a
    run's key is mostly new or soon asked again). ``make`` may give None.

    >>> cache = {}
    >>> remembered(cache, "a", str.upper, 2), remembered(cache, "a", str.lower, 2)
    ('A', 'A')
    >>> _ = remembered(cache, "b", str.upper, 2); remembered(cache, "c", str.upper, 2)
    'C'
    >>> sorted(cache)
    ['c']
    """
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        if len(cache) >= most:
            cache.clear()
        found = cache[key] = make(key)
    return found
