"""Several worker processes with gunicorn (`testimony serve --workers N`).

Each worker builds its own app from the same Settings after the fork (no
database connection or index searcher is shared between processes); every
worker reads the index's last committed generation, so searches go on while
an ingest in another process writes. Secret key, sessions and OAI-PMH
resumption tokens work across workers because they are signed with the one
secret key. Rate-limit counts are per worker unless
TESTIMONY_RATELIMIT_STORAGE_URI points at a shared store.
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from archive.settings import Settings


class TestimonyServer(BaseApplication):
    def __init__(self, settings: Settings, options: dict[str, object]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from web.app import create_app

        return create_app(self.settings)


def serve_with_workers(
    settings: Settings, host: str, port: int, workers: int, threads: int
) -> None:
    TestimonyServer(
        settings,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 60,
            "graceful_timeout": 10,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": "testimony",
        },
    ).run()
