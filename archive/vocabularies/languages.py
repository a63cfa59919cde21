"""Languages as ISO 639 codes (two-letter where one exists), through pycountry."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from archive.vocabularies.terms import UnknownTerm


def resolve_language(value: str) -> str:
    """An ISO 639-1 or 639-3 code or an English language name -> the shortest code."""
    text = value.strip()
    language = None
    if len(text) == 2:
        language = pycountry.languages.get(alpha_2=text.lower())
    elif len(text) == 3:
        language = pycountry.languages.get(alpha_3=text.lower())
    if language is None:
        try:
            language = pycountry.languages.lookup(text)
        except LookupError:
            raise UnknownTerm(
                "language",
                value,
                _written_forms(short=len(text) <= 3),
                expected="an ISO 639 code such as {example}, or a language's English name",
                example="fr",
            ) from None
    return getattr(language, "alpha_2", None) or language.alpha_3


def _written_forms(short: bool) -> list[tuple[str, str]]:
    """The languages with a two-letter code, by name (and by code, for a short value)."""
    languages = [lang for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    forms = [(lang.name, lang.alpha_2) for lang in languages]
    if short:
        forms += [
            (code, lang.alpha_2) for lang in languages for code in (lang.alpha_2, lang.alpha_3)
        ]
    return forms


@lru_cache(maxsize=2048)
def language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    language = language or pycountry.languages.get(alpha_3=code)
    return language.name if language else code
