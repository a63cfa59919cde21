"""Staff login and logout (Flask-Login over the signed session cookie).

Only staff have accounts; the public never logs in. A staff member's session
is checked against the catalogue on every request, so deactivating an account
(`testimony users deactivate NAME`) ends its sessions at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from archive.accounts import authenticate, get_active_user
from web import resources
from web.forms import LoginForm

blueprint = Blueprint("auth", __name__, url_prefix="/staff")


@dataclass(frozen=True)
class StaffLogin(UserMixin):
    id: int
    name: str

    def get_id(self) -> str:
        return str(self.id)


def init_app(app: Flask) -> None:
    manager = LoginManager()
    manager.login_view = "auth.login"
    manager.login_message = "Please log in to see staff pages."
    manager.session_protection = "strong"
    manager.user_loader(_load_user)
    manager.init_app(app)
    app.register_blueprint(blueprint)


def _load_user(user_id: str) -> StaffLogin | None:
    if not user_id.isdigit():
        return None
    member = get_active_user(resources.db(), int(user_id))
    return StaffLogin(member.id, member.name) if member else None


def staff_name() -> str | None:
    return current_user.name if current_user.is_authenticated else None


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        member = authenticate(resources.db(), form.name.data.strip(), form.password.data)
        resources.db().commit()  # last login time, or a refreshed hash
        if member is not None:
            session.clear()  # nothing from before the login carries over
            login_user(StaffLogin(member.id, member.name))
            return redirect(_safe_next(request.args.get("next")), code=303)
        form.password.errors.append("The name or the password is not right.")
    status = 400 if request.method == "POST" else 200
    return render_template("staff/login.html", form=form), status


@blueprint.post("/logout")
def logout():
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
