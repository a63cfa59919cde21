"""The index schema: one document per transcript segment, per chapter, and per
testimony (title, summary, speakers), each carrying its testimony's metadata
so that filtering and access checks need no trip to the catalogue."""

from __future__ import annotations

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, KEYWORD, STORED, TEXT, SchemaClass
from whoosh.support.charset import accent_map

# Bump when the schema or the analysis changes: an index of another version is
# refused with "run testimony reindex" rather than read wrongly.
SCHEMA_VERSION = 2


# Accent folding makes "Crémieux" and "Cremieux" the same term; the Porter
# stemmer only rewrites Latin-script endings, so Hebrew and Arabic pass through.
# Stop words are dropped from index and query alike, so phrases still match;
# they are a third of the postings of spoken English.
class AccentFoldFilter(Filter):
    """Folds accents like CharsetFilter(accent_map), skipping the ASCII tokens
    that are most of the text (a measurable share of indexing time)."""

    def __call__(self, tokens):
        for token in tokens:
            if not token.text.isascii():
                token.text = token.text.translate(accent_map)
            yield token


TEXT_ANALYZER = (
    RegexTokenizer() | LowercaseFilter() | StopFilter() | AccentFoldFilter() | StemFilter()
)

# Kinds of document. Only segments and chapters are moments with a time.
SEGMENT, CHAPTER, TESTIMONY = "segment", "chapter", "testimony"


class TestimonySchema(SchemaClass):
    id = ID(unique=True, stored=True)
    kind = ID(stored=True)
    accession = ID(stored=True, sortable=True)
    collection = ID(stored=True)
    # Where a moment is: stored to be shown, never searched, so not indexed.
    part = STORED()
    start = STORED()
    speaker_label = STORED()
    display_title = STORED()
    # Title words are indexed on the testimony document only, so a word of the
    # title does not make every segment of that testimony a "moment".
    title = TEXT(analyzer=TEXT_ANALYZER, field_boost=2.0)
    text = TEXT(analyzer=TEXT_ANALYZER, stored=True, phrase=True)
    countries = KEYWORD(commas=True, scorable=False)
    themes = KEYWORD(commas=True, scorable=False)
    languages = KEYWORD(commas=True, scorable=False)
    speakers = KEYWORD(commas=True, scorable=False)
    # Fixed-width text ("1948", "20300101") compares like the numbers it holds:
    # one term per document, where a NUMERIC field indexes eight or sixteen.
    year_from = ID()
    year_to = ID()
    access = ID()
    # The day an embargo lifts, yyyymmdd; access is decided at query time by
    # comparing it with today.
    embargo_until = ID()
