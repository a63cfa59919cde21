"""Staff sessions end, in a real browser against the real server: log in, save
the cookies, show that a fresh browser holding them opens a staff page, end
the session one way (logout, a password change, deactivation and
reactivation, `testimony users logout`), and a fresh browser holding the same
cookies is sent to the login page."""

from __future__ import annotations

import pytest

from archive.accounts import add_user
from tests.conftest import ingested
from tests.server import running_server
from tests.web.test_staff import PASSWORD

NEW_PASSWORD = "a different long passphrase"


@pytest.fixture(scope="module")
def archive(tmp_path_factory, collection_dir):
    settings, sessions = ingested(tmp_path_factory.mktemp("browser-sessions"), collection_dir)
    with sessions.begin() as session:
        for name in ("by-logout", "by-password", "by-deactivation", "by-command"):
            add_user(session, name, PASSWORD)
    with running_server(settings.data_dir) as url:
        yield url, settings


def log_in(browser, base_url: str, name: str, password: str = PASSWORD):
    """A browser context logged in as NAME, on the staff dashboard."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "/staff/login")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("form.request-form button[type=submit]")
    page.wait_for_url(base_url + "/staff/")
    assert f"Logged in as {name}" in page.inner_text("main")
    return context, page


def staff_page_with(browser, base_url: str, cookies) -> tuple[str, int]:
    """Open a staff page in a fresh browser holding only the saved cookies:
    where it landed and the status of the restricted testimony's page."""
    context = browser.new_context()
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(base_url + "/staff/runs/")
        landed = page.url
        status = page.goto(base_url + "/testimonies/T-3").status
        return landed.removeprefix(base_url), status
    finally:
        context.close()


def saved_session(browser, base_url: str, name: str):
    """Log NAME in, save the cookies, and show that they open a staff page."""
    context, page = log_in(browser, base_url, name)
    cookies = context.cookies()
    assert any(c["name"] == "testimony_session" for c in cookies)
    assert staff_page_with(browser, base_url, cookies) == ("/staff/runs/", 200)
    return context, page, cookies


def assert_sent_to_login(browser, base_url: str, cookies) -> None:
    landed, restricted = staff_page_with(browser, base_url, cookies)
    assert landed.startswith("/staff/login?next="), landed
    assert restricted == 404


def test_logout_ends_the_saved_session(browser, archive):
    base_url, _settings = archive
    context, page, cookies = saved_session(browser, base_url, "by-logout")
    page.click("text=Log out by-logout")
    page.wait_for_selector("text=You are logged out.")
    context.close()
    assert_sent_to_login(browser, base_url, cookies)


def test_a_password_change_ends_the_saved_session(browser, archive, cli):
    base_url, settings = archive
    context, _page, cookies = saved_session(browser, base_url, "by-password")
    context.close()
    changed = cli(
        "users",
        "password",
        "by-password",
        "--password-stdin",
        data_dir=settings.data_dir,
        input=NEW_PASSWORD + "\n",
    )
    assert changed.exit_code == 0, changed.output
    assert_sent_to_login(browser, base_url, cookies)
    log_in(browser, base_url, "by-password", NEW_PASSWORD)[0].close()


def test_deactivation_ends_the_saved_session_even_once_reactivated(browser, archive, cli):
    base_url, settings = archive
    context, _page, cookies = saved_session(browser, base_url, "by-deactivation")
    context.close()
    assert cli("users", "deactivate", "by-deactivation", data_dir=settings.data_dir).exit_code == 0
    assert_sent_to_login(browser, base_url, cookies)
    assert cli("users", "activate", "by-deactivation", data_dir=settings.data_dir).exit_code == 0
    assert_sent_to_login(browser, base_url, cookies)
    log_in(browser, base_url, "by-deactivation")[0].close()


def test_users_logout_ends_the_saved_session_and_the_open_one(browser, archive, cli):
    base_url, settings = archive
    context, page, cookies = saved_session(browser, base_url, "by-command")
    ended = cli("users", "logout", "by-command", data_dir=settings.data_dir)
    assert ended.exit_code == 0, ended.output
    assert_sent_to_login(browser, base_url, cookies)
    page.goto(base_url + "/staff/")  # the browser that logged in is logged out too
    assert page.url.startswith(base_url + "/staff/login?next=")
    context.close()
