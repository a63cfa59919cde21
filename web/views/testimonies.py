"""A testimony: its page with players and transcript, and its audio files
(served with HTTP Range support so that players can seek)."""

from __future__ import annotations

import math
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request, send_file
from markupsafe import Markup

from archive.access import access_note
from archive.testimonies.queries import get_recording, get_testimony
from archive.testimonies.transcript_formats import as_plain_text, as_webvtt, chicago_citation
from archive.testimonies.transcript_pages import transcript_page
from search.highlight import mark_terms, query_terms
from web import resources
from web.addresses import external_url
from web.url_numbers import whole_number

blueprint = Blueprint("testimonies", __name__, url_prefix="/testimonies")


@blueprint.get("/<path:accession>/audio/<int:part>")
def audio(accession: str, part: int):
    recording = get_recording(resources.db(), accession, part, asker=resources.asker())
    path = Path(recording.path)
    if not recording.readable or not path.is_file():
        abort(404)
    return send_file(
        path,
        mimetype=recording.mime_type or "application/octet-stream",
        conditional=True,
        etag=recording.sha256 or True,
        max_age=3600,
    )


@blueprint.get("/<path:accession>/transcript.txt")
def transcript_text(accession: str):
    testimony = _visible_testimony(accession)
    language = _transcript_language(testimony)
    return _download(as_plain_text(testimony, language), f"{accession}.txt", "text/plain")


@blueprint.get("/<path:accession>/transcript-<int:part>.vtt")
def transcript_vtt(accession: str, part: int):
    testimony = _visible_testimony(accession)
    language = _transcript_language(testimony)
    if not any(s.part == part and s.language == language for s in testimony.segments):
        abort(404)  # a part this testimony does not have, or not in this language
    return _download(as_webvtt(testimony, part, language), f"{accession}-{part}.vtt", "text/vtt")


def _visible_testimony(accession: str):
    return get_testimony(resources.db(), accession, asker=resources.asker())


def _transcript_language(testimony) -> str | None:
    """?lang= names a translation (or the original's language); one the
    testimony does not have is a 404, not an empty file."""
    language = request.args.get("lang") or None
    original = testimony.languages[0] if testimony.languages else None
    if language == original and not any(s.language == language for s in testimony.segments):
        language = None
    if not any(s.language == language for s in testimony.segments):
        abort(404)
    return language


def _download(body: str, filename: str, mimetype: str) -> Response:
    safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in filename)
    return Response(
        body,
        # content_type as given: `mimetype=` would append a second charset.
        content_type=f"{mimetype}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe_name}"'},
    )


@blueprint.get("/<path:accession>")
def detail(accession: str):
    session, asker = resources.db(), resources.asker()
    testimony = get_testimony(session, accession, asker=asker, with_segments=False)
    # A moment link (?part=&t=) opens the transcript page that holds the moment.
    moment = "t" in request.args or "part" in request.args
    start = request.args.get("t", 0.0, type=float) or 0.0
    start = start if math.isfinite(start) and start > 0 else 0.0
    part = whole_number("part", 1) or 1
    number = whole_number("page", 0) or None
    page = transcript_page(
        session,
        accession,
        asker=asker,
        number=None if moment else number,
        part=part if moment else None,
        at=start,
        # #seg- anchors for the chapters' links, then for the parts' links.
        anchors=tuple((c.part, c.start) for c in testimony.chapters)
        + tuple((r.part, 0.0) for r in testimony.recordings),
    )
    parts = sorted({r.part for r in testimony.recordings} | set(page.parts))
    if part not in parts:
        part = min(parts, default=1)
    if not moment and page.rows:
        part = page.rows[0].segment.part  # a page opened by number plays its own part
    current = _segment_at(page.rows, part, start) if moment else None
    permalink = external_url("testimonies.detail", accession=accession)
    # Arriving from a search (?q=...), the words searched for are marked in the transcript.
    query = request.args.get("q", "")
    terms = query_terms(query)
    language = request.args.get("lang")
    chapters = list(zip(testimony.chapters, page.anchors, strict=False))
    part_anchors = dict(
        zip((r.part for r in testimony.recordings), page.anchors[len(chapters) :], strict=True)
    )
    # Each chapter's title also stands in the transcript, above its first segment.
    chapter_marks: dict[tuple[int, int], list] = {}
    for chapter, position in chapters:
        if position is not None:
            chapter_marks.setdefault((chapter.part, position), []).append(chapter)
    return render_template(
        "testimonies/detail.html",
        testimony=testimony,
        permalink=permalink,
        highlight=lambda text: Markup(mark_terms(text, terms)),
        query=query,
        citation=chicago_citation(testimony, permalink, asker.today),
        access_note=access_note(testimony.access, testimony.embargo_until, asker.today),
        start=start,
        start_part=part,
        moment=moment,
        current=current,
        page=page,
        chapters=chapters,
        chapter_marks=chapter_marks,
        part_anchors=part_anchors,
        shown_language=language if language in page.languages else next(iter(page.languages), None),
        decades=_decades(testimony.year_from, testimony.year_to),
        multipart=len(parts) > 1,
    )


def _decades(year_from: int | None, year_to: int | None) -> list[int]:
    """The decades the testimony's years span: its link to the decade facet."""
    if year_from is None:
        return []
    return list(range(year_from // 10 * 10, (year_to or year_from) + 1, 10))


def _segment_at(rows, part: int, seconds: float):
    """The segment playing at `seconds` of `part` (the part's first one before it)."""
    playing = None
    for row in rows:
        if row.segment.part == part and (playing is None or row.segment.start <= seconds):
            playing = row.segment
    return playing
