"""Landmark outages at edge networks and network operators: Cloudflare, Akamai, OVHcloud, IBM.

Quotes and where each was read: docs/record/landmarks.md.
"""

from ..marks import official, outage, secondary

CITATIONS = {
    # key: (url, title, publisher, published_on, language, official, quote)
    "cf-blog-0702": (
        "https://blog.cloudflare.com/details-of-the-cloudflare-outage-on-july-2-2019/",
        "Details of the Cloudflare outage on July 2, 2019",
        "Cloudflare",
        "2019-07-12",
        "en",
        True,
        "even in the simulate mode the rules actually need to execute and in this case the rule "
        "contained a regular expression that consumed excessive CPU.",
    ),
    "postmortems-cf-0702": (
        "https://www.postmortems.app/output/a0e252d3-10a6-4345-84c3-f271124e2d7b.json",
        "Cloudflare global outage on July 2, 2019 (summary of Cloudflare's post)",
        "postmortems.app",
        None,
        "en",
        False,
        "On July 2, 2019, Cloudflare experienced a global outage lasting 27 minutes, from 13:42 "
        "UTC to 14:09 UTC.",
    ),
    "cf-blog-0717": (
        "https://blog.cloudflare.com/cloudflare-outage-on-july-17-2020/",
        "Cloudflare outage on July 17, 2020",
        "Cloudflare",
        "2020-07-18",
        "en",
        True,
        "This configuration contained an error that caused all traffic across our backbone to "
        "be sent to Atlanta.",
    ),
    "postmortems-cf-0717": (
        "https://www.postmortems.app/postmortem/e16b28f3-b6d4-449b-ae93-cc8a4d074163",
        "Cloudflare outage on July 17, 2020 (summary of Cloudflare's post)",
        "postmortems.app",
        None,
        "en",
        False,
        "The incident began at 21:12 UTC when a configuration change was made on a router in "
        "Atlanta. Service was largely restored by 21:39 UTC",
    ),
    "cf-blog-1102": (
        "https://blog.cloudflare.com/post-mortem-on-cloudflare-control-plane-and-analytics-outage/",
        "Post mortem on the Cloudflare Control Plane and Analytics Outage",
        "Cloudflare",
        "2023-11-04",
        "en",
        True,
        "The incident lasted from November 2 at 11:44 UTC until November 4 at 04:25 UTC.",
    ),
    "klausmeier-cf-1102": (
        "https://eklausmeier.neocities.org/blog/2023/11-02-cloudflare-dashboard-down/",
        "Cloudflare Dashboard Down (quoting Cloudflare's post mortem)",
        "Elmar Klausmeier",
        "2023-11-02",
        "en",
        False,
        "On November 2 at 08:50 UTC Portland General Electric (PGE), the utility company that "
        "services PDX-04, had an unplanned maintenance event",
    ),
    "akamai-tweet-0722": (
        "https://www.republicworld.com/technology-news/other-tech-news/what-led-to-internet-"
        "outage-that-took-down-some-major-websites-on-july-22-check-out-why.html",
        "What led to internet outage that took down some major websites on July 22 (quoting "
        "Akamai's statement)",
        "Republic World",
        "2021-07-23",
        "en",
        False,
        "At 15:46 UTC today, a software configuration update triggered a bug in the DNS system",
    ),
    "akamai-nanog-0722": (
        "https://mailman.nanog.org/pipermail/nanog/2021-July/214358.html",
        "Global Akamai Outage (Akamai's root-cause update, posted to NANOG)",
        "NANOG mailing list",
        "2021-07-24",
        "en",
        False,
        "The load balancing configuration directive included a formatting error.",
    ),
    "techportal-0722": (
        "https://thetechportal.com/2021/07/23/bug-in-akamais-edge-dns-system-results-in-major-"
        "internet-outage-issue-now-fixed",
        "Bug in Akamai's Edge DNS system results in major internet outage, issue now fixed",
        "The Tech Portal",
        "2021-07-23",
        "en",
        False,
        "By about 12:50 p.m. ET, the situation was resolved and the issue was fixed.",
    ),
    "jdn-ovh-1013": (
        "https://www.journaldunet.com/web-tech/cloud/1505999-ovhcloud-touche-par-une-panne-a-"
        "deux-jours-de-son-ipo/",
        "Panne mondiale d'OVH : l'incident est clos, le groupe s'explique",
        "Journal du Net",
        "2021-10-13",
        "fr",
        False,
        "De 9h10 à 9h38 ce 13 octobre, le groupe français a été touché par un incident mondial",
    ),
    "papergeek-ovh-1013": (
        "https://www.papergeek.fr/grosse-panne-ovh-milliers-sites-hors-ligne-2457736/amp",
        "Grosse panne OVH : des milliers de sites étaient hors ligne, que s'est-il passé ?",
        "Papergeek",
        "2021-10-13",
        "fr",
        False,
        "Dès 9h30 ce mercredi 13 octobre 2021, jusqu'à environ 10h20, des milliers de sites web "
        "et services hébergés par OVH étaient inaccessibles.",
    ),
    "proxyclick-ovh-1013": (
        "https://status.proxyclick.com/incidents/mfxc3fdyfgk4",
        "OVH outage: OVH's summary of the issue as communicated to customers (Proxyclick "
        "status page)",
        "Proxyclick",
        None,
        "en",
        False,
        "During the outage, the full Internet routing table was being announced in the OVHcloud "
        "IGP.",
    ),
    "klaba-ovh-1013": (
        "https://california18.com/ovh-failure-a-copy-paste-error-at-the-origin-of-the-internet-"
        "shutdown/924132021/",
        "OVH failure: a copy-paste error at the origin of the Internet shutdown (quoting Octave "
        "Klaba)",
        "California18",
        None,
        "en",
        False,
        "Following a human error during the reconfiguration of the network on our DC at VH "
        "(US-EST), we have a problem on the whole backbone",
    ),
    "ibm-statement-0609": (
        "https://www.privacy.com.sg/cybersecurity/ibm-cloud-global-outage-caused-by-incorrect-"
        "bgp-routing/?amp",
        "IBM Cloud global outage caused by 'incorrect' BGP routing (BleepingComputer, "
        "republished, quoting IBM)",
        "BleepingComputer via privacy.com.sg",
        None,
        "en",
        False,
        "An investigation shows an external network provider flooded the IBM Cloud network with "
        "incorrect routing, resulting in severe congestion of traffic and impacting IBM Cloud "
        "services and our data centers.",
    ),
    "itprotoday-0609": (
        "https://www.itprotoday.com/performance-management/ibm-cloud-outage-causes-disruptions-"
        "learning-failure",
        "IBM Cloud Outage Causes Disruptions: Learning from the Failure",
        "ITPro Today",
        None,
        "en",
        False,
        "ThousandEyes ... reporting that issues first began to appear at approximately 5:50 "
        "p.m. EDT",
    ),
}

_UTC = "{}:00+00:00"
_LEVELS = "Impact levels are the record's reading."
_CF_BACKBONE_SITES = [
    "sjc",
    "dfw",
    "sea",
    "lax",
    "ord",
    "iad",
    "ric",
    "ewr",
    "atl",
    "lhr",
    "ams",
    "fra",
    "cdg",
    "arn",
    "dme",
    "led",
    "gru",
    "cwb",
    "poa",
]

INCIDENTS = [
    outage(
        slug="cf-waf-2019-07-02",
        provider="cloudflare",
        title="Global outage from a WAF rule (July 2, 2019)",
        summary="Every Cloudflare server handling HTTP and HTTPS ran out of CPU for 27 "
        "minutes after a new WAF managed rule was deployed worldwide; visitors to sites "
        "behind Cloudflare got 502 errors.",
        impact="critical",
        started_at=_UTC.format("2019-07-02T13:42"),
        ended_at=_UTC.format("2019-07-02T14:09"),
        time_zone="UTC",
        root_cause="A new rule in the WAF Managed Rules, deployed in simulate mode, contained "
        "a regular expression that backtracked excessively and consumed CPU on every server "
        "that ran it; simulate mode still executes the rule.",
        postmortem_url="https://blog.cloudflare.com/details-of-the-cloudflare-outage-on-july-2-"
        "2019/",
        regions=["global"],
        citations=["cf-blog-0702", "postmortems-cf-0702"],
        impacts=[
            {"product": "cloudflare-cdn", "impact": "critical", "note": "HTTP 502 errors."},
            {"product": "cloudflare-waf", "impact": "critical"},
        ],
        sourcing={
            "started_at": secondary("postmortems-cf-0702"),
            "ended_at": secondary("postmortems-cf-0702"),
            "regions": secondary("postmortems-cf-0702"),
            "products": secondary("postmortems-cf-0702", _LEVELS),
            "root_cause": official("cf-blog-0702", "The blog's passage, read in a copy."),
        },
    ),
    outage(
        slug="cf-backbone-2020-07-17",
        provider="cloudflare",
        title="Backbone configuration error (July 17, 2020)",
        summary="A configuration error on Cloudflare's backbone sent all backbone traffic to "
        "Atlanta for 27 minutes; traffic across the network dropped by about 50%, and the "
        "19 locations Cloudflare lists failed while others kept working.",
        impact="major",
        started_at=_UTC.format("2020-07-17T21:12"),
        ended_at=_UTC.format("2020-07-17T21:39"),
        time_zone="UTC",
        root_cause="While working on congestion on the Newark-Chicago backbone segment, "
        "network engineers updated the configuration of a router in Atlanta. The "
        "configuration contained an error that caused all traffic across the backbone to be "
        "sent to Atlanta, which overwhelmed the router. Not an attack or breach.",
        postmortem_url="https://blog.cloudflare.com/cloudflare-outage-on-july-17-2020/",
        regions=_CF_BACKBONE_SITES,
        citations=["cf-blog-0717", "postmortems-cf-0717"],
        impacts=[{"product": "cloudflare-cdn", "impact": "major"}],
        sourcing={
            "started_at": secondary("postmortems-cf-0717"),
            "ended_at": secondary("postmortems-cf-0717", "Logs and metrics recovered by 22:10."),
            "regions": official("cf-blog-0717"),
            "products": official("cf-blog-0717"),
            "root_cause": official("cf-blog-0717"),
        },
    ),
    outage(
        slug="cf-control-plane-2023-11-02",
        provider="cloudflare",
        title="Control plane and analytics outage (November 2-4, 2023)",
        summary="Cloudflare's dashboard, APIs, logging and analytics failed for about 40 "
        "hours after its main data centre in Oregon lost power; most of the control plane "
        "came back at the disaster-recovery site at 17:57 UTC on 11-02. Traffic through the "
        "network was not affected.",
        impact="major",
        started_at=_UTC.format("2023-11-02T11:44"),
        ended_at=_UTC.format("2023-11-04T04:25"),
        time_zone="UTC",
        root_cause="A power failure at Flexential's PDX-04 data centre near Hillsboro, Oregon, "
        "which began with an unplanned maintenance event by the utility PGE at 08:50 UTC. "
        "Cloudflare's high-availability design should have absorbed it, but some critical "
        "systems had non-obvious dependencies on that facility.",
        postmortem_url="https://blog.cloudflare.com/post-mortem-on-cloudflare-control-plane-"
        "and-analytics-outage/",
        regions=["global", "pdx"],
        citations=["cf-blog-1102", "klausmeier-cf-1102"],
        impacts=[
            {
                "product": "cloudflare-dashboard-api",
                "impact": "critical",
                "ended_at": _UTC.format("2023-11-02T17:57"),
                "note": "Most of it restored at the disaster-recovery facility.",
            },
            {
                "product": "cloudflare-analytics-logs",
                "impact": "critical",
                "note": "Raw logs unavailable for most customers for the whole incident.",
            },
            {
                "product": "cloudflare-cdn",
                "impact": "none",
                "note": "Network and security services kept working.",
            },
        ],
        sourcing={
            "started_at": official("cf-blog-1102"),
            "ended_at": official("cf-blog-1102"),
            "regions": official("cf-blog-1102"),
            "products": official("cf-blog-1102"),
            "root_cause": official("klausmeier-cf-1102", "The post mortem, quoted."),
        },
    ),
    outage(
        slug="akamai-edge-dns-2021-07-22",
        provider="akamai",
        title="Edge DNS service disruption",
        summary="A software configuration update triggered a bug in Akamai's Edge DNS, and "
        "many customer websites became unreachable for about an hour.",
        impact="critical",
        started_at=_UTC.format("2021-07-22T15:46"),
        ended_at=_UTC.format("2021-07-22T16:50"),
        time_zone="UTC",
        postmortem_url="https://mailman.nanog.org/pipermail/nanog/2021-July/214358.html",
        root_cause="A load-balancing configuration directive, sent to prepare a forthcoming "
        "product, had a formatting error. The load-balancing component fell back to a "
        "minimal configuration that did not cover Enhanced TLS slots above 6145, so "
        "Akamai's authoritative DNS for akamaiedge.net answered SERVFAIL for them. Alerts "
        "fired during deployment but did not stop the change from propagating.",
        regions=["global"],
        citations=["akamai-nanog-0722", "akamai-tweet-0722", "techportal-0722"],
        impacts=[{"product": "akamai-edge-dns", "impact": "critical"}],
        sourcing={
            "started_at": official("akamai-tweet-0722", "Akamai's statement, quoted."),
            "ended_at": secondary("techportal-0722", "About 12:50 pm ET."),
            "regions": secondary("techportal-0722"),
            "products": official("akamai-nanog-0722", "Akamai's update, posted verbatim."),
            "root_cause": official("akamai-nanog-0722", "Akamai's update, posted verbatim."),
        },
    ),
    outage(
        slug="ovh-backbone-2021-10-13",
        provider="ovhcloud",
        title="Global network outage after a router reconfiguration at Vint Hill",
        summary="OVHcloud's IPv4 network failed worldwide for about an hour after a router "
        "was reconfigured in its Vint Hill (Virginia) data centre; IPv6 kept working.",
        impact="critical",
        started_at="2021-10-13T09:10:00+02:00",
        ended_at="2021-10-13T09:38:00+02:00",
        time_zone="Europe/Paris",
        root_cause="A human error while reconfiguring the network of the VH (US-East) data "
        "centre (Octave Klaba). The full Internet routing table was then announced into "
        "OVHcloud's IGP; OSPF tables filled, overloading routers' RAM and CPU, and newer "
        "routers sent all internet traffic towards the Vint Hill device. Only IPv4 routing "
        "was affected.",
        regions=["global", "vin"],
        citations=[
            "proxyclick-ovh-1013",
            "klaba-ovh-1013",
            "jdn-ovh-1013",
            "papergeek-ovh-1013",
        ],
        impacts=[{"product": "ovh-network", "impact": "critical", "note": "IPv4 only."}],
        reported_times=[
            {
                "field": "started_at",
                "value": "2021-10-13T09:10:00+02:00",
                "citation": "jdn-ovh-1013",
                "note": "Journal du Net.",
            },
            {
                "field": "started_at",
                "value": "2021-10-13T09:30:00+02:00",
                "citation": "papergeek-ovh-1013",
                "note": "Papergeek.",
            },
            {
                "field": "ended_at",
                "value": "2021-10-13T09:38:00+02:00",
                "citation": "jdn-ovh-1013",
                "note": "Journal du Net.",
            },
            {
                "field": "ended_at",
                "value": "2021-10-13T10:20:00+02:00",
                "citation": "papergeek-ovh-1013",
                "note": "Papergeek: about 10:20.",
            },
        ],
        sourcing={
            "started_at": secondary("jdn-ovh-1013", "Sources disagree; see both values."),
            "ended_at": secondary("jdn-ovh-1013", "Sources disagree; see both values."),
            "regions": official("proxyclick-ovh-1013", "OVH's summary, as relayed."),
            "products": official("proxyclick-ovh-1013", "OVH's summary, as relayed."),
            "root_cause": official("proxyclick-ovh-1013", "OVH's summary, as relayed."),
        },
    ),
    outage(
        slug="ibm-cloud-2020-06-09",
        provider="ibm-cloud",
        title="Global IBM Cloud network outage",
        summary="IBM Cloud's network failed worldwide for about two hours (ThousandEyes, via "
        "ITPro Today), taking down sites and services hosted there and IBM's own status page.",
        impact="critical",
        started_at="2020-06-09T17:50:00-04:00",
        ended_at="2020-06-09T21:00:00-04:00",
        time_zone="America/New_York",
        root_cause="IBM: \u201cAn investigation shows an external network provider flooded "
        "the IBM Cloud network with incorrect routing, resulting in severe congestion of "
        "traffic and impacting IBM Cloud services and our data centers.\u201d No detailed "
        "root-cause analysis was found.",
        regions=["global"],
        citations=["ibm-statement-0609", "itprotoday-0609"],
        impacts=[{"product": "ibm-cloud-network", "impact": "critical"}],
        reported_times=[
            {
                "field": "started_at",
                "value": "2020-06-09T17:50:00-04:00",
                "citation": "itprotoday-0609",
                "note": "ThousandEyes' first observation.",
            },
            {
                "field": "started_at",
                "value": "2020-06-09T18:05:00-04:00",
                "citation": "ibm-statement-0609",
                "note": "When BleepingComputer's own site went down.",
            },
        ],
        sourcing={
            "started_at": secondary("itprotoday-0609"),
            "ended_at": secondary("ibm-statement-0609", "When BleepingComputer's site was back."),
            "regions": secondary("itprotoday-0609"),
            "products": official("ibm-statement-0609", "IBM's statement, quoted."),
            "root_cause": official("ibm-statement-0609", "IBM's statement, quoted."),
        },
    ),
]
