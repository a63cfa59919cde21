"""Countries, languages and themes resolve to ids, or suggest what was meant."""

from __future__ import annotations

import re

import pytest

from archive.vocabularies import (
    UnknownTerm,
    load_themes,
    resolve_country,
    resolve_language,
    resolve_theme,
)
from archive.vocabularies.themes import narrower_closure


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("IQ", "IQ"),
        ("iq", "IQ"),
        ("Iraq", "IQ"),
        ("Aden", "YE"),
        ("Persia", "IR"),
        ("Transjordan", "JO"),
        ("Mandatory Palestine", "IL"),
        ("Iran", "IR"),
    ],
)
def test_countries_and_historic_names(value, code):
    assert resolve_country(value) == code


def test_unknown_country_suggests_the_closest():
    with pytest.raises(UnknownTerm) as error:
        resolve_country("Irak")
    assert "did you mean 'Iraq'" in str(error.value)


# Typing errors an archivist makes, and the one term each should bring first.
COUNTRY_TYPOS = {
    "Lybia": "LY",
    "Marocco": "MA",
    "Tunesia": "TN",
    "Irak": "IQ",
    "Yeman": "YE",
    "Egipt": "EG",
    "Lebenon": "LB",
    "Syira": "SY",
    "Algeira": "DZ",
    "Persiaa": "IR",
    "Transjordania": "JO",
}
THEME_TYPOS = {
    "farhd": "farhud",
    "Farhod": "farhud",
    "pogrom and riots": "pogroms-riots",
    "denaturalisaton": "denaturalisation",
    "magic carpt": "operation-magic-carpet",
    "emmigration": "departure",
}
LANGUAGE_TYPOS = {"Frensh": "fr", "Hebrw": "he", "Arabik": "ar", "Italien": "it"}


def _first_suggestion(resolve, value: str) -> str:
    with pytest.raises(UnknownTerm) as error:
        resolve(value)
    message = str(error.value)
    match = re.search(r"did you mean '([^']+)'(?: \(([^)]+)\))?", message)
    assert match, message
    return match.group(2) or match.group(1)


@pytest.mark.parametrize(("typed", "meant"), sorted(COUNTRY_TYPOS.items()))
def test_a_misspelt_country_suggests_the_country_meant_first(typed, meant):
    assert _first_suggestion(resolve_country, typed) == meant


@pytest.mark.parametrize(("typed", "meant"), sorted(THEME_TYPOS.items()))
def test_a_misspelt_theme_suggests_the_theme_meant_first(typed, meant):
    assert _first_suggestion(resolve_theme, typed) == meant


@pytest.mark.parametrize(("typed", "meant"), sorted(LANGUAGE_TYPOS.items()))
def test_a_misspelt_language_suggests_the_language_meant_first(typed, meant):
    assert _first_suggestion(resolve_language, typed) == meant


def test_an_unknown_country_names_its_code_and_the_forms_expected():
    with pytest.raises(UnknownTerm) as error:
        resolve_country("Lybia")
    assert str(error.value) == (
        "unknown country 'Lybia'; did you mean 'Libya' (LY)? Expected an ISO 3166 code "
        "such as LY, or a country's name (present or historic)"
    )
    # Liberia, Albania and Malaysia are no likelier than Libya for Lybia.
    assert error.value.suggestions == ["Libya"]


def test_nothing_close_is_no_suggestion_but_still_says_what_is_expected():
    with pytest.raises(UnknownTerm) as error:
        resolve_country("Atlantis")
    assert str(error.value) == (
        "unknown country 'Atlantis'; expected an ISO 3166 code such as LY, "
        "or a country's name (present or historic)"
    )
    with pytest.raises(UnknownTerm, match="expected a theme id such as farhud, or a theme's label"):
        resolve_theme("zzzzzz")
    with pytest.raises(UnknownTerm) as error:
        resolve_country("one word " * 10_000)  # far too long to be a typo of any name
    assert error.value.suggestions == []


def test_languages_by_code_or_name():
    assert [resolve_language(v) for v in ("fr", "heb", "Arabic")] == ["fr", "he", "ar"]
    with pytest.raises(UnknownTerm, match="unknown language 'xx'"):
        resolve_language("xx")


def test_themes_by_id_label_or_alternative():
    assert resolve_theme("farhud") == "farhud"
    assert resolve_theme("Farhoud") == "farhud"
    assert resolve_theme("Magic Carpet") == "operation-magic-carpet"
    with pytest.raises(UnknownTerm, match="did you mean 'farhud'"):
        resolve_theme("farhd")


def test_thesaurus_is_a_tree_and_narrower_themes_are_included():
    themes = load_themes()
    assert all(t.broader is None or t.broader in themes for t in themes.values())
    assert {"farhud", "tripoli-riots", "pogroms-riots"} <= narrower_closure("pogroms-riots")
    assert "farhud" in narrower_closure("persecution")
    assert narrower_closure("farhud") == {"farhud"}
