"""The recommendation: the seed's deciding factors, each turned into a finding, and the choice they lead to.

The rules (each a heuristic from the seed, with its threshold in the assumptions table):
knowledge that changes weekly or faster needs retrieval; a corpus beyond a few thousand documents,
or beyond what fits in a prompt, needs retrieval; behaviour that prompting cannot enforce needs
fine-tuning; both together mean a hybrid; among what remains the cheapest over the horizon wins,
which puts low volumes on a managed API and volumes past the crossover on a fine-tuned model; a
latency budget rules out what cannot meet it; and where nothing calls for more, a good prompt.

Besides cost (issue 12): with a cost per wrong answer the choice weighs each option's expected errors
too (quality), and says at what accuracy gap it would flip; a deadline rules out what cannot be in
production in time; data that must stay on premises or in a region, the retirement of a provider's
model, ML-ops skills the team lacks and expected moves to another provider are priced when the reader
sets them, and each gets a finding. Every default leaves the answer as the seed's rules give it. The
pilot that can settle the choice (which pair, how many items, what result changes it) is planned here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from .architecture import HOSTING_LABELS, Architecture
from .assumptions import Assumptions
from .costs import (
    FINE_TUNE_HOSTINGS,
    TCO,
    CostCurve,
    Params,
    _coerce,
    cost_curve,
    curve_for,
    expected_retirements,
    judge_usd,
    mlops_hours_per_month,
    parameters,
    pilot_query_usd,
    pilot_setup_usd,
    prompt_overhead_tokens,
    provider_move_usd,
    rag_update_usd,
    retirement_usd,
    retrain_usd,
    runs_on_own_gpus,
    tco_from_curve,
    usable_context_tokens,
)
from .crossover import MAX_VOLUME, first_crossing
from .evaluation import (
    PilotPlan,
    QualityCost,
    accuracy_flip_gap,
    break_even_error_cost,
    cost_of_pass,
    estimation_sample_size,
    expected_error_cost,
    minimum_detectable_difference,
    paired_sample_size,
    points,
    quantile_of,
    share_at_most,
    two_proportion_sample_size,
)
from .formatting import count, markdown_html, ms, share, times_a_month, usd, usd_or_na
from .latency import Latency, latency_of_curve
from .references import cite
from .scenario import BEHAVIOR_NEEDS, SCENARIO_BOUNDS, Scenario

# Simplest first: ties in cost go to the architecture with fewer moving parts.
SIMPLICITY = (Architecture.PROMPTING, Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID)
RETRIEVING = (Architecture.RAG, Architecture.HYBRID)
FINE_TUNED = (Architecture.FINE_TUNING, Architecture.HYBRID)
WEEKLY_UPDATES = 52 / 12  # weeks in a year over months in a year: arithmetic, not an assumption


class Factor(str, Enum):
    KNOWLEDGE_FRESHNESS = "knowledge_freshness"
    CORPUS_SIZE = "corpus_size"
    BEHAVIOR = "behavior"  # identifiers and keys are spelt like the API's behavior_needs; labels are prose
    QUERY_VOLUME = "query_volume"
    LATENCY = "latency"
    PROMPTING_FIRST = "prompting_first"
    # besides cost (issue 12)
    QUALITY = "quality"
    DATA_RESIDENCY = "data_residency"
    MODEL_LIFECYCLE = "model_lifecycle"
    TEAM_AND_OPERATIONS = "team_and_operations"
    TIME_TO_PRODUCTION = "time_to_production"
    LOCK_IN = "lock_in"

    @property
    def label(self) -> str:
        """The factor's name as the reader sees it (in the book's British spelling)."""
        return _FACTOR_LABELS.get(self, self.value.replace("_", " ").capitalize())


_FACTOR_LABELS = {Factor.LOCK_IN: "Lock-in", Factor.BEHAVIOR: "Behaviour"}


# The seed's factors, and the risks a lead must defend (the brief shows them apart).
SEED_FACTORS = (
    Factor.KNOWLEDGE_FRESHNESS,
    Factor.CORPUS_SIZE,
    Factor.BEHAVIOR,
    Factor.QUERY_VOLUME,
    Factor.LATENCY,
    Factor.PROMPTING_FIRST,
)
RISK_FACTORS = (
    Factor.DATA_RESIDENCY,
    Factor.MODEL_LIFECYCLE,
    Factor.TEAM_AND_OPERATIONS,
    Factor.TIME_TO_PRODUCTION,
    Factor.LOCK_IN,
)


@dataclass(frozen=True)
class Finding:
    """What one deciding factor says about this scenario."""

    factor: Factor
    points_to: str  # in a few words: "retrieval", "fine-tuning", "a managed API", "no preference", ...
    favors: tuple[Architecture, ...]
    rules_out: tuple[Architecture, ...]
    explanation: str


@dataclass(frozen=True)
class _Facts:
    """Everything the rules read, computed once per scenario."""

    scenario: Scenario
    assumptions: Assumptions
    curves: Mapping[Architecture, CostCurve] = field(repr=False)
    totals: Mapping[Architecture, float]  # feasible architectures only
    latencies: Mapping[Architecture, float]  # feasible architectures only
    other_hosting: Mapping[Architecture, CostCurve] = field(
        repr=False
    )  # the hosting not chosen, for the fine-tuned two
    usable_context: float
    retrain_usd: float
    rag_update_usd: float
    accuracy: Mapping[Architecture, float]  # the assumption (a pilot's result, or the default)
    scores: Mapping[Architecture, float]  # feasible only: TCO, plus expected errors when an error cost is given
    weeks: Mapping[Architecture, tuple[float, float, float]]  # time to production: low, central, high

    @property
    def queries(self) -> float:
        """All queries over the horizon."""
        return self.scenario.queries_per_month * self.scenario.horizon_months

    @property
    def error_cost(self) -> float | None:
        return self.scenario.error_cost_usd

    def wrong_answers_usd(self, arch: Architecture) -> float:
        """Expected cost of the option's wrong answers over the horizon (0 where no error cost is given)."""
        if self.error_cost is None:
            return 0.0
        return expected_error_cost(self.accuracy[arch], self.error_cost, self.queries)

    @property
    def has_corpus(self) -> bool:
        return self.scenario.corpus_documents > 0

    @property
    def fresh(self) -> bool:
        return (
            self.has_corpus and self.scenario.knowledge_updates_per_month >= self.assumptions.frequent_updates_per_month
        )

    @property
    def large(self) -> bool:
        return self.scenario.corpus_documents > self.assumptions.large_corpus_documents

    @property
    def fits(self) -> bool:
        return self.curves[Architecture.PROMPTING].feasible

    @property
    def behavior(self) -> bool:
        """Behaviour that only fine-tuning can give (a schema alone is met by structured outputs)."""
        return bool(self.scenario.finetuning_needs)

    def crossing(self, one: Architecture, other: Architecture) -> float | None:
        return first_crossing(self.curves[one], self.curves[other], self.scenario.horizon_months)


def _facts(s: Scenario, a: Assumptions, p: Params) -> _Facts:
    curves = {arch: curve_for(s, arch, a) for arch in Architecture}
    feasible = {arch: c for arch, c in curves.items() if c.feasible}
    v, h = s.queries_per_month, s.horizon_months
    other_hosting = {
        arch: cost_curve(s, arch, p, next(x for x in FINE_TUNE_HOSTINGS if x != curves[arch].hosting))
        for arch in FINE_TUNED
    }
    window = p["selfhosted_context_window_tokens" if s.on_premises else "managed_context_window_tokens"]
    totals = {arch: float(c.total_at(v, h)) for arch, c in feasible.items()}
    accuracy = {arch: float(getattr(a, f"accuracy_{arch.value}")) for arch in Architecture}
    errors = {
        arch: 0.0 if s.error_cost_usd is None else expected_error_cost(accuracy[arch], s.error_cost_usd, v * h)
        for arch in feasible
    }
    return _Facts(
        scenario=s,
        assumptions=a,
        curves=curves,
        totals=totals,
        latencies={arch: float(latency_of_curve(s, c, p).total_ms or 0.0) for arch, c in feasible.items()},
        other_hosting=other_hosting,
        usable_context=max(0.0, usable_context_tokens(window, p) - prompt_overhead_tokens(s, p)),
        retrain_usd=float(retrain_usd(s, Architecture.FINE_TUNING, p, curves[Architecture.FINE_TUNING].hosting)),
        rag_update_usd=float(rag_update_usd(s, p)),
        accuracy=accuracy,
        scores={arch: totals[arch] + errors[arch] for arch in feasible},
        weeks={arch: _weeks(s, arch, a, curves[arch].hosting) for arch in Architecture},
    )


def _weeks(s: Scenario, arch: Architecture, a: Assumptions, hosting: str) -> tuple[float, float, float]:
    """Time to production (low, central, high weeks): the architecture's own, plus the setup of a
    self-hosted model where it runs on the reader's GPUs (ranges added end to end, a rough bound)."""
    name = f"weeks_to_production_{arch.value}"
    low, high = a.range_of(name)
    central = float(getattr(a, name))
    if runs_on_own_gpus(s, arch, hosting or "managed"):
        extra_low, extra_high = a.range_of("selfhosted_extra_weeks")
        return low + extra_low, central + a.selfhosted_extra_weeks, high + extra_high
    return low, central, high


def _ruled_out(f: _Facts) -> dict[Architecture, str]:
    """Why each architecture cannot serve this scenario (absent: it can)."""
    s, a = f.scenario, f.assumptions
    reasons: dict[Architecture, str] = {
        arch: curve.why_not[0].lower() + curve.why_not[1:].rstrip(".")
        for arch, curve in f.curves.items()
        if not curve.feasible
    }
    needs = ", ".join(s.finetuning_needs)
    if f.behavior:
        reasons.setdefault(Architecture.PROMPTING, f"prompting cannot reliably enforce the behaviour needed ({needs})")
        reasons.setdefault(
            Architecture.RAG, f"retrieval does not change behaviour, and prompting cannot enforce it ({needs})"
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
    budget_unmet: bool  # no feasible architecture meets the latency budget
    knowledge_note: str = ""  # how fine-tuning alone for a corpus was weighed against retrieval
    deadline_unmet: bool = False  # no feasible architecture is expected in production by the deadline
    cheapest: Architecture | None = None  # the choice on running cost alone, among the same candidates
    quality_decides: bool = False  # an error cost moved the choice away from the cheapest
    needs_unmet: bool = False  # every option fails a need: the choice is among those that can run at all


def _choose(f: _Facts, ruled_out: Mapping[Architecture, str] | None = None) -> _Choice:
    ruled_out = _ruled_out(f) if ruled_out is None else ruled_out
    feasible = [arch for arch in SIMPLICITY if arch not in ruled_out]
    needs_unmet = not feasible
    if needs_unmet:  # every option fails a need: keep those that can at least run, and say so
        feasible = [arch for arch in SIMPLICITY if arch in f.totals]
    feasible, late, deadline_unmet = _meet_deadline(f, feasible)
    ruled_out = {**ruled_out, **late}
    budget = f.scenario.latency_budget_ms
    meets = tuple(arch for arch in feasible if budget is None or f.latencies[arch] <= budget)
    if not meets:
        # Nothing meets a hard budget: take the fastest option that meets every other need, and say so.
        chosen = min(feasible, key=lambda arch: (f.latencies[arch], f.scores[arch]))
        return _Choice(
            chosen,
            ruled_out,
            budget_unmet=True,
            deadline_unmet=deadline_unmet,
            cheapest=chosen,
            needs_unmet=needs_unmet,
        )
    too_slow = {
        arch: f"its expected time to first token ({ms(f.latencies[arch])}) is over the {ms(budget)} budget"
        for arch in feasible
        if arch not in meets and budget is not None
    }
    cheapest = min(meets, key=lambda arch: (f.totals[arch], SIMPLICITY.index(arch)))
    chosen = min(meets, key=lambda arch: (f.scores[arch], SIMPLICITY.index(arch)))
    quality_decides = f.error_cost is not None and chosen is not cheapest
    chosen, note = _prefer_retrieval_for_knowledge(f, chosen, meets, too_slow)
    return _Choice(
        chosen,
        {**ruled_out, **too_slow},
        budget_unmet=False,
        knowledge_note=note,
        deadline_unmet=deadline_unmet,
        cheapest=cheapest,
        quality_decides=quality_decides,
        needs_unmet=needs_unmet,
    )


def _meet_deadline(f: _Facts, feasible: list[Architecture]) -> tuple[list[Architecture], dict[Architecture, str], bool]:
    """The options expected in production by the deadline, why the others are not, and whether none is
    (then the fastest stays, and the conflict is stated)."""
    deadline = f.scenario.deadline_weeks
    if deadline is None or not feasible:
        return feasible, {}, False
    on_time = [arch for arch in feasible if f.weeks[arch][1] <= deadline]
    if not on_time:
        fastest = min(feasible, key=lambda arch: (f.weeks[arch][1], f.scores.get(arch, 0.0)))
        on_time, unmet = [fastest], True
    else:
        unmet = False
    late = {
        arch: f"it is expected to take about {f.weeks[arch][1]:.0f} weeks to reach production, past the "
        f"{deadline:g}-week deadline"
        for arch in feasible
        if arch not in on_time
    }
    return on_time, late, unmet


def _prefer_retrieval_for_knowledge(
    f: _Facts, chosen: Architecture, meets: tuple[Architecture, ...], too_slow: Mapping[Architecture, str]
) -> tuple[Architecture, str]:
    """Fine-tuning alone is a poor way to hold a corpus's facts: take the retrieving option instead
    unless it costs materially more, or cannot meet the latency budget."""
    if chosen is not Architecture.FINE_TUNING or not f.has_corpus:
        return chosen, ""
    a = f.assumptions
    research = cite("finetuning_knowledge_injection")
    retrieving = [arch for arch in RETRIEVING if arch in meets]
    if not retrieving:
        slow = [arch.in_sentence for arch in RETRIEVING if arch in too_slow]
        why = f"{' and '.join(slow)} cannot meet the latency budget" if slow else "retrieval is ruled out here"
        return chosen, (
            f"Fine-tuning alone holds the corpus's facts less reliably than retrieval ({research}), but {why}, "
            "so fine-tuning alone it is: test its answers on the facts that matter before relying on it."
        )
    alternative = min(retrieving, key=lambda arch: f.scores[arch])
    extra = f.scores[alternative] - f.scores[chosen]
    limit = a.material_extra_cost_share * f.scores[chosen]
    errors = " (expected wrong answers included)" if f.error_cost is not None else ""
    compared = (  # follows the alternative's name, which opens one sentence below and sits inside the other
        f" costs {usd(extra)} more than fine-tuning alone over {f.scenario.horizon_months} months"
        f"{errors} ({share(extra / f.scores[chosen]) if f.scores[chosen] else 'n/a'} of it; the line we draw is "
        f"{share(a.material_extra_cost_share)}, a heuristic)"
    )
    if extra <= limit:
        return alternative, (
            f"Answers must come from the corpus, and retrieval puts its facts in front of the model more reliably "
            f"than fine-tuning bakes them in ({research}). {alternative.label}{compared}, so "
            f"{alternative.in_sentence} is recommended over fine-tuning alone."
        )
    return chosen, (
        f"Retrieval would hold the corpus's facts more reliably ({research}), but {alternative.in_sentence}{compared}: "
        "a material difference, so fine-tuning alone is recommended. Test its answers on the facts that matter before "
        "relying on it."
    )


# --- findings ------------------------------------------------------------------------------------


def _freshness(f: _Facts) -> Finding:
    s, a = f.scenario, f.assumptions
    u = s.knowledge_updates_per_month
    if not f.has_corpus:
        return Finding(
            Factor.KNOWLEDGE_FRESHNESS,
            "no preference",
            (),
            (),
            "There is no private corpus, so how often knowledge changes does not enter the choice.",
        )
    costs = (
        f"Each retraining cycle of a fine-tuned model costs about {usd(f.retrain_usd)} "
        f"({usd(u * f.retrain_usd)} a month at this rate); a retrieval index takes the same update "
        f"for about {usd(f.rag_update_usd)}."
    )
    if f.fresh:
        return Finding(
            Factor.KNOWLEDGE_FRESHNESS,
            "retrieval",
            RETRIEVING,
            (Architecture.FINE_TUNING,),
            f"The knowledge changes {times_a_month(u)}, at or above the weekly threshold "
            f"({a.frequent_updates_per_month:g} a month, a heuristic from the seed). Baking it into weights "
            f"would mean retraining on every change. {costs}",
        )
    return Finding(
        Factor.KNOWLEDGE_FRESHNESS,
        "no preference",
        (),
        (),
        f"The knowledge changes {times_a_month(u)}, below the weekly threshold "
        f"({a.frequent_updates_per_month:g} a month), so retraining stays an option. {costs}",
    )


def _corpus(f: _Facts, choice: _Choice) -> Finding:
    s, a = f.scenario, f.assumptions
    if not f.has_corpus:
        return Finding(
            Factor.CORPUS_SIZE,
            "no retrieval",
            (Architecture.PROMPTING, Architecture.FINE_TUNING),
            RETRIEVING,
            "No private knowledge is needed, so there is nothing to retrieve.",
        )
    size = f"{count(s.corpus_documents)} documents, about {count(s.corpus_tokens)} tokens"
    window = (
        f"the managed model ({a.managed_model}) has a {count(float(a.numbers()['managed_context_window_tokens']))}-token window, of which "
        f"about {count(f.usable_context)} tokens can hold a corpus with room for instructions, question and answer"
    )
    note = f" {choice.knowledge_note}" if choice.knowledge_note else ""
    research = cite("finetuning_knowledge_injection")
    if f.large:
        return Finding(
            Factor.CORPUS_SIZE,
            "retrieval",
            RETRIEVING,
            (Architecture.FINE_TUNING,) + (() if f.fits else (Architecture.PROMPTING,)),
            f"The corpus ({size}) is beyond the few-thousand-document mark where retrieval becomes necessary "
            f"(heuristic from the seed: more than {count(a.large_corpus_documents)} documents). Below that mark fine-tuning "
            f"alone stays possible but holds facts less reliably than retrieval ({research}). For prompting, {window}.",
        )
    if f.fits:
        return Finding(
            Factor.CORPUS_SIZE,
            "prompting",
            (Architecture.PROMPTING,),
            (),
            f"The corpus ({size}) fits in a prompt: {window}. It can be placed in every prompt and cached.{note}",
        )
    return Finding(
        Factor.CORPUS_SIZE,
        "retrieval",
        RETRIEVING,
        (Architecture.PROMPTING,),
        f"The corpus ({size}) is too big for one prompt ({window}) but within the {count(a.large_corpus_documents)}-document "
        f"mark up to which fine-tuning on it is possible. Published comparisons find retrieval injects facts more "
        f"reliably than fine-tuning ({research}).{note}",
    )


def _behavior(f: _Facts) -> Finding:
    s = f.scenario
    needs = s.finetuning_needs
    schema_met = "json_schema" in s.behavior_needs and s.structured_outputs
    schema = (
        "A fixed JSON schema is enforced at decoding time by the model's structured outputs, so it needs no "
        f"fine-tuning ({cite('structured_outputs')}). "
        if schema_met
        else ""
    )
    if not needs:
        if schema_met:
            return Finding(
                Factor.BEHAVIOR,
                "structured outputs, no fine-tuning",
                (),
                (),
                schema + "No other behaviour was named that prompting cannot enforce.",
            )
        return Finding(
            Factor.BEHAVIOR,
            "no fine-tuning needed",
            (),
            (),
            "No behaviour was named that prompting cannot enforce, so behaviour gives no reason to fine-tune.",
        )
    described = "; ".join(f"{n} ({BEHAVIOR_NEEDS[n]})" for n in needs)
    unforced = (
        " The model was marked as not enforcing a schema while it decodes (structured_outputs off), so the seed's rule "
        "stands for the schema too."
        if "json_schema" in needs
        else ""
    )
    return Finding(
        Factor.BEHAVIOR,
        "fine-tuning",
        FINE_TUNED,
        (Architecture.PROMPTING, Architecture.RAG),
        f"{schema}Needed: {described}. This is behaviour, not knowledge: retrieval changes what the model can read, "
        f"not how it answers, and prompting alone does not enforce it reliably. Fine-tuning does.{unforced}",
    )


def _hosting_sentence(f: _Facts, arch: Architecture) -> str:
    """Where the fine-tuned model runs, and what the other place would cost."""
    curve, other = f.curves[arch], f.other_hosting[arch]
    if not curve.feasible:
        return ""
    s = f.scenario
    chosen_total = f.totals[arch]
    other_total = float(other.total_at(s.queries_per_month, s.horizon_months))
    return (
        f"The fine-tuned model runs {HOSTING_LABELS[curve.hosting]} (about {usd(chosen_total)}); "
        f"{HOSTING_LABELS[other.hosting]} it would cost about {usd(other_total)}."
    )


def _volume(f: _Facts) -> Finding:
    s, a = f.scenario, f.assumptions
    v = s.queries_per_month
    per_day = s.queries_per_day
    # With no corpus there is nothing to retrieve: the managed option to compare with is a prompted model.
    managed = Architecture.RAG if f.has_corpus else Architecture.PROMPTING
    ft_hosting = f.curves[Architecture.FINE_TUNING].hosting
    own = (
        "running a fine-tuned model of your own"
        if ft_hosting == "self_hosted"
        else "a provider-hosted fine-tuned model"
    )
    if managed not in f.totals or Architecture.FINE_TUNING not in f.totals:
        return Finding(
            Factor.QUERY_VOLUME,
            "no comparison",
            (),
            (),
            f"{managed.label} cannot serve this scenario, so volume does not weigh it against fine-tuning.",
        )
    crossing = f.crossing(Architecture.FINE_TUNING, managed)
    managed_total, ft = f.totals[managed], f.totals[Architecture.FINE_TUNING]
    comparison = (
        f"Over {s.horizon_months} months at this volume {managed.in_sentence} costs about {usd(managed_total)} "
        f"and fine-tuning about {usd(ft)}. {_hosting_sentence(f, Architecture.FINE_TUNING)}"
    )
    if crossing is None:
        where = f"In this scenario fine-tuning and {managed.in_sentence} never cost the same at any volume."
    else:
        below, above = _sides(f, Architecture.FINE_TUNING, managed, crossing)
        where = (
            f"Fine-tuning and {managed.in_sentence} cost the same at about {count(crossing)} queries a month; "
            f"below that {below.in_sentence} is cheaper, above it {above.in_sentence}."
        )
    api_side = (Architecture.PROMPTING, Architecture.RAG)
    if per_day < a.low_volume_queries_per_day:
        return Finding(
            Factor.QUERY_VOLUME,
            "a managed API",
            api_side,
            (),
            f"{count(v)} queries a month is about {count(per_day)} a day, under the few-thousand-a-day mark "
            f"(heuristic from the seed: {count(a.low_volume_queries_per_day)}) where {own} rarely pays on cost alone. "
            f"{comparison} {where}",
        )
    if ft < managed_total:
        return Finding(
            Factor.QUERY_VOLUME,
            "fine-tuning",
            FINE_TUNED,
            (),
            f"At {count(v)} queries a month {own} is cheaper than a managed model"
            f"{' with retrieval' if f.has_corpus else ''}. {comparison} {where}",
        )
    return Finding(
        Factor.QUERY_VOLUME,
        "a managed API",
        api_side,
        (),
        f"At {count(v)} queries a month the fixed cost of {own} is not earned back. {comparison} {where}",
    )


def _sides(f: _Facts, one: Architecture, other: Architecture, crossing: float) -> tuple[Architecture, Architecture]:
    """Which of two architectures is cheaper below a crossing and which above it, read off their costs."""
    s = f.scenario
    h = s.horizon_months
    below_volume = crossing / 2 if crossing > 0 else 0.0
    above_volume = min(crossing * 2 if crossing > 0 else 1.0, MAX_VOLUME)
    cheaper_below = (
        one if f.curves[one].total_at(below_volume, h) < f.curves[other].total_at(below_volume, h) else other
    )
    cheaper_above = (
        one if f.curves[one].total_at(above_volume, h) < f.curves[other].total_at(above_volume, h) else other
    )
    if crossing == 0 or cheaper_above is cheaper_below:
        cheaper_below = other if cheaper_above is one else one
    return cheaper_below, cheaper_above


def _latency(f: _Facts, infeasible: Mapping[Architecture, str]) -> Finding:
    s, a = f.scenario, f.assumptions
    estimates = ", ".join(
        f"{arch.label} {ms(f.latencies[arch])}" for arch in SIMPLICITY if arch in f.latencies and arch not in infeasible
    )
    budget = s.latency_budget_ms
    if budget is None:
        return Finding(
            Factor.LATENCY,
            "no preference",
            (),
            (),
            f"No hard latency budget was given. Estimated time to first token: {estimates or 'none can serve'}.",
        )
    meeting = tuple(
        arch for arch in SIMPLICITY if arch in f.latencies and f.latencies[arch] <= budget and arch not in infeasible
    )
    met = ", ".join(arch.in_sentence for arch in meeting) or "none of them"
    if budget < a.retrieval_latency_budget_ms:
        low, high = a.range_of("retrieval_latency_ms")
        typical = f" (typically {ms(low)} to {ms(high)})" if low < high else ""
        return Finding(
            Factor.LATENCY,
            "against retrieval",
            tuple(x for x in meeting if x not in RETRIEVING),
            RETRIEVING,
            f"A {ms(budget)} budget is under the {ms(a.retrieval_latency_budget_ms)} mark (a heuristic from the seed) "
            f"where retrieval's own {ms(a.retrieval_latency_ms)}{typical} is hard to afford. "
            f"Consider a fine-tuned model without retrieval, or prompt caching of a corpus that fits. "
            f"Estimated: {estimates}. Within budget: {met}.",
        )
    return Finding(
        Factor.LATENCY,
        "within budget: " + met if meeting else "nothing meets it",
        meeting,
        tuple(x for x in SIMPLICITY if x not in meeting),
        f"Budget {ms(budget)}. Estimated time to first token: {estimates}. Within budget: {met}.",
    )


def _prompting_first(f: _Facts, ruled_out: Mapping[Architecture, str]) -> Finding:
    if Architecture.PROMPTING in ruled_out or Architecture.PROMPTING not in f.totals:
        why = ruled_out.get(Architecture.PROMPTING) or f.curves[Architecture.PROMPTING].why_not
        return Finding(
            Factor.PROMPTING_FIRST,
            "not enough here",
            (),
            (Architecture.PROMPTING,),
            f"Prompting alone is not enough because {why}. Still write the best "
            "prompt you can first: it is the baseline every other option has to beat.",
        )
    prompting = f.totals[Architecture.PROMPTING]
    others: dict[Architecture, float] = {
        arch: t for arch, t in f.totals.items() if arch is not Architecture.PROMPTING and arch not in ruled_out
    }
    cheaper: Architecture | None = min(others, key=others.__getitem__) if others else None
    if cheaper is not None and others[cheaper] < prompting:
        return Finding(
            Factor.PROMPTING_FIRST,
            cheaper.in_sentence,
            (cheaper,),
            (),
            f"Nothing requires more than a good prompt, but at this volume putting everything in every prompt "
            f"costs about {usd(prompting)} over the horizon against {usd(others[cheaper])} for {cheaper.in_sentence}.",
        )
    return Finding(
        Factor.PROMPTING_FIRST,
        "prompting",
        (Architecture.PROMPTING,),
        (),
        f"Nothing here requires retrieval or fine-tuning, and a well-engineered prompt on a capable model is the "
        f"cheapest option (about {usd(prompting)} over the horizon). Start there and measure.",
    )


# --- besides cost: quality and the risks a lead must defend (issue 12) ------------------------------


def _listing(f: _Facts, value: Callable[[Architecture], str], archs: list[Architecture] | None = None) -> str:
    """'Prompting only $1, RAG $2' over the options that can serve, simplest first."""
    archs = [arch for arch in SIMPLICITY if arch in f.totals] if archs is None else archs
    return ", ".join(f"{arch.label} {value(arch)}" for arch in archs)


def _accuracy_words(f: _Facts) -> str:
    a = f.assumptions
    shown = [arch for arch in SIMPLICITY if arch in f.totals]
    values = {f.accuracy[arch] for arch in shown}
    ranges = {a.range_of(f"accuracy_{arch.value}") for arch in shown}
    if len(values) == 1 and len(ranges) == 1 and next(iter(ranges))[0] < next(iter(ranges))[1]:
        low, high = next(iter(ranges))
        return (
            f"Accuracy is taken as {share(next(iter(values)))} for every option (range {share(low)} to {share(high)}), "
            f"the advisor's default until a pilot measures it: published comparisons disagree on which is more "
            f"accurate, and by how much ({cite('quality_by_architecture')})."
        )
    return "Accuracy as set: " + _listing(f, lambda arch: share(f.accuracy[arch]), shown) + "."


def _quality(f: _Facts, choice: _Choice, alternative: Architecture | None) -> Finding:
    s, a = f.scenario, f.assumptions
    chosen, q, h = choice.architecture, f.queries, s.horizon_months
    if chosen not in f.totals:
        return Finding(Factor.QUALITY, "no comparison", (), (), "No option can be priced for this case.")
    passes = ""
    if q >= 1:
        passes = (
            " Cost per correct answer, all costs over all queries divided by accuracy (cost-of-pass, "
            f"{cite('cost_of_pass')}): "
            + _listing(f, lambda arch: usd_or_na(cost_of_pass(f.totals[arch] / q, f.accuracy[arch])))
            + "."
        )
    accuracy = _accuracy_words(f)
    if f.error_cost is None:
        breakeven = ""
        if alternative is not None and q >= 1:
            extra = f.totals[alternative] - f.totals[chosen]
            gain = a.eval_min_difference
            level = break_even_error_cost(extra, gain, q) if extra > 0 else None
            if level is not None and math.isfinite(level):
                breakeven = (
                    f" If {alternative.in_sentence} proved {points(gain)} more accurate than {chosen.in_sentence} in "
                    f"a pilot, it would pay for its extra {usd(extra)} once a wrong answer costs more than "
                    f"{usd_or_na(level)}."
                )
        return Finding(
            Factor.QUALITY,
            "not priced",
            (),
            (),
            f"No cost of a wrong answer was given (error_cost_usd), so quality does not enter the choice. {accuracy}"
            f"{passes} Published work finds error costs soon dominate: above about $0.10 a mistake, single large "
            f"models beat cheaper cascades ({cite('error_cost')}).{breakeven}",
        )
    e = f.error_cost
    with_errors = _listing(
        f,
        lambda arch: (
            f"{usd(f.scores[arch])} ({count((1 - f.accuracy[arch]) * q)} wrong answers, "
            f"{usd(f.wrong_answers_usd(arch))})"
        ),
    )
    opening = (
        f"At {usd_or_na(e)} a wrong answer, cost over {h} months with the expected errors included: "
        f"{with_errors}. {accuracy}{passes}"
    )
    cheapest = choice.cheapest
    if choice.quality_decides and cheapest is not None and cheapest in f.totals:
        runs = f.totals[chosen] - f.totals[cheapest]
        saves = f.wrong_answers_usd(cheapest) - f.wrong_answers_usd(chosen)
        verdict = (
            f" Quality decides: {chosen.in_sentence} costs {usd(runs)} more to run than {cheapest.in_sentence} but "
            f"is expected to save {usd(saves)} in wrong answers."
        )
        points_to, favors = f"quality: {chosen.in_sentence}", (chosen,)  # type: tuple[str, tuple[Architecture, ...]]
    else:
        verdict = " Price decides: no more accurate option saves enough in wrong answers to pay for itself."
        points_to, favors = "price, errors included", ()
    return Finding(Factor.QUALITY, points_to, favors, (), opening + verdict + _flip_sentence(f, chosen, alternative))


def _accuracy_can_flip(gap: float) -> bool:
    """Whether an accuracy result can reach the flip ``gap``: accuracies are shares, so two differ by 100
    points at most. The alternative must beat the chosen option by more than a positive gap; the chosen
    option must keep a lead of at least a negative gap's size.

    >>> _accuracy_can_flip(0.999), _accuracy_can_flip(1.0), _accuracy_can_flip(-1.0), _accuracy_can_flip(-1.001)
    (True, False, True, False)
    """
    return gap < 1.0 if gap >= 0 else gap >= -1.0


def _flip_sentence(f: _Facts, chosen: Architecture, alternative: Architecture | None) -> str:
    """At what accuracy gap the choice between the recommendation and its best alternative flips."""
    if alternative is None or f.error_cost is None:
        return ""
    gap = accuracy_flip_gap(f.totals[alternative] - f.totals[chosen], f.error_cost, f.queries)
    if gap is None or not math.isfinite(gap):
        return ""
    now = f.accuracy[alternative] - f.accuracy[chosen]
    if not _accuracy_can_flip(gap):
        return (
            f" No accuracy gap can flip the choice between {chosen.in_sentence} and {alternative.in_sentence}: "
            f"it would take {points(abs(gap))}, and accuracies differ by 100 points at most."
        )
    if gap >= 0:
        return (
            f" The choice flips if {alternative.in_sentence} answers more than {points(gap)} more often correctly "
            f"than {chosen.in_sentence} (the assumptions put the gap at {points(now)})."
        )
    return (
        f" {chosen.label} stays ahead while it answers at least {points(-gap)} more often correctly than "
        f"{alternative.in_sentence} (the assumptions put its lead at {points(-now)})."
    )


def _residency(f: _Facts) -> Finding:
    s, a = f.scenario, f.assumptions
    premium = share(a.regional_price_premium)
    if s.data_residency == "anywhere":
        return Finding(
            Factor.DATA_RESIDENCY,
            "no constraint",
            (),
            (),
            "The data may be processed anywhere, so every managed API is open. If it had to stay in one region, "
            f"in-region endpoints would cost about {premium} more ({cite('data_residency')}); if it had to stay on "
            "premises, no managed API could be used and every model would run on your own GPUs (data_residency).",
        )
    if s.data_residency == "region":
        return Finding(
            Factor.DATA_RESIDENCY,
            "managed APIs limited",
            (),
            (),
            f"The data must be processed in one region: managed models only through in-region endpoints, priced here "
            f"{premium} above the global list price (OpenAI's data residency uplift and Anthropic's US-only multiplier "
            f"are 10%, Together's 25%; {cite('data_residency')}). Not every model is offered in every region, and some "
            "providers offer it only for newer models: confirm your model and region with the vendor. A self-hosted "
            "fine-tuned model pays no premium.",
        )
    gpus = _listing(f, lambda arch: f"{int(f.curves[arch].gpus_at(s.queries_per_month))} GPUs")
    return Finding(
        Factor.DATA_RESIDENCY,
        "self-hosted only",
        (),
        (),
        "The data must stay on premises, so no managed API may see it. Kept simple: prompting and RAG are priced on a "
        "self-hosted open model, the same 8B-class model and GPU throughput as the fine-tuned one (a model large enough "
        "to match a frontier API would need several times the GPUs), with its cached prompt prefix skipped as vLLM's "
        f"prefix caching does ({cite('selfhosted_prefix_caching')}); its window is {count(a.selfhosted_context_window_tokens)} tokens. The fine-tuned model "
        "runs on your own GPUs; embeddings and the vector store keep their managed prices as stand-ins for self-hosted "
        f"ones, and latency estimates are still the managed model's. GPUs at your volume: {gpus}.",
    )


def _lifecycle(f: _Facts, infeasible: Mapping[Architecture, str]) -> Finding:
    s, a = f.scenario, f.assumptions
    p = a.numbers()
    low, high = a.range_of("model_lifetime_months")
    moves = {arch: float(retirement_usd(s, arch, p, f.curves[arch].hosting)) for arch in f.totals}
    costs = _listing(f, lambda arch: usd(moves[arch]) if moves[arch] else "nothing (open weights on your GPUs)")
    intro = (
        "A fine-tuned model on a provider's endpoint is tied to its base model: Google retires a tuned Gemini model "
        "with its base, and OpenAI keeps fine-tuned models only until their base is deprecated while winding down "
        f"self-serve fine-tuning ({cite('model_lifecycle')}). Providers' models have lasted about "
        f"{a.model_lifetime_months:g} months (range {low:g} to {high:g}). One forced move to a successor costs: {costs}."
    )
    if s.base_model_retires_in_months is None:
        return Finding(
            Factor.MODEL_LIFECYCLE,
            "not counted",
            (),
            (),
            intro + " Not counted in the costs: set base_model_retires_in_months to price the expected moves.",
        )
    expected = float(expected_retirements(s, p))
    counted = _listing(f, lambda arch: usd(expected * moves[arch]))
    safe = tuple(arch for arch in SIMPLICITY if arch in moves and moves[arch] == 0 and arch not in infeasible)
    return Finding(
        Factor.MODEL_LIFECYCLE,
        "own weights" if safe and expected else "counted in the costs",
        safe if expected else (),
        (),
        intro + f" With the first retirement in {s.base_model_retires_in_months:g} months and a successor every "
        f"{a.model_lifetime_months:g} months after it, about {expected:.1f} moves fall within the {s.horizon_months}-month "
        f"horizon, counted in maintenance: {counted}.",
    )


def _team(f: _Facts, infeasible: Mapping[Architecture, str]) -> Finding:
    s, a = f.scenario, f.assumptions
    p = a.numbers()
    hours = {arch: float(mlops_hours_per_month(s, arch, p, f.curves[arch].hosting)) for arch in f.totals}
    listed = _listing(f, lambda arch: f"{hours[arch]:g} h")
    rate = a.mlops_usd_per_hour
    monthly = _listing(f, lambda arch: f"{usd(hours[arch] * rate)} a month")
    if s.mlops_in_house:
        return Finding(
            Factor.TEAM_AND_OPERATIONS,
            "no preference",
            (),
            (),
            f"ML-ops hours each option needs a month (our estimates): {listed}. Your team runs ML infrastructure itself, "
            f"so these are part of the maintenance share already priced. Without such skills in house they would be "
            f"bought at about {usd(rate)} an hour ({cite('mlops')}): {monthly} (mlops_in_house).",
        )
    viable = {arch: h for arch, h in hours.items() if arch not in infeasible} or hours
    least = min(viable.values()) if viable else 0.0
    fewest = tuple(arch for arch in SIMPLICITY if arch in viable and viable[arch] == least)
    return Finding(
        Factor.TEAM_AND_OPERATIONS,
        "fewest ML-ops hours: " + ", ".join(arch.in_sentence for arch in fewest),
        fewest,
        (),
        f"The team has no ML-ops skills in house, so the hours each option needs are bought at about {usd(rate)} an hour "
        f"({cite('mlops')}) and counted in maintenance: {listed}; that is {monthly}.",
    )


def _time(f: _Facts, choice: _Choice, infeasible: Mapping[Architecture, str]) -> Finding:
    s, a = f.scenario, f.assumptions
    shown = [arch for arch in SIMPLICITY if arch in f.totals and arch not in infeasible] or [
        arch for arch in SIMPLICITY if arch in f.totals
    ]
    listed = _listing(
        f, lambda arch: f"{f.weeks[arch][1]:.0f} weeks ({f.weeks[arch][0]:.0f} to {f.weeks[arch][2]:.0f})", shown
    )
    basis = (
        f"Expected time to production (our heuristics, and for RAG vendors' own reports: {cite('time_to_production')}): "
        f"{listed}. A model on your own GPUs adds about {a.selfhosted_extra_weeks:g} weeks of serving setup."
    )
    deadline = s.deadline_weeks
    if deadline is None:
        return Finding(
            Factor.TIME_TO_PRODUCTION, "no deadline", (), (), basis + " No deadline was given (deadline_weeks)."
        )
    meeting = tuple(arch for arch in shown if f.weeks[arch][1] <= deadline)
    odds = _listing(f, lambda arch: share(share_at_most(deadline, *f.weeks[arch])), shown)
    late = tuple(arch for arch in shown if arch not in meeting)
    text = (
        f"{basis} Deadline: {deadline:g} weeks. Rough chance of being in production by then, from the ranges: {odds}."
    )
    if not meeting:
        return Finding(
            Factor.TIME_TO_PRODUCTION,
            "nothing meets it",
            (),
            late,
            text + f" Nothing is expected in time; the fastest, {choice.architecture.in_sentence}, is recommended.",
        )
    return Finding(
        Factor.TIME_TO_PRODUCTION,
        "within the deadline: " + ", ".join(arch.in_sentence for arch in meeting),
        meeting,
        late,
        text,
    )


def _lock_in(f: _Facts, infeasible: Mapping[Architecture, str]) -> Finding:
    s, a = f.scenario, f.assumptions
    p = a.numbers()
    moves = {arch: float(provider_move_usd(s, arch, p, f.curves[arch].hosting)) for arch in f.totals}
    costs = _listing(f, lambda arch: usd(moves[arch]))
    intro = (
        f"What one move to another provider costs: {costs}. Prompts move with a round of re-testing; an index is "
        "embedded again (one embedding model's vectors mean nothing to another); a provider's fine-tuned weights cannot "
        "be exported, so the model is trained again elsewhere from your data, while open weights you host move with "
        f"you ({cite('lock_in')})."
    )
    if s.provider_moves == 0:
        return Finding(
            Factor.LOCK_IN,
            "not counted",
            (),
            (),
            intro + " Not counted in the costs: set provider_moves to the moves you expect over the horizon.",
        )
    viable = {arch: m for arch, m in moves.items() if arch not in infeasible} or moves
    least = min(viable.values()) if viable else 0.0
    cheapest = tuple(arch for arch in SIMPLICITY if arch in viable and viable[arch] == least)
    return Finding(
        Factor.LOCK_IN,
        "least locked in: " + ", ".join(arch.in_sentence for arch in cheapest),
        cheapest,
        (),
        intro
        + f" With {s.provider_moves:g} expected move(s) over {s.horizon_months} months, counted in maintenance: "
        + _listing(f, lambda arch: usd(s.provider_moves * moves[arch]))
        + ".",
    )


# --- the pilot that can settle it ------------------------------------------------------------------


def _pilot(f: _Facts, choice: _Choice, alternative: Architecture | None) -> PilotPlan:
    """The cheapest pilot that can settle the choice: the recommendation and its best alternative scored on
    one golden set, sized for the accuracy gap that would change the answer."""
    s, a = f.scenario, f.assumptions
    p = a.numbers()
    chosen = choice.architecture
    alpha, power, rho = a.eval_alpha, a.eval_power, a.eval_correctness_correlation
    baseline = f.accuracy[chosen]
    compare = (chosen,) if alternative is None else (chosen, alternative)
    notes: list[str] = []
    flip = None
    gap = a.eval_min_difference
    if alternative is not None and f.error_cost is not None and chosen in f.totals:
        flip = accuracy_flip_gap(f.totals[alternative] - f.totals[chosen], f.error_cost, f.queries)
        if flip is not None and not math.isfinite(flip):
            flip = None
    if flip is not None:
        needed = abs(flip)
        if needed > 0.5:
            notes.append(
                f"No plausible accuracy gap flips the choice (it would take {points(needed)}), so the set is "
                f"sized only to confirm quality, for a {points(gap)} gap."
            )
        else:
            gap = max(needed, 0.005)
            if needed < 0.005:
                notes.append(
                    "The two options are within half a point of accuracy of a tie: no affordable set can "
                    "settle that, so the set is sized for half a point and the cheaper to run should win."
                )
    target = baseline + gap if baseline + gap <= 0.999 else baseline - gap
    if alternative is not None and 0.0 <= target <= 1.0:
        n = paired_sample_size(baseline, target, rho, alpha, power)
        independent = two_proportion_sample_size(baseline, target, alpha, power)
        why = (
            f"Both options answer the same {count(n)} items, so the comparison is paired (McNemar's test; "
            f"{cite('eval_statistics')}): their right and wrong answers correlate (assumed {rho:g}), which leaves "
            f"fewer items to label than the {count(independent)} per option that two separate sets would need. "
            f"Sized to detect {points(gap)} from a baseline of {share(baseline)} at {share(1 - alpha)} confidence "
            f"and {share(power)} power."
        )
        paired = True
    else:
        n = independent = estimation_sample_size(baseline, gap, alpha)
        why = (
            f"With no alternative to compare, the set only measures {chosen.in_sentence}: {count(n)} items estimate its "
            f"accuracy within {points(gap)} either way at {share(1 - alpha)} confidence."
        )
        paired = False
    labeling = n * a.labeling_minutes_per_example / 60.0 * a.labeling_usd_per_hour
    per_query_judge = float(judge_usd(s, p))
    by_arch = {}
    for arch in compare:
        hosting = f.curves[arch].hosting or "managed"
        runs = a.eval_runs * n * (float(pilot_query_usd(s, arch, p, hosting)) + per_query_judge)
        by_arch[arch] = runs + float(pilot_setup_usd(s, arch, p, hosting))
    first = min(compare, key=lambda arch: (by_arch[arch], SIMPLICITY.index(arch)))
    current = int(a.eval_golden_set_size)
    detects = None
    if current > 0:
        detects = minimum_detectable_difference(current, baseline, alpha, power, paired, rho) if paired else None
        if paired:
            notes.append(
                f"Your current set of {count(current)} items detects "
                + (f"a gap of {points(detects)} or more." if detects is not None else "no gap at this baseline.")
            )
    return PilotPlan(
        compare=compare,
        first=first,
        golden_set_size=n,
        paired=paired,
        independent_set_size=independent,
        baseline_accuracy=baseline,
        detectable_gap=gap,
        flip_gap=flip,
        labeling_usd=labeling,
        cost_by_architecture=by_arch,
        cost_usd=labeling + sum(by_arch.values()),
        changes_if=_changes_if(f, chosen, alternative, flip, gap, n),
        why_this_size=why,
        current_set_size=current,
        current_set_detects=detects,
        notes=tuple(notes),
    )


def _changes_if(
    f: _Facts, chosen: Architecture, alternative: Architecture | None, flip: float | None, gap: float, n: int
) -> str:
    """The pilot result that would change the recommendation, in one sentence."""
    if alternative is None:
        return (
            f"Nothing else meets every need, so no pilot result changes the architecture; the pilot tells you "
            f"whether {chosen.in_sentence} is good enough to launch."
        )
    other, this = alternative.in_sentence, chosen.in_sentence  # inside the sentences below
    if flip is not None and not _accuracy_can_flip(flip):
        return (
            f"No pilot result changes the choice between {this} and {other}: it would take an accuracy gap of "
            f"{points(abs(flip))}, and accuracies differ by 100 points at most. The pilot tells you whether "
            f"{this} is good enough to launch."
        )
    if flip is not None:
        if flip >= 0:
            return (
                f"If {other} scores more than {points(flip)} above {this} on the same {count(n)} items, {other} "
                f"becomes the better buy; otherwise {this} stands."
            )
        return (
            f"If {this} does not score at least {points(-flip)} above {other} on the same {count(n)} items, "
            f"{other} becomes the better buy."
        )
    extra = f.totals[alternative] - f.totals[chosen] if chosen in f.totals else 0.0
    if extra > 0:
        level = break_even_error_cost(extra, gap, f.queries)
        if level is not None:
            weigh = (
                f"the gain pays for {other}'s extra {usd(extra)} once a wrong answer costs more than "
                f"{usd_or_na(level)} (then set error_cost_usd)"
            )
        else:
            weigh = f"set its value against {other}'s extra {usd(extra)} (error_cost_usd)"
        return f"If {other} beats {this} by {points(gap)} or more, weigh it: {weigh}. Otherwise {this} stands."
    return (
        f"{alternative.label} costs no more to run; {this} was chosen for a need the costs do not show. "
        f"If {this} is not at least {points(gap)} more accurate on the pilot, reconsider {other}."
    )


def _quality_costs(f: _Facts) -> dict[Architecture, QualityCost]:
    """Each priced option's cost per correct answer, and (with an error cost) its expected errors."""
    a, q = f.assumptions, f.queries
    out = {}
    for arch in SIMPLICITY:
        if arch not in f.totals:
            continue
        name = f"accuracy_{arch.value}"
        low, high = a.range_of(name)
        accuracy = f.accuracy[arch]
        band = (quantile_of(0.1, low, accuracy, high), quantile_of(0.9, low, accuracy, high))
        per_query = f.totals[arch] / q if q >= 1 else None
        error_cost = error_range = total = None
        if f.error_cost is not None:
            error_cost = f.wrong_answers_usd(arch)
            error_range = (expected_error_cost(band[1], f.error_cost, q), expected_error_cost(band[0], f.error_cost, q))
            total = f.scores[arch]
        out[arch] = QualityCost(
            architecture=arch,
            accuracy=accuracy,
            accuracy_range=band,
            cost_per_query=per_query,
            cost_of_pass=cost_of_pass(per_query, accuracy) if per_query is not None else None,
            wrong_answers=(1.0 - accuracy) * q,
            error_cost=error_cost,
            error_cost_range=error_range,
            total_with_errors=total,
        )
    return out


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
    ft, rag, hybrid = (f.totals.get(x) for x in (Architecture.FINE_TUNING, Architecture.RAG, Architecture.HYBRID))
    if needs_retrieval and None not in (ft, rag, hybrid) and ft < rag:  # type: ignore[operator]
        conflicts.append(
            f"The volume favours a fine-tuned model, but the knowledge needs retrieval. A fine-tuned model that "
            f"also retrieves costs about {usd(hybrid)} against {usd(rag)} "  # type: ignore[arg-type]
            "for RAG on a managed model; the cheaper of the two is recommended."
        )
    if choice.needs_unmet and choice.architecture in choice.ruled_out:
        conflicts.append(
            f"No architecture meets every need: {choice.architecture.in_sentence} is recommended because it can run "
            f"at all, though {choice.ruled_out[choice.architecture]}. Revisit the assumptions that rule out the others."
        )
    if choice.budget_unmet and budget is not None:
        conflicts.append(
            f"No architecture that meets the other needs is expected to reach the {ms(budget)} budget; "
            f"the fastest, {choice.architecture.in_sentence}, is recommended at about "
            f"{ms(f.latencies[choice.architecture])}."
        )
    if choice.deadline_unmet:
        conflicts.append(
            f"No architecture that meets the other needs is expected in production within the {s.deadline_weeks:g}-week "
            f"deadline; the fastest, {choice.architecture.in_sentence}, is recommended at about "
            f"{f.weeks[choice.architecture][1]:.0f} weeks. Move the deadline or cut the scope."
        )
    if choice.quality_decides and choice.cheapest is not None:
        conflicts.append(
            f"On running cost alone {choice.cheapest.in_sentence} is cheaper, but at {usd_or_na(f.error_cost)} a wrong "
            f"answer {choice.architecture.in_sentence}'s expected accuracy pays for the difference: a pilot should "
            "confirm it."
        )
    return conflicts


def _alternative(f: _Facts, choice: _Choice) -> Architecture | None:
    """The best option after the chosen one: the cheapest other that meets every need."""
    others = [
        arch
        for arch in SIMPLICITY
        if arch is not choice.architecture and arch not in choice.ruled_out and arch in f.totals
    ]
    return min(others, key=lambda arch: (f.scores[arch], SIMPLICITY.index(arch))) if others else None


def _what_would_change(f: _Facts, choice: _Choice, p: Params) -> list[str]:
    s, a = f.scenario, f.assumptions
    chosen = choice.architecture
    changes = []
    # Volume: where another feasible option's cost line crosses the chosen one's.
    for other in SIMPLICITY:
        if other is chosen or other in choice.ruled_out or other not in f.totals:
            continue
        if f.totals[other] < f.totals[chosen]:
            continue  # chosen for a reason other than cost; a crossing would not change that
        crossing = f.crossing(chosen, other)
        if crossing is None or crossing <= 0:
            continue
        below, above = _sides(f, chosen, other, crossing)
        if crossing > s.queries_per_month and above is other:
            changes.append(
                f"Volume: above about {count(crossing)} queries a month, {other.in_sentence} would cost less than "
                f"{chosen.in_sentence}."
            )
        elif crossing < s.queries_per_month and below is other:
            changes.append(
                f"Volume: below about {count(crossing)} queries a month, {other.in_sentence} would cost less than "
                f"{chosen.in_sentence}."
            )
    largest = float(SCENARIO_BOUNDS["corpus_documents"].high or math.inf)
    variants = []
    if f.has_corpus:
        if f.fresh:
            variants.append(("If the knowledge changed monthly instead", s.replace(knowledge_updates_per_month=1.0)))
        else:
            variants.append(("If the knowledge changed weekly", s.replace(knowledge_updates_per_month=WEEKLY_UPDATES)))
        if f.large:
            variants.append(
                (
                    f"If the corpus were cut to {count(a.large_corpus_documents)} documents",
                    s.replace(corpus_documents=int(a.large_corpus_documents)),
                )
            )
        elif a.large_corpus_documents < largest:
            variants.append(
                (
                    f"If the corpus grew past {count(a.large_corpus_documents)} documents",
                    s.replace(corpus_documents=int(a.large_corpus_documents) + 1),
                )
            )
    if s.finetuning_needs:
        variants.append(("Without the behaviour needs", s.replace(behavior_needs=())))
    else:
        variants.append(
            (
                "If the output needed a brand voice that prompting cannot hold",
                s.replace(behavior_needs=(*s.behavior_needs, "brand_voice")),
            )
        )
    if s.latency_budget_ms is None:
        variants.append(
            (
                f"With a hard {ms(a.what_if_latency_budget_ms)} latency budget",
                s.replace(latency_budget_ms=a.what_if_latency_budget_ms),
            )
        )
    else:
        variants.append(("Without a hard latency budget", s.replace(latency_budget_ms=None)))
    if s.error_cost_usd is not None:
        variants.append(("Without pricing wrong answers", s.replace(error_cost_usd=None)))
    if s.deadline_weeks is not None:
        variants.append(("Without the deadline", s.replace(deadline_weeks=None)))
    if s.data_residency != "anywhere":
        variants.append(("If the data could be processed anywhere", s.replace(data_residency="anywhere")))
    if not s.mlops_in_house:
        variants.append(("With ML-ops skills in house", s.replace(mlops_in_house=True)))
    for words, variant in variants:
        other = _choose(_facts(variant, a, p)).architecture
        if other is not chosen:
            changes.append(f"{words}, the recommendation would be {other.in_sentence}.")
    return changes


# --- the result ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """The recommended architecture, the findings behind it, and what would change it.

    ``crossover`` is the monthly volume at which the recommended architecture and the best alternative
    (``crossover_with``: the cheapest other option that meets every need) cost the same over the horizon;
    ``cheaper_below`` is the one of the two that is cheaper below it. None where there is no such
    alternative or the two never cross. ``hosting`` is where a fine-tuned model runs ("" if none is used).
    """

    architecture: Architecture
    scenario: Scenario
    assumptions: Assumptions
    findings: tuple[Finding, ...]
    costs: Mapping[Architecture, TCO]
    latencies: Mapping[Architecture, Latency]
    crossover: float | None
    crossover_with: Architecture | None
    cheaper_below: Architecture | None
    hosting: str
    other_hosting_costs: Mapping[Architecture, TCO]
    ruled_out: Mapping[Architecture, str]
    conflicts: tuple[str, ...]
    what_would_change: tuple[str, ...]
    summary: str
    # besides cost (issue 12): each priced option's cost per correct answer (and expected errors when an
    # error cost is given), the pilot that can settle the choice, and time to production (low, central, high weeks)
    quality: Mapping[Architecture, QualityCost] = field(default_factory=dict)
    pilot: PilotPlan | None = None
    weeks_to_production: Mapping[Architecture, tuple[float, float, float]] = field(default_factory=dict)

    @property
    def cheaper_above(self) -> Architecture | None:
        """Of the recommendation and its best alternative, the one cheaper above the crossover."""
        if self.cheaper_below is None or self.crossover_with is None:
            return None
        return self.crossover_with if self.cheaper_below is self.architecture else self.architecture

    def finding(self, factor: Factor | str) -> Finding:
        """The finding of one deciding factor (a ``Factor`` or its value, e.g. ``"latency"``)."""
        return next(x for x in self.findings if x.factor == Factor(factor))

    def __repr__(self) -> str:
        """A few lines: the choice, its cost and time to first token, the crossover, and why.

        >>> print(repr(recommend(Scenario(queries_per_month=1_000, corpus_documents=0))).splitlines()[0])
        Recommendation(Prompting only: $22.3k over 24 months, 516 ms to first token; crosses fine-tuning at 1.07M queries a month)
        """
        t, lat = self.costs[self.architecture], self.latencies[self.architecture]
        cost = f"{usd(t.total)} over {t.horizon_months} months" if t.total is not None else "not priced"
        wait = f", {ms(lat.total_ms)} to first token" if lat.total_ms is not None else ""
        crossing = "no crossover"
        if self.crossover is not None and self.crossover_with is not None:
            crossing = f"crosses {self.crossover_with.in_sentence} at {count(self.crossover)} queries a month"
        summary = self.summary if len(self.summary) <= 300 else self.summary[:299] + "…"
        return f"Recommendation({self.architecture.label}: {cost}{wait}; {crossing})\n  {summary}"

    def _repr_markdown_(self) -> str:
        """The choice, the summary and each option's cost and latency as Markdown (what a notebook shows);
        ``to_markdown`` gives the whole decision brief."""
        rows = []
        for arch in SIMPLICITY:
            t, lat = self.costs[arch], self.latencies[arch]
            status = (
                "**recommended**"
                if arch is self.architecture
                else ("ruled out: " + self.ruled_out[arch] if arch in self.ruled_out else "possible")
            )
            total = usd(t.total) if t.total is not None else "not priced"
            wait = ms(lat.total_ms) if lat.total_ms is not None else "—"
            rows.append(f"| {arch.label} | {total} | {wait} | {status} |")
        return "\n".join(
            [
                f"**Recommended: {self.architecture.label}.** {self.summary}",
                "",
                f"| Option | Cost over {self.scenario.horizon_months} months | Time to first token | Status |",
                "| --- | ---: | ---: | --- |",
                *rows,
            ]
        )

    def _repr_html_(self) -> str:
        return markdown_html(self._repr_markdown_())

    def to_markdown(self, draws: int = 4_000, seed: int = 0) -> str:
        """The decision brief, with cost ranges from ``draws`` simulated draws."""
        from .brief import decision_brief

        return decision_brief(self, draws=draws, seed=seed)


def _summary(f: _Facts, choice: _Choice, alternative: Architecture | None) -> str:
    chosen = choice.architecture
    reasons = []
    if f.behavior:
        reasons.append("the behaviour needed calls for fine-tuning")
    if f.fresh:
        reasons.append("the knowledge changes too often to bake into weights")
    elif f.large:
        reasons.append("the corpus is too large to bake into weights")
    knowledge_first = bool(choice.knowledge_note) and chosen in RETRIEVING
    if knowledge_first:
        saving = f.totals[chosen] - f.totals[Architecture.FINE_TUNING]
        reasons.append(
            f"retrieval holds the corpus's facts more reliably than fine-tuning alone, which would save only "
            f"{usd(saving)} over {f.scenario.horizon_months} months ({share(saving / f.totals[Architecture.FINE_TUNING])}, "
            f"within the {share(f.assumptions.material_extra_cost_share)} line)"
        )
    elif alternative is not None:
        errors = " with expected wrong answers included" if f.error_cost is not None else ""
        reasons.append(
            f"it costs about {usd(f.scores[chosen])} over {f.scenario.horizon_months} months{errors} against "
            f"{usd(f.scores[alternative])} for {alternative.in_sentence}"
        )
    else:
        only = "can run at all" if choice.needs_unmet else "meets every need"
        reasons.append(
            f"it is the only architecture that {only} (about {usd(f.totals[chosen])} "
            f"over {f.scenario.horizon_months} months)"
        )
    if chosen in FINE_TUNED:
        where = "the data must stay on premises" if f.scenario.on_premises else "the cheaper place for it"
        reasons.append(f"the fine-tuned model runs {HOSTING_LABELS[f.curves[chosen].hosting]}, {where}")
    elif f.scenario.on_premises:
        reasons.append("the data must stay on premises, so it runs on a self-hosted open model")
    if choice.quality_decides and choice.cheapest is not None:
        reasons.append(
            f"at {usd_or_na(f.error_cost)} a wrong answer its expected accuracy outweighs "
            f"{choice.cheapest.in_sentence}'s lower running cost"
        )
    if choice.budget_unmet:
        reasons.append("it comes closest to the latency budget")
    if choice.deadline_unmet:
        reasons.append("it comes closest to the deadline")
    return f"{chosen.label}: " + "; ".join(reasons) + "."


def recommend(scenario: Scenario, assumptions: Assumptions | None = None) -> Recommendation:
    """Recommend an architecture for ``scenario``, with a finding for every deciding factor.

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    Recommendation
        The architecture, a ``Finding`` per factor, each option's ``TCO`` and ``Latency``, the crossover
        with the best alternative, conflicts, what would change the answer and the pilot that can settle it.

    Raises
    ------
    ValueError
        A field out of its range (named, with the range), or no architecture able to run at all (each
        says why: a prompt larger than every window it could run in).

    Examples
    --------
    >>> r = recommend(Scenario(queries_per_month=300_000, knowledge_updates_per_month=1,
    ...                        corpus_documents=8_000, behavior_needs=["brand_voice"]))
    >>> r.architecture
    <Architecture.HYBRID: 'hybrid'>
    >>> [f.factor.value for f in r.findings][:6]
    ['knowledge_freshness', 'corpus_size', 'behavior', 'query_volume', 'latency', 'prompting_first']
    >>> [f.factor.value for f in r.findings][6:]
    ['quality', 'data_residency', 'model_lifecycle', 'team_and_operations', 'time_to_production', 'lock_in']
    """
    a = _coerce(scenario, assumptions)
    p = parameters(a)
    f = _facts(scenario, a, p)
    if not f.totals:  # not one option can run: there is nothing to recommend, and each says why
        reasons = "; ".join(f"{arch.label}: {curve.why_not}" for arch, curve in f.curves.items())
        raise ValueError(f"no architecture can serve this scenario with these assumptions. {reasons}")
    infeasible = _ruled_out(f)  # by the needs alone; the choice may add what misses a deadline or the latency budget
    choice = _choose(f, infeasible)
    alternative = _alternative(f, choice)
    findings = (
        _freshness(f),
        _corpus(f, choice),
        _behavior(f),
        _volume(f),
        _latency(f, infeasible),
        _prompting_first(f, choice.ruled_out),
        _quality(f, choice, alternative),
        _residency(f),
        _lifecycle(f, infeasible),
        _team(f, infeasible),
        _time(f, choice, infeasible),
        _lock_in(f, infeasible),
    )
    crossover = cheaper_below = None
    if alternative is not None:
        crossover = f.crossing(choice.architecture, alternative)
        if crossover is not None:
            cheaper_below = _sides(f, choice.architecture, alternative, crossover)[0]
    chosen_curve = f.curves[choice.architecture]
    return Recommendation(
        architecture=choice.architecture,
        scenario=scenario,
        assumptions=a,
        findings=findings,
        costs={arch: tco_from_curve(scenario, curve) for arch, curve in f.curves.items()},
        latencies={arch: latency_of_curve(scenario, curve, p) for arch, curve in f.curves.items()},
        crossover=crossover,
        crossover_with=alternative if crossover is not None else None,
        cheaper_below=cheaper_below,
        hosting=chosen_curve.hosting,
        other_hosting_costs={arch: tco_from_curve(scenario, curve) for arch, curve in f.other_hosting.items()},
        ruled_out=dict(choice.ruled_out),
        conflicts=tuple(_conflicts(f, choice)),
        what_would_change=tuple(_what_would_change(f, choice, p)),
        summary=_summary(f, choice, alternative),
        quality=_quality_costs(f),
        pilot=_pilot(f, choice, alternative),
        weeks_to_production=dict(f.weeks),
    )
