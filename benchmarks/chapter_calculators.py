"""The chapter calculators' "Use your own numbers" in headless Chromium: first result, and each update after.

Serves the built site on 127.0.0.1 (uncompressed, as ``python -m http.server`` would) and, on every
chapter with a calculator card:

* checks that reading the page fetched nothing of the model (Pyodide, the wheel);
* times the click on "Use your own numbers" to the first result on the page (a fresh page, so each
  chapter pays Pyodide's boot; the browser's cache is empty for the first chapter only);
* moves each control ``--rounds`` times between two values and times each update: ``run_json`` in
  Pyodide, and from the change to the result and chart shown; against the same ``run`` in CPython here.
* checks that a page with no calculator (chapters/01-the-decision.html) fetches nothing of the model.

    PYTHONPATH=. .venv/bin/python benchmarks/chapter_calculators.py [--rounds 2] [--json PATH]

Needs the built book (scripts/build-book.sh) and Debian's Chromium.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from chromium import launch  # noqa: E402
from test_calculators import OTHER  # noqa: E402 (after the path is set)
from your_case import serve  # noqa: E402

from advisor.core import calculators  # noqa: E402
from advisor.page_form import field_text  # noqa: E402

DRAWN = "Array.from(document.querySelectorAll('.advisor-chart')).every(e => e.dataset.drawn === 'true')"
COMPUTED = "n => +(document.querySelector('.advisor-calculator .advisor-result').dataset.computed || 0) > n"
STATE = """() => { const card = document.querySelector('.advisor-calculator[data-calculator]');
    const r = card.querySelector('.advisor-result');
    return {computed: +(r.dataset.computed || 0), state: r.dataset.state, fragment: r.dataset.fragment,
            compute_ms: card.__timings ? card.__timings.last_compute_ms : null}; }"""


def model_files(paths: list[str]) -> list[str]:
    return [p for p in paths if "/pyodide/" in p or p.endswith(".whl")]


def set_value(page, field: str, value: object) -> None:
    box = page.locator(f'.advisor-calc-form .advisor-field[data-field="{field}"]')
    kind = calculators.control_of(field).kind
    if kind == "choices":
        for box_input in box.locator("input[type=checkbox]").all():
            if (box_input.get_attribute("value") in set(value)) != box_input.is_checked():
                box_input.click()
    elif kind == "flag":
        box.locator("input").set_checked(bool(value))
    elif kind == "choice":
        box.locator("select").select_option(str(value))
    else:
        box.locator("input").fill(field_text(field, value))
        box.locator("input").dispatch_event("change")


def measure(rounds: int) -> dict:
    httpd, served = serve()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    pages = sorted(
        p.relative_to(SITE).as_posix()
        for p in (SITE / "chapters").glob("*.html")
        if 'class="advisor-calculator" data-calculator=' in p.read_text(encoding="utf-8")
    )
    remote: list[str] = []
    chapters = []
    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context()  # one cache for the book, as a reader moving between chapters has

        def route(r) -> None:
            if r.request.url.startswith((base, "data:", "blob:", "about:")):
                r.continue_()
            else:
                remote.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(300_000)
        before = len(served)
        page.goto(base + "chapters/01-the-decision.html")
        page.wait_for_function(DRAWN)
        page.wait_for_timeout(500)
        plain_page_model_files = model_files([path for path, _ in served[before:]])
        page.close()
        for name in pages:
            page = context.new_page()
            page.set_default_timeout(300_000)
            before = len(served)
            page.goto(base + name)
            page.wait_for_function(DRAWN)
            read_only = model_files([path for path, _ in served[before:]])
            key = page.get_attribute(".advisor-calculator[data-calculator]", "data-calculator")
            draws = page.get_attribute(".advisor-calculator[data-calculator]", "data-draws") or None
            t0 = time.perf_counter()
            page.click("button.advisor-own-numbers")
            page.wait_for_function(COMPUTED, arg=0)
            first_s = time.perf_counter() - t0
            loader = page.evaluate("({...window.advisorPyodide.timings})")
            updates, cpython = [], []
            s, a = calculators.case_of(key, page.get_attribute(".advisor-calculator[data-calculator]", "data-base"))
            for field in calculators.CALCULATORS[key].controls:
                current = getattr(s if calculators.control_of(field).target == "scenario" else a, field)
                current = list(current) if isinstance(current, tuple) else current
                values = [next(v for v in OTHER[field] if v != current), current]
                for _ in range(rounds):
                    for value in values:
                        state = page.evaluate(STATE)
                        t1 = time.perf_counter()
                        set_value(page, field, value)
                        page.wait_for_function(COMPUTED, arg=state["computed"])
                        shown_ms = (time.perf_counter() - t1) * 1e3
                        after = page.evaluate(STATE)
                        updates.append({"shown_ms": shown_ms, "compute_ms": after["compute_ms"]})
                        t2 = time.perf_counter()
                        calculators.run(key, after["fragment"], int(draws) if draws else None)
                        cpython.append((time.perf_counter() - t2) * 1e3)
            chapters.append(
                {
                    "page": name,
                    "calculator": key,
                    "model_files_before_click": len(read_only),
                    "click_to_first_result_s": round(first_s, 2),
                    "pyodide_boot_ms": round(loader.get("pyodide_ms", 0)),
                    "updates": len(updates),
                    "pyodide_run_ms_median": round(statistics.median(u["compute_ms"] for u in updates), 1),
                    "change_to_shown_ms_median": round(statistics.median(u["shown_ms"] for u in updates), 1),
                    "cpython_run_ms_median": round(statistics.median(cpython), 1),
                }
            )
            page.close()
        browser.close()
    httpd.shutdown()
    return {
        "model_files_fetched_by_a_page_without_calculator": plain_page_model_files,
        "chapters": chapters,
        "click_to_first_result_s_median": round(statistics.median(c["click_to_first_result_s"] for c in chapters), 2),
        "requests_to_other_hosts": len(remote),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="times each control is moved there and back")
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    if not (SITE / "index.html").exists():
        print("the book is not built: run `bash scripts/build-book.sh`", file=sys.stderr)
        return 1
    result = measure(args.rounds)
    print(
        "a page without a calculator (01-the-decision) fetched "
        f"{len(result['model_files_fetched_by_a_page_without_calculator'])} model files"
    )
    print(
        f"{'page':<36}{'before click':>13}{'first result':>14}{'boot':>8}{'updates':>9}"
        f"{'Pyodide run':>13}{'shown':>9}{'CPython':>9}"
    )
    for c in result["chapters"]:
        print(
            f"{c['page']:<36}{c['model_files_before_click']:>13}{c['click_to_first_result_s']:>12.2f} s"
            f"{c['pyodide_boot_ms']:>6} ms{c['updates']:>9}{c['pyodide_run_ms_median']:>10.1f} ms"
            f"{c['change_to_shown_ms_median']:>6.0f} ms{c['cpython_run_ms_median']:>6.1f} ms"
        )
    print(f"click to first result, median over chapters: {result['click_to_first_result_s_median']} s")
    print(f"requests to other hosts: {result['requests_to_other_hosts']}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
