"""Start `testimony serve` (waitress) in a real subprocess for a test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(
    data_dir: Path,
    command: tuple[str, ...] = ("serve",),
    timeout: float = 20.0,
    environment: dict[str, str] | None = None,
):
    """Yields the base URL of `testimony COMMAND --port N` on a free port; stops it afterwards.
    environment: more variables for the server (e.g. a rate limit raised for a crawl)."""
    port = free_port()
    from tests.postgres import database_url_for

    environment = {
        **os.environ,
        "TESTIMONY_DATA_DIR": str(data_dir),
        "TESTIMONY_DATABASE_URL": database_url_for(data_dir),
        # tests search more often than a visitor; test_search_bounds tests the limit
        "TESTIMONY_SEARCH_RATE_LIMIT": "off",
        **(environment or {}),
    }
    # The server's output goes to a file, not a pipe nobody reads (a full
    # pipe would stop the server); a failing test prints its end.
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "web", *command, "--port", str(port)],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process, output, timeout)
            yield base
        except BaseException:
            print(f"--- the server's output (end) ---\n{_tail(output)}", file=sys.stderr)
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _tail(output, size: int = 20_000) -> str:
    output.seek(0, os.SEEK_END)
    output.seek(max(0, output.tell() - size))
    return output.read().decode(errors="replace")


def _wait_until_up(base: str, process: subprocess.Popen, output, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{_tail(output)}")
        try:
            with urllib.request.urlopen(base + "/", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {base} did not answer within {timeout}s")
