"""The decision brief: complete, consistent with the numbers, and safe with the user's text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor import Architecture, Scenario
from advisor.core.formatting import usd

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
    assert f"## Recommendation: {r.architecture.label}" in md
    for arch in (Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID):
        t = r.costs[arch]
        where = (
            " (the provider's fine-tuned model endpoint)"
            if t.hosting == "managed"
            else (f" (self-hosted on rented GPUs, {t.gpus} GPUs)" if t.hosting else "")
        )
        assert f"| {arch.label}{where} | {usd(t.total)} |" in md
    for finding in r.findings:
        assert finding.explanation in md
    # one crossover, both sides named
    assert f"{advisor.core.formatting.count(r.crossover)} queries a month" in md
    assert r.crossover_with.in_sentence in md.split("## The crossover")[1]


def test_a_corpus_too_big_for_a_prompt_shows_no_prompting_price(issue_example):
    r = advisor.recommend(issue_example)
    md = r.to_markdown(draws=200)
    assert "| Prompting only | not priced |" in md and r.costs[Architecture.PROMPTING].why_not in md
    categories = md.split("By the seed's cost categories")[1].split("\n\n")[1]
    assert "Prompting only" not in categories.splitlines()[0]


def test_bad_calls_name_what_is_wrong(issue_example):
    import pytest

    with pytest.raises(ValueError, match="recommendation must be an advisor.Recommendation"):
        advisor.core.brief.decision_brief(None)
    with pytest.raises(ValueError, match="draws must be a whole number from 1"):
        advisor.recommend(issue_example).to_markdown(draws=0)


def test_an_address_as_a_name_is_not_a_link():
    from markdown_it import MarkdownIt

    md = advisor.recommend(Scenario(name="http://2130706433/phish www.evil.com me@evil.com")).to_markdown(draws=100)
    title = md.splitlines()[0]
    html = MarkdownIt("gfm-like").render(title) if _has_linkify() else MarkdownIt().render(title)
    assert "<a " not in html and "http://2130706433/phish" in html.replace("\\", "")


def _has_linkify() -> bool:
    try:
        import linkify_it  # noqa: F401
    except ImportError:
        return False
    return True


def test_the_name_is_escaped():
    s = Scenario(name="<img src=x onerror=alert(1)> [click](http://evil) **Acme**\n# Injected", corpus_documents=10)
    md = advisor.recommend(s).to_markdown(draws=200)
    title = md.splitlines()[0]
    assert "<img" not in md and "](http" not in md
    assert "&lt;img" in title and "\\*\\*Acme\\*\\*" in title
    assert "\n# Injected" not in md


@settings(max_examples=60, deadline=None)
@given(name=st.text(max_size=200))
def test_no_name_can_add_markup(name):
    from advisor.core.formatting import escape_markdown

    escaped = escape_markdown(name)
    assert "\n" not in escaped and "<" not in escaped and ">" not in escaped
    # every Markdown control character left in the text is preceded by a backslash
    assert not re.search(r"(?<!\\)[`*_\[\]()#|]", escaped.replace("\\\\", ""))
