"""When segments are merged: Whoosh's choice of the smallest during an ingest,
made by block copying, and everything into one after an ingest that grew the
index by more than a quarter, while searches go on."""

from __future__ import annotations

import random

from archive.access import Asker
from ingest.pipeline import run_ingest
from search.index import (
    create_index,
    indexed_accessions,
    open_index,
    segment_count,
    write_testimonies,
)
from search.merge_policy import smallest_to_merge
from search.searcher import search_testimonies
from search.sync import merge_after_growth
from tests.conftest import fresh_settings, initialised
from tests.ingest.test_kill import many_testimonies
from tests.search.test_search import TODAY, record
from tests.search.test_segment_merge import testimony


def test_the_smallest_segments_are_chosen_as_whoosh_chooses_them():
    # Whoosh merges the smallest segments once their sum is below the
    # Fibonacci number of their count: the 21st commit of 3,360 documents
    # merges the 20 before it, the 20th nothing.
    assert smallest_to_merge([3360] * 19) == []
    assert smallest_to_merge([3360] * 20) == list(range(20))
    # As the 2,000-testimony bench build stood at its end: nothing to merge.
    assert smallest_to_merge([70560, 70560] + [3360] * 8) == []
    assert smallest_to_merge([1, 1, 1, 1]) == []
    assert smallest_to_merge([900, 1, 1, 1, 1, 1]) == [1, 2, 3, 4, 5]


def test_a_commit_merges_small_segments_by_copying_them(tmp_path):
    """Whoosh's own merge would put the five small segments into the sixth
    commit's new segment (one segment); the block copy writes them as one
    segment beside it."""
    ix = create_index(tmp_path / "index")
    for n in range(6):
        write_testimonies(
            ix, [record(f"S-{n}", ["Baghdad by the river", "then Lod"])], present=set()
        )
    assert sorted(s.doc_count_all() for s in ix._segments()) == [3, 15]
    found = search_testimonies(ix, "baghdad", asker=Asker.public(TODAY))
    assert sorted(h.accession for h in found.results) == [f"S-{n}" for n in range(6)]


def test_merge_after_growth_merges_only_when_the_index_grew_by_more_than_a_quarter(tmp_path):
    rng = random.Random(5)
    ix = create_index(tmp_path / "index")
    write_testimonies(ix, [testimony(rng, n) for n in range(8)], present=set())
    held = ix.doc_count()
    write_testimonies(ix, [testimony(rng, 8)], present=set())  # one ninth more
    assert not merge_after_growth(ix, held)
    assert segment_count(ix) == 2
    write_testimonies(ix, [testimony(rng, 9), testimony(rng, 10)], present=set())
    searcher = ix.searcher()  # a search under way while the merge runs
    assert merge_after_growth(ix, held)
    assert segment_count(ix) == 1
    assert searcher.doc_count() == ix.doc_count()  # it kept reading its snapshot
    searcher.close()
    assert indexed_accessions(ix) == {f"T-{n}" for n in range(11)}


def test_an_ingest_ends_with_one_segment_when_it_grew_the_index(tmp_path):
    """100 testimonies are indexed in batches of 40, three segments; the
    ingest ends with them merged into one (three before merging after growth)."""
    settings = fresh_settings(tmp_path / "data")
    report = run_ingest(
        many_testimonies(tmp_path / "growth", 100),
        sessions=initialised(settings),
        index_dir=settings.index_dir,
    )
    assert report.clean, [str(p) for p in report.problems]
    ix = open_index(settings.index_dir)
    assert segment_count(ix) == 1
    assert len(indexed_accessions(ix)) == 100
    found = search_testimonies(ix, "tripoli", asker=Asker.public(TODAY), per_page=100)
    assert found.total == 100
