"""The tracker's domain: catalogue, incidents, people and events, ingestion sources."""

from .catalog import (
    Organization,
    Product,
    ProductDependency,
    ProductKind,
    Provider,
    Region,
    RegionKind,
)
from .citations import Citation
from .datasets import DATASET_KIND, DuplicateProposal, ImportedRecord
from .events import (
    Confidence,
    CorporateEvent,
    CorporateEventKind,
    IncidentLink,
    LeadershipAction,
    LeadershipChange,
    Person,
    Relation,
)
from .incident import (
    Impact,
    Incident,
    IncidentCitation,
    IncidentQuerySet,
    IncidentUpdate,
    ProductImpact,
    ReportedTime,
    ReviewState,
    Status,
)
from .records import StoredRecord
from .releases import DatasetRelease
from .sources import ExternalRef, PushReceipt, Snapshot, Source
from .sourcing import SourcingLevel, ValueSourcing
from .subscriptions import (
    Channel,
    ComponentNotice,
    Delivery,
    DeliveryState,
    Digest,
    Event,
    EventNotice,
    IncidentNotice,
    Subscription,
    SubscriptionState,
)
from .tokens import ApiToken, TokenScope

__all__ = [
    "DATASET_KIND",
    "DuplicateProposal",
    "ImportedRecord",
    "EventNotice",
    "ComponentNotice",
    "PushReceipt",
    "StoredRecord",
    "ApiToken",
    "SubscriptionState",
    "Subscription",
    "IncidentNotice",
    "Event",
    "Digest",
    "DeliveryState",
    "Delivery",
    "Channel",
    "Citation",
    "Confidence",
    "DatasetRelease",
    "CorporateEvent",
    "CorporateEventKind",
    "ExternalRef",
    "Impact",
    "Incident",
    "IncidentCitation",
    "IncidentLink",
    "IncidentQuerySet",
    "IncidentUpdate",
    "LeadershipAction",
    "LeadershipChange",
    "Organization",
    "Person",
    "Product",
    "ProductDependency",
    "ProductImpact",
    "ProductKind",
    "Provider",
    "Region",
    "RegionKind",
    "Relation",
    "ReportedTime",
    "ReviewState",
    "Snapshot",
    "Source",
    "SourcingLevel",
    "Status",
    "ValueSourcing",
    "TokenScope",
]
