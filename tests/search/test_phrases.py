"""Phrases looked up through word pairs find exactly what Whoosh's own phrase
search finds: the same documents with the same scores, so the same
testimonies in the same order with the same moments, over what the asker may see."""

from __future__ import annotations

from datetime import date

import pytest
from whoosh import query

from archive.access import Asker
from archive.testimonies.records import ChapterRecord
from search.facts_table import facts_table
from search.index import create_index, write_testimonies
from search.phrases import PairedPhrase, PairedPhraseMatcher
from search.query import parse_user_query
from search.schema import TEXT_ANALYZER
from search.searcher import _hits_with_moments, search_testimonies, search_within
from tests.search.test_search import record

TODAY = date(2026, 11, 21)
PUBLIC, STAFF = Asker.public(TODAY), Asker.staff_member(TODAY)

# Written in two batches, so the index has two Whoosh segments, and with one
# testimony written twice, so the first has deleted documents. Only frequent
# words (search.frequent_words) are indexed as pairs: father, house, old,
# city, street, jews are; Baghdad, Crémieux, decree, market are not.
FIRST = [
    record(
        "A-1",
        [
            "The Jews of the city left in 1951.",
            "We hid on the roof of the house.",
            "Father, house, father house and the mother of father.",
        ],
        summary="Salha remembers the Jews of Baghdad.",
    ),
    record(
        "A-2",
        ["Bagdad jews came to the café.", "The Crémieux decree made us French."],
        chapters=[ChapterRecord(1, 0.0, "Jews of Bagdad", None, ("café",))],
    ),
    record(
        "A-3",
        # "old city" and "city street" both occur, never "old city street".
        ["The old city was far, the city street near.", "We lived in Dar el Beida."],
    ),
    record("A-4", ["The Jews of the city and of Baghdad, in a version written over."]),
]
SECOND = [
    record("A-4", ["The old city street, at last, in the new version."]),
    record("A-5", ["cremieux decree, without its accent; the jéws of the city, with one"]),
    record(
        "A-6",
        [
            "My father walked through the old city every morning of his long life.",
            "The old city.",
            "Old city, old city: the old city of my father and of the jews of the city.",
            "Then the old city again, and the house.",
        ],
        chapters=[ChapterRecord(1, 10.0, "The old city", None, ())],
    ),
    record("R-1", ["The Jews of the city, a restricted telling."], access="restricted"),
    record(
        "E-1",
        ["The Jews of the city under embargo."],
        access="embargoed",
        embargo_until=date(2030, 1, 1),
    ),
]
PHRASES = [
    '"Jews of the city"',  # across stop words; with and without an accent
    '"jéws city"',
    '"Jews of Baghdad"',  # a word that is not frequent: a summary
    '"Jews of Bagdad"',  # a chapter title
    '"Crémieux decree"',  # with and without the accent
    '"cremieux decree"',
    '"old city"',
    '"city street"',
    '"old city street"',  # only A-4 has the words in a row; A-3 has both pairs apart
    '"father house"',
    '"house father"',
    '"father house father house"',
    '"hid on the roof of the house"',
    '"roof hid"',
    '"house house"',
    '"city jews"',
    '"unknown words here"',
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = create_index(tmp_path_factory.mktemp("phrases") / "index")
    write_testimonies(ix, FIRST)
    write_testimonies(ix, SECOND, present={r.accession for r in FIRST})
    return ix


def plain(q: query.Query) -> query.Query:
    """q with Whoosh's own phrase query in place of each paired one."""
    if isinstance(q, PairedPhrase):
        return query.Phrase(q.fieldname, list(q.words), slop=q.slop, boost=q.boost)
    return q if q.is_leaf() else q.apply(plain)


def leaves(q: query.Query) -> list[query.Query]:
    return [q] if q.is_leaf() else [leaf for child in q.children() for leaf in leaves(child)]


def hits(searcher, q: query.Query) -> list[tuple[int, float]]:
    found = searcher.search(q, limit=None)
    return sorted((hit.docnum, hit.score) for hit in found)


def analysed_phrases(index) -> set[tuple[str, ...]]:
    """Every run of two, three and four adjacent words of every document."""
    runs = set()
    with index.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            words = [t.text for t in TEXT_ANALYZER(fields.get("text", ""))]
            for size in (2, 3, 4):
                runs.update(tuple(words[i : i + size]) for i in range(len(words) - size + 1))
    return runs


def test_the_index_has_two_segments_and_deleted_documents(index):
    with index.reader() as reader:
        assert len(list(reader.leaf_readers())) == 2
        assert reader.has_deletions()


def test_paired_phrases_match_the_same_documents_with_the_same_scores(index):
    runs = analysed_phrases(index)
    # Each run reversed too: word pairs that exist, in an order that does not.
    runs |= {tuple(reversed(run)) for run in runs}
    assert len(runs) > 100
    with index.searcher() as searcher:
        for words in sorted(runs):
            for boost in (1.0, 0.9):
                paired = PairedPhrase("text", list(words), boost=boost)
                assert hits(searcher, paired) == hits(searcher, plain(paired)), words


def test_phrases_of_frequent_words_are_read_through_their_pairs(index):
    with index.searcher() as searcher:
        leaf = next(s for s, _offset in searcher.leaf_searchers())
        context = searcher.context()
        paired = PairedPhrase("text", ["jew", "citi"]).matcher(leaf, context)
        some_paired = PairedPhrase("text", ["old", "citi", "street"]).matcher(leaf, context)
        # No pair of frequent words: read by positions, as Whoosh reads it.
        unpaired = PairedPhrase("text", ["jew", "baghdad"]).matcher(leaf, context)
    assert isinstance(paired, PairedPhraseMatcher)
    assert isinstance(some_paired, PairedPhraseMatcher)
    assert not isinstance(unpaired, PairedPhraseMatcher)


def test_typed_phrases_are_paired_and_find_what_whooshs_phrase_finds(index):
    with index.searcher() as searcher:
        for text in PHRASES:
            parsed = parse_user_query(text, searcher.schema).query
            assert any(isinstance(leaf, PairedPhrase) for leaf in leaves(parsed)), text
            assert hits(searcher, parsed) == hits(searcher, plain(parsed)), text


def expected(index, text: str, asker: Asker) -> list[str]:
    """Accessions the asker may see whose documents match Whoosh's own phrase
    query, best score first (as the search ranks testimonies on a phrase)."""
    with index.searcher() as searcher:
        table = facts_table(searcher)
        q = plain(parse_user_query(text, searcher.schema).query)
        best: dict[str, float] = {}
        for docnum, score in hits(searcher, q):
            accession = table.accession_of[docnum]
            if table.by_accession[accession].visible(asker):
                best[accession] = max(score, best.get(accession, score))
    return sorted(best, key=lambda a: (-best[a], a))


def found(index, text: str, asker: Asker = PUBLIC) -> list[str]:
    results = search_testimonies(index, text, asker=asker, time_budget=None)
    return [hit.accession for hit in results.results]


@pytest.mark.parametrize("text", PHRASES)
def test_searching_a_phrase_ranks_as_whooshs_phrase_ranks(index, text):
    assert found(index, text) == expected(index, text, PUBLIC)
    assert found(index, text, STAFF) == expected(index, text, STAFF)


def test_what_each_phrase_finds(index):
    # across stop words and an accent; not in A-4's version written over
    assert set(found(index, '"Jews of the city"')) == {"A-1", "A-5", "A-6"}
    assert set(found(index, '"jéws city"')) == {"A-1", "A-5", "A-6"}
    assert found(index, '"Jews of Baghdad"') == ["A-1"]  # its summary
    assert set(found(index, '"Jews of Bagdad"')) == {"A-2"}  # a chapter title too
    assert set(found(index, '"Crémieux decree"')) == {"A-2", "A-5"}
    assert set(found(index, '"cremieux decree"')) == {"A-2", "A-5"}
    assert found(index, '"old city street"') == ["A-4"]  # A-3 holds both pairs, apart
    assert set(found(index, '"old city"')) == {"A-3", "A-4", "A-6"}
    assert found(index, '"father house father house"') == ["A-1"]
    assert found(index, '"roof hid"') == []
    assert found(index, '"house house"') == []


def test_the_public_never_finds_hidden_testimonies_by_a_phrase(index):
    assert not {"R-1", "E-1"} & set(found(index, '"Jews of the city"'))
    assert {"R-1", "E-1"} <= set(found(index, '"Jews of the city"', STAFF))
    assert search_within(index, "R-1", '"Jews of the city"', asker=PUBLIC) == ()
    assert len(search_within(index, "R-1", '"Jews of the city"', asker=STAFF)) == 1


def test_a_place_variant_of_several_words_is_found_as_a_phrase(index):
    # Casablanca is also "Dar el Beida": a phrase among the word variants.
    results = search_testimonies(index, "Casablanca", asker=PUBLIC)
    assert [hit.accession for hit in results.results] == ["A-3"]
    assert "<mark>Dar</mark> <mark>el</mark> <mark>Beida</mark>" in (
        results.results[0].moments[0].snippet
    )
    results = search_testimonies(index, "old Casablanca", asker=PUBLIC)
    assert {hit.accession for hit in results.results} == {"A-3", "A-4", "A-6"}


def test_moments_of_a_phrase_are_the_segments_holding_it(index):
    results = search_testimonies(index, '"old city street"', asker=PUBLIC)
    (hit,) = results.results
    assert [m.snippet for m in hit.moments] == [
        "The <mark>old</mark> <mark>city</mark> <mark>street</mark>, at last, in the new version."
    ]
    moments = search_within(index, "A-1", '"father house"', asker=PUBLIC)
    assert [m.start for m in moments] == [20.0]
    assert search_within(index, "A-3", '"old city street"', asker=PUBLIC) == ()


@pytest.mark.parametrize("text", [*PHRASES, "Casablanca", '"old city" OR "city jews"'])
def test_moments_are_those_the_matches_of_the_shown_testimonies_give(index, text):
    # A phrase's ranking reads every match, which are then the moments; they
    # are the moments the shown testimonies' own matches give.
    results = search_testimonies(index, text, asker=STAFF, time_budget=None, advanced=True)
    with index.searcher() as searcher:
        table = facts_table(searcher)
        q = parse_user_query(text, searcher.schema, advanced=True).query
        shown = [hit.accession for hit in results.results]
        own = _hits_with_moments(searcher, q, table, shown)
    assert [hit.moments for hit in results.results] == [hit.moments for hit in own]
    assert [hit.about_snippet for hit in results.results] == [hit.about_snippet for hit in own]
