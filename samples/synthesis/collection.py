"""The demo collection on disk: its folder and manifest, paths inside it, timecodes, tools."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from archive.timecodes import timecode

HERE = Path(__file__).resolve().parent.parent  # samples/
MANIFEST = HERE / "manifest.yaml"
RATE = 22050  # espeak-ng's native sample rate; parts are built at it


class BuildError(Exception):
    """An expected failure, reported as one clear line without a traceback."""


def timecode_with_tenths(seconds):
    """Seconds as hh:mm:ss (with tenths when not whole)."""
    whole = int(seconds)
    text = timecode(whole)
    tenths = round((seconds - whole) * 10)
    return f"{text}.{tenths}" if tenths else text


def chapter_start_seconds(value, where):
    """A chapter start from YAML ("00:01:05", or 65 if YAML read it as base 60)."""
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"(\d{1,2}):([0-5]\d):([0-5]\d)", str(value).strip())
    if not m:
        raise BuildError(f"{where}: {value!r} is not a hh:mm:ss timecode")
    return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])


def shown(path):
    return path.relative_to(HERE)


def run(cmd):
    """Run a tool; raise BuildError with its message if it fails."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise BuildError(f"{cmd[0]} failed ({proc.returncode}): " + " | ".join(detail))
    return proc.stdout


def inside(rel_path, what):
    """Resolve a manifest path, refusing paths that leave the collection folder."""
    path = (HERE / str(rel_path)).resolve()
    if HERE not in path.parents:
        raise BuildError(f"{what}: path {rel_path!r} leaves the collection folder")
    return path


def as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def same_time(a, b):
    return abs(a - b) < 1e-6


def load_manifest():
    try:
        data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{MANIFEST} not found") from None
    except yaml.YAMLError as exc:
        raise BuildError(f"manifest.yaml does not parse: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("testimonies"), list):
        raise BuildError("manifest.yaml has no 'testimonies' list")
    return data
