"""Request a talk: the form, its validation, storing the request, and the
confirmation page (post, redirect, get)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from wtforms import SelectChoice

from archive.programmes.talk_requests import TalkRequestDraft, save_talk_request
from archive.speakers.queries import SpeakerFilters, find_speakers
from web import resources
from web.forms import TalkRequestForm

blueprint = Blueprint("talk_requests", __name__, url_prefix="/request-a-talk")


def _form() -> TalkRequestForm:
    form = TalkRequestForm()
    speakers = find_speakers(
        resources.db(),
        SpeakerFilters(available_only=True),
        asker=resources.asker(),
    )
    form.speaker.choices = [SelectChoice("", "Any speaker")] + [
        SelectChoice(s.slug, s.name) for s in speakers
    ]
    if request.method == "GET" and request.args.get("speaker"):
        form.speaker.data = request.args["speaker"]
    return form


@blueprint.route("/", methods=["GET", "POST"])
def form():
    form = _form()
    if form.validate_on_submit():
        draft = TalkRequestDraft(
            organisation=form.organisation.data.strip(),
            contact_name=form.contact_name.data.strip(),
            email=form.email.data.strip(),
            preferred_dates=form.preferred_dates.data or None,
            audience_size=form.audience_size.data,
            audience_type=form.audience_type.data or None,
            format=form.format.data,
            topics=form.topics.data or None,
            speaker_slug=form.speaker.data or None,
        )
        save_talk_request(resources.db(), draft)
        resources.db().commit()
        session["talk_request"] = {
            "organisation": form.organisation.data.strip(),
            "email": form.email.data.strip(),
        }
        return redirect(url_for("talk_requests.thanks"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("talk_requests/form.html", form=form), status


@blueprint.get("/thanks")
def thanks():
    sent = session.pop("talk_request", None)
    if sent is None:
        return redirect(url_for("talk_requests.form"))
    return render_template("talk_requests/thanks.html", sent=sent)
