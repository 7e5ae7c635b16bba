"""What every parser promises, checked on every recorded fixture of every kind."""

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


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_it_gives_aware_utc_times_and_updates_oldest_first(kind, name):
    payload = (FIXTURES / kind / name).read_bytes()
    if "hostile" in name or "error" in name:
        # Refused payloads: each kind's own tests check the message.
        with pytest.raises(ParseError):
            get_parser(kind).parse(payload)
        return
    for incident in get_parser(kind).parse(payload):
        times = [incident.started_at, incident.ended_at]
        times += [update.posted_at for update in incident.updates]
        assert all(time is None or time.tzinfo is dt.UTC for time in times)
        posted = [update.posted_at for update in incident.updates]
        assert posted == sorted(posted)
