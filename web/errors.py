"""Error pages in the site's style; no stack trace ever reaches a user."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

from archive.errors import NotFound
from search.errors import IndexMissing, IndexOutOfDate


def init_app(app: Flask) -> None:
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(IndexMissing, _index_unavailable)
    app.register_error_handler(IndexOutOfDate, _index_unavailable)
    app.register_error_handler(Exception, _unexpected)


def _not_found(_error: NotFound):
    return render_template(
        "errors/error.html",
        code=404,
        title="Not found",
        message="There is nothing at this address.",
    ), 404


def _http_error(error: HTTPException):
    code = error.code or 500
    if code == 404:
        return _not_found(NotFound())
    return render_template(
        "errors/error.html", code=code, title=error.name, message=error.description
    ), code


def _index_unavailable(error: Exception):
    return render_template(
        "errors/error.html",
        code=503,
        title="Search is unavailable",
        message="The search index is being prepared. Please try again in a few minutes.",
    ), 503


def _unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    from flask import current_app

    current_app.logger.exception("unhandled error")
    return render_template(
        "errors/error.html",
        code=500,
        title=InternalServerError.name,
        message="Something went wrong on our side. It has been logged.",
    ), 500
