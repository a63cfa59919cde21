"""Identity across collections, as the ingest sees it: which entries of a
manifest name an accession or a speaker id another collection owns, and what
each speaker reference (`id`, or `collection/id` for another collection's
speaker) stands for. Entries that would take a record over are refused with a
problem naming the owner; nothing of the owner changes (docs/manifest.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from archive.identity import speaker_owners, testimony_owners


@dataclass
class Owners:
    """What the catalogue says about the ids a manifest names, for one collection."""

    collection: str
    testimonies: dict[str, str] = field(default_factory=dict)
    speakers: dict[str, str | None] = field(default_factory=dict)
    # Speaker ids this run catalogues (its own, not refused).
    catalogued: set[str] = field(default_factory=set)

    def accession_refusal(self, accession: str) -> str | None:
        owner = self.testimonies.get(accession, self.collection)
        if owner == self.collection:
            return None
        return (
            f"accession {accession!r} belongs to collection {owner!r}, which catalogued it "
            "first; nothing of it was changed. Expected an accession of this collection "
            f"(to move the testimony here: testimony move {accession} {self.collection})"
        )

    def speaker_refusal(self, slug: str) -> str | None:
        owner = self.speakers.get(slug)
        if owner is None or owner == self.collection:
            return None
        return (
            f"speaker id {slug!r} belongs to collection {owner!r}, which catalogued it "
            "first; nothing of it was changed. Expected an id of this collection's own, "
            f"or, for the same person, no entry here and the reference '{owner}/{slug}' "
            "in testimonies and talks"
        )

    def resolve(self, references: Iterable[str]) -> tuple[tuple[str, ...], list[str]]:
        """The speaker ids references stand for, and why any of them cannot be used."""
        slugs, problems = [], []
        for reference in references:
            slug, problem = self._resolve_one(reference)
            if problem:
                problems.append(problem)
            else:
                slugs.append(slug)
        return tuple(dict.fromkeys(slugs)), problems

    def _resolve_one(self, reference: str) -> tuple[str, str | None]:
        named, _, slug = reference.rpartition("/")
        if slug in self.catalogued and named in ("", self.collection):
            return slug, None
        if slug not in self.speakers:
            where = f"collection {named!r} has no speaker {slug!r}" if named else "unknown speaker"
            return slug, f"{where}: {reference!r}; expected an id from the speakers section"
        owner = self.speakers[slug]
        if named == "" and owner in (None, self.collection):
            return slug, None
        if named and owner == named:
            return slug, None
        if owner is None:
            return slug, f"speaker {slug!r} belongs to no collection yet; expected {slug!r}"
        return slug, (
            f"speaker {slug!r} belongs to collection {owner!r}; to name that person "
            f"from another collection, expected '{owner}/{slug}'"
        )


def speaker_ids(references: Iterable[str]) -> set[str]:
    return {reference.rpartition("/")[2] for reference in references}


def load_owners(
    session: Session,
    collection: str,
    accessions: Iterable[str],
    speakers: Iterable[str],
) -> Owners:
    return Owners(
        collection,
        testimonies=testimony_owners(session, accessions),
        speakers=speaker_owners(session, speakers),
    )
