"""Landmark AWS outages. Quotes and where each was read: docs/record/landmarks.md."""

from ..marks import official, outage, secondary

CITATIONS = {
    # key: (url, title, publisher, published_on, language, official, quote)
    "aws-56489": (
        "https://aws.amazon.com/jp/message/56489/",
        "東京リージョン (AP-NORTHEAST-1) で発生した Amazon EC2 と Amazon EBS の事象概要",
        "Amazon Web Services",
        "2019-08-25",
        "ja",
        True,
        "日本時間 2019年8月23日 12:36 より、東京リージョン (AP-NORTHEAST-1) の単一のアベイラ"
        "ビリティゾーンで、オーバーヒートにより一定の割合の EC2 サーバの停止が発生しました。",
    ),
    "serverworks-56489": (
        "https://serverworks.co.jp/news/20190823_aws_news.html",
        "2019年8月23日に発生したAWS東京リージョンの障害に関してのご報告",
        "Serverworks",
        None,
        "ja",
        False,
        "本障害は、特定のAZ(AZ ID: apne1-az4)において発生した障害です。",
    ),
    "nikkei-56489": (
        "https://xtech.nikkei.com/atcl/nxt/news/18/05785/",
        "AWS東京リージョンの大規模障害 (日経クロステック)",
        "日経クロステック",
        "2019-08-23",
        "ja",
        False,
        "ユニクロ、楽天、PayPay、東急ハンズなどAWSを利用する多数の企業がシステムトラブルに見舞わ"
        "れた。",
    ),
    "aws-11201": (
        "https://aws.amazon.com/message/11201/",
        "Summary of the Amazon Kinesis Event in the Northern Virginia (US-EAST-1) Region",
        "Amazon Web Services",
        None,
        "en",
        True,
        "The trigger, though not root cause, for the event was a relatively small addition of "
        "capacity that began to be added to the service at 2:44 AM PST, finishing at 3:47 AM "
        "PST.",
    ),
    "zdnet-11201": (
        "https://communicatorcommunities.com/aws-outage-explained",
        "AWS outage explained (ZDNet, Liam Tung, republished)",
        "ZDNet via communicatorcommunities.com",
        "2020-11-30",
        "en",
        False,
        "The first alarm was triggered at 5:15am PST and AWS engineers spent the next five hours "
        "trying to resolve the issue. Kinesis was fully restored at 10:23pm PST.",
    ),
    "byu-11201": (
        "https://byu-se.github.io/idb/incidents/41.html",
        "Incident #41 at Amazon Web Services on 2020/11/25 (incident database summary)",
        "BYU software engineering incident database",
        None,
        "en",
        False,
        "errors and failures in dependent services (Cognito, CloudWatch, AutoScaling and Lambda)",
    ),
    "aws-euc1-rca": (
        "https://techecho.bigdataflowing.com/en/item/27466678",
        "AWS status page root cause for EU-CENTRAL-1, 10 June 2021 (copied on Hacker News)",
        "AWS status text via a Hacker News mirror",
        "2021-06-10",
        "en",
        False,
        "The root cause of this issue was a failure of a control system which disabled multiple "
        "air handlers in the affected Availability Zone.",
    ),
    "register-euc1": (
        "https://www.theregister.com/2021/06/11/aws_eu_central_1_incident/",
        "AWS Frankfurt experiences major breakdown that staff couldn't fix for hours due to "
        "'environmental conditions' on data centre floor",
        "The Register",
        "2021-06-11",
        "en",
        False,
        "the breakdown began at 1324 PDT (2030 UTC) on June 10",
    ),
    "borncity-euc1": (
        "https://borncity.com/win/2021/06/11/feuer-in-amazon-rechenzentrum-blink-kameras-gehen-"
        "nicht-mehr/",
        "Fire in Amazon data center? Blink cameras no longer work",
        "Born's Tech and Windows World",
        "2021-06-11",
        "en",
        False,
        "an increase in API errors is reported in an Availability Zone (euc1-az1)",
    ),
    "register-use1-az4": (
        "https://www.theregister.com/2021/12/22/aws_outage/",
        "AWS power failure in US-EAST-1 region killed some hardware and instances",
        "The Register",
        "2021-12-22",
        "en",
        False,
        "The lack of fun kicked off at 04:35AM Pacific Time (PST – aka 12:35 UTC) on December 22nd",
    ),
    "techerati-use1-az4": (
        "https://www.techerati.com/news-hub/aws-suffers-three-major-outages-in-a-single-month/",
        "AWS suffers three major outages in a single month",
        "Techerati",
        "2022-01-04",
        "en",
        False,
        "By 2:30 PM PST, we recovered the vast majority of EC2 instances and EBS volumes.",
    ),
    "aws-061323": (
        "https://aws.amazon.com/message/061323/",
        "AWS summary of the service disruption in US-EAST-1 on June 13th, 2023",
        "Amazon Web Services",
        None,
        "en",
        True,
        "Starting at 11:49 AM PDT on June 13th, 2023, customers experienced increased error "
        "rates and latencies for Lambda function invocations",
    ),
}

_JST = "2019-08-23T{}:00+09:00"
_TOKYO_ZONE = "In the affected zone only, where their EC2 instances were hit (AWS, 2019-08-28)."
_KINESIS = "2020-11-25T{}:00-08:00"
_FRA = "2021-06-10T{}:00-07:00"
_COPY = "AWS's status text, read in a verbatim copy."
_USE1 = "2021-12-22T{}:00-08:00"
_LAMBDA = "2023-06-13T{}:00-07:00"
_LAMBDA_KNOCK_ON = "Increased error rates and latencies as a result of the degraded Lambda."

INCIDENTS = [
    outage(
        slug="aws-apne1-2019-08-23",
        provider="aws",
        title="Amazon EC2 and EBS event in the Tokyo Region (AP-NORTHEAST-1)",
        summary="Servers in one Tokyo Availability Zone (apne1-az4) overheated and stopped; "
        "EC2 instances failed and EBS volumes degraded, and other services in that zone "
        "(RDS, Redshift, ElastiCache, WorkSpaces) were hit. Uniqlo, Rakuten and PayPay were "
        "among the companies affected (Nikkei xTECH).",
        impact="major",
        started_at=_JST.format("12:36"),
        ended_at=_JST.format("18:30"),
        time_zone="Asia/Tokyo",
        root_cause="A failure of the management system of redundant air-conditioning "
        "equipment in part of one Availability Zone (冗長化された空調設備の管理システム障害) "
        "made a share of the EC2 servers overheat and stop. Cooling came back at 15:21 JST.",
        postmortem_url="https://aws.amazon.com/jp/message/56489/",
        regions=["ap-northeast-1", "apne1-az4"],
        citations=["aws-56489", "serverworks-56489", "nikkei-56489"],
        updates=[
            (_JST.format("12:36"), "investigating", "EC2 servers in one zone stop on overheating."),
            (
                _JST.format("13:21"),
                "identified",
                "EC2 RunInstances API affected for launches in the zone.",
            ),
            (_JST.format("15:21"), "identified", "Cooling restored; room temperature falling."),
            (
                _JST.format("18:30"),
                "resolved",
                "Most affected EC2 instances and EBS volumes recovered.",
            ),
        ],
        impacts=[
            {"product": "aws-ec2", "impact": "major", "note": "A share of servers stopped."},
            {"product": "aws-ebs", "impact": "major", "note": "Degraded volume performance."},
            {"product": "aws-rds", "impact": "minor", "note": _TOKYO_ZONE},
            {"product": "aws-redshift", "impact": "minor", "note": _TOKYO_ZONE},
            {"product": "aws-elasticache", "impact": "minor", "note": _TOKYO_ZONE},
            {"product": "aws-workspaces", "impact": "minor", "note": _TOKYO_ZONE},
        ],
        sourcing={
            "started_at": official("aws-56489"),
            "ended_at": official(
                "aws-56489", "Most instances by 18:30 JST; a few needed their hardware retired."
            ),
            "regions": secondary(
                "serverworks-56489", "AWS names one zone; the AZ ID is Serverworks'."
            ),
            "products": official("aws-56489", "Impact levels are the record's reading."),
            "root_cause": official("aws-56489"),
        },
    ),
    outage(
        slug="aws-use1-kinesis-2020-11-25",
        provider="aws",
        title="Amazon Kinesis event in the Northern Virginia Region (US-EAST-1)",
        summary="Kinesis Data Streams failed in US-EAST-1 for most of a day, and services "
        "built on it (Cognito, CloudWatch, Auto Scaling, Lambda) failed with it.",
        impact="critical",
        started_at=_KINESIS.format("05:15"),
        ended_at=_KINESIS.format("22:23"),
        time_zone="America/Los_Angeles",
        root_cause="AWS: the trigger, though not the root cause, was a small addition of "
        "capacity to the Kinesis front-end fleet between 2:44 and 3:47 AM PST. Each front-end "
        "server creates an operating-system thread for every other front-end server; with the "
        "new servers every server exceeded the maximum number of threads its operating system "
        "configuration allowed (ZDNet's summary of the AWS report).",
        postmortem_url="https://aws.amazon.com/message/11201/",
        regions=["us-east-1"],
        citations=["aws-11201", "zdnet-11201", "byu-11201"],
        updates=[
            (_KINESIS.format("05:15"), "investigating", "First alarms for Kinesis errors."),
            (_KINESIS.format("22:23"), "resolved", "Kinesis fully restored (ZDNet)."),
        ],
        impacts=[
            {"product": "aws-kinesis", "impact": "critical"},
            {"product": "aws-cognito", "impact": "major"},
            {"product": "aws-cloudwatch", "impact": "major"},
            {"product": "aws-lambda", "impact": "major"},
            {"product": "aws-autoscaling", "impact": "minor"},
        ],
        sourcing={
            "started_at": official(
                "aws-11201",
                "The report's 5:15 AM PST sentence is cut in the copy read; ZDNet "
                "gives the same time.",
            ),
            "ended_at": secondary("zdnet-11201"),
            "regions": official("aws-11201"),
            "products": secondary("byu-11201"),
            "root_cause": official(
                "aws-11201", "The thread-limit sentence is ZDNet's summary of the report."
            ),
        },
    ),
    outage(
        slug="aws-euc1-2021-06-10",
        provider="aws",
        title="EC2 connectivity issues in one Availability Zone of EU-CENTRAL-1 (Frankfurt)",
        summary="Cooling failed in part of a Frankfurt zone; servers and redundant network "
        "switches powered off, and a fire-suppression discharge kept engineers out until the "
        "fire department cleared the building. EC2, EBS and services built on them failed.",
        impact="major",
        started_at=_FRA.format("13:18"),
        ended_at=_FRA.format("16:33"),
        time_zone="America/Los_Angeles",
        root_cause="A failure of a control system disabled multiple air handlers in the zone. "
        "Servers and network equipment powered off at unsafe temperatures. A fire-suppression "
        "system, which should need smoke to activate, discharged; the data centre was "
        "evacuated and sealed until the fire department inspected it and the building was "
        "re-oxygenated.",
        regions=["eu-central-1", "euc1-az1"],
        citations=["aws-euc1-rca", "register-euc1", "borncity-euc1"],
        updates=[
            (
                _FRA.format("13:18"),
                "investigating",
                "Connectivity issues for some EC2 instances in one zone.",
            ),
            (_FRA.format("16:26"), "monitoring", "Network connectivity restored."),
            (_FRA.format("16:33"), "resolved", "API error rates and latencies back to normal."),
        ],
        impacts=[
            {"product": "aws-ec2", "impact": "major"},
            {"product": "aws-ebs", "impact": "major", "note": "Degraded volume performance."},
            {"product": "aws-kinesis", "impact": "minor", "note": "The Register: wobbled."},
            {"product": "aws-kinesis-firehose", "impact": "minor", "note": "The Register."},
            {"product": "aws-rds", "impact": "minor", "note": "The Register."},
            {"product": "aws-cloudformation", "impact": "minor", "note": "The Register."},
        ],
        reported_times=[
            {
                "field": "started_at",
                "value": _FRA.format("13:18"),
                "citation": "aws-euc1-rca",
                "note": "AWS's root-cause post.",
            },
            {
                "field": "started_at",
                "value": _FRA.format("13:24"),
                "citation": "register-euc1",
                "note": "The status page during the event, as quoted by The Register.",
            },
        ],
        sourcing={
            "started_at": official("aws-euc1-rca", _COPY),
            "ended_at": official("aws-euc1-rca", _COPY),
            "regions": secondary("borncity-euc1"),
            "products": secondary("register-euc1"),
            "root_cause": official("aws-euc1-rca", _COPY),
        },
    ),
    outage(
        slug="aws-use1-az4-2021-12-22",
        provider="aws",
        title="Power loss in one US-EAST-1 Availability Zone (use1-az4)",
        summary="A data centre in use1-az4 lost power; EC2 launches and networking failed in "
        "the zone, Slack and Asana reported problems (The Register), and some instances and "
        "volumes sat on hardware that could not be recovered.",
        impact="major",
        started_at=_USE1.format("04:35"),
        ended_at=_USE1.format("14:30"),
        time_zone="America/Los_Angeles",
        root_cause="Loss of power in a data centre of use1-az4 (AWS status page, as quoted). "
        "AWS's detailed account was not found in a stored copy.",
        regions=["us-east-1", "use1-az4"],
        citations=["register-use1-az4", "techerati-use1-az4"],
        updates=[
            (_USE1.format("04:35"), "investigating", "Launch failures and networking issues."),
            (_USE1.format("05:39"), "identified", "Power restored."),
            (
                _USE1.format("14:30"),
                "resolved",
                "Vast majority of EC2 instances and EBS volumes recovered; some hardware is "
                "not recoverable.",
            ),
        ],
        impacts=[
            {"product": "aws-ec2", "impact": "major"},
            {"product": "aws-ebs", "impact": "major"},
        ],
        sourcing={
            "started_at": secondary("register-use1-az4"),
            "ended_at": secondary("techerati-use1-az4", "The status page as quoted."),
            "regions": secondary("register-use1-az4"),
            "products": secondary("register-use1-az4"),
            "root_cause": secondary("register-use1-az4"),
        },
    ),
    outage(
        slug="aws-use1-lambda-2023-06-13",
        provider="aws",
        title="AWS Lambda service disruption in the Northern Virginia Region (US-EAST-1)",
        summary="Lambda invocations in US-EAST-1 returned errors and slowed; STS, the AWS "
        "Management Console, EKS, Connect and EventBridge failed with them. Lambda was back "
        "to normal at 1:45 PM PDT and every service by 3:37 PM PDT.",
        impact="major",
        started_at=_LAMBDA.format("11:49"),
        ended_at=_LAMBDA.format("15:37"),
        time_zone="America/Los_Angeles",
        root_cause="While adding capacity, the Lambda Frontend fleet crossed a capacity "
        "threshold never before reached within a single cell. That triggered a latent software "
        "defect: execution environments were allocated for incoming requests but never fully "
        "used by the Frontend, so Lambda could not provision new ones.",
        postmortem_url="https://aws.amazon.com/message/061323/",
        regions=["us-east-1"],
        citations=["aws-061323"],
        updates=[
            (_LAMBDA.format("11:49"), "investigating", "Lambda invocation errors and latency."),
            (_LAMBDA.format("13:45"), "monitoring", "Lambda invocations back to normal levels."),
            (_LAMBDA.format("15:37"), "resolved", "All affected services fully recovered."),
        ],
        impacts=[
            {"product": "aws-lambda", "impact": "major", "ended_at": _LAMBDA.format("13:45")},
            {"product": "aws-sts", "impact": "minor", "note": _LAMBDA_KNOCK_ON},
            {"product": "aws-console", "impact": "minor", "note": _LAMBDA_KNOCK_ON},
            {"product": "aws-eks", "impact": "minor", "note": _LAMBDA_KNOCK_ON},
            {"product": "aws-connect", "impact": "minor", "note": _LAMBDA_KNOCK_ON},
            {"product": "aws-eventbridge", "impact": "minor", "note": _LAMBDA_KNOCK_ON},
        ],
        sourcing={
            "started_at": official("aws-061323"),
            "ended_at": official("aws-061323"),
            "regions": official("aws-061323"),
            "products": official("aws-061323", "Impact levels are the record's reading."),
            "root_cause": official("aws-061323"),
        },
    ),
]
