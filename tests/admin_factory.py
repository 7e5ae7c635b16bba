"""One row of every model, modelled on the Hong Kong Zone C outage, for the admin tests."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.contrib.auth.models import Group, User

from incidents.models import (
    Citation,
    CorporateEvent,
    ExternalRef,
    Incident,
    IncidentCitation,
    IncidentLink,
    IncidentUpdate,
    LeadershipChange,
    Organization,
    Person,
    Product,
    ProductImpact,
    Provider,
    Region,
    ReportedTime,
    Snapshot,
    Source,
    ValueSourcing,
)

UTC = dt.UTC


def at(day: str, time: str) -> dt.datetime:
    """Return an aware UTC datetime from 'YYYY-MM-DD' and 'HH:MM'."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=UTC)


def make_user(username: str, group: str | None = None, **flags) -> User:
    """Create a staff user in `group` (one the migration created)."""
    user = User.objects.create_user(username, password="not-used", is_staff=True, **flags)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_world() -> SimpleNamespace:
    """Create one of each model and return them by name."""
    w = SimpleNamespace()
    w.group = Organization.objects.create(slug="alibaba-group", name="Alibaba Group")
    w.org = Organization.objects.create(
        slug="alibaba-cloud-intelligence",
        name="Alibaba Cloud Intelligence Group",
        name_native="阿里云智能集团",
        parent=w.group,
    )
    w.provider = Provider.objects.create(
        slug="alibaba-cloud", name="Alibaba Cloud", organization=w.org, time_zone="Asia/Shanghai"
    )
    w.aws = Provider.objects.create(slug="aws", name="Amazon Web Services")
    w.region = Region.objects.create(provider=w.provider, slug="cn-hongkong", name="Hong Kong")
    w.zone = Region.objects.create(
        provider=w.provider,
        slug="cn-hongkong-c",
        name="Hong Kong Zone C",
        kind="zone",
        parent=w.region,
    )
    w.ecs = Product.objects.create(slug="ecs", name="Elastic Compute Service", provider=w.provider)
    w.oss = Product.objects.create(slug="oss", name="Object Storage Service", provider=w.provider)
    w.citation = Citation.objects.create(
        url="https://help.aliyun.com/noticelist/articleid/1061819219.html",
        title="关于阿里云香港Region可用区C服务中断事件的说明",
        publisher="Alibaba Cloud",
        published_on=dt.date(2022, 12, 25),
        language="zh-Hans",
        official=True,
    )
    w.press = Citation.objects.create(
        url="https://www.theregister.com/2022/12/20/alibaba_cloud_hong_kong_outage/",
        title="Alibaba Cloud outage in Hong Kong",
        publisher="The Register",
    )
    w.person = Person.objects.create(
        slug="zhang-jianfeng", name="Zhang Jianfeng", name_native="张建锋"
    )
    w.change = LeadershipChange.objects.create(
        slug="zhang-jianfeng-steps-down",
        person=w.person,
        organization=w.org,
        role="President",
        action="departed",
        announced_on=dt.date(2022, 12, 29),
    )
    w.event = CorporateEvent.objects.create(
        slug="alibaba-reorganisation-2023",
        organization=w.group,
        kind="reorganisation",
        title="Alibaba splits into six business groups",
        occurred_on=dt.date(2023, 3, 28),
    )
    w.incident = make_incident(w, "ali-hk-2022-12", "Hong Kong Region Zone C service disruption")
    w.incident.regions.add(w.zone)
    w.update = IncidentUpdate.objects.create(
        incident=w.incident,
        posted_at=at("2022-12-18", "01:30"),
        status="investigating",
        body="<p>Zone C instances are unavailable.</p>",
        external_id="1-1",
    )
    w.impact = ProductImpact.objects.create(incident=w.incident, product=w.ecs, impact="critical")
    w.link = IncidentLink.objects.create(
        incident=w.incident,
        leadership_change=w.change,
        relation="press_reported",
        citation=w.press,
    )
    w.sourcing = IncidentCitation.objects.create(incident=w.incident, citation=w.citation)
    w.reported = ReportedTime.objects.create(
        incident=w.incident, field="ended_at", value=at("2022-12-18", "16:30"), citation=w.press
    )
    w.marker = ValueSourcing.objects.create(
        incident=w.incident, field="ended_at", level="secondary", citation=w.press
    )
    w.source = Source.objects.create(
        name="aliyun-status", kind="aliyun", url="https://status.aliyun.com/", provider=w.provider
    )
    w.ref = ExternalRef.objects.create(source=w.source, external_id="1", incident=w.incident)
    w.snapshot = Snapshot.objects.create(
        source=w.source, http_status=200, sha256="0" * 64, size=2, body=b"{}"
    )
    return w


def make_incident(w: SimpleNamespace, slug: str, title: str, **fields) -> Incident:
    """Create a draft incident of `w.provider`, 2022-12-18 00:56Z to 14:50Z unless told."""
    values = {
        "provider": w.provider,
        "title": title,
        "started_at": at("2022-12-18", "00:56"),
        "ended_at": at("2022-12-18", "14:50"),
        "time_zone": "Asia/Shanghai",
        **fields,
    }
    return Incident.objects.create(slug=slug, **values)


def form_data(response) -> dict:
    """Return the POST data a browser would send back for the admin form in `response`."""
    from django.utils import timezone

    # The form showed its times in the incident's vendor zone: send them back as shown.
    with timezone.override(response.context.get("vendor_zone") or timezone.get_current_timezone()):
        return _form_data(response)


def _form_data(response) -> dict:
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data: dict = {}
    for form in forms:
        for bound in form:
            data.update(_field_data(bound))
    return data


def _field_data(bound) -> dict:
    from django import forms

    value = bound.value()
    widget = bound.field.widget
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        return {f"{bound.html_name}_{i}": _text(part) for i, part in enumerate(parts)}
    if isinstance(widget, forms.CheckboxInput):
        return {bound.html_name: "on"} if value else {}
    if isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return {bound.html_name: [_text(v) for v in value or []]}
    return {bound.html_name: _text(value)}


def _text(value) -> str:
    return "" if value is None else str(value)
