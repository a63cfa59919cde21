"""Staff accounts: add, list, change password, deactivate, end sessions, check a login.

Each account has a session generation: a session is issued under the current
one, and logout, a password change, deactivation and `users logout` raise it,
which ends every session issued before (the web's user loader compares them).
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
from sqlalchemy import select, update
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
    session_generation: int


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
        session_generation=0,
    )
    session.add(row)
    session.flush()
    return _member(row)


def set_password(session: Session, name: str, password: str) -> None:
    row = _row(session, name)
    row.password_hash = _hasher.hash(_checked_password(password))
    _end_sessions(session, row.id)


def set_active(session: Session, name: str, active: bool) -> None:
    row = _row(session, name)
    row.active = active
    if not active:
        _end_sessions(session, row.id)


def end_sessions(session: Session, name: str) -> None:
    """End every session NAME has open, wherever it was opened."""
    _end_sessions(session, _row(session, name).id)


def end_member_sessions(session: Session, user_id: int) -> None:
    """Logout: the member's sessions end everywhere, copies of the cookie included."""
    _end_sessions(session, user_id)


def _end_sessions(session: Session, user_id: int) -> None:
    # Incremented in SQL, so that two concurrent logouts both count.
    session.execute(
        update(StaffUser)
        .where(StaffUser.id == user_id)
        .values(session_generation=StaffUser.session_generation + 1)
        .execution_options(synchronize_session="fetch")
    )


def list_users(session: Session) -> list[StaffMember]:
    return [_member(row) for row in session.scalars(select(StaffUser).order_by(StaffUser.name))]


def session_member(session: Session, user_id: int, generation: int) -> StaffMember | None:
    """The member a session issued under `generation` belongs to, while that
    session is still good: the account is active and its sessions were not ended."""
    row = session.get(StaffUser, user_id)
    if row is None or not row.active or row.session_generation != generation:
        return None
    return _member(row)


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
    return StaffMember(
        row.id, row.name, row.active, row.created_at, row.last_login_at, row.session_generation
    )
