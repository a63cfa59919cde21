"""Facet counts equal a brute-force count over the catalogue records.

A generated fixture collection (fixed seed: mixed countries, themes, years,
languages, speakers with their countries of origin and destinations,
collections and access levels) is indexed; for every
word of its vocabulary, with and without filters, for the public and for
staff, the search's totals and facet counts are compared with counts made
by reading every record directly — no index involved.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from archive import vocabularies
from archive.access import Asker, is_public
from archive.testimonies.records import CollectionRecord, NamedTerm, TestimonyRecord
from archive.vocabularies.themes import narrower_closure
from search.filters import SearchFilters
from search.index import create_index, write_testimonies
from search.schema import TEXT_ANALYZER
from search.searcher import search_testimonies
from search.speaker_roles import label_key
from tests.search.test_search import record

TODAY = date(2026, 11, 21)
WORDS = ["river", "school", "passport", "synagogue", "grandmother", "market", "ship", "orchard"]
COUNTRIES = [("IQ", "Iraq"), ("YE", "Yemen"), ("MA", "Morocco"), ("IR", "Iran"), ("EG", "Egypt")]
THEMES = [
    ("farhud", "Farhud"),
    ("tripoli-riots", "Tripoli riots"),
    ("airlift", "Airlift"),
    ("operation-magic-carpet", "Magic Carpet"),
    ("schooling", "Schooling"),
    ("memory", "Memory"),
]
COLLECTIONS = [
    CollectionRecord(slug, slug.title(), None, None, None, True, None)
    for slug in ("north", "south")
]
# Where each speaker came from and went to (one went nowhere recorded; sp-5
# speaks only in testimonies the public may not see, see below).
ORIGINS = [("IQ",), ("YE",), ("MA", "EG"), ("IR",), (), ("LY",)]
DESTINATIONS = [("IL",), ("IL", "US"), ("FR",), (), ("GB",), ("CA",)]
SPEAKERS = [
    (
        f"sp-{n}",
        f"Speaker {chr(65 + n)}",
        (),
        None,
        tuple(NamedTerm(c, vocabularies.COUNTRIES[c].name) for c in ORIGINS[n]),
        tuple(NamedTerm(c, vocabularies.COUNTRIES[c].name) for c in DESTINATIONS[n]),
    )
    for n in range(6)
]
HIDDEN_SPEAKER = SPEAKERS[5]
# Interviewers, by testimony number (not drawn, so the generated records stay
# as they were); the hidden one interviews only the hidden speaker.
INTERVIEWERS = [("Ruth Levy",), ("Ruth Levy", "Amir Cohen"), ("Dana Peretz",), ()]
HIDDEN_INTERVIEWER = "Hidden Interviewer"


def generated_records() -> list[TestimonyRecord]:
    rng = random.Random(20261121)
    records = []
    for n in range(60):
        start = rng.randrange(1938, 1995)
        access, embargo = rng.choice(
            [("public", None)] * 4
            + [
                ("restricted", None),
                ("embargoed", date(2031, 1, 1)),
                ("embargoed", date(2021, 1, 1)),
            ]
        )
        speakers = rng.sample(SPEAKERS[:5], rng.randrange(1, 3))
        if access == "restricted" and n % 2:
            speakers.append(HIDDEN_SPEAKER)
        records.append(
            record(
                f"G-{n:03d}",
                [
                    " ".join(rng.sample(WORDS, 2)) + " and then we left."
                    for _ in range(rng.randrange(1, 4))
                ],
                access=access,
                embargo_until=embargo,
                countries=rng.sample(COUNTRIES, rng.randrange(1, 3)),
                themes=rng.sample(THEMES, rng.randrange(0, 3)),
                languages=rng.sample(["en", "fr", "ar", "he"], rng.randrange(1, 3)),
                years=(start, start + rng.randrange(0, 25)),
                speakers=speakers,
                collection=rng.choice(COLLECTIONS),
                recorded=f"{rng.randrange(1990, 2024)}",
            )
        )
        interviewers = INTERVIEWERS[n % len(INTERVIEWERS)]
        if HIDDEN_SPEAKER in speakers:
            interviewers += (HIDDEN_INTERVIEWER,)
        records[-1] = replace(records[-1], interviewers=interviewers)
    return records


RECORDS = generated_records()


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = create_index(tmp_path_factory.mktemp("brute") / "index")
    write_testimonies(ix, RECORDS)
    return ix


def tokens(r: TestimonyRecord) -> set[str]:
    texts = [r.title, r.summary or "", *(s.text for s in r.segments)]
    texts += [" ".join((s.name, *s.name_variants)) for s in r.speakers]
    return {t.text for text in texts for t in TEXT_ANALYZER(text)}


def decades(r: TestimonyRecord) -> set[str]:
    return {str(d) for d in range(r.year_from // 10 * 10, r.year_to // 10 * 10 + 1, 10)}


def origins(r: TestimonyRecord) -> set[str]:
    return {c.id for s in r.speakers for c in s.origin_countries}


def destinations(r: TestimonyRecord) -> set[str]:
    return {c.id for s in r.speakers for c in s.destinations}


def admitted(r: TestimonyRecord, f: SearchFilters) -> bool:
    themes = set().union(*(narrower_closure(t) for t in f.themes)) if f.themes else set()
    return all(
        (
            not f.countries or {c.id for c in r.countries} & set(f.countries),
            not f.origins or origins(r) & set(f.origins),
            not f.destinations or destinations(r) & set(f.destinations),
            not f.themes or {t.id for t in r.themes} & themes,
            not f.languages or set(r.languages) & set(f.languages),
            not f.speakers or {s.slug for s in r.speakers} & set(f.speakers),
            not f.collections or r.collection.slug in f.collections,
            not f.decades or decades(r) & {str(d) for d in f.decades},
            not f.interviewers or {label_key(i) for i in r.interviewers} & set(f.interviewers),
            f.year_from is None or r.year_to >= f.year_from,
            f.year_to is None or r.year_from <= f.year_to,
        )
    )


def brute_force(
    word: str | None, f: SearchFilters, staff: bool
) -> tuple[set[str], dict[str, Counter]]:
    wanted = {t.text for t in TEXT_ANALYZER(word)} if word else set()
    found = [
        r
        for r in RECORDS
        if (staff or is_public(r.access, r.embargo_until, TODAY))
        and admitted(r, f)
        and wanted <= tokens(r)
    ]
    counts = {
        "country": Counter(c.id for r in found for c in r.countries),
        "origin": Counter(code for r in found for code in origins(r)),
        "destination": Counter(code for r in found for code in destinations(r)),
        "theme": Counter(t.id for r in found for t in r.themes),
        "decade": Counter(d for r in found for d in decades(r)),
        "language": Counter(code for r in found for code in r.languages),
        "speaker": Counter(s.slug for r in found for s in r.speakers),
        "collection": Counter(r.collection.slug for r in found),
        "interviewer": Counter(label_key(i) for r in found for i in r.interviewers),
    }
    return {r.accession for r in found}, counts


FILTERS = [
    SearchFilters(),
    SearchFilters(countries=("IQ",)),
    SearchFilters(countries=("MA", "IR")),
    SearchFilters(themes=("pogroms-riots",)),  # farhud and tripoli-riots are narrower
    SearchFilters(languages=("fr",), collections=("north",)),
    SearchFilters(year_from=1950, year_to=1959),
    SearchFilters(decades=(1960, 1980)),
    SearchFilters(speakers=("sp-2",), year_from=1970),
    SearchFilters(origins=("IQ", "MA")),
    SearchFilters(destinations=("IL",), countries=("YE",)),
    SearchFilters(origins=("LY",)),  # only the hidden speaker came from Libya
    SearchFilters(destinations=("CA", "FR")),
    SearchFilters(interviewers=("ruth levy",)),
    SearchFilters(interviewers=("amir cohen", "dana peretz"), countries=("IQ",)),
    SearchFilters(interviewers=("hidden interviewer",)),  # only with the hidden speaker
]


@pytest.mark.parametrize("staff", [False, True], ids=["public", "staff"])
@pytest.mark.parametrize("chosen", FILTERS, ids=range(len(FILTERS)))
@pytest.mark.parametrize("word", [None, *WORDS])
def test_totals_and_facet_counts_equal_a_brute_force_count(index, word, chosen, staff):
    if word is None and not chosen.active:
        pytest.skip("no words and no filters: the search asks for a query")
    results = search_testimonies(
        index, word or "", asker=Asker(TODAY, staff=staff), filters=chosen, per_page=100
    )
    expected, counts = brute_force(word, chosen, staff)
    assert {hit.accession for hit in results.results} == expected
    assert results.total == len(expected)
    for facet in results.facets:
        assert not facet.truncated
        assert {v.value: v.count for v in facet.values} == dict(counts[facet.name]), facet.name


def test_the_fixture_mixes_access_levels_and_hides_some():
    public = brute_force("river", SearchFilters(), staff=False)[0]
    staff = brute_force("river", SearchFilters(), staff=True)[0]
    assert public < staff and len(public) >= 5
    # The hidden speaker's origin and destination exist for staff only.
    hidden = brute_force(None, SearchFilters(origins=("LY",)), staff=True)[0]
    assert hidden and not brute_force(None, SearchFilters(origins=("LY",)), staff=False)[0]
    # So does the interviewer of the hidden speaker only.
    by_hidden = SearchFilters(interviewers=(label_key(HIDDEN_INTERVIEWER),))
    assert brute_force(None, by_hidden, staff=True)[0]
    assert not brute_force(None, by_hidden, staff=False)[0]
