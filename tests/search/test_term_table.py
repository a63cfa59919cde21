"""The compact term table writes the very file Whoosh's OrderedHashWriter
writes, and a reader finds every key in it, however its pending entries
were spilled and read back."""

from __future__ import annotations

import random

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter

from search import term_table
from search.term_table import CompactTermTable


def keys_and_values(count: int) -> list[tuple[bytes, bytes]]:
    rng = random.Random(7)
    keys = sorted({b"\x00\x01" + f"w{rng.randrange(10**9)}".encode() for _ in range(count)})
    return [(key, f"info {n}".encode() * rng.randrange(1, 4)) for n, key in enumerate(keys)]


def written(storage, name, table_class, items) -> bytes:
    table = OrderedHashWriter(storage.create_file(name))
    table.extras["fieldmap"] = {"text": 1}
    if table_class is CompactTermTable:
        table = CompactTermTable.replacing(table)
    for key, value in items:
        table.add(key, value)
    table.close()
    with storage.open_file(name) as f:
        return f.read()


@pytest.mark.parametrize(("count", "chunk"), [(0, 7), (1, 7), (300, 7), (5000, 65536), (5000, 7)])
def test_the_same_bytes_as_whooshs_table(tmp_path, monkeypatch, count, chunk):
    # chunk: entries spilled and read back at a time (7: many chunks, and
    # hash tables built from several reads of the spill)
    monkeypatch.setattr(term_table, "CHUNK_ENTRIES", chunk)
    storage = FileStorage(str(tmp_path))
    items = keys_and_values(count)
    theirs = written(storage, "theirs.trm", OrderedHashWriter, items)
    ours = written(storage, "ours.trm", CompactTermTable, items)
    assert ours == theirs
    reader = OrderedHashReader(storage.open_file("ours.trm"), len(ours))
    try:
        assert reader.extras["fieldmap"] == {"text": 1}
        assert [(k, reader[k]) for k, _ in items] == items
        assert b"\x00\x01absent" not in reader
    finally:
        reader.close()


def test_keys_out_of_order_are_refused(tmp_path):
    storage = FileStorage(str(tmp_path))
    table = CompactTermTable.replacing(OrderedHashWriter(storage.create_file("t.trm")))
    table.add(b"b", b"1")
    with pytest.raises(ValueError):
        table.add(b"a", b"2")
    table.close()
