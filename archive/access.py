"""Who may see a testimony: the access rule, decided at request time.

`public` is open to everyone; `restricted` to staff only; `embargoed` to staff
until `embargo_until`, and to everyone from that day on, without anyone
having to change the record.
"""

from __future__ import annotations

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
