"""Does the corpus fit in a prompt? Corpus tokens against the context windows in the price snapshot."""

from __future__ import annotations

from typing import Any

from .assumptions import Assumptions
from .costs import _coerce, parameters
from .costs import prompt_overhead_tokens as _overhead
from .prices import model_prices
from .scenario import Scenario


def prompt_overhead_tokens(scenario: Scenario, assumptions: Assumptions) -> float:
    """Tokens a stuffed prompt needs besides the corpus: instructions, behaviour rules, question, answer."""
    return float(_overhead(scenario, parameters(assumptions)))


def usable_corpus_tokens(context_window: float, scenario: Scenario, assumptions: Assumptions) -> float:
    """How much corpus a window takes while staying within ``max_context_fill_fraction`` of it.

    >>> a = Assumptions()
    >>> usable_corpus_tokens(128_000, Scenario(), a)  # 0.75 x 128,000 - (400 + 150 + 300)
    95150.0
    """
    return max(
        0.0, assumptions.max_context_fill_fraction * context_window - prompt_overhead_tokens(scenario, assumptions)
    )


def corpus_fits(scenario: Scenario, assumptions: Assumptions | None = None) -> bool:
    """Whether the whole corpus fits in the default managed model's prompt, with room to spare.

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    bool
        True when the corpus fits in ``max_context_fill_fraction`` of the managed model's window, with
        the prompt's instructions, question and answer.

    Examples
    --------
    >>> from advisor import Scenario
    >>> corpus_fits(Scenario(corpus_documents=100)), corpus_fits(Scenario(corpus_documents=10_000))
    (True, False)
    """
    a = _coerce(scenario, assumptions)
    return scenario.corpus_tokens <= usable_corpus_tokens(a.numbers()["managed_context_window_tokens"], scenario, a)


def context_fit_records(scenario: Scenario, assumptions: Assumptions | None = None) -> list[dict[str, Any]]:
    """One record per chat model with a known context window: does the scenario's corpus fit in its prompt?
    Sorted by window, then model (``advisor.context_fit`` is the same as a DataFrame).

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    list[dict]
        Per model: ``model``, ``context_window``, ``usable_for_corpus``, ``corpus_tokens``,
        ``share_of_window`` and ``fits``.

    Examples
    --------
    >>> rows = context_fit_records(Scenario(corpus_documents=150))
    >>> {r["model"]: r["fits"] for r in rows}["openai/gpt-4o"]  # 150k tokens in a 128k window
    False
    """
    a = _coerce(scenario, assumptions)
    rows = []
    for model in model_prices().values():
        if model.context_window is None or model.kind != "chat":
            continue
        usable = usable_corpus_tokens(model.context_window, scenario, a)
        rows.append(
            {
                "model": model.key,
                "context_window": model.context_window,
                "usable_for_corpus": usable,
                "corpus_tokens": scenario.corpus_tokens,
                "share_of_window": scenario.corpus_tokens / model.context_window,
                "fits": scenario.corpus_tokens <= usable,
            }
        )
    return sorted(rows, key=lambda r: (r["context_window"], r["model"]))
