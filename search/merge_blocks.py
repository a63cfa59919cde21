"""A term's postings in a segment, block by block, as a merge copies them:
shifted (the block's document numbers moved by a constant, its data rewritten
in place) or filtered (a segment with deletions: decoded, deleted documents
left out, renumbered). See search.segment_merge.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pickle import dumps, load, loads

from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util.numlists import delta_decode, delta_encode

# zlib level of a block rewritten by the merge: 1 rather than Whoosh's 3 takes a
# sixth off a merge for 1% more index (2,000 testimonies: 19.7 -> 16.4 s, 382 ->
# 386 MB); a block's header says which level, readers only ask whether.
REWRITE_LEVEL = 1
DELETED = -1  # in a docmap: a deleted document, left out of the merge
WINDOW = 1 << 18  # bytes of a term's postings read at a time


class CannotMerge(Exception):
    """The segments use something this merge does not copy (another codec,
    term vectors); the caller merges them the Whoosh way instead."""


def source_blocks(source, offset: int, length: int, docmap, format_):
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
