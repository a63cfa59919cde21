"""The index merge policy merges only segments of similar size: which segments
it picks, how much a long series of commits rewrites and how many segments it
leaves, against Whoosh's default, and on a real index."""

from __future__ import annotations

import math
import random

from search.index import create_index, segment_count, write_testimonies
from search.merge_policy import (
    SMALLEST_TIER_DOCS,
    TIER_RATIO,
    segments_to_merge,
    simulate,
    tier,
    whoosh_default_choice,
)
from search.schema import TESTIMONY
from tests.search.test_search import record

K = TIER_RATIO
BATCH = 3_360  # documents written by a batch of 40 bench testimonies


def test_nothing_is_merged_while_every_tier_holds_fewer_than_the_ratio():
    assert segments_to_merge([]) == []
    assert segments_to_merge([BATCH] * (K - 1)) == []
    assert segments_to_merge([BATCH * K] * (K - 1) + [BATCH] * (K - 1)) == []


def test_a_full_tier_is_merged_whole_and_larger_segments_are_left_alone():
    big, middle = BATCH * K * K, BATCH * K
    sizes = [big, middle] + [BATCH] * K + [middle]
    assert segments_to_merge(sizes) == list(range(2, 2 + K))


def test_the_lowest_full_tier_goes_first():
    middle = BATCH * K
    sizes = [middle] * K + [BATCH] * K
    assert segments_to_merge(sizes) == list(range(K, 2 * K))
    # once the small ones are one segment, the middle tier is full in turn
    assert segments_to_merge([middle] * K + [BATCH * (K + 1)]) == list(range(K + 1))


def test_a_segment_emptied_by_deletions_falls_to_the_small_tier():
    sizes = [0, 10] + [BATCH] * (K - 2)
    assert tier(0) == tier(SMALLEST_TIER_DOCS) == tier(BATCH) == 0
    assert segments_to_merge(sizes) == list(range(K))


def test_a_merge_of_a_full_tier_lands_in_a_higher_tier():
    for level in range(4):
        size = SMALLEST_TIER_DOCS * K**level * 2
        assert tier(size) == level
        assert tier(size * K) == level + 1


def test_a_long_series_rewrites_each_document_about_once_per_tier():
    for commits in (13, 50, 125, 250, 1_000):
        batches = [BATCH] * commits
        ours, default = (
            simulate(segments_to_merge, batches),
            simulate(whoosh_default_choice, batches),
        )
        tiers = tier(sum(batches)) + 1
        assert ours.rewrite_factor <= math.log(commits, K) + 0.05
        assert ours.docs_rewritten <= default.docs_rewritten
        # never more than TIER_RATIO - 1 segments per tier, plus the one committed
        assert ours.most_segments <= (K - 1) * tiers + 1
        assert sum(ours.segments) == sum(batches)
    # where the default re-merges its large segments, it rewrites twice as much
    batches = [BATCH] * 250
    assert (
        simulate(segments_to_merge, batches).docs_rewritten * 1.9
        <= simulate(whoosh_default_choice, batches).docs_rewritten
    )


def test_batches_of_any_size_keep_segments_bounded_and_rewrites_logarithmic():
    rng = random.Random(15)
    batches = [rng.randint(1, 3 * BATCH) for _ in range(600)]
    run = simulate(segments_to_merge, batches)
    tiers = tier(sum(batches)) + 1
    assert run.most_segments <= K * tiers + 1
    assert run.rewrite_factor <= math.log(sum(batches) / min(batches), K) + 1
    assert sum(run.segments) == sum(batches)


def test_a_real_index_merges_its_small_segments_and_keeps_every_testimony(tmp_path):
    ix = create_index(tmp_path / "index")
    counts = []
    accessions: set[str] = set()
    for n in range(2 * K + 2):
        accession = f"M-{n}"
        write_testimonies(ix, [record(accession, [f"Word {n} by the river."])], present=accessions)
        accessions.add(accession)
        counts.append(segment_count(ix))
    # K small segments pile up, the next commit merges them with its own
    assert counts[:K] == list(range(1, K + 1))
    assert counts[K] == 1
    assert max(counts) <= K
    with ix.searcher() as searcher:
        found = {fields["accession"] for fields in searcher.documents(kind=TESTIMONY)}
    assert found == accessions
