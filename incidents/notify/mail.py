"""Email messages: one per delivery, threaded per incident, in the reader's language and zone."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from incidents.models import Delivery, Event, Incident, Subscription

from .signing import link

# Rendered once per (incident, event, language, zone), then each subscriber's links go in here.
MANAGE_MARK = "NOTIFYMANAGEURL0"
UNSUBSCRIBE_MARK = "NOTIFYUNSUBSCRIBEURL0"
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def mail_domain() -> str:
    return urlsplit(settings.NOTIFY_BASE_URL).hostname or "localhost"


def thread_id(incident: Incident, subscription: Subscription) -> str:
    """Return the Message-ID every message about `incident` to this subscriber refers to."""
    return f"<incident.{incident.slug}.{subscription.pk}@{mail_domain()}>"


def one_line(text: str, limit: int = 200) -> str:
    """Collapse `text` onto one line: vendor titles may hold newlines, headers may not."""
    return _WHITESPACE.sub(" ", text).strip()[:limit]


def format_time(value: dt.datetime | None, zone: str) -> str:
    """Return `value` in `zone` with its UTC offset and in UTC: "17:39 UTC+8 (...), 09:39 UTC"."""
    if value is None:
        return ""
    local = value.astimezone(zoneinfo.ZoneInfo(zone))
    utc = value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if zone == "UTC":
        return utc
    offset = local.utcoffset() or dt.timedelta()
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    label = f"UTC{hours:+d}" + (f":{rest // 60:02d}" if rest else "")
    return f"{local:%Y-%m-%d %H:%M} {label} ({zone}), {utc}"


def render_incident(incident: Incident, event: str, language: str, zone: str) -> Rendered:
    """Render the message about `event` on `incident`, with link marks in place of links."""
    with translation.override(language):
        context = {
            "incident": incident,
            "event": event,
            "event_label": Event(event).label,
            "title": incident.localized_title(language),
            "summary": incident.localized_summary(language),
            "started": format_time(incident.started_at, zone),
            "ended": format_time(incident.ended_at, zone),
            "updates": [
                (format_time(u.posted_at, zone), u)
                for u in sorted(incident.updates.all(), key=lambda u: u.posted_at, reverse=True)
            ][:5],
            "url": settings.NOTIFY_BASE_URL + incident.get_absolute_url(),
            "manage_url": MANAGE_MARK,
            "unsubscribe_url": UNSUBSCRIBE_MARK,
        }
        subject = render_to_string("notify/email/incident_subject.txt", context)
        text = render_to_string("notify/email/incident.txt", context)
        html = render_to_string("notify/email/incident.html", context)
    return Rendered(one_line(subject), text, html)


def build_message(
    rendered: Rendered, subscription: Subscription, delivery: Delivery
) -> EmailMultiAlternatives:
    """Return the message of `delivery`, with its signed links and RFC 8058 headers."""
    manage, unsubscribe = link(subscription.pk, "manage"), link(subscription.pk, "unsubscribe")
    text = rendered.text.replace(MANAGE_MARK, manage).replace(UNSUBSCRIBE_MARK, unsubscribe)
    html = rendered.html.replace(MANAGE_MARK, manage).replace(UNSUBSCRIBE_MARK, unsubscribe)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        to=[subscription.email],
        headers=_headers(subscription, delivery, unsubscribe),
    )
    message.attach_alternative(html, "text/html")
    return message


def _headers(subscription: Subscription, delivery: Delivery, unsubscribe: str) -> dict[str, str]:
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Outage tracker subscription <{subscription.pk}.{mail_domain()}>",
        "Auto-Submitted": "auto-generated",
    }
    if delivery.incident is None:
        return headers
    root = thread_id(delivery.incident, subscription)
    if delivery.event == Event.CREATED:
        headers["Message-ID"] = root
    else:
        headers["Message-ID"] = f"<delivery.{delivery.pk}@{mail_domain()}>"
        headers["In-Reply-To"] = root
        headers["References"] = root
    return headers


def plain_message(
    template: str, context: dict, to: str, language: str = "en"
) -> EmailMultiAlternatives:
    """Return a message rendered from `template`.txt / .html / _subject.txt (confirmations...)."""
    with translation.override(language):
        subject = one_line(render_to_string(f"{template}_subject.txt", context))
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message
