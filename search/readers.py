"""Searchers kept open between searches, one per thread, opened again when
a writer commits.

Opening a Whoosh searcher reads every segment's metadata: about 130 ms on the
2,000-testimony bench index, more than a whole search. A `SharedIndex` keeps
the searcher each thread opened and, before each use, asks the index whether
a newer generation was committed (a directory listing and a stat); if so the
searcher is opened again. Readers therefore see the last committed index while
an ingest writes, and never a half-written one.

Whoosh searchers share open files and caches, so each thread keeps its own.

A commit removes the files of the segments it merged away, and Whoosh opens a
segment's column files (stored fields, lengths, sortable values) only when a
search first reads them: a search that began just before an ingest's merge
would find them gone. A searcher is therefore opened with every column file
of its segments open (`_hold_segment_files`), and only once no commit came
while it was being opened; an open file stays readable after its name is
removed.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
from whoosh.index import EmptyIndexError, FileIndex
from whoosh.searching import Searcher

from search.errors import IndexMissing
from search.facts_table import facts_table
from search.index import open_index

# How often a search reads the index again when a commit removed the files of
# the generation it had just listed; each commit is one more chance, so a few.
COMMIT_RACE_RETRIES = 5
COLUMN_SUFFIX = W3Codec.COLUMN_EXT
LENGTH_SUFFIX = "_len"  # whoosh3's length columns: _{field}_len


class SharedIndex:
    """The index at index_dir, with a long-lived searcher per thread.

    Used wherever a FileIndex is: `with shared.searcher() as s:` gives the
    thread's current searcher and leaves it open for the next search.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._ix: FileIndex = open_index(index_dir)
        self._local = threading.local()
        self._open: set[Searcher] = set()  # every thread's, to close them all
        self._lock = threading.Lock()

    @property
    def schema(self):
        return self._ix.schema

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        yield self._current()

    def warm_up(self) -> None:
        """Do now what the first search would: open this thread's searcher and
        read the facts table of the committed generation (shared by every
        thread until the next commit; 0.2 s of CPU at 2,000 testimonies)."""
        with self.searcher() as searcher:
            facts_table(searcher)

    def _current(self) -> Searcher:
        local = self._local
        for _attempt in range(COMMIT_RACE_RETRIES):
            try:
                version = self._version()
                if getattr(local, "version", None) != version:
                    local.searcher = self._reopened(getattr(local, "searcher", None))
                    local.version = None
                    if self._version() != version:
                        continue  # a commit while opening may have removed files: again
                    local.version = version
                return local.searcher
            except (EmptyIndexError, FileNotFoundError):
                # A writer's commit removes the previous generation's files,
                # so one read between listing the index and opening it may
                # find them gone: while a generation is there, read again.
                if self._ix.latest_generation() < 0:
                    break
        # The index was removed (a rebuild is replacing it): say so, and
        # open afresh on the next search.
        self._forget(getattr(local, "searcher", None))
        raise IndexMissing(f"no search index in {self.index_dir}: run `testimony reindex`")

    def _version(self) -> tuple[int, int, int]:
        """The committed generation, told apart from an equal generation of
        a rebuilt index by its table of contents file."""
        generation = self._ix.latest_generation()
        if generation < 0:
            raise EmptyIndexError
        toc = os.stat(self.index_dir / f"_{self._ix.indexname}_{generation}.toc")
        return generation, toc.st_ino, toc.st_mtime_ns

    def _reopened(self, old: Searcher | None) -> Searcher:
        # open_index checks the schema version again: a rebuilt index may be
        # of another one. A whole new searcher, not Searcher.refresh(): in
        # whoosh3 3.54 a reader opened with `reuse` keeps the old reader's
        # segments, so deleted documents come back and merged ones appear
        # twice (tests/search/test_readers.py shows ours does not).
        self._ix = open_index(self.index_dir)
        searcher = self._ix.searcher()
        try:
            _hold_segment_files(searcher)
        except BaseException:
            searcher.close()
            raise
        with self._lock:
            self._open.add(searcher)
            if old is not None:
                self._open.discard(old)
                old.close()
        return searcher

    def _forget(self, searcher: Searcher | None) -> None:
        self._local.searcher = self._local.version = None
        if searcher is not None:
            with self._lock:
                self._open.discard(searcher)
            searcher.close()

    def close(self) -> None:
        """Close every thread's searcher: when the index is no longer used."""
        with self._lock:
            for searcher in self._open:
                searcher.close()
            self._open.clear()
        self._local = threading.local()

    def __enter__(self) -> SharedIndex:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def __del__(self) -> None:
        if hasattr(self, "_open"):  # not when __init__ failed
            self.close()


def _hold_segment_files(searcher: Searcher) -> None:
    """Open now every column file of the searcher's segments, and let each
    segment answer which columns it has from what was opened, not from the
    directory a later commit changes. FileNotFoundError when a commit removed
    one meanwhile."""
    listings: dict[int, list[str]] = {}  # one listing per storage: the index
    # directory, or a compound segment's own table of files
    for leaf, _offset in searcher.reader().leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        if not isinstance(perdoc, W3PerDocReader):
            continue  # an empty segment: nothing to read
        storage = perdoc._storage
        files = listings.get(id(storage))
        if files is None:
            files = listings[id(storage)] = list(storage.list())
        prefix = perdoc._segment.make_filename(".")
        columns = frozenset(
            name[len(prefix) : -len(COLUMN_SUFFIX)]
            for name in files
            if name.startswith(prefix) and name.endswith(COLUMN_SUFFIX)
        )
        for column in columns:
            if column not in perdoc._colfiles:
                perdoc._colfiles[column] = perdoc._get_column_file(column)
            if column.startswith("_") and column.endswith(LENGTH_SUFFIX):
                perdoc._readers[column] = _lengths_in_memory(perdoc, column)
        perdoc.has_column = columns.__contains__


def _lengths_in_memory(perdoc: W3PerDocReader, column: str) -> bytes:
    """A field's length column (a byte per document) read whole: scoring
    reads one length per match, which from the file is a seek and a read each
    (a tenth of a rare word's search at 10,000 testimonies). Indexed by
    document number as the column reader is; missing trailing values are its
    default, 0."""
    colfile, offset, length = perdoc._colfiles[column]
    values = colfile.get(offset, length)
    return values + bytes(max(0, perdoc._doccount - len(values)))


_shared: dict[Path, SharedIndex] = {}
_shared_lock = threading.Lock()


def shared_index(index_dir: Path) -> SharedIndex:
    """The process's one SharedIndex for index_dir (every app and thread of a
    web process use it), opened on first use; IndexMissing if there is none."""
    key = index_dir.resolve()
    with _shared_lock:
        shared = _shared.get(key)
        if shared is None:
            shared = _shared[key] = SharedIndex(key)
        return shared


@atexit.register
def _close_shared() -> None:
    with _shared_lock:
        for shared in _shared.values():
            shared.close()
        _shared.clear()


IndexSource = FileIndex | SharedIndex
"""What the search functions accept: an index opened for one use, or shared."""
