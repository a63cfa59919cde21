"""Rate limits (Flask-Limiter) on what is worth abusing: staff login (password
guessing) and talk requests (spam), POSTs only, and searches (/search and
/api/search: TESTIMONY_SEARCH_RATE_LIMIT, "off" for none). Counted per client
address, in memory by default; TESTIMONY_RATELIMIT_STORAGE_URI (e.g. redis://)
shares the counts between several web workers or machines. Past a limit the
answer is 429 with Retry-After."""

from __future__ import annotations

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from archive.settings import DEFAULT_SEARCH_RATE_LIMIT, NO_LIMIT

DEFAULTS = {
    "LOGIN_RATE_LIMIT": "10 per minute; 50 per hour",
    "TALK_REQUEST_RATE_LIMIT": "5 per hour; 20 per day",
    "SEARCH_RATE_LIMIT": DEFAULT_SEARCH_RATE_LIMIT,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
}
LIMITED = {"auth.login": "LOGIN_RATE_LIMIT", "talk_requests.form": "TALK_REQUEST_RATE_LIMIT"}
SEARCHES = ("search.results", "api.search")


def init_app(app: Flask) -> None:
    """After the blueprints are registered: each app has its own limiter and counts."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    limiter = Limiter(get_remote_address, app=app)
    for endpoint, key in LIMITED.items():
        view = app.view_functions[endpoint]
        limited = limiter.limit(lambda key=key: current_app.config[key], methods=["POST"])
        app.view_functions[endpoint] = limited(view)
    if app.config["SEARCH_RATE_LIMIT"] != NO_LIMIT:
        for endpoint in SEARCHES:
            view = app.view_functions[endpoint]
            limited = limiter.limit(lambda: current_app.config["SEARCH_RATE_LIMIT"])
            app.view_functions[endpoint] = limited(view)
