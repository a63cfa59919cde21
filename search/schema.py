"""The index schema: one document per transcript segment, per chapter, and per
testimony (title, summary, speakers and their biographies).

Segment and chapter documents carry only their accession: everything a search
filters on (access, country, theme, years, language, speaker, collection) is
stored once, on the testimony's document, and read into a facts table per
index version (`search.facts_table`). That keeps indexing lean and makes the access
check one place that fails closed.
"""

from __future__ import annotations

import struct
import unicodedata
from collections import Counter
from itertools import pairwise

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, STORED, TEXT, FieldType, SchemaClass
from whoosh.formats import Format, tokens
from whoosh.support.charset import accent_map

from search.frequent_words import FREQUENT_WORDS

# Bump when the schema or the analysis changes: an index of another version is
# refused with "run testimony reindex" rather than read wrongly.
SCHEMA_VERSION = 9  # 9: word pairs (search.phrases)

# Kinds of document. Only segments and chapters are moments with a time.
SEGMENT, CHAPTER, TESTIMONY = "segment", "chapter", "testimony"


class AccentFoldFilter(Filter):
    """Folds accents like CharsetFilter(accent_map) and drops combining marks —
    Hebrew niqqud and Arabic harakat too, so כַּנְפֵי is found as כנפי — skipping
    the ASCII tokens that are most of the text (a share of indexing time)."""

    def __call__(self, tokens):
        for token in tokens:
            if not token.text.isascii():
                decomposed = unicodedata.normalize("NFD", token.text.translate(accent_map))
                token.text = "".join(c for c in decomposed if not unicodedata.combining(c))
            yield token


# Accent folding makes "Crémieux" and "Cremieux" the same term; the Porter
# stemmer only rewrites Latin-script endings, so Hebrew and Arabic pass through.
# Stop words are dropped from index and query alike, so phrases still match;
# they are a third of the postings of spoken English.
# Python's \w leaves out combining marks: Latin combining accents, Hebrew
# niqqud and cantillation, Arabic harakat. Without them a vocalised word would
# be cut in pieces before the marks could be folded away.
MARKS = "\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
WORD = rf"[\w{MARKS}]+(?:\.?[\w{MARKS}]+)*"
TEXT_ANALYZER = (
    RegexTokenizer(WORD) | LowercaseFilter() | StopFilter() | AccentFoldFilter() | StemFilter()
)


# Analysed like the text, so each frequent word is known by its indexed form.
FREQUENT_TERMS = frozenset(t.text for t in TEXT_ANALYZER(FREQUENT_WORDS))
_COUNTS = struct.Struct("<2I")


class WordPairs(Format):
    """Postings of the pairs of adjacent frequent words ("father hous"): where
    each pair starts, and how often each of its two words occurs in the
    document, which is all a phrase of frequent words needs to be found and
    scored (search.phrases) without reading the words' own postings.

    Analysed as the text is, so positions and counts are the text's: stop
    words are already gone and positions renumbered, so two neighbours here
    are two neighbours to a phrase."""

    def word_values(self, value, analyzer, **kwargs):
        starts: dict[tuple[str, str], list[int]] = {}
        if isinstance(value, list):
            # Words analysed already (search.documents): a word's position is
            # its place in the list, so every two neighbours are adjacent.
            counts = Counter(value)
            for pos, pair in enumerate(pairwise(value)):
                if pair[0] in FREQUENT_TERMS and pair[1] in FREQUENT_TERMS:
                    starts.setdefault(pair, []).append(pos)
        else:
            kwargs["positions"] = kwargs["boosts"] = True  # as the text's Positions reads it
            words = [(t.pos, t.text) for t in tokens(value, analyzer, kwargs)]
            counts = Counter(text for _pos, text in words)
            for (pos, first), (next_pos, second) in pairwise(words):
                if next_pos == pos + 1 and first in FREQUENT_TERMS and second in FREQUENT_TERMS:
                    starts.setdefault((first, second), []).append(pos)
        for (first, second), positions in starts.items():
            encoded = _COUNTS.pack(counts[first], counts[second]) + struct.pack(
                f"<{len(positions)}I", *positions
            )
            yield f"{first} {second}", len(positions), float(len(positions)), encoded

    def decode_pair(self, valuestring: bytes) -> tuple[int, int, tuple[int, ...]]:
        """(occurrences of the first word, of the second, where the pair starts)."""
        first, second = _COUNTS.unpack_from(valuestring)
        count = (len(valuestring) - _COUNTS.size) // 4
        return first, second, struct.unpack_from(f"<{count}I", valuestring, _COUNTS.size)

    def decode_frequency(self, valuestring: bytes) -> int:
        return (len(valuestring) - _COUNTS.size) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return float(self.decode_frequency(valuestring))


class TestimonySchema(SchemaClass):
    id = ID(unique=True, stored=True)
    kind = ID(stored=True)
    accession = ID(stored=True, sortable=True)
    # Where a moment is: stored to be shown, never searched, so not indexed.
    part = STORED()
    start = STORED()
    speaker_label = STORED()
    # Title words are indexed on the testimony document only, so a word of the
    # title does not make every segment of that testimony a "moment".
    title = TEXT(analyzer=TEXT_ANALYZER, field_boost=2.0)
    text = TEXT(analyzer=TEXT_ANALYZER, stored=True, phrase=True)
    # The same text as pairs of adjacent frequent words, on every document that
    # has text: a phrase of frequent words is found and scored from these alone
    # (search.phrases). Never searched as words, so not scorable.
    pairs = FieldType(WordPairs(), TEXT_ANALYZER)
    # On testimony documents only: every word of the testimony (summary,
    # speakers, transcripts and chapters), without positions. Which testimonies
    # match, and how well, is decided on these few thousand documents; segments
    # are searched only for the moments of the testimonies shown.
    alltext = TEXT(analyzer=TEXT_ANALYZER, phrase=False)
    # On testimony documents only: the facts filters and facets are built from.
    facts = STORED()
    # On testimony documents only: the summary and each speaker's names and
    # biography kept apart, so a snippet can say whose name or life matched.
    about = STORED()
