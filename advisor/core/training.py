"""What fine-tuning's data and training cost for one scenario: the figures chapters and briefs quote."""

from __future__ import annotations

from dataclasses import dataclass

from .architecture import Architecture
from .assumptions import Assumptions
from .costs import (
    FINE_TUNE_HOSTINGS,
    _coerce,
    curve_for,
    parameters,
    retrain_usd,
    training_examples,
    training_run_usd,
    training_usd_per_mtok,
)
from .scenario import Scenario


@dataclass(frozen=True)
class TrainingCost:
    """One training run of a fine-tuned (or hybrid) model, and one retraining cycle, in USD."""

    architecture: Architecture
    hosting: str  # where the tuned model runs: its training price depends on it
    examples: float  # training examples curated
    tokens: float  # training tokens, all epochs
    usd_per_mtok: float  # training price
    run_usd: float  # compute of one training run
    curation_usd: float  # preparing the examples (charged once, as data preparation)
    retrain_usd: float  # one retraining cycle: a run plus the people who refresh, evaluate and roll out


def training_cost(
    scenario: Scenario,
    architecture: Architecture | str = Architecture.FINE_TUNING,
    assumptions: Assumptions | None = None,
    hosting: str | None = None,
) -> TrainingCost:
    """The training figures of ``architecture`` (fine_tuning or hybrid) for ``scenario``.

    ``hosting`` ("self_hosted" or "managed") defaults to where ``tco`` places the model.

    Parameters
    ----------
    scenario : Scenario
        The case.
    architecture : Architecture or str, default "fine_tuning"
        ``fine_tuning`` or ``hybrid``.
    assumptions : Assumptions, optional
        The numbers the model reads; the defaults when omitted.
    hosting : str, optional
        ``self_hosted`` or ``managed``; where the advisor would run it when omitted.

    Returns
    -------
    TrainingCost
        Examples, tokens, compute and people for one training run and one retraining.

    Examples
    --------
    >>> t = training_cost(Scenario(corpus_documents=1_000), assumptions=Assumptions(training_usd_per_mtok_self_hosted=3.0), hosting="self_hosted")
    >>> t.examples, t.tokens, t.run_usd, t.retrain_usd  # 1,000 docs x 3 pairs; x 500 tokens x 3 epochs; x $3/M; + $2,000
    (3000.0, 4500000.0, 13.5, 2013.5)
    """
    a = _coerce(scenario, assumptions)
    arch = Architecture(architecture)
    if arch not in (Architecture.FINE_TUNING, Architecture.HYBRID):
        raise ValueError(f"architecture must be fine_tuning or hybrid (a model that is trained), got {arch.value!r}")
    if hosting is None:
        hosting = curve_for(scenario, arch, a).hosting
    if hosting not in FINE_TUNE_HOSTINGS:
        raise ValueError(f"hosting must be one of {FINE_TUNE_HOSTINGS}, got {hosting!r}")
    p = parameters(a)
    examples = float(training_examples(scenario, arch, p))
    tokens = examples * p["tokens_per_training_example"] * p["training_epochs"]
    return TrainingCost(
        architecture=arch,
        hosting=hosting,
        examples=examples,
        tokens=float(tokens),
        usd_per_mtok=float(training_usd_per_mtok(hosting, p)),
        run_usd=float(training_run_usd(scenario, arch, p, hosting)),
        curation_usd=examples * float(p["example_curation_usd"]),
        retrain_usd=float(retrain_usd(scenario, arch, p, hosting)),
    )
