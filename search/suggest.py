"""'Did you mean': a correction for each word that the testimonies the asker
may see do not hold (or hold rarely), drawn only from words of those
testimonies, so restricted transcripts neither add nor remove a suggestion.

Index terms are stems ("airplan"); a suggestion is shown as a word people
write, taken from a visible document that contains it ("airplane"). Words
the vocabularies know (variant spellings such as Bagdad, countries, themes)
are not misspellings, and function words ("could", "had") are never offered.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice

from whoosh.searching import Searcher

from archive.access import Asker
from archive.vocabularies.countries import COUNTRIES, HISTORIC_NAMES
from archive.vocabularies.themes import load_themes
from search.facts_table import FactsTable
from search.lexicon import VisibleWords, lexicon
from search.schema import TEXT_ANALYZER, WORD
from search.variants import variant_table

# Edit-distance candidates cost grows steeply with a word's length (a
# 500-letter "word" took a minute): words people misspell are shorter.
LONGEST_WORD = 20
MOST_WORDS = 6  # words looked at in one query; beyond that it is not a typo
LONGEST_INFLECTION = 4  # letters an inflected form may add: child -> children
INFLECTIONS_READ = 50  # visible words starting with the word looked at, at most
# A word found in this few visible testimonies may still be a slip, when a
# word one edit away is found in MUCH_MORE times as many.
RARE = 1
MUCH_MORE = 10
SYNTAX = re.compile(r"[*?:]")
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
# English function words: frequent, near everything short, and never what a
# person searching testimonies meant. Whoosh's analyser already drops some.
FUNCTION_WORDS = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing done down during each either
else ever every few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just least less let many may me might mine
more most much must my myself neither no nor not now of off often on once one only onto
or other ought our ours ourselves out over own per quite rather same several shall she
should since so some such than that the their theirs them themselves then there these they
this those though through thus till to too toward towards under until up upon us very was
we were what whatever when whenever where whether which while who whom whose why will with
within without would yet you your yours yourself yourselves
"""


@cache
def _function_terms() -> frozenset[str]:
    return frozenset(t.text for w in FUNCTION_WORDS.split() for t in TEXT_ANALYZER(w))


@cache
def vocabulary_terms() -> frozenset[str]:
    """Terms of the names the vocabularies know: never taken for misspellings."""
    names = [*HISTORIC_NAMES, *(entry.name for entry in COUNTRIES.values())]
    for theme in load_themes().values():
        names += [theme.label, *theme.alt_labels]
    terms = {t.text for name in names for t in TEXT_ANALYZER(name)}
    return frozenset(terms | set(variant_table()))


def suggest(
    searcher: Searcher,
    table: FactsTable,
    text: str,
    *,
    asker: Asker,
    advanced: bool = False,
) -> str | None:
    """text with each unknown or rare word corrected, or None when none is."""
    words = VisibleWords(searcher, table, asker)
    tokens = [t for t in re.finditer(WORD, text) if _correctable(text, t, advanced)]
    if len(tokens) > MOST_WORDS:
        return None
    corrected, end = [], 0
    for token in tokens:
        better = _correction(searcher, words, token.group())
        if better is not None:
            corrected += [text[end : token.start()], better]
            end = token.end()
    if not corrected:
        return None
    return "".join(corrected) + text[end:]


def _correctable(text: str, token: re.Match, advanced: bool) -> bool:
    """Words, not numbers, operators, prefixes (bag*) or field values (country:IQ)."""
    word = token.group()
    if len(word) > LONGEST_WORD or any(c.isdigit() for c in word):
        return False
    if not advanced:
        return True
    before, after = text[token.start() - 1 : token.start()], text[token.end() : token.end() + 1]
    return word not in OPERATORS and not SYNTAX.match(before) and not SYNTAX.match(after)


def _correction(searcher: Searcher, words: VisibleWords, word: str) -> str | None:
    analysed = [t.text for t in TEXT_ANALYZER(word)]
    if len(analysed) != 1 or analysed[0] in vocabulary_terms():
        return None  # a stop word, or a name the vocabularies know
    term = analysed[0]
    found = words.count(term)
    if found > RARE:
        return None
    for candidate in _candidates(searcher, words, term, rare=found > 0):
        surface = words.surface(candidate)
        if surface is not None:
            return surface
    return None


def _candidates(searcher: Searcher, words: VisibleWords, term: str, *, rare: bool) -> list[str]:
    """Visible terms that term may have meant, best first: inflected forms of
    the same stem (child -> children), then the nearest by edit distance;
    among equals, the one in more testimonies, then the shorter."""
    words_of_letter = lexicon(searcher, words.table, "text", term[0])
    ranked: dict[str, tuple[int, int]] = {}
    if not rare:
        # Only visible words take a place among those read: otherwise words of
        # hidden testimonies sorting first would crowd out a visible inflection.
        inflections = (
            other
            for other in words_of_letter.with_prefix(term)
            if len(other) <= len(term) + LONGEST_INFLECTION and words.count(other)
        )
        for other in islice(inflections, INFLECTIONS_READ):
            ranked[other] = (0, 0)
    # Stems of misspellings drift further from the indexed stem: one more edit
    # for long words ("revolutoin" -> "revolut"), one fewer for short ones
    # ("hajj" is two edits from "had"). Three edits away, most words of the
    # same letter share enough letter pairs to be compared one by one.
    most = 1 if rare or len(term) <= 4 else 2 if len(term) < 10 else 3
    for other, distance in words_of_letter.near(term, most).items():
        ranked.setdefault(other, (1, distance))
    least = words.count(term) * MUCH_MORE if rare else 1
    scored = []
    for other, (kind, distance) in ranked.items():
        if other == term or other in _function_terms():
            continue
        count = words.count(other)
        if count >= least:
            scored.append(((kind, distance, -count, len(other), other), other))
    return [other for _key, other in sorted(scored)]
