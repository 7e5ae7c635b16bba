"""Landmark outages at Oracle, Alibaba, Tencent and cloud SaaS (Atlassian, Salesforce, Slack).

Quotes and where each was read: docs/record/landmarks.md.
"""

from ..marks import official, outage, secondary, unverified

CITATIONS = {
    # key: (url, title, publisher, published_on, language, official, quote)
    "register-oci-0719": (
        "https://www.theregister.com/2022/07/19/google_oracle_cloud/",
        "Google, Oracle cloud servers wilt in UK heatwave, take down websites",
        "The Register",
        "2022-07-19",
        "en",
        False,
        "As a result of unseasonal temperatures in the region, a subset of cooling "
        "infrastructure within the UK South (London) Data Centre has experienced an issue",
    ),
    "itpro-oci-0719": (
        "https://www.itpro.com/cloud/368609/google-and-oracle-data-centres-hit-by-issues-"
        "amidst-hottest-ever-uk-day",
        "Google and Oracle data centres hit by issues amidst hottest ever UK day",
        "ITPro",
        "2022-07-20",
        "en",
        False,
        "two cooler units in the data center experienced a failure when they were required to "
        "operate above their design limits",
    ),
    "ali-status-21": (
        "https://status.alibabacloud.com/#/eventDetail?eventId=21",
        "Alibaba Cloud status: event 21 (Singapore Zone C)",
        "Alibaba Cloud",
        "2024-09-10",
        "en",
        True,
        "",
    ),
    "register-ali-sg": (
        "http://blp192.com/index-5580.html",
        "Alibaba Cloud struggles after blaze at Digital Realty Singapore datacenter (The "
        "Register, republished)",
        "The Register via blp192.com",
        "2024-09-11",
        "en",
        False,
        "The abnormality was caused by the explosion of lithium batteries in the Singapore data "
        "center, which led to fire and elevated temperature.",
    ),
    "kjcyd-ali-sg": (
        "http://www.kjcyd.cn/news/show/2445.html",
        "阿里云新加坡可用区C机房火灾报道",
        "kjcyd.cn",
        None,
        "zh-Hant",
        False,
        "這一突發事件導致東南亞電商平臺和字節跳動抖音等主要公司托管的服務嚴重中斷",
    ),
    "livedoor-ali-sg": (
        "https://news.livedoor.com/article/detail/27206510/",
        "Alibaba Cloud data centre fire: servers being dried (GIGAZINE via livedoor)",
        "livedoor news",
        None,
        "ja",
        False,
        "12時30分にはCloud Database Redis/MongoDB/RDS MySQL、OSS、OTSなどのクラウド製品の災害復旧が"
        "正常に完了したとのこと。",
    ),
    "tencent-review-0408": (
        "http://s-sound.net/jujiao/89621.html",
        "腾讯云发布4月8日故障情况说明：持续近87分钟 共有1957个客户报障 (republishing the official "
        "review of 2024-04-14)",
        "s-sound.net",
        "2024-04-14",
        "zh-Hans",
        False,
        "故障的原因是云API服务新版本向前兼容性考虑不够和配置数据灰度机制不足的问题",
    ),
    "wa01-tencent-0408": (
        "https://cn.wa01.com/a/teng-xun-yun-fa-bu-4yue-8ri-gu-zhang-fu-pan-chi-xu-jin-87fen-"
        "zhong-gong-you-1957ge-ke-hu-bao-zhang.html",
        "腾讯云发布4月8日故障复盘：持续近87分钟，共有1957个客户报障",
        "cn.wa01.com",
        "2024-04-14",
        "zh-Hans",
        False,
        "16:50，请求量逐渐恢复到正常水平，业务稳定运行，控制台服务全部恢复",
    ),
    "xinwust-tencent-0408": (
        "https://xinwust.com/caisahng/41411.html",
        "腾讯云发布4月8日故障复盘及情况说明：共有1957个客户报障 (quoting the official review)",
        "新物网",
        "2024-04-14",
        "zh-Hans",
        False,
        "这次故障中客户已经配置好的服务器等IaaS资源，包括已经部署运行的业务，没有受到云API异常的影响",
    ),
    "atlassian-pir": (
        "https://www.atlassian.com/engineering/post-incident-review-april-2022-outage",
        "Post-Incident Review on the Atlassian April 2022 outage",
        "Atlassian",
        None,
        "en",
        True,
        "On Tuesday, April 5th, 2022, starting at 7:38 UTC, 775 Atlassian customers lost "
        "access to their Atlassian products.",
    ),
    "uxdesign-atlassian": (
        "https://bootcamp.uxdesign.cc/atlassians-13-day-outage-lessons-in-tech-crisis-"
        "management-3cc719d7c27",
        "Atlassian's 13-Day Outage: Lessons in Tech Crisis Management",
        "Bootcamp (UX Collective)",
        None,
        "en",
        False,
        "Team A provided Team B with the ID of the entire customer site, rather than the "
        "intended application instance.",
    ),
    "register-sfdc": (
        "https://www.theregister.com/2021/05/19/salesforce_root_cause/",
        "That Salesforce outage: Global DNS downfall started by one engineer trying a quick fix",
        "The Register",
        "2021-05-19",
        "en",
        False,
        "on May 11 around 2100 UTC, a configuration change was applied to Salesforce's Domain "
        "Name System (DNS) servers",
    ),
    "protocol-slack": (
        "https://www.protocol.com/enterprise/slack-outage-january-aws",
        "That massive Slack outage this month? It started with an AWS networking error.",
        "Protocol",
        None,
        "en",
        False,
        "around 6:00 a.m. PST we began to experience packet loss between servers caused by a "
        "routing problem between network boundaries on the network of our cloud provider.",
    ),
    "techtarget-slack": (
        "https://www.techtarget.com/searchunifiedcommunications/news/252495267/Massive-Slack-"
        "outage-caused-by-AWS-gateway-failure",
        "Massive Slack outage caused by AWS gateway failure",
        "TechTarget",
        None,
        "en",
        False,
        "The nearly five-hour Jan. 4 outage began about 9 a.m. EST",
    ),
}

_LEVELS = "Impact levels are the record's reading."
_SGT = "2024-09-10T{}:00+08:00"
_CST = "2024-04-08T{}:00+08:00"

INCIDENTS = [
    outage(
        slug="oci-london-2022-07-19",
        provider="oracle-cloud",
        title="Cooling failure in the UK South (London) data centre",
        summary="During the UK heatwave two cooler units in Oracle's London data centre "
        "failed; Oracle powered down part of the infrastructure, and networking, storage and "
        "compute in UK South went offline for some customers (The Register).",
        impact="major",
        status="resolved",
        started_at="2022-07-19T16:38:00+00:00",
        time_zone="UTC",
        root_cause="Oracle: following unseasonably high temperatures, two cooler units failed "
        "when they were required to operate above their design limits; temperatures rose and "
        "a subset of compute infrastructure went into protective shutdown.",
        regions=["uk-london-1"],
        citations=["register-oci-0719", "itpro-oci-0719"],
        impacts=[
            {"product": "oci-compute", "impact": "major"},
            {"product": "oci-storage", "impact": "major"},
            {"product": "oci-networking", "impact": "major"},
        ],
        sourcing={
            "started_at": unverified(
                "16:38 UTC is when Oracle's status notice was posted (The Register); the "
                "cooling broke down earlier, around midday UK time."
            ),
            "ended_at": unverified("No end time found."),
            "regions": official("register-oci-0719", "Oracle's status text, quoted."),
            "products": secondary("register-oci-0719", _LEVELS),
            "root_cause": official("itpro-oci-0719", "Oracle's status summary, quoted."),
        },
    ),
    outage(
        slug="ali-sg-2024-09-10",
        provider="alibaba-cloud",
        title="Singapore Zone C: fire after a lithium battery explosion",
        summary="A lithium battery explosion and fire at Digital Realty's SIN11 data centre "
        "disrupted Alibaba Cloud's Singapore Zone C; most network and security products "
        "failed over (kjcyd.cn), but other services stayed down while the fire alarm stayed "
        "on and staff could not enter the building (The Register). Services of Southeast "
        "Asian e-commerce platforms and ByteDance were hit (kjcyd.cn).",
        impact="critical",
        status="resolved",
        started_at=_SGT.format("10:20"),
        time_zone="Asia/Singapore",
        root_cause="Alibaba Cloud: the abnormality was caused by the explosion of lithium "
        "batteries in the Singapore data centre, which led to fire and elevated temperature. "
        "Digital Realty, which runs SIN11, received the fire alarm at 07:45 local time.",
        regions=["ap-southeast-1", "ap-southeast-1c"],
        citations=["ali-status-21", "register-ali-sg", "kjcyd-ali-sg", "livedoor-ali-sg"],
        updates=[
            (_SGT.format("10:20"), "investigating", "Network access anomalies in Zone C."),
            (
                "2024-09-10T20:04:00+08:00",
                "identified",
                "Fire alarm not yet cleared; staff cannot enter the building.",
            ),
        ],
        impacts=[
            {"product": "aliyun-ecs", "impact": "major"},
            {
                "product": "aliyun-cloud-database",
                "impact": "major",
                "note": "Disaster recovery completed later that morning (livedoor).",
            },
            {
                "product": "aliyun-network",
                "impact": "minor",
                "note": "Most network and security products switched to backups.",
            },
        ],
        sourcing={
            "started_at": official("register-ali-sg", "Alibaba's status text, quoted."),
            "ended_at": unverified("Recovery took days; no end time found."),
            "regions": official("register-ali-sg", "Alibaba's status text, quoted."),
            "products": secondary("livedoor-ali-sg", _LEVELS),
            "root_cause": official("register-ali-sg", "Alibaba's status text, quoted."),
        },
    ),
    outage(
        slug="tencent-cloud-api-2024-04-08",
        provider="tencent-cloud",
        language="zh-Hans",
        title="云API服务异常，控制台无法登录",
        title_en="Cloud API failure: consoles unreachable",
        summary="2024年4月8日15:23起，腾讯云云API服务异常，客户无法登录控制台，云函数、文字识别等"
        "依赖云API的公有云服务无法使用；故障持续近87分钟，共有1957个客户报障。",
        summary_en="Tencent Cloud's Cloud API failed for nearly 87 minutes, so customers could "
        "not log in to the console and services built on the API (Cloud Functions, OCR and "
        "others) stopped working; 1,957 customers reported the fault. Running servers were "
        "not affected.",
        impact="major",
        started_at=_CST.format("15:23"),
        ended_at=_CST.format("16:50"),
        time_zone="Asia/Shanghai",
        # The review was published on Tencent Cloud's WeChat account; this is a verbatim copy.
        postmortem_url="http://s-sound.net/jujiao/89621.html",
        root_cause="A new version of the Cloud API service changed the interface protocol "
        "without enough backward compatibility: data sent by old front-ends was processed "
        "wrongly and produced a bad configuration record, which spread to every region for "
        "lack of a gray-release mechanism for configuration data. Rolling back the version "
        "did not fully recover the service, and in Shanghai a technical component had a "
        "circular dependency on the API, so that region was recovered by moving traffic to "
        "other regions.",
        regions=["global", "ap-shanghai"],
        citations=["tencent-review-0408", "wa01-tencent-0408", "xinwust-tencent-0408"],
        updates=[
            (_CST.format("15:23"), "investigating", "Alarm: Cloud API abnormal."),
            (_CST.format("15:47"), "investigating", "Version rollback did not fully recover."),
            (_CST.format("15:57"), "identified", "Root cause: erroneous configuration data."),
            (_CST.format("16:05"), "monitoring", "All regions but Shanghai recovered."),
            (_CST.format("16:45"), "monitoring", "Shanghai recovered via traffic scheduling."),
            (_CST.format("16:50"), "resolved", "Console service fully restored."),
        ],
        impacts=[
            {"product": "tencent-cloud-api", "impact": "critical"},
            {"product": "tencent-console", "impact": "critical"},
            {"product": "tencent-scf", "impact": "major"},
            {
                "product": "tencent-cvm",
                "impact": "none",
                "note": "Configured IaaS resources and running workloads were not affected "
                "(the review, quoted by 新物网).",
            },
        ],
        sourcing={
            "started_at": official("tencent-review-0408", "The official review, republished."),
            "ended_at": official("wa01-tencent-0408", "The official review, republished."),
            "regions": official("tencent-review-0408"),
            "products": official("tencent-review-0408", _LEVELS),
            "root_cause": official("tencent-review-0408"),
        },
    ),
    outage(
        slug="atlassian-2022-04-05",
        provider="atlassian-cloud",
        title="775 customers lose access to their Atlassian cloud sites",
        summary="From 07:38 UTC on 04-05, 775 Atlassian customers lost access to their "
        "Atlassian products, among them Jira, Confluence and Opsgenie; restoring the deleted "
        "sites took days (13 by UX Collective's count).",
        impact="critical",
        status="resolved",
        started_at="2022-04-05T07:38:00+00:00",
        time_zone="UTC",
        root_cause="A script meant to delete a legacy app from customers' sites was given the "
        "IDs of the customers' whole sites instead of the app instances, and deleted the "
        "sites (UX Collective's reading of Atlassian's review; the review's own root-cause "
        "section was not read).",
        postmortem_url="https://www.atlassian.com/engineering/post-incident-review-april-2022-"
        "outage",
        regions=["global"],
        citations=["atlassian-pir", "uxdesign-atlassian"],
        impacts=[
            {"product": "jira-cloud", "impact": "critical"},
            {"product": "confluence-cloud", "impact": "critical"},
            {"product": "opsgenie", "impact": "critical"},
        ],
        sourcing={
            "started_at": official("atlassian-pir"),
            "ended_at": unverified("The review's duration sentence is cut in the copy read."),
            "regions": official("atlassian-pir", "775 customers' sites."),
            "products": secondary("uxdesign-atlassian"),
            "root_cause": secondary("uxdesign-atlassian"),
        },
    ),
    outage(
        slug="salesforce-dns-2021-05-11",
        provider="salesforce",
        title="Global Salesforce outage from a DNS change",
        summary="A change to Salesforce's DNS servers made its products unreachable; for about "
        "five hours customers could not reliably log in, and the status page went down too "
        "(The Register).",
        impact="critical",
        status="resolved",
        started_at="2021-05-11T21:00:00+00:00",
        time_zone="UTC",
        root_cause="An engineer connecting a new Hyperforce environment in Australia pushed a "
        "DNS configuration change through the Emergency Break-Fix process instead of the "
        "staggered rollout, using a four-year-old script (Salesforce's briefing, as reported "
        "by The Register).",
        regions=["global"],
        citations=["register-sfdc"],
        impacts=[{"product": "salesforce-platform", "impact": "critical"}],
        sourcing={
            "started_at": secondary("register-sfdc", "Around 21:00 UTC."),
            "ended_at": unverified("About five hours later; no exact end found."),
            "regions": secondary("register-sfdc"),
            "products": secondary("register-sfdc"),
            "root_cause": secondary("register-sfdc"),
        },
    ),
    outage(
        slug="slack-2021-01-04",
        provider="slack",
        title="Slack outage on the first working day of 2021",
        summary="Slack was unavailable worldwide for nearly five hours on 2021-01-04 "
        "(TechTarget) as its servers lost packets on its cloud provider's network.",
        impact="critical",
        status="resolved",
        started_at="2021-01-04T06:00:00-08:00",
        time_zone="America/Los_Angeles",
        root_cause="Slack's root-cause analysis: packet loss between servers, caused by a "
        "routing problem between network boundaries on its cloud provider's network. A "
        "source told Protocol that AWS Transit Gateway did not scale fast enough for the "
        "post-holiday surge; by 7:00 AM PST Slack had too few healthy backend servers.",
        regions=["global"],
        citations=["protocol-slack", "techtarget-slack"],
        impacts=[{"product": "slack-app", "impact": "critical"}],
        sourcing={
            "started_at": official("protocol-slack", "Slack's RCA, quoted."),
            "ended_at": unverified("Nearly five hours (TechTarget); no exact end found."),
            "regions": secondary("techtarget-slack"),
            "products": secondary("techtarget-slack"),
            "root_cause": official(
                "protocol-slack", "The Transit Gateway detail is Protocol's source, not Slack."
            ),
        },
    ),
]
