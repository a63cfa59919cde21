"""Staff accounts: people who may see restricted material and handle talk
requests. Passwords are stored only as argon2 hashes (archive/accounts.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from archive.models.base import Base


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Raised by logout, a password change, deactivation and `users logout`: a
    # session cookie carries the generation it was issued under and is refused
    # once the account's generation has moved on.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
