"""Staff accounts: add, list, change password, deactivate, and check a login.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory
profile); a hash made with older parameters is replaced at the next good login.
A login for an unknown or inactive name still spends one hash verification,
so the response time does not tell which names exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.errors import ArchiveError
from archive.models import StaffUser

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # hashing a megabyte per attempt is a denial of service
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password anybody has")


class AccountError(ArchiveError):
    """A staff account request that cannot be done, with the reason."""


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None


def add_user(session: Session, name: str, password: str) -> StaffMember:
    if not NAME.match(name):
        raise AccountError(
            f"user name {name!r}: expected 2-64 characters, lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter or digit"
        )
    if session.scalar(select(StaffUser).where(StaffUser.name == name)) is not None:
        raise AccountError(f"user {name!r} already exists")
    row = StaffUser(
        name=name,
        password_hash=_hasher.hash(_checked_password(password)),
        active=True,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return _member(row)


def set_password(session: Session, name: str, password: str) -> None:
    _row(session, name).password_hash = _hasher.hash(_checked_password(password))


def set_active(session: Session, name: str, active: bool) -> None:
    _row(session, name).active = active


def list_users(session: Session) -> list[StaffMember]:
    return [_member(row) for row in session.scalars(select(StaffUser).order_by(StaffUser.name))]


def get_active_user(session: Session, user_id: int) -> StaffMember | None:
    row = session.get(StaffUser, user_id)
    return _member(row) if row is not None and row.active else None


def authenticate(session: Session, name: str, password: str) -> StaffMember | None:
    """The active member with this name and password, or None (never says which was wrong)."""
    row = session.scalar(select(StaffUser).where(StaffUser.name == name))
    if row is None or not row.active or len(password) > MAX_PASSWORD_LENGTH:
        _verify(_DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
        return None
    if not _verify(row.password_hash, password):
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    row.last_login_at = datetime.now(UTC)
    return _member(row)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")
    return password


def _row(session: Session, name: str) -> StaffUser:
    row = session.scalar(select(StaffUser).where(StaffUser.name == name))
    if row is None:
        raise AccountError(f"there is no user {name!r}")
    return row


def _member(row: StaffUser) -> StaffMember:
    return StaffMember(row.id, row.name, row.active, row.created_at, row.last_login_at)
