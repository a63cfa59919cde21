"""Settings read once from environment variables into one immutable object.

Nothing reads the environment at import time: callers build a `Settings` with
`Settings.from_environ()` at start-up (the CLI, `create_app`) and pass it on.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from archive.errors import SettingsError

DEFAULT_DATA_DIR = "./instance"
DEFAULT_OAI_REPOSITORY_NAME = "Testimony oral-history archive"
# Per client address on /search and /api/search: more than a person browsing
# does (a search, a facet or a page every few seconds), far fewer than a flood.
DEFAULT_SEARCH_RATE_LIMIT = "60 per minute; 1000 per hour"
NO_LIMIT = "off"
# `testimony demo` (unless the variable is set): a crawler's 600 pages a minute pass.
DEMO_SEARCH_RATE_LIMIT = "1200 per minute"
DEFAULT_SEARCH_TIME_BUDGET = 1.0  # seconds of CPU time for one search
RATE = re.compile(
    r"\d+\s*(?:per|/)\s*(?:\d+\s*)?(?:second|minute|hour|day|month|year)s?", re.IGNORECASE
)


@dataclass(frozen=True)
class Settings:
    """Where the archive keeps its data, and the secrets it needs.

    data_dir: holds archive.sqlite, the Whoosh index and anything else the
        archive writes.
    database_url: any SQLAlchemy URL; defaults to the SQLite file in data_dir.
    secret_key: signs session cookies; when not given, one is generated once
        and kept in data_dir so every worker and restart shares it.
    secure_cookies: the staff session cookie is sent over HTTPS only (browsers
        also send it to http://localhost); TESTIMONY_SECURE_COOKIES=0 turns
        that off for a site served over plain HTTP on another address.
    ratelimit_storage_uri: where rate-limit counts are kept (Flask-Limiter's
        storage URI); memory:// counts per process, redis://host shares them.
    oai_page_size: records or identifiers per OAI-PMH response before a
        resumption token (TESTIMONY_OAI_PAGE_SIZE).
    base_url: the site's public address (TESTIMONY_BASE_URL, e.g.
        https://archive.example.org or https://example.org/voices), without a
        trailing slash; every absolute URL the site gives out starts with it.
        None: taken from each request's Host header (a local demo).
    oai_repository_name, oai_repository_id, oai_admin_email: OAI-PMH's
        Identify (TESTIMONY_OAI_REPOSITORY_NAME, _ID, _ADMIN_EMAIL); the id
        is the middle of every record identifier, oai:<id>:<accession>. None:
        the base URL's host name, and webmaster@<id>.
    search_rate_limit: searches per client address on /search and
        /api/search (TESTIMONY_SEARCH_RATE_LIMIT, Flask-Limiter's notation,
        e.g. "60 per minute; 1000 per hour"); "off" for none (tests, benches).
    search_time_budget: seconds of CPU time one search may spend finding
        testimonies before it stops with what it has found, saying so
        (TESTIMONY_SEARCH_TIME_BUDGET).
    """

    data_dir: Path
    database_url: str
    secret_key: str | None = None
    secure_cookies: bool = True
    ratelimit_storage_uri: str = "memory://"
    oai_page_size: int = 50
    base_url: str | None = None
    oai_repository_name: str = DEFAULT_OAI_REPOSITORY_NAME
    oai_repository_id: str | None = None
    oai_admin_email: str | None = None
    search_rate_limit: str = DEFAULT_SEARCH_RATE_LIMIT
    search_time_budget: float = DEFAULT_SEARCH_TIME_BUDGET

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        raw_dir = env.get("TESTIMONY_DATA_DIR", "").strip() or DEFAULT_DATA_DIR
        data_dir = Path(raw_dir).expanduser().resolve()
        if data_dir.exists() and not data_dir.is_dir():
            raise SettingsError(
                f"TESTIMONY_DATA_DIR={raw_dir!r} is a file; expected a directory "
                "(it will be created if it does not exist)"
            )
        url = env.get("TESTIMONY_DATABASE_URL", "").strip()
        if not url:
            url = f"sqlite:///{data_dir / 'archive.sqlite'}"
        elif "://" not in url:
            raise SettingsError(
                f"TESTIMONY_DATABASE_URL={url!r} is not a database URL; expected "
                "e.g. sqlite:////path/archive.sqlite or postgresql://user@host/db"
            )
        key = env.get("TESTIMONY_SECRET_KEY", "").strip() or None
        secure = env.get("TESTIMONY_SECURE_COOKIES", "1").strip().lower()
        if secure not in ("1", "0", "true", "false", "yes", "no"):
            raise SettingsError(
                f"TESTIMONY_SECURE_COOKIES={secure!r}: expected 1 or 0 (true or false)"
            )
        page_size = env.get("TESTIMONY_OAI_PAGE_SIZE", "").strip() or "50"
        if not (page_size.isascii() and page_size.isdigit()) or not 1 <= int(page_size) <= 1000:
            raise SettingsError(
                f"TESTIMONY_OAI_PAGE_SIZE={page_size!r}: expected a whole number from 1 to 1000"
            )
        return cls(
            data_dir=data_dir,
            database_url=url,
            secret_key=key,
            secure_cookies=secure in ("1", "true", "yes"),
            ratelimit_storage_uri=env.get("TESTIMONY_RATELIMIT_STORAGE_URI", "").strip()
            or "memory://",
            oai_page_size=int(page_size),
            base_url=_base_url(env.get("TESTIMONY_BASE_URL", "").strip()),
            oai_repository_name=env.get("TESTIMONY_OAI_REPOSITORY_NAME", "").strip()
            or DEFAULT_OAI_REPOSITORY_NAME,
            oai_repository_id=_repository_id(env.get("TESTIMONY_OAI_REPOSITORY_ID", "").strip()),
            oai_admin_email=_admin_email(env.get("TESTIMONY_OAI_ADMIN_EMAIL", "").strip()),
            search_rate_limit=_rate_limit(env.get("TESTIMONY_SEARCH_RATE_LIMIT", "").strip()),
            search_time_budget=_time_budget(env.get("TESTIMONY_SEARCH_TIME_BUDGET", "").strip()),
        )

    def for_demo(self, environ: Mapping[str, str] | None = None) -> Settings:
        """These settings for `testimony demo`: a local demo is browsed by one
        person and walked by crawlers and tests, so searches are limited to
        DEMO_SEARCH_RATE_LIMIT unless TESTIMONY_SEARCH_RATE_LIMIT is set."""
        env = os.environ if environ is None else environ
        if env.get("TESTIMONY_SEARCH_RATE_LIMIT", "").strip():
            return self
        return replace(self, search_rate_limit=DEMO_SEARCH_RATE_LIMIT)

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    def ensure_data_dir(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir

    def resolved_secret_key(self) -> str:
        """The configured key, or the one kept in data_dir (made on first use)."""
        if self.secret_key:
            return self.secret_key
        key_file = self.ensure_data_dir() / "secret_key"
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker made it first; read theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
        return key_file.read_text().strip()


def _base_url(text: str) -> str | None:
    if not text:
        return None
    try:
        parts = urlsplit(text)
        usable = parts.scheme in ("http", "https") and parts.hostname and parts.port != 0
    except ValueError:  # e.g. an unclosed [ or a port that is not a number
        usable = False
    if not usable or parts.query or parts.fragment:
        raise SettingsError(
            f"TESTIMONY_BASE_URL={text!r}: expected the site's public address, "
            "e.g. https://archive.example.org or https://example.org/voices "
            "(http or https, no query or fragment)"
        )
    return text.rstrip("/")


def _repository_id(text: str) -> str | None:
    """OAI-PMH's repositoryIdentifier: one word, as in oai:<id>:<accession>."""
    if any(c.isspace() or c == ":" for c in text):
        raise SettingsError(
            f"TESTIMONY_OAI_REPOSITORY_ID={text!r}: expected a domain name without spaces "
            "or colons, e.g. archive.example.org"
        )
    return text or None


def _admin_email(text: str) -> str | None:
    local, at, domain = text.partition("@")
    if text and not (local and at and "." in domain and not any(c.isspace() for c in text)):
        raise SettingsError(
            f"TESTIMONY_OAI_ADMIN_EMAIL={text!r}: expected an e-mail address, "
            "e.g. archive@example.org"
        )
    return text or None


def _rate_limit(text: str) -> str:
    if not text:
        return DEFAULT_SEARCH_RATE_LIMIT
    if text.lower() in (NO_LIMIT, "0", "none"):
        return NO_LIMIT
    if not all(RATE.fullmatch(part.strip()) for part in re.split(r"[;,]", text)):
        raise SettingsError(
            f"TESTIMONY_SEARCH_RATE_LIMIT={text!r}: expected limits such as "
            f"{DEFAULT_SEARCH_RATE_LIMIT!r} (a number per second, minute, hour or day, "
            "separated by ;), or off"
        )
    return text


def _time_budget(text: str) -> float:
    if not text:
        return DEFAULT_SEARCH_TIME_BUDGET
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 60:
        raise SettingsError(
            f"TESTIMONY_SEARCH_TIME_BUDGET={text!r}: expected seconds from 0 to 60, e.g. 1 or 0.5"
        )
    return seconds
