"""The package as a reader meets it: the API contract of the issue, and a light import."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import advisor


def test_the_api_contract_from_the_issue(issue_example):
    r = advisor.recommend(issue_example)
    assert isinstance(r.architecture, advisor.Architecture) and isinstance(r.architecture, str)
    assert {a.value for a in advisor.Architecture} == {"prompting", "rag", "fine_tuning", "hybrid"}
    assert r.findings and all(f.explanation for f in r.findings)
    assert r.to_markdown(draws=200).startswith("# Decision brief")
    t = advisor.tco(issue_example, advisor.Architecture.RAG)
    assert t.total > 0 and set(t.by_category) == set(advisor.COST_CATEGORIES)
    assert isinstance(t.by_month, pd.DataFrame)
    v = advisor.crossover_volume(issue_example)
    assert v is None or v > 0
    df = advisor.simulate(issue_example, n=1_000, seed=0)
    assert isinstance(df, pd.DataFrame) and len(df) == 1_000
    assert isinstance(advisor.Assumptions(), advisor.Assumptions)


def test_every_function_takes_assumptions(issue_example):
    mine = advisor.Assumptions(gpu_usd_per_hour=9.0, finetune_hosting="self_hosted")
    own = advisor.Assumptions(finetune_hosting="self_hosted")
    assert (
        advisor.tco(issue_example, "fine_tuning", assumptions=mine).total
        > advisor.tco(issue_example, "fine_tuning", own).total
    )
    assert advisor.crossover_volume(issue_example, assumptions=mine) > advisor.crossover_volume(issue_example, own)
    assert advisor.recommend(issue_example, assumptions=mine).assumptions is mine
    assert advisor.simulate(issue_example, n=10, seed=0, assumptions=mine)["tco_fine_tuning"].gt(0).all()
    assert advisor.latency(issue_example, "rag", assumptions=mine).total_ms > 0
    assert len(advisor.context_fit(issue_example, assumptions=mine)) > 0


def test_import_does_not_pull_in_charting_or_widgets():
    code = "import sys, advisor; print(sorted(m for m in ('altair', 'ipywidgets', 'IPython') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_the_wheel_ships_py_typed_and_the_data(tmp_path):
    root = Path(__file__).resolve().parents[1]
    source = tmp_path / "source"  # a copy: setuptools writes build/ and *.egg-info next to the sources
    shutil.copytree(root / "advisor", source / "advisor", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, source / name)
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*pip, "-w", str(tmp_path), str(source)], check=True)
    (wheel,) = tmp_path.glob("advisor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "advisor/py.typed" in names
    assert {"advisor/data/assumptions.csv", "advisor/data/model_prices.csv", "advisor/data/presets.json"} <= set(names)
