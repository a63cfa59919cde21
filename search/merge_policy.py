"""Which index segments a commit merges: segments of similar size, a tier at a time.

Each commit of a batch writes one Whoosh segment. Whoosh's default policy
(MERGE_SMALL) lets some twenty small segments pile up and then merges nearly
all of them, again and again, so a growing index rewrites most of itself many
times over (0.8x the collection at 2,000 testimonies, 1.8x at 10,000). Here a
segment's tier is its size measured in powers of TIER_RATIO; when TIER_RATIO
segments share a tier they become one segment of the next tier, so a document
is rewritten about once per tier (log base TIER_RATIO of the collection) and
each tier holds fewer than TIER_RATIO segments.

`python -m search.merge_policy` prints, by simulation, the documents rewritten
and the segments left under Whoosh's default and under this policy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# A tier holds segments within a factor TIER_RATIO of each other in size.
TIER_RATIO = 16
# Segments under this many documents (a batch of 40 testimonies writes some
# 3,400) all count as the smallest tier, so a batch of short testimonies does
# not open a tier of its own.
SMALLEST_TIER_DOCS = 2_000


def tier(live_docs: int) -> int:
    """The size tier of a segment holding live_docs documents (0 for the smallest)."""
    if live_docs <= SMALLEST_TIER_DOCS:
        return 0
    return int(math.log(live_docs / SMALLEST_TIER_DOCS, TIER_RATIO) + 1e-9)


def segments_to_merge(live_docs: Sequence[int]) -> list[int]:
    """Positions of the segments to merge into the commit's new segment.

    The lowest tier holding TIER_RATIO segments or more is merged whole;
    nothing is merged while no tier is full. Sizes count live documents, so a
    segment that has lost most of its documents to deletions falls to a lower
    tier and goes along with segments of its new size (merging drops them).
    """
    by_tier: dict[int, list[int]] = {}
    for position, docs in enumerate(live_docs):
        by_tier.setdefault(tier(docs), []).append(position)
    full = [level for level, members in by_tier.items() if len(members) >= TIER_RATIO]
    if not full:
        return []
    return by_tier[min(full)]


def tiered_merge(writer, segments):
    """A Whoosh mergetype: merge what segments_to_merge picks, keep the rest."""
    from whoosh.reading import SegmentReader

    chosen = set(segments_to_merge([segment.doc_count() for segment in segments]))
    if not chosen:
        return segments
    for position in sorted(chosen):
        reader = SegmentReader(writer.storage, writer.schema, segments[position])
        writer.add_reader(reader)
        reader.close()
    return [segment for position, segment in enumerate(segments) if position not in chosen]


def whoosh_default_choice(docs: Sequence[int]) -> list[int]:
    """Positions Whoosh's MERGE_SMALL would merge, for comparison (same rule, on sizes)."""
    from whoosh.util import fib

    order = sorted(range(len(docs)), key=lambda position: docs[position])
    chosen: list[int] = []
    total = 0
    for i, position in enumerate(order):
        total += docs[position]
        chosen.append(position)
        if i > 3 and total < fib(i + 5):
            return sorted(chosen) if len(chosen) > 1 else []
    return []


@dataclass(frozen=True)
class Simulated:
    """What a series of commits does to the index under one policy."""

    docs_written: int
    docs_rewritten: int
    largest_merge: int
    most_segments: int
    mean_segments: float
    segments: list[int]

    @property
    def rewrite_factor(self) -> float:
        return self.docs_rewritten / self.docs_written if self.docs_written else 0.0


def simulate(choose: Callable[[Sequence[int]], list[int]], batches: Sequence[int]) -> Simulated:
    """Commit batches of the given document counts, merging as choose says."""
    segments: list[int] = []
    rewritten = largest = most = counted = 0
    for batch in batches:
        chosen = set(choose(segments))
        merged = sum(segments[position] for position in chosen)
        rewritten += merged
        if chosen:
            largest = max(largest, merged + batch)
        segments = [docs for position, docs in enumerate(segments) if position not in chosen]
        segments.append(merged + batch)
        most = max(most, len(segments))
        counted += len(segments)
    mean = counted / len(batches) if batches else 0.0
    return Simulated(sum(batches), rewritten, largest, most, mean, sorted(segments, reverse=True))


def _print_simulation() -> None:
    docs_per_testimony, testimonies_per_batch = 84, 40
    print(f"batches of {testimonies_per_batch} testimonies, {docs_per_testimony} documents each")
    for testimonies in (500, 1_000, 2_000, 5_000, 10_000):
        batches = [docs_per_testimony * testimonies_per_batch] * math.ceil(
            testimonies / testimonies_per_batch
        )
        for name, choose in (
            ("whoosh default", whoosh_default_choice),
            ("tiered", segments_to_merge),
        ):
            run = simulate(choose, batches)
            print(
                f"{testimonies:>6} {name:<15} rewritten {run.docs_rewritten:>9} "
                f"({run.rewrite_factor:.2f}x)  largest merge {run.largest_merge:>7}  "
                f"segments at the end {len(run.segments):>2} "
                f"(most {run.most_segments:>2}, mean {run.mean_segments:4.1f})"
            )


if __name__ == "__main__":
    _print_simulation()
