"""Evaluating before committing, the arithmetic behind chapter "Evaluate first": how large a golden set
must be, what gap a set can detect, what a correct answer costs, and where an accuracy gap pays for a
costlier option.

Public names for the functions in ``advisor.core.evaluation`` (standard library only, like the rest of
the model); the most used of them are also at the top level (``advisor.paired_sample_size``, ...).

>>> from advisor import evaluation as ev
>>> ev.paired_sample_size(0.80, 0.85, correlation=0.5)
460
>>> ev.points(0.05)
'5 points'
"""

from __future__ import annotations

from .core.evaluation import (
    MAX_SET_SIZE,
    PilotPlan,
    QualityCost,
    accuracy_flip_gap,
    break_even_error_cost,
    cost_of_pass,
    estimation_sample_size,
    expected_error_cost,
    mcnemar_sample_size,
    minimum_detectable_difference,
    paired_cells,
    paired_sample_size,
    points,
    two_proportion_sample_size,
)

__all__ = [
    "MAX_SET_SIZE",
    "PilotPlan",
    "QualityCost",
    "accuracy_flip_gap",
    "break_even_error_cost",
    "cost_of_pass",
    "estimation_sample_size",
    "expected_error_cost",
    "mcnemar_sample_size",
    "minimum_detectable_difference",
    "paired_cells",
    "paired_sample_size",
    "points",
    "two_proportion_sample_size",
]
