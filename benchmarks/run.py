"""How fast advisor answers: wall-clock timings of the calls a reader (or a notebook widget) makes.

Run from the repository root::

    .venv/bin/python benchmarks/run.py              # prints the table
    .venv/bin/python benchmarks/run.py --json out.json

What it measures, each with ``time.perf_counter`` over repeated runs (median, 95th percentile and
minimum; the first, cold call is reported on its own where it differs from the rest):

* ``import advisor`` in a fresh interpreter (a new subprocess each run), timed inside that process
  around the import statement only; it also checks that the optional, heavy front-end libraries
  altair, ipywidgets and IPython are *not* imported by ``import advisor``;
* ``advisor.recommend(s)`` for the example scenario from the issue
  ``Scenario(queries_per_month=300_000, knowledge_updates_per_month=1, corpus_documents=8_000,
  tokens_per_document=1_000, behavior_needs=["json_schema"])``;
* ``advisor.tco(s, arch)`` for each of the four architectures, and ``advisor.crossover_volume(s)``;
* ``advisor.simulate(s, n=100_000, seed=0)``: the first call in the process (cold) and warm calls;
* ``advisor.summarize(df)`` of that 100,000-draw table;
* ``advisor.recommend(s).to_markdown()``: the whole decision brief (it simulates 4,000 draws).

Targets (what the interactive chapters need to feel instant):

* ``recommend`` well under 5 ms (a slider move re-runs it);
* ``simulate(n=100_000)`` well under 1 s, aim for about 100 ms;
* ``import advisor`` without altair, ipywidgets or IPython in ``sys.modules``.

The script exits with status 1 if the import pulls in any of those libraries; timing targets are
only reported (they depend on the machine), never enforced. The whole run takes well under a minute.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HEAVY_MODULES = ("altair", "ipywidgets", "IPython")

IMPORT_PROBE = f"""
import sys, time, json
start = time.perf_counter()
import advisor
elapsed = time.perf_counter() - start
print(json.dumps({{
    "seconds": elapsed,
    "heavy": [m for m in {list(HEAVY_MODULES)!r} if m in sys.modules],
    "pandas_loaded": "pandas" in sys.modules,
    "modules": len(sys.modules),
}}))
"""


def _stats(name: str, samples: list[float], first: float | None = None, note: str = "") -> dict:
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank
    return {
        "operation": name,
        "runs": len(samples),
        "first_s": first,
        "median_s": statistics.median(samples),
        "p95_s": p95,
        "min_s": ordered[0],
        "note": note,
    }


def measure(
    name: str, fn: Callable[[], object], runs: int, budget_s: float, *, cold: bool = False, note: str = ""
) -> dict:
    """Time ``fn`` up to ``runs`` times (at least 3, stopping once ``budget_s`` has been spent).

    With ``cold`` the first call is reported as ``first_s`` and left out of the warm statistics.
    """
    first = None
    if cold:
        start = time.perf_counter()
        fn()
        first = time.perf_counter() - start
    samples: list[float] = []
    spent_since = time.perf_counter()
    while len(samples) < runs and (len(samples) < 3 or time.perf_counter() - spent_since < budget_s):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return _stats(name, samples, first, note)


def measure_import(runs: int) -> tuple[dict, dict]:
    """``import advisor`` in a fresh interpreter each run; also what that import loaded."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    seconds = [r["seconds"] for r in results]
    heavy = sorted({m for r in results for m in r["heavy"]})
    row = _stats(
        "import advisor (fresh process)",
        seconds[1:] if len(seconds) > 1 else seconds,
        first=seconds[0],
        note="first run may compile bytecode",
    )
    facts = {
        "heavy_modules_loaded": heavy,
        "pandas_loaded": results[-1]["pandas_loaded"],
        "modules_after_import": results[-1]["modules"],
    }
    return row, facts


def machine() -> dict:
    # versions from the installed metadata: importing pandas here would warm up the "cold" calls below
    from importlib.metadata import version

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count()
    return {
        "nproc": usable,
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "numpy": version("numpy"),
        "pandas": version("pandas"),
    }


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def print_table(rows: list[dict]) -> None:
    header = ["operation", "runs", "first (cold)", "median", "p95", "min"]
    body = [
        [r["operation"], str(r["runs"]), _ms(r["first_s"]), _ms(r["median_s"]), _ms(r["p95_s"]), _ms(r["min_s"])]
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in body)) for i, h in enumerate(header)]
    align = [str.ljust] + [str.rjust] * (len(header) - 1)
    print("  ".join(a(h, w) for a, h, w in zip(align, header, widths)))
    print("  ".join("-" * w for w in widths))
    for line in body:
        print("  ".join(a(c, w) for a, c, w in zip(align, line, widths)))


# One control per calculator, moved between two values: what a reader does to a slider.
CALCULATOR_MOVES = {
    "architectures_calculator": ("queries_per_month", 300_000, 900_000),
    "freshness_calculator": ("knowledge_updates_per_month", 1.0, 6.0),
    "corpus_calculator": ("corpus_documents", 80, 800),
    "behavior_calculator": ("behavior_needs", ("json_schema",), ("brand_voice", "workflow")),
    "volume_calculator": ("queries_per_month", 100_000, 2_000_000),
    "latency_calculator": ("latency_budget_ms", 800.0, 90.0),
    "cost_calculator": ("knowledge_updates_per_month", 1.0, 5.0),
    "crossover_calculator": ("gpu_usd_per_hour", 3.5, 6.0),
    "hybrid_calculator": ("knowledge_updates_per_month", 4.25, 0.5),
    "prompting_calculator": ("cache_hit_rate", 0.8, 0.5),
    "decision_calculator": ("queries_per_month", 300_000, 2_000_000),
}


def measure_calculators(runs: Callable[[int], int], scale: float) -> list[dict]:
    """Per-update time of each chapter's calculator: set a control, recompute, and produce what
    displaying the chart sends to the page (``charts.mimebundle``), all in the kernel."""
    from advisor import charts, widgets

    measured = []
    for name, (control, first, second) in CALCULATOR_MOVES.items():
        calc = getattr(widgets, name)()
        values = [first, second]

        def move(calc=calc, control=control, values=values):
            values.reverse()
            calc.set(**{control: values[0]})
            if calc.chart is not None:
                charts.mimebundle(calc.chart)

        measured.append(measure(f"widget update: {name}", move, runs(20), 3 * scale))
    return measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="also write the figures to PATH as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke test of the script)")
    args = parser.parse_args(argv)
    scale = 0.2 if args.quick else 1.0

    def runs(n: int) -> int:
        return max(3, int(n * scale))

    wall_start = time.perf_counter()
    info = machine()
    print(
        f"machine: nproc={info['nproc']} (cpu_count={info['cpu_count']}), {info['processor']}, {info['platform']}\n"
        f"python {info['python']} ({info['python_implementation']}), numpy {info['numpy']}, pandas {info['pandas']}\n"
    )

    rows = []
    import_row, import_facts = measure_import(runs(10))
    rows.append(import_row)

    sys.path.insert(0, str(REPO_ROOT))
    import advisor

    s = advisor.Scenario(
        queries_per_month=300_000,
        knowledge_updates_per_month=1,
        corpus_documents=8_000,
        tokens_per_document=1_000,
        behavior_needs=["json_schema"],
    )
    # recommend first: its first call in the process also reads the assumptions table and price snapshot.
    # pandas is not loaded yet here, so the first simulate below includes importing it (as in a fresh notebook).
    rows.append(measure("recommend(s)", lambda: advisor.recommend(s), runs(300), 3 * scale, cold=True))
    for arch in advisor.Architecture:
        rows.append(measure(f"tco(s, {arch.value!r})", lambda arch=arch: advisor.tco(s, arch), runs(1000), 1 * scale))
    rows.append(measure("crossover_volume(s)", lambda: advisor.crossover_volume(s), runs(1000), 1 * scale))

    frames = []
    rows.append(
        measure(
            "simulate(s, n=100_000, seed=0)",
            # keep only the latest table alive, as a notebook re-running a cell would
            lambda: frames.__setitem__(slice(None), [advisor.simulate(s, n=100_000, seed=0)]),
            runs(15),
            8 * scale,
            cold=True,
        )
    )
    df = frames[-1]
    frames.clear()
    rows.append(measure("summarize(df)  [100,000 draws]", lambda: advisor.summarize(df), runs(15), 5 * scale))
    recommendation = advisor.recommend(s)
    rows.append(
        measure("recommend(s).to_markdown()", lambda: recommendation.to_markdown(), runs(20), 5 * scale, cold=True)
    )

    rows.extend(measure_calculators(runs, scale))
    print_table(rows)

    by_name = {r["operation"]: r for r in rows}
    recommend_ms = by_name["recommend(s)"]["median_s"] * 1e3
    simulate_s = by_name["simulate(s, n=100_000, seed=0)"]["median_s"]
    heavy = import_facts["heavy_modules_loaded"]
    checks = {
        "recommend_median_under_5_ms": recommend_ms < 5,
        "simulate_100k_median_under_1_s": simulate_s < 1,
        "simulate_100k_median_near_100_ms": simulate_s <= 0.15,
        "import_without_altair_ipywidgets_ipython": not heavy,
        "slowest_widget_update_under_100_ms": max(
            r["median_s"] for r in rows if r["operation"].startswith("widget update")
        )
        < 0.1,
    }
    print()
    print(
        f"recommend median {recommend_ms:.2f} ms: target well under 5 ms -> {'ok' if checks['recommend_median_under_5_ms'] else 'MISSED'}"
    )
    print(
        f"simulate(100k) median {simulate_s * 1e3:.0f} ms: target well under 1 s -> "
        f"{'ok' if checks['simulate_100k_median_under_1_s'] else 'MISSED'}; aim ~100 ms -> "
        f"{'ok' if checks['simulate_100k_median_near_100_ms'] else 'over'}"
    )
    print(
        "import advisor: altair, ipywidgets, IPython in sys.modules afterwards -> "
        + (", ".join(heavy) + "  FAILED" if heavy else "none (ok)")
        + f"; pandas {'loaded' if import_facts['pandas_loaded'] else 'not loaded'};"
        f" {import_facts['modules_after_import']} modules in sys.modules"
    )
    slowest = max((r for r in rows if r["operation"].startswith("widget update")), key=lambda r: r["median_s"])
    print(
        f"slowest calculator update: {slowest['operation']} median {slowest['median_s'] * 1e3:.0f} ms: "
        f"target under 100 ms -> {'ok' if checks['slowest_widget_update_under_100_ms'] else 'MISSED'}"
    )
    total_s = time.perf_counter() - wall_start
    print(f"benchmark wall time: {total_s:.1f} s")

    if args.json:
        payload = {
            "machine": info,
            "unit": "seconds",
            "results": rows,
            "import": import_facts,
            "targets": {"recommend_median_s": 0.005, "simulate_100k_median_s": 1.0, "simulate_100k_aim_s": 0.1},
            "checks": checks,
            "wall_time_s": total_s,
        }
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")

    if heavy:  # the one hard requirement
        print(f"FAILED: import advisor loaded {', '.join(heavy)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
