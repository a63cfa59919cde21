"""Security headers on every response: a Content-Security-Policy without
inline script, no MIME sniffing, no framing, a sober referrer policy, and no
storing by any cache of what is answered to a logged-in staff member."""

from __future__ import annotations

from flask import Flask, Response, request

from web import resources

# Whatever a view set (audio goes out `public, max-age=3600` to everyone else).
STAFF_CACHE_CONTROL = "private, no-store"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    app.after_request(_headers)


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    # A staff member's pages, audio, transcripts and API answers may carry
    # hidden material (a search page shows hidden hits): a shared cache must
    # not keep them for the next visitor, nor the browser's cache after logout.
    # Static files carry nothing hidden and keep their caching.
    if request.endpoint != "static" and _maybe_staff():
        response.headers["Cache-Control"] = STAFF_CACHE_CONTROL
        response.headers.pop("Expires", None)
    return response


def _maybe_staff() -> bool:
    try:
        return resources.asker().staff
    except Exception:
        # The catalogue is unreachable (an error page): who asks is unknown,
        # so the answer is treated as a staff member's.
        return True
