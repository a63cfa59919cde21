"""SQLAlchemy 2.0 typed models of the catalogue, one module per area."""

from archive.models.base import Base
from archive.models.catalogue import (
    Chapter,
    Collection,
    Recording,
    Segment,
    Testimony,
    testimony_countries,
    testimony_speakers,
    testimony_themes,
)
from archive.models.deletions import Deletion
from archive.models.people import Speaker, speaker_origin_countries, speaker_themes
from archive.models.programmes import Programme, Talk, TalkRequest
from archive.models.runs import IngestRun
from archive.models.staff import StaffUser
from archive.models.vocabulary import Country, Theme

__all__ = [
    "Base",
    "Chapter",
    "Collection",
    "Country",
    "Deletion",
    "IngestRun",
    "Programme",
    "Recording",
    "Segment",
    "Speaker",
    "StaffUser",
    "Talk",
    "TalkRequest",
    "Testimony",
    "Theme",
    "speaker_origin_countries",
    "speaker_themes",
    "testimony_countries",
    "testimony_speakers",
    "testimony_themes",
]
