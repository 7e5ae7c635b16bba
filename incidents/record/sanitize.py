"""Vendor text made safe to show: HTML through nh3, and links only to http(s) addresses.

Shared by the public pages, the API and the export, so every interface offers the same
sanitised form beside the raw text vendors sent.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {
    "a", "b", "br", "code", "em", "i", "li", "ol", "p", "pre", "strong", "ul", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
WEB_SCHEMES = ("http", "https")


def clean_html(body: str) -> str:
    """Return vendor text as safe HTML: plain text keeps its lines, HTML only safe tags."""
    if "<" not in body:
        return linebreaks(body, autoescape=True)
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def http_url(url: str) -> str:
    """Return `url` if it is an absolute http(s) address with a host, else ""."""
    # javascript:, data: and relative links in a vendor's feed would run or mislead here.
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else ""
