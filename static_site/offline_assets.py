"""Sphinx extension: the built book serves its browser libraries from its own files.

* Charts: chapters executed by this build render Altair charts with advisor's static renderer
  (``ADVISOR_STATIC_HTML``), a div plus a call to ``vegaEmbed``. The vendored vega, vega-lite and
  vega-embed (installed from npm by ``scripts/build-book.sh``, pinned in package-lock.json) are copied
  into the output and added only to pages that contain a chart.
* Nothing is put in the source ``_static/`` folder: Jupyter Book 1 would add every file there to
  every page.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = HERE / "node_modules"
OUTPUT_FOLDER = "advisor-vendor"  # inside the output's _static/, which Sphinx serves as is
SCRIPTS = (  # in load order: vega-embed needs vega and vega-lite as globals
    ("vega", "build/vega.min.js"),
    ("vega-lite", "build/vega-lite.min.js"),
    ("vega-embed", "build/vega-embed.min.js"),
)
CHART_MARKER = 'class="advisor-chart"'


def _copy_libraries(app) -> None:
    target = Path(app.outdir) / "_static" / OUTPUT_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for package, path in SCRIPTS:
        source = PACKAGES / package / path
        if not source.exists():
            raise RuntimeError(f"{source} is missing: run `npm ci --prefix static_site` (scripts/build-book.sh does)")
        shutil.copyfile(source, target / Path(path).name)
        shutil.copyfile(PACKAGES / package / "LICENSE", target / f"{package}.LICENSE.txt")


def _add_chart_scripts(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    if CHART_MARKER not in body:
        return
    for package, path in SCRIPTS:
        # charts compiled to Vega at build time (advisor.charts) need no vega-lite in the page
        if package == "vega-lite" and 'data-mode="vega-lite"' not in body:
            continue
        app.add_js_file(f"{OUTPUT_FOLDER}/{Path(path).name}", priority=200)


def setup(app):
    # The kernels that execute the chapters start after this and inherit it.
    os.environ["ADVISOR_STATIC_HTML"] = "1"
    app.connect("builder-inited", _copy_libraries)
    app.connect("html-page-context", _add_chart_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
