"""A segment's term table written with the memory of two numbers per term.

Whoosh's OrderedHashWriter (the .trm file: every term's key and posting
information, with a hash table to find them) remembers each term's hash and
file position as a tuple in a list until it writes the hash tables at the
end: about 120 bytes a term. Merging 10,000 testimonies into one segment
writes about a million terms, so the merge's memory grew with the archive.
`CompactTermTable` keeps them in two arrays per hash bucket (12 bytes a term)
and writes the same bytes.
"""

from __future__ import annotations

from array import array

from whoosh.filedb.filetables import OrderedHashWriter, _lengths, _pointer

BUCKETS = 256  # whoosh's: a key's bucket is the low byte of its hash


class CompactTermTable(OrderedHashWriter):
    """An OrderedHashWriter (keys added in order) whose pending hash entries
    are arrays; the file it writes is byte for byte the same."""

    @classmethod
    def replacing(cls, table: OrderedHashWriter) -> CompactTermTable:
        """This table in place of `table`, which has written only its header:
        the same file, extras (the field map the field writer fills) and index."""
        if any(table.buckets) or len(table.index):
            raise ValueError("the term table already has terms")
        compact = cls.__new__(cls)
        compact.__dict__.update(table.__dict__)
        compact.buckets = [(array("I"), array("q")) for _ in range(BUCKETS)]
        return compact

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        dbfile = self.dbfile
        position = dbfile.tell()
        self.index.append(position)
        dbfile.write(_lengths.pack(len(key), len(value)))
        dbfile.write(key)
        dbfile.write(value)
        hashed = self.hashfn(key)
        hashes, positions = self.buckets[hashed & (BUCKETS - 1)]
        hashes.append(hashed)
        positions.append(position)
        self.lastkey = key

    def _write_hashes(self) -> None:
        # HashWriter._write_hashes over the arrays: open addressing in a table
        # of twice the bucket's entries, an empty slot being (0, 0) (no key is
        # at position 0: the file starts with a header).
        dbfile = self.dbfile
        for hashes, positions in self.buckets:
            start = dbfile.tell()
            slots = 2 * len(hashes)
            self.directory.append((start, slots))
            table_hashes = array("I", bytes(4 * slots))
            table_positions = array("q", bytes(8 * slots))
            for hashed, position in zip(hashes, positions, strict=True):
                slot = (hashed >> 8) % slots
                while table_positions[slot]:
                    slot = (slot + 1) % slots
                table_hashes[slot] = hashed
                table_positions[slot] = position
            pack = _pointer.pack
            dbfile.write(
                b"".join(pack(h, p) for h, p in zip(table_hashes, table_positions, strict=True))
            )
        self.buckets = []
