"""XML from a collection file, parsed without trusting it: entity declarations and
a DOCTYPE that names an external DTD are refused, never expanded or fetched."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import defusedxml
import defusedxml.ElementTree


def parse_untrusted(data: bytes) -> Element:
    """The document's root. Raises what defusedxml raises (`EntitiesForbidden`,
    `DTDForbidden` for an external DTD, ...) and ElementTree's `ParseError`.

    expat would not fetch an external DTD, but no transcript needs one: a file that
    names `file:///etc/passwd` or a URL there is probing, and is refused as such. A
    DOCTYPE without one (`<!DOCTYPE ROOT>`) is harmless and read as before."""
    try:
        return defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DTDForbidden as error:
        if error.sysid is not None or error.pubid is not None:
            raise
    return defusedxml.ElementTree.fromstring(data)
