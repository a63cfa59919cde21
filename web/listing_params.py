"""Reading the talks list's and the speaker finder's filters from a query
string, for their pages and the API alike (search's are in search_params)."""

from __future__ import annotations

from archive.programmes.queries import TalkFilters
from archive.speakers.queries import SpeakerFilters


def talk_filters(args) -> TalkFilters:
    when = args.get("when", "upcoming")
    return TalkFilters(
        when=when if when in ("upcoming", "past", "all") else "upcoming",
        programme=args.get("programme") or None,
        speaker=args.get("speaker") or None,
        format=args.get("format") if args.get("format") in ("in_person", "virtual") else None,
    )


def speaker_filters(args) -> SpeakerFilters:
    def years(name: str) -> int | None:
        value = args.get(name, "")
        return int(value) if value.isdigit() and len(value) == 4 else None

    return SpeakerFilters(
        countries=tuple(v.upper() for v in args.getlist("country") if v),
        destinations=tuple(v.upper() for v in args.getlist("went_to") if v),
        themes=tuple(v for v in args.getlist("theme") if v),
        languages=tuple(v for v in args.getlist("language") if v),
        formats=tuple(v for v in args.getlist("format") if v in ("in_person", "virtual")),
        year_from=years("from"),
        year_to=years("to"),
        available_only=args.get("available") == "1",
    )
