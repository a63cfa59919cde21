"""The shared "unknown term, did you mean" error of every vocabulary, and the
measure that ranks what a person probably meant to write."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from archive.errors import ArchiveError

# Letters people swap for one another when spelling a place by ear (Lybia, Irak,
# Egipt, Tunesia): replacing one by another of its group costs half a letter, so
# that Libya ranks before Liberia for Lybia, and Iraq before Iran for Irak.
SOUND_ALIKE = (frozenset("aeiouy"), frozenset("ckq"), frozenset("sz"), frozenset("fv"))
# A vocabulary's longest name is under 60 letters; longer text is no typo of one,
# and comparing it would only cost time.
LONGEST_COMPARED = 80


class UnknownTerm(ArchiveError):
    """A value is not in its vocabulary; the message suggests the closest terms and
    says what form is expected."""

    def __init__(
        self,
        kind: str,
        value: str,
        known: Iterable[tuple[str, str]],
        expected: str,
        example: str,
    ) -> None:
        """`known`: (form a person may write, the canonical id it stands for) pairs;
        `expected`: the forms accepted, "{example}" standing for the best suggestion's
        id, or `example` when nothing is close."""
        self.kind, self.value = kind, value
        ranked = suggest(value, known)
        self.suggestions = [written for written, _ in ranked]
        expected = expected.format(example=ranked[0][1] if ranked else example)
        if ranked:
            guesses = " or ".join(_shown(written, canonical) for written, canonical in ranked)
            message = f"unknown {kind} {value!r}; did you mean {guesses}? Expected {expected}"
        else:
            message = f"unknown {kind} {value!r}; expected {expected}"
        super().__init__(message)


def _shown(written: str, canonical: str) -> str:
    return (
        repr(written)
        if written.casefold() == canonical.casefold()
        else f"{written!r} ({canonical})"
    )


def suggest(value: str, known: Iterable[tuple[str, str]], limit: int = 3) -> list[tuple[str, str]]:
    """The closest (written, canonical) pairs to value, best first, one per canonical id:
    within a third of the value's letters (at least one), and less than half a letter
    further than the best, so that a clear best guess stands alone."""
    typed = fold(value)
    if not typed or len(typed) > LONGEST_COMPARED:
        return []
    cutoff = max(1.0, len(typed) / 3)
    best: dict[str, tuple[float, int, str, str]] = {}
    for written, canonical in known:
        form = fold(written)
        if abs(len(form) - len(typed)) > cutoff:
            continue
        cost = distance(typed, form)
        rank = (cost, abs(len(form) - len(typed)), written, canonical)
        if cost <= cutoff and (canonical not in best or rank < best[canonical]):
            best[canonical] = rank
    ranked = sorted(best.values())
    # Beside a clear best guess, the distant ones are noise (Yeman: Yemen, not Oman).
    close = [rank for rank in ranked if rank[0] < ranked[0][0] + 0.5] if ranked else []
    return [(written, canonical) for *_, written, canonical in close[:limit]]


def fold(text: str) -> str:
    """Lowercased, accents removed, hyphens as spaces: Crémieux and cremieux compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").split())


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return 0.5 if any(a in group and b in group for group in SOUND_ALIKE) else 1.0


def distance(a: str, b: str) -> float:
    """Damerau–Levenshtein distance (optimal string alignment: insertions, deletions,
    substitutions and transpositions of neighbours), sound-alike letters costing half."""
    before: list[float] = []
    previous = [float(j) for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [float(i)] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + _substitution(a[i - 1], b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[-1]
