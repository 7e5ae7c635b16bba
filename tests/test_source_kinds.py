"""Source kinds exist in one place, the parser registry: the model's choices follow it."""

import pytest
from django.core.management import call_command

from incidents.ingest import parsers
from incidents.ingest.parsers import PARSERS, Parser
from incidents.models import Source

pytestmark = pytest.mark.django_db


class ExampleParser(Parser):
    kind = "example"
    label = "An example format"

    def parse(self, payload: bytes) -> list:
        return []


def test_every_registered_parser_has_a_label_editors_can_read():
    assert all(parser.label for parser in PARSERS.values())
    kinds = [kind for kind, _ in parsers.source_kinds()]
    assert kinds == [*PARSERS, *parsers.IMPORTED_KINDS]


def test_a_dataset_source_is_a_valid_kind_that_is_never_polled():
    from django.core.exceptions import ValidationError

    from incidents.ingest.poll import validate_source

    validate_source("dataset", "https://github.com/IntelligentDDS/Post-mortems-Analysis")
    with pytest.raises(parsers.ParseError, match="never polled"):
        parsers.get_parser("dataset")
    with pytest.raises(ValidationError):
        validate_source("nonsense", "https://example.com/")


def test_a_kind_registered_only_as_a_parser_is_a_valid_source_kind(monkeypatch, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    monkeypatch.setitem(PARSERS, "example", ExampleParser)
    call_command(
        "add_source", "--name", "Ex", "--kind", "example",
        "--url", "https://status.example.org/feed", "--provider", "example",
    )  # fmt: skip

    source = Source.objects.get(name="Ex")
    source.full_clean()
    assert source.get_kind_display() == "An example format"
