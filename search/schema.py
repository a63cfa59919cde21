"""The index schema: one document per transcript segment, per chapter, and per
testimony (title, summary, speakers), each carrying its testimony's metadata
so that filtering and access checks need no trip to the catalogue."""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, SchemaClass
from whoosh.support.charset import accent_map

# Bump when the schema or the analysis changes: an index of another version is
# refused with "run testimony reindex" rather than read wrongly.
SCHEMA_VERSION = 1

# Accent folding makes "Crémieux" and "Cremieux" the same term; the Porter
# stemmer only rewrites Latin-script endings, so Hebrew and Arabic pass through.
TEXT_ANALYZER = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StemFilter()

# Kinds of document. Only segments and chapters are moments with a time.
SEGMENT, CHAPTER, TESTIMONY = "segment", "chapter", "testimony"


class TestimonySchema(SchemaClass):
    id = ID(unique=True, stored=True)
    kind = ID(stored=True)
    accession = ID(stored=True, sortable=True)
    collection = ID(stored=True)
    part = NUMERIC(stored=True)
    start = NUMERIC(numtype=float, stored=True)
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
    year_from = NUMERIC()
    year_to = NUMERIC()
    access = ID()
    # yyyymmdd as an integer, 0 when there is no embargo: access is decided at
    # query time by comparing with today.
    embargo_until = NUMERIC(bits=32)
