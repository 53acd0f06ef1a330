import pytest

import advisor


@pytest.fixture(scope="session")
def defaults() -> advisor.Assumptions:
    return advisor.Assumptions()


@pytest.fixture
def issue_example() -> advisor.Scenario:
    """The scenario from the API contract in the issue."""
    return advisor.Scenario(
        queries_per_month=300_000,
        knowledge_updates_per_month=1,
        corpus_documents=8_000,
        tokens_per_document=1_000,
        behavior_needs=["json_schema"],
        latency_budget_ms=None,
        horizon_months=24,
    )
