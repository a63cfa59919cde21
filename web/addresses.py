"""Absolute addresses the site gives out (permalinks, citations, API links,
sitemap, OAI-PMH): built on TESTIMONY_BASE_URL when it is set, so that they
never depend on the Host header a request arrived with; on the request's own
address otherwise, which is right for a local demo. And never the server's
own file paths."""

from __future__ import annotations

import ipaddress
import re
from pathlib import PurePath
from urllib.parse import urlsplit

from flask import request, url_for

from archive.settings import Settings
from web import resources

# An absolute file path of two or more parts (/srv/voices/a.mp3, C:\data\a.mp3),
# not part of a URL (://host/x) or of a word (and/or, 1948/1951).
_SERVER_PATH = re.compile(r"(?<![\w.:/\\])(?:/|[A-Za-z]:\\)(?:[^\s'\"/\\:]+[/\\])+([^\s'\"/\\]+)")


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of a page, as url_for(endpoint, **values) names it."""
    base = resources.settings().base_url
    if base is None:
        return url_for(endpoint, _external=True, **values)
    # url_for's path starts with the script root the app is mounted at; the
    # base URL already holds the public equivalent of that prefix.
    return base + url_for(endpoint, **values)[len(request.script_root) :]


def site_root() -> str:
    """The site's address without a trailing slash (the API's server)."""
    return external_url("home.index").rstrip("/")


def host_name() -> str:
    """The host name of the site's address (no port): the base URL's when set."""
    base = resources.settings().base_url
    return urlsplit(base or f"//{request.host}").hostname or "localhost"


def base_url_warning(settings: Settings, host: str) -> str | None:
    """What `testimony serve` says when the site is reachable from elsewhere
    but TESTIMONY_BASE_URL is unset (None on a loopback address, or when set)."""
    if settings.base_url is not None or _loopback(host):
        return None
    return (
        f"Warning: serving on {host} without TESTIMONY_BASE_URL: permalinks, citations, "
        "the sitemap, the API's links and OAI-PMH identifiers will use whatever host name "
        "each request names. Set TESTIMONY_BASE_URL to the site's public address, "
        "e.g. https://archive.example.org"
    )


def _loopback(host: str) -> bool:
    if host.strip("[]").lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: other machines may reach it
        return False


def without_server_paths(text: str | None, *known: str) -> str | None:
    """`text` (a message from the catalogue, e.g. why a recording cannot be
    read) with each absolute file path cut to its file name: where files lie
    on the server is nobody's business. `known` paths are cut first, so that
    one holding spaces goes too."""
    if text is None:
        return None
    for path in known:
        if path and PurePath(path).is_absolute():
            text = text.replace(path, PurePath(path).name)
    return _SERVER_PATH.sub(r"\1", text)
