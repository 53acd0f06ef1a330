"""The calculator of the chapter "Evaluate before you commit", and its golden-set chart.

Declared with the chapter calculators (``advisor.core.calculators["evaluation"]``): every control is a
Scenario or Assumptions field, a change recomputes the recommendation, and the result shows what a golden
set must hold to settle the choice, what the pilot costs, and what a correct (and a wrong) answer costs.
The chart is drawn from the same named datasets the static page swaps in the reader's browser.
"""

from __future__ import annotations

import altair as alt

from . import calculator_charts
from .core import calculators
from .core.assumptions import Assumptions
from .core.decision import Recommendation
from .core.scenario import Scenario
from .widgets import ChapterCalculator

GAPS = calculators.GAPS


def sample_size_chart(r: Recommendation) -> alt.LayerChart:
    """Golden-set size against the accuracy gap to detect, paired (same items) and per system (separate
    sets), from the recommended option's accuracy; a rule marks the gap at which the choice flips."""
    chart = calculator_charts.chart("evaluation", calculators.evaluation_records(r, r.scenario, r.assumptions))
    assert isinstance(chart, alt.LayerChart)  # the evaluation calculator's chart is layered
    return chart


def evaluation_calculator(
    scenario: Scenario | None = None, assumptions: Assumptions | None = None
) -> ChapterCalculator:
    """Chapter "Evaluate before you commit": accuracies (your pilot's, or the defaults), the cost of a wrong
    answer, and the golden set you have; out come the pilot plan and the cost per correct answer."""
    return ChapterCalculator("evaluation", scenario, assumptions=assumptions)
