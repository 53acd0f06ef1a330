"""Sphinx extension: pages a reader can trust on a phone, in dark mode, and with no network.

* Every page gets the book's stylesheet (``page_quality.css``): charts as wide as their column, tables
  and code that scroll inside their own box, long words that wrap, the calculator card in the page's
  colours. Appended to it, the charts' dark-mode colours, written from the one Altair theme
  (``advisor.charts.dark_css``): a chart follows the page's light or dark theme, and its toggle.
* Chart pages get ``advisor-charts.js``: it draws each chart and puts a formatted readout beside each
  slider (in place of Vega's raw number).
* Live Code: Thebe is served from the book's own files (``thebe/vendor.sh`` fetches the pinned
  release), and ``live-code.js`` says plainly when there is no network to reach Binder.
* The page head: Jupyter Book 1 registers some inline scripts twice (``const THEBE_JS_URL`` then fails
  with "already declared"); each is kept once. The theme's default mode is "auto" (without it the
  theme's script logs "Got invalid theme mode").
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT_FOLDER = "advisor-site"  # inside the output's _static/
STYLESHEET = "page_quality.css"
CHART_SCRIPT = "advisor-charts.js"
LIVE_SCRIPT = "live-code.js"
THEBE = HERE / "thebe" / "dist"
CHART_MARKER = 'class="advisor-chart"'


def _theme_mode(app, config) -> None:
    context = dict(config.html_context or {})  # pydata-sphinx-theme reads its default mode from the context
    context.setdefault("default_mode", "auto")
    config.html_context = context


def _copy_assets(app) -> None:
    from advisor import charts

    target = Path(app.outdir) / "_static" / OUTPUT_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    css = (HERE / STYLESHEET).read_text(encoding="utf-8")
    css += "\n/* Charts in dark mode: the theme's colours swapped (advisor.charts.DARK_COLORS) */\n" + charts.dark_css()
    (target / STYLESHEET).write_text(css, encoding="utf-8")
    for name in (CHART_SCRIPT, LIVE_SCRIPT):
        shutil.copyfile(HERE / name, target / name)
    if not (THEBE / "index.js").exists():
        raise RuntimeError(f"{THEBE} is missing: run `bash static_site/thebe/vendor.sh` (scripts/build-book.sh does)")
    shutil.rmtree(target / "thebe", ignore_errors=True)
    shutil.copytree(THEBE, target / "thebe", ignore=shutil.ignore_patterns(".vendored"))


def _add_assets(app, pagename, templatename, context, doctree) -> None:
    app.add_css_file(f"{OUTPUT_FOLDER}/{STYLESHEET}", priority=900)
    app.add_js_file(f"{OUTPUT_FOLDER}/{LIVE_SCRIPT}", priority=900)
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file(f"{OUTPUT_FOLDER}/{CHART_SCRIPT}", priority=250)  # after vega (200), before the page's charts


def _clean_scripts(app, pagename, templatename, context, doctree) -> None:
    """Each inline script once, and Thebe's address pointing at the book's own copy."""
    from sphinx.builders.html._assets import _JavaScript

    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    thebe = context["pathto"](f"_static/{OUTPUT_FOLDER}/thebe/index.js", 1)
    seen, kept = set(), []
    for js in scripts:
        attributes = dict(getattr(js, "attributes", {}) or {})
        body = attributes.get("body")
        key = (str(getattr(js, "filename", js) or ""), body)
        if key in seen:
            continue
        seen.add(key)
        if body and "THEBE_JS_URL" in body:
            attributes["body"] = _local_thebe(body, thebe)
            js = _JavaScript(js.filename, priority=js.priority, **attributes)
        kept.append(js)
    context["script_files"] = kept


def _local_thebe(body: str, url: str) -> str:
    """``const THEBE_JS_URL = "https://..."`` -> the book's copy.

    >>> _local_thebe('const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; const x = 1', "../_static/t/index.js")
    'const THEBE_JS_URL = "../_static/t/index.js"; const x = 1'
    """
    head, rest = body.split("THEBE_JS_URL", 1)
    _, value_and_tail = rest.split('"', 1)
    _, tail = value_and_tail.split('"', 1)
    return f'{head}THEBE_JS_URL = "{url}"{tail}'


def setup(app):
    app.connect("config-inited", _theme_mode)
    app.connect("builder-inited", _copy_assets)
    app.connect("html-page-context", _add_assets)
    app.connect("html-page-context", _clean_scripts, priority=950)  # after every other extension has added its scripts
    return {"parallel_read_safe": True, "parallel_write_safe": True}
