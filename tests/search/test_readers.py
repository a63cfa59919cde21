"""A shared index keeps each thread's searcher open and follows every commit:
new, changed and removed testimonies, a rebuilt index, a removed one."""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from datetime import date

import pytest
from whoosh.query import Term

from archive.access import Asker
from search.errors import IndexMissing
from search.index import create_index, open_index, optimize_index, write_testimonies
from search.readers import SharedIndex
from search.searcher import search_testimonies
from tests.search.test_search import record

TODAY = date(2026, 11, 21)


def found(shared, text) -> list[str]:
    return sorted(
        h.accession for h in search_testimonies(shared, text, asker=Asker.public(TODAY)).results
    )


@pytest.fixture
def shared(index_dir):
    with SharedIndex(index_dir) as shared:
        yield shared


@pytest.fixture
def index_dir(tmp_path):
    ix = create_index(tmp_path / "index")
    write_testimonies(ix, [record("A-1", ["The orchard in Baghdad."])])
    return tmp_path / "index"


def test_the_searcher_is_kept_while_nothing_changes(shared, index_dir):
    with shared.searcher() as first:
        pass
    with shared.searcher() as second:
        assert second is first and not second.is_closed


def test_each_commit_is_seen_and_nothing_is_counted_twice(shared, index_dir):
    assert found(shared, "orchard") == ["A-1"]
    ix = open_index(index_dir)
    write_testimonies(ix, [record("A-2", ["Another orchard."])], present={"A-1"})
    assert found(shared, "orchard") == ["A-1", "A-2"]
    # A-1 rewritten without the word, A-2 removed; then everything merged into
    # one segment (whoosh3's Searcher.refresh would show old documents here).
    write_testimonies(ix, [record("A-1", ["The river."])], remove=["A-2"], present={"A-1", "A-2"})
    assert found(shared, "orchard") == []
    ix.optimize()
    assert found(shared, "river") == ["A-1"]
    with shared.searcher() as searcher:
        assert searcher.doc_count() == 2  # the testimony document and its one segment


def test_a_rebuilt_index_replaces_the_old_one_even_at_the_same_generation(shared, index_dir):
    assert found(shared, "orchard") == ["A-1"]
    rebuilt = create_index(index_dir)
    write_testimonies(rebuilt, [record("B-1", ["A mill by the river."])])  # generation 1 again
    assert found(shared, "orchard") == []
    assert found(shared, "mill") == ["B-1"]


def test_a_removed_index_says_run_reindex_then_recovers(shared, index_dir):
    assert found(shared, "orchard") == ["A-1"]
    shutil.rmtree(index_dir)
    with pytest.raises(IndexMissing, match="run `testimony reindex`"):
        found(shared, "orchard")
    write_testimonies(create_index(index_dir), [record("C-1", ["The orchard again."])])
    assert found(shared, "orchard") == ["C-1"]


def test_each_thread_has_its_own_searcher(shared, index_dir):
    seen = []

    def search() -> None:
        with shared.searcher() as searcher:
            seen.append(searcher)
        assert found(shared, "orchard") == ["A-1"]

    threads = [threading.Thread(target=search) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(s) for s in seen}) == 3


def test_a_commit_between_listing_and_opening_is_read_again_not_missing(shared, index_dir):
    # An ingest commits while a search opens the index: the generation it has
    # just listed loses its files. Once answered 503 ("index missing") in
    # tests/web/test_workers.py; the search must read the new generation.
    assert found(shared, "orchard") == ["A-1"]
    writer_ix = open_index(index_dir)
    real_latest = shared._ix.latest_generation
    commits = []

    def listed_then_committed() -> int:
        generation = real_latest()
        if not commits:  # the first listing only: the race happens once
            commits.append(generation)
            write_testimonies(writer_ix, [record("A-2", ["Another orchard."])], present={"A-1"})
        return generation

    write_testimonies(writer_ix, [record("A-3", ["A third orchard."])], present={"A-1"})
    shared._ix.latest_generation = listed_then_committed
    assert found(shared, "orchard") == ["A-1", "A-2", "A-3"]
    assert commits  # the race was made


class _OneSearcher:
    """An index source whose searcher is the one given: a search that goes on
    with the searcher it took while the index moves on."""

    def __init__(self, searcher) -> None:
        self._searcher = searcher
        self.schema = searcher.schema

    @contextmanager
    def searcher(self):
        yield self._searcher


def test_a_search_goes_on_when_a_merge_removes_the_files_it_started_on(shared, index_dir):
    # A search takes its thread's searcher; an ingest's last merge commits and
    # removes the files of every segment it merged; the search, still on the
    # searcher it took, reads stored fields and lengths. Once an HTTP 500 in
    # tests/web/test_workers.py: those files were opened on first use.
    writer_ix = open_index(index_dir)
    write_testimonies(writer_ix, [record("A-2", ["Another orchard."])], present={"A-1"})
    with shared.searcher() as searcher:  # two segments, nothing read from them yet
        before = {p.name for p in index_dir.iterdir()}
        optimize_index(writer_ix)
        assert before - {p.name for p in index_dir.iterdir()}  # files were removed
        results = search_testimonies(_OneSearcher(searcher), "orchard", asker=Asker.public(TODAY))
    assert sorted(h.accession for h in results.results) == ["A-1", "A-2"]
    assert all(h.score > 0 for h in results.results)
    assert found(shared, "orchard") == ["A-1", "A-2"]  # and the next search is on the merge


def test_lengths_read_into_memory_score_as_the_files_do(shared, index_dir):
    # A shared searcher reads each field's length column whole (scoring reads
    # one length per match); every length and every score is the file's.
    writer_ix = open_index(index_dir)
    write_testimonies(writer_ix, [record("A-2", ["Orchard, orchard.", "A long river."])])
    write_testimonies(writer_ix, [record("A-3", ["The orchard."])], remove=["A-1"])
    plain = writer_ix.searcher()
    with shared.searcher() as held:
        pairs = list(zip(plain.reader().leaf_readers(), held.reader().leaf_readers(), strict=True))
        assert len(pairs) > 1
        for (mine, _), (theirs, _) in pairs:
            assert isinstance(theirs._perdoc._readers["_text_len"], bytes)
            for field in ("alltext", "text", "title"):
                for docnum in range(mine.doc_count_all()):
                    expected = mine.doc_field_length(docnum, field)
                    assert theirs.doc_field_length(docnum, field) == expected
                assert theirs.max_field_length(field) == mine.max_field_length(field)
        for field in ("text", "alltext"):
            scored = [(h.docnum, h.score) for h in plain.search(Term(field, "orchard"))]
            assert [(h.docnum, h.score) for h in held.search(Term(field, "orchard"))] == scored
            assert scored
    plain.close()
