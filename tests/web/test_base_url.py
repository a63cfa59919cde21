"""Absolute URLs come from TESTIMONY_BASE_URL, not from the Host header a
request names: permalinks and citations, the API's links and OpenAPI server,
the sitemap and robots.txt, OAI-PMH's baseURL and identifiers. OAI-PMH's
repository name, id and admin e-mail are settings; identifiers and resumption
tokens stay the same whatever host a harvester uses. `testimony serve` on an
address other machines can reach warns when the base URL is unset."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from sickle import Sickle

from tests.conftest import TODAY
from tests.postgres import database_url_for
from tests.server import _tail, _wait_until_up, free_port, running_server
from tests.web.test_oai import NS
from web.addresses import base_url_warning
from web.app import create_app

BASE = "https://archive.example.org/voices"
FORGED = "http://forged.example:8080"  # what a request's Host header claims


@pytest.fixture
def based(archive_settings):
    """The test collection served with a base URL and OAI-PMH identity, one
    record per OAI-PMH page."""
    settings = replace(
        archive_settings,
        base_url=BASE,
        oai_repository_name="Harbour Archive",
        oai_admin_email="oai@example.org",
        oai_page_size=1,
    )
    return create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()


def _get(client, url: str, host: str = FORGED):
    response = client.get(url, base_url=host)
    assert response.status_code == 200, url
    body = response.get_data(as_text=True)
    assert "forged.example" not in body, url
    return response, body


def _oai(client, host: str = FORGED, **arguments) -> ET.Element:
    return ET.fromstring(
        _get(client, "/oai?" + "&".join(f"{k}={v}" for k, v in arguments.items()), host)[1]
    )


def test_pages_and_the_api_link_to_the_base_url(based):
    _response, page = _get(based, "/testimonies/T-1")
    assert f"{BASE}/testimonies/T-1" in page  # the permalink and the citation
    assert page.count(f"{BASE}/testimonies/T-1") >= 2
    found = _get(based, "/api/search?q=Tripoli")[0].get_json()
    assert found["results"] and all(
        r["url"].startswith(f"{BASE}/testimonies/") for r in found["results"]
    )
    record = _get(based, "/api/testimonies/T-1")[0].get_json()
    assert [r["url"] for r in record["recordings"]] == [f"{BASE}/testimonies/T-1/audio/1"]
    openapi = _get(based, "/api/openapi.json")[0].get_json()
    assert [s["url"] for s in openapi["servers"]] == [BASE]


def test_the_sitemap_and_robots_name_the_base_url(based):
    sitemap = ET.fromstring(_get(based, "/sitemap.xml")[1])
    locations = [
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert f"{BASE}/" in locations and f"{BASE}/testimonies/T-1" in locations
    assert all(loc.startswith(f"{BASE}/") for loc in locations)
    assert f"Sitemap: {BASE}/sitemap.xml" in _get(based, "/robots.txt")[1]


def test_oai_pmh_identifies_with_the_settings(based):
    root = _oai(based, verb="Identify")
    identify = root.find("oai:Identify", NS)
    assert identify.findtext("oai:repositoryName", namespaces=NS) == "Harbour Archive"
    assert identify.findtext("oai:baseURL", namespaces=NS) == f"{BASE}/oai"
    assert identify.findtext("oai:adminEmail", namespaces=NS) == "oai@example.org"
    assert root.findtext("oai:request", namespaces=NS) == f"{BASE}/oai"
    scheme = "{http://www.openarchives.org/OAI/2.0/oai-identifier}"
    assert identify.findtext(f".//{scheme}repositoryIdentifier") == "archive.example.org"
    record = _oai(
        based, verb="GetRecord", identifier="oai:archive.example.org:T-1", metadataPrefix="oai_dc"
    )
    identifiers = [e.text for e in record.iter("{http://purl.org/dc/elements/1.1/}identifier")]
    assert identifiers == [f"{BASE}/testimonies/T-1", "T-1"]


def test_the_repository_id_setting_names_every_identifier(archive_settings):
    settings = replace(archive_settings, base_url=BASE, oai_repository_id="harbour.example.org")
    client = create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()
    root = _oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    identifiers = [i.text for i in root.iter(f"{{{NS['oai']}}}identifier")]
    assert identifiers and all(i.startswith("oai:harbour.example.org:") for i in identifiers)
    identify = _oai(client, verb="Identify").find("oai:Identify", NS)
    assert identify.findtext("oai:adminEmail", namespaces=NS) == "webmaster@harbour.example.org"


def _harvest(client, hosts: list[str]) -> list[str]:
    """ListIdentifiers page by page, each page asked through the next host."""
    identifiers, token, page = [], None, 0
    while True:
        host = hosts[page % len(hosts)]
        arguments = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        root = _oai(client, host, verb="ListIdentifiers", **arguments)
        assert root.find("oai:error", NS) is None, ET.tostring(root)
        identifiers += [i.text for i in root.iter(f"{{{NS['oai']}}}identifier")]
        token, page = root.findtext(".//oai:resumptionToken", namespaces=NS), page + 1
        if not token:
            return identifiers


def test_identifiers_and_resumption_tokens_do_not_depend_on_the_host(based):
    through_one = _harvest(based, [FORGED])
    through_three = _harvest(based, ["http://127.0.0.1:8000", FORGED, "https://other.example"])
    assert len(through_one) > 1  # several pages: tokens made under one host, used under another
    assert through_three == through_one
    assert all(i.startswith("oai:archive.example.org:") for i in through_one)
    for host in (FORGED, "https://other.example"):
        record = _oai(
            based, host, verb="GetRecord", identifier=through_one[0], metadataPrefix="oai_dc"
        )
        assert record.find("oai:error", NS) is None


def test_sickle_harvests_a_server_whose_base_url_is_elsewhere(archive_settings, monkeypatch):
    """Behind a proxy the answers name the public address; a harvester that
    reached the server another way still follows its tokens to the end."""
    monkeypatch.setenv("TESTIMONY_BASE_URL", BASE)
    monkeypatch.setenv("TESTIMONY_OAI_PAGE_SIZE", "1")
    with running_server(archive_settings.data_dir) as url:
        headers = list(Sickle(f"{url}/oai").ListIdentifiers(metadataPrefix="oai_dc"))
    assert len(headers) > 1
    assert all(h.identifier.startswith("oai:archive.example.org:") for h in headers)


def _serve_output(data_dir, host: str, environment: dict[str, str]) -> str:
    """What `testimony serve --host HOST` prints before it serves (then stopped)."""
    port = free_port()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "web", "serve", "--host", host, "--port", str(port)],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(f"http://127.0.0.1:{port}", process, output)
        finally:
            process.terminate()
            process.wait(timeout=10)
        return _tail(output)


def test_serve_on_a_public_address_warns_when_the_base_url_is_unset(archive_settings):
    data = archive_settings.data_dir
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TESTIMONY_")} | {
        "TESTIMONY_DATA_DIR": str(data),
        "TESTIMONY_DATABASE_URL": database_url_for(data),
        "PYTHONUNBUFFERED": "1",  # the output is read after the server is stopped
    }
    warned = _serve_output(data, "0.0.0.0", environment)
    assert "without TESTIMONY_BASE_URL" in warned and "Serving Testimony" in warned


@pytest.mark.parametrize(
    ("host", "base_url", "warns"),
    [
        ("0.0.0.0", None, True),
        ("::", None, True),
        ("archive.example.org", None, True),
        ("192.0.2.7", None, True),
        ("0.0.0.0", BASE, False),
        ("127.0.0.1", None, False),
        ("127.0.1.1", None, False),
        ("::1", None, False),
        ("[::1]", None, False),
        ("localhost", None, False),
    ],
)
def test_which_addresses_warn(archive_settings, host, base_url, warns):
    settings = replace(archive_settings, base_url=base_url)
    assert (base_url_warning(settings, host) is not None) is warns
