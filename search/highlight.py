"""Snippets: matched words wrapped in <mark>, everything else HTML-escaped."""

from __future__ import annotations

from html import escape

from whoosh import highlight

SNIPPET_CHARS = 240


class MarkFormatter(highlight.Formatter):
    """Formats fragments as escaped text with <mark> around matched words."""

    between = " … "

    def _text(self, text: str) -> str:
        return escape(text, quote=False)

    def format_token(self, text, token, replace=False) -> str:
        return f"<mark>{escape(highlight.get_text(text, token, replace), quote=False)}</mark>"


def configure(results) -> None:
    """Use our formatter and fragment size on a Whoosh Results object."""
    results.formatter = MarkFormatter()
    results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=90)


def plain_snippet(text: str) -> str:
    """An escaped opening of text, for when no word of the query is in it."""
    cut = text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(cut, quote=False)


def query_terms(text: str) -> frozenset[str]:
    """The indexed forms of the words of a query (stems, folded accents)."""
    from search.schema import TEXT_ANALYZER

    return frozenset(token.text for token in TEXT_ANALYZER(text[:500]))


def mark_terms(text: str, terms: frozenset[str]) -> str:
    """text escaped, with every word whose indexed form is in terms in <mark>."""
    from search.schema import TEXT_ANALYZER

    if not terms:
        return escape(text, quote=False)
    pieces, index = [], 0
    for token in TEXT_ANALYZER(text, chars=True, removestops=False):
        if token.text in terms:
            pieces.append(escape(text[index : token.startchar], quote=False))
            word = escape(text[token.startchar : token.endchar], quote=False)
            pieces.append(f"<mark>{word}</mark>")
            index = token.endchar
    pieces.append(escape(text[index:], quote=False))
    return "".join(pieces)
