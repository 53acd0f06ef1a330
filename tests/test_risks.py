"""Risk and governance in `recommend`: one test per rule, and per kind of case (data on premises or in a
region, a retiring base model, ML-ops skills bought in, a deadline, a move to another provider)."""

import json
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import advisor
from advisor import Architecture, Assumptions, Factor, Scenario, recommend
from advisor.core.assumptions import FIELD_BOUNDS
from advisor.core.case import case_from_mapping, parse_fragment, to_fragment
from advisor.core.costs import (
    expected_retirements,
    mlops_hours_per_month,
    provider_move_usd,
    regional_factor,
    retrain_usd,
    risk_terms,
    tco,
)
from advisor.core.references import references

NEW_FIELDS = dict(
    error_cost_usd=None,
    data_residency="anywhere",
    base_model_retires_in_months=None,
    mlops_in_house=True,
    deadline_weeks=None,
    provider_moves=0.0,
)
HR = Scenario(queries_per_month=20_000, corpus_documents=40, knowledge_updates_per_month=1)
BRAND = Scenario(queries_per_month=3_000_000, behavior_needs=["brand_voice"])
FT = Architecture.FINE_TUNING


def near_the_hosting_crossover(share: float) -> Scenario:
    """A fine-tuned model where the provider's endpoint and your own GPUs cost almost the same."""
    return BRAND.replace(queries_per_month=advisor.hosting_crossover(BRAND) * share)


# --- the defaults change nothing ---------------------------------------------------------------


@pytest.mark.parametrize("s", [HR, BRAND, Scenario(queries_per_month=300_000, corpus_documents=8_000)])
def test_the_defaults_price_no_risk(s):
    p = Assumptions().numbers()
    assert {k: getattr(Scenario(), k) for k in NEW_FIELDS} == NEW_FIELDS
    for arch in Architecture:
        for hosting in ("self_hosted", "managed"):
            assert risk_terms(s, arch, p, hosting) == ()
    assert regional_factor(s, p) == 1.0
    r = recommend(s)
    assert [
        r.finding(f).points_to
        for f in (
            Factor.DATA_RESIDENCY,
            Factor.MODEL_LIFECYCLE,
            Factor.TIME_TO_PRODUCTION,
            Factor.LOCK_IN,
            Factor.QUALITY,
        )
    ] == ["no constraint", "not counted", "no deadline", "not counted", "not priced"]
    assert r.finding(Factor.TEAM_AND_OPERATIONS).points_to == "no preference"


# --- the fields: checked, named, and carried through every format -------------------------------


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("error_cost_usd", -1, "error_cost_usd must be a number >= 0"),
        ("error_cost_usd", "1", "error_cost_usd"),
        ("error_cost_usd", math.nan, "error_cost_usd"),
        ("data_residency", "cloud", "data_residency must be one of anywhere, region, on_premises"),
        ("data_residency", None, "data_residency"),
        ("base_model_retires_in_months", -3, "base_model_retires_in_months must be a number >= 0"),
        ("mlops_in_house", "no", "mlops_in_house must be True or False"),
        ("deadline_weeks", 0, "deadline_weeks must be a number > 0"),
        ("deadline_weeks", True, "deadline_weeks"),
        ("provider_moves", -1, "provider_moves must be a number >= 0"),
        ("provider_moves", None, "provider_moves"),
    ],
)
def test_bad_values_name_their_field(field, value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Scenario(**{field: value})


def test_the_new_fields_round_trip():
    s = Scenario(
        queries_per_month=250_000,
        error_cost_usd=0.25,
        data_residency="on_premises",
        base_model_retires_in_months=9,
        mlops_in_house=False,
        deadline_weeks=12,
        provider_moves=0.5,
    )
    assert Scenario.from_dict(s.to_dict()) == s
    assert Scenario.from_dict(json.loads(json.dumps(s.to_dict()))) == s
    again, _ = case_from_mapping(parse_fragment(to_fragment(s.to_dict())))
    assert again == s
    assert case_from_mapping(parse_fragment(to_fragment(Scenario().to_dict())))[0] == Scenario()


# --- data residency ----------------------------------------------------------------------------


def test_on_premises_rules_out_every_managed_api():
    r = recommend(HR.replace(data_residency="on_premises"), Assumptions(finetune_hosting="managed"))
    for arch in Architecture:
        t = r.costs[arch]
        assert not t.feasible or (t.hosting == "self_hosted" and t.gpus >= 1), arch
    assert r.costs[FT].hosting == "self_hosted"  # even where the reader asked for the provider's endpoint
    other = r.other_hosting_costs[FT]
    assert not other.feasible and "on premises" in other.why_not
    finding = r.finding(Factor.DATA_RESIDENCY)
    assert finding.points_to == "self-hosted only" and "vLLM docs" in finding.explanation


def test_on_premises_prices_prompting_and_rag_on_a_self_hosted_model():
    s = Scenario(queries_per_month=300_000, corpus_documents=8_000, data_residency="on_premises")
    cheap, dear = Assumptions(managed_model="openai/gpt-4o-mini"), Assumptions(managed_model="openai/gpt-4o")
    assert tco(s, "rag", cheap).total == tco(s, "rag", dear).total  # no managed token is bought
    assert (
        tco(s.replace(data_residency="anywhere"), "rag", cheap).total
        != tco(s.replace(data_residency="anywhere"), "rag", dear).total
    )


def test_on_premises_changes_the_answer_when_the_corpus_no_longer_fits():
    """The HR assistant's 40k-token corpus fits the managed model's window but not the self-hosted model's 32k."""
    assert recommend(HR).architecture is Architecture.PROMPTING
    r = recommend(HR.replace(data_residency="on_premises"))
    assert r.architecture is Architecture.RAG
    assert "32.8k-token window of the self-hosted model" in r.ruled_out[Architecture.PROMPTING]
    assert any(
        "If the data could be processed anywhere, the recommendation would be prompting only" in c
        for c in r.what_would_change
    )


def test_a_region_puts_a_premium_on_managed_generation():
    s = Scenario(queries_per_month=100_000)  # prompting only: all of inference is managed generation
    plain = tco(s, "prompting").by_category["inference"]
    assert tco(s.replace(data_residency="region"), "prompting").by_category["inference"] == pytest.approx(plain * 1.1)
    r = recommend(s.replace(data_residency="region"))
    assert r.finding(Factor.DATA_RESIDENCY).points_to == "managed APIs limited"
    assert (
        "10%" in r.finding(Factor.DATA_RESIDENCY).explanation
        and "OpenAI docs" in r.finding(Factor.DATA_RESIDENCY).explanation
    )


def test_a_region_can_move_a_fine_tuned_model_onto_your_own_gpus():
    s = near_the_hosting_crossover(0.97)
    assert recommend(s).hosting == "managed"
    assert recommend(s.replace(data_residency="region")).hosting == "self_hosted"


# --- model lifecycle -----------------------------------------------------------------------------


def test_expected_retirements_by_hand():
    p = {"model_lifetime_months": 18.0}
    assert expected_retirements(Scenario(horizon_months=24, base_model_retires_in_months=6), p) == 2.0  # at 6 and 24
    assert expected_retirements(Scenario(horizon_months=24, base_model_retires_in_months=24), p) == 1.0
    assert expected_retirements(Scenario(horizon_months=24, base_model_retires_in_months=25), p) == 0.0
    assert expected_retirements(Scenario(horizon_months=24), p) == 0.0  # not given


def test_a_retiring_base_model_costs_a_retrain_on_the_providers_endpoint_and_nothing_on_your_gpus():
    s = BRAND.replace(base_model_retires_in_months=6)  # two retirements within 24 months
    managed, own = Assumptions(finetune_hosting="managed"), Assumptions(finetune_hosting="self_hosted")
    p = managed.numbers()
    extra = tco(s, FT, managed).by_category["maintenance"] - tco(BRAND, FT, managed).by_category["maintenance"]
    assert extra == pytest.approx(2 * retrain_usd(s, FT, p, "managed"))
    assert tco(s, FT, own).total == tco(BRAND, FT, own).total  # open weights are not retired by anyone
    prompting = tco(s, "prompting").by_category["maintenance"] - tco(BRAND, "prompting").by_category["maintenance"]
    assert prompting == pytest.approx(2 * p["prompt_migration_usd"])  # prompts re-tested on the successor


def test_a_retiring_base_model_can_move_the_fine_tuned_model_onto_your_own_gpus():
    s = near_the_hosting_crossover(0.97)
    assert recommend(s).hosting == "managed"
    r = recommend(s.replace(base_model_retires_in_months=3))
    assert r.architecture is FT and r.hosting == "self_hosted"
    finding = r.finding(Factor.MODEL_LIFECYCLE)
    assert finding.points_to == "own weights" and "Google Vertex AI docs" in finding.explanation
    assert "tied to its base model" in finding.explanation


# --- team and operations -------------------------------------------------------------------------


def test_ml_ops_hours_bought_in_by_hand():
    s = BRAND.replace(mlops_in_house=False)
    own = Assumptions(finetune_hosting="self_hosted")
    monthly = tco(s, FT, own).monthly["maintenance"] - tco(BRAND, FT, own).monthly["maintenance"]
    assert monthly == pytest.approx(40 * 150)  # 40 hours of GPU serving at $150 an hour
    assert mlops_hours_per_month(s, Architecture.PROMPTING, own.numbers(), "") == 0.0
    assert tco(s, "prompting").total == tco(BRAND, "prompting").total


def test_without_ml_ops_skills_a_fine_tuned_model_moves_to_the_providers_endpoint():
    s = near_the_hosting_crossover(1.3)
    assert recommend(s).hosting == "self_hosted"
    r = recommend(s.replace(mlops_in_house=False))
    assert r.architecture is FT and r.hosting == "managed"
    assert r.finding(Factor.TEAM_AND_OPERATIONS).points_to.startswith("fewest ML-ops hours")


# --- time to production --------------------------------------------------------------------------


def test_a_deadline_rules_out_what_cannot_be_ready():
    s = Scenario(queries_per_month=10_000_000)
    assert recommend(s).architecture is FT
    r = recommend(s.replace(deadline_weeks=8))
    assert r.architecture is Architecture.PROMPTING
    assert "8-week deadline" in r.ruled_out[FT]
    finding = r.finding(Factor.TIME_TO_PRODUCTION)
    assert finding.points_to == "within the deadline: prompting only" and FT in finding.rules_out
    assert "RAG vendor blogs 2025-2026" in finding.explanation
    assert any("Without the deadline, the recommendation would be fine-tuning" in c for c in r.what_would_change)


def test_a_deadline_nothing_meets_is_a_stated_conflict():
    r = recommend(BRAND.replace(deadline_weeks=4))  # only fine-tuning gives a brand voice; it takes longer
    assert r.architecture is FT
    assert r.finding(Factor.TIME_TO_PRODUCTION).points_to == "nothing meets it"
    assert any("4-week deadline" in c and "Move the deadline" in c for c in r.conflicts)


def test_time_to_production_counts_setting_up_your_own_gpus():
    r = recommend(
        Scenario(queries_per_month=100_000, behavior_needs=["brand_voice"]), Assumptions(finetune_hosting="self_hosted")
    )
    low, central, high = r.weeks_to_production[FT]
    assert central == 12 + 4 and low == 6 + 2 and high == 20 + 12


# --- lock-in ------------------------------------------------------------------------------------


def test_a_provider_move_costs_a_retrain_where_the_weights_cannot_leave():
    s = BRAND.replace(provider_moves=1)
    p = Assumptions().numbers()
    managed = provider_move_usd(s, FT, p, "managed")
    assert managed == pytest.approx(p["prompt_migration_usd"] + retrain_usd(s, FT, p, "managed"))
    assert provider_move_usd(s, FT, p, "self_hosted") == p["prompt_migration_usd"]
    rag = Scenario(corpus_documents=1_000, provider_moves=1)
    reindex = 1_000_000 * p["embedding_usd_per_mtok"] / 1e6 + 1_000_000 / 800 * 4 / 1e6  # embed and write 1M tokens
    assert provider_move_usd(rag, Architecture.RAG, p, "") == pytest.approx(p["prompt_migration_usd"] + reindex)


def test_expected_moves_can_tip_a_fine_tuned_model_to_open_weights():
    s = near_the_hosting_crossover(0.99)
    assert recommend(s).hosting == "managed"
    r = recommend(s.replace(provider_moves=1))
    assert r.hosting == "self_hosted"
    assert (
        r.finding(Factor.LOCK_IN).points_to.startswith("least locked in")
        and "OpenAI community" in r.finding(Factor.LOCK_IN).explanation
    )


# --- in the brief, with their sources ------------------------------------------------------------


def test_the_brief_has_a_place_for_every_risk():
    s = BRAND.replace(
        data_residency="region",
        base_model_retires_in_months=6,
        mlops_in_house=False,
        deadline_weeks=20,
        provider_moves=1,
        error_cost_usd=0.05,
    )
    r = recommend(s)
    md = r.to_markdown(draws=200)
    risks = md.split("## Risks a lead must defend")[1].split("## Cost over")[0]
    for factor in advisor.RISK_FACTORS:
        finding = r.finding(factor)
        assert f"| {factor.label} | {finding.points_to} |" in risks and finding.explanation in risks
    case = md.split("## The case")[1].split("## What each factor says")[0]
    for words in (
        "| Cost of one wrong answer | $0.05 |",
        "in-region managed endpoints only",
        "| 6 months |",
        "no (hours bought in)",
        "| 20 weeks |",
        "| Expected moves to another provider | 1 |",
    ):
        assert words in case, words
    assert "can we export the weights?" in md


@pytest.mark.parametrize(
    "key",
    [
        "llm_as_judge",
        "eval_statistics",
        "rag_evaluation",
        "cost_of_pass",
        "error_cost",
        "quality_by_architecture",
        "model_lifecycle",
        "data_residency",
        "lock_in",
        "retrieval_quality",
        "long_context",
        "time_to_production",
        "mlops",
        "selfhosted_prefix_caching",
    ],
)
def test_every_new_finding_has_a_dated_source(key):
    rows = references(key)
    assert rows and all(r.url.startswith("https://") and re.fullmatch(r"\d{4}-\d\d-\d\d", r.date) for r in rows)


def test_new_parameters_come_last_so_earlier_draws_stay_the_same():
    names = list(FIELD_BOUNDS)
    assert names.index("embedding_usd_per_mtok") < names.index("accuracy_prompting")
    assert names[-1] == "eval_golden_set_size"


# --- every value in range answers in finite numbers ---------------------------------------------


RISKY = st.builds(
    Scenario,
    queries_per_month=st.one_of(st.just(0.0), st.just(5e-324), st.floats(1, 1e10)),
    corpus_documents=st.sampled_from([0, 40, 3_000, 50_000]),
    behavior_needs=st.lists(st.sampled_from(sorted(advisor.BEHAVIOR_NEEDS)), max_size=2, unique=True),
    horizon_months=st.integers(1, 120),
    error_cost_usd=st.one_of(st.none(), st.just(0.0), st.just(5e-324), st.floats(1e-6, 1e9)),
    data_residency=st.sampled_from(sorted(advisor.DATA_RESIDENCY)),
    base_model_retires_in_months=st.one_of(st.none(), st.floats(0, 1200)),
    mlops_in_house=st.booleans(),
    deadline_weeks=st.one_of(st.none(), st.floats(0.01, 520)),
    provider_moves=st.floats(0, 100),
)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    RISKY,
    st.sampled_from(
        [
            Assumptions(),
            Assumptions(finetune_hosting="managed"),
            Assumptions(accuracy_rag=0.0, accuracy_hybrid=1.0, eval_golden_set_size=1),
        ]
    ),
)
def test_every_risk_setting_answers_in_finite_numbers(s, a):
    r = recommend(s, a)
    assert r.costs[r.architecture].feasible
    for t in r.costs.values():
        assert not t.feasible or (math.isfinite(t.total) and t.total >= 0)
    plan = r.pilot
    assert plan.golden_set_size >= 1 and math.isfinite(plan.cost_usd) and plan.cost_usd >= 0
    text = " ".join(
        [
            r.summary,
            *(f.explanation for f in r.findings),
            *r.conflicts,
            *r.what_would_change,
            plan.changes_if,
            plan.why_this_size,
            *plan.notes,
        ]
    )
    assert not re.search(r"\b(nan|inf|infinity)\b", text, re.IGNORECASE), text


@pytest.mark.parametrize(
    "s",
    [
        Scenario(
            queries_per_month=3e6,
            corpus_documents=3_000,
            behavior_needs=["brand_voice"],
            data_residency="on_premises",
            base_model_retires_in_months=3,
            mlops_in_house=False,
            provider_moves=1,
            error_cost_usd=0.2,
        ),
        Scenario(
            queries_per_month=3e5,
            corpus_documents=30,
            data_residency="region",
            base_model_retires_in_months=3,
            mlops_in_house=False,
            provider_moves=1,
        ),
    ],
)
def test_risk_terms_are_drawn_alike_in_the_browser_and_with_numpy(s):
    import numpy as np

    pure = advisor.simulate_draws(s, n=300, seed=3)
    table = advisor.simulate(s, n=300, seed=3)
    for arch, column in pure.tco.items():
        np.testing.assert_allclose(table[f"tco_{arch}"].to_numpy(), column, rtol=1e-12)
    assert "mlops_hours_per_month_self_hosted" in pure.parameters and "model_lifetime_months" in pure.parameters
