"""The decision brief: what a reader takes into a vendor meeting, as Markdown."""

from __future__ import annotations

from importlib import metadata

from ._format import count, escape_markdown, ms, usd
from .architecture import CATEGORY_LABELS, COST_CATEGORIES, Architecture
from .prices import model_price
from .context import corpus_fits
from .uncertainty import simulate, summarize

VENDOR_QUESTIONS = {
    Architecture.PROMPTING: [
        "What does a cached prompt prefix cost, how long does the cache live, and what hit rate do your customers see?",
        "What are the rate limits at our volume, and what happens to latency at peak?",
        "How will we know when a model update changes our outputs? Is there a pinned model version?",
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
    ],
}
VENDOR_QUESTIONS[Architecture.HYBRID] = (
    VENDOR_QUESTIONS[Architecture.FINE_TUNING][:3] + VENDOR_QUESTIONS[Architecture.RAG][:2]
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


def decision_brief(recommendation, draws: int = 4_000, seed: int = 0, summary=None) -> str:
    """Render ``recommendation`` as a Markdown decision brief (cost ranges from ``draws`` simulated draws).

    ``summary`` (from ``summarize``) may be passed in when the caller has simulated already.
    Everything in it is generated from validated values, except the scenario's free-text ``name``,
    which is escaped so that it cannot add markup, links or HTML to the brief.
    """
    r = recommendation
    s, a = r.scenario, r.assumptions
    if summary is None:
        summary = summarize(simulate(s, n=draws, seed=seed, assumptions=a))
    draws = summary.draws
    title = escape_markdown(s.name) if s.name.strip() else "LLM architecture decision"
    snapshot_date = model_price(a.managed_model).snapshot_date
    out = [
        f"# Decision brief: {title}",
        "",
        f"*Made with advisor {_version()}. Managed-model prices from a snapshot dated {snapshot_date}; other "
        f"assumptions from the cited table. Costs are estimates over {s.horizon_months} months; ranges are the "
        f"10th to 90th percentile of {draws:,} draws over the assumptions' ranges.*",
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
                ["Queries per month", f"{s.queries_per_month:,.0f} (about {s.queries_per_day:,.0f} a day)"],
                ["Knowledge updates per month", f"{s.knowledge_updates_per_month:g}"],
                ["Private corpus", f"{s.corpus_documents:,} documents x {s.tokens_per_document:,} tokens"],
                ["Behaviour needs", ", ".join(s.behavior_needs) or "none"],
                ["Latency budget (p95 time to first token)", ms(s.latency_budget_ms) if s.latency_budget_ms else "none"],
                ["Managed model", a.managed_model],
                ["Fine-tuned model hosting", a.finetune_hosting.replace("_", "-")],
            ],
        ),
        "",
        "## What each factor says",
        "",
        *_table(
            ["Factor", "Points to", "Why"],
            [[f.factor.label, f.points_to, f.explanation] for f in r.findings],
        ),
        "",
        f"## Cost over {s.horizon_months} months",
        "",
    ]
    rows = []
    stuffing_impossible = not corpus_fits(s, a)
    for arch in Architecture:
        t = r.costs[arch]
        q = summary.tco_quantiles.loc[arch.value]
        status = "recommended" if arch is r.architecture else ("ruled out: " + r.ruled_out[arch] if arch in r.ruled_out else "possible")
        if arch is Architecture.PROMPTING and stuffing_impossible:
            # what it would cost to send a corpus that no prompt can hold is not a number worth printing
            rows.append([arch.label, "n/a", "n/a", "n/a", "n/a", "ruled out: the corpus does not fit in a prompt"])
            continue
        rows.append([
            arch.label,
            usd(t.total),
            f"{usd(q['p10'])} to {usd(q['p90'])} (median {usd(q['p50'])})",
            usd(t.monthly_run_rate),
            ms(r.latencies[arch].total_ms),
            status,
        ])
    out += _table(
        ["Architecture", "At default values", "Range over draws (p10 to p90)", "Per month once built", "Time to first token", "Status"],
        rows,
    )
    out += ["", "By the seed's cost categories (estimates over the horizon):", ""]
    out += _table(
        ["Category"] + [arch.label for arch in Architecture],
        [
            [CATEGORY_LABELS[c]]
            + [
                "n/a" if (arch is Architecture.PROMPTING and stuffing_impossible) else usd(r.costs[arch].by_category[c])
                for arch in Architecture
            ]
            for c in COST_CATEGORIES
        ],
    )
    out += ["", "## The crossover", ""]
    if r.crossover is None:
        out.append("With these assumptions fine-tuning and RAG never cost the same at any volume.")
    else:
        out.append(
            f"Fine-tuning's total cost equals RAG's at about **{count(r.crossover)} queries a month**. "
            f"Below it RAG is cheaper; above it, fine-tuning."
        )
    if summary.crossover_quantiles:
        q = summary.crossover_quantiles
        out.append(
            f"Over the assumptions' ranges the crossover falls between {count(q[0.1])} and {count(q[0.9])} "
            f"(10th to 90th percentile; {summary.share_crossing:.0%} of draws cross at all). At your volume fine-tuning "
            f"is the cheaper of the two in {summary.p_finetuning_cheaper:.0%} of draws."
        )
    top = summary.sensitivity.head(3)
    if len(top):
        out.append(
            "The assumptions that move the crossover most: "
            + ", ".join(f"`{row.parameter}` (rank correlation {row.rank_correlation:+.2f})" for row in top.itertuples())
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
        "every value, is `advisor.assumptions_table()`.",
        "",
    ]
    return "\n".join(out)
