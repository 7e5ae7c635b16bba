"""AWS Health Dashboard per-service RSS (`status.aws.amazon.com/rss/<service>-<region>.rss`).

One <item> per post, not per event: the guid is `#<service>-<region>_<epoch of the post>`,
so posts are grouped into events by that service key plus their titles and timing.
Dates are RFC 822 with PST/PDT zone names.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import child_text, parse_feed_xml, parse_rfc822, rss_items

PACIFIC = "America/Los_Angeles"
WHAT = "AWS status RSS"
# Posts of one event are minutes to hours apart; a quiet day means a new event.
EVENT_WINDOW = dt.timedelta(hours=24)
PREFIX_IMPACTS = {
    "service disruption": "major",
    "service impact": "major",
    "performance issues": "minor",
    "informational message": "minor",
}
RESOLVING_PREFIXES = ("service is operating normally", "resolved")
KNOWN_PREFIXES = {*PREFIX_IMPACTS, *RESOLVING_PREFIXES}
_GUID = re.compile(r"#(?P<key>[\w.-]+?)_(?P<epoch>\d+)$")
_PREFIX = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z ]+?):\s*(?P<rest>.*)$", re.DOTALL)
_RESOLVED = re.compile(r"\[RESOLVED\]\s*", re.IGNORECASE)
_REGION = re.compile(r"-(?P<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)$")


@dataclass(frozen=True)
class Post:
    key: str  # service-region, e.g. ec2-us-east-1
    guid: str  # key_epoch, scheme-free
    prefix: str  # lower-cased, e.g. "service disruption"
    title: str  # without the prefix and the [RESOLVED] marker
    resolved: bool
    posted_at: dt.datetime
    body: str
    link: str


@dataclass
class Event:
    posts: list[Post] = field(default_factory=list)

    def accepts(self, post: Post) -> bool:
        last = self.posts[-1]
        if post.key != last.key or post.posted_at - last.posted_at > EVENT_WINDOW:
            return False
        # After a resolution only a post with the same title (a late correction) still belongs.
        return not last.resolved or post.title == last.title


class AwsRssParser(Parser):
    kind = "aws-rss"
    label = "AWS per-service RSS"
    default_time_zone = PACIFIC

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        posts = sorted(
            (_post(item) for item in rss_items(parse_feed_xml(payload, WHAT), WHAT)),
            key=lambda post: (post.posted_at, post.guid),
        )
        return [_incident(event) for event in _group(posts)]


def _post(item: Element) -> Post:
    guid = child_text(item, "guid")
    raw_title = child_text(item, "title")
    match = _GUID.search(guid)
    if not match:
        raise ParseError(
            f"{WHAT}: item {raw_title!r} has guid {guid!r},"
            " expected '...#<service>-<region>_<epoch>'"
        )
    prefix, rest = _split_prefix(raw_title)
    date = child_text(item, "pubDate")
    if not date:
        raise ParseError(f"{WHAT}: item {guid!r} has no pubDate")
    return Post(
        key=match["key"],
        guid=f"{match['key']}_{match['epoch']}",
        prefix=prefix,
        title=_RESOLVED.sub("", rest).strip(),
        resolved=bool(_RESOLVED.search(rest)) or prefix in RESOLVING_PREFIXES,
        posted_at=parse_rfc822(date, assume=PACIFIC),
        body=child_text(item, "description"),
        link=child_text(item, "link"),
    )


def _split_prefix(title: str) -> tuple[str, str]:
    """Split "Service disruption: [RESOLVED] X" into ("service disruption", "[RESOLVED] X")."""
    match = _PREFIX.match(title)
    # Only AWS's own status words are a prefix; "EC2: API errors" is a title.
    if match and match["prefix"].strip().lower() in KNOWN_PREFIXES:
        return match["prefix"].strip().lower(), match["rest"]
    return "", title


def _group(posts: list[Post]) -> list[Event]:
    """Split time-ordered posts into events: same service key, close in time, not yet over."""
    events: list[Event] = []
    open_events: dict[str, Event] = {}
    for post in posts:
        event = open_events.get(post.key)
        if event is None or not event.accepts(post):
            event = Event()
            events.append(event)
            open_events[post.key] = event
        event.posts.append(post)
    return events


def _incident(event: Event) -> ParsedIncident:
    first, last = event.posts[0], event.posts[-1]
    region = _REGION.search(first.key)
    service = first.key[: region.start()] if region else first.key
    return ParsedIncident(
        # The first post's guid names the event; later posts never change it.
        external_id=first.guid,
        title=last.title or first.title,
        started_at=first.posted_at,
        ended_at=last.posted_at if last.resolved else None,
        status="resolved" if last.resolved else "investigating",
        impact=_impact(event.posts),
        url=last.link,
        regions=(region["region"],) if region else (),
        products=(ParsedImpact(product=service),),
        updates=tuple(_update(post) for post in event.posts),
    )


def _impact(posts: list[Post]) -> str:
    levels = {PREFIX_IMPACTS[post.prefix] for post in posts if post.prefix in PREFIX_IMPACTS}
    # With no telling prefix (only "Service is operating normally"), AWS's own
    # status scale puts a posted event at "informational" or above: minor.
    return "major" if "major" in levels else "minor"


def _update(post: Post) -> ParsedUpdate:
    return ParsedUpdate(
        posted_at=post.posted_at,
        body=post.body,
        status="resolved" if post.resolved else "investigating",
        external_id=post.guid,
    )
