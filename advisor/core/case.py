"""One format for a reader's case in every way in: a flat mapping of Scenario and Assumptions fields.

The same mapping is a JSON or TOML file for ``python -m advisor brief``, a preset in the package's
data, and the URL fragment of the static site's "Your case" page
(``#queries_per_month=300000&behavior_needs=json_schema,brand_voice``). An absent or empty field
takes its default; a bad value raises a ValueError that names the field.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, quote

from .assumptions import CHOICE_FIELDS, FIELD_BOUNDS, Assumptions
from .scenario import CHOICE_FIELDS as SCENARIO_CHOICE_FIELDS
from .scenario import FLAG_FIELDS, OPTIONAL_BOUNDS, SCENARIO_BOUNDS, Scenario

SCENARIO_FIELDS = tuple(f.name for f in dataclasses.fields(Scenario))
ASSUMPTION_FIELDS = tuple(f.name for f in dataclasses.fields(Assumptions) if f.name != "ranges")
PRESETS_FILE = "presets.json"


def split_case(values: Mapping[str, object]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate a flat mapping into Scenario fields and Assumptions fields; an unknown key is an error.

    >>> split_case({"queries_per_month": 1, "gpu_usd_per_hour": 2})
    ({'queries_per_month': 1}, {'gpu_usd_per_hour': 2})
    """
    if not isinstance(values, Mapping):
        raise ValueError(f"a case must be a mapping of field names to values, got {type(values).__name__}")
    scenario, assumptions = {}, {}
    for name, value in values.items():
        if name in SCENARIO_FIELDS:
            scenario[name] = value
        elif name in ASSUMPTION_FIELDS:
            assumptions[name] = value
        else:
            raise ValueError(
                f"unknown field {name!r}; accepted: the fields of Scenario ({', '.join(SCENARIO_FIELDS)}) "
                "and of Assumptions"
            )
    return scenario, assumptions


def case_from_mapping(values: Mapping[str, object]) -> tuple[Scenario, Assumptions]:
    """The scenario and assumptions a flat mapping describes (absent fields take their defaults).

    Parameters
    ----------
    values : Mapping[str, object]
        Scenario and Assumptions fields in one flat mapping (values may be text, as in a URL).

    Returns
    -------
    tuple[Scenario, Assumptions]
        The case, checked.

    Examples
    --------
    >>> s, a = case_from_mapping({"queries_per_month": 300_000, "gpu_usd_per_hour": 2.5})
    >>> s.queries_per_month, a.gpu_usd_per_hour
    (300000.0, 2.5)
    """
    scenario, assumptions = split_case(values)
    return Scenario.from_dict(scenario), Assumptions(**assumptions)


def case_to_mapping(scenario: Scenario, assumptions: Assumptions | None = None) -> dict[str, object]:
    """The flat mapping of a case: every Scenario field, and the Assumptions fields that differ from
    their defaults (``case_from_mapping`` reads it back to the same case).

    Parameters
    ----------
    scenario : Scenario
        The case.
    assumptions : Assumptions, optional
        The numbers the model reads; the defaults when omitted.

    Returns
    -------
    dict[str, object]
        The fields that differ from the defaults, JSON-safe (``case_from_mapping`` reads them back).

    Examples
    --------
    >>> case_to_mapping(Scenario(corpus_documents=10), Assumptions(gpu_usd_per_hour=2.5))["gpu_usd_per_hour"]
    2.5
    """
    values = scenario.to_dict()
    if assumptions is not None:
        defaults = Assumptions(**{name: getattr(assumptions, name) for name in CHOICE_FIELDS})
        for name in ASSUMPTION_FIELDS:
            if getattr(assumptions, name) != getattr(defaults, name) or (
                name in CHOICE_FIELDS and getattr(assumptions, name) != getattr(Assumptions(), name)
            ):
                values[name] = getattr(assumptions, name)
    return values


# --- the URL fragment ------------------------------------------------------------------------------


def _typed(name: str, text: str) -> object:
    """The value a fragment's text stands for, by the field's type; a ValueError names the field."""
    if name in ("behavior_needs",):
        return [part.strip() for part in text.split(",") if part.strip()]
    if name in FLAG_FIELDS:
        lowered = text.strip().lower()
        if lowered in ("true", "1", "yes", "on"):
            return True
        if lowered in ("false", "0", "no", "off"):
            return False
        raise ValueError(f"{name} must be true or false, got {text!r}")
    if name in ("name",) or name in CHOICE_FIELDS or name in SCENARIO_CHOICE_FIELDS:
        return text
    bounds = SCENARIO_BOUNDS.get(name) or OPTIONAL_BOUNDS.get(name) or FIELD_BOUNDS.get(name)
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        expected = bounds.describe() if bounds else "a number"
        raise ValueError(f"{name} must be {expected}, got {text!r}")
    return int(number) if bounds is not None and bounds.integer and number.is_integer() else number


def parse_fragment(fragment: str) -> dict[str, object]:
    """The case a URL fragment describes, as a flat mapping (an empty value takes the default;
    an empty optional number, such as ``latency_budget_ms`` or ``deadline_weeks``, means none).

    >>> parse_fragment("#queries_per_month=300000&behavior_needs=json_schema,brand_voice&latency_budget_ms=")
    {'queries_per_month': 300000.0, 'behavior_needs': ['json_schema', 'brand_voice'], 'latency_budget_ms': None}
    >>> parse_fragment("queries_per_month=lots")
    Traceback (most recent call last):
    ...
    ValueError: queries_per_month must be a number >= 0 and <= 1,000,000,000,000, got 'lots'
    """
    values: dict[str, object] = {}
    for name, text in parse_qsl(fragment.lstrip("#"), keep_blank_values=True):
        if name not in SCENARIO_FIELDS and name not in ASSUMPTION_FIELDS:
            raise ValueError(f"unknown field {name!r} in the link; accepted: the fields of Scenario and of Assumptions")
        if text.strip() == "" and (name != "name" or text == ""):  # a name of spaces is still a name
            if name == "latency_budget_ms" or name in OPTIONAL_BOUNDS:
                values[name] = None
            elif name == "behavior_needs":
                values[name] = []
            continue
        values[name] = _typed(name, text)
    return values


def to_fragment(values: Mapping[str, object]) -> str:
    """A flat mapping as a URL fragment (without the ``#``), fields in the order given.

    >>> to_fragment({"queries_per_month": 300000.0, "behavior_needs": ["json_schema", "brand_voice"], "latency_budget_ms": None})
    'queries_per_month=300000&behavior_needs=json_schema,brand_voice&latency_budget_ms='
    """
    parts = []
    for name, value in values.items():
        if value is None:
            text = ""
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            text = ",".join(str(v) for v in value)
        elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            text = str(int(value))
        else:
            text = str(value)
        parts.append(f"{name}={quote(text, safe=',/:')}")
    return "&".join(parts)


# --- presets -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    """A typical project, ready to compare with one's own."""

    key: str
    title: str
    description: str
    scenario: Scenario


def presets() -> dict[str, Preset]:
    """The typical projects the book offers as starting points, by key (read from the package's data).

    Returns
    -------
    dict[str, Preset]
        The named example cases (advisor/data/presets.json).

    Examples
    --------
    >>> sorted(presets())[:2]
    ['brand-voice-copy', 'classification']
    >>> presets()["support-bot"].scenario.knowledge_updates_per_month
    4.33
    """
    text = resources.files("advisor.data").joinpath(PRESETS_FILE).read_text(encoding="utf-8")
    out = {}
    for entry in json.loads(text):
        out[entry["key"]] = Preset(
            entry["key"], entry["title"], entry["description"], Scenario.from_dict(entry["scenario"])
        )
    return out


# --- files ---------------------------------------------------------------------------------------------


def read_case_text(text: str, suffix: str) -> tuple[Scenario, Assumptions]:
    """A case from the text of a JSON (``.json``) or TOML (``.toml``) file holding one flat mapping."""
    if suffix == ".toml":
        import tomllib

        try:
            values = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"the file is not valid TOML: {error}") from None
    elif suffix == ".json":
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"the file is not valid JSON: {error}") from None
    else:
        raise ValueError(f"a case file must end in .json or .toml, got {suffix or 'no suffix'!r}")
    return case_from_mapping(values)
