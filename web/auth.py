"""Staff login and logout (Flask-Login over the signed session cookie).

Only staff have accounts; the public never logs in. The session cookie holds
Flask-Login's alternative id, "<user id>:<session generation>", checked against
the catalogue on every request: logout, a password change, deactivation and
`testimony users logout NAME` raise the account's generation, so every
session issued before them (a saved copy of the cookie too) is refused from
the next request on. No remember-me cookie is issued; one would carry the
same alternative id and be refused alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from archive.accounts import authenticate, end_member_sessions, session_member
from web import resources
from web.forms import LoginForm

blueprint = Blueprint("auth", __name__, url_prefix="/staff")
_ALTERNATIVE_ID = re.compile(r"(?P<user>[0-9]{1,18}):(?P<generation>[0-9]{1,18})")


@dataclass(frozen=True)
class StaffLogin(UserMixin):
    id: int
    name: str
    generation: int

    def get_id(self) -> str:
        return f"{self.id}:{self.generation}"


def init_app(app: Flask) -> None:
    manager = LoginManager()
    manager.login_view = "auth.login"
    manager.login_message = "Please log in to see staff pages."
    manager.session_protection = "strong"
    manager.user_loader(_load_user)
    manager.init_app(app)
    app.register_blueprint(blueprint)


def _load_user(alternative_id: str) -> StaffLogin | None:
    # A cookie from before session generations ("<id>" alone) is refused too;
    # the length bound keeps numbers within what the database's integers hold.
    found = _ALTERNATIVE_ID.fullmatch(alternative_id)
    if found is None:
        return None
    member = session_member(resources.db(), int(found["user"]), int(found["generation"]))
    return _staff_login(member) if member else None


def _staff_login(member) -> StaffLogin:
    return StaffLogin(member.id, member.name, member.session_generation)


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        member = authenticate(resources.db(), form.name.data.strip(), form.password.data)
        resources.db().commit()  # last login time, or a refreshed hash
        if member is not None:
            session.clear()  # nothing from before the login carries over
            login_user(_staff_login(member))
            return redirect(_safe_next(request.args.get("next")), code=303)
        form.password.errors.append("The name or the password is not right.")
    status = 400 if request.method == "POST" else 200
    return render_template("staff/login.html", form=form), status


@blueprint.post("/logout")
def logout():
    if current_user.is_authenticated:
        end_member_sessions(resources.db(), current_user.id)
        resources.db().commit()
    logout_user()
    session.clear()
    flash("You are logged out.")
    return redirect(url_for("home.index"), code=303)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (an open redirect)."""
    default = url_for("staff.dashboard")
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else default
