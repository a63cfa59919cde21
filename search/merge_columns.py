"""The per-document columns of a merged segment, written and read without
holding a number per document in memory.

Whoosh's writer of variable-length bytes (the stored fields, the accession
column) keeps each document's length and offset in arrays until it finishes,
its reader loads them all when it opens, and its per-document writer writes
every column into one temporary file that is copied out, a 32 KB block at a
time, at the end. Merging the 10,000-testimony index (810,000 documents) that
held 22 MB at once (traced): 9.4 MB of the writer's arrays, the reader's as
many, 2.3 MB of block records. Here the lengths and offsets wait in a
temporary file, sources are read in order a piece of their lengths at a time,
and each column goes straight to its own file. The files are byte for byte
Whoosh's (tests/search/test_merge_columns.py).
"""

from __future__ import annotations

import struct
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterator

from whoosh.codec.whoosh3 import W3Codec, W3PerDocWriter
from whoosh.columns import VarBytesColumn

from search.growable_arrays import final_typecode

# Documents whose (length, offset) pairs are held before they go to the
# temporary file, and lengths read from a source at a time.
PIECE = 65_536


class SpilledVarBytesWriter:
    """VarBytesColumn.Writer's file, with its per-document lengths and offsets
    in a temporary file until `finish`."""

    def __init__(self, dbfile, allow_offsets: bool = True, cutoff: int = 2**15) -> None:
        self._dbfile = dbfile
        self._count = 0
        self._offset_base = 0
        self._longest = 0  # offsets only grow: the largest is the last
        self._pairs = array("q")  # length, offset, length, offset...
        self._spill = tempfile.TemporaryFile()  # noqa: SIM115 (closed by finish)
        self.allow_offsets, self.cutoff = allow_offsets, cutoff

    def fill(self, docnum: int) -> None:
        while self._count < docnum:
            self._append(0)
            self._count += 1

    def add(self, docnum: int, value: bytes) -> None:
        self.fill(docnum)
        self._dbfile.write(value)
        self._append(len(value))
        self._longest = max(self._longest, len(value))
        self._offset_base += len(value)
        self._count = docnum + 1

    def _append(self, length: int) -> None:
        self._pairs.append(length)
        self._pairs.append(self._offset_base)
        if len(self._pairs) >= 2 * PIECE:
            self._pairs.tofile(self._spill)
            del self._pairs[:]

    def finish(self, doccount: int) -> None:
        # Whoosh's finish takes its offsets array before filling in documents
        # past the last value, so a widening there would leave them out; this
        # writes them (no merge ends on a document without stored fields).
        last_offset = self._offset_base if doccount > self._count else self._last_offset()
        self.fill(doccount)
        self._pairs.tofile(self._spill)
        del self._pairs[:]
        lengths_code, offsets_code = final_typecode(self._longest), final_typecode(last_offset)
        self._copy_out(0, lengths_code)
        write_offsets = self.allow_offsets and doccount > self.cutoff
        if write_offsets:
            self._copy_out(1, offsets_code)
        self._dbfile.write(lengths_code.encode("ascii"))
        if write_offsets:
            self._dbfile.write(offsets_code.encode("ascii") + b"X")
        self._spill.close()

    def _last_offset(self) -> int:
        if self._pairs:
            return self._pairs[-1]
        if not self._count:
            return 0
        self._spill.seek(-8, 2)
        return array("q", self._spill.read(8))[0]

    def _copy_out(self, which: int, typecode: str) -> None:
        """Lengths (0) or offsets (1) from the temporary file, as the array of
        `typecode` Whoosh writes (big-endian)."""
        self._spill.seek(0)
        while chunk := self._spill.read(2 * PIECE * 8):
            pairs = array("q")
            pairs.frombytes(chunk)
            self._dbfile.write_array(array(typecode, pairs[which::2]))


class ColumnFiles:
    """Stands in for W3PerDocWriter's CompoundWriter: each column is written
    straight to its own file of the segment."""

    def __init__(self, storage, segment) -> None:
        self._storage, self._segment = storage, segment
        self._files = []

    def create_file(self, name: str):
        file = self._storage.create_file(W3Codec.column_filename(self._segment, name))
        self._files.append(file)
        return file

    def save_as_files(self, _storage, _name_fn) -> None:
        for file in self._files:
            file.close()


class MergedPerDocWriter(W3PerDocWriter):
    """W3PerDocWriter for a merge: columns in their own files from the start,
    variable-length ones spilled. Stored fields are given as stored (compressed
    pickles) straight to `stored`, never through add_field."""

    def __init__(self, storage, segment) -> None:
        # W3PerDocWriter.__init__ without its CompoundWriter (Whoosh pinned).
        self._codec, self._storage, self._segment = W3Codec(), storage, segment
        self._cols = ColumnFiles(storage, segment)
        self.stored = SpilledVarBytesWriter(self._cols.create_file("_stored"))
        self._colwriters = {"_stored": self.stored}
        self._fieldlengths = defaultdict(int)
        self._doccount = 0
        self._docnum = None
        self._storedfields = None
        self._indoc = False
        self.is_closed = False
        self._vpostfile = None

    def _create_column(self, fieldname, column) -> None:
        if fieldname in self._colwriters:
            raise ValueError(f"column {fieldname!r} added twice")
        file = self._cols.create_file(fieldname)
        if type(column) is VarBytesColumn:
            writer = SpilledVarBytesWriter(file, column.allow_offsets, column.write_offsets_cutoff)
        else:
            writer = column.writer(file)
        self._colwriters[fieldname] = writer


def varbytes_values(perdoc, fieldname: str, doccount: int) -> Iterator[bytes]:
    """Each document's value in a VarBytesColumn of a segment, in order, as
    VarBytesColumn.Reader would give them, reading its lengths a piece at a time."""
    if fieldname not in perdoc._colfiles:
        perdoc._colfiles[fieldname] = perdoc._get_column_file(fieldname)
    colfile, basepos, length = perdoc._colfiles[fieldname]
    last = basepos + length - 1
    code = chr(colfile.get_byte(last))
    if code == "X":  # offsets written too, before the two type codes
        code, offsets_code = chr(colfile.get_byte(last - 2)), chr(colfile.get_byte(last - 1))
        last = last - 2 - doccount * struct.calcsize(offsets_code)
    size = struct.calcsize(code)
    lengths_at = last - size * doccount
    position = basepos
    for first in range(0, doccount, PIECE):
        count = min(PIECE, doccount - first)
        for n in colfile.get_array(lengths_at + first * size, code, count):
            yield colfile.get(position, n) if n else b""
            position += n
