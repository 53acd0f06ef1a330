"""advisor: fine-tune, retrieve, both, or just prompt? Costs, latency and a reasoned recommendation.

The model lives in ``advisor.core`` and needs only the standard library (it also runs in the
browser); ``import advisor`` loads nothing else. The names that return vectors or tables
(``simulate``, ``summarize``, ``tco_curve``, ``assumptions_table``, ``context_fit``, ``price_table``)
load numpy and pandas the first time they are used.

The public API is what ``__all__`` lists, and the submodules in ``PUBLIC_MODULES`` (charts, widgets,
the evaluation arithmetic, ...). The building blocks a chapter shows at work (``cost_curve``,
``parameters``, ``training_examples``, ``training_run_usd``, ``retrain_usd``, ``rag_update_usd``,
``provider_move_usd``) are public too: they take the numbers ``parameters(assumptions)`` returns.
``advisor.core`` and names with a leading underscore are internal.

>>> import advisor
>>> s = advisor.Scenario(queries_per_month=300_000, corpus_documents=8_000, behavior_needs=["brand_voice"])
>>> advisor.recommend(s).architecture.value
'hybrid'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .core.architecture import CATEGORY_LABELS, COST_CATEGORIES, HOSTING_LABELS, Architecture
from .core.assumptions import REFERENCE_ROWS, Assumptions, assumption_records
from .core.case import Preset, case_from_mapping, case_to_mapping, presets
from .core.context import context_fit_records, corpus_fits
from .core.costs import (
    HOURS_PER_MONTH,
    TCO,
    CostCurve,
    cost_curve,
    feasibility,
    knowledge_update_costs,
    parameters,
    provider_move_usd,
    query_tokens,
    rag_update_usd,
    retrain_usd,
    tco,
    tco_all,
    training_examples,
    training_run_usd,
)
from .core.crossover import crossover_between, crossover_volume, hosting_crossover
from .core.decision import (
    RISK_FACTORS,
    SEED_FACTORS,
    WEEKLY_UPDATES,
    Factor,
    Finding,
    Recommendation,
    recommend,
)
from .core.evaluation import (
    PilotPlan,
    QualityCost,
    cost_of_pass,
    estimation_sample_size,
    mcnemar_sample_size,
    minimum_detectable_difference,
    paired_sample_size,
    two_proportion_sample_size,
)
from .core.formatting import count, ms, number, share, usd, usd_exact
from .core.latency import LATENCY_LABELS, Latency, latency, latency_all
from .core.prices import model_prices
from .core.references import Reference, cite, references
from .core.sampling import UncertaintySummary, simulate_draws, summarize_draws
from .core.scenario import BEHAVIOR_NEEDS, DATA_RESIDENCY, Scenario
from .core.training import TrainingCost, training_cost

# The submodules a notebook may import (``from advisor import charts``); everything else, and all of
# ``advisor.core``, is internal: its names may change without notice.
PUBLIC_MODULES = (
    "charts",
    "evaluation",
    "evaluation_widgets",
    "notebook",
    "output",
    "page",
    "page_charts",
    "page_form",
    "tables",
    "uncertainty",
    "widgets",
)

# Names that need numpy or pandas, loaded on first use (PEP 562), so that the core stays importable without them.
_LAZY = {
    "simulate": "uncertainty",
    "summarize": "uncertainty",
    "tco_curve": "tables",
    "assumptions_table": "tables",
    "context_fit": "tables",
    "price_table": "tables",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'advisor' has no attribute {name!r}")


__all__ = [
    "BEHAVIOR_NEEDS",
    "CATEGORY_LABELS",
    "COST_CATEGORIES",
    "DATA_RESIDENCY",
    "HOSTING_LABELS",
    "HOURS_PER_MONTH",
    "LATENCY_LABELS",
    "PUBLIC_MODULES",
    "REFERENCE_ROWS",
    "RISK_FACTORS",
    "SEED_FACTORS",
    "TCO",
    "WEEKLY_UPDATES",
    "Architecture",
    "Assumptions",
    "CostCurve",
    "Factor",
    "Finding",
    "Latency",
    "PilotPlan",
    "Preset",
    "QualityCost",
    "Recommendation",
    "Reference",
    "Scenario",
    "TrainingCost",
    "UncertaintySummary",
    "assumption_records",
    "assumptions_table",
    "case_from_mapping",
    "case_to_mapping",
    "cite",
    "context_fit",
    "context_fit_records",
    "corpus_fits",
    "cost_curve",
    "cost_of_pass",
    "count",
    "crossover_between",
    "crossover_volume",
    "estimation_sample_size",
    "feasibility",
    "hosting_crossover",
    "knowledge_update_costs",
    "latency",
    "latency_all",
    "mcnemar_sample_size",
    "minimum_detectable_difference",
    "model_prices",
    "ms",
    "number",
    "paired_sample_size",
    "parameters",
    "presets",
    "price_table",
    "provider_move_usd",
    "query_tokens",
    "rag_update_usd",
    "recommend",
    "references",
    "retrain_usd",
    "share",
    "simulate",
    "simulate_draws",
    "summarize",
    "summarize_draws",
    "tco",
    "tco_all",
    "tco_curve",
    "training_cost",
    "training_examples",
    "training_run_usd",
    "two_proportion_sample_size",
    "usd",
    "usd_exact",
]
