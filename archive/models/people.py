"""People who gave testimony, with the fields a speaker bureau needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.models.base import Base
from archive.models.vocabulary import Country, Theme

if TYPE_CHECKING:
    from archive.models.catalogue import Collection

speaker_origin_countries = Table(
    "speaker_origin_countries",
    Base.metadata,
    Column("speaker_id", ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
    Column("country_code", ForeignKey("countries.code"), primary_key=True),
)

speaker_themes = Table(
    "speaker_themes",
    Base.metadata,
    Column("speaker_id", ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True),
)


class Speaker(Base):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    name_variants: Mapped[list[str]] = mapped_column(JSON, default=list)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birthplace: Mapped[str | None] = mapped_column(String(300))
    departure_year: Mapped[int | None] = mapped_column(Integer)
    departure_route: Mapped[str | None] = mapped_column(Text)
    destinations: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    biography: Mapped[str | None] = mapped_column(Text)
    formats: Mapped[list[str]] = mapped_column(JSON, default=list)
    available: Mapped[bool] = mapped_column(Boolean, default=False)
    # The collection that first catalogued this speaker: only it may change the
    # record; others name the speaker by an explicit reference (docs/manifest.md).
    # None only for a speaker no testimony named before migration 0006.
    collection_id: Mapped[int | None] = mapped_column(ForeignKey("collections.id"))
    pitch: Mapped[str | None] = mapped_column(String(300))
    # The portrait image's path, resolved like a recording's.
    portrait: Mapped[str | None] = mapped_column(Text)
    source_checksum: Mapped[str | None] = mapped_column(String(64))

    origin_countries: Mapped[list[Country]] = relationship(
        secondary=speaker_origin_countries, order_by=Country.code
    )
    speaks_on: Mapped[list[Theme]] = relationship(secondary=speaker_themes, order_by=Theme.id)
    collection: Mapped[Collection | None] = relationship()
