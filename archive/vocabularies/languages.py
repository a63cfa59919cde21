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
            known = [lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")]
            raise UnknownTerm("language", value, known) from None
    return getattr(language, "alpha_2", None) or language.alpha_3


@lru_cache(maxsize=2048)
def language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    language = language or pycountry.languages.get(alpha_3=code)
    return language.name if language else code
