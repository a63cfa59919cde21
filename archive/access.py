"""Who may see a testimony: the access rule, decided at request time, and the
`Asker` every query, search and page is answered for.

`public` is open to everyone; `restricted` to staff only; `embargoed` to staff
until `embargo_until`, and to everyone from that day on, without anyone
having to change the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ACCESS_LEVELS = ("public", "restricted", "embargoed")


def is_public(access: str, embargo_until: date | None, today: date) -> bool:
    if access == "public":
        return True
    if access == "embargoed":
        return embargo_until is not None and embargo_until <= today
    return False


def access_note(access: str, embargo_until: date | None, today: date) -> str | None:
    """What staff are told about a testimony the public cannot see, else None."""
    if is_public(access, embargo_until, today):
        return None
    if access == "embargoed":
        return f"Embargoed until {embargo_until.isoformat() if embargo_until else 'further notice'}"
    return "Restricted: staff only"


@dataclass(frozen=True)
class Asker:
    """Who is asking, and on which day: the public, or a staff member (by
    account name when known), who also sees restricted and embargoed material.
    Made once where a request or command comes in and passed down whole."""

    today: date
    staff: bool = False
    user: str | None = None

    @classmethod
    def public(cls, today: date) -> Asker:
        return cls(today)

    @classmethod
    def staff_member(cls, today: date, user: str | None = None) -> Asker:
        return cls(today, staff=True, user=user)

    @property
    def visibility(self) -> tuple[date, bool]:
        """What decides what the asker may see; two staff members see the same
        (a key for remembered answers, which must not be kept per user)."""
        return self.today, self.staff

    def may_see(self, access: str, embargo_until: date | None) -> bool:
        return self.staff or is_public(access, embargo_until, self.today)
