"""One scenario format for the three ways in: dicts, presets, files, the command line, the URL fragment."""

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor import Scenario
from advisor.core.case import case_from_mapping, case_to_mapping, parse_fragment, to_fragment

scenarios = st.builds(
    Scenario,
    queries_per_month=st.floats(0, 1e12),
    knowledge_updates_per_month=st.floats(0, 100_000),
    corpus_documents=st.integers(0, 10**9),
    tokens_per_document=st.integers(1, 10_000_000),
    behavior_needs=st.lists(st.sampled_from(sorted(advisor.BEHAVIOR_NEEDS)), unique=True),
    latency_budget_ms=st.one_of(st.none(), st.floats(1e-3, 1_000_000)),
    horizon_months=st.integers(1, 120),
    name=st.text(max_size=40),
    structured_outputs=st.booleans(),
)


@settings(max_examples=80, deadline=None, database=None)
@given(scenarios)
def test_dicts_and_json_round_trip_exactly(s):
    assert Scenario.from_dict(s.to_dict()) == s
    assert Scenario.from_dict(json.loads(json.dumps(s.to_dict()))) == s


@settings(max_examples=80, deadline=None, database=None)
@given(scenarios.filter(lambda s: "&" not in s.name or True))
def test_fragments_round_trip_exactly(s):
    again, _ = case_from_mapping(parse_fragment(to_fragment(s.to_dict())))
    assert again == s


def test_fragment_rules_from_the_issue():
    values = parse_fragment("#queries_per_month=300000&corpus_documents=8000&behavior_needs=json_schema,brand_voice")
    s, _ = case_from_mapping(values)
    assert (s.queries_per_month, s.corpus_documents, s.behavior_needs) == (
        300_000,
        8_000,
        ("json_schema", "brand_voice"),
    )
    # an absent or empty field takes its default; an empty latency budget is none
    s, _ = case_from_mapping(parse_fragment("queries_per_month=&latency_budget_ms="))
    assert s.queries_per_month == Scenario().queries_per_month and s.latency_budget_ms is None
    s, a = case_from_mapping(
        parse_fragment("managed_model=openai/gpt-4o&gpu_usd_per_hour=2.5&structured_outputs=false")
    )
    assert a.managed_model == "openai/gpt-4o" and a.gpu_usd_per_hour == 2.5 and s.structured_outputs is False


@pytest.mark.parametrize(
    "fragment, field",
    [
        ("queries_per_month=abc", "queries_per_month"),
        ("corpus_documents=-1", "corpus_documents"),
        ("corpus_documents=2.5", "corpus_documents"),
        ("behavior_needs=telepathy", "behavior_needs"),
        ("bogus=1", "bogus"),
        ("structured_outputs=maybe", "structured_outputs"),
        ("gpu_usd_per_hour=-3", "gpu_usd_per_hour"),
        ("managed_model=nobody/none", "nobody/none"),
        ("queries_per_month=inf", "queries_per_month"),
    ],
)
def test_a_bad_value_in_a_link_names_its_field(fragment, field):
    with pytest.raises(ValueError, match=field):
        case_from_mapping(parse_fragment(fragment))


def test_overrides_survive_the_mapping():
    s, a = Scenario(corpus_documents=10), advisor.Assumptions(managed_model="openai/gpt-4o", gpu_usd_per_hour=2.5)
    again_s, again_a = case_from_mapping(case_to_mapping(s, a))
    assert again_s == s and again_a.managed_model == "openai/gpt-4o" and again_a.gpu_usd_per_hour == 2.5
    assert again_a.managed_input_usd_per_mtok == 2.5  # priced from the snapshot of the chosen model, as before


def test_presets_are_typical_projects_with_different_answers():
    presets = advisor.presets()
    assert len(presets) >= 5
    assert {"support-bot", "contract-qa", "classification", "brand-voice-copy", "code-assistant"} <= set(presets)
    answers = {advisor.recommend(p.scenario).architecture for p in presets.values()}
    assert len(answers) >= 3  # the presets show more than one kind of answer
    assert all(p.title and p.description for p in presets.values())


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "advisor", *args], capture_output=True, text=True, input=stdin)


def test_the_command_line_writes_the_brief(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {
                "name": "Acme help",
                "queries_per_month": 300000,
                "corpus_documents": 8000,
                "behavior_needs": ["brand_voice"],
                "gpu_usd_per_hour": 2.5,
            }
        )
    )
    out = run_cli("brief", str(case), "--draws", "200")
    assert out.returncode == 0, out.stderr
    expected = advisor.recommend(*case_from_mapping(json.loads(case.read_text()))).to_markdown(draws=200)
    assert out.stdout == expected and out.stdout.startswith("# Decision brief: Acme help")
    toml = tmp_path / "case.toml"
    toml.write_text(
        'queries_per_month = 300000\ncorpus_documents = 8000\nbehavior_needs = ["brand_voice"]\ngpu_usd_per_hour = 2.5\nname = "Acme help"\n'
    )
    written = tmp_path / "brief.md"
    assert run_cli("brief", str(toml), "--draws", "200", "-o", str(written)).returncode == 0
    assert written.read_text() == expected


@pytest.mark.parametrize(
    "content, suffix, message",
    [
        ('{"corpus_documents": "many"}', ".json", "corpus_documents must be a whole number"),
        ('{"queries": 1}', ".json", "unknown field 'queries'"),
        ("{not json", ".json", "not valid JSON"),
        ("queries_per_month = -1", ".toml", "queries_per_month must be a number >= 0"),
        ("x", ".txt", "must end in .json or .toml"),
    ],
)
def test_a_bad_file_gives_one_line_and_a_non_zero_exit(tmp_path, content, suffix, message):
    case = tmp_path / f"case{suffix}"
    case.write_text(content)
    out = run_cli("brief", str(case))
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr and "Traceback" not in out.stderr


def test_a_missing_file_and_a_preset():
    missing = run_cli("brief", "/nonexistent/case.json")
    assert missing.returncode == 2 and "cannot read" in missing.stderr and len(missing.stderr.splitlines()) == 1
    preset = run_cli("brief", "preset:contract-qa", "--draws", "100")
    assert preset.returncode == 0 and preset.stdout.startswith("# Decision brief: Contract Q")
    assert run_cli("presets").stdout.count("\n") == len(advisor.presets())


def test_every_scenario_field_has_a_declared_control_and_a_form_input():
    import dataclasses

    from advisor.core.controls import CONTROLS
    from advisor.page_form import form_html

    html = form_html()
    for field in dataclasses.fields(Scenario):
        assert field.name in CONTROLS, field.name
        assert f'name="{field.name}"' in html, field.name


def test_an_empty_optional_number_in_a_link_means_none():
    s, _ = case_from_mapping(parse_fragment("deadline_weeks=&error_cost_usd=&base_model_retires_in_months="))
    assert s.deadline_weeks is None and s.error_cost_usd is None and s.base_model_retires_in_months is None
    s, _ = case_from_mapping(
        parse_fragment("deadline_weeks=8&error_cost_usd=0.25&data_residency=region&mlops_in_house=false")
    )
    assert (s.deadline_weeks, s.error_cost_usd, s.data_residency, s.mlops_in_house) == (8, 0.25, "region", False)
