"""Staff accounts: the users command, login and logout, what staff see that
the public does not, the staff pages, rate limits and CSRF."""

from __future__ import annotations

import re

import pytest

from archive.access import Asker
from archive.accounts import add_user, authenticate
from archive.models import StaffUser
from tests.conftest import TODAY, ingested
from tests.web.test_speakers_programmes import csrf_token
from web import resources
from web.app import create_app

PASSWORD = "a long staff passphrase"


@pytest.fixture(scope="module")
def staff_archive(tmp_path_factory, collection_dir):
    """The test collection in its own data directory: these tests write accounts."""
    settings, sessions = ingested(tmp_path_factory.mktemp("staff-data"), collection_dir)
    with sessions.begin() as session:
        add_user(session, "rivka", PASSWORD)
        add_user(session, "dov", PASSWORD)
    return settings, sessions


@pytest.fixture
def app(staff_archive):
    settings, _sessions = staff_archive
    return create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY})


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, name="rivka", password=PASSWORD, next_url=None):
    token = csrf_token(client.get("/staff/login").get_data(as_text=True))
    url = "/staff/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"csrf_token": token, "name": name, "password": password})


def page(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def test_each_request_is_answered_for_who_is_asking(client):
    with client:  # keeps the last request's context, to ask it who asked
        client.get("/")
        assert resources.asker() == Asker.public(TODAY)
        login(client)
        client.get("/")
        assert resources.asker() == Asker.staff_member(TODAY, "rivka")


def test_users_command_adds_lists_and_refuses_bad_input(cli, tmp_path):
    data = tmp_path / "data"
    assert cli("init", data_dir=data).exit_code == 0
    added = cli("users", "add", "miriam", data_dir=data, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.output
    assert "Added staff account miriam" in added.output
    assert PASSWORD not in added.output  # the prompt hides what is typed
    again = cli("users", "add", "miriam", "--password-stdin", data_dir=data, input=f"{PASSWORD}\n")
    assert again.exit_code == 1 and "already exists" in again.output
    short = cli("users", "add", "ezra", "--password-stdin", data_dir=data, input="short\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    bad = cli(
        "users", "add", "Not A Name", "--password-stdin", data_dir=data, input=f"{PASSWORD}\n"
    )
    assert bad.exit_code == 1 and "user name 'Not A Name'" in bad.output
    listed = cli("users", "list", data_dir=data)
    assert "miriam\tactive\tlast login never" in listed.output
    assert cli("users", "deactivate", "miriam", data_dir=data).exit_code == 0
    assert "miriam\tdeactivated" in cli("users", "list", data_dir=data).output
    assert cli("users", "deactivate", "nobody", data_dir=data).exit_code == 1


def test_passwords_are_stored_as_argon2id_hashes(staff_archive):
    _settings, sessions = staff_archive
    with sessions() as session:
        row = session.query(StaffUser).filter_by(name="rivka").one()
        assert row.password_hash.startswith("$argon2id$")
        assert PASSWORD not in row.password_hash
        assert authenticate(session, "rivka", PASSWORD) is not None
        assert authenticate(session, "rivka", PASSWORD + "x") is None
        assert authenticate(session, "nobody", PASSWORD) is None


def test_login_shows_restricted_material_with_a_banner_and_logout_hides_it(client):
    assert client.get("/testimonies/T-3").status_code == 404
    response = login(client)
    assert response.status_code == 303 and response.headers["Location"].endswith("/staff/")
    status, html = page(client, "/testimonies/T-3")
    assert status == 200
    assert "Restricted: staff only" in html and "zygomorphic" in html
    status, html = page(client, "/search?q=zygomorphic")
    assert "T-3" in html and "Restricted: staff only" in html
    token = csrf_token(page(client, "/staff/")[1])
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/testimonies/T-3").status_code == 404
    assert "T-3" not in page(client, "/search?q=zygomorphic")[1]


def test_a_wrong_password_or_unknown_name_is_refused_alike(client):
    wrong = login(client, password="not the password at all")
    unknown = login(client, name="nobody")
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert "The name or the password is not right." in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302  # still not logged in


def test_the_session_cookie_is_secure_httponly_and_samesite(client):
    response = login(client)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "testimony_session=" in c)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_staff_pages_need_a_login(client):
    for url in (
        "/staff/",
        "/staff/runs/",
        "/staff/runs/1",
        "/staff/requests/",
        "/staff/requests/1",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/staff/login?next=" in response.headers["Location"]


def test_after_login_only_local_addresses_are_followed(client):
    assert login(client, next_url="/staff/runs/").headers["Location"] == "/staff/runs/"
    for hostile in (
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        client.get("/")  # a new login form each time
        response = login(client, next_url=hostile)
        assert response.headers["Location"] == "/staff/", hostile


def test_a_deactivated_account_is_logged_out_at_its_next_request(client, staff_archive):
    _settings, sessions = staff_archive
    login(client, name="dov")
    assert client.get("/staff/").status_code == 200
    with sessions.begin() as session:
        session.query(StaffUser).filter_by(name="dov").one().active = False
    assert client.get("/staff/").status_code == 302
    assert client.get("/testimonies/T-3").status_code == 404
    with sessions.begin() as session:
        session.query(StaffUser).filter_by(name="dov").one().active = True


def test_ingest_runs_and_their_problems(client):
    login(client)
    status, html = page(client, "/staff/runs/")
    assert status == 200 and "#1" in html and "clean" in html
    status, html = page(client, "/staff/runs/1")
    assert status == 200 and "Problems (0)" in html
    assert client.get("/staff/runs/999").status_code == 404


def test_talk_requests_move_through_their_statuses(client):
    form = client.get("/request-a-talk/").get_data(as_text=True)
    client.post(
        "/request-a-talk/",
        data={
            "csrf_token": csrf_token(form),
            "organisation": "Hillel <b>House</b>",
            "contact_name": "Noa",
            "email": "noa@example.org",
            "audience_size": "40",
            "format": "in_person",
        },
    )
    login(client)
    status, html = page(client, "/staff/requests/?status=requested")
    assert status == 200 and "Hillel &lt;b&gt;House&lt;/b&gt;" in html
    request_id = int(re.search(r"/staff/requests/(\d+)", html).group(1))
    url = f"/staff/requests/{request_id}"

    def move(status: str, notes: str = ""):
        token = csrf_token(client.get(url).get_data(as_text=True))
        return client.post(url, data={"csrf_token": token, "status": status, "notes": notes})

    assert move("delivered").status_code == 400  # not before it is confirmed
    assert move("confirmed", "Speaker agreed").status_code == 303
    status, html = page(client, url)
    assert "Talk request #" in html and ": confirmed" in html and "by rivka" in html
    assert "Speaker agreed" in html
    assert move("requested").status_code == 400  # no way back
    assert move("delivered").status_code == 303
    assert ": delivered" in page(client, url)[1]
    assert move("declined").status_code == 400  # delivered is final


def test_posts_without_a_csrf_token_are_refused(client):
    assert (
        client.post("/staff/login", data={"name": "rivka", "password": PASSWORD}).status_code == 400
    )
    login(client)
    assert client.post("/staff/logout").status_code == 400
    assert client.post("/staff/requests/1", data={"status": "confirmed"}).status_code == 400


def test_login_attempts_are_rate_limited(staff_archive):
    settings, _sessions = staff_archive
    app = create_app(settings, {"TESTING": True, "LOGIN_RATE_LIMIT": "3 per minute"})
    client = app.test_client()
    codes = [login(client, password="wrong wrong wrong").status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    assert "Too Many Requests" in login(client).get_data(as_text=True)  # even the right password
    assert client.get("/staff/login").status_code == 200  # reading the form is not limited


def test_talk_requests_are_rate_limited(staff_archive):
    settings, _sessions = staff_archive
    app = create_app(settings, {"TESTING": True, "TALK_REQUEST_RATE_LIMIT": "2 per hour"})
    client = app.test_client()
    token = csrf_token(client.get("/request-a-talk/").get_data(as_text=True))
    codes = [
        client.post("/request-a-talk/", data={"csrf_token": token}).status_code for _ in range(3)
    ]
    assert codes == [400, 400, 429]
