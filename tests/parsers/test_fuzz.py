"""Fuzz every registered parser: whatever the bytes, it returns incidents or raises ParseError.

Inputs are random bytes and each kind's recorded fixtures mutated (bytes flipped, cut,
repeated, spliced with another fixture, hostile values dropped into JSON strings and numbers).
Whatever a parser returns, the ingestion edge must judge it without raising. Runs are
derandomised with a fixed budget so CI is stable and bounded; `FUZZ_EXAMPLES=20000` (with
`FUZZ_RANDOM=1` for fresh inputs each run) searches longer by hand. A finding is kept as a fixture
named `fuzz_<scenario>` beside the kind's others, which the contract tests then replay forever.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.ingest.edge import admit
from incidents.ingest.parsers import PARSERS, ParsedIncident, ParseError, get_parser

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
KINDS = sorted(PARSERS)
SEEDS = {
    kind: [path.read_bytes() for path in sorted((FIXTURES / kind).iterdir())] for kind in KINDS
}
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    # A slow example on a loaded CI machine is not a finding: no per-example deadline.
    deadline=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Values that broke parsers or storage before: each is tried inside real payloads.
HOSTILE = [
    b"\\u0000", b"\\ud800", b"\\u000b", b"\x00", b"\xff\xfe", b"9999-12-31T23:59:59Z",
    b"0001-01-01T00:00:00+01:00", b"1e400", b"-1", b"99999999999999999", b"NaN", b"null",
    b"[]", b"{}", b'""', b"true", b"77:40 PM", b"Dec 31 9999", b"Feb 30", b"&#0;", b"]]>",
    b"<![CDATA[", b"</var>", b"PST", b"+14:00",
]  # fmt: skip


def check(kind: str, payload: bytes) -> None:
    """Parse `payload`; only ParseError may escape, and the edge must take any result."""
    try:
        incidents = get_parser(kind).parse(payload)
    except ParseError:
        return
    assert isinstance(incidents, list)
    assert all(isinstance(incident, ParsedIncident) for incident in incidents)
    for incident in incidents:
        times = [incident.started_at, *(update.posted_at for update in incident.updates)]
        assert all(time.tzinfo is not None for time in times)
    admit(incidents, NOW)


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> bytes:
    """A recorded fixture of `kind`, changed a few times over."""
    data = bytearray(draw(st.sampled_from(SEEDS[kind])))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "splice", "hostile"]))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 256))] * draw(st.integers(2, 8))
        elif action == "splice":
            other = draw(st.sampled_from([seed for seeds in SEEDS.values() for seed in seeds]))
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start : start + draw(st.integers(1, 512))]
        elif action == "hostile":
            data[at : at + draw(st.integers(0, 8))] = draw(st.sampled_from(HOSTILE))
    return bytes(data)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_it_raises_only_parse_error_on_mutated_fixtures(kind, data):
    check(kind, data.draw(mutated(kind)))


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(payload=st.binary(max_size=2048))
def test_it_raises_only_parse_error_on_random_bytes(kind, payload):
    check(kind, payload)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(text=st.text(max_size=512))
def test_it_raises_only_parse_error_on_random_text_in_any_encoding(kind, text):
    for encoding in ("utf-8", "utf-16", "utf-16-be"):
        check(kind, text.encode(encoding, "surrogatepass"))


def test_every_kind_has_fixtures_to_mutate():
    assert all(SEEDS[kind] for kind in KINDS)
