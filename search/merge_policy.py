"""Which index segments a commit merges, merged by copying posting blocks.

Each commit of a batch writes one Whoosh segment; every segment is searched on
its own, so they are merged as they pile up. Whoosh's own choice (MERGE_SMALL:
the smallest segments, once their sum is small beside the Fibonacci number of
their count) is kept, but the merge is search.segment_merge's block copy, not
Whoosh's re-sorting of every posting (15x faster). After an ingest that grew
the index by more than GROWTH_TO_MERGE, the whole index becomes one segment
(search.sync), which searches read fastest.
"""

from __future__ import annotations

from collections.abc import Sequence

from whoosh.codec.base import Segment
from whoosh.reading import SegmentReader
from whoosh.util import fib
from whoosh.writing import SegmentWriter

from search.segment_merge import CannotMerge, merge_segments

# An ingest that adds more than this share of the documents the index held
# ends with the index merged into one segment.
GROWTH_TO_MERGE = 0.25


def smallest_to_merge(sizes: Sequence[int]) -> list[int]:
    """Positions of the segments Whoosh's MERGE_SMALL would merge (same rule)."""
    order = sorted(range(len(sizes)), key=lambda position: sizes[position])
    chosen: list[int] = []
    total = 0
    for i, position in enumerate(order):
        total += sizes[position]
        chosen.append(position)
        if i > 3 and total < fib(i + 5):
            return sorted(chosen) if len(chosen) > 1 else []
    return []


def merge_small(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
    """A Whoosh mergetype: the smallest segments merged into one, the rest kept."""
    chosen = set(smallest_to_merge([segment.doc_count_all() for segment in segments]))
    if not chosen:
        return segments
    kept = [segment for position, segment in enumerate(segments) if position not in chosen]
    return kept + _merged(writer, [segments[position] for position in sorted(chosen)])


def merge_all(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
    """A Whoosh mergetype: every segment merged into one."""
    return _merged(writer, segments) if len(segments) > 1 else segments


def _merged(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
    try:
        return [merge_segments(writer.storage, writer.indexname, writer.schema, segments)]
    except CannotMerge:
        # Something the block copy does not handle: Whoosh's own merge, into
        # the writer's new segment (its documents go with the commit's).
        for segment in segments:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
        return []
