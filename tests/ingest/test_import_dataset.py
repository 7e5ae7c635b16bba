"""manage.py import_dataset: drafts with provenance, idempotent, duplicates proposed, not merged."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from incidents.models import (
    DATASET_KIND,
    DuplicateProposal,
    ImportedRecord,
    Incident,
    Provider,
    ReviewState,
    Source,
)
from incidents.record.curation import merge_incidents
from tests.admin_factory import make_user

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent.parent / "fixtures" / "datasets"
ISSRE = "https://github.com/IntelligentDDS/Post-mortems-Analysis"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_dataset", *args, stdout=out)
    return out.getvalue()


def test_it_imports_drafts_citing_the_dataset_and_keeping_each_raw_record():
    out = run("--format", "issre22", str(FIXTURES / "issre22"))

    assert out.splitlines()[0].startswith("imported 5 new, 0 updated, 0 unchanged; skipped 1;")
    assert "skipped AWS/aws.json: aws-3: no date" in out
    assert "dated 2011 but its text says 2016" in out
    incidents = Incident.objects.all()
    assert incidents.count() == 5
    assert set(incidents.values_list("review_state", flat=True)) == {ReviewState.DRAFT}
    for incident in incidents:
        assert ISSRE in incident.citations.values_list("url", flat=True)
    s3 = Incident.objects.get(title__startswith="Summary of the Amazon S3")
    assert s3.provider.slug == "aws"
    assert s3.refs.get().url == "https://aws.amazon.com/message/41926/"
    record = ImportedRecord.objects.get(external_id="aws-1")
    assert record.incident == s3 and json.loads(record.raw)["aws-1"]["duration"] == 245
    source = Source.objects.get(name="issre22 dataset: aws")
    assert (source.kind, source.enabled, source.auto_publish) == (DATASET_KIND, False, False)


def test_running_it_again_changes_nothing():
    run("--format", "issre22", str(FIXTURES / "issre22"))
    counts = (Incident.objects.count(), Incident.history.count(), ImportedRecord.objects.count())

    out = run("--format", "issre22", str(FIXTURES / "issre22"))

    assert out.splitlines()[0].startswith("imported 0 new, 0 updated, 5 unchanged; skipped 1;")
    assert (Incident.objects.count(), Incident.history.count(), ImportedRecord.objects.count()) == (
        counts
    )


def test_a_changed_record_updates_its_incident(tmp_path):
    folder = tmp_path / "AWS"
    folder.mkdir()
    data = json.loads((FIXTURES / "issre22" / "AWS" / "aws.json").read_text())
    (folder / "aws.json").write_text(json.dumps(data))
    run("--format", "issre22", str(tmp_path))
    data["aws-1"]["title"] = "Summary of the Amazon S3 Service Disruption (corrected)"
    (folder / "aws.json").write_text(json.dumps(data))

    out = run("--format", "issre22", str(tmp_path))

    assert out.splitlines()[0].startswith("imported 0 new, 1 updated, 1 unchanged")
    assert Incident.objects.filter(title__endswith="(corrected)").count() == 1


def test_void_rows_file_under_their_organisation_with_a_message_each():
    out = run("--format", "void", str(FIXTURES / "void" / "export.csv"))

    assert out.splitlines()[0].startswith("imported 5 new")
    assert "skipped export.csv line 5: no date" in out
    assert "skipped export.csv line 8: empty Title" in out
    assert "mojibake repaired" in out
    assert Incident.objects.filter(title="Slack’s Outage on January 4th 2021").exists()
    assert Provider.objects.filter(slug="cloudflare").exists()


def test_a_look_alike_of_another_source_is_proposed_and_not_merged():
    aws = Provider.objects.create(slug="aws", name="Amazon Web Services", aliases="AWS")
    existing = Incident.objects.create(
        slug="aws-dynamodb-2015-09-20",
        provider=aws,
        title="Amazon DynamoDB service disruption in US-East",
        started_at=dt.datetime(2015, 9, 20, 9, 19, tzinfo=dt.UTC),
        ended_at=dt.datetime(2015, 9, 20, 14, 10, tzinfo=dt.UTC),
        review_state=ReviewState.PUBLISHED,
    )

    out = run("--format", "void", str(FIXTURES / "void" / "export.csv"))

    proposal = DuplicateProposal.objects.get()
    assert proposal.candidate == existing
    assert proposal.incident.provider == aws
    assert "proposed duplicates 1" in out and "may be aws-dynamodb-2015-09-20" in out
    assert Incident.objects.filter(merged_into__isnull=False).count() == 0
    run("--format", "void", str(FIXTURES / "void" / "export.csv"))
    assert DuplicateProposal.objects.count() == 1


def test_an_unlike_title_or_a_distant_window_is_not_proposed():
    aws = Provider.objects.create(slug="aws", name="AWS")
    Incident.objects.create(
        slug="aws-other",
        provider=aws,
        title="Elevated Lambda invoke errors",
        started_at=dt.datetime(2015, 9, 20, tzinfo=dt.UTC),
    )
    Incident.objects.create(
        slug="aws-later",
        provider=aws,
        title="Summary of the Amazon DynamoDB Service Disruption",
        started_at=dt.datetime(2015, 10, 20, tzinfo=dt.UTC),
    )

    run("--format", "void", str(FIXTURES / "void" / "export.csv"))

    assert not DuplicateProposal.objects.exists()


def test_the_admin_lists_a_proposal_with_a_link_to_the_merge_that_keeps_every_ref(client):
    aws = Provider.objects.create(slug="aws", name="AWS")
    existing = Incident.objects.create(
        slug="aws-dynamodb-2015-09-20",
        provider=aws,
        title="Summary of the Amazon DynamoDB Service Disruption",
        started_at=dt.datetime(2015, 9, 20, tzinfo=dt.UTC),
    )
    run("--format", "void", str(FIXTURES / "void" / "export.csv"))
    proposal = DuplicateProposal.objects.get()
    client.force_login(make_user("editor", is_superuser=True))

    page = client.get(reverse("admin:incidents_duplicateproposal_changelist")).content.decode()

    pair = f"id__in={proposal.incident_id}%2C{existing.pk}"
    assert pair in page
    listed = client.get(f"{reverse('admin:incidents_incident_changelist')}?{pair}")
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 2
    merge_incidents(existing, [proposal.incident])
    assert existing.refs.filter(source__name="void dataset: aws").exists()


def test_ndjson_needs_to_know_where_the_records_came_from(tmp_path):
    path = tmp_path / "records.ndjson"
    path.write_text("")
    with pytest.raises(CommandError, match="--dataset-url is required"):
        run("--format", "ndjson", str(path))


def test_an_editor_sees_proposals_and_raw_records_but_cannot_add_them(client):
    client.force_login(make_user("ed", "Editors"))

    proposals = client.get(reverse("admin:incidents_duplicateproposal_changelist"))
    records = client.get(reverse("admin:incidents_importedrecord_changelist"))

    assert (proposals.status_code, records.status_code) == (200, 200)
    assert client.get(reverse("admin:incidents_importedrecord_add")).status_code == 403
