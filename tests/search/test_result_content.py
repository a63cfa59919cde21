"""What each result says: who, where and when; moments that prefer the
narrator's words to the interviewer's questions; chapters read 'title —
synopsis'; names shown as names, not as the list of spellings the index
searches; an accession typed as the query is the first, exact, result."""

from __future__ import annotations

from datetime import date

import pytest

from archive.access import Asker
from archive.testimonies.records import (
    ChapterRecord,
    CollectionRecord,
    NamedTerm,
    RecordingRecord,
    SegmentRecord,
    SpeakerRef,
    TestimonyRecord,
)
from search.filters import SearchFilters
from search.index import create_index, write_testimonies
from search.searcher import search_testimonies
from search.speaker_roles import interviewer_labels, is_interviewer, label_key

TODAY = date(2026, 11, 21)
COLLECTION = CollectionRecord("c", "C", None, None, None, True, None)
NAIMA = SpeakerRef(
    "naima",
    "Naima Khedouri",
    ("Na'ima Kedourie", "Naima Khadouri"),
    "Born in the Taht al-Takia quarter; a cloth merchant's daughter.",
    (NamedTerm("IQ", "Iraq"),),
)
DAVID = SpeakerRef("david", "David Marom", (), None, (NamedTerm("MA", "Morocco"),))


def recording(part: int, seconds: float) -> RecordingRecord:
    return RecordingRecord(
        part=part,
        path=f"/a/{part}.mp3",
        readable=True,
        problem=None,
        format="mp3",
        duration=seconds,
    )


ONE_PART = (recording(1, 600.0),)


def record(
    accession: str,
    turns: list[tuple[str | None, str]],
    *,
    speakers=(NAIMA,),
    interviewers=("Hila Marom",),
    chapters=(),
    summary=None,
    access="public",
    countries=(("IQ", "Iraq"),),
    recordings=ONE_PART,
    languages=("en",),
) -> TestimonyRecord:
    return TestimonyRecord(
        accession=accession,
        title=f"Testimony {accession}",
        collection=COLLECTION,
        speakers=tuple(speakers),
        interviewers=tuple(interviewers),
        recorded=None,
        place=None,
        languages=tuple(languages),
        summary=summary,
        countries=tuple(NamedTerm(*c) for c in countries),
        year_from=1941,
        year_to=1951,
        themes=(),
        access=access,
        embargo_until=None,
        rights=None,
        recordings=tuple(recordings),
        segments=tuple(
            SegmentRecord(1, n, 10.0 * n, 10.0 * n + 10, label, text)
            for n, (label, text) in enumerate(turns)
        ),
        chapters=tuple(chapters),
        source_checksum=accession,
    )


# The question holds the words in a few; the answer in many: by score alone
# (shorter documents score higher) the question would be the first moment.
ANSWER = (
    "The Farhud came on Shavuot. We were on the roof all night, my mother, my "
    "brothers and me, and we heard the crowd in the street below, breaking doors."
)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = create_index(tmp_path_factory.mktemp("results") / "index")
    write_testimonies(
        ix,
        [
            record(
                "Q-1",
                [
                    ("INTERVIEWER", "Tell me about the Farhud."),
                    ("NAIMA", ANSWER),
                    ("Q.", "And after the Farhud?"),
                    ("HILA", "The Farhud again, please."),
                ],
                chapters=[
                    ChapterRecord(
                        1, 100.0, "The roof", "A night hiding during the riots.", ("Shavuot",)
                    )
                ],
                recordings=(recording(1, 3000.0), recording(2, 1200.5)),
                languages=("en", "ar"),
            ),
            # Only the interviewer says the word: the question is still a moment.
            record("Q-2", [("HILA", "Do you remember the zeppelin?"), ("NAIMA", "No.")]),
            # A family interview: "MAROM" is the narrator's name too.
            record(
                "Q-3",
                [("HILA MAROM", "Where was the quince tree?"), ("MAROM", "The quince tree.")],
                speakers=(DAVID,),
                countries=(("MA", "Morocco"),),
            ),
            record("S-1", [("NAIMA", "Nothing about it.")], summary="A short summary."),
            record("MV-0001", [("NAIMA", "Nothing to find here.")], summary="Its summary."),
            record("MV-0002", [("NAIMA", "A sequel to MV-0001, about MV and 0001.")]),
            record("H-1", [("NAIMA", "Hidden words.")], access="restricted"),
        ],
    )
    return ix


def hit(index, text: str, accession: str, *, staff: bool = False, **options):
    results = search_testimonies(index, text, asker=Asker(TODAY, staff=staff), **options)
    return next(h for h in results.results if h.accession == accession)


def test_label_keys_ignore_case_accents_punctuation_and_numbers():
    assert label_key("Q.") == "q"
    assert label_key("INTERVIEWER 2:") == "interviewer"
    assert label_key("  Hila   MARÓM ") == "hila marom"


def test_interviewer_labels_are_generic_labels_full_names_and_name_words():
    labels = interviewer_labels(["Hila Marom"], ["Naima Khedouri"])
    for label in ("INTERVIEWER", "Q", "Question", "HILA", "Marom", "Hila Marom"):
        assert is_interviewer(label, labels), label
    for label in ("NAIMA", "Naima Khedouri", "", None):
        assert not is_interviewer(label, labels), label
    # A word shared with a speaker's name stays the speaker's.
    family = interviewer_labels(["Hila Marom"], ["David Marom"])
    assert is_interviewer("HILA", family) and not is_interviewer("MAROM", family)


def test_the_narrators_words_come_before_the_interviewers_question(index):
    found = hit(index, "Farhud", "Q-1")
    assert found.moments[0].speaker_label == "NAIMA"
    assert [m.speaker_label for m in found.moments] == ["NAIMA"]


def test_a_question_is_the_moment_only_when_nothing_else_matched(index):
    assert [m.speaker_label for m in hit(index, "zeppelin", "Q-2").moments] == ["HILA"]
    # MAROM is the narrator here, though the interviewer is Hila Marom.
    labels = [m.speaker_label for m in hit(index, "quince", "Q-3").moments]
    assert labels == ["MAROM"]


def test_a_chapter_moment_reads_title_dash_synopsis(index):
    chapter = hit(index, "riots", "Q-1").moments[0]
    assert chapter.kind == "chapter"
    assert chapter.snippet == "The roof — A night hiding during the <mark>riots</mark>. (Shavuot)"


def test_a_name_match_shows_the_name_then_the_biography(index):
    about = hit(index, "Naima", "S-1").about_snippet
    assert about.startswith("<mark>Naima</mark> Khedouri: Born in the Taht al-Takia")
    assert "Khadouri" not in about and "Kedourie" not in about


def test_a_variant_spelling_match_says_it_is_another_spelling(index):
    about = hit(index, "Kedourie", "S-1").about_snippet
    assert about.startswith("Naima Khedouri, also written Na'ima <mark>Kedourie</mark>: Born")


def test_a_summary_match_is_the_summary(index):
    assert hit(index, "summary", "S-1").about_snippet == "A short <mark>summary</mark>."


def test_each_result_says_who_where_and_when(index):
    found = hit(index, "Farhud", "Q-1")
    assert found.speakers == (NamedTerm("naima", "Naima Khedouri"),)
    assert found.origin_countries == (NamedTerm("IQ", "Iraq"),)
    assert (found.year_from, found.year_to, found.years) == (1941, 1951, "1941–1951")
    assert (found.duration, found.parts) == (4200.5, 2)
    assert found.languages == (NamedTerm("en", "English"), NamedTerm("ar", "Arabic"))


def test_browsing_results_say_who_where_and_when_too(index):
    results = search_testimonies(
        index, "", asker=Asker.public(TODAY), filters=SearchFilters(countries=("MA",))
    )
    [found] = results.results
    assert found.origin_countries == (NamedTerm("MA", "Morocco"),) and found.parts == 1


@pytest.mark.parametrize("typed", ["MV-0001", "mv-0001", ' "MV-0001" '])
def test_an_accession_typed_as_the_query_is_the_first_and_exact_result(index, typed):
    results = search_testimonies(index, typed, asker=Asker.public(TODAY))
    first, *others = results.results
    assert (first.accession, first.exact_match) == ("MV-0001", True)
    assert not any(h.exact_match for h in others)
    assert results.total == 1 + len(others) and results.suggestion is None
    assert first.about_snippet == "Its summary."  # nothing of it matched: its opening


def test_an_exact_accession_comes_first_in_any_order(index):
    results = search_testimonies(index, "MV-0002", asker=Asker.public(TODAY), sort="accession")
    assert [h.accession for h in results.results][:2] == ["MV-0002", "MV-0001"]


def test_an_accession_the_asker_may_not_see_or_filters_exclude_is_not_found(index):
    assert search_testimonies(index, "H-1", asker=Asker.public(TODAY)).total == 0
    assert hit(index, "H-1", "H-1", staff=True).exact_match
    excluded = search_testimonies(
        index, "MV-0001", asker=Asker.public(TODAY), filters=SearchFilters(countries=("MA",))
    )
    assert "MV-0001" not in [h.accession for h in excluded.results]


def test_words_that_merely_contain_an_accession_are_not_exact(index):
    results = search_testimonies(index, "MV-0001 sequel", asker=Asker.public(TODAY))
    assert results.results[0].accession == "MV-0002"  # "sequel" too: the best match
    assert not any(h.exact_match for h in results.results)
