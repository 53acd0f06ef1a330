"""The "Your case" page: the advisor model itself, run in the browser by Pyodide, agrees with CPython.

The built site is served over http by a local server on 127.0.0.1 (Pyodide cannot load from file://);
Debian's Chromium, driven by Playwright, loads it with every request to another host aborted and
recorded. Pyodide boots once for the module: the cases are shown on one page through the page's own
``advisorCase.show(fragment)`` (fill the form from the fragment, compute, place the result), and each
result is compared with CPython's ``advisor.core.page.compute(fragment)["result"]``.
"""

from __future__ import annotations

import functools
import json
import random
import subprocess
import sys
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from test_browser import ALL_DRAWN, ROOT, SITE

from advisor.core.architecture import Architecture
from advisor.core.case import presets, to_fragment
from advisor.core.controls import CONTROLS
from advisor.core.page import compute
from advisor.core.scenario import BEHAVIOR_NEEDS

sys.path.insert(0, str(ROOT / "static_site"))
import offline_assets

VENDOR = SITE / "_static" / "advisor-vendor"
PAGE = "chapters/your-case.html"
PYODIDE_PATH = "/_static/advisor-vendor/pyodide/"
BOOT_TIMEOUT_MS = 180_000
SEED = 20261201
RESULT = "document.getElementById('advisor-result')"
SHOW = f"""f => window.advisorCase.show(f).then(() => {{
    const el = {RESULT};
    return {{state: el.dataset.state, result: el.dataset.result, error: el.dataset.error || null,
             fragment: el.dataset.fragment, computed: +el.dataset.computed}};
}})"""
FORM_VALUES = """() => Object.fromEntries(Array.from(document.querySelectorAll('#advisor-case-form .advisor-field')).map(box => {
    const inputs = Array.from(box.querySelectorAll('input, select'));
    const values = inputs.map(i => i.type === 'checkbox' ? (i.checked ? i.value : null) : i.value).filter(v => v !== null);
    return [box.dataset.field, values];
}))"""
CHART_ROWS = """() => Object.fromEntries(Array.from(document.querySelectorAll('.advisor-case-chart')).flatMap(figure => {
    const view = figure.querySelector('.advisor-chart').__advisorView;
    return figure.dataset.datasets.split(' ').map(name => [name, view.data(name).map(r => ({...r}))]);
}))"""


# --- the cases ---------------------------------------------------------------------------------------


def generated_cases(n: int = 50, seed: int = SEED) -> list[str]:
    """``n`` cases as URL fragments: every Scenario field varied, and some assumptions overridden."""
    rng = random.Random(seed)
    chat_models = [v for v, _ in CONTROLS["managed_model"].options]
    hosting = [v for v, _ in CONTROLS["finetune_hosting"].options]
    names = ["", "Support bot", "Q&A over contracts", "Café #2 = 100% sure?", "日本語の案内"]
    cases = []
    for i in range(n):
        case: dict[str, object] = {
            "queries_per_month": float(f"{10 ** rng.uniform(2, 8.5):.4g}"),
            "knowledge_updates_per_month": rng.choice([0, 0.25, 1, 4.33, round(rng.uniform(0, 30), 2)]),
            "corpus_documents": rng.choice(
                [0, rng.randint(1, 300), rng.randint(300, 8_000), rng.randint(8_000, 300_000)]
            ),
            "tokens_per_document": rng.choice([1_000, rng.randint(100, 8_000)]),
            "behavior_needs": rng.sample(sorted(BEHAVIOR_NEEDS), rng.randint(0, 3)),
            "structured_outputs": rng.random() < 0.7,
            "latency_budget_ms": rng.choice(
                [None, None, rng.choice([300, 800, 1_500]), round(rng.uniform(100, 3_000))]
            ),
            "horizon_months": rng.choice([24, rng.randint(6, 60)]),
            "name": names[i % len(names)],
        }
        if rng.random() < 0.4:
            case["managed_model"] = rng.choice(chat_models)
        if rng.random() < 0.4:
            case["gpu_usd_per_hour"] = round(rng.uniform(0.5, 12), 2)
        if rng.random() < 0.4:
            case["finetune_hosting"] = rng.choice(hosting)
        if rng.random() < 0.2:
            case["min_gpu_replicas"] = rng.randint(0, 4)
        if rng.random() < 0.2:
            case["engineer_usd_per_month"] = rng.choice([8_000, 20_000, 30_000])
        cases.append(to_fragment(case))
    return cases


CASES = generated_cases()
PRESETS = {key: to_fragment(p.scenario.to_dict()) for key, p in presets().items()}


def assert_same_result(page_result: dict, expected: dict) -> None:
    """The browser's result against CPython's: architecture, totals to the cent, crossover to 1e-6, latency."""
    assert page_result["architecture"] == expected["architecture"]
    for arch in Architecture:
        mine, theirs = page_result["tco"][arch.value], expected["tco"][arch.value]
        assert (mine is None) == (theirs is None), arch
        if theirs is not None:
            assert abs(mine - theirs) < 0.005, (arch, mine, theirs)
        mine, theirs = page_result["latency"][arch.value], expected["latency"][arch.value]
        assert (mine is None) == (theirs is None), arch
        if theirs is not None:
            assert mine == pytest.approx(theirs, rel=1e-12), (arch, mine, theirs)
    assert (page_result["crossover"] is None) == (expected["crossover"] is None)
    if expected["crossover"] is not None:
        assert page_result["crossover"] == pytest.approx(expected["crossover"], rel=1e-6)
    assert page_result["crossover_with"] == expected["crossover_with"]
    # the same seeded draws: the same share (a last-bit difference in a math function could move one draw)
    if expected["p_finetuning_cheaper"] is None:
        assert page_result["p_finetuning_cheaper"] is None
    else:
        assert page_result["p_finetuning_cheaper"] == pytest.approx(expected["p_finetuning_cheaper"], abs=0.002)


# --- the served site and the browser ----------------------------------------------------------------


class Server:
    """The built site over http on 127.0.0.1, recording each path it served (GET) and its size."""

    def __init__(self) -> None:
        self.served: list[tuple[str, int]] = []
        log = self.served

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def send_head(self):
                file = super().send_head()
                target = Path(self.translate_path(self.path))
                size = target.stat().st_size if file is not None and target.is_file() else 0
                if self.command == "GET":  # the page checks each model file with HEAD first: a few bytes
                    log.append((unquote(urlparse(self.path).path), size))
                return file

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(SITE)))
        self.base = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server():
    if not (SITE / PAGE).exists():
        pytest.fail("the book is not built: run `bash scripts/build-book.sh`")
    s = Server()
    yield s
    s.close()


class Visit:
    """One page over http (or file:) with every request, console error and request to another host recorded."""

    def __init__(
        self,
        browser,
        url: str,
        allowed: str,
        block: tuple[tuple[str, str | None], ...] = (),
        init_script: str | None = None,
    ) -> None:
        self.page = browser.new_page()
        self.page.set_default_timeout(BOOT_TIMEOUT_MS)
        self.allowed = allowed
        self.block = block
        self.requests: list[str] = []
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        if init_script:
            self.page.add_init_script(init_script)
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if any(part in url and method in (None, route.request.method) for part, method in self.block):
            route.abort()
        elif url.startswith((self.allowed, "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.remote.append(url)
            route.abort()

    def pyodide_requests(self) -> list[str]:
        return [u for u in self.requests if "advisor-vendor/pyodide/" in u or ".whl" in u]

    def show(self, fragment: str) -> dict:
        return self.page.evaluate(SHOW, fragment)


@pytest.fixture(scope="module")
def live(browser, server):
    """The page, read first (nothing of Pyodide fetched), then with the model loaded once for the module."""
    visit = Visit(browser, server.base + PAGE, server.base)
    visit.page.wait_for_function(ALL_DRAWN, timeout=30_000)
    visit.read_only_requests = list(visit.requests)
    visit.served_before = len(server.served)
    visit.ready = visit.page.evaluate("window.advisorCase.load()")
    visit.timings = visit.page.evaluate("({...window.advisorCase.timings})")
    visit.first_calculation = list(server.served[visit.served_before :])
    yield visit
    visit.page.close()


# --- the built files ---------------------------------------------------------------------------------


def test_site_vendors_pyodide_core_and_the_wheel():
    folder = VENDOR / offline_assets.PYODIDE_FOLDER
    for name in offline_assets.PYODIDE_FILES + ("LICENSE.txt",):
        assert (folder / name).is_file(), name
    assert sorted(p.name for p in folder.iterdir()) == sorted(offline_assets.PYODIDE_FILES + ("LICENSE.txt",))
    assert '"314.0.7"' in (folder / "pyodide.js").read_text(encoding="utf-8")  # the pinned release
    assert json.loads((folder / "pyodide-lock.json").read_text())["info"]["python"].startswith("3.")
    assert "Mozilla Public License" in (folder / "LICENSE.txt").read_text()
    package = json.loads((ROOT / "static_site" / "package.json").read_text())
    assert package["dependencies"]["pyodide"] == "314.0.7"
    wheels = list(VENDOR.glob("advisor-*.whl"))
    assert len(wheels) == 1
    html = (SITE / PAGE).read_text(encoding="utf-8")
    assert f'data-wheel="{wheels[0].name}?v=' in html
    with zipfile.ZipFile(wheels[0]) as archive:
        names = archive.namelist()
    assert "advisor/core/page.py" in names and "advisor/data/presets.json" in names
    assert any(n.endswith(".dist-info/METADATA") for n in names) and any(n.endswith(".dist-info/RECORD") for n in names)


BLOCK_NUMPY = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('numpy', 'pandas', 'altair'):
            raise ImportError(f'{name} is blocked: the core must run on the standard library alone')
sys.meta_path.insert(0, Block())
sys.path.insert(0, sys.argv[1])
import advisor.core.page as page
assert page.__file__.startswith(sys.argv[1]), page.__file__
print(page.compute_json(sys.argv[2]))
"""


def _run_from_wheel(wheel: Path, fragment: str) -> dict:
    # -I -S: no user site, no site-packages (so no installed advisor), no current folder
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", BLOCK_NUMPY, str(wheel), fragment],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_built_wheel_imports_in_a_fresh_python_with_numpy_blocked():
    wheel = next(VENDOR.glob("advisor-*.whl"))
    fragment = CASES[0]
    out = _run_from_wheel(wheel, fragment)
    assert out["ok"] and out["result"] == json.loads(json.dumps(compute(fragment)["result"]))


def test_stdlib_wheel_builder_makes_the_same_package(tmp_path):
    """The fallback for a build where ``pip wheel`` cannot work: the same files, a valid .dist-info."""
    wheel = offline_assets.zip_wheel(ROOT, tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        record = archive.read("advisor-0.1.0.dist-info/RECORD").decode()
        wheel_meta = archive.read("advisor-0.1.0.dist-info/WHEEL").decode()
    with zipfile.ZipFile(next(VENDOR.glob("advisor-*.whl"))) as built:
        package_files = {n for n in built.namelist() if not n.startswith("advisor-0.1.0.dist-info/")}
    assert package_files <= names
    assert "Root-Is-Purelib: true" in wheel_meta and "Tag: py3-none-any" in wheel_meta
    assert all(line.split(",")[0] in names for line in record.splitlines())
    assert _run_from_wheel(wheel, "corpus_documents=-1")["error"].startswith("corpus_documents must be")


def test_page_is_generated_from_the_declarations():
    html = (SITE / PAGE).read_text(encoding="utf-8")
    for field, c in CONTROLS.items():
        assert f'data-field="{field}"' in html and f'name="{field}"' in html, field
        if c.accepted():
            assert c.accepted().replace(">", "&gt;").replace("<", "&lt;") in html
    assert html.count('class="advisor-preset"') >= 6
    for p in presets().values():
        assert p.title.replace("&", "&amp;") in html
    for text in ("Download brief (Markdown)", ">Print<", 'id="advisor-brief"', 'id="advisor-charts"'):
        assert text in html
    assert html.count('class="advisor-case-chart"') == 4 and 'class="advisor-chart" data-mode="vega"' in html


def test_only_this_page_carries_the_script():
    for page in SITE.glob("chapters/*.html"):
        text = page.read_text(encoding="utf-8")
        assert ("your_case.js" in text) == (page.name == "your-case.html"), page.name
        assert "advisor-vendor/pyodide" not in text, page.name  # the script alone knows where Pyodide is


# --- in the browser --------------------------------------------------------------------------------


def test_a_page_that_is_only_read_fetches_no_pyodide(browser, server):
    visit = Visit(browser, server.base + "chapters/01-the-decision.html", server.base)
    visit.page.wait_for_timeout(500)
    assert visit.pyodide_requests() == []
    assert visit.remote == [] and visit.errors == []
    visit.page.close()


def test_the_case_page_fetches_nothing_of_the_model_until_asked(live):
    assert [u for u in live.read_only_requests if "advisor-vendor/pyodide/" in u or ".whl" in u] == []
    state = live.page.evaluate(f"{RESULT}.dataset.state")
    assert state == "static"  # the build-time result, before any Python in the browser
    assert json.loads(live.page.evaluate(f"{RESULT}.dataset.result")) == json.loads(json.dumps(compute("")["result"]))


def test_the_model_loads_once_from_the_site(live):
    assert live.ready is True
    fetched = [path for path, _ in live.first_calculation]
    for name in offline_assets.PYODIDE_FILES:
        assert fetched.count(PYODIDE_PATH + name) == 1, name
    assert sum(1 for p in fetched if p.endswith(".whl")) == 1
    total = sum(size for _, size in live.first_calculation)
    assert 8e6 < total < 20e6, total  # Pyodide's core and the wheel, nothing else
    status = live.page.inner_text("#advisor-status")
    assert "runs in your browser" in status


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_button_matches_cpython(live, key):
    live.show("")  # the defaults, so that the preset alone makes the case
    before = live.page.evaluate(f"+{RESULT}.dataset.computed")
    live.page.click(f'button.advisor-preset[data-preset="{key}"]')
    live.page.wait_for_function(f"+{RESULT}.dataset.computed > {before}")
    assert live.page.evaluate(f"{RESULT}.dataset.state") == "ok"
    shown = json.loads(live.page.evaluate(f"{RESULT}.dataset.result"))
    assert_same_result(shown, compute(PRESETS[key])["result"])
    assert live.page.evaluate("location.hash").lstrip("#") == live.page.evaluate(f"{RESULT}.dataset.fragment")


@pytest.mark.parametrize("fragment", CASES, ids=[f"case{i:02d}" for i in range(len(CASES))])
def test_generated_case_matches_cpython(live, fragment):
    shown = live.show(fragment)
    expected = compute(fragment)
    assert shown["state"] == "ok", shown["error"]
    assert_same_result(json.loads(shown["result"]), expected["result"])
    # the charts now draw this case's tables
    rows = live.page.evaluate(CHART_ROWS)
    for name, table in expected["records"].items():
        assert len(rows[name]) == len(table), name
    assert {r["label"] for r in rows["costs"]} == {r["label"] for r in expected["records"]["costs"]}
    assert live.page.evaluate("document.getElementById('advisor-brief').dataset.markdown") == expected["brief_markdown"]


def test_a_shared_link_reproduces_the_case(live, browser, server):
    fragment = to_fragment(
        {
            "queries_per_month": 1_200_000,
            "corpus_documents": 20_000,
            "behavior_needs": ["json_schema", "workflow"],
            "structured_outputs": False,
            "latency_budget_ms": 900,
            "name": "Q&A over contracts",
            "managed_model": CONTROLS["managed_model"].options[0][0],
            "gpu_usd_per_hour": 2.5,
            "system_prompt_tokens": 900,
        }
    )  # the last one has no input on the page: the link keeps it
    shown = live.show(fragment)
    assert shown["state"] == "ok"
    assert_same_result(json.loads(shown["result"]), compute(fragment)["result"])
    url = live.page.evaluate("location.href")
    assert url.endswith("#" + fragment)
    values = live.page.evaluate(FORM_VALUES)
    again = Visit(browser, url, server.base)  # a reader opening the link: the model loads, the case shows
    again.page.wait_for_function(f"{RESULT}.dataset.state === 'ok'", timeout=BOOT_TIMEOUT_MS)
    assert again.page.evaluate(FORM_VALUES) == values
    assert values["name"] == ["Q&A over contracts"]
    assert json.loads(again.page.evaluate(f"{RESULT}.dataset.result")) == json.loads(shown["result"])
    form_fragment = again.page.evaluate("window.advisorCase.formFragment()")
    assert form_fragment == live.page.evaluate("window.advisorCase.formFragment()")
    assert "system_prompt_tokens=900" in form_fragment
    assert compute(form_fragment)["result"] == compute(fragment)["result"]
    assert again.page.evaluate("document.querySelector('details.advisor-assumptions').open")
    assert again.remote == [] and again.errors == []
    again.page.close()


@pytest.mark.parametrize(
    "fragment, field",
    [
        ("queries_per_month=abc&corpus_documents=5000&name=Keep%20me", "queries_per_month"),
        ("corpus_documents=-1&queries_per_month=250000&behavior_needs=workflow", "corpus_documents"),
        ("horizon_months=0&latency_budget_ms=900", "horizon_months"),
    ],
)
def test_a_bad_value_in_a_link_names_the_field_and_keeps_the_form(live, fragment, field):
    shown = live.show(fragment)
    expected = compute(fragment)
    assert not expected["ok"] and shown["state"] == "error"
    assert shown["error"] == expected["error"] and shown["error"].startswith(field)
    assert shown["result"] == "null"
    assert expected["error"] in live.page.inner_text("#advisor-result")
    values = live.page.evaluate(FORM_VALUES)
    for name, text in (p.split("=", 1) for p in fragment.split("&")):
        assert values[name] == ([unquote(text)] if CONTROLS[name].kind != "choices" else unquote(text).split(","))
    assert live.page.get_attribute(f'[name="{field}"]', "aria-invalid") == "true"
    assert live.page.is_disabled("#advisor-download-brief")  # the brief on the page is not this case's


def test_typing_a_bad_value_shows_the_message_then_a_good_one_recomputes(live):
    live.show("queries_per_month=300000&corpus_documents=8000")
    before = live.page.evaluate(f"+{RESULT}.dataset.computed")
    live.page.fill('[name="corpus_documents"]', "-1")
    live.page.dispatch_event('[name="corpus_documents"]', "change")
    live.page.wait_for_function(f"+{RESULT}.dataset.computed > {before}")
    assert live.page.evaluate(f"{RESULT}.dataset.state") == "error"
    assert live.page.evaluate(f"{RESULT}.dataset.error").startswith("corpus_documents must be a whole number >= 0")
    assert live.page.input_value('[name="queries_per_month"]') == "300000"
    assert live.page.input_value('[name="corpus_documents"]') == "-1"
    assert "corpus_documents=-1" in live.page.evaluate("location.hash")
    before = live.page.evaluate(f"+{RESULT}.dataset.computed")
    live.page.fill('[name="corpus_documents"]', "12000")
    live.page.dispatch_event('[name="corpus_documents"]', "change")
    live.page.wait_for_function(f"+{RESULT}.dataset.computed > {before}")
    fragment = live.page.evaluate(f"{RESULT}.dataset.fragment")
    assert "corpus_documents=12000" in fragment
    assert_same_result(json.loads(live.page.evaluate(f"{RESULT}.dataset.result")), compute(fragment)["result"])
    assert live.page.get_attribute('[name="corpus_documents"]', "aria-invalid") is None
    assert live.page.is_enabled("#advisor-download-brief")


def test_download_and_print_give_the_brief(live):
    fragment = CASES[3]
    live.show(fragment)
    with live.page.expect_download() as download:
        live.page.click("#advisor-download-brief")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text == compute(fragment)["brief_markdown"]
    live.page.evaluate(
        "() => { window.print = () => { window.__printed = document.getElementById('advisor-print').innerText; }; }"
    )
    live.page.click("#advisor-print-brief")
    printed = live.page.evaluate("window.__printed")
    assert printed.startswith("Decision brief") and "Recommendation" in printed
    shown = "id => document.getElementById(id).getClientRects().length > 0"
    live.page.emulate_media(media="print")
    assert live.page.evaluate(shown, "advisor-print") and not live.page.evaluate(shown, "advisor-brief")
    live.page.emulate_media(media="screen")
    assert live.page.evaluate(shown, "advisor-brief") and not live.page.evaluate(shown, "advisor-print")
    live.page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert live.page.evaluate("document.getElementById('advisor-print')") is None


def test_no_request_to_another_host_and_no_console_error(live):
    assert live.remote == []
    assert live.errors == []


# --- where the model cannot run ----------------------------------------------------------------------


def test_opened_as_a_file_it_says_how_to_serve_the_folder(browser):
    visit = Visit(browser, (SITE / PAGE).as_uri(), "file:")
    visit.page.wait_for_function(ALL_DRAWN, timeout=30_000)
    status = visit.page.inner_text("#advisor-status")
    assert "python -m http.server -d _build/html" in status and "opened as a file" in status
    assert visit.page.evaluate(f"{RESULT}.dataset.state") == "static"
    assert visit.page.is_disabled('[name="queries_per_month"]') and visit.page.is_disabled("button.advisor-preset")
    assert visit.page.is_enabled("#advisor-download-brief")
    assert visit.pyodide_requests() == [] and visit.remote == [] and visit.errors == []
    visit.page.close()


def test_without_webassembly_it_says_so(browser, server):
    visit = Visit(browser, server.base + PAGE, server.base, init_script="delete window.WebAssembly;")
    status = visit.page.inner_text("#advisor-status")
    assert "cannot run WebAssembly" in status
    assert visit.pyodide_requests() == [] and visit.errors == []
    visit.page.close()


@pytest.mark.parametrize("method", [None, "GET"], ids=["missing", "breaks-off"])
def test_a_missing_asset_keeps_the_static_result_and_says_how_to_serve(browser, server, method):
    """The WebAssembly file unreachable (``None``: its check fails) or failing only when Pyodide fetches it."""
    visit = Visit(browser, server.base + PAGE, server.base, block=(("pyodide.asm.wasm", method),))
    visit.page.wait_for_function(ALL_DRAWN, timeout=30_000)
    visit.page.fill('[name="queries_per_month"]', "750000")
    visit.page.dispatch_event('[name="queries_per_month"]', "change")
    visit.page.wait_for_function(
        "document.getElementById('advisor-status').dataset.kind === 'unavailable'", timeout=BOOT_TIMEOUT_MS
    )
    status = visit.page.inner_text("#advisor-status")
    assert "could not be loaded" in status and "python -m http.server -d _build/html" in status
    assert visit.page.evaluate(f"{RESULT}.dataset.state") == "static"
    assert visit.page.input_value('[name="queries_per_month"]') == "750000"
    assert visit.remote == []
    visit.page.close()
