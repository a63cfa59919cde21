"""Settings read once from environment variables into one immutable object.

Nothing reads the environment at import time: callers build a `Settings` with
`Settings.from_environ()` at start-up (the CLI, `create_app`) and pass it on.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from archive.errors import SettingsError

DEFAULT_DATA_DIR = "./instance"


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
    """

    data_dir: Path
    database_url: str
    secret_key: str | None = None
    secure_cookies: bool = True
    ratelimit_storage_uri: str = "memory://"
    oai_page_size: int = 50

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
        )

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
