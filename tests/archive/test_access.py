"""The access rule, decided against the day of the request."""

from __future__ import annotations

from datetime import date

from archive.access import Asker, is_public

TODAY = date(2026, 11, 21)


def test_public_restricted_and_embargo():
    assert is_public("public", None, TODAY)
    assert not is_public("restricted", None, TODAY)
    assert not is_public("embargoed", date(2026, 11, 22), TODAY)
    assert is_public("embargoed", date(2026, 11, 21), TODAY)  # lifts on its day
    assert is_public("embargoed", date(2020, 1, 1), TODAY)
    assert not is_public("embargoed", None, TODAY)


def test_the_public_sees_what_the_rule_allows_staff_see_everything():
    public = Asker.public(TODAY)
    staff = Asker.staff_member(TODAY, "rivka")
    for access, embargo_until in [
        ("public", None),
        ("restricted", None),
        ("embargoed", date(2026, 11, 22)),
        ("embargoed", date(2026, 11, 21)),
        ("embargoed", None),
    ]:
        assert public.may_see(access, embargo_until) == is_public(access, embargo_until, TODAY)
        assert staff.may_see(access, embargo_until)
    assert not public.staff and public.user is None
    assert staff.user == "rivka"


def test_what_an_asker_sees_does_not_depend_on_who_they_are():
    # Remembered answers are keyed by visibility: not one copy per staff member.
    rivka, david = Asker.staff_member(TODAY, "rivka"), Asker.staff_member(TODAY, "david")
    assert rivka.visibility == david.visibility != Asker.public(TODAY).visibility
