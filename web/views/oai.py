"""/oai: the OAI-PMH 2.0 endpoint (GET or form POST), six verbs, oai_dc.

Harvesters see what the public sees, decided at each request; testimonies
deleted or withdrawn from the public are reported as deleted records.
Identifiers are `oai:<repository id>:<accession>`, the repository id being
TESTIMONY_OAI_REPOSITORY_ID or the host name of the site's address
(TESTIMONY_BASE_URL). docs/oai-pmh.md describes the endpoint for harvesters
and operators.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, request

from archive.access import Asker
from archive.errors import NotFound
from archive.testimonies import harvest
from web import resources
from web.addresses import external_url, host_name
from web.catalogue_cache import remembered
from web.oai import xml_writer
from web.oai.arguments import (
    TOKEN,
    OaiError,
    OaiRequest,
    Resumption,
    make_token,
    parse_request,
    read_token,
)
from web.oai.dublin_core import dublin_core

blueprint = Blueprint("oai", __name__)

OAI_DC_FORMAT = {
    "metadataPrefix": "oai_dc",
    "schema": xml_writer.SCHEMA_LOCATIONS[xml_writer.OAI_DC],
    "metadataNamespace": xml_writer.OAI_DC,
}
_DOMAIN = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")


@blueprint.before_app_request
def _no_csrf_for_harvesters() -> None:
    """Harvesters POST plain forms without a session or CSRF token, and an
    OAI-PMH request changes nothing: exempt this blueprint from CSRFProtect
    (made in create_app after the blueprints are registered, hence here)."""
    csrf = current_app.extensions.get("csrf")
    if request.blueprint == blueprint.name and csrf is not None:
        csrf.exempt(blueprint)


@blueprint.route("/oai", methods=["GET", "POST"])
def endpoint():
    given = request.form if request.method == "POST" else request.args
    response_date = datetime.now(UTC)
    base_url = external_url("oai.endpoint")
    try:
        asked = parse_request(given)
    except OaiError as error:  # badVerb, badArgument: the request is echoed bare
        root = xml_writer.envelope(response_date, base_url, None)
        xml_writer.errors(root, [(error.code, error.message)])
        return _xml(root)
    root = xml_writer.envelope(response_date, base_url, {"verb": asked.verb, **asked.arguments})
    try:
        root.append(_VERBS[asked.verb](asked))
    except OaiError as error:
        xml_writer.errors(root, [(error.code, error.message)])
    return _xml(root)


def _xml(root) -> Response:
    return Response(xml_writer.serialise(root), mimetype="text/xml")


def _repository_id() -> str:
    """TESTIMONY_OAI_REPOSITORY_ID, else the site's host name: the base URL's
    when set, so that identifiers stay put whatever Host a harvester sends."""
    return resources.settings().oai_repository_id or host_name()


def _identifier(accession: str) -> str:
    return f"oai:{_repository_id()}:{accession}"


def _accession(identifier: str) -> str:
    prefix = f"oai:{_repository_id()}:"
    if not identifier.startswith(prefix) or len(identifier) == len(prefix):
        raise OaiError("idDoesNotExist", f"{identifier!r} is not an identifier of this repository")
    return identifier[len(prefix) :]


def _known(identifier: str):
    try:
        return harvest.get_record(resources.db(), _accession(identifier), today=resources.today())
    except NotFound:
        raise OaiError("idDoesNotExist", f"no record {identifier!r}") from None


def _check_format(prefix: str) -> None:
    if prefix != OAI_DC_FORMAT["metadataPrefix"]:
        raise OaiError("cannotDisseminateFormat", f"metadataPrefix {prefix!r}: only oai_dc")


def _identify(_asked: OaiRequest):
    node = xml_writer.verb_element("Identify")
    earliest = harvest.earliest_datestamp(resources.db()) or datetime.now(UTC)
    repository_id, settings = _repository_id(), resources.settings()
    for name, value in (
        ("repositoryName", settings.oai_repository_name),
        ("baseURL", external_url("oai.endpoint")),
        ("protocolVersion", "2.0"),
        ("adminEmail", settings.oai_admin_email or f"webmaster@{repository_id}"),
        ("earliestDatestamp", xml_writer.timestamp(earliest)),
        ("deletedRecord", "persistent"),
        ("granularity", xml_writer.GRANULARITY),
    ):
        xml_writer.element(node, name, value)
    if _DOMAIN.fullmatch(repository_id):
        xml_writer.oai_identifier(node, repository_id, _identifier("MV-0001"))
    return node


def _list_metadata_formats(asked: OaiRequest):
    identifier = asked.arguments.get("identifier")
    if identifier is not None and _known(identifier).header.deleted:
        raise OaiError("noMetadataFormats", f"{identifier!r} is deleted: no metadata")
    node = xml_writer.verb_element("ListMetadataFormats")
    entry = xml_writer.element(node, "metadataFormat")
    for name, value in OAI_DC_FORMAT.items():
        xml_writer.element(entry, name, value)
    return node


def _list_sets(asked: OaiRequest):
    if TOKEN in asked.arguments:
        raise OaiError("badResumptionToken", "the list of sets is never split")
    node = xml_writer.verb_element("ListSets")
    for found in harvest.list_sets(resources.db(), today=resources.today()):
        entry = xml_writer.element(node, "set")
        xml_writer.element(entry, "setSpec", found.spec)
        xml_writer.element(entry, "setName", found.name)
    return node


def _list_identifiers(asked: OaiRequest):
    return _list(asked, with_metadata=False)


def _list_records(asked: OaiRequest):
    return _list(asked, with_metadata=True)


def _list(asked: OaiRequest, *, with_metadata: bool):
    secret = current_app.config["SECRET_KEY"]
    if TOKEN in asked.arguments:
        resumption = read_token(secret, asked.verb, asked.arguments[TOKEN])
        prefix, selection, after = resumption.metadata_prefix, resumption.harvest, resumption.after
    else:
        prefix, selection, after = asked.arguments["metadataPrefix"], asked.harvest_filter(), None
    _check_format(prefix)
    session, today = resources.db(), resources.today()
    # The whole harvest is read once per catalogue change, then paged through.
    entries = remembered(_harvest_entries, selection, asker=Asker.public(today))
    page = harvest.list_headers(
        session,
        selection,
        today=today,
        size=resources.settings().oai_page_size,
        after=after,
        entries=entries,
    )
    if not page.headers:
        raise OaiError("noRecordsMatch", "no records match these arguments")
    node = xml_writer.verb_element(asked.verb)
    live = [h.accession for h in page.headers if not h.deleted] if with_metadata else []
    testimonies = harvest.harvested_testimonies(session, live, today=today)
    for header in page.headers:
        parent = xml_writer.element(node, "record") if with_metadata else node
        xml_writer.header(parent, _identifier(header.accession), header)
        if header.accession in testimonies:
            _metadata(parent, testimonies[header.accession])
    if page.more or after is not None:
        token = None
        if page.more:
            resumption = Resumption(asked.verb, prefix, selection, page.headers[-1].key)
            token = make_token(secret, resumption)
        xml_writer.resumption_token(node, token, page.complete_size, page.cursor)
    return node


def _harvest_entries(session, selection: harvest.HarvestFilter, *, asker: Asker) -> tuple:
    # Harvesters are answered as the public on asker.today (web.catalogue_cache's shape).
    return harvest.harvest_entries(session, selection, today=asker.today)


def _metadata(parent, testimony) -> None:
    permalink = external_url("testimonies.detail", accession=testimony.record.accession)
    xml_writer.oai_dc(parent, dublin_core(testimony, permalink))


def _get_record(asked: OaiRequest):
    _check_format(asked.arguments["metadataPrefix"])
    found = _known(asked.arguments["identifier"])
    node = xml_writer.verb_element("GetRecord")
    record = xml_writer.element(node, "record")
    xml_writer.header(record, _identifier(found.header.accession), found.header)
    if found.testimony is not None:
        _metadata(record, found.testimony)
    return node


_VERBS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "ListIdentifiers": _list_identifiers,
    "ListRecords": _list_records,
    "GetRecord": _get_record,
}
