"""OAI-PMH 2.0 responses as XML, built with ElementTree: the envelope (root,
responseDate, request), errors, headers, sets, resumption tokens and oai_dc
records. ElementTree escapes text; characters XML 1.0 cannot hold at all
(control characters) are dropped first, so a response is always well-formed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from archive.testimonies.harvest import HarvestHeader

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
SCHEMA_LOCATIONS = {
    OAI: "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
    OAI_DC: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    OAI_IDENTIFIER: "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd",
}
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"

# The conventional prefixes, the OAI namespace being the default one.
# (ElementTree's default_namespace option cannot be used: it refuses the
# unqualified attributes OAI-PMH is full of.)
for _prefix, _uri in (
    ("", OAI),
    ("oai_dc", OAI_DC),
    ("dc", DC),
    ("xsi", XSI),
    ("oai-id", OAI_IDENTIFIER),
):
    ET.register_namespace(_prefix, _uri)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def verb_element(verb: str) -> ET.Element:
    """The element named after the verb that holds a response's content."""
    return ET.Element(f"{{{OAI}}}{verb}")


def element(parent: ET.Element, name: str, text: str | None = None, **attributes: str):
    """A child in the OAI namespace (or `name` already qualified as {uri}name)."""
    tag = name if name.startswith("{") else f"{{{OAI}}}{name}"
    child = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attributes.items()})
    if text is not None:
        child.text = _clean(text)
    return child


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _schema_location(node: ET.Element, namespace: str) -> None:
    node.set(f"{{{XSI}}}schemaLocation", f"{namespace} {SCHEMA_LOCATIONS[namespace]}")


def envelope(response_date: datetime, base_url: str, arguments: dict[str, str] | None):
    """The root with responseDate and request; the request's attributes echo
    its arguments only when they were valid (None after badVerb/badArgument)."""
    root = ET.Element(f"{{{OAI}}}OAI-PMH")
    _schema_location(root, OAI)
    element(root, "responseDate", timestamp(response_date))
    element(root, "request", base_url, **(arguments or {}))
    return root


def errors(root: ET.Element, found: list[tuple[str, str]]) -> None:
    for code, message in found:
        element(root, "error", message, code=code)


def header(parent: ET.Element, identifier: str, harvested: HarvestHeader) -> ET.Element:
    node = element(parent, "header", **({"status": "deleted"} if harvested.deleted else {}))
    element(node, "identifier", identifier)
    element(node, "datestamp", timestamp(harvested.datestamp))
    for spec in harvested.sets:
        element(node, "setSpec", spec)
    return node


def oai_dc(parent: ET.Element, elements: list[tuple[str, str]]) -> ET.Element:
    metadata = element(parent, "metadata")
    record = element(metadata, f"{{{OAI_DC}}}dc")
    _schema_location(record, OAI_DC)
    for name, value in elements:
        element(record, f"{{{DC}}}{name}", value)
    return metadata


def resumption_token(parent: ET.Element, token: str | None, complete_size: int, cursor: int):
    """A token for the next page, or empty on the last page of a split list."""
    return element(
        parent,
        "resumptionToken",
        token or "",
        completeListSize=str(complete_size),
        cursor=str(cursor),
    )


def oai_identifier(parent: ET.Element, repository_id: str, sample: str) -> None:
    """Identify's description of our identifier scheme (oai-identifier.xsd)."""
    description = element(parent, "description")
    scheme = element(description, f"{{{OAI_IDENTIFIER}}}oai-identifier")
    _schema_location(scheme, OAI_IDENTIFIER)
    for name, value in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository_id),
        ("delimiter", ":"),
        ("sampleIdentifier", sample),
    ):
        element(scheme, f"{{{OAI_IDENTIFIER}}}{name}", value)


def serialise(root: ET.Element) -> bytes:
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
