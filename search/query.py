"""Turning what a person typed into a Whoosh query.

Plain mode (the default) takes the text literally: words and "quoted
phrases" only, so a stray colon, bracket, star or AND never changes the
meaning or raises. Advanced mode accepts AND/OR/NOT, parentheses, prefixes
(bag*) and field:value, where the fields are the facets (search.facets:
country:IQ, origin:IQ, destination:IL, theme:farhud, decade:1940, ...), the
year span (year:1948-1951) or title:.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.qparser.common import QueryParserError

from search.facets import FACETS
from search.filters import SearchFilters
from search.phrases import paired
from search.variants import expand_variants

MAX_QUERY_CHARS = 500
SEARCH_FIELDS = ("text", "title")
FILTER_NAMES = (*(facet.name for facet in FACETS), "year")
FILTER_TOKEN = re.compile(rf"\b({'|'.join(FILTER_NAMES)}):(\"[^\"]*\"|\S+)", re.I)


@dataclass(frozen=True)
class ParsedQuery:
    query: query.Query | None
    filters: SearchFilters
    message: str | None = None


def parse_user_query(
    text: str, schema, filters: SearchFilters | None = None, *, advanced: bool = False
) -> ParsedQuery:
    message = None
    filters = filters or SearchFilters()
    if len(text) > MAX_QUERY_CHARS:
        text, message = (
            text[:MAX_QUERY_CHARS],
            f"The query was cut to {MAX_QUERY_CHARS} characters.",
        )
    if advanced:
        text, filters = _filters_from_text(text, filters)
        try:
            parsed = _parser(schema, advanced=True).parse(text)
        except Exception as error:
            # Whoosh's parser fails in several ways on odd syntax (QueryParserError,
            # ValueError, even AssertionError on '" ANDNOT ANDNOT "'): whichever,
            # the words are searched as typed.
            parsed = _parser(schema).parse(text)
            reason = f" ({error})" if isinstance(error, QueryParserError) and str(error) else ""
            message = f"The query syntax was not understood{reason}; searched for the words."
    else:
        parsed = _parser(schema).parse(text)
    if parsed is query.NullQuery:
        return ParsedQuery(None, filters, message)
    return ParsedQuery(paired(expand_variants(parsed)), filters, message)


def _parser(schema, *, advanced: bool = False) -> qparser.QueryParser:
    if not advanced:
        plugins = [
            qparser.WhitespacePlugin(),
            qparser.PhrasePlugin(),
            qparser.MultifieldPlugin(SEARCH_FIELDS),
        ]
        return qparser.QueryParser(
            None, schema, plugins=plugins, group=qparser.OrGroup.factory(0.9)
        )
    # Only the searched fields are known to the parser: another field:value
    # (id:, kind:, accession:, alltext:) is read as words. Those fields hold
    # every testimony, hidden ones too, and the bounds count the words a
    # wildcard stands for in visible testimonies only for text and title.
    searched = Schema(**{name: schema[name] for name in SEARCH_FIELDS})
    # As in every search box with syntax, words without an operator must all occur.
    parser = qparser.QueryParser(None, searched, group=qparser.AndGroup)
    parser.add_plugin(qparser.MultifieldPlugin(SEARCH_FIELDS))
    parser.remove_plugin_class(qparser.BoostPlugin)
    parser.remove_plugin_class(qparser.RangePlugin)
    parser.add_plugin(qparser.FieldAliasPlugin({"title": ["title"]}))
    return parser


def _filters_from_text(text: str, filters: SearchFilters) -> tuple[str, SearchFilters]:
    """country:IQ and the like become filters; the rest stays the query."""
    found: dict[str, list[str]] = {}
    for name, value in FILTER_TOKEN.findall(text):
        found.setdefault(name.lower(), []).append(value.strip('"'))
    if not found:
        return text, filters
    years = found.get("year", [])
    year_match = re.match(r"^(\d{4})(?:-(\d{4}))?$", years[-1]) if years else None
    filters = replace(
        filters,
        **{
            facet.field: filters.chosen(facet)
            + tuple(v for v in map(facet.parse, found.get(facet.name, [])) if v is not None)
            for facet in FACETS
        },
        year_from=int(year_match.group(1)) if year_match else filters.year_from,
        year_to=int(year_match.group(2) or year_match.group(1)) if year_match else filters.year_to,
    )
    return FILTER_TOKEN.sub(" ", text), filters
