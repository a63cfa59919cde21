"""Public API answers carry no absolute server paths: not the recordings'
files (the `path` field is dropped) and not inside a message, such as why a
recording cannot be read when the reason names the file (mutagen words an
I/O error as "[Errno 5] Input/output error: '/srv/…/T-1.wav'")."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from archive.models import Recording, Testimony
from tests.conftest import TODAY, ingested
from web.addresses import without_server_paths
from web.app import create_app

# Every API route that answers GET -> addresses of it in the test collection.
API_URLS = {
    "/api/search": ("/api/search?q=Tripoli", "/api/search?q="),
    "/api/testimonies/<path:accession>": ("/api/testimonies/T-1", "/api/testimonies/T-2"),
    "/api/speakers": ("/api/speakers",),
    "/api/speakers/<slug>": ("/api/speakers/miriam-toledano",),
    "/api/programmes": ("/api/programmes",),
    "/api/talks": ("/api/talks", "/api/talks?when=past"),
    "/api/openapi.json": ("/api/openapi.json",),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory, collection_dir):
    """The test collection in its own data folder, T-1's recording unreadable
    for a reason that names where its file lies."""
    settings, sessions = ingested(tmp_path_factory.mktemp("server-paths-data"), collection_dir)
    with sessions.begin() as session:
        testimony_id = session.scalar(select(Testimony.id).where(Testimony.accession == "T-1"))
        path = session.scalar(select(Recording.path).where(Recording.testimony_id == testimony_id))
        session.execute(
            update(Recording)
            .where(Recording.testimony_id == testimony_id)
            .values(
                readable=False,
                problem=f"not readable as audio: [Errno 5] Input/output error: '{path}'",
            )
        )
    app = create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY})
    return app.test_client(), path, [str(collection_dir), str(settings.data_dir)]


def test_the_unreadable_recordings_reason_names_the_file_not_where_it_lies(archive):
    client, path, _folders = archive
    assert path.startswith("/") and path.endswith("T-1.wav")  # the catalogue keeps it
    (recording,) = client.get("/api/testimonies/T-1").get_json()["recordings"]
    assert "path" not in recording
    assert recording["readable"] is False
    assert recording["problem"] == "not readable as audio: [Errno 5] Input/output error: 'T-1.wav'"


@pytest.mark.parametrize("url", [u for urls in API_URLS.values() for u in urls])
def test_no_api_answer_names_a_server_folder(archive, url):
    client, path, folders = archive
    response = client.get(url)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    for folder in (*folders, path):
        assert folder not in body, (url, folder)


def test_every_api_route_is_walked(archive):
    client, _path, _folders = archive
    rules = client.application.url_map.iter_rules()
    assert {r.rule for r in rules if r.rule.startswith("/api/") and "GET" in r.methods} == set(
        API_URLS
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cannot read /srv/voices/audio/a.mp3: damaged", "cannot read a.mp3: damaged"),
        (
            "[Errno 13] Permission denied: '/srv/a b/T 1.wav'",
            "[Errno 13] Permission denied: 'T 1.wav'",
        ),
        (r"C:\archive\audio\a.mp3 is damaged", "a.mp3 is damaged"),
        # Not file paths: left as they are.
        (
            "see https://archive.example.org/voices/a and /oai",
            "see https://archive.example.org/voices/a and /oai",
        ),
        ("the years 1948/1951, and/or a part", "the years 1948/1951, and/or a part"),
        ("audio/T-1.wav is referenced but missing", "audio/T-1.wav is referenced but missing"),
    ],
)
def test_server_paths_are_cut_to_the_file_name(text, expected):
    assert without_server_paths(text, "/srv/a b/T 1.wav") == expected
