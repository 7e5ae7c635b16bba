"""What every parser promises, checked on every recorded fixture of every kind.

A fixture's name says what it must give, by the words of its stem (split on "_"):
- first word `hostile` or `malformed`, or the word `error`: refused with ParseError;
- the word `empty`, `quiet` or `ok`: parsed to no incidents;
- anything else: parsed to at least one incident.
"""

import contextlib
import datetime as dt
from pathlib import Path

import pytest

from incidents.ingest.parsers import PARSERS, ParseError, get_parser

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = [
    (kind, path.name) for kind in sorted(PARSERS) for path in sorted((FIXTURES / kind).iterdir())
]


def test_every_kind_has_recorded_fixtures():
    assert {kind for kind, _ in CASES} == set(PARSERS)


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_it_raises_only_parse_error_however_a_fixture_is_cut(kind, name):
    payload = (FIXTURES / kind / name).read_bytes()
    for end in range(0, len(payload), max(1, len(payload) // 60)):
        with contextlib.suppress(ParseError):
            get_parser(kind).parse(payload[:end])


def expected(name: str) -> str:
    words = Path(name).stem.split("_")
    if words[0] in {"hostile", "malformed"} or "error" in words:
        return "refused"
    return "none" if {"empty", "quiet", "ok"} & set(words) else "some"


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_each_fixture_gives_what_its_name_promises(kind, name):
    payload = (FIXTURES / kind / name).read_bytes()
    if expected(name) == "refused":
        with pytest.raises(ParseError):
            get_parser(kind).parse(payload)
        return
    incidents = get_parser(kind).parse(payload)
    assert (len(incidents) > 0) == (expected(name) == "some"), f"{len(incidents)} incidents"
    for incident in incidents:
        assert incident.external_id and incident.title
        times = [incident.started_at, incident.ended_at]
        times += [update.posted_at for update in incident.updates]
        assert all(time is None or time.tzinfo is dt.UTC for time in times)
        posted = [update.posted_at for update in incident.updates]
        assert posted == sorted(posted)
