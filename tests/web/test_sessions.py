"""Staff sessions end when they should: a saved copy of the session cookie no
longer opens staff pages after logout, a password change, deactivation (even
once reactivated) or `testimony users logout NAME`. The browser versions of
these journeys are in test_browser_sessions.py."""

from __future__ import annotations

import pytest
from flask_login.utils import encode_cookie

from archive.accounts import add_user, set_active, set_password
from tests.conftest import TODAY, ingested
from tests.web.test_speakers_programmes import csrf_token
from tests.web.test_staff import PASSWORD, login
from web.app import create_app

COOKIE = "testimony_session"


@pytest.fixture(scope="module")
def staff_archive(tmp_path_factory, collection_dir):
    settings, sessions = ingested(tmp_path_factory.mktemp("sessions-data"), collection_dir)
    return settings, sessions


@pytest.fixture
def app(staff_archive):
    settings, _sessions = staff_archive
    return create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY})


@pytest.fixture
def member(staff_archive, request):
    """A staff account of this test's own, so that ending its sessions touches no other test."""
    _settings, sessions = staff_archive
    name = request.node.name.removeprefix("test_").replace("_", "-")[:60]
    with sessions.begin() as session:
        add_user(session, name, PASSWORD)
    return name


def logged_in(app, name: str):
    client = app.test_client()
    assert login(client, name=name).status_code == 303
    return client


def saved_cookie(client) -> str:
    return client.get_cookie(COOKIE).value


def with_cookie(app, value: str):
    """A new client holding only a copy of a saved session cookie."""
    client = app.test_client()
    client.set_cookie(COOKIE, value)
    return client


def opens_staff_pages(client) -> bool:
    response = client.get("/staff/")
    if response.status_code == 302:
        assert "/staff/login?next=" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def sees_restricted(client) -> bool:
    return client.get("/testimonies/T-3").status_code == 200


def test_logout_ends_every_copy_of_the_session(app, member):
    browser = logged_in(app, member)
    saved = saved_cookie(browser)
    elsewhere = logged_in(app, member)  # the same person on a second computer
    assert opens_staff_pages(with_cookie(app, saved)) and sees_restricted(with_cookie(app, saved))
    token = csrf_token(browser.get("/staff/").get_data(as_text=True))
    assert browser.post("/staff/logout", data={"csrf_token": token}).status_code == 303
    assert not opens_staff_pages(with_cookie(app, saved))
    assert not sees_restricted(with_cookie(app, saved))
    assert not opens_staff_pages(elsewhere)
    assert opens_staff_pages(logged_in(app, member))  # logging in again works


def test_a_password_change_ends_the_sessions(app, member, staff_archive):
    _settings, sessions = staff_archive
    saved = saved_cookie(logged_in(app, member))
    assert opens_staff_pages(with_cookie(app, saved))
    with sessions.begin() as session:
        set_password(session, member, "another long staff passphrase")
    assert not opens_staff_pages(with_cookie(app, saved))
    assert login(app.test_client(), name=member).status_code == 400  # the old password
    fresh = app.test_client()
    assert login(fresh, name=member, password="another long staff passphrase").status_code == 303
    assert opens_staff_pages(fresh)


def test_deactivation_ends_the_sessions_even_once_reactivated(app, member, staff_archive):
    _settings, sessions = staff_archive
    saved = saved_cookie(logged_in(app, member))
    assert opens_staff_pages(with_cookie(app, saved))
    with sessions.begin() as session:
        set_active(session, member, False)
    assert not opens_staff_pages(with_cookie(app, saved))
    with sessions.begin() as session:
        set_active(session, member, True)
    assert not opens_staff_pages(with_cookie(app, saved))
    assert not sees_restricted(with_cookie(app, saved))
    assert opens_staff_pages(logged_in(app, member))


def test_users_logout_ends_every_session_of_that_member_only(
    app, member, staff_archive, cli, tmp_path
):
    settings, sessions = staff_archive
    with sessions.begin() as session:
        add_user(session, f"{member[:50]}-other", PASSWORD)
    first, second = logged_in(app, member), logged_in(app, member)
    other = logged_in(app, f"{member[:50]}-other")
    saved = saved_cookie(first)
    ended = cli("users", "logout", member, data_dir=settings.data_dir)
    assert ended.exit_code == 0, ended.output
    assert f"Ended every session of {member}." in ended.output
    for client in (first, second, with_cookie(app, saved)):
        assert not opens_staff_pages(client)
    assert opens_staff_pages(other)
    assert opens_staff_pages(logged_in(app, member))  # the password still works
    unknown = cli("users", "logout", "nobody", data_dir=settings.data_dir)
    assert unknown.exit_code == 1 and "there is no user 'nobody'" in unknown.output


def test_a_session_cookie_from_before_generations_is_refused(app, member):
    client = logged_in(app, member)
    assert opens_staff_pages(client)
    with client.session_transaction() as session:
        user_id = session["_user_id"]
        assert user_id.count(":") == 1  # "<user id>:<generation>"
        session["_user_id"] = user_id.split(":")[0]  # the form cookies had before
    assert not opens_staff_pages(client)


def test_a_session_cookie_with_a_huge_or_malformed_id_is_refused(app, member):
    client = logged_in(app, member)
    for forged in ("9" * 40 + ":0", "1:" + "9" * 40, "1:x", ":", "1:2:3", "１:0"):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert not opens_staff_pages(client), forged


def test_a_remember_me_cookie_is_held_to_the_same_generation(app, member):
    """No remember-me cookie is issued, but Flask-Login would read one: it
    carries the same alternative id and is refused once that id is stale."""
    client = logged_in(app, member)
    with client.session_transaction() as session:
        alternative_id = session["_user_id"]
    with app.test_request_context():
        remembered = encode_cookie(alternative_id)

    def remembered_client():
        fresh = app.test_client()
        fresh.set_cookie("remember_token", remembered)
        return fresh

    assert opens_staff_pages(remembered_client())  # the cookie is a good one...
    token = csrf_token(client.get("/staff/").get_data(as_text=True))
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 303
    assert not opens_staff_pages(remembered_client())  # ...until the session ends
