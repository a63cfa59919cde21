#!/usr/bin/env python3
"""Build the Word (.docx) transcripts of the demo collection from plain text.

A DOCX transcript is a zip file; this writes the smallest one Word and the
archive read: `[Content_Types].xml`, `word/document.xml` with one paragraph
(`w:p`) per transcript line, and `docProps/core.xml` with the document
properties. Its text is kept in a plain UTF-8 file in `docx-src/`, so the
DOCX can be rebuilt and reviewed like any other transcript (the extension is
`.text`, not `.txt`, so that `testimony ingest` does not take the source for a
transcript of its own):

    Title: Walking to Aden              <- header: document properties
    Language: en                           (Title, Language, Keywords, Subject)
    Keywords: Yemen; Hashed; Magic Carpet

    [00:00:00] INTERVIEWER: ...         <- each line becomes one paragraph

`docx-src/MV-0017.text` builds `transcripts/MV-0017.docx`. The output is
byte-for-byte deterministic (fixed zip timestamps and member order).
make_audio.py calls this before it reads a DOCX, so the two never disagree.

Usage (from the repository root):

    /work/main/.venv/bin/python samples/make_docx.py      # all sources in docx-src/

Needs nothing beyond the Python standard library.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "docx-src"
TARGETS = HERE / "transcripts"
STAMP = (2024, 1, 1, 0, 0, 0)  # zip member timestamp: fixed, for reproducible bytes

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/'
    'vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER_LINE = re.compile(r"^(Title|Language|Keywords|Subject):\s*(.*)$")
# Hebrew and Arabic letters: in a paragraph holding them, each run of such text
# is marked right-to-left (w:rtl), so Word shows it as it is read.
RTL_LETTERS = "\u0590-\u05ff\ufb1d-\ufb4f\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
RTL_RUN = re.compile(rf"([{RTL_LETTERS}](?:[{RTL_LETTERS}\s,'׳״.]*[{RTL_LETTERS}])?)")


def read_source_lines(path: Path) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """(properties, [(line number, paragraph)]) of a source file: a header block,
    a blank line, then one paragraph per non-empty line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    props: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := HEADER_LINE.match(lines[i])):
        props[m[1].lower()] = m[2].strip()
        i += 1
    body = [(n, line) for n, line in enumerate(lines[i:], start=i + 1) if line.strip()]
    return props, body


def read_source(path: Path) -> tuple[dict[str, str], list[str]]:
    """(properties, paragraphs) of a source file."""
    props, body = read_source_lines(path)
    return props, [line for _, line in body]


def _runs(text: str) -> str:
    """One `w:r` per stretch of left-to-right or right-to-left text."""
    out, at = [], 0
    for m in RTL_RUN.finditer(text):
        if m.start() > at:
            out.append(_run(text[at : m.start()], rtl=False))
        out.append(_run(m[1], rtl=True))
        at = m.end()
    if at < len(text):
        out.append(_run(text[at:], rtl=False))
    return "".join(out)


def _run(text: str, rtl: bool) -> str:
    props = "<w:rPr><w:rtl/></w:rPr>" if rtl else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def document_xml(paragraphs: list[str]) -> str:
    body = "".join(f"<w:p>{_runs(p)}</w:p>" for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )


def core_xml(props: dict[str, str]) -> str:
    elements = [
        ("dc:title", props.get("title")),
        ("dc:subject", props.get("subject")),
        ("dc:language", props.get("language")),
        ("cp:keywords", props.get("keywords")),
        ("dc:creator", "Testimony demo archive (fictional material, CC0)"),
    ]
    inner = "".join(f"<{tag}>{escape(value)}</{tag}>" for tag, value in elements if value)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{inner}</cp:coreProperties>"
    )


def docx_bytes(props: dict[str, str], paragraphs: list[str]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", document_xml(paragraphs)),
            ("docProps/core.xml", core_xml(props)),
        ):
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            package.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def target_for(source: Path) -> Path:
    return TARGETS / f"{source.stem}.docx"


def source_for(docx: Path) -> Path | None:
    """The plain-text source of a DOCX transcript, if the collection keeps one."""
    source = SOURCES / f"{docx.stem}.text"
    return source if source.is_file() else None


def build(source: Path, target: Path | None = None) -> bool:
    """Write the DOCX for one source; return True if its bytes changed."""
    target = target or target_for(source)
    data = docx_bytes(*read_source(source))
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return True


def main() -> int:
    sources = sorted(SOURCES.glob("*.text"))
    if not sources:
        print(f"make_docx: no sources in {SOURCES}", file=sys.stderr)
        return 1
    for source in sources:
        changed = build(source)
        state = "written" if changed else "unchanged"
        print(f"{target_for(source).relative_to(HERE)}: {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
