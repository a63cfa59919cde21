"""Speaker programmes, their talks, and requests for talks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.models.base import Base
from archive.models.people import Speaker

talk_speakers = Table(
    "talk_speakers",
    Base.metadata,
    Column("talk_id", ForeignKey("talks.id", ondelete="CASCADE"), primary_key=True),
    Column("speaker_id", ForeignKey("speakers.id"), primary_key=True),
)

talk_testimonies = Table(
    "talk_testimonies",
    Base.metadata,
    Column("talk_id", ForeignKey("talks.id", ondelete="CASCADE"), primary_key=True),
    Column("testimony_id", ForeignKey("testimonies.id", ondelete="CASCADE"), primary_key=True),
)


class Programme(Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(30))
    description: Mapped[str | None] = mapped_column(Text)
    starts: Mapped[date | None] = mapped_column(Date)
    ends: Mapped[date | None] = mapped_column(Date)
    source_checksum: Mapped[str | None] = mapped_column(String(64))

    talks: Mapped[list[Talk]] = relationship(back_populates="programme", order_by="Talk.date")


class Talk(Base):
    __tablename__ = "talks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    title: Mapped[str] = mapped_column(String(500))
    date: Mapped[date] = mapped_column(Date)
    venue: Mapped[str | None] = mapped_column(String(300))
    institution: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(20), default="in_person")
    audience: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    source_checksum: Mapped[str | None] = mapped_column(String(64))

    programme: Mapped[Programme] = relationship(back_populates="talks")
    speakers: Mapped[list[Speaker]] = relationship(secondary=talk_speakers)
    testimonies: Mapped[list["Testimony"]] = relationship(  # noqa: F821, UP037
        secondary=talk_testimonies
    )


class TalkRequest(Base):
    __tablename__ = "talk_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    organisation: Mapped[str] = mapped_column(String(300))
    contact_name: Mapped[str] = mapped_column(String(300))
    email: Mapped[str] = mapped_column(String(300))
    preferred_dates: Mapped[str | None] = mapped_column(Text)
    audience_size: Mapped[int | None] = mapped_column(Integer)
    audience_type: Mapped[str | None] = mapped_column(String(300))
    format: Mapped[str | None] = mapped_column(String(20))
    topics: Mapped[str | None] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    speaker: Mapped[Speaker | None] = relationship()
    status: Mapped[str] = mapped_column(String(20), default="requested")
    staff_notes: Mapped[str | None] = mapped_column(Text)
    # who moved the request to its present status, and when (staff accounts)
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_changed_by: Mapped[str | None] = mapped_column(String(100))
