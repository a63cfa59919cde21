"""Merging segments by copying posting blocks (search.segment_merge) gives the
index Whoosh's own merge gives: same documents, postings, statistics, hits."""

from __future__ import annotations

import random
import shutil

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import OPTIMIZE

from archive.access import Asker
from search import merge_blocks, merge_columns
from search.index import create_index, write_testimonies
from search.searcher import search_testimonies
from search.segment_merge import merge_segments
from tests.search.test_search import TODAY, record

WORDS = [
    "baghdad",
    "river",
    "synagogue",
    "school",
    "market",
    "father",
    "mother",
    "brother",
    "sister",
    "plane",
    "lod",
    "camp",
    "maabara",
    "tent",
    "winter",
    "rain",
    "passport",
    "border",
    "tehran",
    "shiraz",
    "tripoli",
    "aleppo",
    "damascus",
    "cairo",
    "alexandria",
    "casablanca",
    "fez",
    "tunis",
    "djerba",
    "sanaa",
    "aden",
    "ship",
    "marseille",
    "haifa",
    "ration",
    "queue",
    "uncle",
    "grandmother",
    "bread",
    "olive",
    "radio",
]


def testimony(rng: random.Random, number: int):
    # A skewed draw: the first words are in most segments, so their postings
    # run over several blocks of 128; the last are rare.
    segments = [
        " ".join(WORDS[min(int(rng.expovariate(0.15)), len(WORDS) - 1)] for _ in range(12))
        + ("" if n % 7 else " we went to the old city near the river")
        for n in range(40)
    ]
    return record(
        f"T-{number}",
        segments,
        title=f"Testimony {number} of {rng.choice(WORDS)}",
        summary=" ".join(rng.choice(WORDS) for _ in range(20)),
        countries=((("IQ", "Iraq"),) if number % 2 else (("IR", "Iran"),)),
    )


def merge_all(writer, segments):
    return (
        [merge_segments(writer.storage, writer.indexname, writer.schema, segments)]
        if len(segments) > 1
        else segments
    )


@pytest.fixture(params=["whole", "a few bytes at a time"])
def two_indexes(tmp_path, request, monkeypatch):
    """The same index of 6 segments, one with deletions (testimonies written
    again), merged by Whoosh and by block copying; the copy reads each term's
    postings and each column's lengths whole, or a few bytes at a time."""
    if request.param != "whole":
        monkeypatch.setattr(merge_blocks, "WINDOW", 5)
        monkeypatch.setattr(merge_columns, "PIECE", 3)
    rng = random.Random(7)
    ix = create_index(tmp_path / "whoosh")
    records = [testimony(rng, n) for n in range(30)]
    for start in range(0, 25, 5):
        write_testimonies(ix, records[start : start + 5], present=set())
    # Testimonies 2 and 11 again, changed: their old documents are deleted.
    again = [testimony(rng, 2), testimony(rng, 11), *records[25:]]
    write_testimonies(ix, again, present={"T-2", "T-11"})
    assert len(ix._segments()) == 6
    assert any(s.has_deletions() for s in ix._segments())
    shutil.copytree(tmp_path / "whoosh", tmp_path / "blocks")
    ours = whoosh_index.open_dir(str(tmp_path / "blocks"))
    ix.writer().commit(mergetype=OPTIMIZE)
    ours.writer().commit(mergetype=merge_all)
    return whoosh_index.open_dir(str(tmp_path / "whoosh")), ours


def same_postings(expected, got, *, long_lists: int) -> list[tuple]:
    """Asserts both readers hold the same terms with the same postings, more
    than long_lists of them over one block of 128; (field, term, got's term
    info, expected's) for each term."""
    terms = list(expected.all_terms())
    assert list(got.all_terms()) == terms
    several_blocks = 0
    for field, text in terms:
        want = postings(expected, field, text)
        assert postings(got, field, text) == want, (field, text)
        several_blocks += len(want) > 128
    assert several_blocks > long_lists
    return [(f, t, got.term_info(f, t), expected.term_info(f, t)) for f, t in terms]


def postings(reader, field, text):
    matcher = reader.postings(field, text)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def test_one_segment_with_every_live_document(two_indexes):
    theirs, ours = two_indexes
    with theirs.reader() as expected, ours.reader() as got:
        assert len(ours._segments()) == 1 and not ours._segments()[0].has_deletions()
        assert got.doc_count_all() == expected.doc_count_all() == sum(1 + 40 for _ in range(30))
        assert list(got.iter_docs()) == list(expected.iter_docs())
        for field in ("text", "alltext", "pairs", "title", "accession", "kind", "id"):
            for docnum in range(expected.doc_count_all()):
                assert got.doc_field_length(docnum, field) == expected.doc_field_length(
                    docnum, field
                )
            # Whoosh sums the lengths as stored (one byte each); we keep the
            # exact totals of segments copied whole.
            assert got.field_length(field) == pytest.approx(expected.field_length(field), rel=0.03)
        assert list(got.all_stored_fields()) == list(expected.all_stored_fields())
        accessions = got.column_reader("accession")
        assert list(accessions) == list(expected.column_reader("accession"))


def test_every_term_has_the_same_postings_and_statistics(two_indexes):
    theirs, ours = two_indexes
    with theirs.reader() as expected, ours.reader() as got:
        # the copy crossed block boundaries
        for _field, _text, mine, whooshs in same_postings(expected, got, long_lists=10):
            assert mine.doc_frequency() == whooshs.doc_frequency()
            assert mine.weight() == pytest.approx(whooshs.weight(), rel=1e-5)
            assert mine.max_weight() == whooshs.max_weight()
            assert (mine.min_id(), mine.max_id()) == (whooshs.min_id(), whooshs.max_id())
            assert mine.min_length() <= whooshs.min_length()
            assert mine.max_length() >= whooshs.max_length()


@pytest.mark.parametrize(
    "query", ["river", "baghdad market", '"old city"', '"near the river"', "olive OR radio", "tent"]
)
def test_searches_find_the_same_testimonies_and_moments(two_indexes, query):
    theirs, ours = two_indexes
    asker = Asker.public(TODAY)
    expected = search_testimonies(theirs, query, asker=asker, per_page=30)
    got = search_testimonies(ours, query, asker=asker, per_page=30)
    assert got.total == expected.total > 0
    assert [h.accession for h in got.results] == [h.accession for h in expected.results]
    for mine, whooshs in zip(got.results, expected.results, strict=True):
        assert mine.score == pytest.approx(whooshs.score, rel=0.02)
        assert [m.start for m in mine.moments] == [m.start for m in whooshs.moments]


def test_an_index_merged_twice_keeps_its_documents(tmp_path):
    """A merged segment is itself merged again later in an ingest."""
    rng = random.Random(3)
    ix = create_index(tmp_path / "index")
    for batch in range(4):
        write_testimonies(ix, [testimony(rng, 10 * batch + n) for n in range(3)], present=set())
        if batch in (1, 3):
            ix.writer().commit(mergetype=merge_all)
    assert len(ix._segments()) == 1
    found = search_testimonies(ix, "baghdad", asker=Asker.public(TODAY), per_page=30)
    assert sorted(h.accession for h in found.results) == sorted(
        f"T-{10 * b + n}" for b in range(4) for n in range(3)
    )
