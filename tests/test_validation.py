"""Property tests for the input boundary: bad input raises ValueError naming the field and its range.

Every public entry point checks what it is given before computing anything. These tests draw
values (with hypothesis) from inside and outside each field's accepted range, as declared in
``advisor.core.scenario.SCENARIO_BOUNDS`` and ``advisor.core.assumptions.FIELD_BOUNDS``, and check that

* a value inside the range is accepted and stored (as ``int`` for whole-number fields);
* a value outside it, a non-finite number, a bool, a string, None or another non-number raises
  ``ValueError`` whose message names the field and states the range (``Bounds.describe()``).

The last test is an invariant over the whole accepted range of ``Scenario``: every cost is finite
and non-negative, ``recommend`` works and the crossover is None or a finite volume >= 0.

Some cases (ints beyond float range, incomparable range ends, a ``ranges`` that is no mapping) once let
another exception type out instead of ValueError; they are kept as regression tests.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import advisor
from advisor import BEHAVIOR_NEEDS, Architecture, Assumptions, Scenario
from advisor.core._validation import Bounds
from advisor.core.assumptions import FIELD_BOUNDS, FINETUNE_HOSTING, SNAPSHOT_FIELDS
from advisor.core.prices import model_prices
from advisor.core.scenario import SCENARIO_BOUNDS
from advisor.uncertainty import MAX_DRAWS

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,  # leave no .hypothesis directory behind
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
FEW = settings(SETTINGS, max_examples=25)

SCENARIO_FIELDS = sorted(SCENARIO_BOUNDS)
ASSUMPTION_FIELDS = sorted(FIELD_BOUNDS)
ACCEPTED_NEEDS = sorted(BEHAVIOR_NEEDS)
ARCHITECTURES = [a.value for a in Architecture]

DEFAULT_ASSUMPTIONS = Assumptions()
MANAGED_FINETUNE = Assumptions(finetune_hosting="managed")
EXAMPLE = Scenario(
    queries_per_month=300_000,
    knowledge_updates_per_month=1,
    corpus_documents=8_000,
    tokens_per_document=1_000,
    behavior_needs=["json_schema"],
)


# --- helpers -----------------------------------------------------------------------------------


def rejected(make, *must_mention: str) -> str:
    """Call ``make``; it must raise ValueError mentioning every string in ``must_mention``."""
    with pytest.raises(ValueError) as info:
        make()
    message = str(info.value)
    for text in must_mention:
        assert text in message, f"{text!r} not in the error message {message!r}"
    return message


def whole_range(bounds: Bounds) -> tuple[int, int]:
    low = math.ceil(bounds.low) + (1 if bounds.low_open and float(bounds.low).is_integer() else 0)
    high = math.floor(bounds.high) - (1 if bounds.high_open and float(bounds.high).is_integer() else 0)
    return low, high


def inside(bounds: Bounds) -> st.SearchStrategy:
    """Plain numbers the bounds accept (edges included where they are closed)."""
    if bounds.integer:
        return st.integers(*whole_range(bounds))
    return st.floats(
        min_value=bounds.low,
        max_value=bounds.high,
        exclude_min=bounds.low_open,
        exclude_max=bounds.high_open,
        allow_nan=False,
        allow_infinity=False,
    )


def number_types(value) -> st.SearchStrategy:
    """The same number as int/float/numpy scalar: all are real numbers the boundary must accept."""
    options = [st.just(value), st.just(np.float64(value))]
    if isinstance(value, int):
        options += [st.just(float(value)), st.just(np.int64(value))]
    return st.one_of(options)


def below(bounds: Bounds) -> st.SearchStrategy:
    """Finite numbers under the low end (or at it, where it is open)."""
    low = bounds.low
    return st.one_of(
        st.floats(max_value=low, allow_nan=False, allow_infinity=False),
        st.integers(min_value=-(10**300), max_value=math.floor(low)),
    ).filter(lambda x: x < low or (bounds.low_open and x == low))


def above(bounds: Bounds) -> st.SearchStrategy:
    """Finite numbers over the high end (or at it, where it is open)."""
    high = bounds.high
    return st.one_of(
        st.floats(min_value=high, allow_nan=False, allow_infinity=False),
        st.integers(min_value=math.ceil(high), max_value=10**300),
    ).filter(lambda x: x > high or (bounds.high_open and x == high))


def not_whole(bounds: Bounds) -> st.SearchStrategy:
    low, high = whole_range(bounds)
    return st.floats(min_value=low, max_value=high).filter(lambda x: not x.is_integer())


NON_FINITE = st.sampled_from([math.nan, math.inf, -math.inf, np.nan, np.float64("inf")])
BOOLS = st.sampled_from([True, False, np.bool_(True)])
NOT_NUMBERS = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["1", "0", "nan", "1e3", b"1", 1 + 2j, [1], (1,), {"x": 1}, object(), Fraction]),
)


# --- Scenario: numeric fields ------------------------------------------------------------------


@st.composite
def scenario_field_and_inside(draw):
    name = draw(st.sampled_from(SCENARIO_FIELDS))
    value = draw(inside(SCENARIO_BOUNDS[name]).flatmap(number_types))
    return name, value


@SETTINGS
@given(scenario_field_and_inside())
def test_scenario_accepts_and_stores_every_value_inside_the_bounds(field_and_value):
    name, value = field_and_value
    s = Scenario(**{name: value})
    stored = getattr(s, name)
    assert stored == float(value)
    if SCENARIO_BOUNDS[name].integer:
        assert type(stored) is int
    else:
        assert type(stored) is float


@pytest.mark.parametrize("name", SCENARIO_FIELDS)
def test_scenario_accepts_both_edges_of_closed_bounds(name):
    bounds = SCENARIO_BOUNDS[name]
    if not bounds.low_open:
        assert getattr(Scenario(**{name: bounds.low}), name) == bounds.low
    if not bounds.high_open:
        assert getattr(Scenario(**{name: bounds.high}), name) == bounds.high


@st.composite
def scenario_field_and_bad_value(draw):
    name = draw(st.sampled_from(SCENARIO_FIELDS))
    bounds = SCENARIO_BOUNDS[name]
    sources = [below(bounds), above(bounds), NON_FINITE, BOOLS, NOT_NUMBERS]
    if bounds.integer:
        sources.append(not_whole(bounds))
    if name != "latency_budget_ms":
        sources.append(st.none())
    return name, draw(st.one_of(sources))


@SETTINGS
@given(scenario_field_and_bad_value())
def test_scenario_rejects_bad_numbers_naming_the_field_and_range(field_and_value):
    name, value = field_and_value
    rejected(lambda: Scenario(**{name: value}), name, SCENARIO_BOUNDS[name].describe())


@pytest.mark.parametrize("name", [n for n in SCENARIO_FIELDS if SCENARIO_BOUNDS[n].low >= 0])
@pytest.mark.parametrize("value", [-1, -0.5, -1e-300, -1e12, -(10**12)])
def test_scenario_rejects_negative_values(name, value):
    rejected(lambda: Scenario(**{name: value}), name, SCENARIO_BOUNDS[name].describe())


@pytest.mark.parametrize("name", SCENARIO_FIELDS)
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, True, False, "100", None, [1]])
def test_scenario_rejects_non_finite_bool_string_none(name, value):
    if name == "latency_budget_ms" and value is None:
        assert Scenario(latency_budget_ms=None).latency_budget_ms is None  # None means: no hard limit
        return
    rejected(lambda: Scenario(**{name: value}), name, SCENARIO_BOUNDS[name].describe())


@pytest.mark.parametrize("value", [0, 0.0, -0.0])
def test_zero_latency_budget_is_rejected(value):
    rejected(lambda: Scenario(latency_budget_ms=value), "latency_budget_ms", "> 0")


@pytest.mark.parametrize("name", [n for n in SCENARIO_FIELDS if SCENARIO_BOUNDS[n].integer])
@pytest.mark.parametrize("value", [1.5, 2.000001, np.float64(7.25)])
def test_scenario_integer_fields_reject_fractions(name, value):
    rejected(lambda: Scenario(**{name: value}), name, "a whole number")


def test_scenario_replace_is_checked_again():
    rejected(lambda: EXAMPLE.replace(queries_per_month=-1), "queries_per_month")


@pytest.mark.parametrize("name", ["queries_per_month", "corpus_documents"])
def test_scenario_rejects_ints_too_large_for_a_float(name):
    rejected(lambda: Scenario(**{name: 10**400}), name, SCENARIO_BOUNDS[name].describe())


# --- Scenario: behavior_needs and name --------------------------------------------------------

UNKNOWN_NEED = st.one_of(
    st.text(max_size=20).filter(lambda x: x not in BEHAVIOR_NEEDS),
    st.sampled_from(["JSON_SCHEMA", " json_schema", "json-schema", "brand voice"]),
)
NEED = st.sampled_from(ACCEPTED_NEEDS)


@SETTINGS
@given(st.lists(NEED, max_size=3), UNKNOWN_NEED, st.lists(NEED, max_size=3))
def test_unknown_behavior_need_is_rejected_listing_the_accepted_names(before, unknown, after):
    rejected(
        lambda: Scenario(behavior_needs=[*before, unknown, *after]), "behavior_needs", repr(unknown), *ACCEPTED_NEEDS
    )


@SETTINGS
@given(st.one_of(NEED, st.text(max_size=20)))
def test_bare_string_behavior_needs_is_rejected(text):
    # "json_schema" alone would otherwise be read as the letters j, s, o, n, ...
    rejected(lambda: Scenario(behavior_needs=text), "behavior_needs", *ACCEPTED_NEEDS)


@SETTINGS
@given(st.one_of(st.integers(), st.floats(), st.none(), BOOLS, st.just(object())))
def test_non_iterable_behavior_needs_is_rejected(value):
    rejected(lambda: Scenario(behavior_needs=value), "behavior_needs", *ACCEPTED_NEEDS)


@SETTINGS
@given(
    st.lists(NEED, max_size=2),
    st.one_of(
        st.lists(NEED, min_size=1, max_size=2),
        st.sampled_from([{}, set(), {"json_schema": 1}, bytearray(b"x")]),
        st.integers(),
        st.none(),
    ),
)
def test_unhashable_or_non_string_behavior_needs_are_rejected(good, bad_item):
    rejected(lambda: Scenario(behavior_needs=[*good, bad_item]), "behavior_needs", *ACCEPTED_NEEDS)


@SETTINGS
@given(st.lists(NEED, max_size=12), st.sampled_from([list, tuple, iter]))
def test_behavior_needs_drops_duplicates_and_keeps_order(needs, container):
    s = Scenario(behavior_needs=container(needs))
    assert s.behavior_needs == tuple(dict.fromkeys(needs))
    assert isinstance(s.behavior_needs, tuple)


@SETTINGS
@given(st.one_of(st.integers(), st.floats(), st.none(), BOOLS, st.binary(max_size=5), st.lists(st.text(), max_size=2)))
def test_name_must_be_a_string(value):
    rejected(lambda: Scenario(name=value), "name")


@SETTINGS
@given(st.text(min_size=201, max_size=400))
def test_name_over_200_characters_is_rejected(text):
    rejected(lambda: Scenario(name=text), "name", "200")


@SETTINGS
@given(st.text(max_size=200))
def test_name_up_to_200_characters_is_kept(text):
    assert Scenario(name=text).name == text


# --- Assumptions -------------------------------------------------------------------------------


@st.composite
def assumption_field_and_inside(draw):
    name = draw(st.sampled_from(ASSUMPTION_FIELDS))
    return name, draw(inside(FIELD_BOUNDS[name]).flatmap(number_types))


@settings(SETTINGS, max_examples=100)
@given(assumption_field_and_inside())
def test_assumptions_accept_every_value_inside_the_bounds(field_and_value):
    name, value = field_and_value
    a = Assumptions(**{name: value})
    assert getattr(a, name) == float(value)
    assert a.numbers()[name] == float(value)
    assert math.isfinite(getattr(a, name))


@st.composite
def assumption_field_and_bad_value(draw):
    name = draw(st.sampled_from(ASSUMPTION_FIELDS))
    bounds = FIELD_BOUNDS[name]
    sources = [below(bounds), above(bounds), NON_FINITE, BOOLS, NOT_NUMBERS]
    if bounds.integer:
        sources.append(not_whole(bounds))
    if (
        name not in SNAPSHOT_FIELDS and name != "training_usd_per_mtok_managed"
    ):  # None there means: read the snapshot (or the table)
        sources.append(st.none())
    return name, draw(st.one_of(sources))


@settings(SETTINGS, max_examples=100)
@given(assumption_field_and_bad_value())
def test_assumptions_reject_bad_numbers_naming_the_field_and_range(field_and_value):
    name, value = field_and_value
    rejected(lambda: Assumptions(**{name: value}), name, FIELD_BOUNDS[name].describe())


@pytest.mark.parametrize("name", ASSUMPTION_FIELDS)
def test_every_assumption_rejects_nan_inf_bool_and_str(name):
    for value in (math.nan, math.inf, -math.inf, True, False, "1"):
        rejected(lambda value=value: Assumptions(**{name: value}), name, FIELD_BOUNDS[name].describe())


@pytest.mark.parametrize("name", sorted(SNAPSHOT_FIELDS))
def test_snapshot_fields_read_the_snapshot_when_none(name):
    assert getattr(Assumptions(**{name: None}), name) == getattr(DEFAULT_ASSUMPTIONS, name)


@pytest.mark.parametrize("field_name", ["managed_model", "finetuned_endpoint_model", "embedding_model"])
@SETTINGS
@given(key=st.one_of(st.text(max_size=30), st.none(), st.integers(), st.just(["openai/gpt-4o"])))
def test_unknown_model_is_rejected_listing_known_models(field_name, key):
    if isinstance(key, str) and key in model_prices():
        return
    rejected(lambda: Assumptions(**{field_name: key}), "known models", *sorted(model_prices()))


@pytest.mark.parametrize("field_name", ["managed_model", "finetuned_endpoint_model", "embedding_model"])
def test_known_models_are_accepted(field_name):
    key = getattr(DEFAULT_ASSUMPTIONS, field_name)
    assert getattr(Assumptions(**{field_name: key}), field_name) == key


@SETTINGS
@given(st.one_of(st.text(max_size=20), st.none(), st.integers(), BOOLS, st.just(["managed"])))
def test_finetune_hosting_must_be_self_hosted_or_managed(value):
    if value in FINETUNE_HOSTING:
        assert Assumptions(finetune_hosting=value).finetune_hosting == value
        return
    rejected(lambda: Assumptions(finetune_hosting=value), "finetune_hosting", "self_hosted", "managed")


# --- Assumptions(ranges=...) -------------------------------------------------------------------


@SETTINGS
@given(st.text(max_size=30).filter(lambda x: x not in FIELD_BOUNDS))
def test_ranges_unknown_parameter_is_rejected(name):
    rejected(lambda: Assumptions(ranges={name: (0, 1)}), "ranges", repr(name))


@st.composite
def field_value_and_pair(draw):
    """A field, a value inside its bounds and two more values inside its bounds."""
    name = draw(st.sampled_from(ASSUMPTION_FIELDS))
    strategy = inside(FIELD_BOUNDS[name])
    return name, draw(strategy), draw(strategy), draw(strategy)


@settings(SETTINGS, max_examples=100)
@given(field_value_and_pair())
def test_ranges_low_above_high_is_rejected(case):
    name, value, x, y = case
    if x == y:
        return
    low, high = max(x, y), min(x, y)
    rejected(lambda: Assumptions(**{name: value}, ranges={name: (low, high)}), repr(name), "low <= high")


@settings(SETTINGS, max_examples=100)
@given(field_value_and_pair())
def test_ranges_pair_must_contain_the_value(case):
    name, value, x, y = case
    low, high = min(x, y), max(x, y)
    kwargs = {name: value, "ranges": {name: (low, high)}}
    if low <= value <= high:
        assert Assumptions(**kwargs).range_of(name) == (float(low), float(high))
    else:
        rejected(lambda: Assumptions(**kwargs), repr(name), "contain")


@SETTINGS
@given(
    st.sampled_from(ASSUMPTION_FIELDS),
    st.one_of(
        st.integers(),
        st.floats(allow_nan=False),
        st.none(),
        st.lists(st.integers(0, 1), min_size=0, max_size=1),
        st.lists(st.integers(0, 1), min_size=3, max_size=4),
        st.sampled_from([(True, 1), (0, True), (False, True)]),
    ),
)
def test_ranges_non_pair_is_rejected(name, pair):
    rejected(lambda: Assumptions(ranges={name: pair}), repr(name))


@SETTINGS
@given(
    st.sampled_from(ASSUMPTION_FIELDS),
    st.one_of(st.floats(min_value=1e-3, max_value=1e12), st.integers(1, 10**12), NON_FINITE),
    st.booleans(),
)
def test_ranges_ends_outside_the_field_bounds_are_rejected(name, offset, at_low_end):
    bounds = FIELD_BOUNDS[name]
    value = getattr(DEFAULT_ASSUMPTIONS, name)
    pair = (bounds.low - offset, value) if at_low_end else (value, bounds.high + offset)
    rejected(lambda: Assumptions(ranges={name: pair}), repr(name))


@pytest.mark.parametrize("pair", [(None, 1), ("a", 1), (1, None), (1j, 2)])
def test_ranges_pair_of_non_numbers_is_rejected(pair):
    rejected(lambda: Assumptions(ranges={"cache_hit_rate": pair}), "'cache_hit_rate'")


@pytest.mark.parametrize("ranges", [5, "x", [1, 2]])
def test_ranges_must_be_a_mapping(ranges):
    rejected(lambda: Assumptions(ranges=ranges), "ranges")


# --- functions: simulate, tco, tco_curve -------------------------------------------------------


@pytest.mark.parametrize("n", [0, -1, 1.5, True, False, MAX_DRAWS + 1, 10**9, "100", None, np.float64(10)])
def test_simulate_rejects_bad_n(n):
    message = rejected(lambda: advisor.simulate(EXAMPLE, n=n, seed=0), f"{MAX_DRAWS:,}")
    assert message.startswith("n ")


@pytest.mark.parametrize("seed", [-1, "x", 1.5, True, None, -(10**20)])
def test_simulate_rejects_bad_seed(seed):
    message = rejected(lambda: advisor.simulate(EXAMPLE, n=10, seed=seed), ">= 0")
    assert message.startswith("seed ")


@FEW
@given(st.one_of(st.integers(max_value=0), st.integers(min_value=MAX_DRAWS + 1)), st.integers(min_value=0))
def test_simulate_rejects_n_outside_1_to_max(n, seed):
    assert rejected(lambda: advisor.simulate(EXAMPLE, n=n, seed=seed)).startswith("n ")


@FEW
@given(st.integers(min_value=1, max_value=50), st.one_of(st.integers(max_value=-1), st.text(max_size=5)))
def test_simulate_rejects_seed_outside_range(n, seed):
    assert rejected(lambda: advisor.simulate(EXAMPLE, n=n, seed=seed)).startswith("seed ")


@pytest.mark.parametrize("n", [1, np.int64(3)])
def test_simulate_accepts_small_n(n):
    assert len(advisor.simulate(EXAMPLE, n=n, seed=0)) == int(n)


@SETTINGS
@given(st.one_of(st.text(max_size=15).filter(lambda x: x not in ARCHITECTURES), st.none(), st.integers()))
def test_tco_unknown_architecture_lists_the_architectures(architecture):
    rejected(lambda: advisor.tco(EXAMPLE, architecture), "architecture", *ARCHITECTURES)


@pytest.mark.parametrize("architecture", ARCHITECTURES + list(Architecture))
def test_tco_accepts_every_architecture(architecture):
    t = advisor.tco(EXAMPLE, architecture)
    assert t.total > 0 if t.feasible else (t.total is None and t.why_not)


NOT_A_SCENARIO = [None, {}, {"queries_per_month": 1}, "scenario", 1, DEFAULT_ASSUMPTIONS]
NOT_ASSUMPTIONS = [{}, {"gpu_usd_per_hour": 1}, "assumptions", 1, EXAMPLE]


@pytest.mark.parametrize("scenario", NOT_A_SCENARIO)
def test_tco_rejects_a_non_scenario(scenario):
    rejected(lambda: advisor.tco(scenario, "rag"), "Scenario")


@pytest.mark.parametrize("assumptions", NOT_ASSUMPTIONS)
def test_tco_rejects_non_assumptions(assumptions):
    rejected(lambda: advisor.tco(EXAMPLE, "rag", assumptions), "Assumptions")


@pytest.mark.parametrize(
    "call",
    [
        lambda s, a: advisor.tco_all(s, a),
        lambda s, a: advisor.recommend(s, a),
        lambda s, a: advisor.crossover_volume(s, a),
        lambda s, a: advisor.simulate(s, n=10, assumptions=a),
        lambda s, a: advisor.latency(s, "rag", a),
        lambda s, a: advisor.corpus_fits(s, a),
        lambda s, a: advisor.tco_curve(s, "rag", [1.0], a),
    ],
    ids=["tco_all", "recommend", "crossover_volume", "simulate", "latency", "corpus_fits", "tco_curve"],
)
def test_every_entry_point_checks_its_scenario_and_assumptions(call):
    rejected(lambda: call({"queries_per_month": 1}, None), "Scenario")
    rejected(lambda: call(EXAMPLE, {"gpu_usd_per_hour": 1}), "Assumptions")


@SETTINGS
@given(
    st.lists(st.floats(min_value=0, max_value=1e12), max_size=5),
    st.one_of(st.floats(max_value=-1e-300, allow_nan=False), NON_FINITE),
    st.lists(st.floats(min_value=0, max_value=1e12), max_size=5),
    st.sampled_from(ARCHITECTURES),
)
def test_tco_curve_rejects_negative_and_non_finite_volumes(before, bad, after, architecture):
    rejected(lambda: advisor.tco_curve(EXAMPLE, architecture, [*before, bad, *after]), "volumes")


@SETTINGS
@given(st.lists(st.floats(min_value=0, max_value=1e12), min_size=1, max_size=5), st.sampled_from(ARCHITECTURES))
def test_tco_curve_accepts_volumes_and_agrees_with_tco(volumes, architecture):
    if not advisor.tco(EXAMPLE, architecture).feasible:
        rejected(lambda: advisor.tco_curve(EXAMPLE, architecture, volumes), "cannot serve")
        return
    own = Assumptions(finetune_hosting="self_hosted")  # one hosting at every volume
    totals = advisor.tco_curve(EXAMPLE, architecture, volumes, own)
    assert totals.shape == (len(volumes),)
    for volume, total in zip(volumes, totals):
        expected = advisor.tco(EXAMPLE.replace(queries_per_month=volume), architecture, own).total
        assert math.isfinite(total) and total >= 0
        assert total == pytest.approx(expected, rel=1e-9)


# --- invariant over the whole accepted range ---------------------------------------------------


def extreme_or_inside(bounds: Bounds) -> st.SearchStrategy:
    """Inside the bounds, with the edges (and the tiniest value past an open edge) drawn often."""
    edges = []
    if bounds.integer:
        low, high = whole_range(bounds)
        edges = [low, high]
    else:
        edges = [bounds.high] if not bounds.high_open else []
        edges.append(bounds.low if not bounds.low_open else math.nextafter(bounds.low, math.inf))
    return st.one_of(st.sampled_from(edges), inside(bounds))


SCENARIOS = st.builds(
    Scenario,
    queries_per_month=extreme_or_inside(SCENARIO_BOUNDS["queries_per_month"]),
    knowledge_updates_per_month=extreme_or_inside(SCENARIO_BOUNDS["knowledge_updates_per_month"]),
    corpus_documents=extreme_or_inside(SCENARIO_BOUNDS["corpus_documents"]),
    tokens_per_document=extreme_or_inside(SCENARIO_BOUNDS["tokens_per_document"]),
    behavior_needs=st.lists(NEED, max_size=4),
    latency_budget_ms=st.one_of(st.none(), extreme_or_inside(SCENARIO_BOUNDS["latency_budget_ms"])),
    horizon_months=extreme_or_inside(SCENARIO_BOUNDS["horizon_months"]),
)
EXTREMES = [
    Scenario(
        queries_per_month=1e12,
        corpus_documents=10**9,
        tokens_per_document=10**7,
        knowledge_updates_per_month=100_000,
        horizon_months=120,
        behavior_needs=ACCEPTED_NEEDS,
        latency_budget_ms=5e-324,
    ),
    Scenario(queries_per_month=0, corpus_documents=10**9, tokens_per_document=10**7, horizon_months=1),
    Scenario(queries_per_month=5e-324, corpus_documents=0, knowledge_updates_per_month=0, latency_budget_ms=1e6),
]


def finite(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value >= 0


def check_invariants(s: Scenario, a: Assumptions) -> None:
    """Every result is finite and not negative; what cannot serve says why instead of a number."""
    for arch in Architecture:
        t = advisor.tco(s, arch, a)
        if not t.feasible:
            assert t.why_not and t.total is None and not t.by_category, arch
            continue
        assert finite(t.total), (arch, t.total)
        assert t.per_query is None or finite(t.per_query), (arch, t.per_query)
        assert finite(t.monthly_run_rate) and t.gpus >= 0
        for category, value in t.by_category.items():
            assert finite(value), (arch, category, value)
        lat = advisor.latency(s, arch, a)
        assert finite(lat.total_ms) and all(finite(v) for v in lat.parts_ms.values()), (arch, lat.parts_ms)
    if not any(advisor.tco(s, arch, a).feasible for arch in Architecture):  # nothing can run: nothing to recommend
        with pytest.raises(ValueError, match="no architecture can serve this scenario with these assumptions"):
            advisor.recommend(s, a)
        return
    r = advisor.recommend(s, a)
    assert r.architecture in Architecture and r.costs[r.architecture].feasible
    assert r.crossover is None or finite(r.crossover)
    text = " ".join([r.summary, *(f.explanation for f in r.findings), *r.conflicts, *r.what_would_change])
    assert not re.search(r"\b(nan|inf|infinity)\b", text, re.IGNORECASE), text
    try:
        crossover = advisor.crossover_volume(s, a)
    except ValueError as error:  # RAG cannot serve: no crossover, and the reason
        assert "cannot serve" in str(error)
    else:
        assert crossover is None or (isinstance(crossover, float) and finite(crossover))


@settings(SETTINGS, max_examples=80)
@given(SCENARIOS, st.sampled_from([DEFAULT_ASSUMPTIONS, MANAGED_FINETUNE]))
def test_costs_are_finite_and_non_negative_over_the_whole_accepted_range(s, a):
    check_invariants(s, a)


@pytest.mark.parametrize("s", EXTREMES, ids=["all_max", "huge_corpus_no_queries", "tiny"])
@pytest.mark.parametrize("a", [DEFAULT_ASSUMPTIONS, MANAGED_FINETUNE], ids=["self_hosted", "managed"])
def test_costs_are_finite_at_the_extremes(s, a):
    check_invariants(s, a)


def test_ranges_with_mixed_key_types_name_the_unknown_key():
    rejected(lambda: Assumptions(ranges={1: (0, 1), "cache_hit_rate": (0.5, 0.9)}), "ranges")


def test_crossover_between_lists_the_architectures():
    with pytest.raises(ValueError, match="fine_tuning"):
        advisor.crossover_between(Scenario(), "bogus", "rag")


@pytest.mark.parametrize("volumes", [[1j], ["a"], [[1, 2], [3]]])
def test_tco_curve_names_volumes_for_non_numbers(volumes):
    with pytest.raises(ValueError, match="volumes"):
        advisor.tco_curve(Scenario(), "rag", volumes)


def extreme_assumptions() -> st.SearchStrategy:
    """Every numeric assumption at once, each at an edge of its accepted range or inside it."""
    fields = {
        name: extreme_or_inside(bounds)
        for name, bounds in FIELD_BOUNDS.items()
        if name not in ("managed_context_window_tokens",)
    }
    fields["managed_context_window_tokens"] = st.sampled_from([1, 1_000, 128_000, 10**9])
    fields["finetune_hosting"] = st.sampled_from(["auto", "self_hosted", "managed"])
    return st.fixed_dictionaries(fields)


@settings(SETTINGS, max_examples=120)
@given(SCENARIOS, extreme_assumptions())
def test_hostile_sweep_every_field_at_once(s, values):
    """Each call either refuses with a ValueError naming a field, or answers in finite, non-negative numbers."""
    try:
        a = Assumptions(**values)
    except ValueError as error:
        assert any(name in str(error) for name in values), error
        return
    check_invariants(s, a)
