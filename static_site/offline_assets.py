"""Sphinx extension: the built book serves its browser libraries from its own files.

* Charts: chapters executed by this build render Altair charts with advisor's static renderer
  (``ADVISOR_STATIC_HTML``), a div plus a call to ``vegaEmbed``. The vendored vega, vega-lite and
  vega-embed (installed from npm by ``scripts/build-book.sh``, pinned in package-lock.json) are copied
  into the output and added only to pages that contain a chart.
* "Your case" (chapters/your-case.md): the page runs the model itself in the reader's browser.
  Pyodide's core files (npm ``pyodide``, pinned in package-lock.json) are copied into
  ``_static/advisor-vendor/pyodide/`` once per build, the advisor wheel is built into
  ``_static/advisor-vendor/``, and the shared loader (advisor_pyodide.js, with the wheel's file name and
  the model's download size as data attributes) and the page's own script and stylesheet
  (your_case.js/.css) are added to that page only. The script fetches Pyodide only on the reader's first
  change: a page that is only read fetches none of it.
* Chapter calculators: a page with a calculator card (advisor.widgets) gets the same loader and
  calculators.js/.css; Pyodide is fetched only when the reader clicks "Use your own numbers".
* Nothing is put in the source ``_static/`` folder: Jupyter Book 1 would add every file there to
  every page.
"""

from __future__ import annotations

import base64
import csv
import fnmatch
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
PACKAGES = HERE / "node_modules"
OUTPUT_FOLDER = "advisor-vendor"  # inside the output's _static/, which Sphinx serves as is
SCRIPTS = (  # in load order: vega-embed needs vega and vega-lite as globals
    ("vega", "build/vega.min.js"),
    ("vega-lite", "build/vega-lite.min.js"),
    ("vega-embed", "build/vega-embed.min.js"),
)
CHART_MARKER = 'class="advisor-chart"'
ROOT = HERE.parent  # the book, and the advisor package's pyproject.toml
# Pyodide's core: what loadPyodide fetches to start Python with its standard library, and nothing else
# (packages such as numpy are not in the npm package; the model needs none of them).
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PYODIDE_FOLDER = "pyodide"
PYODIDE_LICENSE = HERE / "licenses" / "pyodide-MPL-2.0.txt"  # the npm package ships none
CASE_MARKER = 'id="advisor-case-form"'  # the "Your case" page's form (advisor.page_form)
CALCULATOR_MARKER = 'class="advisor-calculator" data-calculator='  # a chapter calculator's card (advisor.widgets)
LOADER = "advisor_pyodide.js"  # Pyodide and the wheel, loaded on demand: shared by both pages' scripts
CASE_FILES = (  # our own code, beside the vendored libraries
    LOADER,
    "your_case.js",
    "your_case.css",
    "calculators.js",
    "calculators.css",
)
_BUILT: dict[str, object] = {}  # what builder-inited made, read by html-page-context


def _copy_libraries(app) -> None:
    target = Path(app.outdir) / "_static" / OUTPUT_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for package, path in SCRIPTS:
        source = PACKAGES / package / path
        if not source.exists():
            raise RuntimeError(f"{source} is missing: run `npm ci --prefix static_site` (scripts/build-book.sh does)")
        shutil.copyfile(source, target / Path(path).name)
        shutil.copyfile(PACKAGES / package / "LICENSE", target / f"{package}.LICENSE.txt")


def _copy_pyodide(target: Path) -> int:
    """Pyodide's core files into ``target``/pyodide/; returns the bytes a first calculation fetches."""
    source = PACKAGES / "pyodide"
    folder = target / PYODIDE_FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    total = 0
    for name in PYODIDE_FILES:
        if not (source / name).exists():
            raise RuntimeError(
                f"{source / name} is missing: run `npm ci --prefix static_site` (scripts/build-book.sh does)"
            )
        shutil.copyfile(source / name, folder / name)
        total += (folder / name).stat().st_size
    shutil.copyfile(PYODIDE_LICENSE, folder / "LICENSE.txt")
    return total


def _copy_case_files(target: Path) -> None:
    for name in CASE_FILES:
        shutil.copyfile(HERE / name, target / name)


# --- the advisor wheel -----------------------------------------------------------------------------


def build_wheel(root: Path, outdir: Path) -> Path:
    """The advisor package as a pure-Python wheel in ``outdir``.

    ``pip wheel --no-deps --no-build-isolation`` on a copy of the sources (so that the build leaves no
    build/ or egg-info in the book), with the Python that runs Sphinx; where that cannot work (no
    setuptools there, say), ``zip_wheel`` writes the same files with the standard library.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    for old in outdir.glob("advisor-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="advisor-wheel-") as temp:
        source = Path(temp) / "src"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copyfile(root / name, source / name)
        shutil.copytree(root / "advisor", source / "advisor", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        command = [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
            "-w",
            str(Path(temp) / "out"),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        built = sorted((Path(temp) / "out").glob("advisor-*.whl"))
        if done.returncode == 0 and built:
            shutil.copyfile(built[0], outdir / built[0].name)
            return outdir / built[0].name
        why = ((done.stderr or done.stdout).strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        LOGGER.info("advisor wheel: pip wheel did not work here (%s); writing it with zipfile", why)
    return zip_wheel(root, outdir)


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def zip_wheel(root: Path, outdir: Path) -> Path:
    """A pure-Python wheel of the package written with the standard library: the packages and package
    data that pyproject.toml lists, and a .dist-info with METADATA, WHEEL, top_level.txt and RECORD."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    meta, tool = project["project"], project["tool"]["setuptools"]
    name, version = meta["name"], meta["version"]
    files: dict[str, bytes] = {}
    for package in tool["packages"]:
        folder = root / package.replace(".", "/")
        patterns = ["*.py"] + list(tool.get("package-data", {}).get(package, []))
        for path in sorted(folder.iterdir()):
            if path.is_file() and any(fnmatch.fnmatch(path.name, p) for p in patterns):
                files[f"{package.replace('.', '/')}/{path.name}"] = path.read_bytes()
    info = f"{name}-{version}.dist-info"
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        f"Summary: {meta.get('description', '')}",
        f"Requires-Python: {meta.get('requires-python', '>=3')}",
    ]
    lines += [f"Requires-Dist: {d}" for d in meta.get("dependencies", [])]
    files[f"{info}/METADATA"] = ("\n".join(lines) + "\n").encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: advisor offline_assets\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    files[f"{info}/top_level.txt"] = b"advisor\n"
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for path, data in files.items():
        writer.writerow([path, _record_hash(data), len(data)])
    writer.writerow([f"{info}/RECORD", "", ""])
    files[f"{info}/RECORD"] = record.getvalue().encode()
    outdir.mkdir(parents=True, exist_ok=True)
    wheel = outdir / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            entry = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    return wheel


def _prepare_case_page(app) -> None:
    """Once per build: Pyodide's core, the advisor wheel, and the page's own script and stylesheet."""
    target = Path(app.outdir) / "_static" / OUTPUT_FOLDER
    pyodide_bytes = _copy_pyodide(target)
    wheel = build_wheel(ROOT, target)
    _copy_case_files(target)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()[:12]
    _BUILT.update(wheel=f"{wheel.name}?v={digest}", model_bytes=pyodide_bytes + wheel.stat().st_size)


def _add_chart_scripts(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    case, calculator = CASE_MARKER in body, CALCULATOR_MARKER in body
    if case or calculator:
        megabytes = round(int(_BUILT["model_bytes"]) / 1e6)
        # nothing of Pyodide is fetched until the reader asks: the loader only knows where it is
        app.add_js_file(
            f"{OUTPUT_FOLDER}/{LOADER}",
            priority=400,
            **{"data-wheel": _BUILT["wheel"], "data-model-mb": str(megabytes)},
        )
    if case:
        app.add_css_file(f"{OUTPUT_FOLDER}/your_case.css")
        app.add_js_file(f"{OUTPUT_FOLDER}/your_case.js", priority=500)
    if calculator:
        app.add_css_file(f"{OUTPUT_FOLDER}/calculators.css")
        app.add_js_file(f"{OUTPUT_FOLDER}/calculators.js", priority=500)
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
    app.connect("builder-inited", _prepare_case_page)
    app.connect("html-page-context", _add_chart_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
