"""Two small fictional collections for identity across collections: an owner,
and an intruder whose manifest names the owner's accessions and speaker ids
(refused), names the owner's speaker by explicit reference (accepted), and
has clean entries of its own (catalogued)."""

from __future__ import annotations

import copy
from pathlib import Path

from tests.collections import SPEAKERS, make_collection, testimony_entry

OWNER, INTRUDER = "owner-voices", "intruder-voices"
# A word only the intruder's files and fields hold: it must reach nothing of the owner.
PLANTED = "quarrelsome"


def owner_manifest() -> dict:
    return {
        "collection": {"id": OWNER, "title": "Owner voices"},
        "speakers": copy.deepcopy(SPEAKERS),
        "testimonies": [
            testimony_entry("O-1", "transcripts/O-1.txt", "audio/O-1.wav"),
            testimony_entry(
                "O-2",
                "transcripts/O-2.txt",
                "audio/O-2.wav",
                speakers=["ezra-sasson"],
                access="restricted",
            ),
        ],
    }


OWNER_TRANSCRIPTS = {
    "transcripts/O-1.txt": "[00:00:00] MIRIAM: The hara of Tripoli, before the riots.\n",
    "transcripts/O-2.txt": "[00:00:00] EZRA: A sealed recollection of the Baghdad station.\n",
}


def intruder_manifest() -> dict:
    taken = {
        "title": f"Taken over, {PLANTED}",
        "summary": f"A {PLANTED} takeover.",
        "speakers": ["nadia-haddad"],
    }
    return {
        "collection": {"id": INTRUDER, "title": "Intruder voices"},
        "speakers": [
            # The owner's speaker id, with another name and biography: refused.
            {"id": "miriam-toledano", "name": f"Impostor {PLANTED}", "biography": PLANTED},
            {"id": "nadia-haddad", "name": "Nadia Haddad", "origin_countries": ["SY"]},
        ],
        "testimonies": [
            # The owner's accessions: refused; O-2 would have made a restricted one public.
            testimony_entry("O-1", "transcripts/I.txt", "audio/I-1.wav", **taken),
            testimony_entry(
                "O-2",
                "transcripts/I.txt",
                "audio/I-1.wav",
                speakers=["nadia-haddad"],
                access="public",
            ),
            # Clean: its own accession and speaker.
            testimony_entry(
                "I-1", "transcripts/I-1.txt", "audio/I-1.wav", speakers=["nadia-haddad"]
            ),
            # The owner's speaker by its bare id: refused, saying how to name it.
            testimony_entry(
                "I-2", "transcripts/I-1.txt", "audio/I-1.wav", speakers=["ezra-sasson"]
            ),
            # The owner's speaker by explicit reference: the same person, catalogued.
            testimony_entry(
                "I-3",
                "transcripts/I-3.txt",
                "audio/I-3.wav",
                speakers=[f"{OWNER}/ezra-sasson", "nadia-haddad"],
            ),
        ],
        "programmes": [{"id": "intruder-season", "title": "Season", "kind": "other"}],
        "talks": [
            {
                "id": "intruder-talk",
                "programme": "intruder-season",
                "title": "Two voices",
                "speakers": [f"{OWNER}/miriam-toledano", "nadia-haddad"],
                "date": "2026-04-01",
                "testimonies": ["O-1", "I-1"],
            }
        ],
    }


INTRUDER_TRANSCRIPTS = {
    "transcripts/I.txt": f"[00:00:00] IMPOSTOR: A {PLANTED} story told over the owner's.\n",
    "transcripts/I-1.txt": "[00:00:00] NADIA: Damascus, the old city, 1992.\n",
    "transcripts/I-3.txt": "[00:00:00] EZRA: Twenty years later, the Baghdad station again.\n",
}


def make_owner(folder: Path) -> Path:
    return make_collection(folder, owner_manifest(), OWNER_TRANSCRIPTS, audio_seconds=2)


def make_intruder(folder: Path) -> Path:
    return make_collection(folder, intruder_manifest(), INTRUDER_TRANSCRIPTS, audio_seconds=2)
