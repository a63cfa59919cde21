"""Error pages in the site's style (JSON under /api/); no stack trace ever
reaches a user."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from archive.errors import NotFound
from search.errors import IndexMissing, IndexOutOfDate

NOT_FOUND = "There is nothing at this address."


def init_app(app: Flask) -> None:
    app.register_error_handler(NotFound, lambda _error: _error_page(404, "Not found", NOT_FOUND))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(IndexMissing, _index_unavailable)
    app.register_error_handler(IndexOutOfDate, _index_unavailable)
    app.register_error_handler(Exception, _unexpected)


def _error_page(code: int, title: str, message: str):
    if request.path.startswith("/api/"):
        return jsonify({"error": title, "message": message, "status": code}), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def _http_error(error: HTTPException):
    code = error.code or 500
    if code == 404:
        return _error_page(404, "Not found", NOT_FOUND)
    return _error_page(code, error.name, error.description or "")


def _index_unavailable(_error: Exception):
    return _error_page(
        503,
        "Search is unavailable",
        "The search index is being prepared. Please try again in a few minutes.",
    )


def _unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    current_app.logger.exception("unhandled error")
    return _error_page(
        500, InternalServerError().name, "Something went wrong on our side. It has been logged."
    )
