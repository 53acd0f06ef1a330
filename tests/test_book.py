"""The built site (scripts/build-book.sh writes _build/html): every page there, every calculator and chart in it."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


def toc_pages():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return pages


@pytest.fixture(scope="module")
def site():
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `bash scripts/build-book.sh` (scripts/test.sh does it first)")
    return HTML


def page(site, name):
    return (site / f"{name}.html").read_text(encoding="utf-8")


def test_twelve_chapters_and_four_appendices():
    pages = toc_pages()
    chapters = [p for p in pages if re.match(r"chapters/\d\d-", p)]
    appendices = [p for p in pages if p.startswith("chapters/a")]
    assert len(chapters) == 12 and len(appendices) == 4
    assert [int(p.split("/")[1][:2]) for p in chapters] == list(range(1, 13))


@pytest.mark.parametrize("name", toc_pages())
def test_every_page_is_built_without_errors(site, name):
    html = page(site, name)
    assert "<h1>" in html
    # myst-nb marks a cell's error and stderr outputs with these classes (docstring examples may say "Traceback")
    assert "output traceback" not in html and "output stderr" not in html
    assert "{glue" not in html and "{eval" not in html  # every number in the prose was filled in


@pytest.mark.parametrize("name", [p for p in toc_pages() if re.match(r"chapters/(0[2-9]|1[0-2])-", p)])
def test_chapters_two_to_twelve_have_a_calculator_and_a_chart(site, name):
    html = page(site, name)
    # the calculator's static card: its default result and how to run it live, never dead controls
    assert 'class="advisor-calculator"' in html and 'class="advisor-live-note"' in html
    assert 'class="advisor-result"' in html
    # and "Use your own numbers", which runs the same model in the browser (fetched only on the click)
    assert "Use your own numbers" in html and "advisor-vendor/calculators.js" in html
    assert "application/vnd.jupyter.widget-state+json" not in html
    assert 'class="advisor-chart" data-mode="vega"' in html  # compiled at build time
    assert "advisor-vendor/vega-embed.min.js" in html and "advisor-vendor/vega.min.js" in html
    assert "vega-lite.min.js" not in html  # so the page needs no Vega-Lite compiler


@pytest.mark.parametrize("name", toc_pages())
def test_no_page_loads_anything_from_another_host(site, name):
    html = page(site, name)
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html)
    remote = [t for t in tags if re.search(r'(?:src|href)="(?:https?:)?//', t)]
    assert remote == []


def test_chart_libraries_only_where_there_are_charts(site):
    assert "advisor-vendor" not in page(site, "chapters/a3-research")
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "vega.LICENSE.txt"):
        assert (site / "_static" / "advisor-vendor" / name).exists()


def test_launch_buttons(site):
    html = page(site, "chapters/09-the-crossover")
    assert "mybinder.org" in html
    assert "thebe" in html.lower()
    # Binder opens the chapter's own file in JupyterLab, where postBuild makes .md open as a notebook
    assert "urlpath=lab/tree/chapters/09-the-crossover.md" in html.replace("%2F", "/")


def test_api_reference_is_generated_from_docstrings(site):
    assert "a4-api-reference.html" in page(site, "chapters/a1-using-advisor")  # A1 links to it
    html = page(site, "chapters/a4-api-reference")
    assert "advisor.recommend" in html or "recommend(" in html
    assert "Queries per month at which fine-tuning" in html  # crossover_volume's docstring
