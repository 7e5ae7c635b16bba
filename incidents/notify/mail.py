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
TO_MARK = "notifyto0@notify.invalid"
MESSAGE_ID_MARK = "NOTIFYMESSAGEID0"
THREAD_MARK = "NOTIFYTHREADID0"
_WHITESPACE = re.compile(r"\s+")
# Characters that could end a header or add an address if copied into one verbatim.
UNSAFE = frozenset("\r\n\0\t ,;<>\"'()[]\\:")


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
        return _rendered("incident", context)


def render_company_event(obj, language: str) -> Rendered:
    """Render the message about a leadership change or corporate event, with link marks."""
    from .company_events import describe, kind_of

    with translation.override(language):
        context = {
            **describe(obj, language),
            "event_label": Event(kind_of(obj)).label,
            "manage_url": MANAGE_MARK,
            "unsubscribe_url": UNSUBSCRIBE_MARK,
        }
        return _rendered("company_event", context)


def _rendered(template: str, context: dict) -> Rendered:
    """Render a message's subject, text and HTML from notify/email/<template>*."""
    subject = render_to_string(f"notify/email/{template}_subject.txt", context)
    text = render_to_string(f"notify/email/{template}.txt", context)
    html = render_to_string(f"notify/email/{template}.html", context)
    return Rendered(one_line(subject), text, html)


def build_message(
    rendered: Rendered, subscription: Subscription, delivery: Delivery
) -> EmailMultiAlternatives:
    """Return the message of `delivery`, with its signed links and RFC 8058 headers."""
    values = _values(subscription, delivery)
    text, html = rendered.text, rendered.html
    for mark in (MANAGE_MARK, UNSUBSCRIBE_MARK):
        text, html = text.replace(mark, values[mark]), html.replace(mark, values[mark])
    headers = {k: _fill(v, values) for k, v in _headers(delivery).items()}
    message = EmailMultiAlternatives(
        subject=rendered.subject, body=text, to=[subscription.email], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def _values(subscription: Subscription, delivery: Delivery) -> dict[str, str]:
    """Return what each mark stands for in this subscriber's copy."""
    thread = thread_id(delivery.incident, subscription) if delivery.incident else ""
    return {
        MANAGE_MARK: link(subscription.pk, "manage"),
        UNSUBSCRIBE_MARK: link(subscription.pk, "unsubscribe"),
        TO_MARK: subscription.email,
        THREAD_MARK: thread,
        MESSAGE_ID_MARK: f"<delivery.{delivery.pk}@{mail_domain()}>",
    }


def _fill(text: str, values: dict[str, str]) -> str:
    for mark, value in values.items():
        text = text.replace(mark, value)
    return text


class PreparedMessages:
    """Serialise one MIME message per rendering, then copy it per subscriber by replacing marks.

    Building and serialising a MIME message costs about as much as sending it over SMTP on
    loopback; the copies differ only in the marks. Where the serialised form does not keep
    every mark intact (quoted-printable bodies of long vendor lines, non-ASCII addresses), the
    message is built in full instead.
    """

    def __init__(self) -> None:
        self._templates: dict[tuple, bytes | None] = {}

    def message(
        self, rendered: Rendered, subscription: Subscription, delivery: Delivery
    ) -> EmailMultiAlternatives:
        if not _plain_address(subscription.email):
            # Django's own checks (and IDNA encoding) apply to whatever is not plainly safe.
            return build_message(rendered, subscription, delivery)
        key = (rendered, delivery.event == Event.CREATED, delivery.incident is None)
        if key not in self._templates:
            self._templates[key] = _template(rendered, delivery)
        template = self._templates[key]
        if template is None:
            return build_message(rendered, subscription, delivery)
        values = {mark: value.encode() for mark, value in _values(subscription, delivery).items()}
        data = template
        for mark, value in values.items():
            data = data.replace(mark.encode(), value)
        return _Prepared(data, rendered, subscription.email)


def _plain_address(address: str) -> bool:
    return address.isascii() and address.count("@") == 1 and not set(address) & UNSAFE


def _template(rendered: Rendered, delivery: Delivery) -> bytes | None:
    message = EmailMultiAlternatives(
        subject=rendered.subject, body=rendered.text, to=[TO_MARK], headers=_headers(delivery)
    )
    message.attach_alternative(rendered.html, "text/html")
    data = message.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]  # email.policy
    marks = f"{rendered.text}{rendered.html}".count(MANAGE_MARK)
    intact = data.count(MANAGE_MARK.encode()) == marks and TO_MARK.encode() in data
    return data if intact else None


class _Prepared(EmailMultiAlternatives):
    """A message whose serialised form is already made; backends ask it for its bytes."""

    def __init__(self, data: bytes, rendered: Rendered, to: str) -> None:
        super().__init__(subject=rendered.subject, body="", to=[to])
        self._data = data

    def message(self) -> _Serialised:  # type: ignore[override]  # only its bytes are asked for
        return _Serialised(self._data)


@dataclass(frozen=True)
class _Serialised:
    """What the SMTP, file and console backends read from message(): bytes, and a charset."""

    data: bytes

    def as_bytes(self, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())

    def as_string(self) -> str:
        return self.as_bytes().decode()

    def get_charset(self) -> None:
        return None


def _headers(delivery: Delivery) -> dict[str, str]:
    headers = {
        "List-Unsubscribe": f"<{UNSUBSCRIBE_MARK}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Outage tracker alerts <alerts.{mail_domain()}>",
        "Auto-Submitted": "auto-generated",
    }
    if delivery.incident is None:
        return headers
    if delivery.event == Event.CREATED:
        headers["Message-ID"] = THREAD_MARK
    else:
        headers.update(
            {"Message-ID": MESSAGE_ID_MARK, "In-Reply-To": THREAD_MARK, "References": THREAD_MARK}
        )
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
