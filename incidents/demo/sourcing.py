"""Confidence markers for the original nine demo incidents, by slug.

Kept apart from data.py so the markers can be read (and checked against
docs/record/landmarks.md) in one place. The landmark outages carry theirs in their rows.
"""

from .marks import official, secondary, unverified

SOURCING = {
    "ali-hk-2022-12": {
        "started_at": official("sta-gd-hk", "Report: first temperature alarm at 08:56."),
        "ended_at": official(
            "sta-gd-hk", "Report: 22:50. Press give 00:30 on 12-19 (one secondary source)."
        ),
        "regions": official("sta-gd-hk"),
        "products": official(
            "sta-gd-hk", "The report names ECS, EBS, OSS, RDS; impact levels are our reading."
        ),
        "root_cause": official("sta-gd-hk"),
    },
    "ali-global-2023-11-12": {
        "started_at": official("oxo-fault-report-1112", "Fault report 17:39; status page 17:44."),
        "ended_at": official("oxo-fault-report-1112", "Report 19:20; status page and SCMP 21:11."),
        "regions": secondary("jmdgm-1112", "All regions: press reading of the status page."),
        "products": official("oxo-fault-report-1112", "Apps hit: jmdgm.com."),
        "root_cause": official("oxo-fault-report-1112"),
    },
    "ali-db-console-2023-11-27": {
        "started_at": official("ithome-1127", "Alibaba's apology, quoted by IT之家."),
        "ended_at": official("ithome-1127", "Alibaba's apology, quoted by IT之家."),
        "regions": official("ithome-1127"),
        "products": official("ithome-1127"),
        "root_cause": unverified("Alibaba gave no cause."),
    },
    "aws-use1-2021-12-07": {
        "started_at": official("aws-12721"),
        "ended_at": official("aws-12721"),
        "regions": official("aws-12721"),
        "products": secondary("infoq-aws-1207"),
        "root_cause": official("aws-12721"),
    },
    "gcp-euw9-2023-04-25": {
        "started_at": secondary("register-gcp-paris-0426", "The status page as quoted."),
        "ended_at": unverified("No official close time found."),
        "regions": secondary("itpro-gcp-paris", "The status page's 20:51 PDT update, quoted."),
        "products": secondary("register-gcp-paris"),
        "root_cause": secondary(
            "register-gcp-paris-0426", "Google: water intrusion; the pump-leak chain is press only."
        ),
    },
    "azure-wan-2023-01-25": {
        "started_at": official("leanix-azure-pir", "Final review 07:08; preliminary 07:05."),
        "ended_at": official("leanix-azure-pir"),
        "regions": official("leanix-azure-pir"),
        "products": official("leanix-azure-pir"),
        "root_cause": official("leanix-azure-pir"),
    },
    "cf-2022-06-21": {
        "started_at": official("cloudflare-blog"),
        "ended_at": official("cloudflare-blog"),
        "regions": secondary("site24x7-cf-0621", "The 19 sites as listed by Site24x7."),
        "products": official("cloudflare-blog"),
        "root_cause": official("cloudflare-blog"),
    },
    "fastly-2021-06-08": {
        "started_at": official("fastly-blog"),
        "ended_at": official("fastly-blog"),
        "regions": official("fastly-blog"),
        "products": official("fastly-blog"),
        "root_cause": official("fastly-blog"),
    },
    "ovh-sbg-2021-03-10": {
        "started_at": official("ovh-communique", "OVHcloud's statement, quoted in full."),
        "ended_at": unverified("No single end time; restarts took weeks."),
        "regions": secondary("klaba-ovh-0310", "Octave Klaba's posts as quoted."),
        "products": unverified("No per-product impacts recorded."),
        "root_cause": secondary(
            "channelnews-ovh-bea", "BEA-RI and fire-service reports; no official cause."
        ),
    },
}
