"""advisor: fine-tune, retrieve, both, or just prompt? Costs, latency and a reasoned recommendation.

>>> import advisor
>>> s = advisor.Scenario(queries_per_month=300_000, corpus_documents=8_000, behavior_needs=["brand_voice"])
>>> advisor.recommend(s).architecture.value
'hybrid'
"""

from .architecture import CATEGORY_LABELS, COST_CATEGORIES, Architecture
from .assumptions import Assumptions, assumptions_table
from .context import context_fit, corpus_fits
from .costs import TCO, feasibility, knowledge_update_costs, query_tokens, tco, tco_all, tco_curve
from .crossover import crossover_between, crossover_volume
from .decision import Factor, Finding, Recommendation, recommend
from .latency import Latency, latency, latency_all
from .prices import model_prices, price_table
from .references import Reference, cite, references
from .scenario import BEHAVIOR_NEEDS, Scenario
from .uncertainty import UncertaintySummary, simulate, summarize

__all__ = [
    "Architecture",
    "Assumptions",
    "BEHAVIOR_NEEDS",
    "CATEGORY_LABELS",
    "COST_CATEGORIES",
    "Factor",
    "Finding",
    "Latency",
    "Recommendation",
    "Reference",
    "Scenario",
    "TCO",
    "UncertaintySummary",
    "assumptions_table",
    "cite",
    "feasibility",
    "context_fit",
    "corpus_fits",
    "crossover_between",
    "crossover_volume",
    "knowledge_update_costs",
    "latency",
    "latency_all",
    "model_prices",
    "price_table",
    "query_tokens",
    "recommend",
    "references",
    "simulate",
    "summarize",
    "tco",
    "tco_all",
    "tco_curve",
]
