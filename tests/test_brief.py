"""The decision brief: complete, consistent with the numbers, and safe with the user's text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor import Architecture, Scenario
from advisor._format import usd

SECTIONS = [
    "## Recommendation:",
    "## The case",
    "## What each factor says",
    "## Cost over 24 months",
    "## The crossover",
    "## Conflicts between factors",
    "## What would change the answer",
    "## Questions to ask a vendor",
    "## Where the numbers come from",
]


def test_brief_has_every_part(issue_example):
    md = advisor.recommend(issue_example).to_markdown(draws=500)
    positions = [md.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    assert md.startswith("# Decision brief: LLM architecture decision")


def test_brief_numbers_are_the_models_numbers(issue_example):
    r = advisor.recommend(issue_example)
    md = r.to_markdown(draws=500)
    assert f"## Recommendation: {Architecture.HYBRID.label}" in md
    for arch in (Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID):
        assert f"| {arch.label} | {usd(r.costs[arch].total)} |" in md
    for finding in r.findings:
        assert finding.explanation in md
    assert "821k queries a month" in md  # the crossover for this scenario


def test_a_corpus_too_big_for_a_prompt_shows_no_prompting_price(issue_example):
    md = advisor.recommend(issue_example).to_markdown(draws=200)
    assert "| Prompting only | n/a |" in md


def test_the_name_is_escaped():
    s = Scenario(name='<img src=x onerror=alert(1)> [click](http://evil) **Acme**\n# Injected', corpus_documents=10)
    md = advisor.recommend(s).to_markdown(draws=200)
    title = md.splitlines()[0]
    assert "<img" not in md and "](http" not in md
    assert "&lt;img" in title and "\\*\\*Acme\\*\\*" in title
    assert "\n# Injected" not in md


@settings(max_examples=60, deadline=None)
@given(name=st.text(max_size=200))
def test_no_name_can_add_markup(name):
    from advisor._format import escape_markdown

    escaped = escape_markdown(name)
    assert "\n" not in escaped and "<" not in escaped and ">" not in escaped
    # every Markdown control character left in the text is preceded by a backslash
    assert not re.search(r"(?<!\\)[`*_\[\]()#|]", escaped.replace("\\\\", ""))
