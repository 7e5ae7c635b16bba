"""A small world for the public page tests: two providers, linked events, a hostile update."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from incidents.models import (
    Citation,
    CorporateEvent,
    ExternalRef,
    Impact,
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
    ReviewState,
    Source,
    Status,
)

HOSTILE_BODY = (
    "We are investigating. <script>window.pwned = 1</script>"
    '<img src="x" onerror="window.pwned = 2"><a href="javascript:alert(1)">more</a>'
)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@dataclass
class World:
    alibaba: Provider
    aws: Provider
    hk: Incident
    ak: Incident
    aws_ongoing: Incident
    draft: Incident
    hidden: Incident
    duplicate: Incident
    oss: Product
    ecs: Product
    taobao: Product
    zhang: Person
    change: LeadershipChange
    halt: CorporateEvent


def incident(provider: Provider, slug: str, start: dt.datetime, **fields) -> Incident:
    fields.setdefault("review_state", ReviewState.PUBLISHED)
    fields.setdefault("title", slug.replace("-", " ").title())
    return Incident.objects.create(provider=provider, slug=slug, started_at=start, **fields)


def make_world() -> World:
    group = Organization.objects.create(slug="alibaba-group", name="Alibaba Group")
    cloud_org = Organization.objects.create(
        slug="alibaba-cloud-intelligence", name="Alibaba Cloud Intelligence Group", parent=group
    )
    amazon = Organization.objects.create(slug="amazon", name="Amazon")
    alibaba = Provider.objects.create(
        slug="alibaba-cloud",
        name="Alibaba Cloud",
        organization=cloud_org,
        time_zone="Asia/Shanghai",
    )
    aws = Provider.objects.create(slug="aws", name="Amazon Web Services", organization=amazon)
    hk_region = Region.objects.create(provider=alibaba, slug="cn-hongkong", name="Hong Kong")
    zone_c = Region.objects.create(
        provider=alibaba,
        slug="cn-hongkong-c",
        name="Hong Kong Zone C",
        kind="zone",
        parent=hk_region,
    )
    use1 = Region.objects.create(provider=aws, slug="us-east-1", name="N. Virginia")
    oss = Product.objects.create(slug="oss", name="Object Storage Service", provider=alibaba)
    ecs = Product.objects.create(slug="ecs", name="Elastic Compute Service", provider=alibaba)
    ecs.depends_on.add(oss)
    taobao = Product.objects.create(
        slug="taobao", name="Taobao", name_native="淘宝", kind="consumer_app", owner=group
    )
    taobao.depends_on.add(ecs)
    lambda_ = Product.objects.create(slug="aws-lambda", name="AWS Lambda", provider=aws)

    hk = incident(
        alibaba,
        "ali-hk-2022-12",
        utc(2022, 12, 18, 0, 56),
        ended_at=utc(2022, 12, 18, 14, 50),
        title="香港Region可用区C服务中断",
        title_en="Hong Kong Zone C outage",
        summary="香港可用区C机房冷机故障。",
        summary_en="A chiller failure in a third-party data centre.",
        language="zh-hans",
        impact=Impact.CRITICAL,
        status=Status.POSTMORTEM,
        time_zone="Asia/Shanghai",
        root_cause="Chiller failure: an air lock stopped the main and standby chillers.",
    )
    hk.regions.set([hk_region, zone_c])
    ProductImpact.objects.create(incident=hk, product=oss, impact=Impact.CRITICAL)
    ProductImpact.objects.create(incident=hk, product=ecs, impact=Impact.MAJOR)
    IncidentUpdate.objects.create(
        incident=hk,
        posted_at=utc(2022, 12, 18, 1, 0),
        status=Status.INVESTIGATING,
        body=HOSTILE_BODY,
    )
    IncidentUpdate.objects.create(
        incident=hk,
        posted_at=utc(2022, 12, 18, 14, 50),
        status=Status.RESOLVED,
        body="The sprinkler damage was contained.\nAll servers restarted.",
    )
    report = Citation.objects.create(
        url="https://help.aliyun.com/noticelist/articleid/1061819219.html",
        title="关于阿里云香港Region可用区C服务中断事件的说明",
        publisher="Alibaba Cloud",
        official=True,
    )
    press = Citation.objects.create(
        url="https://www.scmp.com/tech/3204593", title="Alibaba Cloud outage", publisher="SCMP"
    )
    IncidentCitation.objects.create(incident=hk, citation=report, position=0)
    ReportedTime.objects.create(
        incident=hk, field="ended_at", value=utc(2022, 12, 18, 14, 50), citation=report
    )
    ReportedTime.objects.create(
        incident=hk, field="ended_at", value=utc(2022, 12, 18, 16, 30), citation=press
    )
    source = Source.objects.create(
        name="aliyun-status", kind="aliyun", url="https://status.aliyun.com/", provider=alibaba
    )
    ExternalRef.objects.create(source=source, external_id="1", incident=hk)

    ak = incident(
        alibaba,
        "ali-global-2023-11-12",
        utc(2023, 11, 12, 9, 39),
        ended_at=utc(2023, 11, 12, 13, 11),
        title="云产品控制台服务异常",
        title_en="Cloud product console service abnormal",
        title_zh_hant="雲產品控制台服務異常",
        language="zh-hans",
        time_zone="Asia/Shanghai",
        impact=Impact.CRITICAL,
    )
    ProductImpact.objects.create(incident=ak, product=taobao, impact=Impact.MAJOR)
    IncidentUpdate.objects.create(
        incident=ak,
        posted_at=utc(2023, 11, 12, 10, 1),
        body="The AccessKey whitelist was incomplete.",
    )
    aws_ongoing = incident(
        aws, "aws-use1-lambda", utc(2024, 3, 5, 15, 30), title="Increased Lambda errors",
        impact=Impact.MINOR, time_zone="America/Los_Angeles",
    )  # fmt: skip
    aws_ongoing.regions.set([use1])
    ProductImpact.objects.create(incident=aws_ongoing, product=lambda_, impact=Impact.MINOR)
    draft = incident(aws, "draft-secret", utc(2024, 1, 1), title="Draft secret outage",
                     review_state=ReviewState.DRAFT)  # fmt: skip
    hidden = incident(aws, "hidden-secret", utc(2024, 1, 2), title="Hidden secret outage",
                      review_state=ReviewState.HIDDEN)  # fmt: skip
    # Published first, then merged: only a once-public duplicate's URL leads to the survivor.
    duplicate = incident(alibaba, "ali-hk-dup", utc(2022, 12, 18, 1), title="Duplicate HK report")
    duplicate.merged_into = hk
    duplicate.save(update_fields=["merged_into"])

    zhang = Person.objects.create(
        slug="zhang-jianfeng", name="Zhang Jianfeng", name_native="张建锋"
    )
    appointed = LeadershipChange.objects.create(
        slug="zhang-appointed", person=zhang, organization=cloud_org, role="President",
        action="appointed", announced_on=dt.date(2019, 6, 1),
    )  # fmt: skip
    change = LeadershipChange.objects.create(
        slug="zhang-steps-down", person=zhang, organization=cloud_org, role="President",
        action="departed", announced_on=dt.date(2022, 12, 29),
    )  # fmt: skip
    IncidentLink.objects.create(incident=hk, leadership_change=change, relation="followed_by")
    halt = CorporateEvent.objects.create(
        slug="spin-off-halted", organization=group, kind="spin_off_halted",
        title="Full cloud spin-off dropped", occurred_on=dt.date(2023, 11, 16),
    )  # fmt: skip
    IncidentLink.objects.create(incident=ak, corporate_event=halt, relation="speculated")
    del appointed
    return World(alibaba, aws, hk, ak, aws_ongoing, draft, hidden, duplicate, oss, ecs, taobao,
                 zhang, change, halt)  # fmt: skip
