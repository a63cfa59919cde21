"""The access rule, decided against the day of the request."""

from __future__ import annotations

from datetime import date

from archive.access import is_public

TODAY = date(2026, 11, 21)


def test_public_restricted_and_embargo():
    assert is_public("public", None, TODAY)
    assert not is_public("restricted", None, TODAY)
    assert not is_public("embargoed", date(2026, 11, 22), TODAY)
    assert is_public("embargoed", date(2026, 11, 21), TODAY)  # lifts on its day
    assert is_public("embargoed", date(2020, 1, 1), TODAY)
    assert not is_public("embargoed", None, TODAY)
