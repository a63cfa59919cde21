"""Searching: testimonies with their moments, escaped snippets, access rules."""

from __future__ import annotations

from datetime import date

import pytest

from archive.access import Asker
from archive.testimonies.records import (
    ChapterRecord,
    CollectionRecord,
    NamedTerm,
    SegmentRecord,
    SpeakerRef,
    TestimonyRecord,
)
from search.errors import IndexMissing, IndexOutOfDate
from search.index import (
    VERSION_FILE,
    create_index,
    indexed_accessions,
    open_index,
    write_testimonies,
)
from search.searcher import search_testimonies

TODAY = date(2026, 11, 21)
COLLECTION = CollectionRecord("c", "C", None, None, None, True, None)


def record(
    accession: str,
    segments: list[str],
    *,
    access: str = "public",
    embargo_until: date | None = None,
    title: str | None = None,
    summary: str | None = None,
    chapters=(),
    countries=(("IQ", "Iraq"),),
    themes=(),
    languages=("en",),
    years=(1950, 1951),
    recorded=None,
    speakers=(("s", "Salha Cohen", ("Salcha Kohen",)),),
    collection=COLLECTION,
) -> TestimonyRecord:
    return TestimonyRecord(
        accession=accession,
        title=title or f"Testimony {accession}",
        collection=collection,
        speakers=tuple(SpeakerRef(*s) for s in speakers),
        interviewers=(),
        recorded=recorded,
        place=None,
        languages=tuple(languages),
        summary=summary,
        countries=tuple(NamedTerm(*c) for c in countries),
        year_from=years[0],
        year_to=years[1],
        themes=tuple(NamedTerm(*t) for t in themes),
        access=access,
        embargo_until=embargo_until,
        rights=None,
        recordings=(),
        segments=tuple(
            SegmentRecord(1, n, 10.0 * n, 10.0 * n + 10, "SALHA", text)
            for n, text in enumerate(segments)
        ),
        chapters=tuple(chapters),
        source_checksum=accession,
    )


@pytest.fixture
def index(tmp_path):
    ix = create_index(tmp_path / "index")
    write_testimonies(
        ix,
        [
            record(
                "A-1",
                [
                    "We lived in Baghdad near the river.",
                    "Then we left for Lod by plane.",
                    "My mother cried in Baghdad airport.",
                    "Baghdad again",
                    "and Baghdad once more",
                ],
            ),
            record(
                "A-2",
                ["Tripoli in 1945 was frightening.", "We sailed from Tripoli."],
                chapters=[ChapterRecord(1, 0.0, "Riots in Tripoli", None, ("1945",))],
            ),
            record("A-3", ["A <script>alert(1)</script> & Baghdad tale"]),
            record("R-1", ["The quokka restricted secret from Baghdad"], access="restricted"),
            record(
                "E-1",
                ["The quokka embargoed story"],
                access="embargoed",
                embargo_until=date(2030, 1, 1),
            ),
            record(
                "E-2",
                ["The pangolin story of a lifted embargo"],
                access="embargoed",
                embargo_until=date(2020, 1, 1),
            ),
        ],
    )
    return ix


def accessions(results) -> list[str]:
    return [hit.accession for hit in results.results]


def test_results_are_testimonies_with_up_to_three_timed_moments(index):
    results = search_testimonies(index, "Baghdad", asker=Asker.public(TODAY))
    assert set(accessions(results)) == {"A-1", "A-3"}
    hit = next(h for h in results.results if h.accession == "A-1")
    assert len(hit.moments) == 3
    assert {m.start for m in hit.moments} <= {0.0, 20.0, 30.0, 40.0}
    assert all("<mark>Baghdad</mark>" in m.snippet for m in hit.moments)
    assert hit.title == "Testimony A-1"


def test_snippets_escape_everything_but_the_marks(index):
    hit = search_testimonies(index, "tale", asker=Asker.public(TODAY)).results[0]
    assert hit.moments[0].snippet == (
        "A &lt;script&gt;alert(1)&lt;/script&gt; &amp; Baghdad <mark>tale</mark>"
    )


def test_stemming_and_case(index):
    assert accessions(search_testimonies(index, "SAILING", asker=Asker.public(TODAY))) == ["A-2"]


def test_chapters_are_moments_too(index):
    hit = search_testimonies(index, "riots", asker=Asker.public(TODAY)).results[0]
    assert hit.accession == "A-2"
    assert (hit.moments[0].kind, hit.moments[0].start) == ("chapter", 0.0)


def test_speaker_names_find_the_testimony_without_a_moment(index):
    results = search_testimonies(index, "Salcha", asker=Asker.public(TODAY))
    assert results.total == 4  # every public testimony has that speaker
    assert all(
        hit.about_snippet and "<mark>Salcha</mark>" in hit.about_snippet for hit in results.results
    )


def test_public_never_sees_restricted_or_future_embargo(index):
    assert search_testimonies(index, "quokka", asker=Asker.public(TODAY)).total == 0
    assert "R-1" not in accessions(search_testimonies(index, "Baghdad", asker=Asker.public(TODAY)))


def test_an_embargo_lifts_on_its_day_without_reindexing(index):
    assert accessions(search_testimonies(index, "pangolin", asker=Asker.public(TODAY))) == ["E-2"]
    assert search_testimonies(index, "quokka", asker=Asker.public(date(2029, 12, 31))).total == 0
    assert accessions(
        search_testimonies(index, "quokka", asker=Asker.public(date(2030, 1, 1)))
    ) == ["E-1"]


def test_staff_see_everything(index):
    assert set(
        accessions(search_testimonies(index, "quokka", asker=Asker.staff_member(TODAY)))
    ) == {
        "R-1",
        "E-1",
    }


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced',
        "a:b",
        "(Baghdad",
        "Baghdad)",
        "AND",
        "OR NOT",
        "*",
        "bag*",
        "[x TO y]",
        "title:Baghdad",
        "'",
        "\\",
        "^2",
        "~",
        "Baghdad AND",
        "x" * 5000,
        "🙂",
        "  ",
    ],
)
def test_any_typed_text_is_answered_not_raised(index, text):
    results = search_testimonies(index, text, asker=Asker.public(TODAY))
    assert results.total >= 0


def test_syntax_characters_are_taken_literally(index):
    assert accessions(search_testimonies(index, "(Tripoli)", asker=Asker.public(TODAY))) == ["A-2"]
    assert (
        search_testimonies(index, "title:Baghdad", asker=Asker.public(TODAY)).total
        == search_testimonies(index, "title Baghdad", asker=Asker.public(TODAY)).total
    )


def test_pagination(index):
    first = search_testimonies(index, "Salcha", asker=Asker.public(TODAY), per_page=3)
    second = search_testimonies(index, "Salcha", asker=Asker.public(TODAY), per_page=3, page=2)
    assert (first.total, first.pages, len(first.results), len(second.results)) == (4, 2, 3, 1)
    assert not set(accessions(first)) & set(accessions(second))


def test_rewriting_a_testimony_drops_its_old_segments(index):
    write_testimonies(index, [record("A-2", ["Only Benghazi now."])])
    assert search_testimonies(index, "sailed", asker=Asker.public(TODAY)).total == 0
    assert accessions(search_testimonies(index, "Benghazi", asker=Asker.public(TODAY))) == ["A-2"]


def test_removed_testimonies_leave_the_index(index):
    write_testimonies(index, [], remove=["A-3"])
    assert "A-3" not in indexed_accessions(index)


def test_missing_and_outdated_indexes_say_run_reindex(tmp_path):
    with pytest.raises(IndexMissing, match="testimony reindex"):
        open_index(tmp_path / "nothing")
    create_index(tmp_path / "old")
    (tmp_path / "old" / VERSION_FILE).write_text("0\n")
    with pytest.raises(IndexOutOfDate, match="schema version 0.*run `testimony reindex`"):
        open_index(tmp_path / "old")
