"""Shared fixtures, the markers' assignment, and hypothesis's settings.

Markers (registered in pyproject.toml): ``browser`` for tests that drive Chromium, ``slow`` for those
that need the built book or build a wheel or an environment, ``binder`` for Binder's environment. The
development selection ``-m "not browser and not binder and not slow"`` runs the model's tests in about
a minute; CI (scripts/test.sh) runs everything.
"""

import os
import tempfile
from pathlib import Path

import pytest
from chromium import CHROMIUM, launch
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

import advisor

# Hypothesis keeps the examples it found in a database, and caches of its own, in .hypothesis/; keep both
# out of the checkout (in the system's temporary folder), so a test run leaves no files behind.
HYPOTHESIS_HOME = os.path.join(tempfile.gettempdir(), "advisor-hypothesis")
set_hypothesis_home_dir(HYPOTHESIS_HOME)
# No deadline: hypothesis would fail an example that runs over 200 ms, a timing that depends on what else
# the machine is doing (speed is measured by benchmarks/, not by tests).
settings.register_profile(
    "advisor", database=DirectoryBasedExampleDatabase(os.path.join(HYPOTHESIS_HOME, "examples")), deadline=None
)
settings.load_profile("advisor")

# Whole files that drive Chromium, need a built book, or build Binder's environment.
_BY_FILE = {
    "test_browser.py": "browser",
    "test_pages.py": "browser",
    "test_book.py": "slow",
    "test_binder.py": "binder",
    "test_jupyterlab.py": "binder",
    "test_chapter_calculators.py": "browser",
    "test_readme_install.py": "slow",
    "test_charts_warnings.py": "slow",
    "test_live_code.py": "binder",
}
_BROWSER_FIXTURES = {"browser", "live", "server"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        name = item.path.name
        if name in _BY_FILE:
            item.add_marker(_BY_FILE[name])
        elif name == "test_your_case.py":
            fixtures = set(getattr(item, "fixturenames", ()))
            item.add_marker("browser" if fixtures & _BROWSER_FIXTURES else "slow")


@pytest.fixture(scope="module")
def browser():
    """Chromium, driven by Playwright, for the browser tests of a module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is needed for the browser tests: apt-get install chromium (scripts/test.sh does)")
    with sync_api.sync_playwright() as p:
        launched = launch(p)
        yield launched
        launched.close()


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
