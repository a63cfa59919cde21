"""Search bounds: wildcards that begin a word are refused, the words a
wildcard stands for are capped, a time budget stops a search with a notice,
and costly searches beyond a few at once are turned away."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import date

import pytest

from archive.access import Asker
from search.bounds import BUSY, COSTLY_AT_ONCE, WILDCARD_WORDS, costly_turn
from search.index import create_index, write_testimonies
from search.searcher import search_testimonies
from tests.search.test_search import record

TODAY = date(2026, 11, 21)
MANY = [f"zqrare{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(WILDCARD_WORDS + 50)]
HIDDEN = [f"zqhidden{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(WILDCARD_WORDS + 50)]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = create_index(tmp_path_factory.mktemp("bounds") / "index")
    write_testimonies(
        ix,
        [
            record("F-1", ["The Farhud came to Baghdad in June 1941."]),
            record("F-2", ["After the farhud we hid with the neighbours."]),
            record("N-1", ["Nothing about it here, only the river."]),
            # one common zq word in three testimonies, and many rare ones in a fourth
            *(record(f"Z-{n}", ["zqcommon words", "zqcommon again"]) for n in range(3)),
            record("Z-RARE", [" ".join(MANY)]),
            # more frequent zq words, in restricted testimonies only
            *(record(f"R-{n}", [" ".join(HIDDEN)], access="restricted") for n in range(10)),
        ],
    )
    return ix


def advanced(index, text: str, *, staff: bool = False, **options):
    asker = Asker(TODAY, staff=staff)
    return search_testimonies(index, text, asker=asker, advanced=True, **options)


def test_a_bounded_wildcard_still_finds_its_testimonies(index):
    found = advanced(index, "farh*")
    assert {hit.accession for hit in found.results} == {"F-1", "F-2"}
    assert found.notices == () and not found.cut_short
    assert {hit.accession for hit in advanced(index, "F?rh*d").results} == {"F-1", "F-2"}


@pytest.mark.parametrize("text", ["*x*", "*", "?arhud", "*:*", "text:*"])
def test_wildcards_that_begin_a_word_are_refused_with_a_message(index, text):
    found = advanced(index, text)
    assert found.total == 0 and len(found.notices) == 1
    assert "left out" in found.notices[0]


def test_a_refused_wildcard_leaves_the_rest_of_the_query(index):
    found = advanced(index, "farhud AND *ud")
    assert {hit.accession for hit in found.results} == {"F-1", "F-2"}
    assert found.notices == (
        "“*ud”: a wildcard cannot begin a word (type at least one letter before * or ?): "
        "it was left out.",
    )


def test_the_words_a_wildcard_stands_for_are_capped_with_a_notice(index):
    found = advanced(index, "zq*")
    assert found.notices == (
        f"“zq*” stands for more words than one search looks for: "
        f"searched for the {WILDCARD_WORDS} most frequent.",
    )
    # the most frequent word the public may see is among those searched for:
    # more frequent words of restricted testimonies take no place
    assert {"Z-0", "Z-1", "Z-2"} <= {hit.accession for hit in found.results}
    assert not found.cut_short
    hidden = advanced(index, "zqh*")
    assert hidden.total == 0 and hidden.notices == ()
    staff = advanced(index, "zqh*", staff=True)
    assert staff.total == 10 and "searched for the" in staff.notices[0]


@pytest.mark.parametrize("text", ["alltext:zqh*", "id:testimony*", "accession:R*"])
def test_only_the_searched_fields_take_a_field_name(index, text):
    """Advanced mode's field:value is for the filters and title: (search.query).
    The index's other fields hold every testimony, hidden ones too, and their
    words are not counted in what the asker may see: alltext:zqh* made the cap's
    notice appear for words only restricted testimonies hold."""
    found = advanced(index, text)
    assert found.total == 0 and found.notices == ()
    assert advanced(index, "kind:testimony").total == 0  # not every testimony


def test_the_time_budget_stops_a_search_with_a_notice(index):
    found = search_testimonies(
        index, "Baghdad farhud river", asker=Asker.public(TODAY), time_budget=0
    )
    assert found.cut_short
    assert found.notices == (
        "This search took longer than its time budget (0 s) and was stopped: "
        "the results are those found by then.",
    )
    ordinary = search_testimonies(index, "Baghdad farhud river", asker=Asker.public(TODAY))
    assert ordinary.total == 3 and not ordinary.cut_short and ordinary.notices == ()


def test_costly_searches_beyond_a_few_at_once_are_turned_away(index):
    with ExitStack() as running:
        assert all(running.enter_context(costly_turn(True)) for _ in range(COSTLY_AT_ONCE))
        found = advanced(index, "farh*")
        assert found.total == 0 and found.notices == (BUSY,) and found.cut_short
        # an ordinary search is never turned away, even of eight places with variants
        assert search_testimonies(index, "farhud", asker=Asker.public(TODAY)).total == 2
        places = "Baghdad Basra Mosul Tehran Isfahan Aden Casablanca Tripoli"
        assert search_testimonies(index, places, asker=Asker.public(TODAY)).notices == ()
        # seventy words are costly
        words = " ".join(f"word{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(70))
        assert search_testimonies(index, words, asker=Asker.public(TODAY)).notices == (BUSY,)
    assert advanced(index, "farh*").total == 2
