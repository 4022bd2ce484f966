"""Headless Chromium for the jobs that need a browser: thumbnails, image export.

Uses Debian's Chromium (``apt-get install chromium``) through Playwright,
never a browser Playwright downloads. Every request outside ``file:`` is
aborted: the maps need nothing from the network.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from routes.errors import OutputError, SetupError

CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class BrowserUnavailable(SetupError, RuntimeError):
    """Chromium or Playwright is not installed."""


def chromium_path() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not found:
        raise BrowserUnavailable(
            f"Chromium not found at {CHROMIUM}; install Debian's chromium package "
            "(apt-get install -y --no-install-recommends chromium) or set ATLAS_CHROMIUM"
        )
    return found


@contextmanager
def launched_browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # a test extra, not needed to build maps
        raise BrowserUnavailable("Playwright is not installed: pip install -e '.[test]'") from exc
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def browser_errors(what: str):
    """A page that fails in the browser (a timeout, a crash): one OutputError saying ``what``."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        yield
    except PlaywrightError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OutputError(f"{what}: {reason}") from exc


def offline_page(browser, *, width: int, height: int, scale: float = 1.0):
    """A page that may load only ``file:`` URLs."""
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    return page
