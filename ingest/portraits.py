"""Speaker portraits named in a manifest: an image file inside the collection,
of a kind every browser shows (JPEG, PNG, WebP) and not too big, else a problem."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import SourceError
from ingest.limits import SizeLimits
from ingest.paths import resolve_in_folder

# Suffix -> how the file starts, so a renamed file of another kind is refused.
IMAGE_SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".webp": (b"RIFF",),
}


def locate_portrait(
    folder: Path, relative: str, limits: SizeLimits, *, manifest: str, field: str
) -> Path:
    """The portrait's path inside the collection; SourceError saying why it cannot be used."""
    path = resolve_in_folder(folder, relative, manifest=manifest, field=field)
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SIGNATURES:
        raise SourceError(
            f"{relative!r} is not a JPEG, PNG or WebP image; expected a .jpg, .png or .webp file",
            file=manifest,
            field=field,
        )
    try:
        if not path.is_file():
            raise SourceError(f"{relative!r} is referenced but missing", file=manifest, field=field)
        too_big = limits.problem(path, "portrait")
        if too_big:
            raise SourceError(too_big, file=relative)
        with path.open("rb") as handle:
            start = handle.read(12)
    except OSError as error:  # a name too long for the file system, permissions
        raise SourceError(
            f"{relative!r} cannot be used: {error.strerror}", file=manifest, field=field
        ) from None
    if not _looks_like(start, suffix):
        raise SourceError(
            f"{relative!r} does not hold a {suffix.lstrip('.').upper()} image "
            "(its first bytes say otherwise); expected the image its name says",
            file=manifest,
            field=field,
        )
    return path


def _looks_like(start: bytes, suffix: str) -> bool:
    if suffix == ".webp":
        return start[:4] == b"RIFF" and start[8:12] == b"WEBP"
    return any(start.startswith(signature) for signature in IMAGE_SIGNATURES[suffix])
