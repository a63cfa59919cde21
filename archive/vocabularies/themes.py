"""The theme thesaurus (themes.yaml): preferred and alternative labels and
broader themes, loaded once and checked for dangling or cyclic links."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from archive.errors import ArchiveError
from archive.vocabularies.terms import UnknownTerm

THESAURUS_FILE = Path(__file__).with_name("themes.yaml")


@dataclass(frozen=True)
class ThemeEntry:
    id: str
    label: str
    alt_labels: tuple[str, ...]
    broader: str | None


@cache
def load_themes(path: Path = THESAURUS_FILE) -> dict[str, ThemeEntry]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    themes: dict[str, ThemeEntry] = {}
    for number, item in enumerate(raw, start=1):
        try:
            entry = ThemeEntry(
                id=item["id"],
                label=item["label"],
                alt_labels=tuple(str(a) for a in item.get("alt", [])),
                broader=item.get("broader"),
            )
        except (KeyError, TypeError) as error:
            raise ArchiveError(f"{path}: theme #{number} lacks {error}") from None
        themes[entry.id] = entry
    for entry in themes.values():
        if entry.broader is not None and entry.broader not in themes:
            raise ArchiveError(f"{path}: theme {entry.id!r} has unknown broader {entry.broader!r}")
        _check_no_cycle(themes, entry)
    return themes


def _check_no_cycle(themes: dict[str, ThemeEntry], entry: ThemeEntry) -> None:
    seen = {entry.id}
    broader = entry.broader
    while broader is not None:
        if broader in seen:
            raise ArchiveError(f"theme {entry.id!r} is its own broader theme")
        seen.add(broader)
        broader = themes[broader].broader


def resolve_theme(value: str) -> str:
    """A theme id, preferred label or alternative label -> the theme id."""
    themes = load_themes()
    text = value.strip()
    if text in themes:
        return text
    folded = text.casefold()
    for entry in themes.values():
        if folded == entry.label.casefold() or folded in (a.casefold() for a in entry.alt_labels):
            return entry.id
    forms = [
        (form, entry.id)
        for entry in themes.values()
        for form in (entry.id, entry.label, *entry.alt_labels)
    ]
    raise UnknownTerm(
        "theme",
        value,
        forms,
        expected="a theme id such as {example}, or a theme's label",
        example="farhud",
    )


def narrower_closure(theme_id: str) -> set[str]:
    """The theme and every theme below it in the hierarchy."""
    themes = load_themes()
    result = {theme_id}
    changed = True
    while changed:
        added = {t.id for t in themes.values() if t.broader in result} - result
        result |= added
        changed = bool(added)
    return result
