"""The "Your case" page in headless Chromium: what the first calculation costs, and each one after it.

Serves the built site on 127.0.0.1 (as a reader's web server would, uncompressed), opens
chapters/your-case.html, and measures:

* what the page fetches before any action (nothing of the model), and on the first calculation:
  every file, its bytes raw and gzipped (what a server that compresses would send);
* Pyodide's boot (pyodide.js loaded, ``loadPyodide`` resolved), the wheel's fetch + unpack + import,
  and the whole first calculation from the reader's action to the result on the page;
* the time of each later calculation (``compute_json`` in Pyodide, and until the page shows it) over
  the presets and generated cases, against the same ``compute`` in CPython here.

    .venv/bin/python benchmarks/your_case.py [--cases 30] [--json PATH]

Needs the built book (scripts/build-book.sh) and Debian's Chromium.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import statistics
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from chromium import launch  # noqa: E402 (after the path is set)
from test_your_case import CASES, PRESETS  # noqa: E402

from advisor.core.page import compute  # noqa: E402

SHOW = """f => { const t0 = performance.now(); return window.advisorCase.show(f).then(() => ({
    page_ms: performance.now() - t0, compute_ms: window.advisorCase.timings.last_compute_ms,
    state: document.getElementById('advisor-result').dataset.state })); }"""


def serve() -> tuple[ThreadingHTTPServer, list[tuple[str, int]]]:
    served: list[tuple[str, int]] = []

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def send_head(self):
            file = super().send_head()
            target = Path(self.translate_path(self.path))
            if self.command == "GET" and file is not None and target.is_file():
                served.append((unquote(urlparse(self.path).path), target.stat().st_size))
            return file

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(SITE)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, served


def measure(cases: list[str]) -> dict:
    httpd, served = serve()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    remote: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.set_default_timeout(300_000)

        def route(r) -> None:
            if r.request.url.startswith((base, "data:", "blob:", "about:")):
                r.continue_()
            else:
                remote.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        start = time.perf_counter()
        page.goto(base + "chapters/your-case.html")
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.advisor-chart')).every(e => e.dataset.drawn === 'true')"
        )
        page_ready_s = time.perf_counter() - start
        before = len(served)
        read_only = [path for path, _ in served]
        # the reader's first action: a typical project
        first = time.perf_counter()
        page.click('button.advisor-preset[data-preset="support-bot"]')
        page.wait_for_function("document.getElementById('advisor-result').dataset.state === 'ok'")
        first_calculation_s = time.perf_counter() - first
        timings = page.evaluate("({...window.advisorCase.timings})")
        fetched = [
            (path, size) for path, size in served[before:] if "favicon" not in path
        ]  # asked for by the browser, not the page
        rows = []
        for fragment in list(PRESETS.values()) + cases:
            out = page.evaluate(SHOW, fragment)
            assert out["state"] == "ok", fragment
            t0 = time.perf_counter()
            compute(fragment)
            rows.append(
                {
                    "page_ms": out["page_ms"],
                    "pyodide_compute_ms": out["compute_ms"],
                    "cpython_compute_ms": (time.perf_counter() - t0) * 1e3,
                }
            )
        browser.close()
    httpd.shutdown()
    files = []
    for path, size in fetched:
        local = SITE / path.lstrip("/")
        files.append({"path": path, "bytes": size, "gzip_bytes": len(gzip.compress(local.read_bytes(), 6))})

    def summary(key: str) -> dict:
        values = [r[key] for r in rows]
        return {
            "median": round(statistics.median(values), 1),
            "p90": round(sorted(values)[int(0.9 * (len(values) - 1))], 1),
            "max": round(max(values), 1),
        }

    return {
        "page_load_and_charts_s": round(page_ready_s, 2),
        "model_files_fetched_before_any_action": [p for p in read_only if "/pyodide/" in p or p.endswith(".whl")],
        "first_calculation_s": round(first_calculation_s, 2),
        "pyodide_boot_ms": round(timings["pyodide_ms"], 0),
        "wheel_fetch_unpack_import_ms": round(timings["ready_ms"] - timings["pyodide_ms"], 0),
        "model_ready_ms": round(timings["ready_ms"], 0),
        "first_calculation_files": files,
        "first_calculation_bytes": sum(f["bytes"] for f in files),
        "first_calculation_gzip_bytes": sum(f["gzip_bytes"] for f in files),
        "cases": len(rows),
        "pyodide_compute_ms": summary("pyodide_compute_ms"),
        "until_shown_ms": summary("page_ms"),
        "cpython_compute_ms": summary("cpython_compute_ms"),
        "requests_to_other_hosts": len(remote),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=30, help="generated cases after the presets (at most 50)")
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    if not (SITE / "chapters" / "your-case.html").exists():
        print("the book is not built: run `bash scripts/build-book.sh`", file=sys.stderr)
        return 1
    result = measure(CASES[: args.cases])
    print(
        f"page shown with its charts:           {result['page_load_and_charts_s']} s "
        f"(model files fetched before any action: {len(result['model_files_fetched_before_any_action'])})"
    )
    print(f"first calculation, click to result:   {result['first_calculation_s']} s")
    print(f"  Pyodide boot:                       {result['pyodide_boot_ms']:.0f} ms")
    print(f"  wheel fetch + unpack + import:      {result['wheel_fetch_unpack_import_ms']:.0f} ms")
    print(
        f"  bytes fetched:                      {result['first_calculation_bytes'] / 1e6:.2f} MB raw, "
        f"{result['first_calculation_gzip_bytes'] / 1e6:.2f} MB gzipped"
    )
    for f in result["first_calculation_files"]:
        print(f"    {f['path']:<60} {f['bytes'] / 1e6:7.3f} MB  ({f['gzip_bytes'] / 1e6:.3f} MB gzipped)")
    for key, label in (
        ("pyodide_compute_ms", "compute_json in Pyodide"),
        ("until_shown_ms", "change to result shown"),
        ("cpython_compute_ms", "compute in CPython here"),
    ):
        s = result[key]
        print(
            f"{label + ':':<38}median {s['median']} ms, p90 {s['p90']} ms, max {s['max']} ms ({result['cases']} cases)"
        )
    print(f"requests to other hosts:              {result['requests_to_other_hosts']}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
