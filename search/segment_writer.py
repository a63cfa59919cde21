"""Whoosh's segment writer, with its postings kept by term as they come.

Whoosh's writer puts every posting in a pool as a (field, term, document,
weight, value) tuple, sorts the whole pool when the segment is written, then
hands the postings one at a time to the codec, which looks up each one's
document length on disk and appends it to a block. Documents are added in
order, so a term's postings arrive already in document order: here they are
kept per term (document numbers, weights, values), only the distinct terms are
sorted, and each block of 128 postings is given to the codec's own block
writer whole, with its statistics computed over the block. The files written
are the ones Whoosh writes (tests/search/test_segment_writer.py compares them).

A pool that outgrows its memory limit spills to disk as Whoosh's does, and
that segment is then written Whoosh's way.
"""

from __future__ import annotations

from array import array
from collections import Counter
from functools import lru_cache

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield, byte_to_length
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint as _pack_uint
from whoosh.writing import PostingPool, SegmentWriter

# A posting's document number and weight in arrays, its value in a list: about
# this many bytes besides the value itself; a term's entry about TERM_BYTES.
POSTING_BYTES = 48
TERM_BYTES = 360
_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


class TermPool(PostingPool):
    """Postings grouped by (field, term): ([documents], [weights], [values])."""

    def __init__(self, tempstore, segment, limitmb=128):
        super().__init__(tempstore, segment, limitmb=limitmb)
        self.terms: dict[tuple[str, bytes], tuple[array, array, list]] = {}

    def add(self, item):
        fieldname, text, docnum, weight, value = item
        entry = self.terms.get((fieldname, text))
        if entry is None:
            self.fieldnames.add(fieldname)
            entry = self.terms[fieldname, text] = (array("I"), array("f"), [])
            self.currentsize += TERM_BYTES + len(text)
        entry[0].append(docnum)
        entry[1].append(weight)
        entry[2].append(value)
        self.currentsize += POSTING_BYTES + len(value or b"")
        if self.currentsize > self.limit:
            self.save()

    def _as_tuples(self) -> None:
        self.current.extend(
            (fieldname, text, docnum, weight, value)
            for (fieldname, text), (docnums, weights, values) in self.terms.items()
            for docnum, weight, value in zip(docnums, weights, values, strict=True)
        )
        self.terms = {}

    def save(self):
        self._as_tuples()
        super().save()

    def iter_postings(self):
        self._as_tuples()
        return super().iter_postings()


class TermWriter(SegmentWriter):
    """A SegmentWriter whose pool is a TermPool, written term by term."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        # Fields with spelling words or term vectors go Whoosh's way throughout.
        self._by_term = not any(
            getattr(field, "spelling", False) or field.vector
            for _name, field in self.schema.items()
        )

    def add_document(self, **fields):
        """Whoosh's add_document, with postings put straight into the pool by
        term, and the words of a field given as a list of analysed words (as
        search.documents gives text) counted without making a token of each."""
        if not self._by_term:
            return super().add_document(**fields)
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        terms = pool.terms
        size = 0
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
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
                    boost = self._field_boost(fields, fieldname, docboost)
                    scorable = field.scorable
                    for text, freq, weight, vbytes in _field_items(field, value):
                        if scorable:
                            length += freq
                        entry = terms.get((fieldname, text))
                        if entry is None:
                            pool.fieldnames.add(fieldname)
                            entry = terms[fieldname, text] = (array("I"), array("f"), [])
                            size += TERM_BYTES + len(text)
                        entry[0].append(docnum)
                        entry[1].append(weight * boost)
                        entry[2].append(vbytes)
                        size += POSTING_BYTES + len(vbytes)
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(
                        fieldname, field.column_type, field.to_column_value(stored)
                    )
        except ValueError:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        pool.currentsize += size
        if pool.currentsize > pool.limit:
            pool.save()

    def _flush_segment(self):
        if self.pool.runs or not self._by_term:
            return super()._flush_segment()  # spilled to disk: Whoosh's way
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            _write_terms(self.fieldwriter, self.schema, lengths, self.pool.terms)
        finally:
            lengths.close()
        self.pool.terms = {}
        self.fieldwriter.close()


def _field_items(field, value):
    """(term bytes, frequency, weight, value) per distinct term, as field.index
    gives them; a list of words in a Positions or Frequency field is counted
    here, each word's position its place in the list, each of weight 1."""
    kind = type(field.format)
    if not isinstance(value, list) or kind not in (Positions, Frequency):
        return field.index(value)
    boost = field.format.field_boost
    if kind is Frequency:
        return [
            (word.encode("utf-8"), count, count * boost, _pack_uint(count))
            for word, count in Counter(value).items()
        ]
    places: dict[str, list[int]] = {}
    for place, word in enumerate(value):
        found = places.get(word)
        if found is None:
            places[word] = [place]
        else:
            found.append(place)
    encode = field.format.encode
    return [
        (
            word.encode("utf-8"),
            len(found),
            len(found) * boost,
            _one_place(found[0]) if len(found) == 1 else encode(found),
        )
        for word, found in places.items()
    ]


@lru_cache(maxsize=1 << 16)
def _one_place(place: int) -> bytes:
    """Positions.encode([place]): most words of a segment occur in it once."""
    return Positions().encode([place])


def _write_terms(fieldwriter, schema, lengths, terms) -> None:
    current = None
    doc_lengths: list[int] | None = None
    blocklimit = None
    for key in sorted(terms):
        fieldname, text = key
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            current = fieldname
            writer = fieldwriter._postwriter
            blocklimit = writer._blocklimit
            doc_lengths = _field_lengths(lengths, fieldname)
        docnums, weights, values = terms[key]
        fieldwriter.start_term(text)
        count = len(docnums)
        for start in range(0, count, blocklimit):
            if start:
                writer._write_block()
            end = start + blocklimit
            block_weights = weights[start:end]
            writer._ids = docnums[start:end]
            writer._weights = block_weights
            writer._values = [value for value in values[start:end] if value]
            writer._maxweight = max(0, max(block_weights))
            if doc_lengths is not None:
                present = [n for n in map(doc_lengths.__getitem__, writer._ids) if n]
                if present:
                    writer._minlength, writer._maxlength = min(present), max(present)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _field_lengths(lengths, fieldname) -> list[int] | None:
    """Each document's length in the field as the codec reads it back (None
    when the field keeps no lengths)."""
    column = _lenfield(fieldname)
    if not lengths.has_column(column):
        return None
    return [_LENGTH_OF_BYTE[b] for b in lengths.column_reader(column, LENGTHS_COLUMN)]
