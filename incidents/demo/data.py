"""The original demo data set as plain structures, each value with its citation.

Times are ISO 8601 with the offset the vendor used (Beijing time is +08:00, AWS and
Google Cloud post Pacific time), so each value can be checked against its source as
written; the loader stores them in UTC. Dates are ISO dates. Citations are keyed by a
short name used only inside this file. Where the facts file marks a value unverified,
the text says so rather than rounding it into certainty.
"""

ORGANIZATIONS = [
    # (slug, name, native name, parent slug, website)
    ("alibaba-group", "Alibaba Group", "阿里巴巴集团", None, "https://www.alibabagroup.com/"),
    (
        "alibaba-cloud-intelligence",
        "Alibaba Cloud Intelligence Group",
        "阿里云智能集团",
        "alibaba-group",
        "https://www.alibabacloud.com/",
    ),
    ("taotian-group", "Taotian Group", "淘天集团", "alibaba-group", ""),
    ("alibaba-local-services", "Local Services Group", "本地生活集团", "alibaba-group", ""),
    ("cainiao", "Cainiao Smart Logistics Network", "菜鸟集团", "alibaba-group", ""),
    ("ant-group", "Ant Group", "蚂蚁集团", None, "https://www.antgroup.com/"),
    ("amazon", "Amazon", "", None, "https://www.amazon.com/"),
    ("google", "Google", "", None, "https://about.google/"),
    ("microsoft", "Microsoft", "", None, "https://www.microsoft.com/"),
    ("cloudflare", "Cloudflare", "", None, "https://www.cloudflare.com/"),
    ("fastly", "Fastly", "", None, "https://www.fastly.com/"),
    ("ovhcloud", "OVHcloud", "", None, "https://www.ovhcloud.com/"),
]

PROVIDERS = [
    # (slug, name, organization, time zone, website, status page)
    (
        "alibaba-cloud",
        "Alibaba Cloud",
        "alibaba-cloud-intelligence",
        "Asia/Shanghai",
        "https://www.alibabacloud.com/",
        "https://status.aliyun.com/",
    ),
    (
        "aws",
        "Amazon Web Services",
        "amazon",
        "America/Los_Angeles",
        "https://aws.amazon.com/",
        "https://health.aws.amazon.com/health/status",
    ),
    (
        "google-cloud",
        "Google Cloud",
        "google",
        "America/Los_Angeles",
        "https://cloud.google.com/",
        "https://status.cloud.google.com/",
    ),
    (
        "azure",
        "Microsoft Azure",
        "microsoft",
        "UTC",
        "https://azure.microsoft.com/",
        "https://azure.status.microsoft/en-us/status",
    ),
    (
        "cloudflare",
        "Cloudflare",
        "cloudflare",
        "UTC",
        "https://www.cloudflare.com/",
        "https://www.cloudflarestatus.com/",
    ),
    (
        "fastly",
        "Fastly",
        "fastly",
        "UTC",
        "https://www.fastly.com/",
        "https://www.fastlystatus.com/",
    ),
    ("ovhcloud", "OVHcloud", "ovhcloud", "Europe/Paris", "https://www.ovhcloud.com/", ""),
    (
        "github",
        "GitHub",
        "microsoft",
        "UTC",
        "https://github.com/",
        "https://www.githubstatus.com/",
    ),
]

REGIONS = [
    # (provider, slug, name, kind, parent slug); parents come before their zones.
    (
        "alibaba-cloud",
        "global",
        "All regions (incl. finance and government clouds)",
        "global",
        None,
    ),
    ("alibaba-cloud", "cn-hongkong", "China (Hong Kong)", "region", None),
    ("alibaba-cloud", "cn-hongkong-c", "Hong Kong Zone C", "zone", "cn-hongkong"),
    ("alibaba-cloud", "cn-beijing", "China (Beijing)", "region", None),
    ("alibaba-cloud", "cn-shanghai", "China (Shanghai)", "region", None),
    ("alibaba-cloud", "cn-hangzhou", "China (Hangzhou)", "region", None),
    ("alibaba-cloud", "cn-shenzhen", "China (Shenzhen)", "region", None),
    ("alibaba-cloud", "cn-qingdao", "China (Qingdao)", "region", None),
    ("alibaba-cloud", "us-east-1", "US (Virginia)", "region", None),
    ("alibaba-cloud", "us-west-1", "US (Silicon Valley)", "region", None),
    ("aws", "us-east-1", "US East (N. Virginia)", "region", None),
    ("google-cloud", "global", "Global", "global", None),
    ("google-cloud", "europe-west9", "Paris", "region", None),
    ("google-cloud", "europe-west9-a", "Paris zone a", "zone", "europe-west9"),
    ("azure", "global", "Global", "global", None),
    ("cloudflare", "ams", "Amsterdam", "site", None),
    ("cloudflare", "fra", "Frankfurt", "site", None),
    ("cloudflare", "lhr", "London", "site", None),
    ("cloudflare", "iad", "Ashburn", "site", None),
    ("cloudflare", "sin", "Singapore", "site", None),
    ("cloudflare", "nrt", "Tokyo", "site", None),
    ("fastly", "global", "Global network", "global", None),
    ("ovhcloud", "sbg", "Strasbourg", "region", None),
    ("ovhcloud", "sbg1", "Strasbourg SBG1", "site", "sbg"),
    ("ovhcloud", "sbg2", "Strasbourg SBG2", "site", "sbg"),
    ("ovhcloud", "sbg3", "Strasbourg SBG3", "site", "sbg"),
    ("ovhcloud", "sbg4", "Strasbourg SBG4", "site", "sbg"),
]

_ALI = {"owner": "alibaba-cloud-intelligence", "provider": "alibaba-cloud"}
# Alibaba's own apps were hit on 2023-11-12 through the AccessKey service; the
# dependency edge is inferred from that outage, not from a published architecture.
_APP_DEPS = ["aliyun-accesskey"]

# Where and when each "depends on" above held, and the source for it. A dependency scoped
# to regions is used only for incidents there; one without a source is shown as unsourced.
DEPENDENCY_SOURCES = {
    ("aliyun-ecs-control-plane", "aliyun-oss"): {
        "regions": ["cn-hongkong", "cn-hongkong-c"],
        "citation": "ali-hk-report",
        "note": "The fault report: in Hong Kong the control plane used single-zone OSS in Zone C.",
    },
    ("aliyun-ecs-control-plane", "aliyun-middleware"): {
        "regions": ["cn-hongkong", "cn-hongkong-c"],
        "citation": "ali-hk-report",
        "note": "The fault report: in Hong Kong the control plane used middleware in Zone C.",
    },
    ("aliyun-console", "aliyun-accesskey"): {
        "citation": "51cto-fault-report",
        "note": "The fault report: the AccessKey failure made the consoles fail.",
    },
    ("aliyun-openapi", "aliyun-accesskey"): {
        "citation": "51cto-fault-report",
        "note": "The fault report: the AccessKey failure made the management APIs fail.",
    },
    **{
        (app, "aliyun-accesskey"): {
            "citation": "scmp-1112",
            "note": "Inferred from 2023-11-12, when the app failed with the AccessKey service "
            "(press); no published architecture states it.",
        }
        for app in (
            "taobao",
            "xianyu",
            "dingtalk",
            "aliyun-drive",
            "eleme",
            "tmall-genie",
            "cainiao-app",
            "quark",
            "yuque",
        )
    },
}

PRODUCTS = [
    # Products a product depends on are listed before it.
    {
        "slug": "aliyun-accesskey",
        "name": "AccessKey service",
        "name_native": "AccessKey 服务",
        "kind": "platform",
        **_ALI,
    },
    {
        "slug": "aliyun-oss",
        "name": "Object Storage Service (OSS)",
        "name_native": "对象存储 OSS",
        **_ALI,
    },
    {
        "slug": "aliyun-middleware",
        "name": "Alibaba Cloud internal middleware",
        "kind": "platform",
        **_ALI,
    },
    {
        "slug": "aliyun-ecs",
        "name": "Elastic Compute Service (ECS)",
        "name_native": "云服务器 ECS",
        **_ALI,
    },
    {
        "slug": "aliyun-ecs-control-plane",
        "name": "ECS control plane",
        "kind": "platform",
        "depends_on": ["aliyun-oss", "aliyun-middleware"],
        "description": "In Hong Kong it depended on single-zone OSS and middleware in Zone C.",
        **_ALI,
    },
    {
        "slug": "aliyun-ebs",
        "name": "Elastic Block Storage (EBS)",
        "name_native": "块存储 EBS",
        **_ALI,
    },
    {"slug": "aliyun-rds", "name": "ApsaraDB RDS", "name_native": "云数据库 RDS", **_ALI},
    {"slug": "aliyun-redis", "name": "ApsaraDB for Redis", "name_native": "云数据库 Redis", **_ALI},
    {
        "slug": "aliyun-mongodb",
        "name": "ApsaraDB for MongoDB",
        "name_native": "云数据库 MongoDB",
        **_ALI,
    },
    {"slug": "aliyun-polardb", "name": "PolarDB", "name_native": "云原生数据库 PolarDB", **_ALI},
    {
        "slug": "aliyun-dts",
        "name": "Data Transmission Service (DTS)",
        "name_native": "数据传输服务 DTS",
        **_ALI,
    },
    {"slug": "aliyun-network", "name": "Networking (VPC, SLB, EIP)", **_ALI},
    {"slug": "aliyun-ots", "name": "Tablestore (OTS)", "name_native": "表格存储 OTS", **_ALI},
    {
        "slug": "aliyun-sls",
        "name": "Simple Log Service (SLS)",
        "name_native": "日志服务 SLS",
        **_ALI,
    },
    {"slug": "aliyun-mns", "name": "Message Service (MNS)", "name_native": "消息服务 MNS", **_ALI},
    {
        "slug": "aliyun-console",
        "name": "Alibaba Cloud consoles",
        "name_native": "云产品控制台",
        "kind": "platform",
        "depends_on": ["aliyun-accesskey"],
        **_ALI,
    },
    {
        "slug": "aliyun-openapi",
        "name": "Alibaba Cloud OpenAPI (management APIs)",
        "kind": "platform",
        "depends_on": ["aliyun-accesskey"],
        **_ALI,
    },
    {
        "slug": "taobao",
        "name": "Taobao",
        "name_native": "淘宝",
        "kind": "consumer_app",
        "owner": "taotian-group",
        "provider": "alibaba-cloud",
        "depends_on": _APP_DEPS,
    },
    {
        "slug": "xianyu",
        "name": "Xianyu",
        "name_native": "闲鱼",
        "kind": "consumer_app",
        "owner": "taotian-group",
        "provider": "alibaba-cloud",
        "depends_on": _APP_DEPS,
    },
    {
        "slug": "dingtalk",
        "name": "DingTalk",
        "name_native": "钉钉",
        "kind": "consumer_app",
        "depends_on": _APP_DEPS,
        **_ALI,
    },
    {
        "slug": "aliyun-drive",
        "name": "Aliyun Drive",
        "name_native": "阿里云盘",
        "kind": "consumer_app",
        "depends_on": _APP_DEPS,
        **_ALI,
    },
    {
        "slug": "eleme",
        "name": "Ele.me",
        "name_native": "饿了么",
        "kind": "consumer_app",
        "owner": "alibaba-local-services",
        "provider": "alibaba-cloud",
        "depends_on": _APP_DEPS,
    },
    {
        "slug": "tmall-genie",
        "name": "Tmall Genie",
        "name_native": "天猫精灵",
        "kind": "consumer_app",
        "owner": "alibaba-group",
        "provider": "alibaba-cloud",
        "depends_on": _APP_DEPS,
    },
    {
        "slug": "cainiao-app",
        "name": "Cainiao",
        "name_native": "菜鸟",
        "kind": "consumer_app",
        "owner": "cainiao",
        "provider": "alibaba-cloud",
        "depends_on": _APP_DEPS,
    },
    {
        "slug": "quark",
        "name": "Quark",
        "name_native": "夸克",
        "kind": "consumer_app",
        "owner": "alibaba-group",
        "provider": "alibaba-cloud",
        "depends_on": _APP_DEPS,
    },
    {
        "slug": "yuque",
        "name": "Yuque",
        "name_native": "语雀",
        "kind": "consumer_app",
        "owner": "ant-group",
        "provider": "alibaba-cloud",
        "depends_on": _APP_DEPS,
    },
    {
        "slug": "aws-control-plane-apis",
        "name": "AWS control-plane APIs",
        "kind": "platform",
        "owner": "amazon",
        "provider": "aws",
    },
    {"slug": "aws-api-gateway", "name": "Amazon API Gateway", "owner": "amazon", "provider": "aws"},
    {
        "slug": "aws-sts",
        "name": "AWS Security Token Service (STS)",
        "owner": "amazon",
        "provider": "aws",
    },
    {"slug": "aws-cloudwatch", "name": "Amazon CloudWatch", "owner": "amazon", "provider": "aws"},
    {"slug": "aws-connect", "name": "Amazon Connect", "owner": "amazon", "provider": "aws"},
    {"slug": "aws-fargate", "name": "AWS Fargate", "owner": "amazon", "provider": "aws"},
    {
        "slug": "aws-ecs",
        "name": "Amazon Elastic Container Service (ECS)",
        "owner": "amazon",
        "provider": "aws",
    },
    {
        "slug": "aws-eks",
        "name": "Amazon Elastic Kubernetes Service (EKS)",
        "owner": "amazon",
        "provider": "aws",
    },
    {
        "slug": "gcp-cloud-console",
        "name": "Google Cloud Console",
        "kind": "platform",
        "owner": "google",
        "provider": "google-cloud",
    },
    {
        "slug": "gcp-compute-engine",
        "name": "Google Compute Engine",
        "owner": "google",
        "provider": "google-cloud",
    },
    {
        "slug": "gcp-gke",
        "name": "Google Kubernetes Engine",
        "owner": "google",
        "provider": "google-cloud",
    },
    {"slug": "gcp-cloud-sql", "name": "Cloud SQL", "owner": "google", "provider": "google-cloud"},
    {
        "slug": "gcp-bigtable",
        "name": "Cloud Bigtable",
        "owner": "google",
        "provider": "google-cloud",
    },
    {
        "slug": "azure-expressroute",
        "name": "Azure ExpressRoute",
        "owner": "microsoft",
        "provider": "azure",
    },
    {
        "slug": "microsoft-teams",
        "name": "Microsoft Teams",
        "kind": "consumer_app",
        "owner": "microsoft",
        "provider": "azure",
    },
    {
        "slug": "outlook",
        "name": "Outlook (Microsoft 365)",
        "kind": "consumer_app",
        "owner": "microsoft",
        "provider": "azure",
    },
    {
        "slug": "cloudflare-cdn",
        "name": "Cloudflare CDN and proxy",
        "owner": "cloudflare",
        "provider": "cloudflare",
    },
    {"slug": "fastly-cdn", "name": "Fastly CDN", "owner": "fastly", "provider": "fastly"},
]

CITATIONS = {
    # key: (url, title, publisher, published_on, language, official, quote)
    "ali-hk-report": (
        "https://help.aliyun.com/noticelist/articleid/1061819219.html",
        "关于阿里云香港Region可用区C服务中断事件的说明",
        "Alibaba Cloud",
        "2022-12-25",
        "zh-Hans",
        True,
        "",
    ),
    "ali-status-1": (
        "https://status.aliyun.com/#/eventDetail?eventId=1",
        "阿里云健康看板: event 1 (Hong Kong Zone C)",
        "Alibaba Cloud",
        None,
        "zh-Hans",
        True,
        "",
    ),
    "sta-gd-hk": (
        "https://xh.sta.gd.cn/keji/20221226/18041.html",
        "关于阿里云香港Region可用区C服务中断事件的说明 (republished)",
        "xh.sta.gd.cn",
        "2022-12-26",
        "zh-Hans",
        False,
        "",
    ),
    "scmp-hk-review": (
        "https://www.scmp.com/tech/big-tech/article/3204593",
        "Alibaba cloud services unit's review finds system breakdown a week ago "
        "'longest major-scale failure' in Hong Kong and Macau",
        "South China Morning Post",
        None,
        "en",
        False,
        "At [10.50pm], the data security check and risk assessment were completed.",
    ),
    "register-hk": (
        "https://www.theregister.com/2022/12/20/alibaba_cloud_hong_kong_outage/",
        "Refrigeration failure at Hong Kong datacenter takes out Alibaba Cloud and others",
        "The Register",
        "2022-12-20",
        "en",
        False,
        "As of Monday, Alibaba's status page reported that all systems were back online.",
    ),
    "ali-status-16": (
        "https://status.aliyun.com/#/eventDetail?eventId=16",
        "阿里云健康看板: event 16 (云产品控制台服务异常)",
        "Alibaba Cloud",
        "2023-11-12",
        "zh-Hans",
        True,
        "",
    ),
    "51cto-fault-report": (
        "https://www.51cto.com/article/775806.html",
        "2023-11-12阿里云故障解密和反思 (commentary quoting the fault report; not an official "
        "report)",
        "51CTO",
        None,
        "zh-Hans",
        False,
        "北京时间2023年11月12日 17:39-19:20",
    ),
    "codetd-fault-report": (
        "https://www.codetd.com/en/article/17168809",
        "Alibaba Cloud 2023-11-12 fault report (republished)",
        "CodeTD",
        None,
        "en",
        False,
        "",
    ),
    "ithome-1127": (
        "https://lookcc.net/news/202311/99891.html",
        "部分地域云数据库控制台访问异常，阿里云抢修并致歉 (IT之家, republished)",
        "IT之家 via lookcc.net",
        "2023-11-28",
        "zh-Hans",
        False,
        "北京时间 2023 年 11 月 27 日 09:16 起，阿里云监控发现北京、上海、杭州、深圳、"
        "青岛、香港以及美东、美西地域的数据库产品（RDS、PolarDB、Redis 等）的控制台和 "
        "OpenAPI 访问出现异常，实例运行不受影响。经过工程师紧急处理，访问异常问题已于当日 "
        "10:58 恢复。",
    ),
    "oxo-fault-report-1112": (
        "https://oxo-chat-server.com/bulletins/B11AF07A256B5E512993ECF7BC596BF4",
        "Alibaba Cloud fault report of 2023-11-12 (问题、原因、改进措施), verbatim copy",
        "oxo-chat-server.com",
        "2023-11-15",
        "zh-Hans",
        False,
        "访问密钥服务 (AK)在读取白名单数据时出现读取异常,因处理读取异常的代码存在逻辑"
        "缺陷,生成了一份不完整白名单,导致不在此白名单中的有效请求失败",
    ),
    "zzss-hk-1530": (
        "http://zzssnews.com/index.php?id=1577",
        "15.5小时！阿里云史上最长大规模中断：官方公告四大问题",
        "zzssnews.com",
        None,
        "zh-Hans",
        False,
        "从当天早上8点56分首次检测到故障警告，次日凌晨0点30分所有服务恢复正常，历时超过15个半小时。",
    ),
    "scmp-1112": (
        "https://siastes.com/alibaba-cloud-service-failure-hits-shopping-app-taobao-a-day-"
        "after-singles-day-in-second-major-outage-in-a-year/",
        "Alibaba Cloud service failure hits shopping app Taobao a day after Singles' Day "
        "(SCMP, republished)",
        "South China Morning Post via siastes.com",
        None,
        "en",
        False,
        "detected abnormalities in its console and application programming interface at "
        "5.44pm, but managed to restore all services by 9.11pm",
    ),
    "jmdgm-1112": (
        "http://www.jmdgm.com/xingyedongtai/6239.html",
        "雙11第二天，阿里云崩了！ (press report of the 2023-11-12 outage)",
        "jmdgm.com",
        None,
        "zh-Hant",
        False,
        "包括淘寶、閑魚、釘釘、阿里雲盤、餓了麼、天貓精靈、菜鳥、夸克、語雀等，多個阿里系App出現無法訪問"
        "或服務異常的情況",
    ),
    "vonng-1112": (
        "https://blog.vonng.com/en/cloud/aliyun",
        "Outside analysis of the 2023-11-12 Alibaba Cloud outage (Vonng)",
        "Feng Ruohang (Vonng)",
        None,
        "en",
        False,
        "all global regions/availability zones ✖️ all services showed anomalies, spanning "
        "from 17:44 to 21:11",
    ),
    "ali-status-17": (
        "https://status.aliyun.com/#/eventDetail?eventId=17",
        "阿里云健康看板: event 17 (部分地域云数据库控制台访问异常)",
        "Alibaba Cloud",
        "2023-11-27",
        "zh-Hans",
        True,
        "",
    ),
    "gamingdeputy-1127": (
        "https://gamingdeputy.com/abnormal-console-access-reported-in-certain-regions-of-"
        "alibaba-clouds-database-company-takes-action-to-repair-and-apologizes",
        "Abnormal Console Access Reported in Certain Regions of Alibaba Cloud's Database",
        "Gamingdeputy",
        "2023-11-28",
        "en",
        False,
        "the abnormal access problem was restored at 10:58 that day",
    ),
    "eeo-1229": (
        "https://www.eeo.com.cn/2022/1229/572882.shtml",
        "Report of Daniel Zhang's all-staff email of 2022-12-29 (经济观察网)",
        "经济观察网",
        "2022-12-29",
        "zh-Hans",
        False,
        "",
    ),
    "huxiu-1229": (
        "https://ahtit.com/article/147714.html",
        "逍遥子为何亲自挂帅阿里云 (虎嗅, republished)",
        "虎嗅 via ahtit.com",
        None,
        "zh-Hans",
        False,
        "虎嗅从多位知情人士处了解到，此次的人事变动，或与12月18日，阿里云香港Region可用区C"
        "发生大规模服务中断事件相关。",
    ),
    "pingwest-1229": (
        "https://en.pingwest.com/a/11260",
        "Report of the 2022-12-29 Alibaba Cloud leadership change (PingWest)",
        "PingWest",
        "2022-12-29",
        "en",
        False,
        "",
    ),
    "redian-0328": (
        "https://redian.news/wxnews/330368",
        'Report of Alibaba\'s "1+6+N" reorganisation of 2023-03-28',
        "redian.news",
        "2023-03-28",
        "zh-Hans",
        False,
        "",
    ),
    "pingwest-0518": (
        "https://en.pingwest.com/w/11745",
        "Alibaba board approves separate listings for Cloud, Cainiao units",
        "PingWest",
        "2023-05-18",
        "en",
        False,
        "The Cloud Intelligence Group will be fully spun off and distributed to shareholders "
        "as a stock dividend",
    ),
    "xinhua-0620": (
        "http://en.people.cn/n3/2023/0621/c90000-20034319.html",
        "China's e-commerce giant Alibaba appoints new Chairman, CEO",
        "Xinhua via People's Daily Online",
        "2023-06-21",
        "en",
        False,
        "Both appointments will take effect on Sept. 10 this year.",
    ),
    "herich-0620": (
        "http://www.herich.com.cn/zixun/shijiejingji/2023-06-20/634245.html",
        "阿里管理层重大调整：张勇卸任集团职务专职阿里云 蔡崇信、吴泳铭接任集团董事会主席和CEO",
        "上海证券报 via herich.com.cn",
        "2023-06-20",
        "zh-Hans",
        False,
        "吴泳铭出任阿里巴巴控股集团CEO，同时继续兼任淘天集团董事长",
    ),
    "scmp-0911": (
        "https://www.scmp.com/tech/big-tech/article/3234066/former-alibaba-ceo-daniel-zhang-"
        "steps-down-cloud-unit-surprise-move-amid-leadership-transition",
        "Former Alibaba CEO Daniel Zhang steps down from cloud unit in surprise move amid "
        "leadership transition",
        "South China Morning Post",
        "2023-09-11",
        "en",
        False,
        "has also taken over for Zhang as acting chairman and CEO of Alibaba Cloud "
        "Intelligence Group on the same day",
    ),
    "cnbc-0911": (
        "https://www.cnbc.com/2023/09/11/alibaba-shares-tumble-after-daniel-zhang-"
        "unexpectedly-quits-cloud-business-.html",
        "Alibaba shares tumble after Daniel Zhang unexpectedly quits cloud business",
        "CNBC",
        "2023-09-11",
        "en",
        False,
        "",
    ),
    "bloomberg-1116": (
        "https://www.bnnbloomberg.ca/us-chip-ban-fallout-spreads-as-alibaba-scraps-cloud-"
        "spinoff-1.1999624",
        "US chip ban fallout spreads as Alibaba scraps cloud spinoff",
        "Bloomberg via BNN Bloomberg",
        "2023-11-16",
        "en",
        False,
        "The recent expansion of US restrictions on export of advanced computing chips has "
        "created uncertainties for the prospects of Cloud Intelligence Group",
    ),
    "globaltimes-1116": (
        "https://www.globaltimes.cn/page/202311/1302016.shtml",
        "Alibaba halts cloud computing spin-off due to US chip ban",
        "Global Times",
        "2023-11-17",
        "en",
        False,
        "",
    ),
    "aws-12721": (
        "https://aws.amazon.com/message/12721/",
        "Summary of the AWS Service Event in the Northern Virginia (US-EAST-1) Region",
        "Amazon Web Services",
        "2021-12-10",
        "en",
        True,
        "At 7:30 AM PST, an automated activity to scale capacity of one of the AWS services "
        "hosted in the main AWS network triggered an unexpected behavior",
    ),
    "infoq-aws-1207": (
        "https://www.infoq.com/news/2021/12/aws-outage-postmortem/",
        "AWS US-EAST-1 Outage: Postmortem and Lessons Learned",
        "InfoQ",
        None,
        "en",
        False,
        "Affected services included CloudWatch, Gateway API, Secure Token Service (STS) and "
        "container services like Fargate, ECS and EKS.",
    ),
    "thousandeyes-aws-1207": (
        "https://www.thousandeyes.com/blog/aws-outage-analysis-dec-7-2021",
        "AWS Outage Analysis: December 7, 2021",
        "ThousandEyes",
        "2021-12-07",
        "en",
        False,
        "not fully resolving until approximately 0:44 UTC (4:44 pm PT)",
    ),
    "gcp-status-paris": (
        "https://status.cloud.google.com/incidents/dS9ps52MUnxQfyDGPfkY",
        "Google Cloud status: incident dS9ps52MUnxQfyDGPfkY, europe-west9",
        "Google Cloud",
        None,
        "en",
        True,
        "",
    ),
    "register-gcp-paris-0426": (
        "https://dailytech.email/link/15414/web",
        "Google Cloud slips over in Europe amid water leak, fire (The Register, republished)",
        "The Register via dailytech.email",
        "2023-04-26",
        "en",
        False,
        "Water intrusion in europe-west9-a led to an emergency shutdown of some hardware in that "
        "zone",
    ),
    "stack-gcp-paris": (
        "https://exbulletin.com/tech/2124054/",
        "Google Cloud Paris outage caused by water intrusion (republished)",
        "exbulletin.com",
        "2023-04-28",
        "en",
        False,
        "Major impact observed from 2023-04-25 23:15:30 PDT to 2023-04-26 03:38:40 PDT",
    ),
    "itpro-gcp-paris": (
        "https://www.itpro.com/infrastructure/data-centres/google-cloud-deep-into-second-day-of-"
        "fire-and-flood-data-center-fiasco",
        "Google Cloud deep into second day of fire and flood data center fiasco",
        "ITPro",
        None,
        "en",
        False,
        "Water intrusion in europe-west9-a has caused a multi-cluster failure and has led to an "
        "emergency shutdown of multiple zones",
    ),
    "register-gcp-paris": (
        "https://www.theregister.com/2023/05/10/google_cloud_paris_outage_persists/",
        "Google Cloud's watery Parisian outage enters third week, with no end in sight",
        "The Register",
        "2023-05-10",
        "en",
        False,
        "The impact for Cloud Bigtable continues in europe-west9-a.",
    ),
    "azure-history": (
        "https://azure.status.microsoft/en-us/status/history/",
        "Azure status history: Preliminary Post Incident Review, Tracking ID VSG1-B90",
        "Microsoft",
        None,
        "en",
        True,
        "Between 07:05 UTC and 12:43 UTC on 25 January 2023, customers experienced issues with "
        "networking connectivity",
    ),
    "leanix-azure-pir": (
        "https://status.leanix.net/incidents/gqytsz121wy5",
        "Final Post Incident Review, Azure Networking, Global WAN issues (VSG1-B90), republished",
        "LeanIX status page",
        None,
        "en",
        False,
        "Between 07:08 UTC and 12:43 UTC on 25 January 2023 ... While most regions and services "
        "had recovered by 09:05 UTC",
    ),
    "cloudflare-blog": (
        "https://blog.cloudflare.com/cloudflare-outage-on-june-21-2022/",
        "Cloudflare outage on June 21, 2022",
        "Cloudflare",
        "2022-06-21",
        "en",
        True,
        "A change to the network configuration in those locations caused an outage which started "
        "at 06:27 UTC. At 06:58 UTC the first data center was brought back online and by 07:42 "
        "UTC all data centers were online and working correctly.",
    ),
    "site24x7-cf-0621": (
        "https://www.site24x7.com/blog/6-lessons-from-cloudflares-june-2022-outage",
        "6 lessons from Cloudflare's June 2022 outage",
        "Site24x7",
        None,
        "en",
        False,
        "The outage had a worldwide impact, disabling access to many apps, like Discord",
    ),
    "fastly-blog": (
        "https://www.fastly.com/blog/summary-of-june-8-outage",
        "Summary of June 8 outage",
        "Fastly",
        "2021-06-08",
        "en",
        True,
        "Within 49 minutes, 95% of our network was operating as normal.",
    ),
    "ovh-communique": (
        "https://www.nextinpact.com/article/46373/ovhcloud-feu-se-declare-a-strasbourg-partie-site-"
        "detruit",
        "OVHcloud : le feu se déclare à Strasbourg, une partie du site détruit (OVHcloud's "
        "statement quoted in full)",
        "Next INpact",
        "2021-03-10",
        "fr",
        False,
        "Ce mercredi 10 mars 2021, à 00h47, un incendie s'est déclaré dans une salle d'un de nos 4 "
        "datacentres strasbourgeois, SBG2. ... dès 2h54. À 4h09, le feu a détruit SBG2",
    ),
    "jdn-ovh-sdis": (
        "https://www.journaldunet.com/cloud/1509749-enquete-sur-l-incendie-d-ovh-des-conclusions-"
        "accablantes/",
        "Enquête sur l'incendie d'OVH : les pompiers pointent les défaillances",
        "Journal du Net",
        None,
        "fr",
        False,
        "l'absence de système d'extinction incendie automatique sur le site et de dispositif de "
        "coupure électrique général",
    ),
    "channelnews-ovh-bea": (
        "https://www.channelnews.fr/une-fuite-deau-pourrait-etre-a-lorigine-de-lincendie-ovh-115523",
        "Une fuite d'eau pourrait être à l'origine de l'incendie OVH (BEA-RI report)",
        "ChannelNews",
        None,
        "fr",
        False,
        "ces seuls éléments ne permettent pas de déterminer la cause de la défaillance",
    ),
    "klaba-ovh-0310": (
        "https://baxtel.com/news/ovh-data-center-sbg2-destroyed-by-fire-in-strasbourg",
        "OVH Data Center SBG2 Destroyed by fire in Strasbourg (quoting Octave Klaba)",
        "Baxtel",
        "2021-03-10",
        "en",
        False,
        "Fire destroyed SBG2. A part of SBG1 is destroyed. Firefighters are protecting SBG3. No "
        "impact SBG4",
    ),
    "ovh-statement": (
        "https://alltechskills.net/major-failure-at-ovh-data-center-fire/",
        "Major failure at OVH (data center fire), quoting OVHcloud's statement",
        "alltechskills.net",
        None,
        "en",
        False,
        "This Wednesday March 10, 2021, at 12:47 a.m., a fire broke out in a room in one of "
        "our 4 Strasbourg data centers, SBG2.",
    ),
    "cloud7-ovh-report": (
        "https://cloud7.news/data-center/firefighters-report-reveals-ovhcloud-data-center-"
        "fire-details/",
        "Firefighters' report reveals OVHcloud data center fire details",
        "Cloud7 News",
        "2022-03-24",
        "en",
        False,
        "the facility had no automatic fire extinguisher system nor an electrical cutoff mechanism",
    ),
}

# The tracker's Simplified Chinese translations of its own English update bodies, for
# updates whose original Chinese wording no copy of the report gives in full. Marked as the
# tracker's translation wherever shown; a Traditional Chinese reader falls back to them.
UPDATE_TRANSLATIONS = {
    ("ali-hk-2022-12", "2022-12-18T08:56:00+08:00"): "监控发出可用区C一个机房包间的温控告警；"
    "工程师开始处理，并通知机房服务商。",
    ("ali-hk-2022-12", "2022-12-18T09:01:00+08:00"): "多个温控告警，发现一台冷机异常。",
    ("ali-hk-2022-12", "2022-12-18T09:09:00+08:00"): "冷机4+4主备切换及故障冷机重启均失败。",
    ("ali-hk-2022-12", "2022-12-18T09:17:00+08:00"): "启动应急降温预案，辅助通风。",
    ("ali-hk-2022-12", "2022-12-18T09:23:00+08:00"): "可用区C的ECS实例开始关机。",
    ("ali-hk-2022-12", "2022-12-18T10:30:00+08:00"): "计算、存储、网络和数据库集群降载。",
    ("ali-hk-2022-12", "2022-12-18T12:30:00+08:00"): "冷机厂商人工补水排气；部分服务器关机。",
    ("ali-hk-2022-12", "2022-12-18T14:47:00+08:00"): "一个包间的喷淋因高温被触发。",
    ("ali-hk-2022-12", "2022-12-18T14:49:00+08:00"): "ECS管控可用性降至约20%，"
    "整个地域的实例创建失败。",
    ("ali-hk-2022-12", "2022-12-18T15:20:00+08:00"): "人工解锁群控，第一台冷机恢复。",
    ("ali-hk-2022-12", "2022-12-18T18:55:00+08:00"): "四台冷机恢复到正常制冷能力。",
    ("ali-hk-2022-12", "2022-12-18T19:02:00+08:00"): "分批启动服务器。",
    ("ali-hk-2022-12", "2022-12-18T19:47:00+08:00"): "温度稳定，开始恢复服务并检查数据。",
    ("ali-hk-2022-12", "2022-12-18T21:36:00+08:00"): "大部分服务器已上电。",
    ("ali-hk-2022-12", "2022-12-18T22:50:00+08:00"): "数据安全检查完成，最后一个包间恢复供电，"
    "全部服务器重启。",
    ("ali-global-2023-11-12", "2023-11-12T17:39:00+08:00"): "控制台和管理API开始出现异常。",
    ("ali-global-2023-11-12", "2023-11-12T17:44:00+08:00"): "状态页公告：云产品控制台服务异常。",
    ("ali-global-2023-11-12", "2023-11-12T18:01:00+08:00"): "定位根因：读取出错后生成了不完整的"
    "白名单。",
    (
        "ali-global-2023-11-12",
        "2023-11-12T18:07:00+08:00",
    ): "修正白名单版本，分批重启AccessKey服务。",
    ("ali-global-2023-11-12", "2023-11-12T18:35:00+08:00"): "杭州等地域开始恢复。",
    ("ali-global-2023-11-12", "2023-11-12T19:20:00+08:00"): "绝大部分地域的控制台和API恢复正常"
    "（故障报告）。",
    ("ali-global-2023-11-12", "2023-11-12T21:11:00+08:00"): "全部服务恢复（状态页）。",
}

# The tracker's translations of its region names; "香港Region可用区C" is the official report's.
REGION_TRANSLATIONS = {
    ("alibaba-cloud", "global"): ("全部地域（含金融云、政务云）", "全部地域（含金融雲、政務雲）"),
    ("alibaba-cloud", "cn-hongkong"): ("中国香港", "中國香港"),
    ("alibaba-cloud", "cn-hongkong-c"): ("香港可用区C", "香港可用區C"),
}

_ALI_STATUS = "Alibaba Cloud status"
_AWS_CONTAINERS = (
    "API requests failed, so containers could not be changed or launched; running ones were "
    "unaffected (InfoQ)."
)

INCIDENTS = [
    {
        "slug": "ali-hk-2022-12",
        "provider": "alibaba-cloud",
        "language": "zh-Hans",
        "title": "香港Region可用区C服务中断",
        "summary": "2022年12月18日，阿里云香港Region可用区C所在的第三方IDC机房冷机故障，"
        "机房温度升高，ECS、EBS、OSS、RDS等云产品服务中断，部分客户业务中断超过24小时。",
        "title_en": "Hong Kong Region Zone C service disruption",
        "summary_en": "A chiller failure at the third-party data centre hosting Hong Kong "
        "Zone C overheated the rooms; ECS, EBS, OSS, RDS and networking failed, and ECS "
        "launches failed region-wide. Some customer sites were down for more than 24 hours, "
        "among them the crypto exchange OKX and the Monetary Authority of Macao's website "
        "(SCMP). Alibaba's report names only a third-party data centre; The Register named "
        "PCCW as its owner.",
        "title_zh_hant": "香港Region可用區C服務中斷",
        "status": "postmortem",
        "impact": "critical",
        "started_at": "2022-12-18T08:56:00+08:00",
        "ended_at": "2022-12-18T22:50:00+08:00",
        "time_zone": "Asia/Shanghai",
        "root_cause": "Chiller failure at a third-party IDC: water loss let air into the shared "
        "cooling-water loop and the air lock stopped both main and standby chillers. The 4+4 "
        "switchover failed at 09:09; group control was unlocked by hand and the first chiller "
        "came back at 15:20. A heat-triggered sprinkler at 14:47 caused water damage. The ECS "
        "control plane depended on single-zone OSS and middleware in Zone C, so instance "
        "launches failed across the region.",
        # The tracker's translations of its English summary of the report's cause; the
        # report's own words for the fault are kept: 冷机, 缺水进气形成气阻.
        "root_cause_zh_hans": "第三方IDC机房冷机故障：冷却水系统缺水进气形成气阻，主备冷机均停止"
        "运行。09:09 冷机4+4主备切换失败；人工解锁群控后，第一台冷机于15:20恢复。14:47 高温触发"
        "一个包间的喷淋，造成水损。ECS管控依赖可用区C的单可用区OSS与中间件，因此整个地域的实例"
        "创建失败。",
        "root_cause_zh_hant": "第三方IDC機房冷機故障：冷卻水系統缺水進氣形成氣阻，主備冷機均停止"
        "運行。09:09 冷機4+4主備切換失敗；人工解鎖群控後，第一台冷機於15:20恢復。14:47 高溫觸發"
        "一個包間的噴淋，造成水損。ECS管控依賴可用區C的單可用區OSS與中間件，因此整個地域的實例"
        "創建失敗。",
        "postmortem_url": "https://help.aliyun.com/noticelist/articleid/1061819219.html",
        "regions": ["cn-hongkong", "cn-hongkong-c"],
        "citations": [
            "ali-hk-report",
            "ali-status-1",
            "sta-gd-hk",
            "scmp-hk-review",
            "register-hk",
            "zzss-hk-1530",
        ],
        "updates": [
            (
                "2022-12-18T08:56:00+08:00",
                "investigating",
                "Monitoring raised a temperature alarm in a Zone C data room; engineers began "
                "handling it and notified the data-centre operator.",
            ),
            (
                "2022-12-18T09:01:00+08:00",
                "investigating",
                "Several temperature alarms; a chiller anomaly was found.",
            ),
            (
                "2022-12-18T09:09:00+08:00",
                "identified",
                "The 4+4 main/standby chiller switchover and restart of the faulty chiller failed.",
            ),
            (
                "2022-12-18T09:17:00+08:00",
                "identified",
                "Emergency cooling plan started with auxiliary ventilation.",
            ),
            (
                "2022-12-18T09:23:00+08:00",
                "identified",
                "ECS instances in Zone C began shutting down.",
            ),
            (
                "2022-12-18T10:30:00+08:00",
                "identified",
                "Load shed from compute, storage, network and database clusters.",
            ),
            (
                "2022-12-18T12:30:00+08:00",
                "identified",
                "The chiller vendor topped up water and bled air by hand; some servers were "
                "shut down.",
            ),
            (
                "2022-12-18T14:47:00+08:00",
                "identified",
                "A sprinkler in one room was triggered by the heat.",
            ),
            (
                "2022-12-18T14:49:00+08:00",
                "identified",
                "ECS control-plane availability fell to about 20%; launches failed region-wide.",
            ),
            (
                "2022-12-18T15:20:00+08:00",
                "identified",
                "Group control unlocked by hand; the first chiller came back.",
            ),
            ("2022-12-18T18:55:00+08:00", "monitoring", "Four chillers back at normal capacity."),
            ("2022-12-18T19:02:00+08:00", "monitoring", "Servers restarted in batches."),
            (
                "2022-12-18T19:47:00+08:00",
                "monitoring",
                "Temperature stable; service recovery and data checks began.",
            ),
            ("2022-12-18T21:36:00+08:00", "monitoring", "Most servers powered on."),
            (
                "2022-12-18T22:50:00+08:00",
                "resolved",
                "Data-security check done; the last room was re-powered and all servers restarted.",
            ),
        ],
        "impacts": [
            {
                "product": "aliyun-ecs",
                "impact": "critical",
                "started_at": "2022-12-18T09:23:00+08:00",
                "note": "Instances in Zone C shut down from 09:23.",
            },
            {
                "product": "aliyun-ecs-control-plane",
                "impact": "major",
                "started_at": "2022-12-18T14:49:00+08:00",
                "note": "About 20% availability after 14:49; custom-image launches failed.",
            },
            {"product": "aliyun-ebs", "impact": "critical"},
            {"product": "aliyun-oss", "impact": "critical"},
            {"product": "aliyun-rds", "impact": "critical"},
            {"product": "aliyun-redis", "impact": "major"},
            {"product": "aliyun-mongodb", "impact": "major"},
            {"product": "aliyun-dts", "impact": "major"},
            {"product": "aliyun-network", "impact": "major"},
        ],
        "reported_times": [
            {
                "field": "ended_at",
                "value": "2022-12-18T22:50:00+08:00",
                "citation": "ali-hk-report",
                "note": "Official report: the last room re-powered and all servers restarted.",
            },
            {
                "field": "ended_at",
                "value": "2022-12-19T00:30:00+08:00",
                "citation": "zzss-hk-1530",
                "note": "Chinese press: all services back to normal at 00:30 Beijing time "
                "(UTC+8) on 12-19 (one secondary source).",
            },
        ],
        "refs": [
            {
                "source": _ALI_STATUS,
                "external_id": "1",
                "url": "https://status.aliyun.com/#/eventDetail?eventId=1",
            },
        ],
    },
    {
        "slug": "ali-global-2023-11-12",
        "provider": "alibaba-cloud",
        "language": "zh-Hans",
        "title": "云产品控制台服务异常",
        "summary": "2023年11月12日17:39起，阿里云云产品控制台、管理API等功能受到影响，"
        "OSS、OTS、SLS、MNS等产品的部分服务受影响，ECS、RDS、网络等大部分产品实际运行不受影响。",
        "title_en": "Cloud product console service abnormal",
        "summary_en": "Consoles and management APIs failed in every region, including the "
        "finance and government clouds; some OSS, OTS, SLS and MNS services were hit while "
        "running ECS, RDS and networking kept working. Alibaba's own apps failed too: Taobao, "
        "Xianyu, DingTalk, Aliyun Drive, Ele.me, Tmall Genie, Cainiao, Quark and Yuque. The "
        "fault report gives 17:39-19:20 Beijing time (UTC+8, core recovery); the status "
        "page gives 17:44-21:11 (full restoration). Both are kept.",
        "title_zh_hant": "雲產品控制台服務異常",
        "status": "postmortem",
        "impact": "critical",
        "started_at": "2023-11-12T17:39:00+08:00",
        "ended_at": "2023-11-12T21:11:00+08:00",
        "time_zone": "Asia/Shanghai",
        "root_cause": "The AccessKey (AK) service hit an error while reading whitelist data; a "
        "logic bug in the error handling then generated an incomplete whitelist, so valid "
        "requests not on it were refused. Fixed by correcting the whitelist version and "
        "restarting AK in batches (root cause found 18:01, fix started 18:07).",
        # The tracker's translations of its English summary of the report's 原因 section.
        "root_cause_zh_hans": "AccessKey（AK）服务读取白名单数据时出错，异常处理代码中的逻辑缺陷"
        "随后生成了不完整的白名单，不在名单上的合法请求被拒绝。通过修正白名单版本并分批重启AK"
        "服务恢复（18:01 定位根因，18:07 开始修复）。",
        "root_cause_zh_hant": "AccessKey（AK）服務讀取白名單數據時出錯，異常處理代碼中的邏輯缺陷"
        "隨後生成了不完整的白名單，不在名單上的合法請求被拒絕。通過修正白名單版本並分批重啟AK"
        "服務恢復（18:01 定位根因，18:07 開始修復）。",
        # The fault report's own page was not found; this is a verbatim copy of its text.
        "postmortem_url": "https://oxo-chat-server.com/bulletins/B11AF07A256B5E512993ECF7BC596BF4",
        "regions": ["global"],
        "citations": [
            "ali-status-16",
            "oxo-fault-report-1112",
            "51cto-fault-report",
            "codetd-fault-report",
            "scmp-1112",
            "jmdgm-1112",
            "vonng-1112",
        ],
        "updates": [
            (
                "2023-11-12T17:39:00+08:00",
                "investigating",
                "Consoles and management APIs began failing.",
            ),
            (
                "2023-11-12T17:44:00+08:00",
                "investigating",
                "Status page notice: cloud product consoles abnormal.",
            ),
            (
                "2023-11-12T17:50:00+08:00",
                "identified",
                # Verbatim from the fault report as republished by 51CTO.
                "工程师确认故障是 AK 服务异常导致",
                {
                    "language": "zh-Hans",
                    "body_en": "Engineers confirmed the fault was caused by the AccessKey (AK) "
                    "service failing.",
                    "body_zh_hant": "工程師確認故障是 AK 服務異常導致",
                },
            ),
            (
                "2023-11-12T18:01:00+08:00",
                "identified",
                "Root cause found: an incomplete whitelist generated after a read error.",
            ),
            (
                "2023-11-12T18:07:00+08:00",
                "identified",
                "Whitelist version corrected; AccessKey restarted in batches.",
            ),
            ("2023-11-12T18:35:00+08:00", "monitoring", "Hangzhou and other regions recovering."),
            (
                "2023-11-12T19:20:00+08:00",
                "monitoring",
                "Most regions' consoles and APIs recovered (fault report).",
            ),
            ("2023-11-12T21:11:00+08:00", "resolved", "All services restored (status page)."),
        ],
        "impacts": [
            {
                "product": "aliyun-accesskey",
                "impact": "critical",
                "ended_at": "2023-11-12T19:20:00+08:00",
                "note": "Core recovery at 19:20 per the fault report.",
            },
            {
                "product": "aliyun-console",
                "impact": "critical",
                "ended_at": "2023-11-12T19:20:00+08:00",
                "note": "Most regions recovered by 19:20; all by 21:11.",
            },
            {
                "product": "aliyun-openapi",
                "impact": "critical",
                "ended_at": "2023-11-12T19:20:00+08:00",
                "note": "Most regions recovered by 19:20; all by 21:11.",
            },
            {"product": "aliyun-oss", "impact": "minor", "note": "Some services."},
            {"product": "aliyun-ots", "impact": "minor", "note": "Some services."},
            {"product": "aliyun-sls", "impact": "minor", "note": "Some services."},
            {"product": "aliyun-mns", "impact": "minor", "note": "Some services."},
            {"product": "aliyun-ecs", "impact": "none", "note": "Running instances unaffected."},
            {"product": "aliyun-rds", "impact": "none", "note": "Running instances unaffected."},
            {
                "product": "aliyun-network",
                "impact": "none",
                "note": "Kept running, per the fault report.",
            },
            {"product": "taobao", "impact": "major"},
            {"product": "xianyu", "impact": "major"},
            {"product": "dingtalk", "impact": "major"},
            {"product": "aliyun-drive", "impact": "major"},
            {"product": "eleme", "impact": "major"},
            {"product": "tmall-genie", "impact": "major"},
            {"product": "cainiao-app", "impact": "major"},
            {"product": "quark", "impact": "major"},
            {"product": "yuque", "impact": "major"},
        ],
        "reported_times": [
            {
                "field": "started_at",
                "value": "2023-11-12T17:39:00+08:00",
                "citation": "51cto-fault-report",
                "note": "Fault report: when the anomaly began.",
            },
            {
                "field": "started_at",
                "value": "2023-11-12T17:44:00+08:00",
                "citation": "ali-status-16",
                "note": "Status page notice: when the anomaly was announced.",
            },
            {
                "field": "ended_at",
                "value": "2023-11-12T19:20:00+08:00",
                "citation": "51cto-fault-report",
                "note": "Fault report: most regions' consoles and APIs recovered (core recovery).",
            },
            {
                "field": "ended_at",
                "value": "2023-11-12T21:11:00+08:00",
                "citation": "ali-status-16",
                "note": "Status page (and SCMP): all services restored (full restoration).",
            },
        ],
        "refs": [
            {
                "source": _ALI_STATUS,
                "external_id": "16",
                "url": "https://status.aliyun.com/#/eventDetail?eventId=16",
            },
        ],
    },
    {
        "slug": "ali-db-console-2023-11-27",
        "provider": "alibaba-cloud",
        "language": "zh-Hans",
        "title": "部分地域云数据库控制台访问异常",
        "summary": "2023年11月27日09:16起，北京、上海、杭州、深圳、青岛、香港以及美东、美西地域的"
        "数据库产品（RDS、PolarDB、Redis等）控制台和OpenAPI访问异常，实例运行不受影响，10:58恢复。",
        "title_en": "Database console abnormal in some regions",
        "summary_en": "Console and OpenAPI access for database products (RDS, PolarDB, Redis "
        "and others) failed in eight regions; running instances were unaffected. No cause "
        "was disclosed.",
        "title_zh_hant": "部分地域雲數據庫控制台訪問異常",
        "status": "resolved",
        "impact": "minor",
        "started_at": "2023-11-27T09:16:00+08:00",
        "ended_at": "2023-11-27T10:58:00+08:00",
        "time_zone": "Asia/Shanghai",
        "root_cause": "Not disclosed.",
        "postmortem_url": "",
        "regions": [
            "cn-beijing",
            "cn-shanghai",
            "cn-hangzhou",
            "cn-shenzhen",
            "cn-qingdao",
            "cn-hongkong",
            "us-east-1",
            "us-west-1",
        ],
        "citations": ["ali-status-17", "ithome-1127", "gamingdeputy-1127"],
        "updates": [
            (
                "2023-11-27T09:16:00+08:00",
                "investigating",
                "Console and OpenAPI access for database products abnormal in some regions; "
                "instances unaffected.",
            ),
            ("2023-11-27T10:58:00+08:00", "resolved", "Access restored."),
        ],
        "impacts": [
            {"product": "aliyun-rds", "impact": "minor", "note": "Console and OpenAPI only."},
            {"product": "aliyun-polardb", "impact": "minor", "note": "Console and OpenAPI only."},
            {"product": "aliyun-redis", "impact": "minor", "note": "Console and OpenAPI only."},
        ],
        "reported_times": [],
        "refs": [
            {
                "source": _ALI_STATUS,
                "external_id": "17",
                "url": "https://status.aliyun.com/#/eventDetail?eventId=17",
            },
        ],
    },
    {
        "slug": "aws-use1-2021-12-07",
        "provider": "aws",
        "language": "en",
        "title": "US-EAST-1 service event",
        "summary": "Control-plane APIs and many services in US-EAST-1 failed for hours; "
        "Netflix, Disney+, Delta and Amazon's Ring cameras were among those hit (InfoQ). "
        "ThousandEyes saw AWS API problems until about 00:44 UTC on 12-08.",
        "status": "postmortem",
        "impact": "critical",
        "started_at": "2021-12-07T07:30:00-08:00",
        "ended_at": "2021-12-07T14:22:00-08:00",
        "time_zone": "America/Los_Angeles",
        "root_cause": "An automated capacity-scaling activity triggered a surge of connections "
        "from clients on the internal network, overwhelming the devices between the internal "
        "network and the main AWS network; monitoring went blind at the same time.",
        "postmortem_url": "https://aws.amazon.com/message/12721/",
        "regions": ["us-east-1"],
        "citations": ["aws-12721", "infoq-aws-1207", "thousandeyes-aws-1207"],
        "updates": [
            (
                "2021-12-07T07:30:00-08:00",
                "investigating",
                "Impact began: errors from control-plane APIs in US-EAST-1.",
            ),
            ("2021-12-07T14:22:00-08:00", "resolved", "Network devices fully recovered."),
        ],
        "impacts": [
            {"product": "aws-control-plane-apis", "impact": "critical"},
            {"product": "aws-api-gateway", "impact": "major"},
            {"product": "aws-sts", "impact": "major"},
            {"product": "aws-cloudwatch", "impact": "major"},
            {"product": "aws-connect", "impact": "major"},
            {"product": "aws-fargate", "impact": "major", "note": _AWS_CONTAINERS},
            {"product": "aws-ecs", "impact": "major", "note": _AWS_CONTAINERS},
            {"product": "aws-eks", "impact": "major", "note": _AWS_CONTAINERS},
        ],
        "reported_times": [],
        "refs": [],
    },
    {
        "slug": "gcp-euw9-2023-04-25",
        "provider": "google-cloud",
        "language": "en",
        "title": "europe-west9 (Paris) water intrusion",
        "summary": "Water entered a europe-west9 data centre run by Global Switch; more than "
        "90 services failed in europe-west9-a (The Register), the Cloud Console failed "
        "worldwide from 06:15 to 10:38 UTC on 04-26, and zone europe-west9-a was still down on "
        "05-10 (The Register). The official close time was not found, so the end is left open.",
        "status": "resolved",
        "impact": "critical",
        "started_at": "2023-04-25T19:00:00-07:00",
        "ended_at": None,
        "time_zone": "America/Los_Angeles",
        "root_cause": 'Google: "water intrusion" in europe-west9-a. Global Switch confirmed a '
        "fire in one room of its Paris campus. Press, citing the FRnOG list, say a failed "
        "cooling pump leaked water into the battery room and a fire followed; no official "
        "source confirms that chain.",
        "postmortem_url": "https://status.cloud.google.com/incidents/dS9ps52MUnxQfyDGPfkY",
        # "global": the Cloud Console failed worldwide for four hours.
        "regions": ["global", "europe-west9", "europe-west9-a"],
        "citations": [
            "gcp-status-paris",
            "register-gcp-paris-0426",
            "stack-gcp-paris",
            "itpro-gcp-paris",
            "register-gcp-paris",
        ],
        "updates": [
            (
                "2023-04-25T19:00:00-07:00",
                "investigating",
                "Water intrusion in europe-west9-a; multiple services failing.",
            ),
            (
                "2023-04-25T20:51:00-07:00",
                "identified",
                "Emergency shutdown of multiple zones in europe-west9.",
            ),
        ],
        "impacts": [
            {
                "product": "gcp-cloud-console",
                "impact": "major",
                "started_at": "2023-04-26T06:15:30+00:00",
                "ended_at": "2023-04-26T10:38:40+00:00",
                "note": "Global Cloud Console impact.",
            },
            {"product": "gcp-compute-engine", "impact": "critical"},
            {"product": "gcp-gke", "impact": "critical"},
            {"product": "gcp-cloud-sql", "impact": "critical"},
            {
                "product": "gcp-bigtable",
                "impact": "critical",
                "note": "Still affected in europe-west9-a on 05-10 (The Register).",
            },
        ],
        "reported_times": [],
        "refs": [],
    },
    {
        "slug": "azure-wan-2023-01-25",
        "provider": "azure",
        "language": "en",
        "title": "Global WAN issues (Tracking ID VSG1-B90)",
        "summary": "Packet loss across Microsoft's WAN cut connectivity to and between Azure "
        "regions and over ExpressRoute, and hit Microsoft 365, Power Platform and Azure "
        "Government. Most regions had recovered by 09:05 UTC by the final review (09:00 UTC by "
        "the preliminary one).",
        "status": "postmortem",
        "impact": "major",
        "started_at": "2023-01-25T07:08:00+00:00",
        "ended_at": "2023-01-25T12:43:00+00:00",
        "time_zone": "UTC",
        "root_cause": "A planned change to a router's IP address in Madrid: the command made "
        "every WAN router recompute adjacency and forwarding tables, dropping packets "
        "meanwhile. The command had not been fully qualified on that router model.",
        "postmortem_url": "https://azure.status.microsoft/en-us/status/history/",
        "regions": ["global"],
        "citations": ["azure-history", "leanix-azure-pir"],
        "updates": [
            ("2023-01-25T07:08:00+00:00", "investigating", "Network connectivity issues."),
            ("2023-01-25T09:05:00+00:00", "monitoring", "Most regions recovered."),
            ("2023-01-25T12:43:00+00:00", "resolved", "Mitigated."),
        ],
        "impacts": [
            {"product": "azure-expressroute", "impact": "major"},
            {"product": "microsoft-teams", "impact": "major"},
            {"product": "outlook", "impact": "major"},
        ],
        "reported_times": [
            {
                "field": "started_at",
                "value": "2023-01-25T07:08:00+00:00",
                "citation": "leanix-azure-pir",
                "note": "Final post incident review (Microsoft's text, republished by LeanIX).",
            },
            {
                "field": "started_at",
                "value": "2023-01-25T07:05:00+00:00",
                "citation": "azure-history",
                "note": "Preliminary post incident review (Azure status history).",
            },
        ],
        "refs": [],
    },
    {
        "slug": "cf-2022-06-21",
        "provider": "cloudflare",
        "language": "en",
        "title": "Outage in 19 data centres",
        "summary": "Nineteen of Cloudflare's busiest data centres (the new Multi-Colo PoP "
        "design) returned HTTP 500s; Discord and many other sites failed (Site24x7). The first "
        "data centre came back at 06:58 UTC.",
        "status": "postmortem",
        "impact": "major",
        "started_at": "2022-06-21T06:27:00+00:00",
        "ended_at": "2022-06-21T07:42:00+00:00",
        "time_zone": "UTC",
        "root_cause": "A network configuration change reordered the BGP prefix-advertisement "
        "policy in the new Multi-Colo PoP spine layer and withdrew prefixes.",
        "postmortem_url": "https://blog.cloudflare.com/cloudflare-outage-on-june-21-2022/",
        "regions": ["ams", "fra", "lhr", "iad", "sin", "nrt"],
        "citations": ["cloudflare-blog", "site24x7-cf-0621"],
        "updates": [
            ("2022-06-21T06:27:00+00:00", "investigating", "Errors from 19 data centres."),
            ("2022-06-21T06:58:00+00:00", "monitoring", "The first data centres are back."),
            ("2022-06-21T07:42:00+00:00", "resolved", "All data centres back online."),
        ],
        "impacts": [{"product": "cloudflare-cdn", "impact": "major"}],
        "reported_times": [],
        "refs": [],
    },
    {
        "slug": "fastly-2021-06-08",
        "provider": "fastly",
        "language": "en",
        "title": "Global CDN outage",
        "summary": "A customer's valid configuration change made 85% of Fastly's network "
        "return errors. Within 49 minutes 95% of the network was operating as normal "
        "(recovery began 10:36 UTC); the incident was mitigated at 12:35 UTC.",
        "status": "postmortem",
        "impact": "critical",
        "started_at": "2021-06-08T09:47:00+00:00",
        "ended_at": "2021-06-08T12:35:00+00:00",
        "time_zone": "UTC",
        "root_cause": "A bug deployed on 2021-05-12 was triggered by a valid customer "
        "configuration change.",
        "postmortem_url": "https://www.fastly.com/blog/summary-of-june-8-outage",
        "regions": ["global"],
        "citations": ["fastly-blog"],
        "updates": [
            ("2021-06-08T09:47:00+00:00", "investigating", "Global errors across the network."),
            ("2021-06-08T10:36:00+00:00", "monitoring", "Recovery began."),
            ("2021-06-08T11:00:00+00:00", "monitoring", "The majority of services recovered."),
            ("2021-06-08T12:35:00+00:00", "resolved", "Mitigated."),
        ],
        "impacts": [
            {
                "product": "fastly-cdn",
                "impact": "critical",
                "ended_at": "2021-06-08T10:36:00+00:00",
                "note": "Main impact about 49 minutes.",
            },
        ],
        "reported_times": [],
        "refs": [],
    },
    {
        "slug": "ovh-sbg-2021-03-10",
        "provider": "ovhcloud",
        "language": "en",
        "title": "Strasbourg SBG2 fire",
        "summary": "Fire destroyed SBG2 and part of SBG1; the whole site was isolated, taking "
        "down every service in SBG1 to SBG4 (Octave Klaba). Restarts took weeks and there is no "
        "single end time, so the end is left open.",
        "status": "resolved",
        "impact": "critical",
        "started_at": "2021-03-10T00:47:00+01:00",
        "ended_at": None,
        "time_zone": "Europe/Paris",
        "root_cause": "Not officially established. BEA-RI: the fire started at about 00:35 in "
        "SBG2's energy rooms (battery room and UPS room); humidity readings suggest a short "
        "circuit, but these alone do not determine the cause, which was left to the judicial "
        "expert. Fire service (via JDN): no automatic extinguishing system and no general "
        "power cut-off.",
        "postmortem_url": "",
        "regions": ["sbg", "sbg1", "sbg2", "sbg3", "sbg4"],
        "citations": [
            "ovh-communique",
            "klaba-ovh-0310",
            "jdn-ovh-sdis",
            "channelnews-ovh-bea",
            "ovh-statement",
            "cloud7-ovh-report",
        ],
        "updates": [
            ("2021-03-10T00:47:00+01:00", "investigating", "Fire declared in the SBG2 building."),
            (
                "2021-03-10T02:54:00+01:00",
                "identified",
                "Site isolated by the fire service; all services in SBG1-4 affected.",
            ),
            ("2021-03-10T04:09:00+01:00", "identified", "SBG2 destroyed."),
        ],
        "impacts": [],
        "reported_times": [],
        "refs": [],
    },
]

PEOPLE = [
    # (slug, name, native name)
    ("zhang-jianfeng", "Zhang Jianfeng", "张建锋"),
    ("daniel-zhang", "Daniel Zhang", "张勇"),
    ("eddie-wu", "Eddie Wu", "吴泳铭"),
    ("joseph-tsai", "Joseph Tsai", "蔡崇信"),
]

# Traditional Chinese names, for zh-Hant readers (the native names above are Simplified).
TRADITIONAL_NAMES = {
    "organizations": {
        "alibaba-group": "阿里巴巴集團",
        "alibaba-cloud-intelligence": "阿里雲智能集團",
        "taotian-group": "淘天集團",
        "alibaba-local-services": "本地生活集團",
        "cainiao": "菜鳥集團",
        "ant-group": "螞蟻集團",
    },
    "people": {
        "zhang-jianfeng": "張建鋒",
        "daniel-zhang": "張勇",
        "eddie-wu": "吳泳銘",
        "joseph-tsai": "蔡崇信",
    },
}

# Rows earlier versions of the demo data held that the sources do not support; the loader
# deletes them. The 06-20 "to become Chairman and CEO" row modelled a post he already held.
RETIRED_LEADERSHIP_CHANGES = ["daniel-zhang-to-lead-cloud-2023-06-20"]

LEADERSHIP_CHANGES = [
    {
        "slug": "zhang-jianfeng-leaves-cloud-president-2022-12-29",
        "person": "zhang-jianfeng",
        "organization": "alibaba-cloud-intelligence",
        "role": "President",
        "action": "departed",
        "announced_on": "2022-12-29",
        "effective_on": "2022-12-29",
        "note": "Keeps DAMO Academy, T-Head and IoT. Effective immediately (即日生效).",
        "citations": ["eeo-1229", "pingwest-1229"],
    },
    {
        "slug": "daniel-zhang-acting-cloud-president-2022-12-29",
        "person": "daniel-zhang",
        "organization": "alibaba-cloud-intelligence",
        "role": "President",
        "action": "appointed",
        "acting": True,
        "announced_on": "2022-12-29",
        "effective_on": "2022-12-29",
        "note": "Group Chairman & CEO, also acting President of Alibaba Cloud (兼任总裁).",
        "citations": ["eeo-1229", "pingwest-1229"],
    },
    {
        # He already held the post: the 2023-06-20 letter says he would hold it full-time
        # (专职担任) once he left the Group roles, not that he would take it then.
        "slug": "daniel-zhang-cloud-chairman-ceo-2023-03-28",
        "person": "daniel-zhang",
        "organization": "alibaba-cloud-intelligence",
        "role": "Chairman and CEO",
        "action": "appointed",
        "announced_on": "2023-03-28",
        "effective_on": "2023-03-28",
        "note": 'Took the post in the "1+6+N" reorganisation, beside the Group roles.',
        "citations": ["redian-0328", "herich-0620"],
    },
    {
        "slug": "daniel-zhang-leaves-group-2023-09-10",
        "person": "daniel-zhang",
        "organization": "alibaba-group",
        "role": "Chairman and CEO",
        "action": "departed",
        "announced_on": "2023-06-20",
        "effective_on": "2023-09-10",
        "note": "Succession announced 2023-06-20: afterwards to hold the Cloud chairmanship "
        "full-time (专职担任阿里云智能集团董事长兼CEO).",
        "citations": ["xinhua-0620", "herich-0620"],
    },
    {
        "slug": "eddie-wu-group-ceo-2023-09-10",
        "person": "eddie-wu",
        "organization": "alibaba-group",
        "role": "Chief Executive Officer",
        "action": "appointed",
        "announced_on": "2023-06-20",
        "effective_on": "2023-09-10",
        "note": "Keeps the Taotian Group chairmanship (继续兼任淘天集团董事长).",
        "citations": ["xinhua-0620", "herich-0620"],
    },
    {
        "slug": "joseph-tsai-group-chairman-2023-09-10",
        "person": "joseph-tsai",
        "organization": "alibaba-group",
        "role": "Chairman",
        "action": "appointed",
        "announced_on": "2023-06-20",
        "effective_on": "2023-09-10",
        "note": "Was Executive Vice Chairman.",
        "citations": ["xinhua-0620"],
    },
    {
        "slug": "daniel-zhang-leaves-cloud-2023-09-10",
        "person": "daniel-zhang",
        "organization": "alibaba-cloud-intelligence",
        "role": "Chairman and CEO",
        "action": "departed",
        "leaves_organization": True,
        "announced_on": "2023-09-10",
        "effective_on": "2023-09-10",
        "note": "A surprise: he left Cloud altogether, so his acting presidency ended too. "
        "HKEX filing on 09-11.",
        "citations": ["scmp-0911", "cnbc-0911"],
    },
    {
        "slug": "eddie-wu-acting-cloud-chairman-ceo-2023-09-10",
        "person": "eddie-wu",
        "organization": "alibaba-cloud-intelligence",
        "role": "Chairman and CEO",
        "action": "appointed",
        "acting": True,
        "announced_on": "2023-09-10",
        "effective_on": "2023-09-10",
        "note": "Also Group CEO from the same day.",
        "citations": ["scmp-0911", "cnbc-0911"],
    },
]

CORPORATE_EVENTS = [
    {
        "slug": "alibaba-reorganisation-2023-03-28",
        "organization": "alibaba-group",
        "kind": "reorganisation",
        "occurred_on": "2023-03-28",
        "title": '"1+6+N" reorganisation into six business groups',
        "summary": "Six business groups, each with its own board; those ready may raise money "
        "or list.",
        "title_zh_hans": "“1+6+N”组织变革，拆分为六大业务集团",
        "title_zh_hant": "「1+6+N」組織變革，拆分為六大業務集團",
        "summary_zh_hans": "六大业务集团各设董事会；具备条件的可独立融资或上市。",
        "summary_zh_hant": "六大業務集團各設董事會；具備條件的可獨立融資或上市。",
        "citations": ["redian-0328"],
    },
    {
        "slug": "alibaba-cloud-spin-off-announced-2023-05-18",
        "organization": "alibaba-group",
        "kind": "spin_off_announced",
        "occurred_on": "2023-05-18",
        "title": "Full spin-off of Cloud Intelligence Group approved",
        "summary": "With the March-quarter results the board approved a full spin-off via a "
        "stock dividend, to be done within 12 months.",
        "title_zh_hans": "云智能集团完全分拆获批",
        "title_zh_hant": "雲智能集團完全分拆獲批",
        "summary_zh_hans": "随三月季度业绩公布，董事会批准以股票股息方式完全分拆云智能集团，"
        "预计12个月内完成。",
        "summary_zh_hant": "隨三月季度業績公布，董事會批准以股票股息方式完全分拆雲智能集團，"
        "預計12個月內完成。",
        "citations": ["pingwest-0518"],
    },
    {
        "slug": "alibaba-cloud-spin-off-halted-2023-11-16",
        "organization": "alibaba-group",
        "kind": "spin_off_halted",
        "occurred_on": "2023-11-16",
        "title": "Full cloud spin-off dropped",
        "summary": "With results for the quarter ended 2023-09-30, Alibaba dropped the full "
        "spin-off, blaming the widened US export curbs on advanced chips.",
        "title_zh_hans": "放弃云业务完全分拆",
        "title_zh_hant": "放棄雲業務完全分拆",
        "summary_zh_hans": "随截至2023年9月30日季度的业绩公布，阿里巴巴放弃完全分拆，"
        "理由是美国扩大了先进芯片出口管制。",
        "summary_zh_hant": "隨截至2023年9月30日季度的業績公布，阿里巴巴放棄完全分拆，"
        "理由是美國擴大了先進晶片出口管制。",
        "citations": ["bloomberg-1116", "globaltimes-1116"],
    },
]

LINKS = [
    {
        "incident": "ali-hk-2022-12",
        "leadership_change": "zhang-jianfeng-leaves-cloud-president-2022-12-29",
        "relation": "followed_by",
        "confidence": "high",
        "citation": "huxiu-1229",
        "note": "The dates give 11 days (2022-12-18 to 12-29); a November 2023 article says "
        '"10 days". No official source says the outage caused the change; Huxiu, citing '
        "several people with knowledge of it, reported that the change may be related to "
        "the outage (或与…服务中断事件相关).",
        "note_zh_hans": "按日期相隔11天（2022-12-18至12-29）；2023年11月的一篇文章称“10天”。"
        "没有官方来源称此次故障导致了这一变动；虎嗅援引多位知情人士报道，此次人事变动"
        "或与服务中断事件相关。",
        "note_zh_hant": "按日期相隔11天（2022-12-18至12-29）；2023年11月的一篇文章稱「10天」。"
        "沒有官方來源稱此次故障導致了這一變動；虎嗅援引多位知情人士報道，此次人事變動"
        "或與服務中斷事件相關。",
    },
    {
        "incident": "ali-hk-2022-12",
        "leadership_change": "daniel-zhang-acting-cloud-president-2022-12-29",
        "relation": "followed_by",
        "confidence": "high",
        "citation": "eeo-1229",
        "note": "Announced in the same all-staff email as Zhang Jianfeng's move.",
        "note_zh_hans": "与张建锋的调整在同一封全员信中宣布。",
        "note_zh_hant": "與張建鋒的調整在同一封全員信中宣布。",
    },
    {
        "incident": "ali-global-2023-11-12",
        "corporate_event": "alibaba-cloud-spin-off-halted-2023-11-16",
        "relation": "speculated",
        "confidence": "low",
        "citation": "bloomberg-1116",
        "note": "Four days later. Alibaba blamed the widened US chip export curbs; commentators "
        "set the halt beside the outages, but no source shows a causal link.",
        "note_zh_hans": "四天之后。阿里巴巴将其归因于美国扩大芯片出口管制；评论者把停止分拆与"
        "故障相提并论，但没有来源表明两者存在因果关系。",
        "note_zh_hant": "四天之後。阿里巴巴將其歸因於美國擴大晶片出口管制；評論者把停止分拆與"
        "故障相提並論，但沒有來源表明兩者存在因果關係。",
    },
]

SOURCES = [
    # Examples of each kind, disabled until an operator turns them on.
    {
        "name": "GitHub Statuspage",
        "kind": "statuspage",
        "provider": "github",
        "url": "https://www.githubstatus.com/api/v2/incidents.json",
    },
    {
        "name": "Google Cloud status",
        "kind": "gcp",
        "provider": "google-cloud",
        "url": "https://status.cloud.google.com/incidents.json",
    },
    {
        "name": "AWS EC2 us-east-1",
        "kind": "aws-rss",
        "provider": "aws",
        "url": "https://status.aws.amazon.com/rss/ec2-us-east-1.rss",
    },
    {
        "name": "Azure status",
        "kind": "azure-rss",
        "provider": "azure",
        "url": "https://azure.status.microsoft/en-us/status/feed/",
    },
    # status.aliyun.com is a single-page app with no known JSON feed; the only
    # machine-readable endpoint found is the Status OpenAPI (ListEventInProgress), which
    # needs an AccessKey-signed request, so this stays disabled until signing exists.
    {
        "name": _ALI_STATUS,
        "kind": "aliyun",
        "provider": "alibaba-cloud",
        "url": "https://status.aliyuncs.com/?Action=ListEventInProgress&Version=2020-01-17",
    },
]

# Other names readers search by (Provider.aliases, Product.aliases): abbreviations, former
# names, and the names in Chinese scripts the record does not hold elsewhere.
PROVIDER_ALIASES = {
    "alibaba-cloud": "Aliyun, 阿里云, 阿里雲",
    "aws": "AWS, Amazon AWS, 亚马逊云科技, 亞馬遜雲端運算服務",
    "google-cloud": "GCP, Google Cloud Platform, 谷歌云, 谷歌雲",
    "azure": "Azure, 微软云, 微軟雲",
    "ovhcloud": "OVH",
}
PRODUCT_ALIASES = {
    "taobao": "淘寶",
    "xianyu": "閒魚, Idle Fish",
    "dingtalk": "釘釘",
    "aliyun-drive": "阿里雲盤, Alibaba Cloud Drive",
    "eleme": "餓了麼, Ele.me",
    "tmall-genie": "天貓精靈",
    "cainiao-app": "菜鳥",
    "aliyun-accesskey": "AK, AccessKey",
}
