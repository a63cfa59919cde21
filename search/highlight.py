"""Snippets and marked transcripts: matched words wrapped in <mark>,
everything else HTML-escaped.

Whoosh's highlighter re-runs the whole analyzer on every token of every hit;
here each distinct word is analysed once (cached), so marking a page of
moments costs a regular-expression pass and dictionary look-ups.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from itertools import takewhile

from whoosh import query

from search.schema import TEXT_ANALYZER, WORD

SNIPPET_CHARS = 240
CONTEXT_BEFORE = 90
WORDS = re.compile(WORD)
TEXT_FIELDS = ("text", "title", "alltext")


@lru_cache(maxsize=200_000)
def index_form(word: str) -> str | None:
    """The term a word is indexed as (None for a stop word)."""
    forms = [token.text for token in TEXT_ANALYZER(word)]
    return forms[0] if len(forms) == 1 else None


def query_terms(text: str) -> frozenset[str]:
    """The indexed forms of the words of a query (stems, folded accents)."""
    return frozenset(token.text for token in TEXT_ANALYZER(text[:500]))


def matched_terms(q: query.Query, reader) -> frozenset[str]:
    """Terms of the text fields a query matches, prefixes expanded to real terms."""
    return frozenset(
        text.decode("utf-8") if isinstance(text, bytes) else text
        for field, text in q.existing_terms(reader, expand=True)
        if field in TEXT_FIELDS
    )


def _matches(text: str, terms: frozenset[str]) -> list[re.Match]:
    return [m for m in WORDS.finditer(text) if index_form(m.group()) in terms]


def mark_terms(text: str, terms: frozenset[str]) -> str:
    """text escaped, with every word whose indexed form is in terms in <mark>."""
    return _marked(text, 0, len(text), _matches(text, terms) if terms else [])


def snippet(text: str, terms: frozenset[str]) -> str | None:
    """About SNIPPET_CHARS of text around its first matched word, or None.

    Words are read only up to the end of the snippet: a testimony's summary
    and biographies can be long, and a page shows up to 80 snippets."""
    words = WORDS.finditer(text)
    first = next((m for m in words if index_form(m.group()) in terms), None)
    if first is None:
        return None
    start = max(0, first.start() - CONTEXT_BEFORE)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space > 0 else end
    following = takewhile(lambda m: m.end() <= end, words)
    matches = [first, *(m for m in following if index_form(m.group()) in terms)]
    body = _marked(text, start, end, [m for m in matches if m.end() <= end])
    return ("… " if start else "") + body + (" …" if end < len(text) else "")


def _marked(text: str, start: int, end: int, matches: list[re.Match]) -> str:
    pieces, index = [], start
    for match in matches:
        if match.start() < start:
            continue
        pieces.append(escape(text[index : match.start()], quote=False))
        pieces.append(f"<mark>{escape(match.group(), quote=False)}</mark>")
        index = match.end()
    pieces.append(escape(text[index:end], quote=False))
    return "".join(pieces)


def plain_snippet(text: str) -> str:
    """An escaped opening of text, for when no word of the query is in it."""
    cut = text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(cut, quote=False)
