"""Controlled vocabularies: countries (ISO 3166 plus historic names) and the
hierarchical theme thesaurus."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.models.base import Base


class Country(Base):
    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    historic_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(100))


class Theme(Base):
    __tablename__ = "themes"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    alt_labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    broader_id: Mapped[str | None] = mapped_column(ForeignKey("themes.id"))

    broader: Mapped[Theme | None] = relationship(remote_side=[id])
