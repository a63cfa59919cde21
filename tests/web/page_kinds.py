"""Every kind of page of the demo site, each at one address that shows it, and a
browser that visits them: public, or logged in as staff. Used by the phone
overflow and accessibility checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest


def _request_with_errors(page) -> None:
    page.fill("#organisation", "Riverside University Hillel")
    page.fill("#email", "not an email")
    page.click("form.request-form button[type=submit]")
    page.wait_for_selector(".form-errors")


def _request_sent(page) -> None:
    page.fill("#organisation", "Riverside University Hillel")
    page.fill("#contact_name", "Noa Cohen")
    page.fill("#email", "noa@example.org")
    page.click("form.request-form button[type=submit]")
    page.wait_for_url("**/request-a-talk/thanks")


@dataclass(frozen=True)
class PageKind:
    name: str
    path: str
    staff: bool = False
    status: int = 200
    # What a visitor does on the page before it is checked (e.g. submit a form).
    then: Callable | None = None

    @property
    def posts(self) -> bool:
        """Its visit sends a form: the talk-request form is rate limited (5 an hour
        per address), so such a page is visited once and checked at every width."""
        return self.then is not None


KINDS = [
    PageKind("home", "/"),
    PageKind("search-facets", "/search?q=Baghdad"),
    PageKind("search-filtered", "/search?q=Baghdad&country=IQ&decade=1950"),
    PageKind("search-suggestion", "/search?q=Bagdad+Shavout"),
    PageKind("search-no-hits", "/search?q=zzyzx+quetzalcoatl"),
    PageKind("search-malformed", "/search?q=%28%28%22unclosed+AND+OR+country%3A&advanced=1"),
    PageKind("search-empty", "/search?q="),
    PageKind("decades", "/decades/"),
    PageKind("decade", "/search?decade=1950"),
    PageKind("testimony-single", "/testimonies/MV-0001"),
    PageKind("testimony-multipart", "/testimonies/MV-0002"),
    PageKind("testimony-translation", "/testimonies/MV-0009"),
    PageKind("testimony-rtl", "/testimonies/MV-0019"),
    PageKind("testimony-moment", "/testimonies/MV-0002?part=2&t=0.0&q=Baghdad"),
    PageKind("speakers", "/speakers/"),
    PageKind("speakers-filtered", "/speakers/?country=MA&language=fr"),
    PageKind("speaker", "/speakers/naima-khedouri"),
    PageKind("countries", "/countries/"),
    PageKind("country", "/countries/IQ"),
    PageKind("themes", "/themes/"),
    PageKind("theme", "/themes/farhud"),
    PageKind("programmes", "/programmes/"),
    PageKind("programme", "/programmes/remembrance-30-november"),
    PageKind("talks", "/talks/"),
    PageKind("request-form", "/request-a-talk/"),
    PageKind("request-errors", "/request-a-talk/", then=_request_with_errors),
    PageKind("request-thanks", "/request-a-talk/", then=_request_sent),
    PageKind("not-found", "/testimonies/MV-9999", status=404),
    PageKind("staff-login", "/staff/login"),
    PageKind("staff-dashboard", "/staff/", staff=True),
    PageKind("staff-runs", "/staff/runs/", staff=True),
    PageKind("staff-run", "/staff/runs/1", staff=True),
    PageKind("staff-requests", "/staff/requests/", staff=True),
    PageKind("staff-request", "/staff/requests/1", staff=True),
    PageKind("staff-restricted-testimony", "/testimonies/MV-0007", staff=True),
]


def cases(known_failures: dict[tuple[str, int], str], widths: tuple[int, ...]):
    """pytest parameters (kind, width), kind by kind; those known to fail until
    their owner's fix lands are strict xfails, so that the fix makes them fail
    until the mark is removed."""
    unknown = set(known_failures) - {(kind.name, width) for kind in KINDS for width in widths}
    assert not unknown, f"no such kind of page and width: {sorted(unknown)}"
    params = []
    for kind in KINDS:
        for width in widths:
            reason = known_failures.get((kind.name, width))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(kind, width, id=f"{kind.name}-{width}", marks=marks))
    return params


class Visitor:
    """Opens kinds of page in chromium: a public context and a logged-in staff one.
    A page whose visit posts a form is kept for the next width of the same kind."""

    def __init__(self, browser, base_url: str, staff_login: tuple[str, str]):
        self.browser, self.base_url = browser, base_url
        self.public = browser.new_context()
        self.staff = browser.new_context()
        self._kept: tuple[PageKind, object] | None = None
        # Requests for anything not on the site (a CDN, axe-core fetching its rules):
        # the site and the checks must work on a closed network.
        self.outside: list[str] = []
        for context in (self.public, self.staff):
            context.on("request", self._note_outside)
        login = self.staff.new_page()
        login.goto(base_url + "/staff/login")
        login.fill("#name", staff_login[0])
        login.fill("#password", staff_login[1])
        login.click("form.request-form button[type=submit]")
        login.wait_for_url(base_url + "/staff/")
        login.close()

    def open(self, kind: PageKind, width: int):
        if kind.posts and self._kept and self._kept[0] is kind:
            page = self._kept[1]
            page.set_viewport_size({"width": width, "height": 900})
            return page
        self.close_kept()
        page = (self.staff if kind.staff else self.public).new_page()
        page.set_viewport_size({"width": width, "height": 900})
        answer = page.goto(self.base_url + kind.path)
        assert answer.status == kind.status, f"{kind.path} answered {answer.status}"
        if kind.then:
            kind.then(page)
        self._kept = (kind, page)
        return page

    def _note_outside(self, request) -> None:
        if request.url.startswith(
            ("http:", "https:", "ws:", "wss:")
        ) and not request.url.startswith(self.base_url + "/"):
            self.outside.append(request.url)

    def close_kept(self) -> None:
        if self._kept:
            self._kept[1].close()
            self._kept = None

    def close(self) -> None:
        self.close_kept()
        self.public.close()
        self.staff.close()
