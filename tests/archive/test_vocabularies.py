"""Countries, languages and themes resolve to ids, or suggest what was meant."""

from __future__ import annotations

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
