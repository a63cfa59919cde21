"""The command line's progress bar follows how far each stage has got."""

from __future__ import annotations

import os
import sys

from web.cli.commands import _Progress


def _terminal_output(monkeypatch, reports) -> str:
    # A real pseudo-terminal: the bar draws only when standard error is one.
    controller, terminal_fd = os.openpty()
    with open(terminal_fd, "w") as terminal:
        monkeypatch.setattr(sys, "stderr", terminal)
        with _Progress() as progress:
            for report in reports:
                progress(*report)
                terminal.flush()
    output = b""
    while chunk := _read_available(controller):
        output += chunk
    os.close(controller)
    return output.decode()


def _read_available(fd: int) -> bytes:
    os.set_blocking(fd, False)
    try:
        return os.read(fd, 65536)
    except (BlockingIOError, OSError):
        return b""


def test_the_bar_shows_the_reported_count_not_the_number_of_calls(monkeypatch):
    output = _terminal_output(monkeypatch, [("media files", 5, 10)])
    assert "media files" in output
    assert "50%" in output


def test_each_stage_has_its_own_bar(monkeypatch):
    reports = [("media files", 2, 2), ("testimonies", 3, 4)]
    output = _terminal_output(monkeypatch, reports)
    assert "testimonies" in output
    assert "75%" in output
