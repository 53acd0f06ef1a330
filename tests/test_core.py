"""The model runs on the standard library alone (as in the browser), with the same answers and draws."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import advisor
from advisor import Scenario
from advisor.core import sampling

CORE = Path(advisor.__file__).parent / "core"

CASES = [
    Scenario(queries_per_month=300_000, corpus_documents=8_000, behavior_needs=["json_schema"]),
    Scenario(queries_per_month=500_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3),
    Scenario(
        queries_per_month=12_000_000, corpus_documents=2_000, behavior_needs=["brand_voice"], latency_budget_ms=300
    ),
    Scenario(queries_per_month=20_000),
]

# Runs in a fresh interpreter where importing numpy or pandas fails, as it does in Pyodide's core.
BLOCKED = r"""
import json, sys
sys.modules["numpy"] = None
sys.modules["pandas"] = None
import advisor
from advisor import Scenario
out = []
for case in json.loads(sys.argv[1]):
    s = Scenario(**case)
    r = advisor.recommend(s)
    summary = advisor.summarize_draws(advisor.simulate_draws(s, n=300, seed=4))
    out.append({
        "architecture": r.architecture.value,
        "tco": {a.value: t.total for a, t in r.costs.items()},
        "latency": {a.value: l.total_ms for a, l in r.latencies.items()},
        "crossover": r.crossover,
        "seed_crossover": advisor.crossover_volume(s) if r.costs[advisor.Architecture.RAG].feasible else None,
        "brief": r.to_markdown(draws=200),
        "ranges": summary.tco_ranges,
        "loaded": sorted(m for m in ("numpy", "pandas", "altair", "ipywidgets") if sys.modules.get(m) is not None),
    })
print(json.dumps(out))
"""


def as_dict(s: Scenario) -> dict:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(s).items()}


def test_the_core_imports_nothing_but_the_standard_library():
    """No module in advisor/core imports numpy, pandas, altair or ipywidgets at its top."""
    for path in CORE.glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("import ", "from ")):
                assert not any(f" {m}" in line for m in ("numpy", "pandas", "altair", "ipywidgets")), (path.name, line)


def test_with_numpy_and_pandas_blocked_the_answers_are_the_same():
    cases = [as_dict(s) for s in CASES]
    result = subprocess.run([sys.executable, "-c", BLOCKED, json.dumps(cases)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    blocked = json.loads(result.stdout)
    for s, got in zip(CASES, blocked):
        r = advisor.recommend(s)
        assert got["loaded"] == []
        assert got["architecture"] == r.architecture.value
        assert got["tco"] == {a.value: t.total for a, t in r.costs.items()}
        assert got["latency"] == {a.value: lat.total_ms for a, lat in r.latencies.items()}
        assert got["crossover"] == r.crossover
        assert got["brief"] == r.to_markdown(draws=200)
        summary = advisor.summarize(advisor.simulate(s, n=300, seed=4))
        assert got["ranges"].keys() == summary.tco_ranges.keys()
        for arch, q in got["ranges"].items():
            assert q == pytest.approx(summary.tco_ranges[arch], rel=1e-12)


def test_same_seed_same_draws_in_both_paths():
    s = CASES[1]
    pure = advisor.simulate_draws(s, n=500, seed=11)
    table = advisor.simulate(s, n=500, seed=11)
    for name, column in pure.parameters.items():
        np.testing.assert_allclose(table[name].to_numpy(), column, rtol=0, atol=0)
    for arch, column in pure.tco.items():
        np.testing.assert_allclose(table[f"tco_{arch}"].to_numpy(), column, rtol=1e-12)
    vectorised = table["crossover_queries_per_month"].astype(float).to_numpy()
    scalar = np.array([np.nan if c is None else c for c in pure.crossover])
    np.testing.assert_allclose(vectorised, scalar, rtol=1e-9, equal_nan=True)


def test_pure_quantiles_agree_with_numpy_within_sampling_error():
    """Two independent runs (different seeds) of the two paths: their p10/p50/p90 agree within sampling error."""
    s = CASES[0]
    pure = advisor.summarize_draws(advisor.simulate_draws(s, n=3_000, seed=1)).tco_ranges
    table = advisor.simulate(s, n=20_000, seed=2)
    for arch, q in pure.items():
        column = table[f"tco_{arch}"].to_numpy()
        for name, level in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
            # a quantile from 3,000 draws sits within about 3 standard errors of the large-sample quantile
            low, high = np.quantile(column, [max(0, level - 0.03), min(1, level + 0.03)])
            assert low <= q[name] <= high, (arch, name, q[name], low, high)


def test_quantile_and_ranks_by_hand():
    assert sampling.quantile([1.0, 2.0, 3.0, 4.0, 5.0], 0.9) == pytest.approx(4.6)
    assert sampling.ranks([3.0, 1.0, 2.0, 1.0]) == [3.0, 0.0, 2.0, 1.0]
    assert sampling.rank_correlation([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == pytest.approx(-1.0)


def test_import_advisor_loads_no_vector_library():
    code = "import sys, advisor; print(sorted(m for m in ('numpy', 'pandas', 'altair', 'ipywidgets', 'IPython') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_numpy_draws_the_same_uniform_numbers_as_the_standard_library():
    from advisor.uncertainty import uniform_matrix

    for seed in (0, 1, 12345, 2**40 + 5):
        np.testing.assert_array_equal(uniform_matrix(300, seed, 3), np.array(sampling.uniform_columns(300, seed, 3)))


def test_the_vectorized_summary_equals_the_standard_library_one():
    for s in CASES[:3]:
        table = advisor.simulate(s, n=1_500, seed=3)
        fast = advisor.summarize(table)
        params = {name: table[name].tolist() for name in table.attrs["parameters"]}
        tco = {c.removeprefix("tco_"): table[c].tolist() for c in table.columns if c.startswith("tco_")}
        crossover = [None if x is pd.NA or x != x else float(x) for x in table["crossover_queries_per_month"]]
        slow = sampling.summary_of(tco, crossover, params, table.attrs["infeasible"])
        assert fast.p_finetuning_cheaper == slow.p_finetuning_cheaper and fast.share_crossing == slow.share_crossing
        for arch, q in slow.tco_ranges.items():
            assert fast.tco_ranges[arch] == pytest.approx(q, rel=1e-12)
        assert fast.crossover_quantiles == pytest.approx(slow.crossover_quantiles, rel=1e-12)
        assert [name for name, _ in fast.sensitivity_ranking[:5]] == [name for name, _ in slow.sensitivity_ranking[:5]]
        assert dict(fast.sensitivity_ranking) == pytest.approx(dict(slow.sensitivity_ranking), abs=1e-12)


@pytest.mark.parametrize(
    "ranges",
    [
        {"gpu_usd_per_hour": (0.5, 12.0), "min_gpu_replicas": (0.0, 4.0)},
        # tiny GPUs: many steps near the crossing, more than the vectorised search lists per stretch
        {"prefill_tokens_per_gpu_second": (1.0, 50.0), "decode_tokens_per_gpu_second": (1.0, 20.0)},
    ],
)
def test_vectorized_crossings_with_whole_gpus_equal_the_scalar_search(ranges):
    own = (
        advisor.Assumptions(
            finetune_hosting="self_hosted",
            prefill_tokens_per_gpu_second=20.0,
            decode_tokens_per_gpu_second=10.0,
            ranges=None,
        ).replace(ranges=ranges)
        if "prefill_tokens_per_gpu_second" in ranges
        else advisor.Assumptions(finetune_hosting="self_hosted", ranges=ranges)
    )
    s = Scenario(queries_per_month=800_000, corpus_documents=3_000)
    pure = advisor.simulate_draws(s, n=300, seed=5, assumptions=own)
    table = advisor.simulate(s, n=300, seed=5, assumptions=own)
    vectorised = table["crossover_queries_per_month"].astype(float).to_numpy()
    scalar = np.array([np.nan if c is None else c for c in pure.crossover])
    np.testing.assert_allclose(vectorised, scalar, rtol=1e-9, equal_nan=True)
