"""The merge's column writer writes Whoosh's bytes, and its in-order reader
reads what Whoosh's reader reads, with lengths and offsets on disk meanwhile."""

from __future__ import annotations

import io
import random

import pytest
from whoosh.columns import VarBytesColumn
from whoosh.filedb.structfile import BufferFile, StructFile

from search import merge_columns
from search.merge_columns import SpilledVarBytesWriter, varbytes_values


def _documents(seed: int, count: int, longest: int) -> list[tuple[int, bytes]]:
    """(document number, value) in order, with gaps (documents without a value)."""
    rng = random.Random(seed)
    docnum, documents = 0, []
    for _ in range(count):
        docnum += rng.choice((1, 1, 1, 2, 5))
        size = rng.choice((0, 1, 7, 255, 256, 300, min(longest, 70_000)))
        documents.append((docnum, bytes([docnum % 251]) * size))
    return documents


def _written(writer_class, documents, doccount, cutoff) -> bytes:
    out = io.BytesIO()
    dbfile = StructFile(out)
    writer = writer_class(dbfile, True, cutoff)
    for docnum, value in documents:
        writer.add(docnum, value)
    writer.finish(doccount)
    return out.getvalue()


class _Segment:
    """What varbytes_values asks of a segment's per-document reader."""

    def __init__(self, data: bytes) -> None:
        self._colfiles = {"column": (BufferFile(data), 0, len(data))}


@pytest.mark.parametrize("piece", [3, 65_536])
@pytest.mark.parametrize("cutoff", [4, 2**15])
@pytest.mark.parametrize(
    ("seed", "count", "longest"),
    [(1, 0, 10), (2, 1, 10), (3, 40, 200), (4, 200, 300), (5, 60, 70_000)],
)
def test_same_bytes_as_whoosh_and_read_back_in_order(
    monkeypatch, piece, cutoff, seed, count, longest
):
    monkeypatch.setattr(merge_columns, "PIECE", piece)
    documents = _documents(seed, count, longest)
    doccount = documents[-1][0] + 1 if documents else 0
    expected = _written(VarBytesColumn.Writer, documents, doccount, cutoff)
    assert _written(SpilledVarBytesWriter, documents, doccount, cutoff) == expected

    whoosh = VarBytesColumn.Reader(BufferFile(expected), 0, len(expected), doccount)
    assert list(varbytes_values(_Segment(expected), "column", doccount)) == list(whoosh)
    assert whoosh.had_stored_offsets == (doccount > cutoff)


def test_documents_after_the_last_value_are_written_empty():
    documents = [(0, b"a" * 300), (2, b"b")]
    data = _written(SpilledVarBytesWriter, documents, 6, 4)
    reader = VarBytesColumn.Reader(BufferFile(data), 0, len(data), 6)
    assert [reader[n] for n in range(6)] == [b"a" * 300, b"", b"b", b"", b"", b""]
    assert list(varbytes_values(_Segment(data), "column", 6)) == [reader[n] for n in range(6)]
