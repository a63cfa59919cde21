"""Variant spellings and historic names, expanded at query time: a search for
Bagdad finds Baghdad, Farhoud finds Farhud, Aden finds Yemen.

The groups come from archive/vocabularies/variants.yaml and the historic
country names; each form is analysed like the text, so the expansion works
on indexed terms.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from whoosh import query

from archive.vocabularies.countries import COUNTRIES, HISTORIC_NAMES
from search.schema import TEXT_ANALYZER

VARIANTS_FILE = (
    Path(__file__).resolve().parent.parent / "archive" / "vocabularies" / "variants.yaml"
)
EXPANDED_FIELDS = ("text", "title")


def _terms(form: str) -> tuple[str, ...]:
    return tuple(token.text for token in TEXT_ANALYZER(form))


@cache
def variant_table() -> dict[str, frozenset[tuple[str, ...]]]:
    """Analysed single term -> the analysed forms (one or more words) it also means."""
    table: dict[str, set[tuple[str, ...]]] = {}
    groups = yaml.safe_load(VARIANTS_FILE.read_text(encoding="utf-8"))
    for group in groups:
        forms = {_terms(str(form)) for form in group} - {()}
        for form in forms:
            if len(form) == 1:
                table.setdefault(form[0], set()).update(forms - {form})
    for name, code in HISTORIC_NAMES.items():
        form = _terms(name)
        if len(form) == 1:
            table.setdefault(form[0], set()).add(_terms(COUNTRIES[code].name))
    return {term: frozenset(forms) for term, forms in table.items()}


def expand_variants(q: query.Query) -> query.Query:
    if isinstance(q, query.Term):
        return _expand_term(q)
    return q if q.is_leaf() else q.apply(expand_variants)


def _expand_term(term: query.Term) -> query.Query:
    if term.fieldname not in EXPANDED_FIELDS:
        return term
    forms = variant_table().get(term.text)
    if not forms:
        return term
    alternatives: list[query.Query] = [term]
    for form in sorted(forms):
        if len(form) == 1:
            alternatives.append(query.Term(term.fieldname, form[0], boost=term.boost * 0.9))
        else:
            alternatives.append(query.Phrase(term.fieldname, list(form), boost=term.boost * 0.9))
    return query.Or(alternatives)
