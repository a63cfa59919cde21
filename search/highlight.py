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
