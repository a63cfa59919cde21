"""Words analysed once each and remembered give what TEXT_ANALYZER gives the
whole text: the same terms in the same order, stop words dropped."""

from __future__ import annotations

import search.documents
from search.documents import analysed
from search.schema import TEXT_ANALYZER

TEXTS = [
    "The U.S. consul said: we leave for Baghdād -- the orchard, the river, the orchard again.",
    "Crémieux and Cremieux; הָיִינוּ בְּכַנְפֵי in Tel-Aviv... and it was the 1951 airlift!",
    "",
    "To be or not to be: that is the question of the Jews of Iraq, 1950-1951.",
    "Ending with a dot.starting right after it, e.g. Mr. Shemtov's café; ma'abara",
    "والدي كان يعمل في بغداد   Houses HOUSES housing",
]


def whole_text(text: str) -> list[str]:
    return [token.text for token in TEXT_ANALYZER(text, mode="index")]


def test_the_same_terms_as_the_analyzer_gives_the_whole_text(monkeypatch):
    monkeypatch.setattr(search.documents, "_TERM_OF_WORD", {})
    for _ in range(2):  # words first met, then remembered
        assert [analysed(text) for text in TEXTS] == [whole_text(text) for text in TEXTS]
    assert analysed(TEXTS[3])[:2] == ["question", "jew"]


def test_the_same_terms_when_the_remembered_words_are_forgotten(monkeypatch):
    monkeypatch.setattr(search.documents, "_TERM_OF_WORD", {})
    monkeypatch.setattr(search.documents, "TERMS_REMEMBERED", 3)
    assert [analysed(text) for text in TEXTS] == [whole_text(text) for text in TEXTS]
    assert len(search.documents._TERM_OF_WORD) <= 3
