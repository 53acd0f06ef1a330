"""The decision brief: what a reader takes into a vendor meeting, as Markdown."""

from __future__ import annotations

from importlib import metadata
from typing import TYPE_CHECKING

from .architecture import CATEGORY_LABELS, COST_CATEGORIES, Architecture
from .formatting import count, escape_markdown, ms, share, usd, usd_or_na
from .prices import model_price
from .sampling import MAX_DRAWS, simulate_draws, summarize_draws
from .scenario import DATA_RESIDENCY

if TYPE_CHECKING:
    from .decision import Recommendation
    from .sampling import UncertaintySummary

VENDOR_QUESTIONS = {
    Architecture.PROMPTING: [
        "What does a cached prompt prefix cost, how long does the cache live, and what hit rate do your customers see?",
        "What are the rate limits at our volume, and what happens to latency at peak?",
        "How will we know when a model update changes our outputs? Is there a pinned model version?",
        "When is that version scheduled to retire, how much notice do you give, and is it served in our region?",
    ],
    Architecture.RAG: [
        "What is the retrieval p95 latency at our index size, measured from our region?",
        "How long does re-indexing take after an update, and what does a re-index cost?",
        "How is retrieval quality measured (recall, answer accuracy), and on whose data?",
        "What are the vector store's minimum monthly fee and its per-query read charges at our volume?",
    ],
    Architecture.FINE_TUNING: [
        "Who owns the fine-tuned weights, and can we move them to another host?",
        "What does one retraining cycle cost, people included, and how often do you expect to run it?",
        "How is the model served: how many replicas, what failover, and what utilisation do you plan for?",
        "How will drift be detected, and what evaluation set gates each new model?",
        "What training data do you need from us, and how many examples per behaviour?",
        "What happens to our fine-tuned model when its base model is retired, and can we export the weights?",
    ],
}
VENDOR_QUESTIONS[Architecture.HYBRID] = (
    VENDOR_QUESTIONS[Architecture.FINE_TUNING][:3]
    + VENDOR_QUESTIONS[Architecture.RAG][:2]
    + ["Is the model trained to use retrieved documents (as in RAFT), or only fine-tuned on the domain?"]
)


def _version() -> str:
    try:
        return metadata.version("advisor")
    except metadata.PackageNotFoundError:
        return "development"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def _quality_section(r: Recommendation) -> list[str]:
    """Quality and the cost of a wrong answer: accuracy, cost per correct answer, expected errors."""
    from .decision import Factor

    s = r.scenario
    finding = r.finding(Factor.QUALITY)
    priced = s.error_cost_usd is not None
    header = ["Architecture", "Accuracy (p10 to p90)", "Cost per query", "Cost per correct answer", "Wrong answers"]
    if priced:
        header += ["Cost of wrong answers (p10 to p90)", f"Total over {s.horizon_months} months with errors"]
    rows = []
    for arch, q in r.quality.items():
        row = [
            arch.label + (" (recommended)" if arch is r.architecture else ""),
            f"{share(q.accuracy)} ({share(q.accuracy_range[0])} to {share(q.accuracy_range[1])})",
            usd_or_na(q.cost_per_query),
            usd_or_na(q.cost_of_pass),
            count(q.wrong_answers),
        ]
        if priced:
            assert q.error_cost_range is not None and q.error_cost is not None and q.total_with_errors is not None
            low, high = q.error_cost_range
            row += [f"{usd(q.error_cost)} ({usd(low)} to {usd(high)})", usd(q.total_with_errors)]
        rows.append(row)
    return [
        "",
        "## Quality and the cost of a wrong answer",
        "",
        f"**{finding.points_to}.** {finding.explanation}",
        "",
        *_table(header, rows),
    ]


def _pilot_section(r: Recommendation) -> list[str]:
    """The pilot plan: what to test first, with what set size, and the result that would change the answer."""
    plan = r.pilot
    if plan is None:
        return []
    names = " and ".join(arch.in_sentence for arch in plan.compare)
    then = [arch for arch in plan.compare if arch is not plan.first]
    order = f"Test {plan.first.in_sentence} first (the cheaper pilot)" + (
        f", then {then[0].in_sentence} on the same items." if then else "."
    )
    costs = ", ".join(f"{arch.label} {usd(cost)}" for arch, cost in plan.cost_by_architecture.items())
    lines = [
        "",
        "## Before you commit: the pilot",
        "",
        f"- **What to test:** {names}. {order}",
        f"- **Golden set:** {count(plan.golden_set_size)} labelled items. {plan.why_this_size}",
        f"- **What it costs:** about {usd(plan.cost_usd)}: labelling {usd(plan.labeling_usd)}, and runs, judging and "
        f"set-up by option ({costs}). Engineering time to stand the options up is part of their build, not counted here.",
        f"- **The result that would change the recommendation:** {plan.changes_if}",
    ]
    lines += [f"- {note}" for note in plan.notes]
    return lines


def decision_brief(
    recommendation: Recommendation, draws: int = 4_000, seed: int = 0, summary: UncertaintySummary | None = None
) -> str:
    """Render ``recommendation`` as a Markdown decision brief (cost ranges from ``draws`` simulated draws).

    ``summary`` (from ``summarize``) may be passed in when the caller has simulated already; otherwise
    the draws are made here on the standard library (the same draws as ``advisor.simulate``).
    Everything in it is generated from validated values, except the scenario's free-text ``name``,
    which is escaped so that it cannot add markup, links or HTML to the brief.

    >>> decision_brief(None)
    Traceback (most recent call last):
    ...
    ValueError: recommendation must be an advisor.Recommendation (from advisor.recommend), got NoneType
    """
    from .decision import RISK_FACTORS, SEED_FACTORS, Recommendation

    if not isinstance(recommendation, Recommendation):
        raise ValueError(
            "recommendation must be an advisor.Recommendation (from advisor.recommend), "
            f"got {type(recommendation).__name__}"
        )
    r = recommendation
    s, a = r.scenario, r.assumptions
    if summary is None:
        if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
            raise ValueError(f"draws must be a whole number from 1 to {MAX_DRAWS:,}, got {draws!r}")
        summary = summarize_draws(simulate_draws(s, n=draws, seed=seed, assumptions=a))
    draws = summary.draws
    title = escape_markdown(s.name) if s.name.strip() else "LLM architecture decision"
    snapshot_date = model_price(a.managed_model).snapshot_date
    hosting = {"self_hosted": "self-hosted on rented GPUs", "managed": "the provider's fine-tuned model endpoint"}
    hosted_instead = {
        "self_hosted": "On rented GPUs of your own",
        "managed": "On the provider's fine-tuned model endpoint",
    }
    out = [
        f"# Decision brief: {title}",
        "",
        f"*Made with advisor {_version()}. Managed-model prices from a snapshot dated {snapshot_date}; other "
        f"assumptions from the cited table. Costs are estimates over {s.horizon_months} months. Each headline figure is "
        f"computed at the default values, and each default is the median of its range, so it is a central estimate; "
        f"ranges are the 10th to 90th percentile of {draws:,} draws over the assumptions' ranges.*",
        "",
        f"## Recommendation: {r.architecture.label}",
        "",
        r.summary,
        "",
        "## The case",
        "",
        *_table(
            ["Input", "Value"],
            [
                ["Queries per month", f"{count(s.queries_per_month)} (about {count(s.queries_per_day)} a day)"],
                ["Knowledge updates per month", f"{s.knowledge_updates_per_month:.3g}"],
                ["Private corpus", f"{s.corpus_documents:,} documents x {s.tokens_per_document:,} tokens"],
                ["Behaviour needs", ", ".join(s.behavior_needs) or "none"],
                ["Model enforces a JSON schema (structured outputs)", "yes" if s.structured_outputs else "no"],
                [
                    "Latency budget (p95 time to first token)",
                    ms(s.latency_budget_ms) if s.latency_budget_ms else "none",
                ],
                ["Managed model", a.managed_model],
                [
                    "Fine-tuned model hosting",
                    hosting.get(r.hosting, "")
                    if r.hosting
                    else f"{a.finetune_hosting.replace('_', '-')} (no fine-tuned model recommended)",
                ],
                [
                    "Cost of one wrong answer",
                    usd_or_na(s.error_cost_usd) if s.error_cost_usd is not None else "not given",
                ],
                ["Where the data may be processed", DATA_RESIDENCY[s.data_residency]],
                [
                    "Provider retires the model in",
                    f"{s.base_model_retires_in_months:g} months"
                    if s.base_model_retires_in_months is not None
                    else "not counted",
                ],
                ["ML-ops skills in house", "yes" if s.mlops_in_house else "no (hours bought in)"],
                ["Deadline to production", f"{s.deadline_weeks:g} weeks" if s.deadline_weeks is not None else "none"],
                ["Expected moves to another provider", f"{s.provider_moves:g}"],
            ],
        ),
        "",
        "## What each factor says",
        "",
        *_table(
            ["Factor", "Points to", "Why"],
            [[f.factor.label, f.points_to, f.explanation] for f in r.findings if f.factor in SEED_FACTORS],
        ),
        "",
        "## Risks a lead must defend",
        "",
        *_table(
            ["Risk", "Points to", "Finding"],
            [[f.factor.label, f.points_to, f.explanation] for f in r.findings if f.factor in RISK_FACTORS],
        ),
        "",
        f"## Cost over {s.horizon_months} months",
        "",
    ]
    rows = []
    quantiles = summary.tco_ranges
    for arch in Architecture:
        t = r.costs[arch]
        if not t.feasible:
            rows.append([arch.label, "not priced", "", "", "", "cannot serve this case: " + t.why_not])
            continue
        q = quantiles[arch.value]
        total, run_rate, wait = t.total, t.monthly_run_rate, r.latencies[arch].total_ms
        assert total is not None and run_rate is not None and wait is not None  # an option that can serve
        status = (
            "recommended"
            if arch is r.architecture
            else ("ruled out: " + r.ruled_out[arch] if arch in r.ruled_out else "possible")
        )
        where = (
            f" ({hosting[t.hosting]}, {t.gpus} GPUs)"
            if t.hosting == "self_hosted"
            else (f" ({hosting[t.hosting]})" if t.hosting else "")
        )
        rows.append(
            [
                arch.label + where,
                usd(total),
                f"{usd(q['p10'])} to {usd(q['p90'])} (median {usd(q['p50'])})",
                usd(run_rate),
                ms(wait),
                status,
            ]
        )
    out += _table(
        [
            "Architecture",
            "Central estimate",
            "Range over draws (p10 to p90)",
            "Per month once built",
            "Time to first token",
            "Status",
        ],
        rows,
    )
    feasible = [arch for arch in Architecture if r.costs[arch].feasible]
    out += ["", "By the seed's cost categories (central estimates over the horizon):", ""]
    out += _table(
        ["Category"] + [arch.label for arch in feasible],
        [[CATEGORY_LABELS[c]] + [usd(r.costs[arch].by_category[c]) for arch in feasible] for c in COST_CATEGORIES],
    )
    left_out = [arch.in_sentence for arch in Architecture if not r.costs[arch].feasible]
    if left_out:
        out += ["", f"Not priced, because it cannot serve this case: {', '.join(left_out)}."]
    for arch, other in r.other_hosting_costs.items():
        if arch is r.architecture and other.total is not None:
            out += ["", f"{hosted_instead[other.hosting]} instead, {arch.in_sentence} would cost {usd(other.total)}."]
    out += _quality_section(r) + _pilot_section(r)
    out += ["", "## The crossover", ""]
    if r.crossover_with is None:
        out.append(
            f"No other option meets every need, so {r.architecture.in_sentence} has no crossover to weigh."
            if not any(x is not r.architecture and x not in r.ruled_out and r.costs[x].feasible for x in Architecture)
            else f"{r.architecture.label} and the next best option never cost the same at any volume."
        )
    else:
        above, below = r.cheaper_above, r.cheaper_below
        assert r.crossover is not None and above is not None and below is not None  # a crossover has two sides
        out.append(
            f"{r.architecture.label} (recommended) and {r.crossover_with.in_sentence} (the best alternative) cost the "
            f"same at about **{count(r.crossover)} queries a month**. Below it {below.in_sentence} is cheaper; "
            f"above it, {above.in_sentence}."
        )
    if summary.crossover_quantiles:
        cq = summary.crossover_quantiles
        out.append(
            f"For the seed's own comparison, fine-tuning against RAG, the crossover falls between {count(cq[0.1])} and "
            f"{count(cq[0.9])} queries a month over the assumptions' ranges (10th to 90th percentile; "
            f"{share(summary.share_crossing)} of draws cross at all)."
            + (
                f" At your volume fine-tuning is the cheaper of those two in {share(summary.p_finetuning_cheaper)} of draws."
                if summary.p_finetuning_cheaper is not None
                else ""
            )
        )
        top = summary.sensitivity_ranking[:3]
        if top:
            out.append(
                "The assumptions that move that crossover most: "
                + ", ".join(f"`{name}` (rank correlation {correlation:+.2f})" for name, correlation in top)
                + "."
            )
    out += ["", "## Conflicts between factors", ""]
    out += [f"- {c}" for c in r.conflicts] or ["None: the factors agree."]
    out += ["", "## What would change the answer", ""]
    out += [f"- {c}" for c in r.what_would_change] or ["No single change we tried alters it."]
    out += ["", "## Questions to ask a vendor", ""]
    out += [f"- {q}" for q in VENDOR_QUESTIONS[r.architecture]]
    out += [
        "- Which of our numbers above do you disagree with, and what measurement backs yours?",
        "",
        "## Where the numbers come from",
        "",
        "Build-cost ranges are vendor figures from the seed article; the thresholds behind each rule are heuristics, "
        "not measurements; token prices come from the price snapshot. The full table, with a source and date for "
        "every value, is `advisor.assumptions_table()`; the research and documentation behind the findings, "
        "`advisor.references()`.",
        "",
    ]
    return "\n".join(out)
