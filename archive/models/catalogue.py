"""Collections and their testimonies, with recordings, segments and chapters."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.models.base import Base
from archive.models.people import Speaker
from archive.models.vocabulary import Country, Theme

testimony_speakers = Table(
    "testimony_speakers",
    Base.metadata,
    Column("testimony_id", ForeignKey("testimonies.id", ondelete="CASCADE"), primary_key=True),
    Column("speaker_id", ForeignKey("speakers.id"), primary_key=True),
)

testimony_countries = Table(
    "testimony_countries",
    Base.metadata,
    Column("testimony_id", ForeignKey("testimonies.id", ondelete="CASCADE"), primary_key=True),
    Column("country_code", ForeignKey("countries.code"), primary_key=True),
)

testimony_themes = Table(
    "testimony_themes",
    Base.metadata,
    Column("testimony_id", ForeignKey("testimonies.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True),
)


class Collection(Base):
    __tablename__ = "collections"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(500))
    rights: Mapped[str | None] = mapped_column(Text)
    fictional: Mapped[bool] = mapped_column(Boolean, default=False)
    notice: Mapped[str | None] = mapped_column(Text)
    source_path: Mapped[str | None] = mapped_column(Text)


class Testimony(Base):
    __tablename__ = "testimonies"

    id: Mapped[int] = mapped_column(primary_key=True)
    accession: Mapped[str] = mapped_column(String(100), unique=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id"))
    title: Mapped[str] = mapped_column(String(500))
    interviewers: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    place: Mapped[str | None] = mapped_column(String(300))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    year_from: Mapped[int | None] = mapped_column(Integer)
    year_to: Mapped[int | None] = mapped_column(Integer)
    access: Mapped[str] = mapped_column(String(20), default="public")
    embargo_until: Mapped[date | None] = mapped_column(Date)
    rights: Mapped[str | None] = mapped_column(Text)
    # Checksum of everything the testimony was built from (manifest entry and
    # files): equal on a re-run means unchanged. indexed_checksum is what the
    # search index holds; they differ until the index has caught up.
    source_checksum: Mapped[str | None] = mapped_column(String(64))
    indexed_checksum: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # indexed: catalogue_version reads its maximum on every cached page
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    collection: Mapped[Collection] = relationship()
    speakers: Mapped[list[Speaker]] = relationship(
        secondary=testimony_speakers, order_by=Speaker.name
    )
    countries: Mapped[list[Country]] = relationship(
        secondary=testimony_countries, order_by=Country.code
    )
    themes: Mapped[list[Theme]] = relationship(secondary=testimony_themes, order_by=Theme.id)
    recordings: Mapped[list[Recording]] = relationship(
        back_populates="testimony", cascade="all, delete-orphan", order_by="Recording.part"
    )
    segments: Mapped[list[Segment]] = relationship(
        back_populates="testimony",
        cascade="all, delete-orphan",
        order_by="(Segment.part, Segment.position)",
    )
    chapters: Mapped[list[Chapter]] = relationship(
        back_populates="testimony",
        cascade="all, delete-orphan",
        order_by="(Chapter.part, Chapter.start)",
    )


class Recording(Base):
    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    testimony_id: Mapped[int] = mapped_column(ForeignKey("testimonies.id", ondelete="CASCADE"))
    part: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)
    mime_type: Mapped[str | None] = mapped_column(String(100))
    format: Mapped[str | None] = mapped_column(String(20))
    codec: Mapped[str | None] = mapped_column(String(50))
    duration: Mapped[float | None] = mapped_column(Float)
    bitrate: Mapped[int | None] = mapped_column(Integer)
    sample_rate: Mapped[int | None] = mapped_column(Integer)
    channels: Mapped[int | None] = mapped_column(Integer)
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    tags: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    readable: Mapped[bool] = mapped_column(Boolean, default=True)
    problem: Mapped[str | None] = mapped_column(Text)

    testimony: Mapped[Testimony] = relationship(back_populates="recordings")


class Segment(Base):
    __tablename__ = "segments"
    __table_args__ = (Index("ix_segments_testimony_part", "testimony_id", "part", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    testimony_id: Mapped[int] = mapped_column(ForeignKey("testimonies.id", ondelete="CASCADE"))
    part: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[float] = mapped_column(Float)
    end: Mapped[float | None] = mapped_column(Float)
    speaker_label: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # None for the words as spoken; an ISO 639 code for a translation of them.
    language: Mapped[str | None] = mapped_column(String(10))

    testimony: Mapped[Testimony] = relationship(back_populates="segments")


class Chapter(Base):
    __tablename__ = "chapters"

    id: Mapped[int] = mapped_column(primary_key=True)
    testimony_id: Mapped[int] = mapped_column(ForeignKey("testimonies.id", ondelete="CASCADE"))
    part: Mapped[int] = mapped_column(Integer, default=1)
    start: Mapped[float] = mapped_column(Float)
    title: Mapped[str] = mapped_column(String(500))
    synopsis: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    gps: Mapped[str | None] = mapped_column(String(100))

    testimony: Mapped[Testimony] = relationship(back_populates="chapters")
