"""No N+1: every list endpoint runs the same number of queries for 2 rows as for 12."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.models import (
    Citation,
    CorporateEvent,
    IncidentLink,
    LeadershipChange,
    Person,
    Product,
    Region,
    Source,
)
from incidents.record.stored import rebuild_all

pytestmark = pytest.mark.django_db
_n = itertools.count()


@pytest.fixture
def add_rows(catalog, make_incident):
    """Add `count` rows of every kind a list endpoint serves, each with its relations."""

    def add(count: int) -> None:
        for _ in range(count):
            n = next(_n)
            person = Person.objects.create(slug=f"person-{n}", name=f"Person {n}")
            cite = Citation.objects.create(url=f"https://example.org/{n}", title=f"Cite {n}")
            change = LeadershipChange.objects.create(
                slug=f"change-{n}",
                person=person,
                organization=catalog["org"],
                role="CEO",
                action="appointed",
                announced_on=dt.date(2023, 1, 1),
            )
            change.citations.add(cite)
            event = CorporateEvent.objects.create(
                slug=f"event-{n}",
                organization=catalog["org"],
                kind="other",
                title="Event",
                occurred_on=dt.date(2023, 1, 1),
            )
            event.citations.add(cite)
            product = Product.objects.create(
                slug=f"product-{n}", name=f"P{n}", owner=catalog["org"]
            )
            product.depends_on.add(catalog["ecs"])
            Region.objects.create(provider=catalog["aws"], slug=f"r-{n}", name="R", parent=None)
            Source.objects.create(
                name=f"source-{n}",
                kind="feed",
                url="https://example.org/feed",
                provider=catalog["aws"],
            )
            incident = make_incident()
            IncidentLink.objects.create(
                incident=incident, corporate_event=event, relation="speculated"
            )
            IncidentLink.objects.create(
                incident=incident, leadership_change=change, relation="speculated"
            )

    return add


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        # Records not stored yet (no commit in a test): the page, the incidents' rows and one
        # query per child table of the record (confidence markers included).
        ("/api/v1/incidents/", 10),
        ("/api/v1/providers/", 1),
        ("/api/v1/products/", 2),
        ("/api/v1/regions/", 1),
        ("/api/v1/people/", 1),
        ("/api/v1/leadership-changes/", 2),
        ("/api/v1/corporate-events/", 2),
        ("/api/v1/sources/", 1),
        ("/api/v1/export/incidents.ndjson", 11),
        ("/api/v1/export/incidents.csv", 11),
    ],
)
def test_list_queries_do_not_grow_with_rows(
    anon, add_rows, django_assert_max_num_queries, path, bound
):
    add_rows(2)
    small = _count(anon, path)
    add_rows(10)
    with django_assert_max_num_queries(bound):
        large = _count(anon, path)
    assert small == large


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        # Stored records: the page and its records in one query.
        ("/api/v1/incidents/", 1),
        # The count and newest change, then one query per chunk of records.
        ("/api/v1/export/incidents.ndjson", 2),
        ("/api/v1/export/incidents.csv", 2),
    ],
)
def test_lists_of_stored_records_cost_one_query_a_page(
    anon, add_rows, django_assert_max_num_queries, path, bound
):
    add_rows(12)
    rebuild_all()
    with django_assert_max_num_queries(bound):
        _count(anon, path)


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)
