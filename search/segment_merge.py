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
import io
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pickle import dumps, load, loads

from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import (
    COMPRESSION_MIN_SIZE,
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
from whoosh.system import _INT_SIZE, pack_int, unpack_int
from whoosh.util.numlists import delta_decode, delta_encode

from search.merge_columns import MergedPerDocWriter, varbytes_values
from search.term_table import CompactTermTable

# zlib level of a block rewritten by the merge: 1 rather than Whoosh's 3 takes a
# sixth off a merge for 1% more index (2,000 testimonies: 19.7 -> 16.4 s, 382 ->
# 386 MB); a block's header says which level, readers only ask whether.
REWRITE_LEVEL = 1
DELETED = -1  # in a docmap: a deleted document, left out of the merge
_SHORT = 2  # a term key starts with its field's number, an unsigned short
WINDOW = 1 << 18  # bytes of a term's postings read at a time


class CannotMerge(Exception):
    """The segments use something this merge does not copy (another codec,
    term vectors); the caller merges them the Whoosh way instead."""


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
        docmaps, count, lengths = _copy_documents(storage, codec, merged, schema, readers)
        _copy_postings(storage, codec, merged, schema, readers, docmaps)
    finally:
        for reader in readers:
            reader.close()
    merged.set_doc_count(count)
    merged._fieldlengths = lengths
    return merged


def _copy_documents(storage, codec, merged, schema, readers):
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
        for block in _source_blocks(sources[index], offset, length, docmap, format_):
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


def _source_blocks(source, offset: int, length: int, docmap, format_):
    """The blocks of one segment's postings of a term, renumbered, as they are
    read: (count, first id or None if unchanged, last id, total weight, max
    weight, header, data)."""
    for raw in _raw_blocks(source, offset, length):
        stream = io.BytesIO(raw)
        count, maxid, block_maxweight, compression, minlb, maxlb = load(stream)
        data = raw[stream.tell() :]
        if isinstance(docmap, int):
            yield _shifted(data, docmap, count, maxid, block_maxweight, compression, minlb, maxlb)
        else:
            block = _filtered(data, docmap, compression, minlb, maxlb, format_)
            if block is not None:
                yield block


def _raw_blocks(source, offset: int, length: int) -> Iterator[bytes]:
    """Each block (header and data) of the postings at offset, read a window
    of the file at a time."""
    end = offset + length
    window, base = source.get(offset, min(length, WINDOW)), offset  # window[0] is byte base
    if window[:4] != WHOOSH3_HEADER_MAGIC:
        raise CannotMerge("postings without the W3 header")
    position = offset + 4
    while position < end:
        if position + _INT_SIZE > base + len(window):
            window, base = source.get(position, min(end - position, WINDOW)), position
        size = abs(unpack_int(window[position - base : position - base + _INT_SIZE])[0])
        position += _INT_SIZE
        if position + size > base + len(window):
            window, base = source.get(position, min(end - position, max(size, WINDOW))), position
        yield window[position - base : position - base + size]
        position += size


def _shifted(data, shift, count, maxid, maxweight, compression, minlb, maxlb):
    if shift:
        raw = zlib.decompress(data) if compression else data
        compression = REWRITE_LEVEL if compression else 0
        data = _pack_shifted(raw, shift, compression)
    header = dumps((count, maxid + shift, maxweight, compression, minlb, maxlb), 2)
    return count, None, maxid + shift, None, maxweight, header, data


_INT_OPS = {b"K"[0]: (1, False), b"M"[0]: (2, False), b"J"[0]: (4, True)}


def _pack_shifted(raw: bytes, shift: int, compression: int) -> bytes:
    """The block's data with its first document number shifted. The data is
    the pickle of (delta-encoded ids, weights, values); the first id is the
    first integer in it, so it is rewritten in place rather than unpickling
    and pickling the whole block again (a third of a merge's time)."""
    at = 3 if raw[2:3] == b"(" else 2  # after PROTO 2, a MARK unless 1-3 ids
    op = _INT_OPS.get(raw[at])
    if raw[:2] != b"\x80\x02" or op is None:
        ids, weights, values = loads(raw)
        return _pack(((ids[0] + shift, *ids[1:]), weights, values), compression)
    size, signed = op
    first = int.from_bytes(raw[at + 1 : at + 1 + size], "little", signed=signed) + shift
    raw = raw[:at] + _pickled_int(first) + raw[at + 1 + size :]
    return zlib.compress(raw, compression) if compression else raw


def _pickled_int(number: int) -> bytes:
    if number < 256:
        return b"K" + number.to_bytes(1, "little")
    if number < 65536:
        return b"M" + number.to_bytes(2, "little")
    return b"J" + number.to_bytes(4, "little", signed=True)


def _filtered(data, docmap, compression, minlb, maxlb, format_):
    ids, weights, values = loads(zlib.decompress(data) if compression else data)
    ids = list(delta_decode(ids))
    count = len(ids)
    if weights is None:
        weights = [1.0] * count
    elif not isinstance(weights, tuple):
        weights = [weights] * count
    values = _values(values, count, format_)
    kept = [
        (docmap[i], w, v)
        for i, w, v in zip(ids, weights, values, strict=True)
        if docmap[i] != DELETED
    ]
    if not kept:
        return None
    new_ids = [i for i, _w, _v in kept]
    new_weights = [w for _i, w, _v in kept]
    new_values = [v for _i, _w, v in kept]
    if all(w == 1.0 for w in new_weights):
        mini_weights = None
    elif all(w == new_weights[0] for w in new_weights):
        mini_weights = new_weights[0]
    else:
        mini_weights = tuple(new_weights)
    fixed = format_.fixed_value_size()
    if fixed is None or fixed < 0:
        mini_values = tuple(new_values)
    elif fixed == 0:
        mini_values = None
    else:
        mini_values = b"".join(new_values)
    databytes = dumps((tuple(delta_encode(new_ids)), mini_weights, mini_values), 2)
    level = compression if len(databytes) >= COMPRESSION_MIN_SIZE else 0
    data = zlib.compress(databytes, level) if level else databytes
    maxweight = max(new_weights)
    header = dumps((len(new_ids), new_ids[-1], maxweight, level, minlb, maxlb), 2)
    return len(new_ids), new_ids[0], new_ids[-1], sum(new_weights), maxweight, header, data


def _values(values, count, format_):
    fixed = format_.fixed_value_size()
    if values is None or fixed == 0:
        return [None] * count
    if fixed is None or fixed < 0:
        if len(values) != count:
            raise CannotMerge("a block whose values do not match its postings")
        return values
    return [values[i * fixed : (i + 1) * fixed] for i in range(count)]


def _pack(data, compression) -> bytes:
    databytes = dumps(data, 2)
    return zlib.compress(databytes, compression) if compression else databytes
