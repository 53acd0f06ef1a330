"""advisor: fine-tune, retrieve, both, or just prompt? Costs, latency and a reasoned recommendation."""

from .architecture import COST_CATEGORIES, Architecture
from .assumptions import Assumptions, assumptions_table
from .costs import TCO, tco, tco_all, tco_curve
from .scenario import BEHAVIOR_NEEDS, Scenario

__all__ = [
    "Architecture",
    "Assumptions",
    "BEHAVIOR_NEEDS",
    "COST_CATEGORIES",
    "Scenario",
    "TCO",
    "assumptions_table",
    "tco",
    "tco_all",
    "tco_curve",
]
