"""'Did you mean': drawn only from testimonies the asker may see, never a
function word, inflected forms first, each unknown word of a query corrected."""

from __future__ import annotations

from datetime import date

import pytest

from archive.access import Asker
from search.index import create_index, write_testimonies
from search.searcher import search_testimonies
from tests.search.test_search import record

TODAY = date(2026, 11, 21)
RESTRICTED_NEAR_MISSES = "revolutiom revolutiox revolutiot revolutiom revolutiox"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = create_index(tmp_path_factory.mktemp("suggest") / "index")
    common = "Could we go? We could not, we had few shoes and could not walk far."
    write_testimonies(
        ix,
        [
            record("P-1", ["The children played in the courtyard.", common]),
            record("P-2", ["My childhood in Baghdad: Shavuot and the revolution.", common]),
            record("P-3", ["Hajji Abbas guarded our door.", common]),
            # ten testimonies say "synagogue", one misspells it
            *(record(f"S-{n}", ["We went to the synagogue on Saturday."]) for n in range(10)),
            record("S-TYPO", ["We went to the synagogeu on Saturday."]),
            record("R-1", [RESTRICTED_NEAR_MISSES], access="restricted"),
            record(
                "E-1",
                ["The embargoed zanzibar story."],
                access="embargoed",
                embargo_until=date(2030, 1, 1),
            ),
            record(
                "E-2",
                ["The lifted quokkas story."],
                access="embargoed",
                embargo_until=date(2020, 1, 1),
            ),
        ],
    )
    return ix


def suggestion(index, text: str, *, staff: bool = False, advanced: bool = False) -> str | None:
    return search_testimonies(
        index, text, asker=Asker(TODAY, staff=staff), advanced=advanced
    ).suggestion


def test_words_of_restricted_testimonies_neither_add_nor_remove_a_suggestion(index):
    # Nearer and more frequent words in a restricted transcript do not crowd
    # out the visible one, and a word written only there is unknown to the public.
    assert suggestion(index, "revolutoin") == "revolution"
    assert suggestion(index, "revolutiox") == "revolution"
    assert suggestion(index, "zanzibr") is None  # embargoed until 2030
    assert suggestion(index, "quokka") is None  # known: the embargo has lifted
    assert suggestion(index, "quokkes") == "quokkas"
    # Staff may be offered words of every testimony.
    assert suggestion(index, "revolutoin", staff=True) in RESTRICTED_NEAR_MISSES.split()
    assert suggestion(index, "zanzibr", staff=True) == "zanzibar"


def test_never_a_function_word_and_inflected_forms_first(index):
    assert suggestion(index, "child") == "children"  # not "could"
    assert suggestion(index, "Hajj") == "Hajji"  # not "had"
    assert suggestion(index, "fewe") is None  # "few" is never offered
    assert suggestion(index, "childhod") == "childhood"


def test_each_unknown_word_is_corrected_and_vocabulary_words_are_known(index):
    # Bagdad is a variant spelling of Baghdad: not a misspelling.
    assert suggestion(index, "Shavout Bagdad") == "Shavuot Bagdad"
    assert suggestion(index, "Shavout in Bagdad with childern") == (
        "Shavuot in Bagdad with children"
    )
    assert suggestion(index, "Baghdad") is None


def test_a_rare_word_is_corrected_to_a_much_more_frequent_one(index):
    results = search_testimonies(index, "synagogeu", asker=Asker.public(TODAY))
    assert results.total == 1 and results.suggestion == "synagogue"
    assert suggestion(index, "synagogue") is None


def test_advanced_syntax_is_not_corrected(index):
    assert suggestion(index, "childre* AND country:IQ", advanced=True) is None
    assert suggestion(index, "Shavout AND NOT revolution", advanced=True) == (
        "Shavuot AND NOT revolution"
    )


def test_many_hidden_words_of_the_same_stem_do_not_crowd_out_a_visible_inflection(tmp_path):
    # Sixty words of a restricted transcript sort before the visible "zqwzz"
    # among the words starting with "zqw": they take no place among the
    # inflected forms read, so the public is offered the same as without them.
    hidden = " ".join(f"zqwa{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(60))
    ix = create_index(tmp_path / "index")
    write_testimonies(
        ix,
        [
            record("V-1", ["The zqwzz of the courtyard."]),
            record("R-1", [hidden], access="restricted"),
        ],
    )
    assert suggestion(ix, "zqw") == "zqwzz"
