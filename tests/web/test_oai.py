"""OAI-PMH at /oai, harvested by two real clients (Sickle, pyoai) and by plain
HTTP requests from the real server (`python -m web serve`, 3 records a page).

The archive: two collections over seven countries with eight public
testimonies (one a lifted embargo), a restricted and a future-embargoed one,
one pruned while public (deleted) and one made restricted (withdrawn).
Datestamps are set to known values after the ingest, so that from/until
harvests have known answers.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from oaipmh.client import Client
from oaipmh.metadata import MetadataRegistry, oai_dc_reader
from sickle import Sickle
from sickle.oaiexceptions import NoRecordsMatch
from sqlalchemy import select

from archive.models import Deletion, Testimony
from ingest.pipeline import run_ingest
from tests.collections import SPEAKERS, default_manifest, make_collection, testimony_entry
from tests.conftest import fresh_settings, initialised
from tests.server import running_server
from web.app import create_app
from web.oai.xml_writer import element, serialise, verb_element

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
HARBOUR, MOUNTAIN = "harbour-voices", "mountain-voices"
PAGE_SIZE = 3
TITLE_WITH_MARKUP = 'Bread & salt <in "Basra">'


def stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


# accession -> (datestamp harvesters must see, countries); H-P's embargo lifted
# on 2020-01-01, later than its last change (2019-06-01).
LIVE = {
    "H-P": ("2020-01-01T00:00:00Z", ["YE"]),
    "H-1": ("2021-03-01T10:00:00Z", ["LY"]),
    "H-2": ("2021-03-01T10:00:00Z", ["IQ"]),
    "H-3": ("2022-07-15T08:30:00Z", ["IQ", "YE"]),
    "H-4": ("2023-01-10T12:00:00Z", ["MA"]),
    "M-1": ("2023-05-05T05:05:05Z", ["IR"]),
    "M-2": ("2024-02-29T23:59:59Z", ["IQ", "IR"]),
    "M-3": ("2025-12-31T00:00:00Z", ["EG"]),
}
DELETED = {"H-X": ("2026-01-15T00:00:00Z", ["TN"]), "M-W": ("2026-02-01T00:00:00Z", ["IQ"])}
HIDDEN = ("H-R", "H-E")
ORDER = [a for a, _ in sorted({**LIVE, **DELETED}.items(), key=lambda kv: (kv[1][0], kv[0]))]


def _entry(accession: str, countries: list[str], **extra) -> dict:
    return testimony_entry(
        accession,
        f"transcripts/{accession}.txt",
        f"audio/{accession}.wav",
        countries=countries,
        **extra,
    )


def harbour_manifest(*, with_pruned: bool) -> dict:
    entries = [
        _entry("H-1", ["LY"], title=TITLE_WITH_MARKUP, languages=["en", "ar"]),
        _entry("H-2", ["IQ"], speakers=["ezra-sasson"], years="1948-1951"),
        _entry("H-3", ["IQ", "YE"], themes=["denaturalisation", "operation-ezra-nehemiah"]),
        _entry("H-4", ["MA"]),
        _entry("H-P", ["YE"], access="embargoed", embargo_until="2020-01-01"),
        _entry("H-R", ["SY"], access="restricted"),
        _entry("H-E", ["SY"], access="embargoed", embargo_until="2099-01-01"),
    ]
    if with_pruned:
        entries.append(_entry("H-X", ["TN"]))
    collection = {"id": HARBOUR, "title": "Harbour voices", "publisher": "The Harbour Archive"}
    return {"collection": collection, "speakers": SPEAKERS, "testimonies": entries}


def mountain_manifest(*, withdrawn: bool) -> dict:
    # The same narrator as the harbour's, named by explicit reference: a
    # collection cannot redefine another's speaker (docs/manifest.md).
    miriam = {"speakers": [f"{HARBOUR}/miriam-toledano"]}
    entries = [
        _entry("M-1", ["IR"], **miriam),
        _entry("M-2", ["IR", "IQ"], **miriam),
        _entry("M-3", ["EG"], rights=None, **miriam),
        _entry("M-W", ["IQ"], access="restricted" if withdrawn else "public", **miriam),
    ]
    collection = {"id": MOUNTAIN, "title": "Mountain voices", "rights": "All rights reserved"}
    return {"collection": collection, "speakers": [], "testimonies": entries}


def transcripts(accessions) -> dict[str, str]:
    return {f"transcripts/{a}.txt": f"[00:00:00] MIRIAM: The story of {a}.\n" for a in accessions}


def ingest(folder, manifest, sessions, settings, *, prune=False) -> None:
    accessions = [entry["accession"] for entry in manifest["testimonies"]]
    make_collection(folder, manifest, transcripts(accessions), audio_seconds=2)
    report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir, prune=prune)
    assert not [p for p in report.problems if p.severity == "error"], report.problems


def set_datestamps(sessions) -> None:
    changed = {a: stamp(s) for a, (s, _c) in LIVE.items()}
    changed |= {"H-P": stamp("2019-06-01T09:00:00Z"), "H-R": stamp("2022-01-01T00:00:00Z")}
    changed["H-E"] = stamp("2022-01-01T00:00:00Z")
    with sessions.begin() as session:
        for row in session.scalars(select(Testimony)):
            row.updated_at = changed.get(row.accession, row.updated_at)
        for row in session.scalars(select(Deletion)):
            row.deleted_at = stamp(DELETED[row.accession][0])


@pytest.fixture(scope="module")
def oai_data(tmp_path_factory):
    root = tmp_path_factory.mktemp("oai")
    settings = fresh_settings(root / "data")
    sessions = initialised(settings)
    ingest(root / HARBOUR, harbour_manifest(with_pruned=True), sessions, settings)
    ingest(root / MOUNTAIN, mountain_manifest(withdrawn=False), sessions, settings)
    ingest(root / MOUNTAIN, mountain_manifest(withdrawn=True), sessions, settings)
    ingest(root / HARBOUR, harbour_manifest(with_pruned=False), sessions, settings, prune=True)
    set_datestamps(sessions)
    sessions.kw["bind"].dispose()
    return settings


@pytest.fixture(scope="module")
def base_url(oai_data):
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(os.environ, "TESTIMONY_OAI_PAGE_SIZE", str(PAGE_SIZE))
        with running_server(oai_data.data_dir) as url:
            yield url


def oai(base: str, arguments, method: str = "GET") -> ET.Element:
    """One plain OAI-PMH request; arguments a dict or a list of pairs (repeats)."""
    body = urlencode(arguments)
    if method == "GET":
        request = Request(f"{base}/oai?{body}")
    else:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        request = Request(f"{base}/oai", data=body.encode(), headers=headers, method="POST")
    with urlopen(request) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/xml")
        return ET.fromstring(response.read())


def error_code(root: ET.Element) -> str | None:
    found = root.find("oai:error", NS)
    return None if found is None else found.get("code")


def accession(identifier: str) -> str:
    assert identifier.startswith("oai:127.0.0.1:")
    return identifier.removeprefix("oai:127.0.0.1:")


# ---- Sickle


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sickle_harvests_every_public_record_over_pages(base_url, method):
    sickle = Sickle(f"{base_url}/oai", http_method=method, max_retries=0)
    records = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    assert [accession(r.header.identifier) for r in records] == ORDER
    for record in records:
        name = accession(record.header.identifier)
        expected = LIVE.get(name) or DELETED[name]
        assert record.header.datestamp == expected[0]
        assert record.header.deleted == (name in DELETED)
        collection = HARBOUR if name.startswith("H") else MOUNTAIN
        assert record.header.setSpecs == [f"collection:{collection}"] + [
            f"country:{c}" for c in sorted(expected[1])
        ]
    h1 = next(r for r in records if r.header.identifier.endswith(":H-1"))
    assert h1.metadata["title"] == [TITLE_WITH_MARKUP]
    assert h1.metadata["creator"] == ["Miriam Toledano"]
    assert h1.metadata["language"] == ["en", "ar"]


def test_sickle_selective_harvests_by_set(base_url):
    sickle = Sickle(f"{base_url}/oai", http_method="POST", max_retries=0)

    def harvested(**arguments) -> list[str]:
        headers = sickle.ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False, **arguments)
        return [accession(h.identifier) for h in headers]

    assert harvested(set="country:IQ") == ["H-2", "H-3", "M-2", "M-W"]
    assert harvested(set=f"collection:{MOUNTAIN}") == ["M-1", "M-2", "M-3", "M-W"]
    assert harvested(set="country:TN") == ["H-X"]  # deleted records keep their sets
    assert harvested(set="collection") == ORDER  # a parent set holds its children
    assert sorted(harvested(set="country")) == sorted(ORDER)
    with pytest.raises(NoRecordsMatch):
        harvested(set="country:SY")  # only hidden testimonies are about Syria
    sets = {s.setSpec: s.setName for s in sickle.ListSets()}
    assert sets == {
        "collection": "Collections",
        f"collection:{HARBOUR}": "Harbour voices",
        f"collection:{MOUNTAIN}": "Mountain voices",
        "country": "Countries",
        "country:EG": "Egypt",
        "country:IQ": "Iraq",
        "country:IR": "Iran",
        "country:LY": "Libya",
        "country:MA": "Morocco",
        "country:TN": "Tunisia",
        "country:YE": "Yemen",
    }


# ---- pyoai (sends POST unless told to GET)


@pytest.fixture(params=["POST", "GET"])
def pyoai(request, base_url):
    registry = MetadataRegistry()
    registry.registerReader("oai_dc", oai_dc_reader)
    return Client(f"{base_url}/oai", registry, force_http_get=request.param == "GET")


def test_pyoai_identify_formats_and_sets(pyoai, base_url):
    identify = pyoai.identify()
    assert identify.baseURL() == f"{base_url}/oai"
    assert identify.protocolVersion() == "2.0"
    assert identify.deletedRecord() == "persistent"
    assert identify.granularity() == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.earliestDatestamp() <= datetime(2019, 6, 1)
    assert [f[0] for f in pyoai.listMetadataFormats()] == ["oai_dc"]
    formats = pyoai.listMetadataFormats(identifier="oai:127.0.0.1:H-1")
    assert formats == [
        (
            "oai_dc",
            "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
            "http://www.openarchives.org/OAI/2.0/oai_dc/",
        )
    ]
    assert "country:SY" not in {spec for spec, _name, _ in pyoai.listSets()}


def test_pyoai_harvests_records_and_deletions(pyoai):
    pyoai.updateGranularity()
    records = list(pyoai.listRecords(metadataPrefix="oai_dc"))
    assert [accession(h.identifier()) for h, _m, _a in records] == ORDER
    deleted = {accession(h.identifier()) for h, m, _a in records if h.isDeleted()}
    assert deleted == set(DELETED)
    assert all(m is None for h, m, _a in records if h.isDeleted())
    header, metadata, _about = pyoai.getRecord(
        identifier="oai:127.0.0.1:H-3", metadataPrefix="oai_dc"
    )
    assert header.datestamp() == datetime(2022, 7, 15, 8, 30)
    assert metadata.getField("coverage") == ["Iraq", "Yemen", "1945/1949"]
    assert metadata.getField("subject") == [
        "Denaturalisation and loss of citizenship",
        "Operation Ezra and Nehemiah (Iraq, 1950-1951)",
    ]
    header, metadata, _about = pyoai.getRecord(
        identifier="oai:127.0.0.1:M-W", metadataPrefix="oai_dc"
    )
    assert header.isDeleted() and metadata is None


def test_pyoai_from_until(pyoai):
    def harvested(**bounds) -> list[str]:
        headers = pyoai.listIdentifiers(metadataPrefix="oai_dc", **bounds)
        return [accession(h.identifier()) for h in headers]

    assert harvested(from_=datetime(2022, 1, 1), until=datetime(2023, 12, 31)) == [
        "H-3",
        "H-4",
        "M-1",
    ]
    assert harvested(from_=datetime(2026, 1, 1)) == ["H-X", "M-W"]
    assert harvested(until=datetime(2020, 1, 1)) == ["H-P"]  # the day its embargo lifted


# ---- plain requests: paging, from/until, the envelope


def test_pages_carry_complete_list_size_and_cursor(base_url):
    seen, cursors = [], []
    root = oai(base_url, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    while True:
        listing = root.find("oai:ListIdentifiers", NS)
        headers = listing.findall("oai:header", NS)
        token = listing.find("oai:resumptionToken", NS)
        assert len(headers) == (PAGE_SIZE if token.text else len(ORDER) % PAGE_SIZE)
        seen += [accession(h.findtext("oai:identifier", namespaces=NS)) for h in headers]
        assert token.get("completeListSize") == str(len(ORDER))
        cursors.append(int(token.get("cursor")))
        if not token.text:
            break
        root = oai(base_url, {"verb": "ListIdentifiers", "resumptionToken": token.text}, "POST")
        assert root.find("oai:request", NS).attrib == {
            "verb": "ListIdentifiers",
            "resumptionToken": token.text,
        }
    assert seen == ORDER
    assert cursors == [0, 3, 6, 9]


def test_a_list_that_fits_one_page_has_no_token(base_url):
    root = oai(base_url, {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "country:MA"})
    assert root.find("oai:ListRecords/oai:resumptionToken", NS) is None
    assert len(root.findall("oai:ListRecords/oai:record", NS)) == 1


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ({"from": "2021-03-01T10:00:00Z", "until": "2021-03-01T10:00:00Z"}, ["H-1", "H-2"]),
        ({"from": "2021-03-01T10:00:01Z", "until": "2022-07-15T08:30:00Z"}, ["H-3"]),
        ({"from": "2024-02-29", "until": "2024-02-29"}, ["M-2"]),  # a whole day, 23:59:59 too
        ({"from": "2025-12-31"}, ["M-3", "H-X", "M-W"]),
        ({"until": "2019-12-31"}, None),
        ({"from": "2027-01-01"}, None),
    ],
)
def test_from_and_until_are_inclusive_in_both_granularities(base_url, bounds, expected):
    root = oai(base_url, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", **bounds})
    if expected is None:
        assert error_code(root) == "noRecordsMatch"
        return
    identifiers = root.findall("oai:ListIdentifiers/oai:header/oai:identifier", NS)
    assert [accession(i.text) for i in identifiers] == expected


def test_envelope_and_dublin_core_record(base_url):
    arguments = {"verb": "GetRecord", "identifier": "oai:127.0.0.1:H-1", "metadataPrefix": "oai_dc"}
    root = oai(base_url, arguments)
    assert root.tag == "{http://www.openarchives.org/OAI/2.0/}OAI-PMH"
    assert root.get(f"{{{NS['xsi']}}}schemaLocation") == (
        "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
    )
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", root.findtext("oai:responseDate", namespaces=NS)
    )
    request = root.find("oai:request", NS)
    assert (request.text, request.attrib) == (f"{base_url}/oai", arguments)
    dc = root.find("oai:GetRecord/oai:record/oai:metadata/oai_dc:dc", NS)
    assert dc.get(f"{{{NS['xsi']}}}schemaLocation").startswith(NS["oai_dc"])

    def values(name: str) -> list[str]:
        return [e.text for e in dc.findall(f"dc:{name}", NS)]

    assert values("title") == [TITLE_WITH_MARKUP]
    assert values("creator") == ["Miriam Toledano"]
    assert values("contributor") == ["Test Interviewer"]
    assert values("date") == ["2020-05"]
    assert values("coverage") == ["Libya", "1945/1949"]
    assert values("subject") == ["Tripoli riots (1945, 1948)"]
    assert values("description") == ["Fictional summary of H-1.", "Interview recorded in Tel Aviv."]
    assert values("language") == ["en", "ar"]
    assert values("type") == ["Sound", "Text"]
    assert values("format") == ["audio/wav"]
    assert values("identifier") == [f"{base_url}/testimonies/H-1", "H-1"]
    assert values("rights") == ["CC0"]
    assert values("publisher") == ["The Harbour Archive"]
    assert values("relation") == ["Harbour voices"]
    with urlopen(values("identifier")[0]) as page:  # the permalink is the public page
        assert page.status == 200


def test_restricted_and_future_embargoed_never_appear(base_url):
    arguments = {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "country:SY"}
    assert error_code(oai(base_url, arguments)) == "noRecordsMatch"
    for hidden in HIDDEN:
        arguments = {"verb": "GetRecord", "metadataPrefix": "oai_dc"}
        root = oai(base_url, {**arguments, "identifier": f"oai:127.0.0.1:{hidden}"})
        assert error_code(root) == "idDoesNotExist"


def test_identify_describes_the_repository(base_url):
    identify = oai(base_url, {"verb": "Identify"}, "POST").find("oai:Identify", NS)
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("oai:earliestDatestamp", namespaces=NS) <= "2019-06-01T00:00:00Z"
    assert "@" in identify.findtext("oai:adminEmail", namespaces=NS)


# ---- every error the protocol defines

ERRORS = [
    ({}, "badVerb"),
    ({"verb": "ListEverything"}, "badVerb"),
    ([("verb", "Identify"), ("verb", "Identify")], "badVerb"),
    ({"verb": "Identify", "colour": "blue"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    (
        [
            ("verb", "ListRecords"),
            ("metadataPrefix", "oai_dc"),
            ("set", "country:IQ"),
            ("set", "country:IR"),
        ],
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-02-30"}, "badArgument"),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01T00:00:00"},
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2021-01-01",
            "until": "2022-01-01T00:00:00Z",
        },
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2022-01-02",
            "until": "2022-01-01",
        },
        "badArgument",
    ),
    (
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "resumptionToken": "x"},
        "badArgument",
    ),
    ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    (
        {"verb": "GetRecord", "identifier": "oai:127.0.0.1:H-1", "metadataPrefix": "mods"},
        "cannotDisseminateFormat",
    ),
    (
        {"verb": "GetRecord", "identifier": "oai:127.0.0.1:NOPE", "metadataPrefix": "oai_dc"},
        "idDoesNotExist",
    ),
    (
        {"verb": "GetRecord", "identifier": "oai:elsewhere.org:H-1", "metadataPrefix": "oai_dc"},
        "idDoesNotExist",
    ),
    ({"verb": "ListMetadataFormats", "identifier": "oai:127.0.0.1:H-R"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "decade:1940"}, "noRecordsMatch"),
    (
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "2001-01-01"},
        "noRecordsMatch",
    ),
    ({"verb": "ListMetadataFormats", "identifier": "oai:127.0.0.1:H-X"}, "noMetadataFormats"),
]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(("arguments", "code"), ERRORS)
def test_each_error_code(base_url, method, arguments, code):
    root = oai(base_url, arguments, method)
    assert error_code(root) == code
    assert [child.tag.split("}")[1] for child in root] == ["responseDate", "request", "error"]
    request = root.find("oai:request", NS)
    assert request.text == f"{base_url}/oai"
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}  # arguments echoed only when valid
    else:
        assert request.attrib == dict(arguments)


def test_a_tampered_or_foreign_token_is_refused(base_url):
    first = oai(base_url, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    token = first.findtext("oai:ListRecords/oai:resumptionToken", namespaces=NS)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for verb, value in (("ListRecords", tampered), ("ListIdentifiers", token)):
        root = oai(base_url, {"verb": verb, "resumptionToken": value})
        assert error_code(root) == "badResumptionToken"
    again = oai(base_url, {"verb": "ListRecords", "resumptionToken": token})
    assert error_code(again) is None


def test_noSetHierarchy_is_never_needed(base_url):
    root = oai(base_url, {"verb": "ListSets"})
    assert error_code(root) is None
    assert len(root.findall("oai:ListSets/oai:set", NS)) == 11


# ---- in-process: tombstones, embargo lifts, tokens across workers


@pytest.fixture
def small_archive(tmp_path):
    """The default test collection (T-1, T-2 public, T-3 restricted), ingested."""
    settings = fresh_settings(tmp_path / "data")
    sessions = initialised(settings)
    folder = make_collection(tmp_path / "collection", audio_seconds=20)
    assert run_ingest(folder, sessions=sessions, index_dir=settings.index_dir).clean
    yield folder, sessions, settings
    sessions.kw["bind"].dispose()


@pytest.fixture
def client_for():
    """Test clients of apps made for the test, their database pools closed after it."""
    apps = []

    def make(settings, **config):
        apps.append(create_app(settings, {"TESTING": True, **config}))
        return apps[-1].test_client()

    yield make
    for app in apps:
        app.extensions["testimony"]["engine"].dispose()


def reingest(small_archive, manifest, **options) -> None:
    folder, sessions, settings = small_archive
    make_collection(folder, manifest)
    run_ingest(folder, sessions=sessions, index_dir=settings.index_dir, **options)


def get_record(client, identifier: str) -> ET.Element:
    arguments = {"verb": "GetRecord", "identifier": identifier, "metadataPrefix": "oai_dc"}
    response = client.get("/oai", query_string=arguments)
    root = ET.fromstring(response.get_data())
    response.close()
    return root


def tombstones(sessions) -> dict[str, str]:
    with sessions() as session:
        return {row.accession: row.reason for row in session.scalars(select(Deletion))}


def test_a_deleted_testimony_reingested_drops_its_tombstone(small_archive, client_for):
    _folder, sessions, settings = small_archive
    client = client_for(settings)
    manifest = default_manifest()
    kept = [e for e in manifest["testimonies"] if e["accession"] not in ("T-1", "T-3")]
    reingest(small_archive, {**manifest, "testimonies": kept, "talks": []}, prune=True)
    assert tombstones(sessions) == {"T-1": "deleted"}  # T-3 was restricted: never exposed
    header = get_record(client, "oai:localhost:T-1").find("oai:GetRecord/oai:record/oai:header", NS)
    assert header.get("status") == "deleted"
    assert [s.text for s in header.findall("oai:setSpec", NS)] == [
        "collection:test-voices",
        "country:LY",
    ]
    assert error_code(get_record(client, "oai:localhost:T-3")) == "idDoesNotExist"
    reingest(small_archive, default_manifest())
    assert tombstones(sessions) == {}
    assert get_record(client, "oai:localhost:T-1").find(".//oai:header", NS).get("status") is None


def test_a_public_testimony_made_restricted_is_withdrawn_then_back(small_archive, client_for):
    _folder, sessions, settings = small_archive
    client = client_for(settings)
    manifest = default_manifest()
    manifest["testimonies"][1]["access"] = "restricted"
    manifest["testimonies"][1]["countries"] = ["SY"]
    reingest(small_archive, manifest)
    assert tombstones(sessions) == {"T-2": "withdrawn"}
    header = get_record(client, "oai:localhost:T-2").find(".//oai:header", NS)
    assert header.get("status") == "deleted"
    # the sets harvesters saw it in, not the hidden record's new ones
    assert [s.text for s in header.findall("oai:setSpec", NS)][1:] == ["country:IQ"]
    manifest["testimonies"][1]["title"] = "Changed while hidden"
    reingest(small_archive, manifest)
    assert tombstones(sessions) == {"T-2": "withdrawn"}  # still hidden: still withdrawn
    reingest(small_archive, default_manifest())
    assert tombstones(sessions) == {}


def test_an_embargo_lifting_is_a_change_harvesters_see(small_archive, client_for):
    _folder, _sessions, settings = small_archive
    manifest = default_manifest()
    manifest["testimonies"][1].update(access="embargoed", embargo_until="2030-01-01")
    reingest(small_archive, manifest)
    arguments = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2029-12-31"}
    for today, expected in ((date(2029, 12, 31), None), (date(2030, 6, 1), "2030-01-01T00:00:00Z")):
        client = client_for(settings, TESTIMONY_TODAY=today)
        response = client.get("/oai", query_string=arguments)
        root = ET.fromstring(response.get_data())
        response.close()
        if expected is None:
            assert error_code(root) == "noRecordsMatch"
        else:
            header = root.find("oai:ListIdentifiers/oai:header", NS)
            assert header.findtext("oai:identifier", namespaces=NS) == "oai:localhost:T-2"
            assert header.findtext("oai:datestamp", namespaces=NS) == expected


def test_workers_sharing_the_secret_accept_each_others_tokens(small_archive, client_for):
    _folder, _sessions, settings = small_archive
    settings = replace(settings, oai_page_size=1, oai_repository_id="archive.example.org")
    first, second = (client_for(settings) for _ in "12")
    stranger = client_for(replace(settings, secret_key="another"))
    response = first.post("/oai", data={"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    token = ET.fromstring(response.get_data()).findtext(".//oai:resumptionToken", namespaces=NS)
    response.close()
    for client, expected in ((second, None), (stranger, "badResumptionToken")):
        response = client.post("/oai", data={"verb": "ListRecords", "resumptionToken": token})
        root = ET.fromstring(response.get_data())
        response.close()
        assert error_code(root) == expected
    assert root.find(".//oai:identifier", NS) is None
    response = second.get("/oai?verb=Identify")
    identify = ET.fromstring(response.get_data())
    response.close()
    sample = identify.findtext(
        ".//{http://www.openarchives.org/OAI/2.0/oai-identifier}sampleIdentifier"
    )
    assert sample.startswith("oai:archive.example.org:")


def test_characters_xml_cannot_hold_are_dropped():
    root = verb_element("Identify")
    element(root, "repositoryName", "Bell\x07 & <tab>\there\x0b")
    parsed = ET.fromstring(serialise(root))
    assert parsed[0].text == "Bell & <tab>\there"
