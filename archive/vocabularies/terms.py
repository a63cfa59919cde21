"""The shared "unknown term, did you mean" error of every vocabulary."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from archive.errors import ArchiveError


class UnknownTerm(ArchiveError):
    """A value is not in its vocabulary; the message suggests the closest terms."""

    def __init__(self, kind: str, value: str, known: Iterable[str]) -> None:
        self.kind, self.value = kind, value
        self.suggestions = suggest(value, known)
        hint = f"; did you mean {' or '.join(repr(s) for s in self.suggestions)}?"
        super().__init__(f"unknown {kind} {value!r}" + (hint if self.suggestions else ""))


def suggest(value: str, known: Iterable[str], limit: int = 3) -> list[str]:
    by_folded = {term.casefold(): term for term in known}
    matches = difflib.get_close_matches(value.casefold(), by_folded, n=limit, cutoff=0.6)
    return [by_folded[m] for m in matches]
