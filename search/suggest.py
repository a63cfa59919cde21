"""'Did you mean': corrections for misspelt words, drawn from the index's own
terms — and offered only when the corrected search finds something the asker
may see, so a restricted testimony's words are never suggested."""

from __future__ import annotations

from collections.abc import Callable

from whoosh.searching import Searcher

from search.schema import TEXT_ANALYZER


def suggest(searcher: Searcher, text: str, finds_any: Callable[[str], bool]) -> str | None:
    """A corrected version of text, or None when no correction helps."""
    corrector = searcher.corrector("text")
    reader = searcher.reader()
    words = text.split()
    for attempt in range(3):
        changed = False
        corrected = []
        for word in words:
            analysed = [t.text for t in TEXT_ANALYZER(word)]
            known = all((("text", term) in reader) for term in analysed) if analysed else True
            options = [] if known else corrector.suggest(word.lower(), limit=3)
            if options and attempt < len(options):
                corrected.append(options[attempt])
                changed = True
            else:
                corrected.append(word)
        candidate = " ".join(corrected)
        if not changed:
            return None
        if candidate.lower() != text.lower() and finds_any(candidate):
            return candidate
    return None
