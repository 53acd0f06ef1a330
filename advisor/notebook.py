"""Charts in a live notebook (JupyterLab, Notebook 7, Binder) that draw with no network.

Altair 6 writes Vega-Lite 6 specs, and JupyterLab (up to 4.6 at least) renders Vega-Lite only up to
version 5 by itself, so Altair falls back to an HTML output that fetches vega, vega-lite and
vega-embed from a CDN: offline, or behind a proxy, every chart reads "Error loading script". The
renderer here sends the spec under the Vega-Lite 5 mimetype instead, which JupyterLab draws with the
libraries it bundles. The book's charts use nothing that Vega-Lite 6 added, and the test suite draws
every chapter's charts that way in JupyterLab with other hosts blocked (tests/test_jupyterlab.py).

``import advisor.charts`` enables it (outside the static book's build, which has a renderer of its own):

>>> import altair as alt
>>> import advisor.charts
>>> alt.renderers.active
'advisor'
>>> bundle = renderer({"$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json", "mark": "point"})
>>> sorted(bundle)
['application/vnd.vegalite.v5+json', 'text/plain']
>>> bundle[MIMETYPE]["$schema"]
'https://vega.github.io/schema/vega-lite/v5.json'
"""

from __future__ import annotations

from typing import Any

MIMETYPE = "application/vnd.vegalite.v5+json"  # rendered by JupyterLab's built-in Vega extension
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
NAME = "advisor"


def renderer(spec: dict, **metadata: Any) -> dict:
    """A chart's output for a live notebook: its Vega-Lite spec under the mimetype JupyterLab draws itself,
    and a line of text for front ends that draw no charts."""
    spec = dict(spec)
    spec["$schema"] = SCHEMA
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    text = f"<advisor chart: {title}>" if isinstance(title, str) and title else "<advisor chart>"
    return {MIMETYPE: spec, "text/plain": text}


def enable() -> None:
    """Make ``advisor``'s renderer Altair's active one (``import advisor.charts`` does this)."""
    import altair as alt

    if NAME not in alt.renderers.names():
        alt.renderers.register(NAME, renderer)
    alt.renderers.enable(NAME)
