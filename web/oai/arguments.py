"""OAI-PMH requests: which arguments each verb takes and their syntax
(datestamps in either granularity), turned into badVerb and badArgument
errors; and resumption tokens, self-contained and signed with the app's
SECRET_KEY so that every web worker accepts every other's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.datastructures import MultiDict

from archive.testimonies.harvest import HarvestFilter

TOKEN = "resumptionToken"
# verb -> (required arguments, optional arguments, takes a resumption token)
VERBS: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "Identify": ((), (), False),
    "ListMetadataFormats": ((), ("identifier",), False),
    "ListSets": ((), (), True),
    "ListIdentifiers": (("metadataPrefix",), ("from", "until", "set"), True),
    "ListRecords": (("metadataPrefix",), ("from", "until", "set"), True),
    "GetRecord": (("identifier", "metadataPrefix"), (), False),
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_TOKEN_SALT = "oai-pmh resumption token"


class OaiError(Exception):
    """An OAI-PMH error condition: its code (e.g. badArgument) and a message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class OaiRequest:
    verb: str
    arguments: dict[str, str]  # every argument but the verb, as given
    start: datetime | None = None  # `from`, inclusive, UTC
    end: datetime | None = None  # `until`, inclusive, UTC

    def harvest_filter(self) -> HarvestFilter:
        return HarvestFilter(self.arguments.get("set"), self.start, self.end)


def parse_request(given: MultiDict) -> OaiRequest:
    """The request's verb and arguments, checked against the verb's rules."""
    verbs = given.getlist("verb")
    if len(verbs) != 1:
        raise OaiError("badVerb", "the verb argument is missing" if not verbs else "repeated verb")
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", f"{verb!r} is not an OAI-PMH verb")
    repeated = sorted(name for name in given if len(given.getlist(name)) > 1)
    if repeated:
        raise OaiError("badArgument", f"repeated argument: {', '.join(repeated)}")
    arguments = {name: given[name] for name in given if name != "verb"}
    _check_arguments(verb, arguments)
    start, end = _bounds(arguments.get("from"), arguments.get("until"))
    return OaiRequest(verb, arguments, start, end)


def _check_arguments(verb: str, arguments: dict[str, str]) -> None:
    required, optional, takes_token = VERBS[verb]
    allowed = {*required, *optional, *((TOKEN,) if takes_token else ())}
    unknown = sorted(set(arguments) - allowed)
    if unknown:
        raise OaiError("badArgument", f"{verb} does not take: {', '.join(unknown)}")
    empty = sorted(name for name, value in arguments.items() if not value.strip())
    if empty:
        raise OaiError("badArgument", f"empty argument: {', '.join(empty)}")
    if TOKEN in arguments:
        if len(arguments) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument")
        return
    missing = [name for name in required if name not in arguments]
    if missing:
        raise OaiError("badArgument", f"{verb} requires: {', '.join(missing)}")


def _bounds(start: str | None, end: str | None) -> tuple[datetime | None, datetime | None]:
    """`from` and `until` as inclusive UTC bounds; a day covers all its seconds."""
    first, last = _datestamp(start, "from"), _datestamp(end, "until")
    if first and last and first[1] != last[1]:
        raise OaiError("badArgument", "from and until must have the same granularity")
    lower = first[0] if first else None
    upper = None
    if last:
        upper = last[0] + timedelta(days=1, seconds=-1) if last[1] == "day" else last[0]
    if lower and upper and lower > upper:
        raise OaiError("badArgument", "from must not be later than until")
    return lower, upper


def _datestamp(text: str | None, name: str) -> tuple[datetime, str] | None:
    if text is None:
        return None
    try:
        if _DAY.fullmatch(text):
            return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC), "day"
        if _SECOND.fullmatch(text):
            return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), "second"
    except ValueError:
        pass
    raise OaiError(
        "badArgument", f"{name}={text!r}: expected YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC)"
    )


@dataclass(frozen=True)
class Resumption:
    """What a resumption token carries: the list asked for and where it got to."""

    verb: str
    metadata_prefix: str
    harvest: HarvestFilter
    after: tuple[datetime, str]


def make_token(secret_key: str, resumption: Resumption) -> str:
    harvest = resumption.harvest
    payload = {
        "verb": resumption.verb,
        "prefix": resumption.metadata_prefix,
        "set": harvest.set_spec,
        "from": _iso(harvest.start),
        "until": _iso(harvest.end),
        "after": [resumption.after[0].isoformat(), resumption.after[1]],
    }
    return URLSafeSerializer(secret_key, salt=_TOKEN_SALT).dumps(payload)


def read_token(secret_key: str, verb: str, token: str) -> Resumption:
    """The resumption a token of ours for this verb carries; badResumptionToken otherwise."""
    try:
        payload = URLSafeSerializer(secret_key, salt=_TOKEN_SALT).loads(token)
        if payload["verb"] != verb:
            raise ValueError(f"a {payload['verb']} token")
        harvest = HarvestFilter(
            payload["set"], _from_iso(payload["from"]), _from_iso(payload["until"])
        )
        stamp, accession = payload["after"]
        after = (datetime.fromisoformat(stamp), str(accession))
        return Resumption(verb, str(payload["prefix"]), harvest, after)
    except (BadSignature, KeyError, TypeError, ValueError) as error:
        raise OaiError("badResumptionToken", f"not a valid {verb} resumption token") from error


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _from_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
