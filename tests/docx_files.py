"""Minimal DOCX files that tests build in memory: paragraphs and core properties."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraph(text: str) -> str:
    """A `w:p` with one run; tabs become `w:tab` and newlines `w:br`, as Word writes them."""
    pieces = []
    for number, line in enumerate(text.split("\n")):
        if number:
            pieces.append("<w:br/>")
        for index, chunk in enumerate(line.split("\t")):
            if index:
                pieces.append("<w:tab/>")
            pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:p><w:r>{''.join(pieces)}</w:r></w:p>"


def document_xml(body: str, prolog: str = "") -> str:
    """`word/document.xml` around raw body XML (paragraphs, tables...)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )


def core_xml(**properties: str) -> str:
    """`docProps/core.xml`; keys like `dc_title` stand for `dc:title`."""
    elements = "".join(
        f"<{key.replace('_', ':')}>{escape(value)}</{key.replace('_', ':')}>"
        for key, value in properties.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        "<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{elements}</cp:coreProperties>"
    )


def make_docx(
    paragraphs: list[str] | None = None,
    *,
    document: str | None = None,
    core: str | None = None,
) -> bytes:
    """The bytes of a DOCX: the paragraphs' text, or `document` as the whole XML."""
    if document is None:
        document = document_xml("".join(paragraph(p) for p in paragraphs or []))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("word/document.xml", document)
        if core is not None:
            package.writestr("docProps/core.xml", core)
    return buffer.getvalue()
