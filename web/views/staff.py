"""Staff pages: ingest runs and their problems, talk requests and their
status. Every page here needs a logged-in staff member."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from archive.ingest_runs import count_ingest_runs, get_ingest_run, list_ingest_runs
from archive.programmes.talk_requests import (
    STATUSES,
    StatusChangeRefused,
    change_status,
    count_by_status,
    get_talk_request,
    list_talk_requests,
)
from web import resources
from web.forms import TalkRequestStatusForm
from web.url_numbers import LARGEST, whole_number

blueprint = Blueprint("staff", __name__, url_prefix="/staff")
RUNS_PER_PAGE = 50


@blueprint.before_request
def _staff_only():
    if not resources.asker().staff:
        return current_app.login_manager.unauthorized()
    return None


@blueprint.get("/")
def dashboard():
    session = resources.db()
    return render_template(
        "staff/dashboard.html",
        runs=list_ingest_runs(session, limit=5),
        request_counts=count_by_status(session),
    )


@blueprint.get("/runs/")
def runs():
    page = whole_number("page", 1, largest=LARGEST // RUNS_PER_PAGE) or 1
    if page < 1:
        abort(404)
    session = resources.db()
    total = count_ingest_runs(session)
    shown = list_ingest_runs(session, limit=RUNS_PER_PAGE, offset=(page - 1) * RUNS_PER_PAGE)
    return render_template(
        "staff/runs.html", runs=shown, page=page, more=total > page * RUNS_PER_PAGE, total=total
    )


def count_label(key: str) -> str:
    """A run's count key in words: 'testimony_added' -> 'Testimonies added'."""
    if key == "indexed":
        return "Testimonies indexed"
    kind, _, outcome = key.partition("_")
    if not outcome:
        return key.replace("_", " ").capitalize()
    plural = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"
    return f"{plural} {outcome.replace('_', ' ')}".capitalize()


@blueprint.get("/runs/<int:run_id>")
def run(run_id: int):
    record = get_ingest_run(resources.db(), run_id)
    counts = [(count_label(key), n) for key, n in record.counts.items()]
    return render_template("staff/run.html", run=record, counts=counts)


@blueprint.get("/requests/")
def talk_requests():
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        status = None
    session = resources.db()
    return render_template(
        "staff/requests.html",
        requests=list_talk_requests(session, status),
        status=status,
        counts=count_by_status(session),
    )


@blueprint.route("/requests/<int:request_id>", methods=["GET", "POST"])
def talk_request(request_id: int):
    session = resources.db()
    record = get_talk_request(session, request_id)
    form = TalkRequestStatusForm()
    form.status.choices = [SelectChoice(record.status, f"{record.status} (unchanged)")] + [
        SelectChoice(s, s) for s in record.next_statuses
    ]
    if request.method == "GET":
        form.status.data = record.status
        form.notes.data = record.staff_notes
    elif form.validate_on_submit():
        try:
            change_status(
                session,
                request_id,
                form.status.data,
                by=resources.asker().user,
                notes=form.notes.data,
            )
        except StatusChangeRefused as error:
            form.status.errors.append(str(error))
        else:
            session.commit()
            flash(f"Request {request_id} saved.")
            return redirect(url_for("staff.talk_request", request_id=request_id), code=303)
    status = 400 if form.errors else 200
    return render_template("staff/request.html", record=record, form=form), status
