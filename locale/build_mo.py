"""Extract the public pages' messages into the .po files and compile the .mo files.

Pure Python (polib), so neither a developer nor CI needs GNU gettext:
    python locale/build_mo.py          # add new messages to the .po files, write the .mo files
    python locale/build_mo.py --check  # exit 1 if a message is untranslated or a .mo is stale
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"zh_Hans": "Simplified Chinese", "zh_Hant": "Traditional Chinese"}
SOURCES = [ROOT / "templates", ROOT / "incidents"]
SKIP = {"migrations", "admin", "api", "parsers", "management", "demo"}

TRANSLATE = re.compile(r"\{%\s*(?:translate|trans)\s+([\"'])(.*?)\1")
BLOCK = re.compile(r"\{%\s*blocktranslate\b[^%]*%\}(.*?)\{%\s*endblocktranslate\s*%\}", re.S)
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
STRING = r"\"((?:[^\"\\]|\\.)*)\""
# Adjacent literals are one message, as Python joins them: _("a long " "message").
STRINGS = r"(\"(?:[^\"\\]|\\.)*\"(?:\s*\"(?:[^\"\\]|\\.)*\")*)"
PY_PLAIN = re.compile(r"\b(?:_|gettext|gettext_lazy)\(\s*" + STRINGS)
PY_PLURAL = re.compile(r"\bngettext(?:_lazy)?\(\s*" + STRING + r",\s*" + STRING)
PY_CONTEXT = re.compile(r"\bpgettext(?:_lazy)?\(\s*" + STRING + r",\s*" + STRING)


def _files() -> list[Path]:
    found = []
    for base in SOURCES:
        for path in sorted(base.rglob("*")):
            if path.suffix in {".html", ".py"} and not SKIP & set(path.relative_to(base).parts):
                found.append(path)
    return found


def extract() -> dict[tuple[str, str], str | None]:
    """Return {(context, msgid): msgid_plural or None} for every message in the sources."""
    messages: dict[tuple[str, str], str | None] = {}
    for path in _files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            for match in TRANSLATE.finditer(text):
                messages[("", match.group(2))] = None
            for match in BLOCK.finditer(text):
                messages[("", VARIABLE.sub(r"%(\1)s", match.group(1)))] = None
        else:
            for match in PY_PLAIN.finditer(text):
                messages[("", "".join(re.findall(STRING, match.group(1))))] = None
            for match in PY_PLURAL.finditer(text):
                messages[("", match.group(1))] = match.group(2)
            for match in PY_CONTEXT.finditer(text):
                messages[(match.group(1), match.group(2))] = None
    return messages


def po_path(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def update(language: str, messages: dict[tuple[str, str], str | None]) -> polib.POFile:
    """Add new messages to the language's .po file and drop those no longer used."""
    path = po_path(language)
    po = polib.pofile(str(path)) if path.exists() else polib.POFile()
    po.metadata = {
        "Project-Id-Version": "cloud-outage-tracker",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    known = {(e.msgctxt or "", e.msgid): e for e in po}
    for entry in list(po):
        if (entry.msgctxt or "", entry.msgid) not in messages:
            po.remove(entry)
    for (context, msgid), plural in sorted(messages.items()):
        if (context, msgid) in known:
            continue
        entry = polib.POEntry(msgid=msgid, msgstr="", msgctxt=context or None)
        if plural:
            entry.msgid_plural, entry.msgstr_plural, entry.msgstr = plural, {0: ""}, ""
        po.append(entry)
    return po


def compiled(po: polib.POFile) -> bytes:
    """Return the .mo bytes of a .po file."""
    with tempfile.NamedTemporaryFile(suffix=".mo") as handle:
        po.save_as_mofile(handle.name)
        return Path(handle.name).read_bytes()


def problems() -> list[str]:
    """List untranslated messages and stale .mo files; empty when everything is in order."""
    found = []
    messages = extract()
    for language in LANGUAGES:
        po = polib.pofile(str(po_path(language)))
        entries = {(e.msgctxt or "", e.msgid): e for e in po}
        for key in messages:
            entry = entries.get(key)
            if entry is None or not (entry.msgstr or any(entry.msgstr_plural.values())):
                found.append(f"{language}: untranslated {key[1]!r}")
        mo = po_path(language).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(po):
            found.append(f"{language}: {mo.relative_to(ROOT)} is stale; run locale/build_mo.py")
    return found


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = problems()
        print("\n".join(found) or "translations complete, .mo files current")
        return 1 if found else 0
    messages = extract()
    for language in LANGUAGES:
        po = update(language, messages)
        po_path(language).parent.mkdir(parents=True, exist_ok=True)
        po.save(str(po_path(language)))
        po_path(language).with_suffix(".mo").write_bytes(compiled(po))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
