"""Engines, sessions and schema migrations for the catalogue database.

SQLite by default (one file in the data directory, WAL so that readers keep
working while an ingest writes), any SQLAlchemy URL otherwise. The schema is
owned by Alembic: `upgrade_database` creates or upgrades it to the newest
revision.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from archive.errors import ArchiveError
from archive.settings import Settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class DatabaseError(ArchiveError):
    """The catalogue database cannot be reached or is not at the expected schema."""


def make_engine(settings: Settings) -> Engine:
    url = settings.database_url
    if url.startswith("sqlite"):
        settings.ensure_data_dir()
        return sqlite_engine(url)
    parsed = make_url(url)
    if parsed.drivername == "postgresql":  # psycopg 3, the driver we install, not psycopg2
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


def sqlite_engine(url: str | URL) -> Engine:
    """An engine on a SQLite file with the catalogue's connection settings."""
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as error:
        raise DatabaseError(f"cannot open the catalogue database: {error}") from error


def upgrade_database(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Create or upgrade the schema to the newest revision (or the one given, for
    tests of a migration); return (before, after)."""
    before = current_revision(engine)
    try:
        command.upgrade(_alembic_config(engine), revision)
    except SQLAlchemyError as error:
        raise DatabaseError(f"cannot migrate the catalogue database: {error}") from error
    return before, current_revision(engine)


def require_current_schema(engine: Engine) -> None:
    """Fail clearly when the database was never initialised or is out of date."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        state = "not initialised" if current is None else f"at revision {current}"
        raise DatabaseError(
            f"the catalogue database is {state}, expected {head}: run `testimony init`"
        )
