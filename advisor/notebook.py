"""Charts in a live notebook (JupyterLab, Notebook 7, Binder) that draw with no network.

Altair 6 writes Vega-Lite 6 specs, and JupyterLab (up to 4.6 at least) renders Vega-Lite only up to
version 5 by itself, so Altair falls back to an HTML output that fetches vega, vega-lite and
vega-embed from a CDN: offline, or behind a proxy, every chart reads "Error loading script". The
renderer here sends the spec under the Vega-Lite 5 mimetype instead, which JupyterLab draws with the
libraries it bundles. The book's charts use nothing that Vega-Lite 6 added: tests/test_jupyterlab.py
draws them that way in JupyterLab with other hosts blocked (chapters 6, 9 and 12; every chapter with
``ADVISOR_JUPYTERLAB_CHAPTERS=all``).

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
>>> bundle[MIMETYPE]["usermeta"]["advisor"]["fit_width"]["width"]  # for the book's Live Code
'container'
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from dataclasses import MISSING
from typing import Any

MIMETYPE = "application/vnd.vegalite.v5+json"  # rendered by JupyterLab's built-in Vega extension
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
NAME = "advisor"
MAX_PARAMETERS = 20  # a longer signature is shown as (**fields)


def renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    """A chart's output for a live notebook: its Vega-Lite spec under the mimetype JupyterLab draws itself,
    and a line of text for front ends that draw no charts."""
    from .charts import fit_width  # here: advisor.charts imports this module

    spec = with_readouts(dict(spec))
    spec["$schema"] = SCHEMA
    # JupyterLab draws the spec as it is; the book's Live Code fits it to the page's column (live-code.js)
    usermeta = dict(spec.get("usermeta", {}))
    usermeta["advisor"] = {**usermeta.get("advisor", {}), "fit_width": fit_width(spec)}
    spec["usermeta"] = usermeta
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    text = f"<advisor chart: {title}>" if isinstance(title, str) and title else "<advisor chart>"
    return {MIMETYPE: spec, "text/plain": text}


def with_readouts(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with each slider's formatted value as a line of its title.

    JupyterLab's Vega extension shows a slider's raw value (5.477 for 300k queries, from a log scale);
    the book's page script puts the formatted readout (``usermeta.advisor.readouts``, a signal of the spec)
    beside the slider, and here, where no script of ours runs, the title carries it.

    >>> spec = {"title": {"text": "Move the slider"}, "usermeta": {"advisor": {"readouts": {"x": "x_readout"}}},
    ...         "params": [{"name": "x", "bind": {"input": "range", "name": "Queries per month "}}]}
    >>> with_readouts(spec)["title"]["text"]
    {'expr': '["Move the slider", "Queries per month: " + x_readout]'}
    """
    readouts = spec.get("usermeta", {}).get("advisor", {}).get("readouts")
    title = spec.get("title")
    if not readouts:
        return spec
    labels = {
        p["name"]: str(p["bind"].get("name", p["name"])).strip()
        for p in spec.get("params", [])
        if isinstance(p.get("bind"), dict)
    }
    line = " + '   ' + ".join(f"{json.dumps(labels.get(s, s) + ': ')} + {r}" for s, r in readouts.items())
    if isinstance(title, dict):
        text = title.get("text", "")
    else:
        text, title = title or "", {}
    lines = [json.dumps(t) for t in ([text] if isinstance(text, str) else text) if t] + [line]
    return {**spec, "title": {**title, "text": {"expr": f"[{', '.join(lines)}]"}}}


def enable() -> None:
    """Make ``advisor``'s renderer Altair's active one (``import advisor.charts`` does this)."""
    import altair as alt

    if NAME not in alt.renderers.names():
        alt.renderers.register(NAME, renderer)
    alt.renderers.enable(NAME)


def _signature(obj: Any) -> str:
    """``name(a, b=1)``: the parameters and their defaults, without annotations (which only clutter a page)."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return ""
    factories = {}
    if dataclasses.is_dataclass(obj):  # a field's default made by a factory: the value it makes
        factories = {f.name: f.default_factory() for f in dataclasses.fields(obj) if f.default_factory is not MISSING}
    params = []
    stars: dict[object, str] = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}
    for p in signature.parameters.values():
        if p.name == "self":
            continue
        star = stars.get(p.kind, "")
        default = factories.get(p.name, p.default)
        shown = "" if default is inspect.Parameter.empty else f"={default!r}"
        params.append(f"{star}{p.name}{shown}")
    if len(params) > MAX_PARAMETERS:  # a table of numbers (Assumptions): its fields are listed elsewhere
        return "(**fields)"
    return f"({', '.join(params)})"


def _docstring(obj: Any) -> str:
    """A docstring as Markdown: its examples (``>>>`` blocks) fenced as Python sessions, the rest as text."""
    blocks = (inspect.getdoc(obj) or "").split("\n\n")
    return "\n\n".join(f"```pycon\n{b}\n```" if b.lstrip().startswith(">>>") else b for b in blocks)


class Reference:
    """An API reference read from docstrings, shown as Markdown (in JupyterLab and in the book alike).

    >>> import advisor
    >>> text = reference(advisor.crossover_volume, (advisor.Scenario, ["corpus_tokens"]))._repr_markdown_()
    >>> print(text.splitlines()[0])
    **`advisor.crossover_volume(scenario, assumptions=None)`**
    >>> "**`advisor.Scenario.corpus_tokens`**" in text
    True
    """

    def __init__(self, entries: list[tuple[Any, list[str]]]) -> None:
        self.entries = entries

    def _repr_markdown_(self) -> str:
        parts = []
        for obj, members in self.entries:
            name = f"advisor.{obj.__name__}"
            parts.append(f"**`{name}{_signature(obj)}`**\n\n{_docstring(obj)}")
            for member in members:
                attr = inspect.getattr_static(obj, member)
                shown = attr.fget if isinstance(attr, property) else getattr(obj, member)
                call = "" if isinstance(attr, property) else _signature(shown)
                parts.append(f"**`{name}.{member}{call}`**\n\n{_docstring(shown)}")
        return "\n\n".join(parts) + "\n"


def reference(*objects: Any) -> Reference:
    """The reference of each object (a function or a class), or of ``(class, [member names])`` with those members."""
    return Reference([(o, []) if not isinstance(o, tuple) else (o[0], list(o[1])) for o in objects])
