"""The book's chapter calculators, declared once: standard library only (they also run in Pyodide).

Each calculator (``CALCULATORS[key]``) names its title, its controls (``advisor.core.controls``), the
case it starts from, and three pure functions: ``compute(scenario, assumptions, draws)`` (one advisor
call), ``summary(result, scenario, assumptions)`` (the HTML shown, every number formatted by
``advisor.core.formatting``) and ``records(result, scenario, assumptions)`` (the rows its chart draws,
``{dataset name: [row, ...]}``). ``advisor.widgets`` shows the same summary and draws its chart from
the same named datasets (``advisor.calculator_charts``); the static site calls ``run_json`` in the
reader's browser and swaps the chart's datasets for the rows it returns.

>>> out = run("volume", "queries_per_month=3000000")
>>> out["ok"], out["result"]["architecture"], sorted(out["records"])
(True, 'fine_tuning', ['per_query', 'volume'])
>>> run("volume", "queries_per_month=-1")["error"]
'queries_per_month must be a number >= 0 and <= 1,000,000,000,000, got -1.0'
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .architecture import CATEGORY_LABELS, COST_CATEGORIES, Architecture
from .assumptions import Assumptions
from .brief import decision_brief
from .case import case_from_mapping, case_to_mapping, parse_fragment, to_fragment
from .context import context_fit_records
from .controls import CONTROLS, Control
from .costs import TCO, curve_for, feasibility, knowledge_update_costs, query_tokens, step_volumes, tco, tco_from_curve
from .crossover import MAX_VOLUME, crossover_between, crossover_volume
from .decision import Factor, Recommendation, recommend
from .evaluation import MAX_SET_SIZE, paired_sample_size, points, two_proportion_sample_size
from .formatting import count, ms, number, share, usd, usd_exact
from .latency import LATENCY_LABELS
from .sampling import BROWSER_DRAWS, UncertaintySummary, simulate_draws, summarize_draws
from .scenario import Scenario

Rows = list[dict[str, Any]]  # a chart dataset: JSON-safe rows
Records = dict[str, Rows]
Facts = dict[str, object]  # the figures a test reads: JSON-safe
Costs = Mapping[Architecture, TCO]
RANGE_DRAWS = 200  # draws behind the crossover calculator's range: enough for its 10th-90th percentile
DECISION_DRAWS = BROWSER_DRAWS  # the ranges of chapter 12's calculator, as on the Your case page
UPDATE_RATES = (0, 0.5, 1, 2, 3, 4.33, 6, 8, 12, 16, 20, 25, 30)
RAG_FT = (Architecture.RAG, Architecture.FINE_TUNING)
RAG_FT_HYBRID = (Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID)


@dataclass(frozen=True)
class Calculator:
    """One chapter calculator as data: what it asks, what it computes, what it shows."""

    key: str
    title: str
    controls: tuple[str, ...]
    case: Mapping[str, object]  # the Scenario fields it starts from (the rest take their defaults)
    compute: Callable[[Scenario, Assumptions, int], Any]
    summary: Callable[[Any, Scenario, Assumptions], str]
    records: Callable[[Any, Scenario, Assumptions], Records]
    facts: Callable[[Any, Scenario, Assumptions], Facts]  # the figures a test reads (``data-result``)
    datasets: tuple[str, ...] = field(default=())  # the names ``records`` returns, which the chart reads

    def scenario(self) -> Scenario:
        return Scenario.from_dict(dict(self.case))


# --- HTML pieces (the widgets and the page show exactly these) -------------------------------------


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td style='padding:2px 8px'>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def finding(r: Recommendation, factor: Factor) -> str:
    f = r.finding(factor)
    return (
        f"<p><b>{html.escape(f.factor.label)}</b> points to <b>{html.escape(f.points_to)}</b>. "
        f"{html.escape(f.explanation)}</p>"
    )


def name(t: TCO) -> str:
    """An architecture's name, with where its fine-tuned model runs."""
    if t.hosting == "self_hosted":
        return f"{t.architecture.label} (self-hosted, {count(t.gpus)} GPU{'s' if t.gpus != 1 else ''})"
    if t.hosting == "managed":
        return f"{t.architecture.label} (managed endpoint)"
    return t.architecture.label


def known(figure: float | None) -> float:
    """A figure of an option that can serve the scenario (``None`` only where it cannot: callers check first)."""
    assert figure is not None, "a figure of an option that cannot serve the scenario"
    return figure


def unpriced(t: TCO, columns: int) -> list[str]:
    """A table row for an architecture that cannot serve the scenario: named, not priced."""
    return [t.architecture.label, f"cannot serve: {t.why_not}"] + [""] * (columns - 1)


def unpriced_list(costs: Iterable[TCO]) -> str:
    items = "".join(
        f"<li>{html.escape(t.architecture.label)}: cannot serve: {html.escape(t.why_not)}</li>"
        for t in costs
        if not t.feasible
    )
    return f"<p>Not priced:</p><ul>{items}</ul>" if items else ""


def recommended(r: Recommendation) -> str:
    """The recommendation, and the options that cannot serve the scenario at all (named, not priced)."""
    return f"<p>Recommended: <b>{html.escape(r.architecture.label)}</b>. {html.escape(r.summary)}</p>" + unpriced_list(
        r.costs.values()
    )


def totals_at_volume(costs: Mapping[Architecture, TCO], s: Scenario, archs: Sequence[Architecture]) -> str:
    """One line: each architecture's total at the scenario's volume (what moves when the volume does)."""
    parts = [f"{a.label} {usd_exact(known(costs[a].total))}" for a in archs if costs[a].feasible]
    return (
        f"<p>At {count(s.queries_per_month)} queries a month, over {s.horizon_months} months: "
        f"{html.escape('; '.join(parts) or 'none of these can serve it')}.</p>"
    )


def idle(fields: str, why: str) -> str:
    """Why a control changes nothing at this setting, said where its effect would show (``data-idle`` names
    the controls it is about, space-separated)."""
    return f'<p class="advisor-idle" data-idle="{fields}">{html.escape(why)}</p>'


def idle_fields(summary: str) -> set[str]:
    """The controls a summary says change nothing at this setting.

    >>> sorted(idle_fields(idle("gpu_usd_per_hour min_gpu_replicas", "why")))
    ['gpu_usd_per_hour', 'min_gpu_replicas']
    """
    return {name for group in re.findall(r'data-idle="([^"]*)"', summary) for name in group.split()}


def schema_idle(s: Scenario) -> str:
    """Structured outputs matter only for a JSON schema among the behaviour needs: say so where they do not."""
    if "json_schema" in s.behavior_needs:
        return ""
    return idle(
        "structured_outputs",
        "Whether the model enforces a JSON schema changes nothing here: no JSON schema is among the behaviour needs.",
    )


HOSTING_WORDS = {"self_hosted": "on your own GPUs", "managed": "on the provider's fine-tuned endpoint"}


def hosting_line(s: Scenario, a: Assumptions) -> str:
    """Where a fine-tuned model runs, and whether the reader chose it or "auto" did (the cheaper at this volume)."""
    hosting = curve_for(s, Architecture.FINE_TUNING, a).hosting
    how = (
        "the cheaper of the two at this volume (hosting: auto)"
        if a.finetune_hosting == "auto"
        else f"as set (hosting: {a.finetune_hosting.replace('_', '-')})"
    )
    text = f"<p>A fine-tuned model runs {HOSTING_WORDS.get(hosting, hosting)}: {html.escape(how)}.</p>"
    if (
        a.finetune_hosting != "auto"
        and curve_for(s, Architecture.FINE_TUNING, a.replace(finetune_hosting="auto")).hosting == hosting
    ):
        text += idle(
            "finetune_hosting",
            "Choosing this hosting changes no number here: auto chooses it too, as the cheaper at this volume.",
        )
    return text


def brief_link(markdown: str, filename: str = "decision-brief.md") -> str:
    """A download link that carries the brief inside the page (works offline, with no kernel)."""
    data = base64.b64encode(markdown.encode("utf-8")).decode("ascii")
    return (
        f'<a download="{html.escape(filename)}" href="data:text/markdown;base64,{data}">'
        "Download the decision brief (Markdown)</a>"
    )


# --- rows the charts draw ----------------------------------------------------------------------------


def volume_grid(low: float, high: float, points: int = 41) -> list[float]:
    """Monthly volumes spaced evenly on a log scale.

    >>> [round(v) for v in volume_grid(1_000, 100_000, 3)]
    [1000, 10000, 100000]
    """
    ratio = (high / low) ** (1 / (points - 1))
    return [low * ratio**i for i in range(points)]


def volumes_around(
    s: Scenario, anchors: Sequence[float | None], archs: Sequence[Architecture], a: Assumptions
) -> list[float]:
    """Volumes from a thirtieth of the lowest of the scenario's volume and ``anchors`` to thirty times the
    highest, with the points where a self-hosted fleet adds a GPU (and just after: the steps show)."""
    points = [float(x) for x in anchors if x] + ([s.queries_per_month] if s.queries_per_month > 0 else [])
    points = points or [100_000.0]
    low = max(100.0, min(points) / 30)
    high = min(MAX_VOLUME, max(points) * 30)
    volumes = set(volume_grid(low, high))
    for arch in archs:
        for v in step_volumes(s, arch, low, high, a)[:50]:
            volumes.update((v, v * (1 + 1e-6)))
    return sorted(volumes)


def tco_by_volume_rows(s: Scenario, a: Assumptions, archs: Sequence[Architecture], volumes: Sequence[float]) -> Rows:
    """Total over the horizon at each volume, each architecture priced as at the scenario's volume."""
    rows: Rows = []
    for arch in archs:
        curve = curve_for(s, arch, a)
        rows += [
            {
                "volume": v,
                "architecture": arch.value,
                "label": arch.label,
                "total": float(curve.total_at(v, s.horizon_months)),
            }
            for v in volumes
        ]
    return rows


def hidden(field: str, at: float) -> Rows:
    """A marker with nothing to mark: one row the chart draws invisible (``advisor.charts.SHOWN``) at ``at``, a
    value already on the axis, so that the dataset is never empty (Vega warns of an "Infinite extent" then)."""
    return [{field: at, "text": "", "show": False}]


def volume_marker(s: Scenario, volumes: Sequence[float]) -> Rows:
    """The reader's volume, where a log axis can show it."""
    v = s.queries_per_month
    return [{"volume": v, "text": f"your volume: {count(v)}", "show": True}] if v > 0 else hidden("volume", volumes[0])


def crossover_marker(volume: float | None, volumes: Sequence[float]) -> Rows:
    if not volume:
        return hidden("volume", volumes[0])
    return [{"volume": volume, "text": f"crossover ≈ {count(volume)} / month", "show": True}]


def feasible(costs: Mapping[Architecture, TCO], archs: Sequence[Architecture]) -> list[Architecture]:
    return [x for x in archs if costs[x].feasible]


def by_volume_records(s: Scenario, a: Assumptions, archs: Sequence[Architecture], crossing: float | None) -> Records:
    volumes = volumes_around(s, [crossing], archs, a)
    return {
        "tco_by_volume": tco_by_volume_rows(s, a, archs, volumes),
        "crossover": crossover_marker(crossing, volumes),
        "volume": volume_marker(s, volumes),
    }


def tco_facts(costs: Costs) -> Facts:
    return {"tco": {x.value: costs[x].total for x in costs}}


def recommendation_facts(r: Recommendation, s: Scenario, a: Assumptions) -> Facts:
    return {"architecture": r.architecture.value, **tco_facts(r.costs), "crossover": r.crossover}


# --- chapter 2: pay up front or pay as you go ---------------------------------------------------------


def _tco_of(archs: Sequence[Architecture]) -> Callable[[Scenario, Assumptions, int], dict[Architecture, TCO]]:
    return lambda s, a, draws: {x: tco(s, x, a) for x in archs}


def architectures_summary(costs: Costs, s: Scenario, a: Assumptions) -> str:
    rows = [
        [name(t), usd(sum(t.one_time.values())), usd(known(t.monthly_run_rate)), usd(known(t.total))]
        if t.feasible
        else unpriced(t, 3)
        for t in costs.values()
    ]
    return table(["Architecture", "Paid once", "Per month after", f"Total over {s.horizon_months} months"], rows)


def architectures_records(costs: Costs, s: Scenario, a: Assumptions) -> Records:
    rows = []
    for arch, t in costs.items():
        if not t.feasible:
            continue
        once = sum(t.one_time.values())
        rows += [
            {
                "month": m,
                "architecture": arch.value,
                "label": arch.label,
                "cumulative": once + known(t.monthly_run_rate) * m,
            }
            for m in range(1, s.horizon_months + 1)
        ]
    return {"cumulative": rows}


# --- chapter 3: how often the knowledge changes -----------------------------------------------------


def freshness_summary(r: Recommendation, s: Scenario, a: Assumptions) -> str:
    one = knowledge_update_costs(s, a)
    return (
        finding(r, Factor.KNOWLEDGE_FRESHNESS)
        + f"<p>One update: a retrain of the fine-tuned model costs {usd(one['retrain_usd'])}; re-indexing for RAG "
        f"costs {usd(one['reindex_usd'])}. At {number(s.knowledge_updates_per_month)} updates a month over "
        f"{s.horizon_months} months: {html.escape(_totals(r.costs, RAG_FT_HYBRID))}.</p>" + recommended(r)
    )


def _totals(costs: Costs, archs: Sequence[Architecture]) -> str:
    return (
        "; ".join(f"{x.label} {usd_exact(known(costs[x].total))}" for x in archs if costs[x].feasible)
        or "none can serve it"
    )


def freshness_records(r: Recommendation, s: Scenario, a: Assumptions) -> Records:
    own = s.knowledge_updates_per_month
    rows = []
    for rate in sorted(set(UPDATE_RATES) | {own}):
        at = s.replace(knowledge_updates_per_month=rate)
        for arch in RAG_FT_HYBRID:
            t = tco(at, arch, a)
            if t.feasible:
                rows.append({"rate": float(rate), "architecture": arch.value, "label": arch.label, "total": t.total})
    return {
        "by_rate": rows,
        "weekly": [{"rate": a.frequent_updates_per_month, "text": "weekly", "show": True}],
        "yours": [{"rate": float(own), "text": f"yours: {number(own)} a month", "show": True}],
    }


# --- chapter 4: does the corpus fit ----------------------------------------------------------------


def corpus_summary(r: Recommendation, s: Scenario, a: Assumptions) -> str:
    return finding(r, Factor.CORPUS_SIZE) + recommended(r)


def corpus_records(r: Recommendation, s: Scenario, a: Assumptions) -> Records:
    rows = [
        {
            "model": row["model"] + (" (your model)" if row["model"] == a.managed_model else ""),
            "context_window": row["context_window"],
            "usable_for_corpus": row["usable_for_corpus"],
            "verdict": "fits" if row["fits"] else "does not fit",
        }
        for row in context_fit_records(s, a)
    ]
    return {
        "models": rows,
        "corpus": [{"tokens": s.corpus_tokens, "text": f"your corpus: {count(s.corpus_tokens)} tokens"}],
    }


# --- chapter 5: behaviour ----------------------------------------------------------------------------


def behavior_summary(r: Recommendation, s: Scenario, a: Assumptions) -> str:
    rules = query_tokens(s, Architecture.RAG, a)["behaviour rules"]
    month = (
        f"<p>The rules for these needs are {count(rules)} tokens in every prompt: at {count(s.queries_per_month)} "
        f"queries a month, {count(rules * s.queries_per_month)} tokens a month that a fine-tuned model does not send.</p>"
        if rules
        else "<p>No behaviour rules in the prompt: nothing for fine-tuning to take out of it.</p>"
    )
    return finding(r, Factor.BEHAVIOR) + month + recommended(r) + schema_idle(s)


def behavior_records(r: Recommendation, s: Scenario, a: Assumptions) -> Records:
    rows = [
        {
            "architecture": arch.value,
            "label": arch.label,
            "part": part,
            "per_query": tokens,
            "tokens": tokens * s.queries_per_month,
            "recommended": "yes" if arch is r.architecture else "no",
            "needs": ", ".join(n.replace("_", " ") for n in s.behavior_needs) or "none",
        }
        for arch in Architecture
        if r.costs[arch].feasible
        for part, tokens in query_tokens(s, arch, a).items()
        if tokens > 0
    ]
    return {"tokens": rows}


# --- chapter 6: volume --------------------------------------------------------------------------------


def volume_summary(r: Recommendation, s: Scenario, a: Assumptions) -> str:
    rows = [
        [name(t), usd(t.per_query) if t.per_query is not None else "n/a", usd(known(t.total))]
        if t.feasible
        else unpriced(t, 2)
        for t in r.costs.values()
    ]
    return (
        finding(r, Factor.QUERY_VOLUME)
        + table(["Architecture", "All-in per query", "Total"], rows)
        + hosting_line(s, r.assumptions)
    )


def volume_records(r: Recommendation, s: Scenario, a: Assumptions) -> Records:
    archs = [x for x in Architecture if r.costs[x].feasible]
    rows = []
    for arch in archs:
        curve = curve_for(s, arch, a)
        for v in volumes_around(s, [], [arch], a):
            per_query = tco_from_curve(s.replace(queries_per_month=v), curve).per_query
            if per_query:
                rows.append({"volume": v, "architecture": arch.value, "label": arch.label, "per_query": per_query})
    return {"per_query": rows, "volume": volume_marker(s, volumes_around(s, [], [], a))}


# --- chapter 7: latency ------------------------------------------------------------------------------


def latency_summary(r: Recommendation, s: Scenario, a: Assumptions) -> str:
    times = "; ".join(
        f"{x.label} {ms(known(r.latencies[x].total_ms))}" for x in Architecture if r.latencies[x].feasible
    )
    return finding(r, Factor.LATENCY) + f"<p>Expected time to first token: {html.escape(times)}.</p>" + recommended(r)


def latency_records(r: Recommendation, s: Scenario, a: Assumptions) -> Records:
    rows = [
        {"architecture": x.value, "label": x.label, "part": LATENCY_LABELS[part], "ms": value}
        for x in Architecture
        if r.latencies[x].feasible
        for part, value in r.latencies[x].parts_ms.items()
    ]
    b = s.latency_budget_ms
    budget = [{"ms": b, "text": f"budget {ms(b)}", "show": True}] if b is not None else hidden("ms", 0)
    return {"latency": rows, "budget": budget}


def latency_facts(r: Recommendation, s: Scenario, a: Assumptions) -> Facts:
    return {**recommendation_facts(r, s, a), "latency": {x.value: r.latencies[x].total_ms for x in Architecture}}


# --- chapter 8: the cost table --------------------------------------------------------------------------


def cost_summary(costs: Costs, s: Scenario, a: Assumptions) -> str:
    priced = [x for x, t in costs.items() if t.feasible]
    rows = [[CATEGORY_LABELS[c]] + [usd(costs[x].by_category[c]) for x in priced] for c in COST_CATEGORIES]
    rows.append(["Total"] + [usd(known(costs[x].total)) for x in priced])
    return (table(["Category"] + [name(costs[x]) for x in priced], rows) if priced else "") + unpriced_list(
        costs.values()
    )


def cost_records(costs: Costs, s: Scenario, a: Assumptions) -> Records:
    rows = [
        {"architecture": x.value, "label": x.label, "category": CATEGORY_LABELS[c], "usd": t.by_category[c]}
        for x, t in costs.items()
        if t.feasible
        for c in COST_CATEGORIES
    ]
    return {"costs": rows}


# --- chapter 9: the crossover -------------------------------------------------------------------------


@dataclass(frozen=True)
class Crossover:
    volume: float | None
    summary: UncertaintySummary


def crossover_compute(s: Scenario, a: Assumptions, draws: int) -> Crossover:
    rag = feasibility(s, Architecture.RAG, a)
    if rag:  # no crossover to find: say why, as a result rather than an error
        raise ValueError(f"{Architecture.RAG.label} cannot serve this scenario, so there is no crossover: {rag}")
    return Crossover(crossover_volume(s, a), summarize_draws(simulate_draws(s, n=RANGE_DRAWS, seed=0, assumptions=a)))


def crossover_summary(c: Crossover, s: Scenario, a: Assumptions) -> str:
    text = (
        f"<p>Fine-tuning's total cost equals RAG's at about <b>{count(c.volume)} queries a month</b>.</p>"
        if c.volume is not None
        else "<p>With these assumptions fine-tuning and RAG never cost the same.</p>"
    )
    q, u = c.summary.crossover_quantiles, c.summary
    if q:
        text += (
            f"<p>Over {count(u.draws)} draws of the uncertain assumptions, they cross in {share(u.share_crossing)} "
            f"of them, between {count(q[0.1])} and {count(q[0.9])} queries a month (10th to 90th percentile).</p>"
        )
    if u.p_finetuning_cheaper is not None:
        text += (
            f"<p>At your {count(s.queries_per_month)} queries a month, fine-tuning is the cheaper in "
            f"{share(u.p_finetuning_cheaper)} of the draws.</p>"
        )
    return text + hosting_line(s, a) + gpu_idle(s, a)


def gpu_idle(s: Scenario, a: Assumptions) -> str:
    """The GPU price and replicas move nothing while the fine-tuned model runs on the provider's endpoint."""
    if curve_for(s, Architecture.FINE_TUNING, a).hosting != "managed":
        return ""
    why = (
        "The GPU price and the minimum replicas count only when the fine-tuned model runs on your own GPUs; "
        "here it runs on the provider's endpoint, so they change no total (choose self-hosted to see them)."
    )
    return idle("gpu_usd_per_hour min_gpu_replicas", why)


def crossover_records(c: Crossover, s: Scenario, a: Assumptions) -> Records:
    archs = [x for x in RAG_FT if not feasibility(s, x, a)]
    out = by_volume_records(s, a, archs, c.volume)
    q = c.summary.crossover_quantiles
    at = out["volume"][0]["volume"]
    out["crossover_range"] = [
        {"low": q[0.1], "high": q[0.9], "show": True} if q else {"low": at, "high": at, "show": False}
    ]
    return out


def crossover_facts(c: Crossover, s: Scenario, a: Assumptions) -> Facts:
    return {"crossover": c.volume, "p_finetuning_cheaper": c.summary.p_finetuning_cheaper}


# --- chapters 10 and 11: hybrid, prompting first --------------------------------------------------------


def hybrid_summary(r: Recommendation, s: Scenario, a: Assumptions) -> str:
    return recommended(r) + totals_at_volume(r.costs, s, RAG_FT_HYBRID) + schema_idle(s)


def hybrid_records(r: Recommendation, s: Scenario, a: Assumptions) -> Records:
    archs = feasible(r.costs, RAG_FT_HYBRID)
    return by_volume_records(s, a, archs, r.crossover)


PROMPTING_TRIO = (Architecture.PROMPTING, Architecture.RAG, Architecture.FINE_TUNING)


def prompting_summary(r: Recommendation, s: Scenario, a: Assumptions) -> str:
    text = finding(r, Factor.PROMPTING_FIRST) + recommended(r) + totals_at_volume(r.costs, s, PROMPTING_TRIO)
    if not r.costs[Architecture.PROMPTING].feasible:
        text += idle(
            "cache_hit_rate",
            "The prompt cache hit rate changes nothing here: it prices the corpus carried in every prompt, "
            f"and {Architecture.PROMPTING.in_sentence} cannot serve this case.",
        )
    return text


def prompting_records(r: Recommendation, s: Scenario, a: Assumptions) -> Records:
    archs = feasible(r.costs, PROMPTING_TRIO)
    both = {Architecture.PROMPTING, Architecture.RAG} <= set(archs)
    crossing = crossover_between(s, Architecture.PROMPTING, Architecture.RAG, a) if both else None
    return by_volume_records(s, a, archs, crossing)


# --- chapter 12: your decision ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """What chapter 12 shows: the recommendation, its cost ranges, and the brief."""

    recommendation: Recommendation
    summary: UncertaintySummary
    brief: str


def decide(s: Scenario, a: Assumptions, draws: int = DECISION_DRAWS) -> Decision:
    """The recommendation, its cost ranges over ``draws`` draws, and the brief built from both."""
    r = recommend(s, a)
    summary = summarize_draws(simulate_draws(s, n=draws, seed=0, assumptions=r.assumptions))
    return Decision(r, summary, decision_brief(r, draws=draws, summary=summary))


def decision_summary(d: Decision, s: Scenario, a: Assumptions) -> str:
    r = d.recommendation
    rows = [[f.factor.label, f.points_to, f.explanation] for f in r.findings]
    extra = "".join(f"<li>{html.escape(c)}</li>" for c in r.conflicts + r.what_would_change)
    return (
        recommended(r)
        + totals_at_volume(r.costs, s, list(Architecture))
        + hosting_line(s, r.assumptions)
        + table(["Factor", "Points to", "Why"], rows)
        + (f"<p><b>Conflicts, and what would change the answer</b></p><ul>{extra}</ul>" if extra else "")
        + f"<p>{brief_link(d.brief)}</p>"
        + schema_idle(s)
    )


def range_rows(r: Recommendation, summary: UncertaintySummary) -> Rows:
    """Each priced architecture's 10th, 50th and 90th percentile over the draws, with its central estimate."""
    return [
        {
            "architecture": x,
            "label": Architecture(x).label,
            "p10": q["p10"],
            "p50": q["p50"],
            "p90": q["p90"],
            "central": r.costs[Architecture(x)].total,
        }
        for x, q in summary.tco_ranges.items()
    ]


def decision_records(d: Decision, s: Scenario, a: Assumptions) -> Records:
    return {"ranges": range_rows(d.recommendation, d.summary)}


def decision_facts(d: Decision, s: Scenario, a: Assumptions) -> Facts:
    return {**recommendation_facts(d.recommendation, s, a), "p_finetuning_cheaper": d.summary.p_finetuning_cheaper}


# --- evaluate before you commit --------------------------------------------------------------------------

GAPS = [g / 1000 for g in range(5, 151, 5)]  # accuracy gaps from half a point to 15 points
EVALUATION_CONTROLS: dict[str, Control] = {  # assumptions only this calculator asks for
    c.field: c
    for c in (
        Control(
            "accuracy_rag",
            "RAG accuracy",
            "number",
            "assumptions",
            "",
            "Share of answers graded right.",
            0.3,
            0.99,
            0.01,
        ),
        Control(
            "accuracy_fine_tuning",
            "Fine-tuning accuracy",
            "number",
            "assumptions",
            "",
            "Share graded right.",
            0.3,
            0.99,
            0.01,
        ),
        Control(
            "accuracy_hybrid", "Hybrid accuracy", "number", "assumptions", "", "Share graded right.", 0.3, 0.99, 0.01
        ),
        Control(
            "eval_correctness_correlation",
            "Correlation of right answers",
            "number",
            "assumptions",
            "",
            "How often two systems are right on the same items (paired design).",
            0.0,
            0.95,
            0.05,
        ),
        Control(
            "eval_golden_set_size",
            "Items in your golden set now",
            "number",
            "assumptions",
            "items",
            "Labelled questions you already have.",
            0,
            10_000,
            50,
            integer=True,
            slider=False,
        ),
    )
}


def control_of(name: str) -> Control:
    """The declaration of a calculator's control: ``advisor.core.controls`` or this module's own."""
    found = CONTROLS.get(name) or EVALUATION_CONTROLS.get(name)
    if found is None:
        raise ValueError(f"no control {name!r}")
    return found


def evaluation_compute(s: Scenario, a: Assumptions, draws: int) -> Recommendation:
    # 0 in the box means "no cost given": quality is then not priced
    return recommend(s.replace(error_cost_usd=None) if s.error_cost_usd == 0 else s, a)


def evaluation_summary(r: Recommendation, s: Scenario, a: Assumptions) -> str:
    plan = r.pilot
    rows = []
    for arch, q in r.quality.items():
        row = [arch.label, share(q.accuracy), usd(q.cost_of_pass) if q.cost_of_pass is not None else "n/a"]
        row.append(usd(q.total_with_errors) if q.total_with_errors is not None else "not priced")
        rows.append(row)
    text = table(
        ["Architecture", "Accuracy", "Cost per correct answer", f"Total over {s.horizon_months} months with errors"],
        rows,
    )
    pilot = ""
    if plan is not None:
        names = " and ".join(arch.in_sentence for arch in plan.compare)
        current = ""
        if plan.current_set_size:
            current = (
                f"<li>Your set of {count(plan.current_set_size)} items detects "
                + (
                    f"a gap of {html.escape(points(plan.current_set_detects))} or more."
                    if plan.current_set_detects is not None
                    else "no gap at this baseline."
                )
                + "</li>"
            )
        first = plan.compare[0].in_sentence
        if len(plan.compare) > 1:
            settles = f"<b>The pilot that can settle it:</b> {html.escape(names)}, {html.escape(plan.first.in_sentence)} first."
            measures = f"the pilot compares {first} and {plan.compare[1].in_sentence}, and the chart sizes their gap"
        else:
            settles = f"<b>The pilot:</b> {html.escape(names)} alone, with no alternative to compare."
            measures = f"the pilot measures {first} alone, with no alternative to compare"
        pilot = (
            f"<p>{settles}</p><ul>"
            f"<li>Golden set: <b>{count(plan.golden_set_size)} items</b>. {html.escape(plan.why_this_size)}</li>"
            f"<li>Cost: about <b>{usd(plan.cost_usd)}</b>, of which labelling {usd(plan.labeling_usd)}.</li>"
            f"<li>{html.escape(plan.changes_if)}</li>{current}</ul>"
        )
        for arch in r.quality:  # an accuracy outside the comparison moves its row of the table, not the chart
            if arch not in plan.compare[:2]:
                pilot += idle(
                    f"accuracy_{arch.value}", f"{arch.label}'s accuracy moves its row of the table only: {measures}."
                )
    return (
        f"<p>Recommended: <b>{html.escape(r.architecture.label)}</b>.</p>" + finding(r, Factor.QUALITY) + text + pilot
    )


def evaluation_records(r: Recommendation, s: Scenario, a: Assumptions) -> Records:
    """Golden-set size against the accuracy gap to detect, paired and per system, from the recommended
    option's accuracy (``sizes``); the gap at which the choice flips (``flip``)."""
    a = r.assumptions
    base = r.quality[r.architecture].accuracy if r.architecture in r.quality else a.accuracy_rag
    rows = []
    for gap in GAPS:
        target = base + gap if base + gap <= 0.999 else base - gap
        if not 0 <= target <= 1:
            continue
        for design, n in (
            (
                "same items for both (paired)",
                paired_sample_size(base, target, a.eval_correctness_correlation, a.eval_alpha, a.eval_power),
            ),
            ("a separate set per option", two_proportion_sample_size(base, target, a.eval_alpha, a.eval_power)),
        ):
            if n < MAX_SET_SIZE:
                rows.append({"gap": gap * 100, "items": n, "design": design})
    plan = r.pilot
    flip_gap = plan.flip_gap if plan is not None else None
    flip = (
        [{"gap": abs(flip_gap) * 100, "text": "the choice flips here", "show": True}]
        if flip_gap is not None and 0 < abs(flip_gap) <= GAPS[-1]
        else hidden("gap", GAPS[0] * 100)
    )
    # the gap between the accuracies the pilot compares: what the set must be able to see
    yours = hidden("gap", GAPS[-1] * 100)
    if plan is not None and len(plan.compare) >= 2 and all(x in r.quality for x in plan.compare[:2]):
        gap = abs(r.quality[plan.compare[0]].accuracy - r.quality[plan.compare[1]].accuracy)
        if 0 < gap <= GAPS[-1]:
            yours = [{"gap": gap * 100, "text": f"your gap: {points(gap)}", "show": True}]
    # the set the reader has: the gap it detects, at its size
    have = plan.current_set_size if plan is not None else 0
    detects = plan.current_set_detects if plan is not None else None
    if have and detects is not None and 0 < abs(detects) <= GAPS[-1]:
        your_set = [{"gap": abs(detects) * 100, "items": have, "text": f"your set: {count(have)} items", "show": True}]
    else:
        your_set = [{"gap": GAPS[0] * 100, "items": rows[0]["items"] if rows else 1, "text": "", "show": False}]
    return {"sizes": rows, "flip": flip, "yours": yours, "your_set": your_set}


def evaluation_facts(r: Recommendation, s: Scenario, a: Assumptions) -> Facts:
    plan = r.pilot
    return {
        **recommendation_facts(r, s, a),
        "golden_set_size": plan.golden_set_size if plan else None,
        "pilot_usd": plan.cost_usd if plan else None,
    }


# --- the declarations ----------------------------------------------------------------------------------


def _recommend(s: Scenario, a: Assumptions, draws: int) -> Recommendation:
    return recommend(s, a)


def _calculators() -> dict[str, Calculator]:
    shared = {"corpus_documents": 3_000, "knowledge_updates_per_month": 1 / 3}
    items = [
        Calculator(
            "architectures",
            "Pay up front or pay as you go",
            ("queries_per_month", "corpus_documents", "horizon_months"),
            {"queries_per_month": 300_000, **shared},
            _tco_of(RAG_FT),
            architectures_summary,
            architectures_records,
            lambda costs, s, a: tco_facts(costs),
            ("cumulative",),
        ),
        Calculator(
            "freshness",
            "How often does the knowledge change?",
            ("knowledge_updates_per_month", "corpus_documents", "retrain_labour_usd"),
            {"queries_per_month": 200_000, "corpus_documents": 3_000, "knowledge_updates_per_month": 1},
            _recommend,
            freshness_summary,
            freshness_records,
            recommendation_facts,
            ("by_rate", "weekly", "yours"),
        ),
        Calculator(
            "corpus",
            "Does your corpus fit in a prompt?",
            ("corpus_documents", "tokens_per_document", "managed_model"),
            {"queries_per_month": 50_000, "corpus_documents": 80, "knowledge_updates_per_month": 1},
            _recommend,
            corpus_summary,
            corpus_records,
            recommendation_facts,
            ("models", "corpus"),
        ),
        Calculator(
            "behavior",
            "Behaviour the model must show",
            ("behavior_needs", "structured_outputs", "queries_per_month"),
            {"queries_per_month": 200_000, "corpus_documents": 0, "behavior_needs": ["json_schema"]},
            _recommend,
            behavior_summary,
            behavior_records,
            recommendation_facts,
            ("tokens",),
        ),
        Calculator(
            "volume",
            "What does a query cost at your volume?",
            ("queries_per_month", "managed_model", "finetune_hosting"),
            {"queries_per_month": 100_000, **shared},
            _recommend,
            volume_summary,
            volume_records,
            recommendation_facts,
            ("per_query", "volume"),
        ),
        Calculator(
            "latency",
            "Can it answer in time?",
            ("latency_budget_ms", "retrieval_latency_ms", "reranker_latency_ms"),
            {
                "queries_per_month": 200_000,
                "corpus_documents": 10_000,
                "knowledge_updates_per_month": 1,
                "latency_budget_ms": 800,
            },
            _recommend,
            latency_summary,
            latency_records,
            latency_facts,
            ("latency", "budget"),
        ),
        Calculator(
            "cost",
            "The cost table for your case",
            ("queries_per_month", "corpus_documents", "knowledge_updates_per_month", "horizon_months"),
            {"queries_per_month": 300_000, "corpus_documents": 3_000, "knowledge_updates_per_month": 1},
            _tco_of(RAG_FT_HYBRID),
            cost_summary,
            cost_records,
            lambda costs, s, a: tco_facts(costs),
            ("costs",),
        ),
        Calculator(
            "crossover",
            "Where is your crossover?",
            (
                "gpu_usd_per_hour",
                "min_gpu_replicas",
                "finetune_hosting",
                "managed_model",
                "knowledge_updates_per_month",
            ),
            {"queries_per_month": 500_000, **shared},
            crossover_compute,
            crossover_summary,
            crossover_records,
            crossover_facts,
            ("tco_by_volume", "crossover", "volume", "crossover_range"),
        ),
        Calculator(
            "hybrid",
            "Fine-tuned and retrieving?",
            (
                "behavior_needs",
                "structured_outputs",
                "knowledge_updates_per_month",
                "corpus_documents",
                "queries_per_month",
            ),
            {
                "queries_per_month": 500_000,
                "corpus_documents": 20_000,
                "knowledge_updates_per_month": 4.3,
                "behavior_needs": ["json_schema"],
            },
            _recommend,
            hybrid_summary,
            hybrid_records,
            recommendation_facts,
            ("tco_by_volume", "crossover", "volume"),
        ),
        Calculator(
            "prompting",
            "Is a good prompt enough?",
            ("corpus_documents", "queries_per_month", "cache_hit_rate", "managed_model"),
            {"queries_per_month": 20_000, "corpus_documents": 60, "knowledge_updates_per_month": 1},
            _recommend,
            prompting_summary,
            prompting_records,
            recommendation_facts,
            ("tco_by_volume", "crossover", "volume"),
        ),
        Calculator(
            "decision",
            "Your decision",
            (
                "name",
                "queries_per_month",
                "knowledge_updates_per_month",
                "corpus_documents",
                "tokens_per_document",
                "behavior_needs",
                "structured_outputs",
                "latency_budget_ms",
                "horizon_months",
                "managed_model",
                "finetune_hosting",
            ),
            {
                "name": "",
                "queries_per_month": 300_000,
                "knowledge_updates_per_month": 1,
                "corpus_documents": 8_000,
                "behavior_needs": ["json_schema"],
            },
            lambda s, a, draws: decide(s, a, draws),
            decision_summary,
            decision_records,
            decision_facts,
            ("ranges",),
        ),
        Calculator(
            "evaluation",
            "What would settle the choice?",
            (
                "error_cost_usd",
                "accuracy_rag",
                "accuracy_fine_tuning",
                "accuracy_hybrid",
                "eval_correctness_correlation",
                "eval_golden_set_size",
            ),
            {"queries_per_month": 300_000, "corpus_documents": 3_000, "knowledge_updates_per_month": 1},
            evaluation_compute,
            evaluation_summary,
            evaluation_records,
            evaluation_facts,
            ("sizes", "flip", "yours", "your_set"),
        ),
    ]
    return {c.key: c for c in items}


CALCULATORS: dict[str, Calculator] = _calculators()


def calculator(key: str) -> Calculator:
    try:
        return CALCULATORS[key]
    except KeyError:
        raise ValueError(f"no calculator {key!r}; the calculators are {', '.join(CALCULATORS)}") from None


@dataclass(frozen=True)
class Outcome:
    """One calculation: the case it was for, what ``compute`` returned, and what is shown."""

    scenario: Scenario
    assumptions: Assumptions
    result: Any
    html: str
    records: Records


def evaluate(key: str, s: Scenario, a: Assumptions, draws: int | None = None) -> Outcome:
    """Compute, summarise and tabulate calculator ``key`` for a checked case (a ValueError names the field)."""
    c = calculator(key)
    result = c.compute(s, a, DECISION_DRAWS if draws is None else draws)
    return Outcome(s, a, result, c.summary(result, s, a), c.records(result, s, a))


def case_of(key: str, fragment: str = "") -> tuple[Scenario, Assumptions]:
    """The case a calculator's fragment describes: its own starting case, with the fragment's fields over it."""
    values: dict[str, object] = dict(calculator(key).case)
    values.update(parse_fragment(fragment))
    return case_from_mapping(values)


def run(key: str, fragment: str = "", draws: int | None = None) -> dict[str, object]:
    """What calculator ``key`` shows for the case in ``fragment`` (URL-fragment syntax, ``advisor.core.case``),
    JSON-safe: ``html`` (the summary), ``records`` (the chart's datasets), ``result`` (its figures) and
    ``fragment`` (the whole case). Bad input gives ``{"ok": False, "error": ...}`` naming the field."""
    c = calculator(key)
    try:
        s, a = case_of(key, fragment)
        out = evaluate(key, s, a, draws)
        facts = c.facts(out.result, s, a)
    except ValueError as error:
        return {"ok": False, "error": str(error)}
    return {
        "ok": True,
        "key": key,
        "html": out.html,
        "records": out.records,
        "result": facts,
        "fragment": to_fragment(case_to_mapping(s, a)),
    }


def run_json(key: str, fragment: str = "", draws: int | None = None) -> str:
    """``run`` as JSON text (what the page's script reads from Pyodide)."""
    return json.dumps(run(key, fragment, draws), allow_nan=False)
