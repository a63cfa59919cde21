"""Turning what a person typed into a Whoosh query, and the access filter.

By default the text is taken literally: words and "quoted phrases" only, so
a stray colon, bracket, star or AND never changes the meaning or raises.
"""

from __future__ import annotations

from datetime import date

from whoosh import qparser, query

from search.documents import day_term
from search.schema import TestimonySchema

MAX_QUERY_CHARS = 500
SEARCH_FIELDS = ("text", "title")


def parse_user_query(text: str, schema: TestimonySchema) -> query.Query:
    parser = qparser.QueryParser(
        None,
        schema,
        plugins=[
            qparser.WhitespacePlugin(),
            qparser.PhrasePlugin(),
            qparser.MultifieldPlugin(SEARCH_FIELDS),
        ],
        group=qparser.OrGroup.factory(0.9),
    )
    return parser.parse(text[:MAX_QUERY_CHARS])


def public_filter(today: date) -> query.Query:
    """Documents the public may see today: public, or embargoed until a past day."""
    return query.Or(
        [
            query.Term("access", "public"),
            query.And(
                [
                    query.Term("access", "embargoed"),
                    query.TermRange("embargo_until", "00000001", day_term(today)),
                ]
            ),
        ]
    )
