"""The application factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from archive.settings import Settings
from web import (
    auth,
    catalogue_cache,
    errors,
    limits,
    resources,
    security,
    template_helpers,
    url_numbers,
    warm_up,
)
from web.views import (
    api,
    home,
    oai,
    programmes,
    search,
    sitemap,
    speakers,
    staff,
    talk_requests,
    testimonies,
)


def create_app(
    settings: Settings | None = None, test_config: Mapping[str, Any] | None = None
) -> Flask:
    settings = settings or Settings.from_environ()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.resolved_secret_key(),
        SESSION_COOKIE_NAME="testimony_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        RATELIMIT_STORAGE_URI=settings.ratelimit_storage_uri,
        SEARCH_RATE_LIMIT=settings.search_rate_limit,
        SEARCH_TIME_BUDGET=settings.search_time_budget,
        MAX_CONTENT_LENGTH=1 * 1024 * 1024,
        JSON_SORT_KEYS=False,
    )
    if test_config:
        app.config.update(test_config)
    resources.init_app(app, settings)
    catalogue_cache.init_app(app)
    template_helpers.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    url_numbers.init_app(app)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(search.blueprint)
    app.register_blueprint(testimonies.blueprint)
    app.register_blueprint(speakers.blueprint)
    app.register_blueprint(programmes.blueprint)
    app.register_blueprint(talk_requests.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(staff.blueprint)
    app.register_blueprint(sitemap.blueprint)
    app.register_blueprint(oai.blueprint)
    auth.init_app(app)
    limits.init_app(app)
    CSRFProtect(app)
    if not app.testing:  # tests make hundreds of apps, most never searched
        warm_up.warm_up(app, settings)
    return app
