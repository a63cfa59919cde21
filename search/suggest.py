"""'Did you mean': corrections for misspelt words, drawn from the index's own
terms — and offered only when the corrected search finds more testimonies
the asker may see, so a restricted testimony's words are never suggested.

Index terms are stems ("airplan"); a suggestion is shown as a word people
write, taken from a visible document that contains it ("airplane").
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh import query
from whoosh.analysis import RegexTokenizer
from whoosh.searching import Searcher

from search.schema import TEXT_ANALYZER, WORD

SURFACE = RegexTokenizer(WORD)  # as written: "Naples", not "naples"
# Whoosh's corrector builds an edit-distance automaton per word: its cost grows
# steeply with the word's length (a 500-letter "word" took a minute, a
# 30-letter one a second at 2,000 testimonies). Words people misspell are
# shorter, and a query of many words is not a typo.
LONGEST_WORD = 20
MOST_WORDS = 5


def suggest(
    searcher: Searcher, text: str, finds_more: Callable[[str], bool], visible: Callable[[int], bool]
) -> str | None:
    """A corrected version of text that finds more, or None when no correction helps."""
    corrector = searcher.corrector("text")
    reader = searcher.reader()
    words = text.split()
    if len(words) > MOST_WORDS:
        return None
    options_of: dict[str, list[str]] = {}  # each distinct word corrected once
    for attempt in range(3):
        corrected, changed = [], False
        for word in words:
            analysed = [t.text for t in TEXT_ANALYZER(word)]
            known = (
                not analysed
                or len(analysed[0]) > LONGEST_WORD
                or all(("text", term) in reader for term in analysed)
            )
            if word not in options_of:
                options_of[word] = [] if known else _corrections(corrector, analysed[0])
            options = options_of[word]
            surface = (
                _surface(searcher, options[attempt], visible) if attempt < len(options) else None
            )
            corrected.append(surface or word)
            changed = changed or surface is not None
        if not changed:
            return None
        candidate = " ".join(corrected)
        if candidate.lower() != text.lower() and finds_more(candidate):
            return candidate
    return None


def _surface(searcher: Searcher, term: str, visible: Callable[[int], bool]) -> str | None:
    """The word as written in a visible document whose text holds the term."""
    for docnum in searcher.docs_for_query(query.Term("text", term)):
        if not visible(docnum):
            continue
        stored = searcher.stored_fields(docnum).get("text", "")
        for token in SURFACE(stored):
            if [t.text for t in TEXT_ANALYZER(token.text)] == [term]:
                return token.text
        return None
    return None


def _corrections(corrector, term: str) -> list[str]:
    # Stems of misspellings drift further from the indexed stem: allow one more
    # edit for long words ("revolutoin" -> "revolut"). The first letter is kept:
    # without that prefix Whoosh walks the whole term list, ~200 ms per word at
    # 2,000 testimonies; with it, under 35 ms.
    return corrector.suggest(term, limit=3, maxdist=2 if len(term) < 8 else 3, prefix=1)
