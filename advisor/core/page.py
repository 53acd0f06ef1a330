"""What the static site's "Your case" page shows, computed by the model itself (in Pyodide there).

``compute`` takes the page's URL fragment (the case, see ``advisor.core.case``) and returns one
JSON-safe mapping: the figures a test reads (``result``), the tables the charts draw (``records``),
the result and the decision brief as HTML, and the brief as Markdown for download. Every number a
reader sees is formatted here, by ``advisor.core.formatting``; the page's script only places it.
"""

from __future__ import annotations

import html
import json

from .architecture import CATEGORY_LABELS, COST_CATEGORIES, Architecture
from .assumptions import Assumptions
from .brief import decision_brief
from .calculators import (
    Records,
    cost_records,
    crossover_marker,
    known,
    latency_records,
    range_rows,
    tco_by_volume_rows,
    volume_marker,
    volumes_around,
)
from .case import case_from_mapping, case_to_mapping, parse_fragment, to_fragment
from .decision import Recommendation, recommend
from .formatting import count, markdown_html, ms, share, usd
from .latency import LATENCY_LABELS
from .sampling import BROWSER_DRAWS, UncertaintySummary, simulate_draws, summarize_draws
from .scenario import Scenario

PAGE_DRAWS = BROWSER_DRAWS


def chart_records(s: Scenario, a: Assumptions, r: Recommendation, summary: UncertaintySummary) -> Records:
    """The tables the page's charts draw: cost by category, total cost by volume, latency by part, ranges
    (the chapter calculators' own rows, ``advisor.core.calculators``)."""
    feasible = [arch for arch in Architecture if r.costs[arch].feasible]
    grid = volumes_around(s, [r.crossover], feasible, a)
    return {
        "costs": cost_records(r.costs, s, a)["costs"],
        "tco_by_volume": tco_by_volume_rows(s, a, feasible, grid),
        "latency": latency_records(r, s, a)["latency"],
        "ranges": range_rows(r, summary),
        # never empty (an invisible row where nothing is marked): Vega warns of an empty extent otherwise
        "crossover": crossover_marker(r.crossover, grid),
        "volume": volume_marker(s, grid),
    }


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<div class="advisor-table"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def result_html(r: Recommendation, summary: UncertaintySummary) -> str:
    """The page's result: recommendation, findings, costs, crossover, latency and ranges."""
    s = r.scenario
    e = html.escape
    parts = [f'<h2 id="your-recommendation">Recommendation: {e(r.architecture.label)}</h2>', f"<p>{e(r.summary)}</p>"]
    parts.append("<h3>What each factor says</h3>")
    parts.append(
        _table(
            ["Factor", "Points to", "Why"], [[e(f.factor.label), e(f.points_to), e(f.explanation)] for f in r.findings]
        )
    )
    if r.conflicts:
        parts.append("<h3>Conflicts</h3><ul>" + "".join(f"<li>{e(c)}</li>" for c in r.conflicts) + "</ul>")
    feasible = [arch for arch in Architecture if r.costs[arch].feasible]
    parts.append(f"<h3>Costs over {s.horizon_months} months, by the seed's categories</h3>")
    rows = [[e(CATEGORY_LABELS[c])] + [usd(r.costs[arch].by_category[c]) for arch in feasible] for c in COST_CATEGORIES]
    rows.append(
        ["<strong>Total</strong>"] + [f"<strong>{usd(known(r.costs[arch].total))}</strong>" for arch in feasible]
    )
    parts.append(_table(["Category"] + [arch.label for arch in feasible], rows))
    for arch in Architecture:
        if not r.costs[arch].feasible:
            parts.append(
                f'<p class="advisor-infeasible"><strong>{e(arch.label)}</strong> is not priced: {e(r.costs[arch].why_not)}</p>'
            )
    parts.append("<h3>Crossover</h3>")
    if r.crossover is None or r.crossover_with is None or r.cheaper_below is None:
        parts.append(f"<p>{e(r.architecture.label)} has no crossover with another option that meets every need.</p>")
    else:
        above = r.cheaper_above
        assert above is not None  # set whenever crossover_with and cheaper_below are
        parts.append(
            f"<p>{e(r.architecture.label)} and {e(r.crossover_with.in_sentence)} cost the same at about "
            f"<strong>{count(r.crossover)} queries a month</strong>: below it {e(r.cheaper_below.in_sentence)} is "
            f"cheaper, above it {e(above.in_sentence)}.</p>"
        )
    parts.append("<h3>Time to first token</h3>")
    parts.append(
        _table(
            ["Architecture", "Expected"] + list(LATENCY_LABELS.values()),
            [
                [e(arch.label), ms(known(r.latencies[arch].total_ms))]
                + [ms(r.latencies[arch].parts_ms[p]) for p in LATENCY_LABELS]
                for arch in feasible
            ],
        )
    )
    parts.append(f"<h3>Ranges over {summary.draws:,} draws</h3>")
    parts.append(
        _table(
            ["Architecture", "Central estimate", "p10", "p50", "p90"],
            [
                [
                    e(Architecture(arch).label),
                    usd(known(r.costs[Architecture(arch)].total)),
                    usd(q["p10"]),
                    usd(q["p50"]),
                    usd(q["p90"]),
                ]
                for arch, q in summary.tco_ranges.items()
            ],
        )
    )
    if summary.p_finetuning_cheaper is not None:
        parts.append(f"<p>Fine-tuning is cheaper than RAG in {share(summary.p_finetuning_cheaper)} of draws.</p>")
    return "\n".join(parts)


def compute(fragment: str, draws: int = PAGE_DRAWS) -> dict[str, object]:
    """Everything the page shows for the case in ``fragment``; bad input gives ``{"ok": False, "error": ...}``
    naming the field, so the page can show it in place of the result.

    >>> out = compute("queries_per_month=300000&corpus_documents=8000", draws=50)
    >>> out["ok"], out["result"]["architecture"]
    (True, 'rag')
    >>> compute("corpus_documents=-1")["error"]
    'corpus_documents must be a whole number >= 0 and <= 1,000,000,000, got -1'
    """
    try:
        scenario, assumptions = case_from_mapping(parse_fragment(fragment))
    except ValueError as error:
        return {"ok": False, "error": str(error)}
    r = recommend(scenario, assumptions)
    summary = summarize_draws(simulate_draws(scenario, n=draws, seed=0, assumptions=r.assumptions))
    markdown = decision_brief(r, summary=summary)
    result = {
        "architecture": r.architecture.value,
        "tco": {arch.value: r.costs[arch].total for arch in Architecture},
        "crossover": r.crossover,
        "crossover_with": r.crossover_with.value if r.crossover_with else None,
        "latency": {arch.value: r.latencies[arch].total_ms for arch in Architecture},
        "p_finetuning_cheaper": summary.p_finetuning_cheaper,
    }
    return {
        "ok": True,
        "result": result,
        "fragment": to_fragment(case_to_mapping(scenario, assumptions)),
        "records": chart_records(scenario, r.assumptions, r, summary),
        "html": result_html(r, summary),
        "brief_html": markdown_html(markdown, heading_offset=1),
        "brief_markdown": markdown,
    }


def compute_json(fragment: str, draws: int = PAGE_DRAWS) -> str:
    """``compute`` as JSON text (what the page's script reads from Pyodide). Non-finite numbers never occur."""
    return json.dumps(compute(fragment, draws), allow_nan=False)
