"""A staff member's path, in a real browser against the real server: log in
(the Secure session cookie must work on http://127.0.0.1), see a restricted
testimony with its banner, confirm a talk request, log out."""

from __future__ import annotations

import pytest

from archive.accounts import add_user
from tests.browser import screenshots
from tests.conftest import ingested
from tests.server import running_server
from tests.web.test_staff import PASSWORD


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, collection_dir):
    settings, sessions = ingested(tmp_path_factory.mktemp("browser-staff"), collection_dir)
    with sessions.begin() as session:
        add_user(session, "rivka", PASSWORD)
    with running_server(settings.data_dir) as url:
        yield url


def test_staff_log_in_see_restricted_material_handle_a_request_and_log_out(page, base_url):
    page.goto(base_url + "/request-a-talk/")
    page.fill("#organisation", "Campus Hillel")
    page.fill("#contact_name", "Noa")
    page.fill("#email", "noa@example.org")
    page.click("form.request-form button[type=submit]")
    page.wait_for_url("**/request-a-talk/thanks")

    assert page.goto(base_url + "/testimonies/T-3").status == 404
    page.goto(base_url + "/staff/")
    page.wait_for_url("**/staff/login?next=*")
    page.fill("#name", "rivka")
    page.fill("#password", PASSWORD)
    page.click("form.request-form button[type=submit]")
    page.wait_for_url(base_url + "/staff/")
    assert "Logged in as rivka" in page.inner_text("main")
    screenshots(page, "staff-dashboard")

    page.goto(base_url + "/testimonies/T-3")
    assert "Restricted: staff only" in page.inner_text(".access-banner")
    screenshots(page, "staff-restricted-testimony")

    page.goto(base_url + "/staff/requests/?status=requested")
    page.click("text=#1")
    page.select_option("#status", "confirmed")
    page.fill("#notes", "Speaker agreed for March.")
    page.click("form.request-form button[type=submit]")
    page.wait_for_selector("text=Request 1 saved.")
    assert "confirmed" in page.inner_text("h1")
    screenshots(page, "staff-request")

    page.click("text=Log out rivka")
    page.wait_for_selector("text=You are logged out.")
    assert page.goto(base_url + "/testimonies/T-3").status == 404
