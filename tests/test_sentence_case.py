"""Inside a sentence an architecture's name is lower case: "below it fine-tuning is cheaper", "the fastest,
prompting only, is recommended". ``Architecture.label`` ("Fine-tuning") is for headings, table cells, charts'
axes and legends, and the start of a sentence; ``Architecture.in_sentence`` is for the rest. Every sentence the
package writes, over cases that put each architecture in each role (chosen, best alternative, cheaper side of
a crossover), is read for a capitalised label after a lower-case word, so a ``.label`` dropped into the middle
of a sentence fails here."""

from __future__ import annotations

import html
import re

import pytest
from test_snapshot import CASES as SNAPSHOT_CASES

from advisor import Architecture, Assumptions, Scenario, charts, recommend
from advisor.core.calculators import evaluation_summary, finding, prompting_summary
from advisor.core.case import case_to_mapping, to_fragment
from advisor.core.page import compute

LABELS = "|".join(re.escape(a.label) for a in Architecture if not a.label.isupper())  # RAG is RAG anywhere
# A label after a lower-case word, a comma, a semicolon or a colon, except as a list item that heads its own
# value ("RAG $138k; Fine-tuning $141k", "Prompting only 516 ms, RAG 736 ms"): there the label is right.
MID_SENTENCE = re.compile(rf"[a-z,;:] ({LABELS})(?! [$\d]| n/a\b| nothing\b)")

# The snapshot's cases (tests/test_snapshot.py), and cases that put each architecture in the roles those leave out
CASES = {
    **SNAPSHOT_CASES,
    "a deadline only prompting meets": (dict(queries_per_month=10_000_000, deadline_weeks=8), {}),
    "a deadline nobody meets": (dict(queries_per_month=10_000_000, deadline_weeks=0.5), {}),
    "a priced error, nothing to know": (dict(queries_per_month=10_000, corpus_documents=0, error_cost_usd=1.0), {}),
    "on premises, nothing to know": (
        dict(queries_per_month=10_000, corpus_documents=0, data_residency="on_premises"),
        {},
    ),
    "quality decides against prompting": (
        dict(queries_per_month=100_000, corpus_documents=0, error_cost_usd=1.0),
        {"accuracy_prompting": 0.6},
    ),
    "lock-in and ML-ops bought in": (
        dict(queries_per_month=5_000_000, corpus_documents=100, provider_moves=2, mlops_in_house=False),
        {},
    ),
    "every option fails a need": (
        dict(corpus_documents=100_000, data_residency="on_premises", behavior_needs=["brand_voice"]),
        {"selfhosted_context_window_tokens": 1_000},
    ),
}


def _case(name: str) -> tuple[Scenario, Assumptions]:
    scenario, assumptions = CASES[name]
    return Scenario(**scenario), Assumptions(**assumptions)


# A bold field name ends where a sentence may begin: "**The result that would change the recommendation:** Fine-tuning
# costs no more to run; ..." (in Markdown, and in HTML once rendered); a bold name after a colon is a heading of its
# own ("Recommended: <b>Fine-tuning</b>.")
FIELD_END = re.compile(r":(?:\*\*|</strong>|</b>) |: (?=<b>|<strong>)")


def _paragraphs(page: str) -> list[str]:
    """The text of an HTML page's paragraphs and list items (headings and table cells left out)."""
    found = re.findall(r"<(p|li)\b[^>]*>(.*?)</\1>", page, re.S)
    parts = (part for _, text in found for part in FIELD_END.split(text))
    return [html.unescape(re.sub(r"<[^>]+>", "", part)) for part in parts]


def _prose(markdown: str) -> list[str]:
    """The lines of a Markdown brief that are sentences: no heading, no table row; emphasis dropped."""
    lines = (line for line in markdown.splitlines() if line.strip() and not line.startswith(("#", "|")))
    return [part.replace("*", "") for line in lines for part in FIELD_END.split(line)]


def sentences(scenario: Scenario, assumptions: Assumptions) -> list[str]:
    """Everything the package writes as running text for one case."""
    r = recommend(scenario, assumptions)
    out = [r.summary, repr(r), *r.conflicts, *r.what_would_change, *r.ruled_out.values()]
    for f in r.findings:
        out += [f.explanation, *_paragraphs(finding(r, f.factor))]  # "Quality points to quality: fine-tuning."
    if r.pilot is not None:
        out += [r.pilot.changes_if, r.pilot.why_this_size, *r.pilot.notes]
    if r.pilot is not None and len(r.pilot.compare) == 2:  # the evaluation calculator's case always has a pair
        out += _paragraphs(evaluation_summary(r, scenario, r.assumptions))
    out += _paragraphs(prompting_summary(r, scenario, r.assumptions))
    page = compute(to_fragment(case_to_mapping(scenario, assumptions)), draws=20)
    assert page["ok"], page
    out += _paragraphs(str(page["html"])) + _paragraphs(str(page["brief_html"])) + _prose(str(page["brief_markdown"]))
    shown = [
        charts.tco_by_volume_chart(scenario, assumptions, architectures=list(Architecture), band=False),
        charts.interactive_per_query_chart(scenario, architectures=list(Architecture), assumptions=assumptions),
    ]
    pair = r.pilot.compare if r.pilot is not None else ()
    if len(pair) == 2 and all(r.costs[a].feasible for a in pair):  # the pair the pilot weighs, crossing or not
        shown.append(charts.tco_by_volume_chart(scenario, assumptions, architectures=pair, band=False, crossing=pair))
    for chart in shown:
        out += chart.to_dict()["title"]["subtitle"]
    return out


def test_the_cases_put_every_architecture_in_every_role():
    chosen, alternative, cheaper = set(), set(), set()
    for name in CASES:
        r = recommend(*_case(name))
        chosen.add(r.architecture)
        alternative.update({r.crossover_with} | set(r.pilot.compare[1:] if r.pilot else ()))
        cheaper.update({r.cheaper_below, r.cheaper_above})
    assert chosen >= set(Architecture) and alternative >= set(Architecture) and cheaper >= set(Architecture)


@pytest.mark.parametrize("name", CASES)
def test_no_capitalised_label_inside_a_sentence(name):
    scenario, assumptions = _case(name)
    texts = sentences(scenario, assumptions)
    found = [(m.group(0), text) for text in texts for m in MID_SENTENCE.finditer(text)]
    assert not found, found
    assert len(texts) > 40  # the summary, every finding, the brief, the page, the charts' notes: all were read


def test_the_check_catches_a_label_inside_a_sentence():
    assert MID_SENTENCE.search("below that RAG is cheaper, above it Fine-tuning.")
    assert MID_SENTENCE.search("the fastest, Prompting only, is recommended")
    assert MID_SENTENCE.search("within the deadline: RAG, Hybrid (fine-tuned + RAG)")
    assert MID_SENTENCE.search("Quality decides: Fine-tuning costs $1k more")
    assert not MID_SENTENCE.search("Fine-tuning: it costs less; below it fine-tuning is cheaper")
    assert not MID_SENTENCE.search("Estimated: Prompting only 516 ms, RAG 736 ms, Fine-tuning 20 ms.")
    assert not MID_SENTENCE.search("runs and set-up by option (RAG $1.9k, Hybrid (fine-tuned + RAG) $2.0k)")


def test_in_sentence_reads_as_a_common_noun():
    assert [a.in_sentence for a in Architecture] == [
        "prompting only",
        "RAG",
        "fine-tuning",
        "the hybrid (fine-tuned + RAG)",
    ]
    assert [a.label for a in Architecture] == ["Prompting only", "RAG", "Fine-tuning", "Hybrid (fine-tuned + RAG)"]
    for a in Architecture:  # the same name, in lower case (and the hybrid with its article)
        assert a.in_sentence.removeprefix("the ").lower() == a.label.lower()
