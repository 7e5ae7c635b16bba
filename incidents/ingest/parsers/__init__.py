"""The parser registry: kind -> parser class. Source.kind's choices come from here."""

from .aliyun import AliyunParser
from .aws_health import AwsHealthParser
from .aws_rss import AwsRssParser
from .azure_rss import AzureRssParser
from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .betterstack import BetterStackParser
from .cachet import Cachet2Parser, Cachet3Parser
from .feed import FeedParser
from .gcp import GcpParser
from .incidentio import IncidentioParser
from .instatus import InstatusParser
from .slack import SlackParser
from .statusio import StatusioParser
from .statuspage import StatuspageParser
from .statuspage_feed import StatuspageFeedParser

PARSERS: dict[str, type[Parser]] = {
    parser.kind: parser
    for parser in (
        StatuspageParser,
        StatuspageFeedParser,
        GcpParser,
        AwsRssParser,
        AwsHealthParser,
        AzureRssParser,
        SlackParser,
        IncidentioParser,
        AliyunParser,
        BetterStackParser,
        InstatusParser,
        Cachet2Parser,
        Cachet3Parser,
        StatusioParser,
        FeedParser,
    )
}


# A dataset's source holds what `manage.py import_dataset` brought in once: it has no parser
# and is never polled, but is a Source like any other, so editors can open and edit it.
DATASET_KIND = "dataset"
IMPORTED_KINDS = {DATASET_KIND: "Imported dataset (never polled)"}


def source_kinds() -> list[tuple[str, str]]:
    """Return (kind, label) for every registered parser and imported kind: Source.kind's choices."""
    return [(kind, parser.label) for kind, parser in PARSERS.items()] + list(IMPORTED_KINDS.items())


def get_parser(kind: str) -> Parser:
    """Return a parser for `kind`, or raise ParseError for an unknown kind."""
    if kind in IMPORTED_KINDS:
        raise ParseError(f"a {kind!r} source is imported with import_dataset, never polled")
    try:
        return PARSERS[kind]()
    except KeyError:
        raise ParseError(f"unknown source kind {kind!r}; known: {', '.join(PARSERS)}") from None


__all__ = [
    "DATASET_KIND",
    "IMPORTED_KINDS",
    "PARSERS",
    "ParseError",
    "ParsedImpact",
    "ParsedIncident",
    "ParsedUpdate",
    "Parser",
    "get_parser",
    "source_kinds",
]
