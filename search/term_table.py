"""A segment's term table written with memory that does not grow with its terms.

Whoosh's OrderedHashWriter (the .trm file: every term's key and posting
information, then a hash table to find them and an index of key positions)
remembers each term's hash and file position as a tuple in a list, and each
position in an array, until it writes the tables at the end: about 120 bytes
a term. Merging 10,000 testimonies into one segment writes about a million
terms, so the merge's memory grew with the archive. `CompactTermTable` writes
the pending entries to an unnamed temporary file as they come and builds the
hash tables from it a quarter of the buckets at a time; the file it writes is
byte for byte Whoosh's.
"""

from __future__ import annotations

import tempfile
from array import array

from whoosh.filedb.filetables import OrderedHashWriter, _lengths, _pointer

from search.growable_arrays import final_typecode

BUCKETS = 256  # whoosh's: a key's bucket is the low byte of its hash
BUCKET_GROUPS = 4  # hash tables built a group of buckets per read of the spill
CHUNK_ENTRIES = 65536  # entries read back at a time


class CompactTermTable(OrderedHashWriter):
    """An OrderedHashWriter (keys added in order) whose pending entries wait
    in a temporary file, (hash, position) as two 8-byte integers each."""

    @classmethod
    def replacing(cls, table: OrderedHashWriter) -> CompactTermTable:
        """This table in place of `table`, which has written only its header:
        the same file, and the same extras (the field map the field writer fills)."""
        if any(table.buckets) or len(table.index):
            raise ValueError("the term table already has terms")
        compact = cls.__new__(cls)
        compact.__dict__.update(table.__dict__)
        compact.buckets = None
        compact.index = None
        compact._spill = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        compact._pending = array("q")
        compact._count = 0
        compact._last_position = 0
        return compact

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        dbfile = self.dbfile
        position = dbfile.tell()
        dbfile.write(_lengths.pack(len(key), len(value)))
        dbfile.write(key)
        dbfile.write(value)
        self._pending.append(self.hashfn(key))
        self._pending.append(position)
        if len(self._pending) >= 2 * CHUNK_ENTRIES:
            self._spill_pending()
        self._count += 1
        self._last_position = position
        self.lastkey = key

    def _spill_pending(self) -> None:
        self._pending.tofile(self._spill)
        self._pending = array("q")

    def _entries(self):
        """(hashes, positions) of every entry in the order added, a chunk at a time."""
        self._spill.seek(0)
        while chunk := self._spill.read(16 * CHUNK_ENTRIES):
            values = array("q")
            values.frombytes(chunk)
            yield values[0::2], values[1::2]

    def _write_hashes(self) -> None:
        # HashWriter._write_hashes, a group of buckets at a time: open
        # addressing in a table of twice the bucket's entries, an empty slot
        # being (0, 0) (no key is at position 0: the file starts with a header).
        self._spill_pending()
        self._spill.flush()
        dbfile = self.dbfile
        group_size = BUCKETS // BUCKET_GROUPS
        pack = _pointer.pack
        for first in range(0, BUCKETS, group_size):
            buckets = [(array("q"), array("q")) for _ in range(group_size)]
            for hashes, positions in self._entries():
                for hashed, position in zip(hashes, positions, strict=True):
                    bucket = (hashed & (BUCKETS - 1)) - first
                    if 0 <= bucket < group_size:
                        buckets[bucket][0].append(hashed)
                        buckets[bucket][1].append(position)
            for hashes, positions in buckets:
                start = dbfile.tell()
                slots = 2 * len(hashes)
                self.directory.append((start, slots))
                table_hashes = array("q", bytes(8 * slots))
                table_positions = array("q", bytes(8 * slots))
                for hashed, position in zip(hashes, positions, strict=True):
                    slot = (hashed >> 8) % slots
                    while table_positions[slot]:
                        slot = (slot + 1) % slots
                    table_hashes[slot] = hashed
                    table_positions[slot] = position
                dbfile.write(
                    b"".join(pack(h, p) for h, p in zip(table_hashes, table_positions, strict=True))
                )

    def _write_extras(self) -> None:
        # OrderedHashWriter._write_extras with its GrowableArray's type: the
        # narrowest that holds every position (they only grow).
        typecode = final_typecode(self._last_position, first="H", longs=True)
        self.extras["indextype"] = typecode
        self.extras["indexlen"] = self._count
        self.dbfile.write_pickle(self.extras)  # HashWriter._write_extras
        for _hashes, positions in self._entries():
            self.dbfile.write_array(array(typecode, positions))

    def close(self):
        try:
            return super().close()
        finally:
            self._spill.close()
