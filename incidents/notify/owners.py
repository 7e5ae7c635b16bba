"""Tell a webhook's owner that it was disabled, where the owner left an address."""

from __future__ import annotations

import logging

from django.conf import settings

from incidents.models import Subscription

from .mail import plain_message
from .signing import link

logger = logging.getLogger(__name__)


def tell_owner_disabled(subscription: Subscription) -> bool:
    """Email the owner of a disabled subscription; return whether a message went out."""
    to = subscription.owner_email
    if not to:
        return False
    context = {
        "subscription": subscription,
        "failures": settings.NOTIFY_DISABLE_AFTER,
        "reason": subscription.disabled_reason,
        "manage_url": link(subscription.pk, "manage"),
    }
    message = plain_message("notify/email/disabled", context, to, subscription.language)
    try:
        message.send()
    except Exception:
        # The subscription stays disabled either way; the log keeps why the owner never heard.
        logger.exception("could not tell the owner of subscription %s", subscription.pk)
        return False
    return True
