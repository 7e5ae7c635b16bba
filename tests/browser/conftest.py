"""Drive Debian's Chromium with Playwright; Playwright never downloads a browser of its own."""

import os
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SERVICES

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _missing(what: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but missing")
    pytest.skip(f"{what} missing")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _missing(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, and Django then refuses sync
    # database calls from the test body. Allowed only while the browser runs: a leftover
    # variable would fail `check --deploy` in later tests' subprocesses.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_source() -> str:
    if not AXE.exists():
        _missing(f"axe-core at {AXE} (npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def static_files_from_finders(settings):
    # The live server serves static files through the finders, which know no hashed names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def screenshot(page, name: str, for_docs: bool = False) -> None:
    """Save a full-page screenshot to tests/artifacts, and to docs/ when asked to refresh them."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    if for_docs and os.environ.get("UPDATE_DOC_SCREENSHOTS") == "1":
        DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOC_SCREENSHOTS / name), full_page=False)
