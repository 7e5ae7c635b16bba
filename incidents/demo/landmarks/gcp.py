"""Landmark Google Cloud outages. Quotes and where each was read: docs/record/landmarks.md."""

from ..marks import official, outage, secondary

_STATUS = "https://status.cloud.google.com/"

CITATIONS = {
    # key: (url, title, publisher, published_on, language, official, quote)
    "gcp-19009": (
        _STATUS + "incident/cloud-networking/19009",
        "Google Cloud Networking Incident #19009",
        "Google Cloud",
        "2019-06-06",
        "en",
        True,
        "Incident began at 2019-06-02 11:45 and ended at 2019-06-02 15:40 (all times are "
        "US/Pacific).",
    ),
    "failuremodes-19009": (
        "https://failure-modes.dev/library/fm-014",
        "An automation bug deschedules Google's network control plane (FM-014)",
        "failure-modes.dev",
        None,
        "en",
        False,
        "At 18:45 UTC, the automation took advantage of the bug and descheduled network control "
        "plane instances in multiple locations simultaneously.",
    ),
    "gcp-iam-0408": (
        "https://threadreaderapp.com/thread/1249735098188148736.html",
        "Google Cloud status: incident report for the Cloud IAM errors of 8 April 2020 (status "
        "posts collected by Thread Reader)",
        "Google Cloud status posts via Thread Reader",
        None,
        "en",
        False,
        "On Wednesday 08 April, 2020 beginning at 06:48 US/Pacific, Google Cloud Identity and "
        "Access Management (IAM) experienced significantly elevated error rates for a duration "
        "of 54 minutes.",
    ),
    "gcp-qrpmq9": (
        _STATUS + "incidents/qRpmq9arsrCV7xWdfftF",
        "Incident affecting Google Cloud Infrastructure Components (europe-west2-a)",
        "Google Cloud",
        "2020-12-15",
        "en",
        True,
        "Google Cloud Platform experienced networking unavailability in zone europe-west2-a, "
        "resulting in some customers being unable to access their resources, for a duration of "
        "1 hour 24 minutes.",
    ),
    "gcp-20013": (
        _STATUS + "incident/zall/20013",
        "Google Cloud Infrastructure Components Incident #20013",
        "Google Cloud",
        "2020-12-18",
        "en",
        True,
        "On Monday 14 December, 2020, for a duration of 47 minutes, customer-facing Google "
        "services that required Google OAuth access were unavailable.",
    ),
    "interface-20013": (
        "https://theinterface.uk/2020/12/21/here-is-what-caused-the-google-outage-last-week/",
        "Here is what caused the Google outage last week (quoting Google's report)",
        "The Interface",
        "2020-12-21",
        "en",
        False,
        "On Monday 14 December, 2020 from 03:46 to 04:33 US/Pacific, credential issuance and "
        "account metadata lookups for all Google user accounts failed.",
    ),
    "siliconangle-20013": (
        "https://siliconangle.com/2020/12/23/google-blames-last-weeks-outage-google-user-id-"
        "service-error",
        "Google blames last week's outage on Google User ID Service error",
        "SiliconANGLE",
        "2020-12-23",
        "en",
        False,
        "parts of the previous quota system were left in place which incorrectly reported the "
        "usage for the User ID Service as 0",
    ),
    "gcp-x3wp": (
        _STATUS + "incidents/X3wpirSoeRTxHzn3nHFC",
        "Incident affecting Google Cloud Networking: increased latency and packet loss",
        "Google Cloud",
        "2021-03-23",
        "en",
        True,
        "The trigger for this service disruption was a new set of routers being connected to "
        "Google's backbone network as part of the normal router build process.",
    ),
    "gcp-6pm5": (
        _STATUS + "incidents/6PM5mNd43NbMqjCZ5REh",
        "Global: Experiencing Issue with Cloud networking (incident report)",
        "Google Cloud",
        "2021-11-22",
        "en",
        True,
        "This incident was caused by a bug in the configuration pipeline that propagates "
        "customer configuration rules to GCLB.",
    ),
    "itnews-6pm5": (
        "https://www.itnews.com.au/news/google-cloud-networking-has-a-brief-global-glitch-572775",
        "Google Cloud networking has a brief global glitch",
        "iTnews",
        "2021-11-17",
        "en",
        False,
        "Large web properties briefly went offline, including Snapchat, Spotify, Etsy, Discord, "
        "Shopify",
    ),
    "gcp-xvq5": (
        _STATUS + "incidents/XVq5om2XEDSqLtJZUvcH",
        "Google Cloud incident: cooling failure in europe-west2-a (ID as linked by StatusCake)",
        "Google Cloud",
        None,
        "en",
        True,
        "",
    ),
    "statuscake-euw2": (
        "https://www.statuscake.com/?p=189386",
        "Google's outage on the UK's hottest day of the year (quoting Google's incident report)",
        "StatusCake",
        None,
        "en",
        False,
        "Preliminary root cause has been identified as multiple concurrent failures to our "
        "redundant cooling systems within one of the buildings that hosts the europe-west2-a "
        "zone for the europe-west2 region.",
    ),
    "postmortems-euw2": (
        "https://www.postmortems.app/postmortem/ac43196d-9cca-4310-b1a5-916322e2a469",
        "Google Cloud europe-west2 outage due to cooling system failure (summary of Google's "
        "report)",
        "postmortems.app",
        None,
        "en",
        False,
        "On July 19, 2022, at 06:33 US/Pacific, a simultaneous failure of multiple, redundant "
        "cooling systems in a data center hosting zone europe-west2-a",
    ),
    "bi-euw2": (
        "https://embed.businessinsider.com/google-cloud-data-center-london-outage-hottest-day-"
        "record-uk-2022-7",
        "Google Cloud data center in London suffers 'cooling-related failure' as UK hits "
        "record-high temperatures",
        "Business Insider",
        "2022-07-19",
        "en",
        False,
        'A status page for Google Cloud said that a "cooling related failure" occurred in one '
        "of its buildings, starting at 10:13 PDT",
    ),
    "gcp-nmcnk": (
        _STATUS + "incidents/NMcnk6aE8xMHHwRGmyry",
        "US-WEST1: Multiple cloud products experiencing network issues (incident report)",
        "Google Cloud",
        "2022-01-21",
        "en",
        True,
        "On Saturday, 8 January 2022, multiple GCP products in us-west1-b experienced increased "
        "network latency for a duration of 3 hours and 22 minutes.",
    ),
    "gcp-skbv": (
        _STATUS + "incidents/skbvoobU4btcxyAthEmu",
        "Global: Elevated HTTP 4xx Errors on External Application Load Balancer (incident report)",
        "Google Cloud",
        "2023-09-28",
        "en",
        True,
        "The root cause of the issue was a change in the leader election process of a component "
        "of Google Cloud Load Balancer's configuration management pipeline.",
    ),
}

_PT19 = "2019-06-02T{}:00-07:00"
_PT20 = "2020-12-{}:00-08:00"
_IAM = "2020-04-08T{}:00-07:00"
_PT21 = "2021-03-17T{}:00-07:00"
_GLB21 = "2021-11-16T{}:00-08:00"
_PT22 = "2022-07-{}:00-07:00"
_USW1 = "2022-01-08T{}:00-08:00"
_PT23 = "2023-09-{}:00-07:00"
_US_REGIONS_2019 = [
    "us-central1",
    "us-east1",
    "us-east4",
    "us-west2",
    "northamerica-northeast1",
    "southamerica-east1",
]
_LEVELS = "Impact levels are the record's reading."

INCIDENTS = [
    outage(
        slug="gcp-us-network-2019-06-02",
        provider="google-cloud",
        title="Network congestion in eastern USA (Google Cloud Networking Incident #19009)",
        summary="Google Cloud projects in several US regions saw packet loss from network "
        "congestion for between 3 h 19 min and 4 h 25 min, depending on the region; G Suite "
        "and YouTube were hit too.",
        impact="major",
        started_at=_PT19.format("11:45"),
        ended_at=_PT19.format("15:40"),
        time_zone="America/Los_Angeles",
        root_cause="Google's report: multiple failures combined. A planned maintenance event's "
        "automation descheduled the network control plane in several locations at once "
        "(failure-modes.dev's summary of the report; the report's own root-cause paragraph "
        "was not read in full).",
        postmortem_url=_STATUS + "incident/cloud-networking/19009",
        regions=_US_REGIONS_2019,
        citations=["gcp-19009", "failuremodes-19009"],
        impacts=[
            {"product": "gcp-compute-engine", "impact": "major"},
            {"product": "gcp-app-engine", "impact": "major"},
            {"product": "gcp-interconnect", "impact": "major"},
            {"product": "gcp-cloud-vpn", "impact": "major"},
            {"product": "gcp-cloud-console", "impact": "major"},
            {"product": "gcp-pubsub", "impact": "major"},
            {"product": "gcp-bigquery", "impact": "major"},
            {"product": "gcp-spanner", "impact": "major", "note": "Regional instances."},
            {"product": "gcp-cloud-storage", "impact": "major", "note": "Regional buckets."},
            {"product": "google-workspace", "impact": "major", "note": "G Suite."},
            {"product": "youtube", "impact": "major"},
        ],
        sourcing={
            "started_at": official("gcp-19009"),
            "ended_at": official("gcp-19009"),
            "regions": official("gcp-19009"),
            "products": official("gcp-19009", _LEVELS),
            "root_cause": secondary("failuremodes-19009"),
        },
    ),
    outage(
        slug="gcp-iam-2020-04-08",
        provider="google-cloud",
        title="Elevated error rates across multiple Google Cloud services (Cloud IAM)",
        summary="Cloud IAM returned errors worldwide for 54 minutes; BigQuery streaming was "
        "degraded for 116 minutes, the IAM external API for 102, some Cloud SQL HA instances "
        "for up to 192, and Gmail delayed mail from 6:50 to 7:39 PDT.",
        impact="major",
        started_at=_IAM.format("06:48"),
        ended_at=_IAM.format("07:42"),
        time_zone="America/Los_Angeles",
        root_cause="The trigger was a rarely exercised type of configuration change in "
        "Zanzibar, Google's global access-control system, which Cloud IAM relies on; some IAM "
        "checks reference the global IAM instance (the rest of the report was not read).",
        regions=["global"],
        citations=["gcp-iam-0408"],
        impacts=[
            {"product": "gcp-bigquery", "impact": "minor", "note": "Streaming, 116 minutes."},
            {"product": "gcp-cloud-sql", "impact": "minor", "note": "3% of HA instances."},
            {
                "product": "gcp-compute-engine",
                "impact": "minor",
                "note": "A 100% error rate on some operations (the list is cut in the copy).",
            },
            {"product": "google-workspace", "impact": "minor", "note": "Gmail delays."},
        ],
        sourcing={
            "started_at": official("gcp-iam-0408", "Google's status posts, read in a copy."),
            "ended_at": official("gcp-iam-0408", "Google's status posts, read in a copy."),
            "regions": official("gcp-iam-0408"),
            "products": official("gcp-iam-0408", _LEVELS),
            "root_cause": official("gcp-iam-0408", "Only the trigger was read."),
        },
    ),
    outage(
        slug="gcp-euw2a-2020-12-09",
        provider="google-cloud",
        title="Networking unavailable in zone europe-west2-a",
        summary="Resources in zone europe-west2-a (London) were unreachable for 1 h 24 min; "
        "some Memorystore instances, Classic Cloud VPN tunnels and App Engine Flex "
        "deployments stayed impaired longer.",
        impact="major",
        started_at=_PT20.format("09T18:31"),
        ended_at=_PT20.format("09T19:55"),
        time_zone="America/Los_Angeles",
        root_cause="A failure in Google's networking control plane, the Software Defined "
        "Networking (SDN) stack serving the zone (only the opening of the report's root-cause "
        "section was read).",
        postmortem_url=_STATUS + "incidents/qRpmq9arsrCV7xWdfftF",
        regions=["europe-west2", "europe-west2-a"],
        citations=["gcp-qrpmq9"],
        impacts=[
            {"product": "gcp-compute-engine", "impact": "major", "note": "Unreachable."},
            {
                "product": "gcp-memorystore",
                "impact": "minor",
                "note": "1.5% of instances unhealthy for 2 h 24 min.",
            },
            {
                "product": "gcp-cloud-vpn",
                "impact": "minor",
                "note": "4.5% of Classic VPN tunnels in europe-west2 down for 8 h 10 min.",
            },
            {
                "product": "gcp-app-engine",
                "impact": "minor",
                "note": "App Engine Flex deployment errors for 1 h 45 min.",
            },
        ],
        sourcing={
            "started_at": official("gcp-qrpmq9"),
            "ended_at": official("gcp-qrpmq9"),
            "regions": official("gcp-qrpmq9"),
            "products": official("gcp-qrpmq9", _LEVELS),
            "root_cause": official("gcp-qrpmq9", "Only the opening of the section was read."),
        },
    ),
    outage(
        slug="google-auth-2020-12-14",
        provider="google-cloud",
        title="Google account authentication failure (Incident #20013)",
        summary="For 47 minutes every Google service that needed a Google account sign-in "
        "failed: Gmail, YouTube, Drive and the Google Cloud and Workspace APIs and consoles.",
        impact="critical",
        started_at=_PT20.format("14T03:46"),
        ended_at=_PT20.format("14T04:33"),
        time_zone="America/Los_Angeles",
        root_cause="As part of a migration of the User ID Service to a new quota system, parts "
        "of the old quota system were left in place and reported the service's usage as 0. "
        "When a grace period expired, automated quota management cut the quota of the account "
        "database, which stopped the Paxos leader from writing; reads became outdated and "
        "authentication lookups failed.",
        postmortem_url=_STATUS + "incident/zall/20013",
        regions=["global"],
        citations=["gcp-20013", "interface-20013", "siliconangle-20013"],
        impacts=[
            {"product": "google-account-auth", "impact": "critical"},
            {"product": "google-workspace", "impact": "critical"},
            {"product": "youtube", "impact": "major"},
            {"product": "gcp-cloud-console", "impact": "major", "note": "APIs and consoles."},
        ],
        reported_times=[
            {
                "field": "started_at",
                "value": _PT20.format("14T03:46"),
                "citation": "interface-20013",
                "note": "Google's incident report: when credential issuance failed.",
            },
            {
                "field": "started_at",
                "value": _PT20.format("14T04:07"),
                "citation": "gcp-20013",
                "note": "The status dashboard entry's start.",
            },
            {
                "field": "ended_at",
                "value": _PT20.format("14T04:33"),
                "citation": "interface-20013",
                "note": "Google's incident report: end of the authentication failure.",
            },
            {
                "field": "ended_at",
                "value": _PT20.format("14T06:23"),
                "citation": "gcp-20013",
                "note": "The status dashboard entry's end.",
            },
        ],
        sourcing={
            "started_at": official("interface-20013", "Google's report, quoted."),
            "ended_at": official("interface-20013", "Google's report, quoted."),
            "regions": official("gcp-20013"),
            "products": official("interface-20013", _LEVELS),
            "root_cause": official("siliconangle-20013", "Google's report, quoted."),
        },
    ),
    outage(
        slug="gcp-backbone-2021-03-17",
        provider="google-cloud",
        title="Increased latency and packet loss on Google's backbone network",
        summary="Cloud Networking and services that depend on Google's backbone saw latency, "
        "packet loss and unavailable errors for 3 h 39 min; Cloud Interconnect for 4 h 30 min.",
        impact="major",
        started_at=_PT21.format("08:20"),
        ended_at=_PT21.format("12:50"),
        time_zone="America/Los_Angeles",
        root_cause="The trigger was a new set of routers being connected to Google's backbone "
        "network as part of the normal router build process (the rest of the report's "
        "root-cause section was not read).",
        postmortem_url=_STATUS + "incidents/X3wpirSoeRTxHzn3nHFC",
        regions=["global"],
        citations=["gcp-x3wp"],
        impacts=[
            {"product": "gcp-compute-engine", "impact": "major"},
            {"product": "gcp-gke", "impact": "major"},
            {"product": "gcp-app-engine", "impact": "major"},
            {"product": "gcp-spanner", "impact": "major"},
            {"product": "gcp-load-balancing", "impact": "major"},
            {"product": "gcp-interconnect", "impact": "major", "note": "4 h 30 min."},
        ],
        sourcing={
            "started_at": official("gcp-x3wp"),
            "ended_at": official("gcp-x3wp"),
            "regions": official("gcp-x3wp"),
            "products": official("gcp-x3wp", "Products as the incident lists them; " + _LEVELS),
            "root_cause": official("gcp-x3wp", "Only the trigger was read."),
        },
    ),
    outage(
        slug="gcp-glb-2021-11-16",
        provider="google-cloud",
        title="Global: issue with Cloud networking (External Proxy Load Balancing)",
        summary="Sites behind Google's External Proxy Load Balancing returned Google 404 "
        "errors from 09:35 to 10:08 PT; customers could not change load-balancer "
        "configuration until 11:28 PT. Snapchat, Spotify, Etsy, Discord and Shopify briefly "
        "went offline (iTnews, citing DownDetector).",
        impact="major",
        started_at=_GLB21.format("09:35"),
        ended_at=_GLB21.format("11:28"),
        time_zone="America/Los_Angeles",
        root_cause="A bug in the configuration pipeline that propagates customer configuration "
        "rules to the load balancer, introduced six months earlier, allowed a race condition "
        "(the rest of the report's explanation was not read).",
        postmortem_url=_STATUS + "incidents/6PM5mNd43NbMqjCZ5REh",
        regions=["global"],
        citations=["gcp-6pm5", "itnews-6pm5"],
        updates=[
            (_GLB21.format("09:35"), "investigating", "Google 404 errors from the load balancer."),
            (_GLB21.format("10:08"), "monitoring", "Rollback done; 404 errors resolved."),
            (_GLB21.format("11:28"), "resolved", "Customer configuration pushes resumed."),
        ],
        impacts=[
            {
                "product": "gcp-load-balancing",
                "impact": "critical",
                "ended_at": _GLB21.format("10:08"),
                "note": "404 errors until 10:08; configuration changes blocked to 11:28.",
            },
            {"product": "gcp-cloud-run", "impact": "major"},
            {"product": "gcp-app-engine", "impact": "major"},
            {"product": "gcp-cloud-functions", "impact": "major"},
            {"product": "gcp-apigee", "impact": "major"},
        ],
        sourcing={
            "started_at": official("gcp-6pm5"),
            "ended_at": official("gcp-6pm5"),
            "regions": official("gcp-6pm5"),
            "products": official("gcp-6pm5", "Products as the incident lists them; " + _LEVELS),
            "root_cause": official(
                "gcp-6pm5", "Only the first sentences of the root cause were read."
            ),
        },
    ),
    outage(
        slug="gcp-usw1b-2022-01-08",
        provider="google-cloud",
        title="US-WEST1: multiple cloud products experiencing network issues",
        summary="Network latency rose for products in us-west1-b for 3 h 22 min after a "
        "routine maintenance event on the software-defined network.",
        impact="minor",
        started_at=_USW1.format("15:15"),
        ended_at=_USW1.format("18:36"),
        time_zone="America/Los_Angeles",
        root_cause="A routine maintenance event on an SDN component triggered a failover; the "
        "new replica reconciled from a checkpoint that lacked a piece of configuration, which "
        "was pushed to about 15% of the zone's switches. Reprogramming them hit a race "
        "condition in the switch firmware that crashed them.",
        postmortem_url=_STATUS + "incidents/NMcnk6aE8xMHHwRGmyry",
        regions=["us-west1", "us-west1-b"],
        citations=["gcp-nmcnk"],
        impacts=[
            {"product": "gcp-compute-engine", "impact": "minor"},
            {"product": "gcp-cloud-dns", "impact": "minor"},
            {"product": "gcp-cloud-run", "impact": "minor"},
            {"product": "gcp-spanner", "impact": "minor"},
            {"product": "gcp-interconnect", "impact": "minor"},
        ],
        sourcing={
            "started_at": official("gcp-nmcnk"),
            "ended_at": official("gcp-nmcnk"),
            "regions": official("gcp-nmcnk"),
            "products": official("gcp-nmcnk", "Products as the incident lists them; " + _LEVELS),
            "root_cause": official("gcp-nmcnk"),
        },
    ),
    outage(
        slug="gcp-euw2-heat-2022-07-19",
        provider="google-cloud",
        title="Cooling failure in a europe-west2-a building during the UK heatwave",
        summary="Redundant cooling failed in a London building hosting zone europe-west2-a "
        "as the UK hit record temperatures (Business Insider); Google powered down part of "
        "the zone, and Compute Engine, Persistent Disk, Cloud Storage, BigQuery, Cloud SQL "
        "and other products failed in europe-west2.",
        impact="major",
        started_at=_PT22.format("19T06:33"),
        ended_at=_PT22.format("20T21:20"),
        time_zone="America/Los_Angeles",
        root_cause="Multiple concurrent failures of the redundant cooling systems in one of the "
        "buildings that hosts europe-west2-a, in exceptionally high outside temperatures. The "
        "final report adds that traffic routing for internal services was inadvertently "
        "changed to avoid all three europe-west2 zones (postmortems.app's summary).",
        postmortem_url=_STATUS + "incidents/XVq5om2XEDSqLtJZUvcH",
        regions=["europe-west2", "europe-west2-a"],
        citations=["gcp-xvq5", "statuscake-euw2", "postmortems-euw2", "bi-euw2"],
        updates=[
            (_PT22.format("19T14:13"), "monitoring", "Cooling system repaired."),
            (_PT22.format("20T04:28"), "monitoring", "Services restored."),
            (_PT22.format("20T21:20"), "resolved", "Residual effects fully mitigated."),
        ],
        impacts=[
            {"product": "gcp-compute-engine", "impact": "major", "note": "VM terminations."},
            {"product": "gcp-persistent-disk", "impact": "major"},
            {"product": "gcp-cloud-storage", "impact": "major", "note": "HTTP 500 errors."},
            {"product": "gcp-bigquery", "impact": "major"},
            {"product": "gcp-cloud-sql", "impact": "major"},
            {"product": "gcp-app-engine", "impact": "minor"},
            {"product": "gcp-cloud-functions", "impact": "minor"},
        ],
        reported_times=[
            {
                "field": "started_at",
                "value": _PT22.format("19T06:33"),
                "citation": "postmortems-euw2",
                "note": "Google's final report, as summarised.",
            },
            {
                "field": "started_at",
                "value": _PT22.format("19T10:13"),
                "citation": "bi-euw2",
                "note": "The status page on the day, as quoted by Business Insider.",
            },
        ],
        sourcing={
            "started_at": secondary("postmortems-euw2"),
            "ended_at": official("statuscake-euw2", "Google's text, quoted."),
            "regions": official("statuscake-euw2", "Google's text, quoted."),
            "products": secondary("postmortems-euw2", _LEVELS),
            "root_cause": official("statuscake-euw2", "Google's preliminary text, quoted."),
        },
    ),
    outage(
        slug="gcp-glb-2023-09-21",
        provider="google-cloud",
        title="Global: elevated HTTP 4xx errors on External Application Load Balancer",
        summary="A change to Cloud Load Balancing's configuration pipeline overwrote some "
        "customers' configurations with empty ones, so their load balancers stopped serving "
        "traffic.",
        impact="major",
        started_at=_PT23.format("21T23:30"),
        ended_at=_PT23.format("22T23:34"),
        time_zone="America/Los_Angeles",
        root_cause="A change in the leader election process of a component of the load "
        "balancer's configuration management pipeline triggered a race condition in a "
        "downstream component, which overwrote some customer configurations with empty ones. "
        "The gradual, canaried rollout did not catch it because the component itself worked "
        "correctly in isolation.",
        postmortem_url=_STATUS + "incidents/skbvoobU4btcxyAthEmu",
        regions=["global"],
        citations=["gcp-skbv"],
        updates=[
            (_PT23.format("22T04:51"), "identified", "Engineers alerted; pipeline frozen."),
            (
                _PT23.format("22T05:15"),
                "monitoring",
                "Known-good configuration snapshot reinstated for the impacted type.",
            ),
        ],
        impacts=[{"product": "gcp-load-balancing", "impact": "major"}],
        sourcing={
            "started_at": official("gcp-skbv", "The status entry's window."),
            "ended_at": official("gcp-skbv", "The status entry's window."),
            "regions": official("gcp-skbv"),
            "products": official("gcp-skbv"),
            "root_cause": official("gcp-skbv"),
        },
    ),
]
