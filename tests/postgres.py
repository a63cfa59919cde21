"""A real PostgreSQL server for the tests, started and stopped by them.

With TESTIMONY_TEST_POSTGRES=1 the catalogue tests run against PostgreSQL:
`initdb` makes a cluster in a temporary folder, `pg_ctl` starts it on a free
port (a Unix socket in that folder too), each data folder the tests make
gets its own database, and the server is stopped at the end of the session.
PostgreSQL refuses to run as root: as root, the commands run as the
`postgres` user (the Debian package creates it).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.server import free_port

ENABLED = os.environ.get("TESTIMONY_TEST_POSTGRES") == "1"


def _binary(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found[-1]:
        raise RuntimeError(
            f"TESTIMONY_TEST_POSTGRES=1 but `{name}` was not found: install the Debian "
            "package postgresql (apt-get install postgresql)"
        )
    return found[-1]


class PostgresServer:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="testimony-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        self._as_postgres = os.geteuid() == 0

    def _run(self, *command: str) -> None:
        if self._as_postgres:
            command = ("runuser", "-u", "postgres", "--", *command)
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def start(self) -> PostgresServer:
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            _binary("initdb"),
            "-D", str(self.data),
            "-U", "testimony",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            _binary("pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.folder / "server.log"), "-w", "start",
        )  # fmt: skip
        return self

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://testimony@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new, empty database: its SQLAlchemy URL."""
        import psycopg

        name = f"t{next(self._names)}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=testimony dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


_server: PostgresServer | None = None
_databases: dict[Path, str] = {}


def database_url_for(folder: Path) -> str:
    """The database of a test data folder: "" (its SQLite file) unless
    TESTIMONY_TEST_POSTGRES=1, then a PostgreSQL database made for it."""
    global _server
    if not ENABLED:
        return ""
    key = Path(folder).resolve()
    if key not in _databases:
        if _server is None:
            _server = PostgresServer().start()
        _databases[key] = _server.new_database()
    return _databases[key]


def stop_server() -> None:
    global _server
    if _server is not None:
        _server.stop()
        _server = None
        _databases.clear()
