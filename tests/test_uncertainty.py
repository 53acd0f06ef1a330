"""simulate() and summarize(): reproducible, inside the ranges, and the same formulas as tco()."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor import Architecture, Scenario, simulate, summarize, tco
from advisor.core.assumptions import FIELD_BOUNDS

S = Scenario(queries_per_month=600_000, knowledge_updates_per_month=1 / 3, corpus_documents=3_000)
OWN_GPUS = advisor.Assumptions(finetune_hosting="self_hosted")


def test_same_seed_same_table_other_seed_other_table():
    first, again, other = simulate(S, n=500, seed=7), simulate(S, n=500, seed=7), simulate(S, n=500, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert not first["tco_rag"].equals(other["tco_rag"])


def test_draws_stay_inside_their_ranges(defaults):
    draws = simulate(S, n=2_000, seed=1)
    assert draws.attrs["parameters"], "some assumptions must vary"
    for name in draws.attrs["parameters"]:
        low, high = defaults.range_of(name)
        assert draws[name].between(low, high).all(), name
        assert draws[name].nunique() > 1 or FIELD_BOUNDS[name].integer
    assert draws["min_gpu_replicas"].isin([1.0, 2.0, 3.0]).all()


def test_draws_are_centered_on_the_default():
    a = advisor.Assumptions(gpu_usd_per_hour=3.0, ranges={"gpu_usd_per_hour": (2.0, 7.0)})
    draws = simulate(S, n=20_000, seed=2, assumptions=a)["gpu_usd_per_hour"]
    # two-piece triangular: half the draws on each side of the default, so the default is the median
    assert (draws < 3.0).mean() == pytest.approx(0.5, abs=0.01)
    assert draws.median() == pytest.approx(3.0, abs=0.03)
    # its mean: half of (low + 2 x default) / 3 plus half of (2 x default + high) / 3
    assert draws.mean() == pytest.approx((2.0 + 4 * 3.0 + 7.0) / 6, rel=0.01)


def test_known_assumptions_reproduce_tco_exactly(defaults):
    """With every range collapsed to its value, every draw is the deterministic answer."""
    fixed = advisor.Assumptions(ranges={name: (getattr(defaults, name),) * 2 for name in FIELD_BOUNDS})
    draws = simulate(S, n=50, seed=0, assumptions=fixed)
    for arch in Architecture:
        t = tco(S, arch, fixed)
        if not t.feasible:  # 3M tokens do not fit a prompt: no column, and the reason instead
            assert f"tco_{arch.value}" not in draws.columns and draws.attrs["infeasible"][arch.value] == t.why_not
            continue
        assert np.allclose(draws[f"tco_{arch.value}"], t.total, rtol=1e-12)
    assert np.allclose(draws["crossover_queries_per_month"].astype(float), advisor.crossover_volume(S, fixed))


def test_every_row_matches_tco_for_its_own_draw():
    draws = simulate(S, n=20, seed=4, assumptions=OWN_GPUS)
    names = draws.attrs["parameters"]
    for _, row in draws.iterrows():
        a = OWN_GPUS.replace(**{n: (int(row[n]) if FIELD_BOUNDS[n].integer else float(row[n])) for n in names})
        for arch in Architecture:
            if f"tco_{arch.value}" in draws.columns:
                assert row[f"tco_{arch.value}"] == pytest.approx(tco(S, arch, a).total, rel=1e-12)


def test_no_nan_or_infinity_anywhere():
    draws = simulate(Scenario(queries_per_month=10, corpus_documents=0), n=3_000, seed=5)
    numeric = draws.drop(columns=["crossover_queries_per_month", "finetuning_cheaper"])
    assert np.isfinite(numeric.to_numpy()).all()
    crossover = draws["crossover_queries_per_month"]
    assert str(crossover.dtype) == "Float64"
    assert np.isfinite(crossover.dropna().astype(float)).all()


def test_summary_reads_the_table():
    draws = simulate(S, n=4_000, seed=0, assumptions=OWN_GPUS)
    summary = summarize(draws)
    assert summary.draws == 4_000
    assert summary.p_finetuning_cheaper == pytest.approx((draws["tco_fine_tuning"] < draws["tco_rag"]).mean())
    assert 0 < summary.p_finetuning_cheaper < 1  # 600k sits inside the uncertain band
    q = summary.crossover_quantiles
    assert q[0.1] < q[0.5] < q[0.9]
    assert list(summary.tco_quantiles.columns) == ["p10", "p50", "p90"]
    assert (summary.tco_quantiles["p10"] <= summary.tco_quantiles["p90"]).all()
    assert "prompting" not in summary.tco_quantiles.index and "prompting" in summary.infeasible


def test_summaries_of_nothing_are_refused():
    with pytest.raises(ValueError, match="draws"):
        summarize({})
    with pytest.raises(ValueError, match="at least one draw"):
        summarize(simulate(S, n=10).iloc[:0])


def test_sensitivity_finds_the_one_uncertain_assumption(defaults):
    fixed = {name: (getattr(defaults, name),) * 2 for name in FIELD_BOUNDS}
    fixed["gpu_usd_per_hour"] = (2.0, 8.0)
    fixed["question_tokens"] = (149.0, 151.0)  # barely uncertain
    summary = summarize(simulate(S, n=3_000, seed=0, assumptions=OWN_GPUS.replace(ranges=fixed)))
    top = summary.sensitivity.iloc[0]
    assert top["parameter"] == "gpu_usd_per_hour"
    assert top["rank_correlation"] > 0.99  # dearer GPUs, later crossover, monotonically
    assert abs(summary.sensitivity.set_index("parameter").loc["question_tokens", "rank_correlation"]) < 0.2


def test_headlines_sit_inside_their_own_ranges():
    """The figure computed at the default values is a central estimate: inside the simulated p10-p90."""
    for s in [
        S,
        Scenario(queries_per_month=300_000, corpus_documents=8_000, behavior_needs=["brand_voice"]),
        Scenario(queries_per_month=12_000_000, corpus_documents=2_000),
        Scenario(queries_per_month=20_000),
    ]:
        summary = summarize(simulate(s, n=4_000, seed=0))
        for arch in Architecture:
            t = tco(s, arch)
            if not t.feasible:
                assert arch.value not in summary.tco_quantiles.index
                continue
            q = summary.tco_quantiles.loc[arch.value]
            assert q["p10"] <= t.total <= q["p90"], (s, arch)


@settings(max_examples=25, deadline=None, database=None)
@given(
    volume=st.floats(0, 1e9),
    documents=st.integers(0, 200_000),
    updates=st.floats(0, 30),
    needs=st.lists(st.sampled_from(sorted(advisor.BEHAVIOR_NEEDS)), max_size=2, unique=True),
    horizon=st.integers(1, 120),
    hosting=st.sampled_from(["auto", "self_hosted", "managed"]),
)
def test_headlines_sit_inside_their_ranges_for_any_case(volume, documents, updates, needs, horizon, hosting):
    s = Scenario(
        queries_per_month=volume,
        corpus_documents=documents,
        knowledge_updates_per_month=updates,
        behavior_needs=needs,
        horizon_months=horizon,
    )
    a = advisor.Assumptions(finetune_hosting=hosting)
    summary = summarize(simulate(s, n=2_000, seed=0, assumptions=a))
    for arch in Architecture:
        t = tco(s, arch, a)
        if not t.feasible:
            assert arch.value not in summary.tco_quantiles.index and arch.value in summary.infeasible
            continue
        q = summary.tco_quantiles.loc[arch.value]
        slack = 1e-9 * t.total
        assert q["p10"] - slack <= t.total <= q["p90"] + slack, (arch, t.total, q.to_dict())


@given(st.lists(st.floats(min_value=0, max_value=1, exclude_max=True), min_size=1, max_size=20))
def test_a_drawn_column_is_each_number_drawn_alone(us):
    """The browser's fast path draws exactly what the per-number one does, for every uncertain parameter
    (whole numbers stay whole), at both ends and either side of the median (u = 0.5)."""
    from advisor.core.sampling import drawn_column, drawn_value, uncertain_parameters

    a = advisor.Assumptions()
    us = [*us, 0.0, 0.5, np.nextafter(0.5, 0), 0.999999]
    for name in uncertain_parameters(a):
        column = drawn_column(name, us, a)
        assert column == [float(drawn_value(name, u, a)) for u in us], name
        assert column == list(map(float, drawn_value(name, np.array(us), a))), name  # and what numpy draws


def test_the_sensitivity_of_a_constant_crossover_is_nothing():
    """Draws that all cross at one volume (here: none cross) move nothing: every correlation is 0."""
    from advisor.core.sampling import summary_of

    s = summary_of({"rag": [1.0, 2.0, 3.0]}, [None, None, None], {"x": [1.0, 2.0, 3.0], "y": [5.0, 5.0, 5.0]})
    assert s.sensitivity_ranking == [("x", 0.0), ("y", 0.0)]
    moving = summary_of({"rag": [1.0, 2.0, 3.0]}, [1e3, 1e4, None], {"x": [3.0, 2.0, 1.0], "y": [5.0, 5.0, 5.0]})
    assert moving.sensitivity_ranking == [("x", -1.0), ("y", 0.0)]
