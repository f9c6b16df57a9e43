"""The segment writer every write uses: Whoosh's, with analysis done once.

Whoosh's ``SegmentWriter.add_document`` asks each field to index its value
through the analyzer's chain of generators; for the searched fields this
writer asks :func:`indexer.analysis.index_terms` instead, which gives the
same terms, frequencies, weights and encoded positions in one loop, and
remembers the answers for values that recur (an entry's title and names
are indexed again in each of its sections). In a py-spy profile of a full
MedQuAD build, the chain was 28 % of the samples.

A full build's worker also records the searched fields' postings as the
sorted pool streams them into the segment (:meth:`SectionWriter.record`),
so the segment's postings and derived files are written from them rather
than read back through Whoosh, term by term (13 % of the samples). And
Whoosh's postings writer gets each document's field lengths from a list
rather than from the length column, posting by posting.

Every other field, and a schema whose searched fields are analysed some
other way (an index written by another version), goes through Whoosh as
before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.tokenizers import IDTokenizer
from whoosh.formats import Existence, Positions
from whoosh.writing import PostingPool, SegmentWriter

from . import schema as f
from .analysis import (
    STOP_WORDS,
    MedicalStemFilter,
    MedicalTokenizer,
    index_terms,
)
from .postings import FieldPostings
from .termpool import TermPool, write_pool


def analysed_here(field) -> bool:
    """Whether :func:`index_terms` indexes ``field`` as Whoosh would: the
    medical analyzer, positions, no boost, no vectors or spelling words."""
    analyzer = getattr(field, "analyzer", None)
    return (
        isinstance(analyzer, CompositeAnalyzer)
        and [type(x) for x in analyzer.items] == [MedicalTokenizer, MedicalStemFilter]
        and analyzer.items[0].stoplist == STOP_WORDS
        and type(field.format) is Positions
        and field.format.field_boost == 1.0
        and not field.vector
        and not field.separate_spelling()
    )


def indexed_whole(field) -> bool:
    """Whether ``field`` indexes a value as one term, as Whoosh's ``ID``
    does: its tokenizer alone, presence only (weight the field's boost).
    Whoosh's chain of generators for that was 4 % of a 10x build's samples
    (ids, keys, kinds: four per section)."""
    return (
        field.indexed
        and type(getattr(field, "analyzer", None)) is IDTokenizer
        and type(field.format) is Existence
        and not field.vector
        and not field.separate_spelling()
    )


class SectionWriter(SegmentWriter):
    """A ``SegmentWriter`` that analyses the searched fields itself."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._here = frozenset(
            name
            for name in f.SEARCHED
            if name in self.schema and analysed_here(self.schema[name])
        )
        self._whole = frozenset(
            name for name, field in self.schema.items() if indexed_whole(field)
        )
        # Fields with vectors or spelling words: Whoosh's add_document.
        self._whoosh = any(
            field.vector or field.separate_spelling()
            for _, field in self.schema.items()
        )
        #: The searched fields' postings as written, once :meth:`record` ran.
        self.recorded: dict[str, FieldPostings] | None = None

    def record(self) -> None:
        """Keep the searched fields' postings as the segment is written
        (a full build's worker: its segment is all new documents, added
        in order, so their postings are also grouped by term as they come:
        :class:`indexer.termpool.TermPool`)."""
        self.recorded = {name: FieldPostings() for name in f.SEARCHED}
        if not self._whoosh and not self._added:
            self.pool = TermPool(grouped=f.SEARCHED)

    def add_document(self, **fields) -> None:
        """Whoosh's ``add_document``, with the searched fields' terms from
        :func:`index_terms`."""
        if self._whoosh:
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        add_post = self.pool.add
        add_posts = self._add_posts
        add_terms = getattr(self.pool, "add_terms", None)

        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields if not name.startswith("_")])
        self._check_fields(schema, fieldnames)

        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    if fieldname in self._here and isinstance(value, str):
                        terms = index_terms(value)
                        if field.scorable:
                            length = sum(freq for _, freq, _, _ in terms)
                        if add_terms is not None:
                            add_terms(fieldname, docnum, terms, fieldboost)
                        else:
                            add_posts(
                                fieldname,
                                [
                                    (fieldname, tbytes, docnum, weight * fieldboost, v)
                                    for tbytes, _, weight, v in terms
                                ],
                            )
                        items: Iterable = ()
                    elif fieldname in self._whole and isinstance(value, str):
                        items = ((value.encode(), 1, field.format.field_boost, b""),)
                    else:
                        items = field.index(value)
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in items:
                        weight *= fieldboost
                        if scorable:
                            length += freq
                        add_post((fieldname, tbytes, docnum, weight, vbytes))
                customval = fields.get(f"_stored_{fieldname}", value)
                sv = customval if field.stored else None
                perdocwriter.add_field(fieldname, field, sv, length)
                column = field.column_type
                if column and customval is not None:
                    cv = field.to_column_value(customval)
                    perdocwriter.add_column_value(fieldname, column, cv)
        except ValueError:
            perdocwriter.cancel_doc()
            raise

        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_posts(self, fieldname: str, items: list[tuple]) -> None:
        """Add one field's postings of a document to the pool at once.

        Whoosh's ``PostingPool.add`` checks and sizes each posting in
        Python; this adds the same size estimate for the lot and spills,
        as Whoosh does, once the pool is past its limit (after the field
        rather than after the posting that crossed it).
        """
        pool = self.pool
        if not isinstance(pool, PostingPool) or not items:
            for item in items:
                pool.add(item)
            return
        pool.fieldnames.add(fieldname)
        # Whoosh's estimate per posting: 150 bytes of objects, the field
        # name, the term twice (as if a str) and the value.
        pool.currentsize += (150 + len(fieldname)) * len(items) + sum(
            2 * len(item[1]) + len(item[4]) for item in items
        )
        pool.current.extend(items)
        if pool.currentsize > pool.limit:
            pool.save()

    def _flush_segment(self) -> None:
        # Whoosh's _flush_segment, with the field lengths read once per
        # document, and the postings recorded on their way if asked.
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr) if pdr else None
        if isinstance(self.pool, TermPool):
            write_pool(self.fieldwriter, self.schema, self.pool, lengths, self.recorded)
        else:
            postings = self.pool.iter_postings()
            if self.recorded is not None:
                postings = _recording(postings, self.recorded)
            self.fieldwriter.add_postings(self.schema, lengths, postings)
        self.fieldwriter.close()
        if pdr:
            pdr.close()


class _Lengths:
    """A segment's field lengths for Whoosh's ``add_postings``, read into a
    list once per field: Whoosh reads the length column again for every
    posting (a struct unpack each), 5 % of a full build's samples."""

    def __init__(self, pdr) -> None:
        self._pdr = pdr

    def doc_field_length_reader(self, fieldname: str, default: int = 0):
        get = self._pdr.doc_field_length_reader(fieldname, default)
        return [get(n) for n in range(self._pdr.doc_count_all())].__getitem__

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        return self._pdr.doc_field_length(docnum, fieldname, default)


def _recording(
    postings: Iterable[tuple], recorded: dict[str, FieldPostings]
) -> Iterator[tuple]:
    """Pass the sorted postings on, keeping those of ``recorded``'s fields."""
    field = term = None
    found = None
    for item in postings:
        fieldname, tbytes, docnum, weight, vbytes = item
        if fieldname != field:
            field, term = fieldname, None
            found = recorded.get(fieldname)
        if found is not None:
            if tbytes != term:
                term = tbytes
                found.terms.append(tbytes)
                found.sizes.append(0)
            found.sizes[-1] += 1
            found.add(docnum, weight, vbytes)
        yield item
