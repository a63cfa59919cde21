"""Speaker portraits and pitches on the finder's cards and speaker pages; the
portrait is served like a recording, and not at all for a speaker the public
may not know of."""

from __future__ import annotations

import copy
import struct
import zlib
from html import unescape

import pytest

from ingest.pipeline import run_ingest
from tests.collections import default_manifest, make_collection
from tests.conftest import TODAY, fresh_settings, initialised
from web.app import create_app


def tiny_png() -> bytes:
    """A real 2 x 2 PNG image (red), written with zlib alone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xc0\x20\x20" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def portrait_archive(tmp_path_factory):
    # A copy: default_manifest() shares its speaker entries with other tests.
    manifest = copy.deepcopy(default_manifest())
    miriam = manifest["speakers"][0]
    miriam["pitch"] = "Fictional. Hid from the 1945 riots in Tripoli's hara."
    miriam["portrait"] = "portraits/miriam.png"
    # Known only from the restricted T-3: the public may not know of her.
    manifest["speakers"].append(
        {
            "id": "hidden-hana",
            "name": "Hana Hidden",
            "origin_countries": ["LY"],
            "pitch": "Fictional. A pitch nobody outside the archive may read.",
            "portrait": "portraits/hana.png",
        }
    )
    manifest["testimonies"][2]["speakers"] = ["hidden-hana"]
    folder = make_collection(tmp_path_factory.mktemp("portraits") / "voices", manifest)
    (folder / "portraits").mkdir()
    for name in ("miriam.png", "hana.png"):
        (folder / "portraits" / name).write_bytes(tiny_png())
    settings = fresh_settings(tmp_path_factory.mktemp("portraits-data"))
    report = run_ingest(folder, sessions=initialised(settings), index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    return settings, folder


@pytest.fixture
def client(portrait_archive):
    settings, _folder = portrait_archive
    return create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()


def test_the_portrait_is_served_as_an_image(client):
    with client.get("/speakers/miriam-toledano/portrait") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/png"
        assert response.data == tiny_png()


def test_no_portrait_for_a_speaker_known_only_from_hidden_testimonies(client):
    assert client.get("/speakers/hidden-hana/portrait").status_code == 404
    assert client.get("/speakers/hidden-hana").status_code == 404
    assert "nobody outside" not in client.get("/speakers/").get_data(as_text=True)


def test_no_portrait_answers_404(client):
    assert client.get("/speakers/ezra-sasson/portrait").status_code == 404
    assert client.get("/speakers/nobody/portrait").status_code == 404


def test_cards_and_pages_show_the_pitch_and_the_portrait_with_its_name(client):
    finder = unescape(client.get("/speakers/").get_data(as_text=True))
    assert "Hid from the 1945 riots in Tripoli's hara." in finder
    image = '<img class="portrait" src="/speakers/miriam-toledano/portrait" alt="Portrait of Miriam Toledano"'
    assert image in finder
    page = unescape(client.get("/speakers/miriam-toledano").get_data(as_text=True))
    assert "Hid from the 1945 riots" in page and 'alt="Portrait of Miriam Toledano"' in page
    assert "<img" not in unescape(client.get("/speakers/ezra-sasson").get_data(as_text=True))


def test_the_api_gives_the_portrait_address_never_its_file(client, portrait_archive):
    _settings, folder = portrait_archive
    for url in ("/api/speakers", "/api/speakers/miriam-toledano"):
        answer = client.get(url).get_data(as_text=True)
        assert str(folder) not in answer and "portrait_path" not in answer, url
        assert "/speakers/miriam-toledano/portrait" in answer, url
