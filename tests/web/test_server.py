"""The site behind waitress, started by `testimony serve` in a real process."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.server import running_server


@pytest.fixture(scope="module")
def base_url(archive_settings):
    with running_server(archive_settings.data_dir) as url:
        yield url


def fetch(url: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_served_by_waitress_not_the_development_server(base_url):
    status, headers, body = fetch(base_url + "/")
    assert status == 200
    assert headers["Server"] == "Testimony"
    assert b"Testimony T-1" in body


def test_search_then_moment_over_http(base_url):
    _status, _headers, body = fetch(base_url + "/search?q=Naples")
    assert b"<mark>Naples</mark>" in body
    _status, _headers, page = fetch(base_url + "/testimonies/T-1?part=1&t=15.0")
    assert b'src="/testimonies/T-1/audio/1#t=15.0"' in page


def test_range_requests_over_http(base_url):
    status, headers, body = fetch(base_url + "/testimonies/T-1/audio/1", {"Range": "bytes=0-43"})
    assert status == 206 and len(body) == 44 and body[:4] == b"RIFF"
    assert headers["Accept-Ranges"] == "bytes"


def test_restricted_is_404_over_http(base_url):
    with pytest.raises(urllib.error.HTTPError) as error:
        fetch(base_url + "/testimonies/T-3")
    assert error.value.code == 404
    error.value.close()
