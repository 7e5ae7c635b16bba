import zoneinfo

from django.core.exceptions import ValidationError


def validate_time_zone(value: str) -> None:
    """Refuse a name that is not an IANA time zone."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone name (e.g. Asia/Shanghai).")


# What a yes/no query parameter may say; the timeline's checkbox sends "on". One list, so the
# pages and the API accept the same words and refuse the same others.
FLAG_TRUE = frozenset({"1", "true", "on", "yes"})
FLAG_FALSE = frozenset({"0", "false", "off", "no"})


def parse_flag(value: object) -> bool | None:
    """Return True or False for a yes/no parameter, None when absent; refuse anything else."""
    if value is None or isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if not word:
        return None
    if word in FLAG_TRUE:
        return True
    if word in FLAG_FALSE:
        return False
    raise ValidationError(
        f"{value!r} is not a yes/no value; use one of: "
        f"{', '.join(sorted(FLAG_TRUE))} or {', '.join(sorted(FLAG_FALSE))}.",
        code="invalid_flag",
    )
