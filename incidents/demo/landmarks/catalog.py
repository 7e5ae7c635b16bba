"""Organisations, providers, regions and products the landmark outages need.

Shapes as in incidents/demo/data.py. Region and product names are the vendors' own.
"""

ORGANIZATIONS = [
    # (slug, name, native name, parent slug, website)
    ("oracle", "Oracle", "", None, "https://www.oracle.com/"),
    ("akamai", "Akamai Technologies", "", None, "https://www.akamai.com/"),
    ("ibm", "IBM", "", None, "https://www.ibm.com/"),
    ("tencent", "Tencent", "腾讯", None, "https://www.tencent.com/"),
    ("atlassian", "Atlassian", "", None, "https://www.atlassian.com/"),
    ("salesforce", "Salesforce", "", None, "https://www.salesforce.com/"),
    ("slack-technologies", "Slack Technologies", "", None, "https://slack.com/"),
]

PROVIDERS = [
    # (slug, name, organization, time zone, website, status page)
    (
        "oracle-cloud",
        "Oracle Cloud Infrastructure",
        "oracle",
        "UTC",
        "https://www.oracle.com/cloud/",
        "https://ocistatus.oraclecloud.com/",
    ),
    ("akamai", "Akamai", "akamai", "UTC", "https://www.akamai.com/", ""),
    ("ibm-cloud", "IBM Cloud", "ibm", "UTC", "https://www.ibm.com/cloud", ""),
    (
        "tencent-cloud",
        "Tencent Cloud",
        "tencent",
        "Asia/Shanghai",
        "https://cloud.tencent.com/",
        "",
    ),
    (
        "atlassian-cloud",
        "Atlassian Cloud",
        "atlassian",
        "UTC",
        "https://www.atlassian.com/",
        "https://status.atlassian.com/",
    ),
    (
        "salesforce",
        "Salesforce",
        "salesforce",
        "UTC",
        "https://www.salesforce.com/",
        "https://status.salesforce.com/",
    ),
    (
        "slack",
        "Slack",
        "slack-technologies",
        "America/Los_Angeles",
        "https://slack.com/",
        "https://slack-status.com/",
    ),
]

_AZURE_REGIONS = [
    ("centralus", "Central US"),
    ("eastus", "East US"),
    ("eastus2", "East US 2"),
    ("southcentralus", "South Central US"),
    ("westcentralus", "West Central US"),
    ("northcentralus", "North Central US"),
    ("westus", "West US"),
    ("westeurope", "West Europe"),
    ("francecentral", "France Central"),
    ("japaneast", "Japan East"),
    ("canadacentral", "Canada Central"),
    ("brazilsouth", "Brazil South"),
    ("eastasia", "East Asia"),
    ("southeastasia", "Southeast Asia"),
    ("koreacentral", "Korea Central"),
    ("southafricanorth", "South Africa North"),
]

# Cloudflare data centres are named by city; the slugs are the airport codes it uses.
_CLOUDFLARE_SITES = [
    ("sjc", "San Jose"),
    ("dfw", "Dallas"),
    ("sea", "Seattle"),
    ("lax", "Los Angeles"),
    ("ord", "Chicago"),
    ("ric", "Richmond"),
    ("ewr", "Newark"),
    ("atl", "Atlanta"),
    ("cdg", "Paris"),
    ("arn", "Stockholm"),
    ("dme", "Moscow"),
    ("led", "St. Petersburg"),
    ("gru", "São Paulo"),
    ("cwb", "Curitiba"),
    ("poa", "Porto Alegre"),
    ("pdx", "Hillsboro, Oregon (control plane)"),
]

_GCP_REGIONS = [
    ("us-central1", "Iowa"),
    ("us-east1", "South Carolina"),
    ("us-east4", "Northern Virginia"),
    ("us-west2", "Los Angeles"),
    ("northamerica-northeast1", "Montréal"),
    ("southamerica-east1", "São Paulo"),
    ("europe-west2", "London"),
    ("us-west1", "Oregon"),
]

REGIONS = [
    # (provider, slug, name, kind, parent slug); parents come before their zones.
    ("aws", "ap-northeast-1", "Asia Pacific (Tokyo)", "region", None),
    ("aws", "apne1-az4", "Tokyo zone apne1-az4", "zone", "ap-northeast-1"),
    ("aws", "eu-central-1", "Europe (Frankfurt)", "region", None),
    ("aws", "euc1-az1", "Frankfurt zone euc1-az1", "zone", "eu-central-1"),
    ("aws", "use1-az4", "N. Virginia zone use1-az4", "zone", "us-east-1"),
    *(("google-cloud", slug, name, "region", None) for slug, name in _GCP_REGIONS),
    ("google-cloud", "europe-west2-a", "London zone a", "zone", "europe-west2"),
    ("google-cloud", "us-west1-b", "Oregon zone b", "zone", "us-west1"),
    *(("azure", slug, name, "region", None) for slug, name in _AZURE_REGIONS),
    ("cloudflare", "global", "Global network", "global", None),
    *(("cloudflare", slug, name, "site", None) for slug, name in _CLOUDFLARE_SITES),
    ("oracle-cloud", "uk-london-1", "UK South (London)", "region", None),
    ("akamai", "global", "Global network", "global", None),
    ("ovhcloud", "global", "Global network", "global", None),
    ("ovhcloud", "vin", "Vint Hill, Virginia (VIN)", "site", None),
    ("ibm-cloud", "global", "Global", "global", None),
    ("alibaba-cloud", "ap-southeast-1", "Singapore", "region", None),
    ("alibaba-cloud", "ap-southeast-1c", "Singapore Zone C", "zone", "ap-southeast-1"),
    ("tencent-cloud", "global", "All regions", "global", None),
    ("tencent-cloud", "ap-shanghai", "Shanghai", "region", None),
    ("atlassian-cloud", "global", "Atlassian Cloud (all sites)", "global", None),
    ("salesforce", "global", "Global", "global", None),
    ("slack", "global", "Global", "global", None),
]


def _products(owner: str, provider: str, rows: list[tuple]) -> list[dict]:
    """Expand (slug, name[, kind]) rows into product dicts of one owner and provider."""
    products = []
    for slug, name, *kind in rows:
        product = {"slug": slug, "name": name, "owner": owner, "provider": provider}
        if kind:
            product["kind"] = kind[0]
        products.append(product)
    return products


PRODUCTS = [
    *_products(
        "amazon",
        "aws",
        [
            ("aws-ec2", "Amazon EC2"),
            ("aws-ebs", "Amazon EBS"),
            ("aws-rds", "Amazon RDS"),
            ("aws-redshift", "Amazon Redshift"),
            ("aws-elasticache", "Amazon ElastiCache"),
            ("aws-workspaces", "Amazon WorkSpaces"),
            ("aws-kinesis", "Amazon Kinesis Data Streams"),
            ("aws-kinesis-firehose", "Amazon Kinesis Data Firehose"),
            ("aws-cognito", "Amazon Cognito"),
            ("aws-lambda", "AWS Lambda"),
            ("aws-autoscaling", "Amazon EC2 Auto Scaling"),
            ("aws-cloudformation", "AWS CloudFormation"),
            ("aws-console", "AWS Management Console", "platform"),
            ("aws-eventbridge", "Amazon EventBridge"),
        ],
    ),
    *_products(
        "google",
        "google-cloud",
        [
            ("gcp-app-engine", "App Engine"),
            ("gcp-cloud-storage", "Cloud Storage"),
            ("gcp-bigquery", "BigQuery"),
            ("gcp-pubsub", "Cloud Pub/Sub"),
            ("gcp-spanner", "Cloud Spanner"),
            ("gcp-cloud-vpn", "Cloud VPN"),
            ("gcp-interconnect", "Cloud Interconnect"),
            ("gcp-memorystore", "Memorystore for Redis"),
            ("gcp-load-balancing", "Cloud Load Balancing"),
            ("gcp-cloud-run", "Cloud Run"),
            ("gcp-cloud-functions", "Cloud Functions"),
            ("gcp-apigee", "Apigee"),
            ("gcp-persistent-disk", "Persistent Disk"),
            ("gcp-cloud-dns", "Cloud DNS"),
            ("google-workspace", "Google Workspace (Gmail, Drive, Calendar)", "consumer_app"),
            ("youtube", "YouTube", "consumer_app"),
            ("google-account-auth", "Google account sign-in (User ID Service)", "platform"),
        ],
    ),
    *_products(
        "microsoft",
        "azure",
        [
            ("azure-ad", "Azure Active Directory"),
            ("azure-storage", "Azure Storage"),
            ("azure-vm", "Azure Virtual Machines"),
            ("azure-front-door", "Azure Front Door"),
            ("azure-cdn", "Azure CDN"),
            ("azure-portal", "Azure portal", "platform"),
            ("azure-resource-manager", "Azure Resource Manager", "platform"),
            ("azure-key-vault", "Azure Key Vault"),
            ("microsoft-365", "Microsoft 365", "consumer_app"),
        ],
    ),
    *_products(
        "cloudflare",
        "cloudflare",
        [
            ("cloudflare-waf", "Cloudflare WAF"),
            ("cloudflare-dashboard-api", "Cloudflare dashboard and API", "platform"),
            ("cloudflare-analytics-logs", "Cloudflare analytics and logs"),
        ],
    ),
    *_products(
        "oracle",
        "oracle-cloud",
        [
            ("oci-compute", "OCI Compute"),
            ("oci-storage", "OCI Storage"),
            ("oci-networking", "OCI Networking"),
        ],
    ),
    *_products("akamai", "akamai", [("akamai-edge-dns", "Akamai Edge DNS")]),
    *_products("ovhcloud", "ovhcloud", [("ovh-network", "OVHcloud network (IPv4)")]),
    *_products("ibm", "ibm-cloud", [("ibm-cloud-network", "IBM Cloud network")]),
    *_products(
        "alibaba-cloud-intelligence",
        "alibaba-cloud",
        [("aliyun-cloud-database", "ApsaraDB (Redis, MongoDB, RDS MySQL)")],
    ),
    *_products(
        "tencent",
        "tencent-cloud",
        [
            ("tencent-cloud-api", "Tencent Cloud API (云API)", "platform"),
            ("tencent-console", "Tencent Cloud console (控制台)", "platform"),
            ("tencent-scf", "Serverless Cloud Function (云函数)"),
            ("tencent-cvm", "Cloud Virtual Machine (云服务器 CVM)"),
        ],
    ),
    *_products(
        "atlassian",
        "atlassian-cloud",
        [
            ("jira-cloud", "Jira Cloud", "consumer_app"),
            ("confluence-cloud", "Confluence Cloud", "consumer_app"),
            ("opsgenie", "Opsgenie", "consumer_app"),
        ],
    ),
    *_products("salesforce", "salesforce", [("salesforce-platform", "Salesforce", "consumer_app")]),
    *_products("slack-technologies", "slack", [("slack-app", "Slack", "consumer_app")]),
]
