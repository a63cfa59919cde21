"""Tombstones: testimonies the public could see that were deleted or withdrawn.

OAI-PMH promises harvesters persistent deletions: a testimony that leaves the
public's view is remembered here (accession, the sets it belonged to, when)
so that harvesters are told to withdraw it. A restricted testimony was never
exposed and leaves no tombstone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from archive.models.base import Base


class Deletion(Base):
    __tablename__ = "deletions"

    id: Mapped[int] = mapped_column(primary_key=True)
    accession: Mapped[str] = mapped_column(String(100), unique=True)
    collection_slug: Mapped[str] = mapped_column(String(100))
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    deleted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # "deleted" (removed from the catalogue) or "withdrawn" (still there, no
    # longer public: made restricted or put under a new embargo).
    reason: Mapped[str] = mapped_column(String(20))
