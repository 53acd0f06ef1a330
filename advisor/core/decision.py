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

from .formatting import count, ms, share, times_a_month, usd
from .architecture import Architecture
from .assumptions import Assumptions
from .costs import TCO, FINE_TUNE_HOSTINGS, CostCurve, Params, _coerce, cost_curve, curve_for, parameters, rag_update_usd, retrain_usd, tco_from_curve
from .crossover import first_crossing
from .latency import Latency, latency_of_curve
from .references import cite
from .scenario import BEHAVIOR_NEEDS, SCENARIO_BOUNDS, Scenario

# Simplest first: ties in cost go to the architecture with fewer moving parts.
SIMPLICITY = (Architecture.PROMPTING, Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID)
RETRIEVING = (Architecture.RAG, Architecture.HYBRID)
FINE_TUNED = (Architecture.FINE_TUNING, Architecture.HYBRID)
WEEKLY_UPDATES = 52 / 12  # weeks in a year over months in a year: arithmetic, not an assumption
HOSTING_LABELS = {"self_hosted": "on your own GPUs", "managed": "on the provider's fine-tuned endpoint"}


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
    curves: Mapping[Architecture, CostCurve] = field(repr=False)
    totals: Mapping[Architecture, float]  # feasible architectures only
    latencies: Mapping[Architecture, float]  # feasible architectures only
    other_hosting: Mapping[Architecture, CostCurve] = field(repr=False)  # the hosting not chosen, for the fine-tuned two
    rag_crossover: float | None  # fine-tuning vs RAG, the seed's crossover
    usable_context: float
    retrain_usd: float
    rag_update_usd: float

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
        return self.curves[Architecture.PROMPTING].feasible

    @property
    def behaviour(self) -> bool:
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
    rag_crossover = None
    if curves[Architecture.RAG].feasible:
        rag_crossover = first_crossing(curves[Architecture.FINE_TUNING], curves[Architecture.RAG], h)
    window = a.managed_context_window_tokens
    overhead = p["system_prompt_tokens"] + len(s.behavior_needs) * p["behaviour_prompt_tokens_per_need"] + p["question_tokens"] + p["output_tokens"]
    return _Facts(
        scenario=s,
        assumptions=a,
        curves=curves,
        totals={arch: float(c.total_at(v, h)) for arch, c in feasible.items()},
        latencies={arch: float(latency_of_curve(s, c, p).total_ms or 0.0) for arch, c in feasible.items()},
        other_hosting=other_hosting,
        rag_crossover=rag_crossover,
        usable_context=max(0.0, a.max_context_fill_fraction * window - overhead),
        retrain_usd=float(retrain_usd(s, Architecture.FINE_TUNING, p, curves[Architecture.FINE_TUNING].hosting)),
        rag_update_usd=float(rag_update_usd(s, p)),
    )


def _ruled_out(f: _Facts) -> dict[Architecture, str]:
    """Why each architecture cannot serve this scenario (absent: it can)."""
    s, a = f.scenario, f.assumptions
    reasons: dict[Architecture, str] = {
        arch: curve.why_not[0].lower() + curve.why_not[1:].rstrip(".") for arch, curve in f.curves.items() if not curve.feasible
    }
    needs = ", ".join(s.finetuning_needs)
    if f.behaviour:
        reasons.setdefault(Architecture.PROMPTING, f"prompting cannot reliably enforce the behaviour needed ({needs})")
        reasons.setdefault(Architecture.RAG, f"retrieval does not change behaviour, and prompting cannot enforce it ({needs})")
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
    knowledge_note: str = ""  # how fine-tuning alone for a corpus was weighed against retrieval


def _choose(f: _Facts, ruled_out: Mapping[Architecture, str] | None = None) -> _Choice:
    ruled_out = _ruled_out(f) if ruled_out is None else ruled_out
    feasible = [arch for arch in SIMPLICITY if arch not in ruled_out]
    if not feasible:  # every option fails a need: keep those that can at least run, fastest first
        feasible = [arch for arch in SIMPLICITY if arch in f.totals]
    budget = f.scenario.latency_budget_ms
    meets = tuple(arch for arch in feasible if budget is None or f.latencies[arch] <= budget)
    if not meets:
        # Nothing meets a hard budget: take the fastest option that meets every other need, and say so.
        chosen = min(feasible, key=lambda arch: (f.latencies[arch], f.totals[arch]))
        return _Choice(chosen, ruled_out, (), budget_unmet=True)
    too_slow = {
        arch: f"its expected time to first token ({ms(f.latencies[arch])}) is over the {ms(budget)} budget"
        for arch in feasible
        if arch not in meets
    }
    chosen = min(meets, key=lambda arch: (f.totals[arch], SIMPLICITY.index(arch)))
    chosen, note = _prefer_retrieval_for_knowledge(f, chosen, meets, too_slow)
    return _Choice(chosen, {**ruled_out, **too_slow}, meets, budget_unmet=False, knowledge_note=note)


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
        slow = [arch.label for arch in RETRIEVING if arch in too_slow]
        why = (f"{' and '.join(slow)} cannot meet the latency budget" if slow
               else "retrieval is ruled out here")
        return chosen, (
            f"Fine-tuning alone holds the corpus's facts less reliably than retrieval ({research}), but {why}, "
            "so fine-tuning alone it is: test its answers on the facts that matter before relying on it."
        )
    alternative = min(retrieving, key=lambda arch: f.totals[arch])
    extra = f.totals[alternative] - f.totals[chosen]
    limit = a.material_extra_cost_share * f.totals[chosen]
    compared = (
        f"{alternative.label} costs {usd(extra)} more than fine-tuning alone over {f.scenario.horizon_months} months "
        f"({share(extra / f.totals[chosen]) if f.totals[chosen] else 'n/a'} of it; the line we draw is "
        f"{share(a.material_extra_cost_share)}, a heuristic)"
    )
    if extra <= limit:
        return alternative, (
            f"Answers must come from the corpus, and retrieval puts its facts in front of the model more reliably "
            f"than fine-tuning bakes them in ({research}). {compared}, so {alternative.label} is recommended over "
            "fine-tuning alone."
        )
    return chosen, (
        f"Retrieval would hold the corpus's facts more reliably ({research}), but {compared}: a material difference, "
        "so fine-tuning alone is recommended. Test its answers on the facts that matter before relying on it."
    )


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


def _corpus(f: _Facts, choice: _Choice) -> Finding:
    s, a = f.scenario, f.assumptions
    if not f.has_corpus:
        return Finding(Factor.CORPUS_SIZE, "no retrieval", (Architecture.PROMPTING, Architecture.FINE_TUNING),
                       RETRIEVING, "No private knowledge is needed, so there is nothing to retrieve.")
    size = f"{count(s.corpus_documents)} documents, about {count(s.corpus_tokens)} tokens"
    window = (
        f"the managed model ({a.managed_model}) has a {count(a.managed_context_window_tokens)}-token window, of which "
        f"about {count(f.usable_context)} tokens can hold a corpus with room for instructions, question and answer"
    )
    note = f" {choice.knowledge_note}" if choice.knowledge_note else ""
    research = cite("finetuning_knowledge_injection")
    if f.large:
        return Finding(
            Factor.CORPUS_SIZE, "retrieval", RETRIEVING, (Architecture.FINE_TUNING,) + (() if f.fits else (Architecture.PROMPTING,)),
            f"The corpus ({size}) is beyond the few-thousand-document mark where retrieval becomes necessary "
            f"(heuristic from the seed: more than {count(a.large_corpus_documents)} documents). Below that mark fine-tuning "
            f"alone stays possible but holds facts less reliably than retrieval ({research}). For prompting, {window}.",
        )
    if f.fits:
        return Finding(
            Factor.CORPUS_SIZE, "prompting", (Architecture.PROMPTING,), (),
            f"The corpus ({size}) fits in a prompt: {window}. It can be placed in every prompt and cached.{note}",
        )
    return Finding(
        Factor.CORPUS_SIZE, "retrieval", RETRIEVING, (Architecture.PROMPTING,),
        f"The corpus ({size}) is too big for one prompt ({window}) but within the {count(a.large_corpus_documents)}-document "
        f"mark up to which fine-tuning on it is possible. Published comparisons find retrieval injects facts more "
        f"reliably than fine-tuning ({research}).{note}",
    )


def _behaviour(f: _Facts) -> Finding:
    s = f.scenario
    needs = s.finetuning_needs
    schema_met = "json_schema" in s.behavior_needs and s.structured_outputs
    schema = (
        "A fixed JSON schema is enforced at decoding time by the model's structured outputs, so it needs no "
        f"fine-tuning ({cite('structured_outputs')}). " if schema_met else ""
    )
    if not needs:
        if schema_met:
            return Finding(Factor.BEHAVIOUR, "structured outputs, no fine-tuning", (), (),
                           schema + "No other behaviour was named that prompting cannot enforce.")
        return Finding(Factor.BEHAVIOUR, "no fine-tuning needed", (), (),
                       "No behaviour was named that prompting cannot enforce, so behaviour gives no reason to fine-tune.")
    described = "; ".join(f"{n} ({BEHAVIOR_NEEDS[n]})" for n in needs)
    unforced = (
        " The model was marked as not enforcing a schema while it decodes (structured_outputs off), so the seed's rule "
        "stands for the schema too." if "json_schema" in needs else ""
    )
    return Finding(
        Factor.BEHAVIOUR, "fine-tuning", FINE_TUNED, (Architecture.PROMPTING, Architecture.RAG),
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
    own = "running a fine-tuned model of your own" if ft_hosting == "self_hosted" else "a provider-hosted fine-tuned model"
    if managed not in f.totals or Architecture.FINE_TUNING not in f.totals:
        return Finding(Factor.QUERY_VOLUME, "no comparison", (), (),
                       f"{managed.label} cannot serve this scenario, so volume does not weigh it against fine-tuning.")
    crossing = f.crossing(Architecture.FINE_TUNING, managed)
    managed_total, ft = f.totals[managed], f.totals[Architecture.FINE_TUNING]
    comparison = (
        f"Over {s.horizon_months} months at this volume {managed.label} costs about {usd(managed_total)} "
        f"and fine-tuning about {usd(ft)}. {_hosting_sentence(f, Architecture.FINE_TUNING)}"
    )
    if crossing is None:
        where = f"In this scenario fine-tuning and {managed.label} never cost the same at any volume."
    else:
        below, above = _sides(f, Architecture.FINE_TUNING, managed, crossing)
        where = (f"Fine-tuning and {managed.label} cost the same at about {count(crossing)} queries a month; "
                 f"below that {below.label} is cheaper, above it {above.label}.")
    api_side = (Architecture.PROMPTING, Architecture.RAG)
    if per_day < a.low_volume_queries_per_day:
        return Finding(
            Factor.QUERY_VOLUME, "a managed API", api_side, (),
            f"{count(v)} queries a month is about {count(per_day)} a day, under the few-thousand-a-day mark "
            f"(heuristic from the seed: {count(a.low_volume_queries_per_day)}) where {own} rarely pays on cost alone. "
            f"{comparison} {where}",
        )
    if ft < managed_total:
        return Finding(
            Factor.QUERY_VOLUME, "fine-tuning", FINE_TUNED, (),
            f"At {count(v)} queries a month {own} is cheaper than a managed model"
            f"{' with retrieval' if f.has_corpus else ''}. {comparison} {where}",
        )
    return Finding(
        Factor.QUERY_VOLUME, "a managed API", api_side, (),
        f"At {count(v)} queries a month the fixed cost of {own} is not earned back. {comparison} {where}",
    )


def _sides(f: _Facts, one: Architecture, other: Architecture, crossing: float) -> tuple[Architecture, Architecture]:
    """Which of two architectures is cheaper below a crossing and which above it, read off their costs."""
    s = f.scenario
    h = s.horizon_months
    below_volume = crossing / 2 if crossing > 0 else 0.0
    above_volume = min(crossing * 2 if crossing > 0 else 1.0, SCENARIO_BOUNDS["queries_per_month"].high)
    cheaper_below = one if f.curves[one].total_at(below_volume, h) < f.curves[other].total_at(below_volume, h) else other
    cheaper_above = one if f.curves[one].total_at(above_volume, h) < f.curves[other].total_at(above_volume, h) else other
    if crossing == 0 or cheaper_above is cheaper_below:
        cheaper_below = other if cheaper_above is one else one
    return cheaper_below, cheaper_above


def _latency(f: _Facts, infeasible: Mapping[Architecture, str]) -> Finding:
    s, a = f.scenario, f.assumptions
    estimates = ", ".join(f"{arch.label} {ms(f.latencies[arch])}" for arch in SIMPLICITY if arch in f.latencies and arch not in infeasible)
    budget = s.latency_budget_ms
    if budget is None:
        return Finding(Factor.LATENCY, "no preference", (), (),
                       f"No hard latency budget was given. Estimated time to first token: {estimates or 'none can serve'}.")
    meeting = tuple(arch for arch in SIMPLICITY if arch in f.latencies and f.latencies[arch] <= budget and arch not in infeasible)
    met = ", ".join(arch.label for arch in meeting) or "none of them"
    if budget < a.retrieval_latency_budget_ms:
        low, high = a.range_of("retrieval_latency_ms")
        typical = f" (typically {ms(low)} to {ms(high)})" if low < high else ""
        return Finding(
            Factor.LATENCY, "against retrieval", tuple(x for x in meeting if x not in RETRIEVING), RETRIEVING,
            f"A {ms(budget)} budget is under the {ms(a.retrieval_latency_budget_ms)} mark (a heuristic from the seed) "
            f"where retrieval's own {ms(a.retrieval_latency_ms)}{typical} is hard to afford. "
            f"Consider a fine-tuned model without retrieval, or prompt caching of a corpus that fits. "
            f"Estimated: {estimates}. Within budget: {met}.",
        )
    return Finding(
        Factor.LATENCY, "within budget: " + met if meeting else "nothing meets it", meeting,
        tuple(x for x in SIMPLICITY if x not in meeting),
        f"Budget {ms(budget)}. Estimated time to first token: {estimates}. Within budget: {met}.",
    )


def _prompting_first(f: _Facts, ruled_out: Mapping[Architecture, str]) -> Finding:
    if Architecture.PROMPTING in ruled_out or Architecture.PROMPTING not in f.totals:
        why = ruled_out.get(Architecture.PROMPTING) or f.curves[Architecture.PROMPTING].why_not
        return Finding(
            Factor.PROMPTING_FIRST, "not enough here", (), (Architecture.PROMPTING,),
            f"Prompting alone is not enough because {why}. Still write the best "
            "prompt you can first: it is the baseline every other option has to beat.",
        )
    prompting = f.totals[Architecture.PROMPTING]
    others = {arch: t for arch, t in f.totals.items() if arch is not Architecture.PROMPTING and arch not in ruled_out}
    cheaper = min(others, key=lambda arch: others[arch]) if others else None
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
    ft, rag, hybrid = (f.totals.get(x) for x in (Architecture.FINE_TUNING, Architecture.RAG, Architecture.HYBRID))
    if needs_retrieval and None not in (ft, rag, hybrid) and ft < rag:  # type: ignore[operator]
        conflicts.append(
            f"The volume favours a fine-tuned model, but the knowledge needs retrieval. A fine-tuned model that "
            f"also retrieves costs about {usd(hybrid)} against {usd(rag)} "  # type: ignore[arg-type]
            "for RAG on a managed model; the cheaper of the two is recommended."
        )
    if choice.budget_unmet:
        conflicts.append(
            f"No architecture that meets the other needs is expected to reach the {ms(budget)} budget; "
            f"the fastest, {choice.architecture.label}, is recommended at about {ms(f.latencies[choice.architecture])}."
        )
    return conflicts


def _alternative(f: _Facts, choice: _Choice) -> Architecture | None:
    """The best option after the chosen one: the cheapest other that meets every need."""
    others = [arch for arch in SIMPLICITY if arch is not choice.architecture and arch not in choice.ruled_out and arch in f.totals]
    return min(others, key=lambda arch: (f.totals[arch], SIMPLICITY.index(arch))) if others else None


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
            changes.append(f"Volume: above about {count(crossing)} queries a month, {other.label} would cost less than {chosen.label}.")
        elif crossing < s.queries_per_month and below is other:
            changes.append(f"Volume: below about {count(crossing)} queries a month, {other.label} would cost less than {chosen.label}.")
    largest = SCENARIO_BOUNDS["corpus_documents"].high
    variants = []
    if f.has_corpus:
        if f.fresh:
            variants.append(("If the knowledge changed monthly instead", s.replace(knowledge_updates_per_month=1.0)))
        else:
            variants.append(("If the knowledge changed weekly", s.replace(knowledge_updates_per_month=WEEKLY_UPDATES)))
        if f.large:
            variants.append((f"If the corpus were cut to {count(a.large_corpus_documents)} documents",
                             s.replace(corpus_documents=int(a.large_corpus_documents))))
        elif a.large_corpus_documents < largest:
            variants.append((f"If the corpus grew past {count(a.large_corpus_documents)} documents",
                             s.replace(corpus_documents=int(a.large_corpus_documents) + 1)))
    if s.finetuning_needs:
        variants.append(("Without the behaviour needs", s.replace(behavior_needs=())))
    else:
        variants.append(("If the output needed a brand voice that prompting cannot hold",
                         s.replace(behavior_needs=(*s.behavior_needs, "brand_voice"))))
    if s.latency_budget_ms is None:
        variants.append((f"With a hard {ms(a.what_if_latency_budget_ms)} latency budget",
                         s.replace(latency_budget_ms=a.what_if_latency_budget_ms)))
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

    def finding(self, factor: Factor | str) -> Finding:
        return next(x for x in self.findings if x.factor == Factor(factor))

    def to_markdown(self, draws: int = 4_000, seed: int = 0) -> str:
        """The decision brief, with cost ranges from ``draws`` simulated draws."""
        from .brief import decision_brief

        return decision_brief(self, draws=draws, seed=seed)


def _summary(f: _Facts, choice: _Choice, alternative: Architecture | None) -> str:
    chosen = choice.architecture
    reasons = []
    if f.behaviour:
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
        reasons.append(
            f"it costs about {usd(f.totals[chosen])} over {f.scenario.horizon_months} months against "
            f"{usd(f.totals[alternative])} for {alternative.label}"
        )
    else:
        reasons.append(f"it is the only architecture that meets every need (about {usd(f.totals[chosen])} "
                       f"over {f.scenario.horizon_months} months)")
    if chosen in FINE_TUNED:
        reasons.append(f"the fine-tuned model runs {HOSTING_LABELS[f.curves[chosen].hosting]}, the cheaper place for it")
    if choice.budget_unmet:
        reasons.append("it comes closest to the latency budget")
    return f"{chosen.label}: " + "; ".join(reasons) + "."


def recommend(scenario: Scenario, assumptions: Assumptions | None = None) -> Recommendation:
    """Recommend an architecture for ``scenario``, with a finding for every deciding factor.

    >>> r = recommend(Scenario(queries_per_month=300_000, knowledge_updates_per_month=1,
    ...                        corpus_documents=8_000, behavior_needs=["brand_voice"]))
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
        _corpus(f, choice),
        _behaviour(f),
        _volume(f),
        _latency(f, infeasible),
        _prompting_first(f, choice.ruled_out),
    )
    alternative = _alternative(f, choice)
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
    )
