"""Hypothesis strategies for the transcript parser fuzz tests: near-valid plain text,
WebVTT, SRT, OHMS XML and DOCX files with mutated timecodes, numbers, elements,
encodings and zip parts.

Each file starts valid and gets a mutation only now and then (`rarely`), so that most
files get past the first check to the code behind it; with every field mutated at
once, nearly all would stop at "not well-formed" or "no cues".
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from tests.docx_files import CONTENT_TYPES, core_xml, document_xml, paragraph


def rarely(draw, odds: int = 8) -> bool:
    """True about one time in `odds` (and shrinking towards False)."""
    return draw(st.integers(1, odds)) == odds


# Numbers as a file writes them: ordinary, negative, huge (past a float's range, past
# int()'s 4,300-digit limit), other scripts' digits, and things that are not numbers.
HUGE = st.sampled_from([20, 309, 400, 4300, 4301, 10_000]).map(lambda n: "9" * n)
NUMBER_TEXT = st.one_of(
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(-(10**6), 10**20).map(str),
    HUGE,
    HUGE.map("1{}.5".format),
    st.sampled_from(["", "-0", "-1", "0x1F", "1e309", "inf", "NaN", "١٢", "１２", "1_000", " 7"]),
)

# Pieces that mean something to one parser or another; lone surrogates reach the
# bytes through "surrogatepass".
TOKENS = st.sampled_from(
    [
        "<v Naomi>",
        "<v.loud Ezra Cohen>",
        "</v>",
        "<i>",
        "</b>",
        "<c.x>",
        "<00:00:01.000>",
        "{\\an8}",
        "&amp;",
        "&lt;",
        "&#1488;",
        "&#xD800;",
        "&#0;",
        "&#99999999999999;",
        "&nbsp",
        "&",
        "<",
        ">",
        "<script>alert(1)</script>",
        "-->",
        " --> ",
        "WEBVTT",
        "NOTE",
        "STYLE",
        "\ufeff",
        "\r",
        "\n",
        "\n\n",
        "\t",
        "[00:00:01]",
        "{1:00:00}",
        "[999:59:59.999]",
        "[TAPE 2]",
        "Tape 99999999999999999999, Side B",
        "--- Part 3 ---",
        "NAOMI: ",
        "Title: ",
        "[[footnote]]",
        "[[/footnote]]",
        "[[footnotes]]",
        "{00:12:00}",
        "\u202e",
        "\U0001f600",
        "\ud800",
        "\udfff",
    ]
)
WORDS = st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=10)
# Speech: mostly words, now and then a token or any text at all.
SPEECH = st.lists(
    st.one_of(WORDS, WORDS, WORDS, WORDS, TOKENS, st.text(max_size=8)), min_size=1, max_size=8
).map(" ".join)
ONE_LINE = SPEECH.map(lambda text: " ".join(text.splitlines()) or "x")

ENCODINGS = ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252")
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)


def encode(text: str, encoding: str) -> bytes:
    errors = "replace" if encoding == "cp1252" else "surrogatepass"
    return text.encode(encoding, errors)


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """`data` with a few bytes inserted, deleted, replaced, or cut off."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        if operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif operation == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif operation == "truncate":
            del data[at:]
    return bytes(data)


def maybe_mutated(draw, data: bytes) -> bytes:
    return draw(mutated(data)) if rarely(draw) else data


@st.composite
def encoded(draw, text: str) -> bytes:
    """Text as UTF-8, or now and then in another encoding a transcript may come in (or
    not), behind a byte-order mark that may not match it, or with bytes mutated."""
    encoding = draw(st.sampled_from(ENCODINGS)) if rarely(draw) else "utf-8"
    data = encode(text, encoding)
    if rarely(draw):
        data = draw(st.sampled_from(BOMS)) + data
    return maybe_mutated(draw, data)


@st.composite
def stamps(draw, separator: str = ".") -> str:
    """A caption timestamp; now and then with a number mutated, a part left out, or its
    separators changed."""
    total, millis = draw(st.integers(0, 360_000)), draw(st.integers(0, 999))
    fields = [f"{total // 3600:02d}", f"{total // 60 % 60:02d}", f"{total % 60:02d}"]
    fields.append(f"{millis:03d}")
    while rarely(draw, 16):
        fields[draw(st.integers(0, 3))] = draw(NUMBER_TEXT)
    hours, minutes, seconds, fraction = fields
    if not rarely(draw, 16):
        return f"{hours}:{minutes}:{seconds}{separator}{fraction}"
    shapes = [
        f"{minutes}:{seconds}{separator}{fraction}",
        f"{hours}:{minutes}:{seconds}",
        f"{hours}{draw(st.sampled_from(['.', ',', ';', '::']))}{minutes}:{seconds}",
        draw(ONE_LINE),
    ]
    return draw(st.sampled_from(shapes))


@st.composite
def timing_lines(draw, separator: str = ".") -> str:
    arrow = " --> " if not rarely(draw) else draw(st.sampled_from(["-->", "->", "-->-->", "\t-->"]))
    settings = draw(st.sampled_from(["", " align:start", " line:0 position:10%"]))
    return f"{draw(stamps(separator))}{arrow}{draw(stamps(separator))}{settings}"


def newline(draw) -> str:
    return draw(st.sampled_from(["\r\n", "\r"])) if rarely(draw) else "\n"


@st.composite
def webvtt_text(draw) -> str:
    signature = "WEBVTT"
    if rarely(draw):
        signature = draw(st.sampled_from(["WEBVTT - title", "\ufeffWEBVTT", "WEBVTT\t", "", "VTT"]))
    header = draw(st.lists(st.sampled_from(["Kind: captions", "Title: A", "Language: en"])))
    blocks = []
    for _ in range(draw(st.integers(1, 6)) if not rarely(draw) else 0):
        kind = "cue"
        if rarely(draw):
            kind = draw(st.sampled_from(["note", "style", "text"]))
        if kind == "cue":
            identifier = draw(st.sampled_from([[], [], ["1"], ["intro-cue"]]))
            body = draw(st.lists(ONE_LINE, min_size=1, max_size=3))
            blocks.append("\n".join([*identifier, draw(timing_lines()), *body]))
        elif kind == "note":
            blocks.append(f"NOTE {draw(ONE_LINE)}\nTitle: {draw(ONE_LINE)}")
        elif kind == "style":
            blocks.append("STYLE\n::cue { color: red }")
        else:
            blocks.append(draw(SPEECH))
    return newline(draw).join([signature, *header, "", "\n\n".join(blocks), ""])


@st.composite
def srt_text(draw) -> str:
    blocks = []
    for number in range(1, draw(st.integers(1, 6)) + 1 if not rarely(draw) else 1):
        index = draw(NUMBER_TEXT) if rarely(draw) else str(number)
        timings = [draw(timing_lines(","))]
        if rarely(draw):
            timings = [draw(timing_lines(",")) for _ in range(draw(st.integers(0, 2)))]
        body = draw(st.lists(ONE_LINE, min_size=1, max_size=3))
        blocks.append("\n".join([index, *timings, *body]))
    separator = "\n\n" if not rarely(draw) else draw(st.sampled_from(["\n", "\n \n", "\n\n\n"]))
    return newline(draw).join(separator.join(blocks).split("\n"))


@st.composite
def plain_text(draw) -> str:
    lines = draw(st.lists(st.sampled_from(["Title: Leaving", "Interviewer: A B", "Date: 1990"])))
    lines.append("")
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["stamp", "stamp", "stamp", "tape", "text"]))
        if kind == "stamp":
            opening, closing = (
                "[]" if not rarely(draw) else draw(st.sampled_from(["{}", "()", "[}"]))
            )
            stamp = draw(stamps(draw(st.sampled_from([".", ","]))))
            label = draw(st.sampled_from(["", "NAOMI: ", "ЕЛЕНА: ", "Dr. X: "]))
            lines.append(f"{opening}{stamp}{closing} {label}{draw(ONE_LINE)}")
        elif kind == "tape":
            marker = draw(st.sampled_from(["TAPE {}", "[Tape {}, Side B]", "Part {}", "-- {} --"]))
            lines.append(marker.format(draw(NUMBER_TEXT)))
        else:
            lines.append(draw(SPEECH))
    return newline(draw).join(lines)


# OHMS: a small valid export whose fields are drawn; now and then a field is left
# unescaped so the XML breaks, a tag renamed, the declaration or doctype changed.
OHMS_TEMPLATE = """<?xml version="1.0" encoding="{encoding}"?>{doctype}
<ROOT{namespace}>
<record id="00083325" dt="2020-02-18">
<version>6.0</version>
<date value="{date}" format="yyyy-mm-dd"/>
<title>{title}</title>
<interviewee>{interviewee}</interviewee>
<keywords>{keywords}</keywords>
<mediafile><host>{host}</host><host_clip_id>{clip}</host_clip_id></mediafile>
<index>{points}</index>
<sync>{sync}</sync>
<transcript>{transcript}</transcript>
<vtt_transcript>{vtt}</vtt_transcript>
</record>
</ROOT>
"""
DOCTYPES = [
    "<!DOCTYPE ROOT>",
    '<!DOCTYPE ROOT [<!ENTITY a "aaaa">]>',
    '<!DOCTYPE ROOT [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE ROOT [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE ROOT SYSTEM "http://example.org/ohms.dtd">',
    '<!DOCTYPE ROOT [<!ELEMENT ROOT ANY><!ATTLIST record id CDATA "x">]>',
    "<!DOCTYPE ROOT [<!ENTITY % p SYSTEM 'file:///etc/passwd'> %p;]>",
]
XML_ENCODINGS = ["utf-8", "UTF-16", "ISO-8859-1", "windows-1252", "bogus", "UTF-32", "ascii"]
TAG_NAMES = ["record", "index", "point", "time", "title", "sync", "transcript", "vtt_transcript"]


# Characters XML 1.0 does not allow, even as character references.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(draw, text: str) -> str:
    """The text without the characters XML forbids, except now and then."""
    return text if rarely(draw) else NOT_XML.sub("", text)


@st.composite
def xml_field(draw, values=SPEECH) -> str:
    """Text as an element holds it: escaped, except now and then left raw (breaking the
    XML), put in CDATA, or with characters XML forbids. One draw decides, for speed."""
    value, form = draw(values), draw(st.integers(0, 31))
    if form == 31:
        return value
    value = value if form == 30 else NOT_XML.sub("", value)
    return f"<![CDATA[{value}]]>" if form == 29 else escape(value)


# A header field or keyword: a word or a token, cheaper to draw than speech.
LABEL = st.one_of(WORDS, TOKENS)


@st.composite
def point_times(draw) -> str:
    if not rarely(draw):
        return str(draw(st.integers(0, 20_000)))
    return draw(st.one_of(NUMBER_TEXT, stamps(), ONE_LINE))


@st.composite
def ohms_points(draw) -> str:
    points = []
    for _ in range(draw(st.integers(0, 3))):
        points.append(
            f"<point><time>{draw(xml_field(point_times()))}</time>"
            f"<title>{draw(xml_field(st.one_of(st.just(''), LABEL)))}</title>"
            f"<keywords>{draw(xml_field(LABEL))}</keywords>"
            f"<gpspoints><gps>{draw(xml_field(LABEL))}</gps></gpspoints></point>"
        )
    return "".join(points)


@st.composite
def sync_maps(draw) -> str:
    def number() -> str:
        return draw(NUMBER_TEXT) if rarely(draw) else str(draw(st.integers(1, 40)))

    entries = "|".join(f"{number()}({number()})" for _ in range(draw(st.integers(0, 6))))
    return f"{number()}:|{entries}" if not rarely(draw) else draw(ONE_LINE)


@st.composite
def legacy_transcripts(draw) -> str:
    lines = [
        draw(st.sampled_from(["", "NAOMI: ", "Dr. Ruth Smith: ", "Q: "])) + draw(SPEECH)
        for _ in range(draw(st.integers(0, 6)))
    ]
    return "\n".join(lines)


@st.composite
def ohms_xml(draw) -> bytes:
    xml = OHMS_TEMPLATE.format(
        encoding="UTF-8" if not rarely(draw) else draw(st.sampled_from(XML_ENCODINGS)),
        doctype="" if not rarely(draw) else draw(st.sampled_from(DOCTYPES)),
        namespace=draw(st.sampled_from(["", ' xmlns="https://www.weareavp.com/nunncenter/ohms"'])),
        date=escape(draw(st.one_of(st.just("2006-06-13"), LABEL)), {'"': "&quot;"}),
        title=draw(xml_field(LABEL)),
        interviewee=draw(xml_field(LABEL)),
        keywords=draw(xml_field(LABEL)),
        host=draw(st.sampled_from(["Other", "YouTube", ""])),
        clip=draw(xml_field(LABEL)),
        points=draw(ohms_points()),
        sync=draw(xml_field(sync_maps())),
        transcript=draw(xml_field(st.one_of(legacy_transcripts(), webvtt_text()))),
        vtt=draw(xml_field(webvtt_text())) if rarely(draw) else "",
    )
    while rarely(draw):
        # Rename a tag (opening and closing alike, or just the first), or drop it.
        tag = draw(st.sampled_from(TAG_NAMES))
        replacement = draw(st.sampled_from(["", "x", "ns:" + tag, tag.upper()]))
        xml = xml.replace(f"<{tag}>", f"<{replacement}>", draw(st.sampled_from([1, -1])))
    encoding = "utf-8" if not rarely(draw) else draw(st.sampled_from(["utf-16", "cp1252"]))
    return maybe_mutated(draw, encode(xml, encoding))


# DOCX: zip packages built in memory, with document.xml drawn, broken or missing.
COMPRESSIONS = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]


def docx_package(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def xml_safe(draw, text: str) -> str:
    """Text a zip member can hold (lone surrogates replaced), and XML too but now and then."""
    return xml_text(draw, text.encode("utf-8", "replace").decode("utf-8"))


@st.composite
def document_bodies(draw) -> str:
    """Paragraphs from the plain-text strategy; now and then raw markup, runs of
    every kind, or nesting deeper than Python's stack."""
    kind = "paragraphs" if not rarely(draw) else draw(st.sampled_from(["raw", "nested", "runs"]))
    if kind == "paragraphs":
        text = xml_safe(draw, draw(plain_text()))
        return "".join(paragraph(line) for line in text.splitlines())
    if kind == "raw":
        return xml_safe(draw, draw(SPEECH))
    if kind == "nested":
        depth = draw(st.integers(1, 3000))
        tag = draw(st.sampled_from(["w:p", "w:r", "w:tbl", "w:txbxContent", "x"]))
        return f"<{tag}>" * depth + "<w:t>[00:00:01] DEEP: text</w:t>" + f"</{tag}>" * depth
    tags = ["w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen", "w:pPr", "w:rPr", "w:moveFrom"]
    runs = "".join(
        f"<{tag}>{escape(xml_safe(draw, draw(ONE_LINE)))}</{tag}>"
        for tag in draw(st.lists(st.sampled_from(tags), max_size=6))
    )
    return f"<w:p><w:r>{runs}</w:r></w:p>"


@st.composite
def docx_files(draw) -> bytes:
    doctype = "" if not rarely(draw) else draw(st.sampled_from(DOCTYPES))
    document = document_xml(draw(document_bodies()), doctype)
    document_bytes = encode(document, "utf-8" if not rarely(draw) else "utf-16")
    parts = {"[Content_Types].xml": CONTENT_TYPES.encode()}
    name = "word/document.xml"
    if rarely(draw):
        name = draw(st.sampled_from(["word/Document.xml", "document.xml", "word/document.xml/"]))
    parts[name] = maybe_mutated(draw, document_bytes)
    if draw(st.booleans()):
        title, created = (
            xml_safe(draw, draw(ONE_LINE)),
            draw(st.sampled_from(["2001-02-03", "x", ""])),
        )
        core = core_xml(dc_title=title, dcterms_created=created).encode()
        parts["docProps/core.xml"] = maybe_mutated(draw, core)
    compression = zipfile.ZIP_DEFLATED if not rarely(draw) else draw(st.sampled_from(COMPRESSIONS))
    return maybe_mutated(draw, docx_package(parts, compression))


@st.composite
def any_transcript(draw) -> bytes:
    """Bytes of any of the formats, so every parser also meets the others' files."""
    text = st.one_of(plain_text(), webvtt_text(), srt_text())
    return draw(st.one_of(text.flatmap(encoded), ohms_xml(), docx_files(), st.binary()))
