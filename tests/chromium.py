"""Chromium as every browser test and benchmark launches it: Debian's (apt-get install chromium), since
Playwright's own browser download cannot work here, with nothing of its own going to the network."""

from __future__ import annotations

import shutil
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
]


def launch(playwright: Any) -> Any:
    """The browser, from a started ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def watched_page(browser: Any, allowed: tuple[str, ...], **options: Any) -> tuple[Any, list[str], list[str]]:
    """A new page that keeps every console error and page error, and lets through only requests whose URL
    starts with one of ``allowed`` (the others are aborted and kept): the page, its errors, its blocked URLs."""
    page = browser.new_page(**options)
    errors: list[str] = []
    remote: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r: Any) -> None:
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            remote.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page, errors, remote
