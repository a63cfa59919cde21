"""Controlled vocabularies kept in the repository: countries, themes, languages.

Each resolver turns what a person wrote into the canonical id, or raises
`UnknownTerm` with a "did you mean" drawn from the vocabulary.
"""

from archive.vocabularies.countries import COUNTRIES, CountryEntry, resolve_country
from archive.vocabularies.languages import language_name, resolve_language
from archive.vocabularies.terms import UnknownTerm
from archive.vocabularies.themes import ThemeEntry, load_themes, resolve_theme

__all__ = [
    "COUNTRIES",
    "CountryEntry",
    "ThemeEntry",
    "UnknownTerm",
    "language_name",
    "load_themes",
    "resolve_country",
    "resolve_language",
    "resolve_theme",
]
