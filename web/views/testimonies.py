"""A testimony: its page with players and transcript, and its audio files
(served with HTTP Range support so that players can seek)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request, send_file, url_for
from markupsafe import Markup

from archive.access import access_note
from archive.queries import get_recording, get_testimony
from archive.transcript_formats import as_plain_text, as_webvtt, chicago_citation
from search.highlight import mark_terms, query_terms
from web import resources

blueprint = Blueprint("testimonies", __name__, url_prefix="/testimonies")


@blueprint.get("/<path:accession>/audio/<int:part>")
def audio(accession: str, part: int):
    recording = get_recording(
        resources.db(), accession, part, today=resources.today(), staff=resources.is_staff()
    )
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
    return get_testimony(
        resources.db(), accession, today=resources.today(), staff=resources.is_staff()
    )


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
    testimony = get_testimony(
        resources.db(), accession, today=resources.today(), staff=resources.is_staff()
    )
    start = max(0.0, request.args.get("t", 0.0, type=float) or 0.0)
    part = request.args.get("part", 1, type=int) or 1
    parts = {r.part for r in testimony.recordings} | {s.part for s in testimony.segments}
    if part not in parts:
        part = min(parts, default=1)
    spoken = [s for s in testimony.segments if s.language is None]
    translations: dict[str, list] = {}
    for segment in testimony.segments:
        if segment.language is not None:
            translations.setdefault(segment.language, []).append(segment)
    current = _segment_at(spoken, part, start) if start else None
    permalink = url_for("testimonies.detail", accession=accession, _external=True)
    # Arriving from a search (?q=...), the words searched for are marked in the transcript.
    terms = query_terms(request.args.get("q", ""))
    return render_template(
        "testimonies/detail.html",
        testimony=testimony,
        permalink=permalink,
        highlight=lambda text: Markup(mark_terms(text, terms)),
        citation=chicago_citation(testimony, permalink, resources.today()),
        access_note=access_note(testimony.access, testimony.embargo_until, resources.today()),
        start=start,
        start_part=part,
        current=current,
        spoken=spoken,
        translations=translations,
        start_language=request.args.get("lang"),
        multipart=len(parts) > 1,
    )


def _segment_at(segments, part: int, seconds: float):
    """The segment playing at `seconds` of `part`."""
    playing = None
    for segment in segments:
        if segment.part == part and segment.start <= seconds:
            playing = segment
    return playing
