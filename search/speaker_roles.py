"""Who speaks in a segment: the labels that name a testimony's interviewer, so
that a result's moments give the narrator's words before the questions.

A segment is the interviewer's when its speaker label, compared as words
(case, accents, punctuation and digits ignored: "Q.", "INTERVIEWER 2:"), is

- a generic interviewer label: INTERVIEWER, Q, QUESTION, INT; or
- an interviewer's full name (as the testimony's `interviewers` list it); or
- one word of an interviewer's name ("HILA" for Hila Marom), unless that word
  is also in a speaker's name: a family interviewing its own keeps the name.

Everything else, no label included, is the narrator's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

GENERIC_LABELS = frozenset({"interviewer", "q", "question", "int"})
LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4096)  # every facet count and moment asks again for the same few names
def label_key(label: str) -> str:
    """A label or a name as comparable words: 'Q.' -> 'q', 'Hila  Marom' -> 'hila marom'."""
    folded = unicodedata.normalize("NFKD", label.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(LETTERS.findall(plain))


def interviewer_labels(interviewers: Iterable[str], speaker_names: Iterable[str]) -> frozenset[str]:
    """Every label key that means one of the interviewers is speaking."""
    narrator_words = {word for name in speaker_names for word in label_key(name).split()}
    labels = set(GENERIC_LABELS)
    for name in interviewers:
        key = label_key(name)
        if key:
            labels.add(key)
            labels.update(word for word in key.split() if word not in narrator_words)
    return frozenset(labels)


def is_interviewer(label: str | None, labels: frozenset[str]) -> bool:
    return bool(label) and label_key(label) in labels
