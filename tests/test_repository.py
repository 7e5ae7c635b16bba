"""The repository stands alone: nothing in it points at files outside it."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Paths of the workspace the project was written in, never part of a clone.
OUTSIDE = re.compile(r"(?<![\w.-])(?:\.\./)*shared/(?:reference|real)/|\.\./shared/")


def tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / n for n in names if not n.endswith((".mo", ".png", ".lock", ".svg"))]


def test_nothing_in_the_repository_refers_to_files_outside_it():
    offenders = []
    for path in tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in OUTSIDE.finditer(text)]
    assert not offenders
