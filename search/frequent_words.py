"""The words common enough in spoken testimony that a phrase of two of them
is costly to find by positions: only pairs of these are indexed (search.phrases)."""

from __future__ import annotations

# Spoken English's most frequent words that are not stop words (Whoosh's list
# keeps was, he, they, there...), and a few this archive's testimonies use on
# every page. A phrase of two such words otherwise reads the positions of most
# segments; a phrase with any other word is bounded by that word's documents.
# Changing the list changes what is indexed: bump search.schema.SCHEMA_VERSION.
FREQUENT_WORDS = """
was were he she they them their there then than his her him our me my mine
what which who whom whose where why how all any some no nor but so very just
also only even still about up down out over under again back after before
because while until since into through during against between both each few
more most other such own same too here now one two three four five first last
next many much well like said say says told tell know knew think thought go
went gone going come came get got make made take took see saw seen give gave
look looked want wanted would could should might must do did does done had has
been being am yes oh yeah really thing things something nothing anything
everything way time times year years day days week month people man men woman
women child children family father mother brother sister son daughter husband
wife parents grandfather grandmother uncle aunt home house school city street
town country village life world work worked money war night morning old new
good little big long great small young left right remember lived live living
moved stayed called later never always ever every jews jewish community
synagogue friends friend police government israel
"""
