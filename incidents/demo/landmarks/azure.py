"""Landmark Microsoft Azure outages. Quotes and where each was read: docs/record/landmarks.md."""

from ..marks import official, outage, secondary

CITATIONS = {
    # key: (url, title, publisher, published_on, language, official, quote)
    "azure-sm79": (
        "https://mspoweruser.com/microsoft-posts-root-cause-analysis-for-this-weeks-microsoft-"
        "365-login-issues/",
        "RCA – Authentication errors across multiple Microsoft services and Azure Active "
        "Directory integrated applications (Tracking ID SM79-F88), republished",
        "MSPoweruser",
        None,
        "en",
        False,
        "Between approximately 21:25 UTC on September 28, 2020 and 00:23 UTC on September 29, "
        "2020, customers may have encountered errors performing authentication operations",
    ),
    "register-sm79": (
        "https://www.theregister.com/2020/10/02/microsoft_azure_bug/",
        "Microsoft says bug, sorry, 'a latent defect' in Safe Deployment Process system downed "
        "Azure Active Directory",
        "The Register",
        "2020-10-02",
        "en",
        False,
        "The authentication errors, which lingered until 0225 UTC (1925 PDT) for some",
    ),
    "azure-aad-0315": (
        "https://learn.microsoft.com/en-us/answers/questions/315440/sticky-azure-"
        "authentication-and-portal-outage.html",
        "Notification: Authentication errors across multiple Microsoft services (status update "
        "posted on Microsoft Q&A)",
        "Microsoft",
        "2021-03-16",
        "en",
        True,
        "Between 19:00 UTC (approx) on March 15, 2021, and 09:25 UTC on March 16, 2021 customers "
        "may have encountered errors performing authentication operations",
    ),
    "winbuzzer-0315": (
        "https://winbuzzer.com/2021/03/16/microsoft-solves-global-azure-active-directory-"
        "outage-xcxwbn/",
        "Microsoft Solves Global Azure Active Directory Outage (quoting the preliminary RCA)",
        "WinBuzzer",
        "2021-03-16",
        "en",
        False,
        "a particular key was marked as \u201cretain\u201d for longer than normal to support a "
        "complex cross-cloud migration. This exposed a bug where the automation incorrectly "
        "ignored that \u201cretain\u201d state",
    ),
    "transistor-0315": (
        "https://share.transistor.fm/s/e4f0344b",
        "Show notes quoting Microsoft's preliminary RCA of the 15 March 2021 Azure AD outage",
        "transistor.fm",
        None,
        "en",
        False,
        "Once the key removal operation was identified as the root cause, the key metadata was "
        "rolled back to its prior state at 21:05 UTC.",
    ),
    "azure-nkrf": (
        "https://azure.status.microsoft/status/history/?trackingId=NKRF-1TG",
        "Post Incident Review: Azure Resource Manager, 21 January 2024 (Tracking ID NKRF-1TG)",
        "Microsoft",
        None,
        "en",
        True,
        "Between 01:30 and 08:58 UTC on 21 January 2024, customers attempting to leverage Azure "
        "Resource Manager (ARM) may have experienced issues when performing resource "
        "management operations.",
    ),
    "amis-nkrf": (
        "https://technology.amis.nl/cloud/analysis-of-the-january-21-2024-azure-arm-outage/",
        "Analysis of the January 21 2024 Azure ARM outage",
        "AMIS Technology Blog",
        None,
        "en",
        False,
        "Starting at 01:57 UTC on [Sunday] 21 January 2024, customers using Azure Resource "
        "Manager might experience errors",
    ),
    "azure-1k80-prelim": (
        "https://azure.status.microsoft/da-dk/status/history/",
        "Azure status history: preliminary Post Incident Review, Central US, July 2024",
        "Microsoft",
        None,
        "en",
        True,
        "Between 21:56 UTC on 18 July 2024 and 12:15 UTC on 19 July 2024, customers may have "
        "experienced issues with multiple Azure services in the Central US region",
    ),
    "azure-1k80-final": (
        "https://icimdekiayi.com/article/azure-status-history-microsoft-azure-2/5568",
        "Azure status history: Post Incident Review, Tracking ID 1K80-N_8 (republished)",
        "icimdekiayi.com",
        None,
        "en",
        False,
        "Between 21:40 UTC on 18 July and 22:00 UTC on 19 July 2024, customers may have "
        "experienced issues with multiple Azure services in the Central US region, due to an "
        "Azure Storage availability event that was resolved by 02:55 UTC on 19 July 2024.",
    ),
    "notebookcheck-1k80": (
        "https://www.notebookcheck.net/Microsoft-Azure-and-Microsoft-365-services-affected-by-"
        "Central-US-Azure-outage-resulting-from-bad-configuration-change.865216.0.html",
        "Microsoft Azure and Microsoft 365 services affected by Central US Azure outage "
        "resulting from bad configuration change",
        "Notebookcheck",
        None,
        "en",
        False,
        "Affected services included Microsoft Azure, Defender, Fabric, Intune, OneDrive for "
        "Business, PowerBI, SharePoint Online, Teams, and Viva Engage.",
    ),
    "azure-kty1-prelim": (
        "https://isdown.app/status/workspot/incidents/304173-azure-network-infrastructure-"
        "issues-accessing-a-subset-of-microsoft-services",
        "Preliminary Post Incident Review, Azure Front Door, Tracking ID KTY1-HW8 (republished)",
        "IsDown (Workspot status)",
        None,
        "en",
        False,
        "Between 11:45 and 13:58 UTC on 30 July 2024, a subset of customers experienced "
        "intermittent connection errors, timeouts, or latency spikes",
    ),
    "azure-kty1-mitigation": (
        "https://www.security.nl/posting/852139/Microsoft+365+en+Azure+getroffen+door+"
        "wereldwijde+storing",
        "Microsoft 365 en Azure getroffen door wereldwijde storing (quoting Microsoft's "
        "mitigation statement)",
        "Security.NL",
        "2024-07-30",
        "en",
        False,
        "initial investigations suggest that an error in the implementation of our defenses "
        "amplified the impact of the attack rather than mitigating it.",
    ),
}

_UTC = "{}:00+00:00"
_LEVELS = "Impact levels are the record's reading."
_COPY = "Microsoft's text, read in a verbatim copy."

INCIDENTS = [
    outage(
        slug="azure-ad-2020-09-28",
        provider="azure",
        title="Authentication errors across multiple Microsoft services and Azure AD "
        "integrated applications (Tracking ID SM79-F88)",
        summary="Azure Active Directory sign-ins failed for Microsoft 365 and Azure services "
        "and for third-party applications that use Azure AD; errors lingered for some until "
        "02:25 UTC (The Register).",
        impact="critical",
        started_at=_UTC.format("2020-09-28T21:25"),
        ended_at=_UTC.format("2020-09-29T00:23"),
        time_zone="UTC",
        # Azure keeps post incident reviews for five years; this is a verbatim copy of the RCA.
        postmortem_url="https://mspoweruser.com/microsoft-posts-root-cause-analysis-for-this-"
        "weeks-microsoft-365-login-issues/",
        root_cause="A service update meant for an internal validation test ring was deployed "
        "straight to production because of a latent code defect in the Azure AD backend's "
        "Safe Deployment Process system; the same defect corrupted the deployment metadata, "
        "so the update had to be rolled back by hand (MSPoweruser's summary of the RCA).",
        regions=["global"],
        citations=["azure-sm79", "register-sm79"],
        impacts=[
            {"product": "azure-ad", "impact": "critical"},
            {"product": "microsoft-365", "impact": "critical"},
            {"product": "microsoft-teams", "impact": "critical"},
        ],
        reported_times=[
            {
                "field": "ended_at",
                "value": _UTC.format("2020-09-29T00:23"),
                "citation": "azure-sm79",
                "note": "Microsoft's RCA: end of the main impact.",
            },
            {
                "field": "ended_at",
                "value": _UTC.format("2020-09-29T02:25"),
                "citation": "register-sm79",
                "note": "The Register: errors lingered for some customers.",
            },
        ],
        sourcing={
            "started_at": official("azure-sm79", _COPY),
            "ended_at": official("azure-sm79", _COPY),
            "regions": secondary("register-sm79", "Worldwide, worst in the US."),
            "products": official("azure-sm79", _LEVELS),
            "root_cause": secondary("azure-sm79", "The RCA as summarised by MSPoweruser."),
        },
    ),
    outage(
        slug="azure-ad-2021-03-15",
        provider="azure",
        title="Authentication errors across multiple Microsoft services (Azure AD, March 2021)",
        summary="Users could not sign in to Microsoft 365, Teams, Exchange, the Azure portal "
        "and other applications that rely on Azure AD; Storage and Key Vault saw downstream "
        "impact.",
        impact="critical",
        started_at=_UTC.format("2021-03-15T19:00"),
        ended_at=_UTC.format("2021-03-16T09:25"),
        time_zone="UTC",
        root_cause="An automated system that removes signing keys no longer in use removed a "
        "key marked \u201cretain\u201d for a cross-cloud migration: a bug made it ignore that "
        "state. Once the key metadata changed at 19:00 UTC, applications stopped trusting "
        "tokens signed with the removed key; the metadata was rolled back at 21:05 UTC.",
        regions=["global"],
        citations=["azure-aad-0315", "winbuzzer-0315", "transistor-0315"],
        updates=[
            (_UTC.format("2021-03-15T19:00"), "investigating", "Key metadata changed."),
            (_UTC.format("2021-03-15T21:05"), "monitoring", "Key metadata rolled back."),
            (
                _UTC.format("2021-03-16T09:25"),
                "resolved",
                "Residual impact to downstream services mitigated.",
            ),
        ],
        impacts=[
            {"product": "azure-ad", "impact": "critical"},
            {"product": "microsoft-365", "impact": "critical"},
            {"product": "microsoft-teams", "impact": "critical"},
            {"product": "azure-portal", "impact": "major"},
            {"product": "azure-storage", "impact": "minor", "note": "Downstream impact."},
            {"product": "azure-key-vault", "impact": "minor", "note": "Downstream impact."},
        ],
        sourcing={
            "started_at": official("azure-aad-0315"),
            "ended_at": official("azure-aad-0315", "End of all residual impact."),
            "regions": official("azure-aad-0315"),
            "products": official("azure-aad-0315", _LEVELS),
            "root_cause": official("winbuzzer-0315", _COPY),
        },
    ),
    outage(
        slug="azure-arm-2024-01-21",
        provider="azure",
        title="Azure Resource Manager failures (Tracking ID NKRF-1TG)",
        summary="Resource management through Azure Resource Manager failed, mostly in "
        "Central US, East US, South Central US, West Central US and West Europe; services "
        "that fetch access policies through ARM, such as Storage and Key Vault, began "
        "rejecting requests once their cached data expired.",
        impact="major",
        started_at=_UTC.format("2024-01-21T01:30"),
        ended_at=_UTC.format("2024-01-21T08:58"),
        time_zone="UTC",
        root_cause="Microsoft's review traces the failure to ARM's integration with Entra "
        "Continuous Access Evaluation, deployed as a private preview in June 2020 (only the "
        "start of the review's root-cause section was read).",
        postmortem_url="https://azure.status.microsoft/status/history/?trackingId=NKRF-1TG",
        regions=["centralus", "eastus", "southcentralus", "westcentralus", "westeurope"],
        citations=["azure-nkrf", "amis-nkrf"],
        impacts=[
            {"product": "azure-resource-manager", "impact": "major"},
            {"product": "azure-portal", "impact": "major"},
            {"product": "azure-storage", "impact": "minor", "note": "Access policies via ARM."},
            {"product": "azure-key-vault", "impact": "minor", "note": "Access policies via ARM."},
            {"product": "azure-vm", "impact": "minor"},
        ],
        reported_times=[
            {
                "field": "started_at",
                "value": _UTC.format("2024-01-21T01:30"),
                "citation": "azure-nkrf",
                "note": "Post incident review.",
            },
            {
                "field": "started_at",
                "value": _UTC.format("2024-01-21T01:57"),
                "citation": "amis-nkrf",
                "note": "The status page during the incident, as quoted.",
            },
        ],
        sourcing={
            "started_at": official("azure-nkrf"),
            "ended_at": official("azure-nkrf"),
            "regions": official("azure-nkrf", "Predominantly these; less elsewhere."),
            "products": official("azure-nkrf", _LEVELS),
            "root_cause": official("azure-nkrf", "Only the start of the section was read."),
        },
    ),
    outage(
        slug="azure-centralus-2024-07-18",
        provider="azure",
        title="Azure Storage event affecting multiple services in Central US (Tracking ID "
        "1K80-N_8)",
        summary="A configuration change cut a subset of Azure Storage clusters off from "
        "compute in Central US; virtual machines restarted when they lost their disks, and "
        "Azure and Microsoft 365 services (Teams, OneDrive, Defender, Intune and others) "
        "failed. Unrelated to the CrowdStrike incident (Notebookcheck).",
        impact="major",
        started_at=_UTC.format("2024-07-18T21:40"),
        ended_at=_UTC.format("2024-07-19T22:00"),
        time_zone="UTC",
        root_cause="A backend cluster management workflow deployed a configuration change "
        "that blocked backend access between a subset of Azure Storage clusters and compute "
        "resources in Central US; the compute resources restarted automatically when they "
        "lost connectivity to their virtual disks.",
        postmortem_url="https://azure.status.microsoft/da-dk/status/history/",
        regions=["centralus"],
        citations=["azure-1k80-prelim", "azure-1k80-final", "notebookcheck-1k80"],
        updates=[
            (_UTC.format("2024-07-18T22:13"), "investigating", "Storage team investigating."),
            (
                _UTC.format("2024-07-19T00:45"),
                "identified",
                "A configuration change confirmed as the underlying cause.",
            ),
            (_UTC.format("2024-07-19T03:23"), "monitoring", "All Storage clusters recovered."),
        ],
        impacts=[
            {
                "product": "azure-storage",
                "impact": "critical",
                "ended_at": _UTC.format("2024-07-19T02:55"),
            },
            {"product": "azure-vm", "impact": "critical", "note": "Unexpected restarts."},
            {"product": "microsoft-365", "impact": "major", "note": "Notebookcheck."},
            {"product": "microsoft-teams", "impact": "major", "note": "Notebookcheck."},
        ],
        reported_times=[
            {
                "field": "started_at",
                "value": _UTC.format("2024-07-18T21:40"),
                "citation": "azure-1k80-final",
                "note": "Final post incident review.",
            },
            {
                "field": "started_at",
                "value": _UTC.format("2024-07-18T21:56"),
                "citation": "azure-1k80-prelim",
                "note": "Preliminary post incident review.",
            },
            {
                "field": "ended_at",
                "value": _UTC.format("2024-07-19T22:00"),
                "citation": "azure-1k80-final",
                "note": "Final post incident review: all services.",
            },
            {
                "field": "ended_at",
                "value": _UTC.format("2024-07-19T12:15"),
                "citation": "azure-1k80-prelim",
                "note": "Preliminary post incident review.",
            },
        ],
        sourcing={
            "started_at": official("azure-1k80-final", _COPY),
            "ended_at": official("azure-1k80-final", _COPY),
            "regions": official("azure-1k80-prelim"),
            "products": official("azure-1k80-final", _LEVELS),
            "root_cause": official("azure-1k80-prelim", "The preliminary review's wording."),
        },
    ),
    outage(
        slug="azure-afd-2024-07-30",
        provider="azure",
        title="Issues accessing a subset of Microsoft services through Azure Front Door and "
        "CDN (Tracking ID KTY1-HW8)",
        summary="A DDoS attack drove Azure Front Door and Azure CDN below acceptable "
        "thresholds; the Azure portal and a subset of Microsoft 365 and Purview services "
        "saw errors, timeouts and latency spikes. A smaller set of customers saw timeouts "
        "until 19:43 UTC.",
        impact="major",
        started_at=_UTC.format("2024-07-30T11:45"),
        ended_at=_UTC.format("2024-07-30T19:43"),
        time_zone="UTC",
        postmortem_url="https://isdown.app/status/workspot/incidents/304173-azure-network-"
        "infrastructure-issues-accessing-a-subset-of-microsoft-services",
        root_cause="The trigger was a distributed denial-of-service attack, which activated "
        "Microsoft's DDoS protection; an error in the implementation of those defences "
        "amplified the impact of the attack rather than mitigating it (preliminary findings).",
        regions=["global"],
        citations=["azure-kty1-prelim", "azure-kty1-mitigation"],
        impacts=[
            {"product": "azure-front-door", "impact": "major"},
            {"product": "azure-cdn", "impact": "major"},
            {"product": "azure-portal", "impact": "minor"},
            {"product": "microsoft-365", "impact": "minor", "note": "A subset of services."},
        ],
        sourcing={
            "started_at": official("azure-kty1-prelim", _COPY),
            "ended_at": official("azure-kty1-prelim", _COPY),
            "regions": official("azure-kty1-mitigation", _COPY),
            "products": official("azure-kty1-prelim", _LEVELS),
            "root_cause": official("azure-kty1-mitigation", _COPY),
        },
    ),
]
