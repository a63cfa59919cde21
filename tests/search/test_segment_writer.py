"""The term-by-term segment writer (search.segment_writer) writes the segment
Whoosh's own writer writes for the same documents."""

from __future__ import annotations

import random

import pytest
from whoosh.writing import SegmentWriter

from search.documents import documents_for
from search.index import create_index
from search.segment_writer import TermWriter
from tests.search.test_segment_merge import same_postings, testimony


def written(tmp_path, name, writer_class, records, **kwargs):
    ix = create_index(tmp_path / name)
    writer = writer_class(ix, compound=False, **kwargs)
    for record in records:
        for document in documents_for(record):
            writer.add_document(**document)
    spilled = bool(writer.pool.runs)
    writer.commit()
    return ix, spilled


@pytest.mark.parametrize("limitmb", [128, 1], ids=["in memory", "spilled to disk"])
def test_the_same_segment_as_whooshs_writer(tmp_path, limitmb):
    rng = random.Random(11)
    records = [testimony(rng, n) for n in range(30)]
    theirs, _ = written(tmp_path, "whoosh", SegmentWriter, records, limitmb=limitmb)
    ours, spilled = written(tmp_path, "terms", TermWriter, records, limitmb=limitmb)
    assert spilled == (limitmb == 1)
    with theirs.reader() as expected, ours.reader() as got:
        assert got.doc_count_all() == expected.doc_count_all()
        assert list(got.all_stored_fields()) == list(expected.all_stored_fields())
        for field in ("text", "alltext", "pairs", "title"):
            assert got.field_length(field) == expected.field_length(field)
        for field, text, mine, whooshs in same_postings(expected, got, long_lists=5):
            assert (mine.doc_frequency(), mine.weight(), mine.max_weight()) == (
                whooshs.doc_frequency(),
                whooshs.weight(),
                whooshs.max_weight(),
            )
            assert (mine.min_length(), mine.max_length()) == (
                whooshs.min_length(),
                whooshs.max_length(),
            )
            assert (mine.min_id(), mine.max_id()) == (whooshs.min_id(), whooshs.max_id())
            matcher, theirs_matcher = got.postings(field, text), expected.postings(field, text)
            while matcher.is_active():  # block statistics, which skipping relies on
                assert (
                    matcher.block_max_weight(),
                    matcher.block_min_length(),
                    matcher.block_max_length(),
                ) == (
                    theirs_matcher.block_max_weight(),
                    theirs_matcher.block_min_length(),
                    theirs_matcher.block_max_length(),
                )
                matcher.skip_to(matcher.block_max_id() + 1)
                theirs_matcher.skip_to(theirs_matcher.block_max_id() + 1)
