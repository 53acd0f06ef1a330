"""Page weight and speed of the built site, read from local files in headless Chromium with no network.

For every page of the book: the files it loads (requests to other hosts are aborted and counted),
their size raw and gzipped (what a web server would send compressed), and the time from navigation
until the last chart has drawn. Targets: every chapter page under 1 MB gzipped, charts drawn within 1 s.

    .venv/bin/python benchmarks/page_weight.py [--json PATH]

Needs the built book (scripts/build-book.sh) and Debian's Chromium.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "tests"))

from chromium import launch  # noqa: E402 (after the path is set)

ALL_DRAWN = "Array.from(document.querySelectorAll('.advisor-chart')).every(e => e.dataset.drawn === 'true')"
LAST_DRAWN = "Math.max(0, ...Array.from(document.querySelectorAll('.advisor-chart')).map(e => +e.dataset.drawnAt))"


def pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def measure(browser, name: str) -> dict:
    page = browser.new_page()
    files: set[Path] = set()
    remote: list[str] = []

    def route(r) -> None:
        url = r.request.url
        if url.startswith("file:"):
            files.add(Path(unquote(urlparse(url).path)))
            r.continue_()
        elif url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            remote.append(url)
            r.abort()

    page.route("**/*", route)
    page.goto((SITE / f"{name}.html").as_uri())
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    charts = page.evaluate("document.querySelectorAll('.advisor-chart').length")
    last_drawn_ms = page.evaluate(LAST_DRAWN) if charts else 0.0
    page.close()
    contents = [f.read_bytes() for f in sorted(files) if f.is_file()]
    return {
        "page": name,
        "files": len(contents),
        "raw_bytes": sum(len(c) for c in contents),
        "gzip_bytes": sum(len(gzip.compress(c, 6)) for c in contents),
        "charts": charts,
        "last_chart_drawn_ms": round(last_drawn_ms, 1),
        "requests_to_other_hosts": len(remote),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    with sync_playwright() as p:
        browser = launch(p)
        rows = [measure(browser, name) for name in pages()]
        browser.close()
    print(f"{'page':36} {'files':>5} {'raw KiB':>8} {'gzip KiB':>9} {'charts':>6} {'last chart ms':>13} {'remote':>6}")
    for r in rows:
        print(
            f"{r['page']:36} {r['files']:5d} {r['raw_bytes'] / 1024:8.0f} {r['gzip_bytes'] / 1024:9.0f} "
            f"{r['charts']:6d} {r['last_chart_drawn_ms']:13.0f} {r['requests_to_other_hosts']:6d}"
        )
    heaviest = max(rows, key=lambda r: r["gzip_bytes"])
    slowest = max(rows, key=lambda r: r["last_chart_drawn_ms"])
    ok_weight = heaviest["gzip_bytes"] < 1_000_000
    ok_speed = slowest["last_chart_drawn_ms"] < 1_000
    print(
        f"\nheaviest page: {heaviest['page']} {heaviest['gzip_bytes'] / 1024:.0f} KiB gzipped "
        f"(target < 1 MB: {'ok' if ok_weight else 'MISSED'})"
    )
    print(
        f"slowest page: {slowest['page']} last chart drawn at {slowest['last_chart_drawn_ms']:.0f} ms "
        f"(target < 1 s: {'ok' if ok_speed else 'MISSED'})"
    )
    if args.json:
        Path(args.json).write_text(json.dumps({"pages": rows}, indent=2) + "\n")
    return 0 if all(r["requests_to_other_hosts"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
