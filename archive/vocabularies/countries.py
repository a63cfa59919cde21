"""Countries: ISO 3166 alpha-2 codes from pycountry, plus the historic names
that testimonies use (Aden, Persia, Mandatory Palestine, ...), each mapped to
the present-day code a search should find them under."""

from __future__ import annotations

from dataclasses import dataclass, field

import pycountry

from archive.vocabularies.terms import UnknownTerm

# Region of the countries the first collection is about; others get None.
REGIONS = {
    **dict.fromkeys(["MA", "DZ", "TN", "LY", "EG", "SD"], "North Africa"),
    **dict.fromkeys(["IQ", "SY", "LB", "JO", "PS", "IL"], "Levant and Mesopotamia"),
    **dict.fromkeys(["YE", "BH", "SA", "KW", "OM", "AE", "QA"], "Arabian Peninsula"),
    **dict.fromkeys(["IR", "AF", "PK", "TR"], "Iran, Turkey and Central Asia"),
}

HISTORIC_NAMES = {
    "Aden": "YE",
    "Aden Protectorate": "YE",
    "Colony of Aden": "YE",
    "South Yemen": "YE",
    "Transjordan": "JO",
    "Emirate of Transjordan": "JO",
    "Mandatory Palestine": "IL",
    "British Mandate Palestine": "IL",
    "Palestine Mandate": "IL",
    "Persia": "IR",
    "Mesopotamia": "IQ",
    "Kingdom of Iraq": "IQ",
    "Mandatory Iraq": "IQ",
    "French Algeria": "DZ",
    "French Morocco": "MA",
    "Spanish Morocco": "MA",
    "Tangier International Zone": "MA",
    "French Tunisia": "TN",
    "Tripolitania": "LY",
    "Cyrenaica": "LY",
    "Italian Libya": "LY",
    "Kingdom of Egypt": "EG",
    "United Arab Republic": "EG",
    "Ottoman Empire": "TR",
    "Anglo-Egyptian Sudan": "SD",
    "Syria Mandate": "SY",
    "Greater Lebanon": "LB",
    "Trucial States": "AE",
}

# pycountry's official names are long ("Iran, Islamic Republic of"); these are
# the names people use.
COMMON_NAMES = {"IR": "Iran", "SY": "Syria", "PS": "Palestine", "TR": "Turkey"}


@dataclass(frozen=True)
class CountryEntry:
    code: str
    name: str
    historic_names: tuple[str, ...] = field(default_factory=tuple)
    region: str | None = None


def _build() -> dict[str, CountryEntry]:
    historic: dict[str, list[str]] = {}
    for name, code in HISTORIC_NAMES.items():
        historic.setdefault(code, []).append(name)
    entries = {}
    for country in pycountry.countries:
        code = country.alpha_2
        name = COMMON_NAMES.get(code) or getattr(country, "common_name", None) or country.name
        entries[code] = CountryEntry(
            code, name, tuple(sorted(historic.get(code, []))), REGIONS.get(code)
        )
    return entries


COUNTRIES: dict[str, CountryEntry] = _build()
_BY_NAME = {
    **{entry.name.casefold(): code for code, entry in COUNTRIES.items()},
    **{name.casefold(): code for name, code in HISTORIC_NAMES.items()},
}

# Every name resolve_country accepts, with its code: what a typo is compared with.
_WRITTEN_FORMS = [
    *((entry.name, code) for code, entry in COUNTRIES.items()),
    *HISTORIC_NAMES.items(),
]


def resolve_country(value: str) -> str:
    """An ISO alpha-2 code, a country name or a historic name -> the ISO code."""
    text = value.strip()
    if text.upper() in COUNTRIES and len(text) == 2:
        return text.upper()
    code = _BY_NAME.get(text.casefold())
    if code:
        return code
    raise UnknownTerm(
        "country",
        value,
        _WRITTEN_FORMS if len(text) > 3 else [*_WRITTEN_FORMS, *((c, c) for c in COUNTRIES)],
        expected="an ISO 3166 code such as {example}, or a country's name (present or historic)",
        example="LY",
    )
