"""The recommendation: the seed's deciding factors, each turned into a finding, and the choice they lead to.

The rules (each a heuristic from the seed, with its threshold in the assumptions table):
knowledge that changes weekly or faster needs retrieval; a corpus beyond a few thousand documents,
or beyond what fits in a prompt, needs retrieval; behaviour that prompting cannot enforce needs
fine-tuning; both together mean a hybrid; among what remains the cheapest over the horizon wins,
which puts low volumes on a managed API and volumes past the crossover on a fine-tuned model; a
latency budget rules out what cannot meet it; and where nothing calls for more, a good prompt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Mapping

import numpy as np

from ._format import count, ms, times_a_month, usd
from .architecture import Architecture
from .assumptions import Assumptions
from .context import usable_corpus_tokens
from .costs import TCO, Params, _coerce, cost_curve, parameters, rag_update_usd, retrain_usd, tco_from_curve
from .crossover import crossing_volumes
from .latency import Latency, latency_parts
from .scenario import BEHAVIOR_NEEDS, Scenario

# Simplest first: ties in cost go to the architecture with fewer moving parts.
SIMPLICITY = (Architecture.PROMPTING, Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID)
RETRIEVING = (Architecture.RAG, Architecture.HYBRID)
FINE_TUNED = (Architecture.FINE_TUNING, Architecture.HYBRID)
WEEKLY_UPDATES = 52 / 12


class Factor(str, Enum):
    KNOWLEDGE_FRESHNESS = "knowledge_freshness"
    CORPUS_SIZE = "corpus_size"
    BEHAVIOUR = "behaviour"
    QUERY_VOLUME = "query_volume"
    LATENCY = "latency"
    PROMPTING_FIRST = "prompting_first"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Finding:
    """What one deciding factor says about this scenario."""

    factor: Factor
    points_to: str  # in a few words: "retrieval", "fine-tuning", "a managed API", "no preference", ...
    favours: tuple[Architecture, ...]
    rules_out: tuple[Architecture, ...]
    explanation: str


@dataclass(frozen=True)
class _Facts:
    """Everything the rules read, computed once per scenario."""

    scenario: Scenario
    assumptions: Assumptions
    totals: Mapping[Architecture, float]
    latencies: Mapping[Architecture, float]
    crossover: float | None  # fine-tuning vs RAG
    usable_context: float
    retrain_usd: float
    rag_update_usd: float
    curves: Mapping[Architecture, object] = field(repr=False)

    @property
    def has_corpus(self) -> bool:
        return self.scenario.corpus_documents > 0

    @property
    def fresh(self) -> bool:
        return self.has_corpus and self.scenario.knowledge_updates_per_month >= self.assumptions.frequent_updates_per_month

    @property
    def large(self) -> bool:
        return self.scenario.corpus_documents > self.assumptions.large_corpus_documents

    @property
    def fits(self) -> bool:
        return self.scenario.corpus_tokens <= self.usable_context

    @property
    def behaviour(self) -> bool:
        return bool(self.scenario.behavior_needs)


def _facts(s: Scenario, a: Assumptions, p: Params) -> _Facts:
    curves = {arch: cost_curve(s, arch, p) for arch in Architecture}
    totals = {arch: float(c.total_at(s.queries_per_month, s.horizon_months)) for arch, c in curves.items()}
    crossing = crossing_volumes(curves[Architecture.FINE_TUNING], curves[Architecture.RAG], s.horizon_months)[0]
    return _Facts(
        scenario=s,
        assumptions=a,
        totals=totals,
        latencies={arch: float(sum(latency_parts(s, arch, p).values())) for arch in Architecture},
        crossover=None if np.isnan(crossing) else float(crossing),
        usable_context=usable_corpus_tokens(a.managed_context_window_tokens, s, a),
        retrain_usd=float(retrain_usd(s, Architecture.FINE_TUNING, p)),
        rag_update_usd=float(rag_update_usd(s, p)),
        curves=curves,
    )


def _ruled_out(f: _Facts) -> dict[Architecture, str]:
    """Why each architecture cannot serve this scenario (absent: it can)."""
    s, a = f.scenario, f.assumptions
    reasons: dict[Architecture, str] = {}
    needs = ", ".join(s.behavior_needs)
    if f.behaviour:
        reasons[Architecture.PROMPTING] = f"prompting cannot reliably enforce the behaviour needed ({needs})"
        reasons[Architecture.RAG] = f"retrieval does not change behaviour, and prompting cannot enforce it ({needs})"
    elif f.has_corpus and not f.fits:
        reasons[Architecture.PROMPTING] = (
            f"the corpus ({count(s.corpus_tokens)} tokens) does not fit in the prompt of {a.managed_model} "
            f"(about {count(f.usable_context)} tokens usable)"
        )
    if not f.has_corpus:
        reasons.setdefault(Architecture.RAG, "there is no private corpus to retrieve from")
        reasons[Architecture.HYBRID] = "there is no private corpus to retrieve from"
    if f.fresh:
        reasons[Architecture.FINE_TUNING] = (
            f"the knowledge changes {times_a_month(s.knowledge_updates_per_month)}; a fine-tuned model "
            "would need retraining each time"
        )
    elif f.large:
        reasons[Architecture.FINE_TUNING] = (
            f"{count(s.corpus_documents)} documents is beyond what fine-tuning holds reliably "
            f"(heuristic: {count(a.large_corpus_documents)})"
        )
    return reasons


@dataclass(frozen=True)
class _Choice:
    architecture: Architecture
    ruled_out: Mapping[Architecture, str]
    meets_budget: tuple[Architecture, ...]
    budget_unmet: bool  # no feasible architecture meets the latency budget


def _choose(f: _Facts, ruled_out: Mapping[Architecture, str] | None = None) -> _Choice:
    ruled_out = _ruled_out(f) if ruled_out is None else ruled_out
    feasible = [arch for arch in SIMPLICITY if arch not in ruled_out]
    budget = f.scenario.latency_budget_ms
    meets = tuple(arch for arch in feasible if budget is None or f.latencies[arch] <= budget)
    if meets:
        chosen = min(meets, key=lambda arch: (f.totals[arch], SIMPLICITY.index(arch)))
        too_slow = {
            arch: f"its expected time to first token ({ms(f.latencies[arch])}) is over the {ms(budget)} budget"
            for arch in feasible
            if arch not in meets
        }
        return _Choice(chosen, {**ruled_out, **too_slow}, meets, budget_unmet=False)
    # Nothing meets a hard budget: take the fastest feasible option and say so.
    chosen = min(feasible, key=lambda arch: (f.latencies[arch], f.totals[arch]))
    return _Choice(chosen, ruled_out, (), budget_unmet=True)


# --- findings ------------------------------------------------------------------------------------


def _freshness(f: _Facts) -> Finding:
    s, a = f.scenario, f.assumptions
    u = s.knowledge_updates_per_month
    if not f.has_corpus:
        return Finding(Factor.KNOWLEDGE_FRESHNESS, "no preference", (), (),
                       "There is no private corpus, so how often knowledge changes does not enter the choice.")
    costs = (
        f"Each retraining cycle of a fine-tuned model costs about {usd(f.retrain_usd)} "
        f"({usd(u * f.retrain_usd)} a month at this rate); a retrieval index takes the same update "
        f"for about {usd(f.rag_update_usd)}."
    )
    if f.fresh:
        return Finding(
            Factor.KNOWLEDGE_FRESHNESS, "retrieval", RETRIEVING, (Architecture.FINE_TUNING,),
            f"The knowledge changes {times_a_month(u)}, at or above the weekly threshold "
            f"({a.frequent_updates_per_month:g} a month, a heuristic from the seed). Baking it into weights "
            f"would mean retraining on every change. {costs}",
        )
    return Finding(
        Factor.KNOWLEDGE_FRESHNESS, "no preference", (), (),
        f"The knowledge changes {times_a_month(u)}, below the weekly threshold "
        f"({a.frequent_updates_per_month:g} a month), so retraining stays an option. {costs}",
    )


def _corpus(f: _Facts) -> Finding:
    s, a = f.scenario, f.assumptions
    if not f.has_corpus:
        return Finding(Factor.CORPUS_SIZE, "no retrieval", (Architecture.PROMPTING, Architecture.FINE_TUNING),
                       RETRIEVING, "No private knowledge is needed, so there is nothing to retrieve.")
    size = f"{count(s.corpus_documents)} documents, about {count(s.corpus_tokens)} tokens"
    window = (
        f"{a.managed_model} has a {count(a.managed_context_window_tokens)}-token window, of which about "
        f"{count(f.usable_context)} tokens can hold a corpus with room for instructions, question and answer"
    )
    if f.large:
        return Finding(
            Factor.CORPUS_SIZE, "retrieval", RETRIEVING, (Architecture.FINE_TUNING,) + (() if f.fits else (Architecture.PROMPTING,)),
            f"The corpus ({size}) is beyond the few-thousand-document mark where retrieval becomes necessary "
            f"(heuristic: {count(a.large_corpus_documents)} documents). {window}.",
        )
    if f.fits:
        return Finding(
            Factor.CORPUS_SIZE, "prompting", (Architecture.PROMPTING,), (),
            f"The corpus ({size}) fits in a prompt: {window}. It can be placed in every prompt and cached.",
        )
    return Finding(
        Factor.CORPUS_SIZE, "retrieval or fine-tuning", (Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID),
        (Architecture.PROMPTING,),
        f"The corpus ({size}) is too big for one prompt ({window}) but small enough to fine-tune on. "
        "In published comparisons retrieval has injected facts more reliably than fine-tuning "
        "(Ovadia et al. 2024), so treat fine-tuning for knowledge as something to evaluate.",
    )


def _behaviour(f: _Facts) -> Finding:
    needs = f.scenario.behavior_needs
    if not needs:
        return Finding(Factor.BEHAVIOUR, "no fine-tuning needed", (), (),
                       "No behaviour was named that prompting cannot enforce, so behaviour gives no reason to fine-tune.")
    described = "; ".join(f"{n} ({BEHAVIOR_NEEDS[n]})" for n in needs)
    return Finding(
        Factor.BEHAVIOUR, "fine-tuning", FINE_TUNED, (Architecture.PROMPTING, Architecture.RAG),
        f"Needed: {described}. This is behaviour, not knowledge: retrieval changes what the model can read, "
        "not how it answers, and prompting alone does not enforce it reliably. Fine-tuning does.",
    )


def _volume(f: _Facts) -> Finding:
    s, a = f.scenario, f.assumptions
    v = s.queries_per_month
    per_day = s.queries_per_day
    # With no corpus there is nothing to retrieve: the managed option to compare with is a prompted model.
    managed = Architecture.RAG if f.has_corpus else Architecture.PROMPTING
    if managed is Architecture.RAG:
        crossing = f.crossover
    else:
        volume = crossing_volumes(f.curves[Architecture.FINE_TUNING], f.curves[managed], s.horizon_months)[0]
        crossing = None if np.isnan(volume) else float(volume)
    managed_total, ft = f.totals[managed], f.totals[Architecture.FINE_TUNING]
    comparison = (
        f"Over {s.horizon_months} months at this volume {managed.label} costs about {usd(managed_total)} "
        f"and fine-tuning about {usd(ft)}."
    )
    if crossing is None:
        where = "In this scenario their costs never cross."
    else:
        where = f"They cost the same at about {count(crossing)} queries a month (the crossover)."
    api_side = (Architecture.PROMPTING, Architecture.RAG)
    if per_day < a.low_volume_queries_per_day:
        return Finding(
            Factor.QUERY_VOLUME, "a managed API", api_side, (),
            f"{count(v)} queries a month is about {count(per_day)} a day, under the few-thousand-a-day mark "
            f"(heuristic: {count(a.low_volume_queries_per_day)}) where running a model of your own rarely pays. "
            f"{comparison} {where}",
        )
    if crossing is not None and ft < managed_total:
        return Finding(
            Factor.QUERY_VOLUME, "fine-tuning", FINE_TUNED, (),
            f"{count(v)} queries a month is past the volume where a fine-tuned smaller model becomes cheaper "
            f"than a managed model{' with retrieval' if f.has_corpus else ''}. {comparison} {where}",
        )
    return Finding(
        Factor.QUERY_VOLUME, "a managed API", api_side, (),
        f"At {count(v)} queries a month the fixed cost of a fine-tuned model is not yet earned back. "
        f"{comparison} {where}",
    )


def _latency(f: _Facts, infeasible: Mapping[Architecture, str]) -> Finding:
    s, a = f.scenario, f.assumptions
    estimates = ", ".join(f"{arch.label} {ms(f.latencies[arch])}" for arch in SIMPLICITY if arch not in infeasible)
    budget = s.latency_budget_ms
    if budget is None:
        return Finding(Factor.LATENCY, "no preference", (), (),
                       f"No hard latency budget was given. Estimated time to first token: {estimates}.")
    meeting = tuple(arch for arch in SIMPLICITY if f.latencies[arch] <= budget and arch not in infeasible)
    met = ", ".join(arch.label for arch in meeting) or "none of them"
    if budget < a.retrieval_latency_budget_ms:
        return Finding(
            Factor.LATENCY, "against retrieval", tuple(x for x in meeting if x not in RETRIEVING), RETRIEVING,
            f"A {ms(budget)} budget is under the {ms(a.retrieval_latency_budget_ms)} mark (a heuristic from the seed) "
            f"where retrieval's own {ms(a.retrieval_latency_ms)} (typically 50-300 ms) is hard to afford. "
            f"Consider a fine-tuned model without retrieval, or prompt caching of a corpus that fits. "
            f"Estimated: {estimates}. Within budget: {met}.",
        )
    return Finding(
        Factor.LATENCY, "within budget: " + met if meeting else "nothing meets it", meeting,
        tuple(x for x in SIMPLICITY if x not in meeting),
        f"Budget {ms(budget)}. Estimated time to first token: {estimates}. Within budget: {met}.",
    )


def _prompting_first(f: _Facts, ruled_out: Mapping[Architecture, str]) -> Finding:
    prompting = f.totals[Architecture.PROMPTING]
    if Architecture.PROMPTING in ruled_out:
        return Finding(
            Factor.PROMPTING_FIRST, "not enough here", (), (Architecture.PROMPTING,),
            f"Prompting alone is not enough because {ruled_out[Architecture.PROMPTING]}. Still write the best "
            "prompt you can first: it is the baseline every other option has to beat.",
        )
    others = {arch: t for arch, t in f.totals.items() if arch is not Architecture.PROMPTING and arch not in ruled_out}
    cheaper = min(others, key=others.get) if others else None
    if cheaper is not None and others[cheaper] < prompting:
        return Finding(
            Factor.PROMPTING_FIRST, cheaper.label, (cheaper,), (),
            f"Nothing requires more than a good prompt, but at this volume putting everything in every prompt "
            f"costs about {usd(prompting)} over the horizon against {usd(others[cheaper])} for {cheaper.label}.",
        )
    return Finding(
        Factor.PROMPTING_FIRST, "prompting", (Architecture.PROMPTING,), (),
        f"Nothing here requires retrieval or fine-tuning, and a well-engineered prompt on a capable model is the "
        f"cheapest option (about {usd(prompting)} over the horizon). Start there and measure.",
    )


# --- conflicts and what would change the answer ---------------------------------------------


def _conflicts(f: _Facts, choice: _Choice) -> list[str]:
    s, a = f.scenario, f.assumptions
    conflicts = []
    needs_retrieval = f.fresh or f.large
    budget = s.latency_budget_ms
    if needs_retrieval and budget is not None and budget < a.retrieval_latency_budget_ms:
        conflicts.append(
            f"The knowledge needs retrieval, but the {ms(budget)} latency budget argues against it. "
            "Relaxing the budget, or a faster index kept in memory, would resolve this."
        )
    if needs_retrieval and f.crossover is not None and f.totals[Architecture.FINE_TUNING] < f.totals[Architecture.RAG]:
        conflicts.append(
            f"The volume favours a fine-tuned model, but the knowledge needs retrieval. A fine-tuned model that "
            f"also retrieves costs about {usd(f.totals[Architecture.HYBRID])} against {usd(f.totals[Architecture.RAG])} "
            "for RAG on a managed model; the cheaper of the two is recommended."
        )
    if choice.budget_unmet:
        conflicts.append(
            f"No architecture that meets the other needs is expected to reach the {ms(budget)} budget; "
            f"the fastest, {choice.architecture.label}, is recommended at about {ms(f.latencies[choice.architecture])}."
        )
    return conflicts


def _what_would_change(f: _Facts, choice: _Choice, p: Params) -> list[str]:
    s, a = f.scenario, f.assumptions
    chosen = choice.architecture
    changes = []
    # Volume: where another feasible option's cost line crosses the chosen one's.
    for other in SIMPLICITY:
        if other is chosen or other in choice.ruled_out:
            continue
        if f.totals[other] < f.totals[chosen]:
            continue  # chosen for a reason other than cost; a crossing would not change that
        crossing = crossing_volumes(f.curves[chosen], f.curves[other], s.horizon_months)[0]
        if np.isnan(crossing) or crossing <= 0:
            continue
        direction = "above" if crossing > s.queries_per_month else "below"
        changes.append(
            f"Volume: {direction} about {count(crossing)} queries a month, {other.label} would cost less than {chosen.label}."
        )
    variants = []
    if f.has_corpus:
        if f.fresh:
            variants.append(("If the knowledge changed monthly instead", s.replace(knowledge_updates_per_month=1.0)))
        else:
            variants.append(("If the knowledge changed weekly", s.replace(knowledge_updates_per_month=WEEKLY_UPDATES)))
        if f.large:
            variants.append((f"If the corpus were cut to {count(a.large_corpus_documents)} documents",
                             s.replace(corpus_documents=int(a.large_corpus_documents))))
        else:
            variants.append((f"If the corpus grew past {count(a.large_corpus_documents)} documents",
                             s.replace(corpus_documents=int(a.large_corpus_documents) + 1)))
    if s.behavior_needs:
        variants.append(("Without the behaviour needs", s.replace(behavior_needs=())))
    else:
        variants.append(("If the output had to follow a fixed JSON schema", s.replace(behavior_needs=("json_schema",))))
    if s.latency_budget_ms is None:
        variants.append(("With a hard 80 ms latency budget", s.replace(latency_budget_ms=80.0)))
    else:
        variants.append(("Without a hard latency budget", s.replace(latency_budget_ms=None)))
    for words, variant in variants:
        other = _choose(_facts(variant, a, p)).architecture
        if other is not chosen:
            changes.append(f"{words}, the recommendation would be {other.label}.")
    return changes


# --- the result ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """The recommended architecture, the findings behind it, and what would change it."""

    architecture: Architecture
    scenario: Scenario
    assumptions: Assumptions
    findings: tuple[Finding, ...]
    costs: Mapping[Architecture, TCO]
    latencies: Mapping[Architecture, Latency]
    crossover: float | None
    ruled_out: Mapping[Architecture, str]
    conflicts: tuple[str, ...]
    what_would_change: tuple[str, ...]
    summary: str

    def finding(self, factor: Factor | str) -> Finding:
        return next(x for x in self.findings if x.factor == Factor(factor))

    def to_markdown(self, draws: int = 4_000, seed: int = 0) -> str:
        """The decision brief, with cost ranges from ``draws`` simulated draws."""
        from .brief import decision_brief

        return decision_brief(self, draws=draws, seed=seed)


def _summary(f: _Facts, choice: _Choice) -> str:
    chosen = choice.architecture
    reasons = []
    if f.behaviour:
        reasons.append("the behaviour needed calls for fine-tuning")
    if f.fresh:
        reasons.append("the knowledge changes too often to bake into weights")
    elif f.large:
        reasons.append("the corpus is too large to bake into weights")
    alternatives = [a for a in SIMPLICITY if a is not chosen and a not in choice.ruled_out]
    if alternatives:
        cheapest_other = min(alternatives, key=lambda a: f.totals[a])
        reasons.append(
            f"it costs about {usd(f.totals[chosen])} over {f.scenario.horizon_months} months against "
            f"{usd(f.totals[cheapest_other])} for {cheapest_other.label}"
        )
    else:
        reasons.append(f"it is the only architecture that meets every need (about {usd(f.totals[chosen])} "
                       f"over {f.scenario.horizon_months} months)")
    if choice.budget_unmet:
        reasons.append("it comes closest to the latency budget")
    return f"{chosen.label}: " + "; ".join(reasons) + "."


def recommend(scenario: Scenario, assumptions: Assumptions | None = None) -> Recommendation:
    """Recommend an architecture for ``scenario``, with a finding for every deciding factor.

    >>> r = recommend(Scenario(queries_per_month=300_000, knowledge_updates_per_month=1,
    ...                        corpus_documents=8_000, behavior_needs=["json_schema"]))
    >>> r.architecture
    <Architecture.HYBRID: 'hybrid'>
    >>> [f.factor.value for f in r.findings]
    ['knowledge_freshness', 'corpus_size', 'behaviour', 'query_volume', 'latency', 'prompting_first']
    """
    a = _coerce(scenario, assumptions)
    p = parameters(a)
    f = _facts(scenario, a, p)
    infeasible = _ruled_out(f)  # by the needs alone; the choice may add what misses the latency budget
    choice = _choose(f, infeasible)
    findings = (
        _freshness(f),
        _corpus(f),
        _behaviour(f),
        _volume(f),
        _latency(f, infeasible),
        _prompting_first(f, choice.ruled_out),
    )
    return Recommendation(
        architecture=choice.architecture,
        scenario=scenario,
        assumptions=a,
        findings=findings,
        costs={arch: tco_from_curve(scenario, curve) for arch, curve in f.curves.items()},
        latencies={
            arch: Latency(arch, {k: float(v) for k, v in latency_parts(scenario, arch, p).items()}) for arch in Architecture
        },
        crossover=f.crossover,
        ruled_out=dict(choice.ruled_out),
        conflicts=tuple(_conflicts(f, choice)),
        what_would_change=tuple(_what_would_change(f, choice, p)),
        summary=_summary(f, choice),
    )
