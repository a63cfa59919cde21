"""Word (DOCX) transcripts: paragraph text read as a plain-text transcript, plus core properties."""

from __future__ import annotations

import io
import lzma
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

import defusedxml

from ingest.errors import SourceError
from ingest.transcripts.model import ParsedTranscript, TranscriptWarning
from ingest.transcripts.plaintext import parse_plain_text
from ingest.transcripts.untrusted_xml import parse_untrusted

DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
# A transcript of many hours is a few MB of XML; beyond this it is a zip bomb.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_CORE_BYTES = 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"

# Core properties to header keys. dc:creator is left out: it names whoever made
# the file (usually the transcriber), which no header key means.
CORE_KEYS = (
    (f"{DC}title", "title"),
    (f"{DC}subject", "description"),
    (f"{DC}description", "description"),
    (f"{CP}keywords", "keywords"),
    (f"{DC}language", "language"),
    (f"{DCTERMS}created", "date"),
)
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")

# Word writes each text box twice, the second time as a fallback for old readers.
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Paragraph and run properties hold tab stops, not tabs; moved text would come
# twice (where it was and where it went); nested paragraphs are read on their own.
SKIPPED = {f"{W}pPr", f"{W}rPr", f"{W}moveFrom", f"{W}p", FALLBACK}
CHARACTERS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}


class _Malformed(SourceError):
    """A part that is not well-formed XML."""


def parse_docx(data: bytes, source: str) -> ParsedTranscript:
    """Line numbers in segments and warnings count the non-empty paragraphs."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SourceError("not a DOCX file (not a zip archive)", file=source) from None
    except (ValueError, NotImplementedError, EOFError, OSError) as error:
        # A damaged central directory: bad offsets, unknown versions, garbled names.
        raise SourceError(f"not a DOCX file (damaged zip archive: {error})", file=source) from None
    with package:
        names = set(package.namelist())
        if DOCUMENT not in names:
            raise SourceError(f"not a DOCX file (no {DOCUMENT} in the archive)", file=source)
        document = _xml(package, DOCUMENT, MAX_DOCUMENT_BYTES, source)
        header, warnings = {}, []
        if CORE in names:
            try:
                header = _core_header(_xml(package, CORE, MAX_CORE_BYTES, source))
            except _Malformed as error:
                warnings.append(TranscriptWarning(None, f"{error}; document properties ignored"))
    paragraphs = (_paragraph_text(p) for p in _paragraphs(document))
    text = "\n".join(p for p in paragraphs if p.strip())
    transcript = parse_plain_text(unicodedata.normalize("NFC", text), source)
    return ParsedTranscript(
        source,
        {**header, **transcript.header},
        transcript.segments,
        (*warnings, *transcript.warnings),
        transcript.chapters,
    )


def _xml(package: zipfile.ZipFile, name: str, limit: int, source: str) -> Element:
    info = package.getinfo(name)
    if info.file_size > limit:
        raise SourceError(
            f"{name} is {info.file_size / 1024**2:.1f} MB uncompressed, over the "
            f"{limit // 1024**2} MB limit (possibly a zip bomb); not read",
            file=source,
        )
    # zipfile yields no more than the declared size and then checks the CRC, so
    # a member that understates its size fails here instead of filling memory.
    # The exceptions are what damaged or unusual members raise: zlib, bz2 and
    # lzma stream errors, bad CRCs, unknown compression, encryption (RuntimeError).
    try:
        with package.open(info) as part:
            content = part.read()
    except (
        zipfile.BadZipFile,
        zlib.error,
        lzma.LZMAError,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as error:
        raise SourceError(
            f"not a DOCX file ({name} cannot be read: {error})", file=source
        ) from None
    try:
        return parse_untrusted(content)
    except defusedxml.DefusedXmlException:
        raise SourceError(
            f"{name} declares XML entities or external references, which are refused "
            "(a DOCX from Word never does; it may be an entity bomb)",
            file=source,
        ) from None
    except (LookupError, ValueError) as error:
        # The XML declaration names an encoding Python lacks or expat cannot read
        # (multi-byte ones such as UTF-32).
        raise _Malformed(
            f"{name} cannot be decoded ({error}); expected UTF-8 or UTF-16 as Word writes it",
            file=source,
        ) from None
    except ParseError as error:
        line, column = error.position
        raise _Malformed(
            f"{name} is not well-formed XML (line {line}, column {column})", file=source
        ) from None


def _paragraphs(document: Element) -> Iterator[Element]:
    return (e for e in _descendants(document, {FALLBACK}) if e.tag == f"{W}p")


def _paragraph_text(paragraph: Element) -> str:
    """The paragraph's text; nested paragraphs (text boxes) are read on their own."""
    pieces: list[str] = []
    for element in _descendants(paragraph, SKIPPED):
        if element.tag == f"{W}t":
            pieces.append(element.text or "")
        elif element.tag in CHARACTERS:
            pieces.append(CHARACTERS[element.tag])
    return "".join(pieces)


def _descendants(element: Element, skip: set[str]) -> Iterator[Element]:
    """Descendants in document order, not entering `skip` elements. A loop rather
    than recursion, since a hostile file can nest elements deeper than Python's stack."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        yield child
        if child.tag not in skip:
            stack.append(iter(child))


def _core_header(core: Element) -> dict[str, str]:
    header: dict[str, str] = {}
    for tag, key in CORE_KEYS:
        value = " ".join((core.findtext(tag) or "").split())
        if key == "date":
            match = ISO_DATE.match(value)
            value = match.group(1) if match else ""
        if value and value != header.get(key):
            header[key] = f"{header[key]}; {value}" if key in header else value
    return header
