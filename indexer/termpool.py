"""A full build's postings, grouped by term as they come, written in blocks.

Whoosh's ``PostingPool`` keeps each posting as a tuple, sorts them all
when the segment is finished and, past its memory limit, pickles sorted
runs to disk and merges them back through ``heapq``; its postings writer
then takes them one call per posting. That is what grew faster than the
corpus: in py-spy profiles of full builds, spilling and merging runs was
no sample at one MedQuAD and 12 % at four.

A build's worker adds documents in order, so each term's postings arrive
in document order already: grouping them by term as they come leaves only
the distinct terms to sort, and nothing to spill. The searched fields
(most postings) are kept per term in typed arrays; the other fields (one
or two postings a document: ids, keys, kinds) as Whoosh's tuples, sorted
at the end. :func:`write_pool` then fills Whoosh's posting blocks a block
at a time, with the statistics Whoosh's ``add_posting`` would have kept,
so the segment's files are the ones written through Whoosh's pool, byte
for byte (``tests/test_writer.py`` compares them).
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterator, Sequence
from itertools import groupby
from operator import itemgetter

from .postings import FieldPostings

#: A term's postings: document numbers, weights and encoded values.
Run = tuple[array, array, list]


class TermPool:
    """Postings of a segment whose documents are added in order.

    The interface of Whoosh's ``PostingPool`` that a ``SegmentWriter``
    uses (``add``, ``fieldnames``, ``iter_postings``, ``cleanup``), plus
    :meth:`add_terms` for a field's terms of one document at once.
    """

    def __init__(self, grouped: Collection[str]) -> None:
        self.fieldnames: set[str] = set()
        self._grouped = frozenset(grouped)
        self._runs: dict[str, dict[bytes, Run]] = {}
        self._items: dict[str, list[tuple]] = {}

    def add(self, item: tuple) -> None:
        """Add one posting ``(field, term, docnum, weight, value)``."""
        fieldname, tbytes, docnum, weight, vbytes = item
        if docnum < 0:
            raise ValueError("TermPool takes postings, not spelling words")
        if fieldname in self._grouped:
            self.add_terms(fieldname, docnum, ((tbytes, 0, weight, vbytes),))
            return
        self.fieldnames.add(fieldname)
        items = self._items.get(fieldname)
        if items is None:
            items = self._items[fieldname] = []
        items.append((tbytes, docnum, weight, vbytes))

    def add_terms(
        self,
        fieldname: str,
        docnum: int,
        terms: Sequence[tuple],
        boost: float = 1.0,
    ) -> None:
        """Add a document's terms of a grouped field, as ``(term, frequency,
        weight, value)`` (what :func:`indexer.analysis.index_terms` gives);
        each weight is multiplied by ``boost``, as Whoosh's writer does."""
        runs = self._runs.get(fieldname)
        if runs is None:
            if fieldname not in self._grouped:
                raise ValueError(f"{fieldname!r} is not a grouped field")
            runs = self._runs[fieldname] = {}
            self.fieldnames.add(fieldname)
        for tbytes, _, weight, vbytes in terms:
            run = runs.get(tbytes)
            if run is None:
                run = runs[tbytes] = (array("i"), array("d"), [])
            run[0].append(docnum)
            run[1].append(weight * boost)
            run[2].append(vbytes)

    def runs(self, fieldname: str) -> Iterator[tuple[bytes, Run]]:
        """A field's terms in order, each with its postings, in the order
        Whoosh's pool sorts them (term, then document)."""
        if fieldname in self._runs:
            runs = self._runs[fieldname]
            for tbytes in sorted(runs):
                yield tbytes, runs[tbytes]
            return
        items = self._items.get(fieldname, [])
        items.sort()
        for tbytes, group in groupby(items, itemgetter(0)):
            _, docs, weights, values = zip(*group, strict=True)
            yield tbytes, (docs, weights, values)

    def iter_postings(self) -> Iterator[tuple]:
        """Every posting in Whoosh's order, as Whoosh's pool gives them."""
        for fieldname in sorted(self.fieldnames):
            for tbytes, (docs, weights, values) in self.runs(fieldname):
                for posting in zip(docs, weights, values, strict=True):
                    yield (fieldname, tbytes, *posting)

    def drop(self, fieldname: str) -> None:
        """Forget a field's postings once written (the recorded copy stays)."""
        self._runs.pop(fieldname, None)
        self._items.pop(fieldname, None)

    def cleanup(self) -> None:
        """Nothing to remove: the pool never writes to disk."""
        self._runs.clear()
        self._items.clear()


def write_pool(
    fieldwriter,
    schema,
    pool: TermPool,
    lengths,
    recorded: dict[str, FieldPostings] | None = None,
) -> None:
    """Write ``pool`` through Whoosh's field writer, a block at a time.

    What Whoosh's ``FieldWriter.add_postings`` does posting by posting:
    the same blocks, block statistics and term infos.

    :param lengths: the field lengths (``doc_field_length_reader``), or
        ``None`` when the codec keeps none.
    :param recorded: fields whose postings to keep as they are written.
    """
    recorded = recorded or {}
    for fieldname in sorted(pool.fieldnames):
        fieldobj = schema[fieldname]
        fieldwriter.start_field(fieldname, fieldobj)
        field_length = lengths.doc_field_length_reader(fieldname) if lengths else None
        keep = recorded.get(fieldname)
        for tbytes, (docs, weights, values) in pool.runs(fieldname):
            fieldwriter.start_term(tbytes)
            _fill(fieldwriter._postwriter, docs, weights, values, field_length)
            fieldwriter.finish_term()
            if keep is not None:
                keep.extend(tbytes, docs, weights, values)
        fieldwriter.finish_field()
        pool.drop(fieldname)


def _fill(postwriter, docs, weights, values, field_length) -> None:
    """Put one term's postings into Whoosh's ``W3PostingsWriter`` block by
    block, as its ``add_posting`` would have, one posting at a time."""
    limit = postwriter._blocklimit
    count = len(docs)
    for start in range(0, count, limit):
        stop = min(start + limit, count)
        if start:  # Whoosh writes a full block when the next posting comes
            postwriter._write_block()
        ids = array("I", docs[start:stop])
        block_weights = weights[start:stop]
        postwriter._ids = ids
        postwriter._weights = array("f", block_weights)
        postwriter._values = [v for v in values[start:stop] if v]
        top = max(block_weights)
        if top > 0:  # Whoosh starts from the integer 0 and keeps a greater one
            postwriter._maxweight = top
        if field_length is not None:
            block_lengths = [field_length(d) for d in ids]
            nonzero = [n for n in block_lengths if n]
            if nonzero:
                postwriter._minlength = min(nonzero)
                postwriter._maxlength = max(nonzero)
