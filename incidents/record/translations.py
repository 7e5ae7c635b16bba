"""Which wording of a curated text a reader sees: the original, or a translation beside it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

SUFFIXES = ("zh_hans", "zh_hant", "en")
# A Chinese reader with no translation in their own script still reads the other one.
FALLBACK = {"zh_hans": "zh_hant", "zh_hant": "zh_hans"}
# Where a model keeps the language of a field's original text; anything else is the
# tracker's own English.
LANGUAGE_FIELDS = {
    ("incident", "title"): "language",
    ("incident", "summary"): "language",
    ("incident", "root_cause"): "root_cause_language",
    ("incidentupdate", "body"): "language",
}


@dataclass(frozen=True)
class Rendering:
    """The text a reader sees, and the original it was translated from."""

    text: str
    language: str
    original: str
    original_language: str

    @property
    def translated(self) -> bool:
        return bool(self.original) and self.text != self.original


def suffix(language: str) -> str:
    """Map a language tag ("zh-Hant", "zh-hans", "en-gb") to a translation field suffix."""
    lang = (language or "en").lower().replace("-", "_")
    return next((s for s in SUFFIXES if lang.startswith(s)), "en")


def original_language(obj: models.Model, field: str) -> str:
    name = LANGUAGE_FIELDS.get((obj._meta.model_name or "", field))
    return (getattr(obj, name, "") if name else "") or "en"


def render(obj: models.Model, field: str, language: str) -> Rendering:
    """Return `field` of `obj` for a reader of `language`: theirs where it exists."""
    original = getattr(obj, field, "") or ""
    source = original_language(obj, field)
    wanted = suffix(language)
    if suffix(source) == wanted or not original:
        return Rendering(original, source, original, source)
    for candidate in (wanted, FALLBACK.get(wanted)):
        if candidate and suffix(source) == candidate:
            break
        text = getattr(obj, f"{field}_{candidate}", "") if candidate else ""
        if text:
            return Rendering(text, (candidate or "").replace("_", "-"), original, source)
    return Rendering(original, source, original, source)
