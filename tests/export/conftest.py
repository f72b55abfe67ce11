"""Shared fixtures for the export tests: Debian's Chromium driven by Playwright (``browser``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = (
    f"{CHROMIUM} not found: the report's browser test needs Debian's Chromium; install it with "
    "`apt-get install -y chromium` (or run `bash scripts/dev.sh test`, which does)"
)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium shared by the tests of this folder; fails (never skips) when missing."""
    if not CHROMIUM.exists():
        pytest.fail(INSTALL_HINT, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
