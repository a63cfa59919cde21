"""Merging index segments by copying their postings, block by block.

Whoosh merges segments (`add_reader`) by reading every posting back into its
sorting pool, sorting them all again and writing them one by one: a merge
costs about what indexing those documents cost, and with its default policy an
ingest of 2,000 testimonies rewrote 0.8 times the collection that way (1.8
times predicted at 10,000). Here the segments' documents are laid end to end
in a new segment, so a term's postings in it are its postings in each segment
in turn: each compressed block of postings is copied, only its document
numbers shifted. W3 blocks store document numbers delta-encoded from 0, so
shifting a block changes its first number and its last-number header alone.

Documents deleted in a segment (a testimony ingested again) are left out: that
segment's blocks are decoded, filtered and renumbered instead. Block and term
statistics stay exact except a filtered block's length bounds, which stay
those of the whole source block (still bounds, so scoring stays correct).

Works on Whoosh's W3 codec (whoosh3, pinned in pyproject.toml) without term
vectors; `merge_segments` refuses anything else rather than guess.
"""

from __future__ import annotations

import heapq
from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence

from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3TermInfo,
    _lenfield,
    byte_to_length,
)
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import Storage
from whoosh.reading import SegmentReader
from whoosh.system import pack_int

from search.merge_blocks import DELETED, CannotMerge, source_blocks
from search.merge_columns import MergedPerDocWriter, varbytes_values
from search.term_table import CompactTermTable

_SHORT = 2  # a term key starts with its field's number, an unsigned short


def merge_segments(
    storage: Storage, indexname: str, schema, segments: Sequence[Segment]
) -> Segment:
    """A new segment holding the live documents of `segments`, in their order.

    The segments themselves are left as they are: the caller writes the new
    table of contents (the merged segment instead of its sources) and Whoosh
    removes the old files when nothing uses them any more."""
    codec = W3Codec()
    for segment in segments:
        if not isinstance(segment.codec(), W3Codec):
            raise CannotMerge(f"segment {segment.segment_id()} is not a W3 segment")
    if any(field.vector for _name, field in schema.items()):
        raise CannotMerge("the schema has term vectors")
    merged = codec.new_segment(storage, indexname)
    readers = [SegmentReader(storage, schema, segment) for segment in segments]
    try:
        docmaps, count, lengths = _copy_documents(storage, merged, schema, readers)
        _copy_postings(storage, codec, merged, schema, readers, docmaps)
    finally:
        for reader in readers:
            reader.close()
    merged.set_doc_count(count)
    merged._fieldlengths = lengths
    return merged


def _copy_documents(storage, merged, schema, readers):
    """Stored fields, field lengths and columns of every live document, in
    order. Returns, per reader, its document numbers' shift (an int) or, when
    it has deletions, an array of each old number's new one (DELETED for a
    deleted document); then the document count and the total length of each
    field."""
    writer = MergedPerDocWriter(storage, merged)
    try:
        return _copy_each_document(writer, schema, readers)
    finally:
        writer.close()


def _copy_each_document(writer: MergedPerDocWriter, schema, readers):
    # Stored fields are copied as stored (compressed pickles), never unpickled.
    # Variable-length columns (stored fields, accession) are read in order
    # (search.merge_columns); the others by document number.
    docmaps: list[int | array] = []
    totals: dict[str, int] = defaultdict(int)
    docnum = 0
    for reader in readers:
        perdoc = reader._perdoc
        every = reader.doc_count_all()
        fields = [name for name in reader.indexed_field_names() if name in schema]
        stored = varbytes_values(perdoc, "_stored", every)
        columns, in_order = [], []
        for name in fields:
            if perdoc.has_column(_lenfield(name)):
                column = perdoc.column_reader(_lenfield(name), LENGTHS_COLUMN)
                columns.append((_lenfield(name), LENGTHS_COLUMN, column))
        for name, field in schema.items():
            if not field.column_type or not perdoc.has_column(name):
                continue
            if type(field.column_type) is VarBytesColumn:
                in_order.append((name, field.column_type, varbytes_values(perdoc, name, every)))
            else:
                columns.append(
                    (name, field.column_type, perdoc.column_reader(name, field.column_type))
                )
        deletions = reader.has_deletions()
        if deletions:
            # Arrays, not a list and a dict: a segment may hold most of a
            # large index (800,000 documents at 10,000 testimonies).
            is_deleted = reader.is_deleted
            live = array("i", (n for n in range(reader.doc_count_all()) if not is_deleted(n)))
            docmap = array("i", [DELETED]) * reader.doc_count_all()
            for new, old in enumerate(live):
                docmap[old] = docnum + new
            docmaps.append(docmap)
        else:
            live = range(reader.doc_count_all())
            docmaps.append(docnum)
        for name in fields:
            if not deletions:
                totals[name] += reader.field_length(name)
            elif perdoc.has_column(_lenfield(name)):
                lengths = perdoc.column_reader(_lenfield(name), LENGTHS_COLUMN)
                totals[name] += sum(byte_to_length(lengths[old]) for old in live if lengths[old])
        add = writer.add_column_value
        wanted = iter(live)
        next_live = next(wanted, None)
        sources = (v for _, _, v in in_order)
        for old, value, *values in zip(range(every), stored, *sources, strict=True):
            if old != next_live:
                continue
            next_live = next(wanted, None)
            writer.start_doc(docnum)
            if value:
                writer.stored.add(docnum, value)
            for name, kind, column in columns:
                value = column[old]
                if value or kind is not LENGTHS_COLUMN:
                    add(name, kind, value)
            for (name, kind, _), value in zip(in_order, values, strict=True):
                add(name, kind, value)
            writer.finish_doc()
            docnum += 1
    return docmaps, docnum, dict(totals)


def _terms(index: int, reader) -> Iterator[tuple[str, bytes, int, bytes]]:
    """(field, term, reader index, term info bytes) in field then term order.
    A segment numbers its fields in name order, so its keys run in that order."""
    terms = reader._terms
    unmap = terms._fieldunmap
    for key, value in terms._tindex.items():
        yield unmap[int.from_bytes(key[:_SHORT], "big")], key[_SHORT:], index, value


def _copy_postings(storage, codec, merged, schema, readers, docmaps) -> None:
    writer = codec.field_writer(storage, merged)
    writer._tindex = CompactTermTable.replacing(writer._tindex)
    postfile = writer._postfile
    sources = [reader._terms._postfile for reader in readers]
    formats = {name: field.format for name, field in schema.items()}
    current_field = None
    group: list[tuple[int, bytes]] = []
    key = None

    def flush():
        info = _copy_term(postfile, group, sources, docmaps, formats[key[0]])
        if info is not None:  # None: every posting was of a deleted document
            writer._tindex.add(writer._fieldid.to_bytes(_SHORT, "big") + key[1], info.to_bytes())

    streams = [_terms(index, reader) for index, reader in enumerate(readers)]
    try:
        for field, text, index, value in heapq.merge(*streams):
            if (field, text) != key:
                if key is not None:
                    flush()
                if field != current_field:
                    if current_field is not None:
                        writer.finish_field()
                    writer.start_field(field, schema[field])
                    current_field = field
                key = (field, text)
                group = []
            group.append((index, value))
        if key is not None:
            flush()
        if current_field is not None:
            writer.finish_field()
    finally:
        writer.close()  # on an error, files no table of contents names: removed later


def _copy_term(postfile, group, sources, docmaps, format_) -> W3TermInfo | None:
    """One term's postings over its segments written to postfile a block at a
    time, as they are read (the postings of a word common in 810,000 documents
    are megabytes); its term info, or None if none was live (nothing written)."""
    start = postfile.tell()
    held = None  # a block is written once the next is known: the last one's length is negative
    weight = 0.0
    df = 0
    minlength = None
    maxlength = 0
    maxweight = 0.0
    minid = maxid = None
    for index, value in group:
        source = W3TermInfo.from_bytes(value)
        docmap = docmaps[index]
        if source.is_inlined():
            raise CannotMerge("inlined postings")  # W3 writes none (inline limit 1)
        offset, length = source.extent()
        if isinstance(length, tuple):  # whoosh3's from_bytes leaves it unpacked
            (length,) = length
        copied = False
        for block in source_blocks(sources[index], offset, length, docmap, format_):
            count, first, last, block_weight, block_maxweight, header, data = block
            if not isinstance(docmap, int):
                weight += block_weight
                df += count
            maxweight = max(maxweight, block_maxweight)
            if minid is None:
                minid = first if first is not None else source._minid + docmap
            maxid = last
            if held is None:
                postfile.write(WHOOSH3_HEADER_MAGIC)
            else:
                _write_block(postfile, *held)
            held = (header, data, False)
            copied = True
        if not copied:
            continue
        if isinstance(docmap, int):
            weight += source._weight
            df += source._df
        if source._minlength is not None:
            minlength = (
                source._minlength if minlength is None else min(minlength, source._minlength)
            )
        maxlength = max(maxlength, source._maxlength)
    if held is None:
        return None
    _write_block(postfile, held[0], held[1], True)
    info = W3TermInfo()
    info._weight, info._df = weight, df
    info._minlength, info._maxlength, info._maxweight = minlength, maxlength, maxweight
    info._minid, info._maxid = minid, maxid
    info.set_extent(start, postfile.tell() - start)
    return info


def _write_block(postfile, header: bytes, data: bytes, last: bool) -> None:
    length = len(header) + len(data)
    postfile.write(pack_int(-length if last else length))
    postfile.write(header)
    postfile.write(data)
