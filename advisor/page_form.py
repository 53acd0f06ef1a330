"""The static site's "Your case" page as HTML, generated at build time from the model's own declarations.

The form comes from ``advisor.core.controls.CONTROLS`` (each input named by its field, with its label,
unit, help and the range the model accepts), the preset buttons from ``advisor.core.case.presets()``,
and the result and brief regions hold the default case computed by ``advisor.core.page.compute``, so
the page is useful before any Python runs in the browser. The page's script
(``static_site/your_case.js``) reads the fields by name, calls the same ``compute`` in Pyodide and
places the strings it returns. Standard library only.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from urllib.parse import unquote

from .core.case import presets, to_fragment
from .core.controls import CONTROLS, Control

FORM_ID = "advisor-case-form"
SERVE_COMMAND = "python -m http.server -d _build/html"


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def field_text(name: str, value: object) -> str:
    """A value as the form and the URL fragment write it (``case.to_fragment``'s spelling, unquoted).

    >>> field_text("queries_per_month", 100000.0), field_text("behavior_needs", ["json_schema", "workflow"])
    ('100000', 'json_schema,workflow')
    >>> field_text("latency_budget_ms", None), field_text("structured_outputs", True)
    ('', 'true')
    """
    return unquote(to_fragment({name: value}).split("=", 1)[1])


def _help(c: Control, described_by: str) -> str:
    parts = []
    if c.help:
        parts.append(html.escape(c.help))
    if c.unit:
        parts.append(f'Unit: <span class="advisor-unit">{html.escape(c.unit)}</span>.')
    if c.accepted():
        parts.append(f'Accepted: <span class="advisor-accepted">{html.escape(c.accepted())}</span>.')
    return f'<p class="advisor-help" id="{described_by}">{" ".join(parts)}</p>' if parts else ""


def control_html(c: Control, value: object | None = None, prefix: str = "advisor") -> str:
    """One control as HTML: a wrapper that names its field, kind and default, the label, the input, the help.

    Numbers are text inputs with a decimal keypad (``inputmode``): the field keeps exactly what the reader
    typed, and the model's own check says what is wrong with it, naming the field.

    >>> print(control_html(CONTROLS["horizon_months"]))  # doctest: +ELLIPSIS
    <div class="advisor-field" data-field="horizon_months" data-kind="number" data-target="scenario" data-default="24">...name="horizon_months" type="text" inputmode="numeric"...
    """
    value = c.default() if value is None else value
    text = field_text(c.field, value)
    default = field_text(c.field, c.default())
    ident = f"{prefix}-input-{c.field}"  # ``prefix``: one form per calculator on a page, ids unique
    described = f"{prefix}-help-{c.field}"
    head = (
        f'<div class="advisor-field" data-field="{c.field}" data-kind="{c.kind}" data-target="{c.target}" '
        f'data-default="{_attr(default)}">'
    )
    help_html = _help(c, described)
    label = html.escape(c.label) + (f' <span class="advisor-unit">({html.escape(c.unit)})</span>' if c.unit else "")
    if c.kind in ("number", "optional_number", "text"):
        mode = "" if c.kind == "text" else f' inputmode="{"numeric" if c.integer else "decimal"}"'
        extra = ' maxlength="200"' if c.kind == "text" else ""
        placeholder = ' placeholder="no limit"' if c.kind == "optional_number" else ""
        return (
            f'{head}<label for="{ident}">{label}</label>'
            f'<input id="{ident}" name="{c.field}" type="text"{mode}{extra}{placeholder} value="{_attr(text)}" '
            f'aria-describedby="{described}">{help_html}</div>'
        )
    if c.kind == "choice":
        options = "".join(
            f'<option value="{_attr(v)}"{" selected" if v == text else ""}>{html.escape(lab)}</option>'
            for v, lab in c.options
        )
        return (
            f'{head}<label for="{ident}">{label}</label>'
            f'<select id="{ident}" name="{c.field}" aria-describedby="{described}">{options}</select>{help_html}</div>'
        )
    if c.kind == "choices":
        chosen = set(text.split(",")) if text else set()
        boxes = "".join(
            f'<label class="advisor-check"><input type="checkbox" name="{c.field}" value="{_attr(v)}"'
            f"{' checked' if v in chosen else ''}> {html.escape(lab)}</label>"
            for v, lab in c.options
        )
        return (
            f'{head}<fieldset aria-describedby="{described}"><legend>{label}</legend>{boxes}</fieldset>'
            f"{help_html}</div>"
        )
    if c.kind == "flag":
        return (
            f'{head}<label class="advisor-check" for="{ident}"><input id="{ident}" type="checkbox" name="{c.field}" '
            f'value="true"{" checked" if text == "true" else ""} aria-describedby="{described}"> {label}</label>'
            f"{help_html}</div>"
        )
    raise ValueError(f"control {c.field!r} has an unknown kind {c.kind!r}")


def presets_html() -> str:
    """One button per typical project; each carries its case as a URL fragment."""
    buttons = "".join(
        f'<button type="button" class="advisor-preset" data-preset="{_attr(key)}" '
        f'data-fragment="{_attr(to_fragment(p.scenario.to_dict()))}" title="{_attr(p.description)}">'
        f"{html.escape(p.title)}</button>"
        for key, p in presets().items()
    )
    return f'<div class="advisor-presets" role="group" aria-label="Typical projects">{buttons}</div>'


def form_html(values: Mapping[str, object] | None = None) -> str:
    """The whole form: the project's fields, then the assumptions (folded away), each from ``CONTROLS``."""
    values = values or {}
    scenario = "".join(control_html(c, values.get(c.field)) for c in CONTROLS.values() if c.target == "scenario")
    assumptions = "".join(control_html(c, values.get(c.field)) for c in CONTROLS.values() if c.target == "assumptions")
    return (
        f'<form id="{FORM_ID}" class="advisor-case-form" autocomplete="off" novalidate>'
        f'<fieldset class="advisor-fields"><legend>Your project</legend>{scenario}</fieldset>'
        '<details class="advisor-assumptions"><summary>Assumptions: models, prices, GPUs, team</summary>'
        f'<fieldset class="advisor-fields"><legend>Assumptions</legend>{assumptions}</fieldset></details>'
        "</form>"
    )


def status_html() -> str:
    """Where the page says what it is doing: the default result, loading, computed, or why it cannot run."""
    return (
        '<div id="advisor-status" class="advisor-status" role="status" aria-live="polite">'
        "The result below is the default case, computed when the book was built. Change any input or pick a "
        "typical project, and the same model runs in your browser (it loads once, on your first change)."
        "</div>"
        '<noscript><p class="advisor-status">The live calculation needs JavaScript. The result below is the '
        "default case, computed when the book was built.</p></noscript>"
    )


def result_html(out: Mapping[str, object]) -> str:
    """The result region: ``data-result`` holds the latest ``result`` as JSON, the body its HTML."""
    return (
        f'<div id="advisor-result" class="advisor-case-result" data-state="static" '
        f'data-fragment="{_attr(out["fragment"])}" data-result="{_attr(json.dumps(out["result"], allow_nan=False))}">'
        f"{out['html']}</div>"
    )


def brief_html(out: Mapping[str, object]) -> str:
    """The decision brief as HTML, its Markdown for download, and the download and print buttons."""
    return (
        '<div class="advisor-brief-actions">'
        '<button type="button" id="advisor-download-brief">Download brief (Markdown)</button> '
        '<button type="button" id="advisor-print-brief">Print</button></div>'
        f'<div id="advisor-brief" class="advisor-brief" data-markdown="{_attr(out["brief_markdown"])}">'
        f"{out['brief_html']}</div>"
    )
