"""Evaluation before deciding: sample sizes against statistics libraries and a published example, pilot cost
and cost per correct answer against hand-worked cases, and an error cost that flips the cheapest choice."""

import math
import pickle

import pytest
from scipy import stats
from statsmodels.stats.proportion import samplesize_confint_proportion, samplesize_proportions_2indep_onetail

import advisor
from advisor import Architecture, Assumptions, Factor, Scenario, recommend
from advisor.core import evaluation as ev
from advisor.core.costs import judge_usd, pilot_query_usd, pilot_setup_usd
from advisor.core.sampling import simulate_draws

PAIRS = [(0.80, 0.85), (0.65, 0.85), (0.50, 0.55), (0.90, 0.95), (0.30, 0.20), (0.70, 0.72)]


# --- statistics -------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.5, 0.8, 0.9, 0.95, 0.975, 0.995, 1e-6])
def test_the_normal_quantile_is_scipys(p):
    assert ev.normal_quantile(p) == pytest.approx(stats.norm.ppf(p), abs=1e-9)


@pytest.mark.parametrize("p1, p2", PAIRS)
@pytest.mark.parametrize("alpha, power", [(0.05, 0.8), (0.01, 0.9), (0.1, 0.8)])
def test_independent_sets_match_statsmodels(p1, p2, alpha, power):
    expected = samplesize_proportions_2indep_onetail(p2 - p1, p1, power, alpha=alpha)
    assert ev.two_proportion_sample_size(p1, p2, alpha, power) == math.ceil(expected)


def test_mcnemar_matches_connors_published_example():
    """Connor 1987, as worked by the calculator at powerandsamplesize.com: p01 = 0.45, p10 = 0.05 -> 23 pairs."""
    assert math.ceil(ev.mcnemar_sample_size(0.05, 0.45, alpha=0.05, power=0.8)) == 23
    assert math.ceil(ev.mcnemar_sample_size(0.45, 0.05)) == 23  # symmetric in direction


def mcnemar_power(n: int, p10: float, p01: float, alpha: float) -> float:
    """The exact power of the two-sided McNemar z-test with n pairs, summed over the discordant counts (scipy)."""
    z = stats.norm.ppf(1 - alpha / 2)
    discordant = p10 + p01
    power = 0.0
    for d in range(1, n + 1):
        weight = stats.binom.pmf(d, n, discordant)
        if weight < 1e-12:
            continue
        # reject when |n10 - n01| / sqrt(d) > z, i.e. n10 outside [d/2 - z sqrt(d)/2, d/2 + z sqrt(d)/2]
        half = z * math.sqrt(d) / 2
        low, high = math.ceil(d / 2 - half) - 1, math.floor(d / 2 + half) + 1
        split = stats.binom(d, p10 / discordant)
        power += weight * (split.cdf(low) + split.sf(high - 1))
    return power


@pytest.mark.parametrize("p1, p2", [(0.80, 0.85), (0.70, 0.60), (0.90, 0.93), (0.50, 0.60)])
@pytest.mark.parametrize("rho", [0.3, 0.5])
def test_the_paired_size_reaches_its_power(p1, p2, rho):
    n = ev.paired_sample_size(p1, p2, rho, alpha=0.05, power=0.8)
    p10, p01 = ev.paired_cells(p1, p2, rho)
    assert mcnemar_power(n, p10, p01, 0.05) == pytest.approx(0.8, abs=0.015)


@pytest.mark.parametrize("p1, p2", [(0.80, 0.85), (0.65, 0.85), (0.70, 0.60)])
@pytest.mark.parametrize("rho", [0.3, 0.5, 0.7])
def test_the_paired_size_is_never_underpowered(p1, p2, rho):
    """With few discordant items (a large gap, or answers that agree a lot) Connor's normal approximation
    errs on the safe side: the exact power is above the target, never below it."""
    n = ev.paired_sample_size(p1, p2, rho, alpha=0.05, power=0.8)
    p10, p01 = ev.paired_cells(p1, p2, rho)
    assert 0.795 <= mcnemar_power(n, p10, p01, 0.05) <= 0.96


def test_pairing_needs_fewer_items_when_answers_correlate():
    independent = ev.two_proportion_sample_size(0.8, 0.85)
    assert ev.paired_sample_size(0.8, 0.85, 0.5) < independent / 1.8
    # the paired cells keep the two accuracies
    p10, p01 = ev.paired_cells(0.8, 0.85, 0.5)
    assert 0.8 - p10 + p01 == pytest.approx(0.85)


@pytest.mark.parametrize("p, half", [(0.8, 0.05), (0.5, 0.03), (0.95, 0.02)])
def test_estimating_one_accuracy_matches_statsmodels(p, half):
    assert ev.estimation_sample_size(p, half, alpha=0.05) == math.ceil(
        samplesize_confint_proportion(p, half, alpha=0.05)
    )


@pytest.mark.parametrize("n", [50, 100, 460, 2_000])
@pytest.mark.parametrize("paired", [True, False])
def test_the_minimum_detectable_difference_is_the_size_read_backwards(n, paired):
    gap = ev.minimum_detectable_difference(n, 0.8, paired=paired, correlation=0.5)
    assert ev.sample_size(0.8, 0.8 + gap, paired=paired) <= n
    assert ev.sample_size(0.8, 0.8 + gap - 0.002, paired=paired) > n


def test_a_set_too_small_for_any_gap_says_so():
    assert ev.minimum_detectable_difference(3, 0.8) is None
    assert ev.minimum_detectable_difference(100, 1.0) is None


@pytest.mark.parametrize(
    "call",
    [
        lambda: ev.two_proportion_sample_size(1.2, 0.5),
        lambda: ev.paired_sample_size(0.8, 0.85, correlation=-0.1),
        lambda: ev.minimum_detectable_difference(0, 0.8),
        lambda: ev.normal_quantile(1.0),
        lambda: ev.estimation_sample_size(0.8, 0.0),
    ],
)
def test_bad_inputs_name_what_is_wrong(call):
    with pytest.raises(ValueError):
        call()


# --- what a correct answer and a wrong one cost --------------------------------------------------


def test_cost_per_correct_answer_by_hand(issue_example):
    r = recommend(issue_example)
    queries = issue_example.queries_per_month * issue_example.horizon_months  # 300k x 24 = 7.2M
    for arch, q in r.quality.items():
        per_query = r.costs[arch].total / queries
        assert q.cost_per_query == pytest.approx(per_query)
        assert q.cost_of_pass == pytest.approx(per_query / 0.8)  # the default accuracy
        assert q.wrong_answers == pytest.approx(0.2 * queries)
    assert ev.cost_of_pass(0.03, 0.6) == pytest.approx(0.05)  # $0.03 an attempt, right 60% of the time


def test_expected_error_cost_by_hand(issue_example):
    a = Assumptions(accuracy_rag=0.9, accuracy_hybrid=0.92, accuracy_fine_tuning=0.7)
    r = recommend(issue_example.replace(error_cost_usd=0.25), a)
    queries = 300_000 * 24
    rag = r.quality[Architecture.RAG]
    assert rag.error_cost == pytest.approx(0.1 * queries * 0.25)  # 720k wrong answers at $0.25 = $180k
    assert rag.total_with_errors == pytest.approx(r.costs[Architecture.RAG].total + 180_000)
    assert rag.accuracy_range == (0.9, 0.9)  # a value you set is taken as known
    assert rag.error_cost_range == (pytest.approx(180_000), pytest.approx(180_000))


def test_a_realistic_error_cost_flips_the_cheapest_choice(issue_example):
    """A pilot found the hybrid 5 points more accurate than RAG. RAG is cheaper to run; at a quarter of a
    dollar per wrong answer, above the ~$0.10 where errors dominate (arXiv 2507.03834), the hybrid wins."""
    pilot = Assumptions(accuracy_rag=0.80, accuracy_hybrid=0.85)
    cheap = recommend(issue_example, pilot)
    assert cheap.architecture is Architecture.RAG
    assert cheap.costs[Architecture.RAG].total < cheap.costs[Architecture.HYBRID].total
    priced = recommend(issue_example.replace(error_cost_usd=0.25), pilot)
    assert priced.architecture is Architecture.HYBRID
    quality = priced.finding(Factor.QUALITY)
    assert quality.points_to == "quality: the hybrid (fine-tuned + RAG)" and "Quality decides" in quality.explanation
    assert any("On running cost alone RAG is cheaper" in c for c in priced.conflicts)
    # the gap at which it flips, as the finding states it, is where the two totals with errors meet
    extra = priced.costs[Architecture.HYBRID].total - priced.costs[Architecture.RAG].total
    gap = extra / (0.25 * 300_000 * 24)
    assert priced.pilot.flip_gap == pytest.approx(-gap)
    assert ev.points(gap) in quality.explanation
    just_below = recommend(
        issue_example.replace(error_cost_usd=0.25), Assumptions(accuracy_rag=0.80, accuracy_hybrid=0.80 + gap * 0.99)
    )
    just_above = recommend(
        issue_example.replace(error_cost_usd=0.25), Assumptions(accuracy_rag=0.80, accuracy_hybrid=0.80 + gap * 1.01)
    )
    assert just_below.architecture is Architecture.RAG and just_above.architecture is Architecture.HYBRID
    # and at a cent a wrong answer price decides again
    assert recommend(issue_example.replace(error_cost_usd=0.01), pilot).architecture is Architecture.RAG


def test_without_an_error_cost_quality_is_not_priced_but_the_break_even_is_given(issue_example):
    r = recommend(issue_example)
    quality = r.finding(Factor.QUALITY)
    assert quality.points_to == "not priced" and "Erol et al. 2025" in quality.explanation
    assert "$0.10" in quality.explanation and "Zellinger and Thomson 2025" in quality.explanation
    extra = r.costs[Architecture.HYBRID].total - r.costs[Architecture.RAG].total
    level = ev.break_even_error_cost(extra, 0.05, 300_000 * 24)
    assert f"${level:,.2f}" in quality.explanation


# --- the pilot -----------------------------------------------------------------------------------


def test_pilot_cost_by_hand():
    """Prompting against RAG on gpt-4o list prices ($2.50/M in, $10/M out), by hand."""
    s = Scenario(queries_per_month=20_000, corpus_documents=40, knowledge_updates_per_month=1, error_cost_usd=1.0)
    a = Assumptions(
        managed_model="openai/gpt-4o",
        cache_hit_rate=0.0,
        eval_runs=2,
        judge_input_tokens=1_000,
        judge_output_tokens=100,
        labeling_minutes_per_example=6,
        labeling_usd_per_hour=80,
        accuracy_prompting=0.8,
        accuracy_rag=0.8,
    )
    r = recommend(s, a)
    plan = r.pilot
    assert set(plan.compare) == {Architecture.PROMPTING, Architecture.RAG}
    n = plan.golden_set_size
    assert plan.labeling_usd == pytest.approx(n * 6 / 60 * 80)  # $8 an item
    judge = (1_000 * 2.5 + 100 * 10) / 1e6  # $0.0035 per judged answer
    # a prompting query: 400 instructions + 40,000 corpus + 150 question in, 300 out, nothing cached
    prompting = (40_550 * 2.5 + 300 * 10) / 1e6
    # a RAG query: 400 + 150 + 3,200 retrieved in, 300 out, plus embedding the question ($0.02/M)
    rag = (3_750 * 2.5 + 300 * 10) / 1e6 + 150 * 0.02 / 1e6
    index = 40_000 * 0.02 / 1e6  # embedding the corpus for the pilot's index
    p = a.numbers()
    assert judge_usd(s, p) == pytest.approx(judge)
    assert pilot_query_usd(s, Architecture.PROMPTING, p) == pytest.approx(prompting)
    assert pilot_query_usd(s, Architecture.RAG, p) == pytest.approx(rag)
    assert pilot_setup_usd(s, Architecture.RAG, p) == pytest.approx(index)
    assert plan.cost_by_architecture[Architecture.PROMPTING] == pytest.approx(2 * n * (prompting + judge))
    assert plan.cost_by_architecture[Architecture.RAG] == pytest.approx(2 * n * (rag + judge) + index)
    assert plan.cost_usd == pytest.approx(plan.labeling_usd + sum(plan.cost_by_architecture.values()))
    assert plan.first is Architecture.RAG  # cheaper to run: the whole corpus is not in every prompt


def test_a_fine_tuning_pilot_trains_on_a_small_curated_set():
    s = Scenario(queries_per_month=100_000, behavior_needs=["brand_voice"])
    a = Assumptions(
        finetune_hosting="managed",
        pilot_training_examples=100,
        tokens_per_training_example=500,
        training_epochs=3,
        example_curation_usd=0.5,
    )
    setup = pilot_setup_usd(s, Architecture.FINE_TUNING, a.numbers(), "managed")
    assert setup == pytest.approx(100 * 500 * 3 * 3.0 / 1e6 + 100 * 0.5)  # ft:gpt-4o-mini trains at $3/M


def test_the_pilot_is_sized_for_the_gap_that_flips_the_choice(issue_example):
    pilot = Assumptions(accuracy_rag=0.80, accuracy_hybrid=0.85)
    plan = recommend(issue_example.replace(error_cost_usd=0.25), pilot).pilot
    assert plan.paired and plan.compare == (Architecture.HYBRID, Architecture.RAG)
    assert plan.detectable_gap == pytest.approx(abs(plan.flip_gap))
    assert plan.golden_set_size == ev.paired_sample_size(0.85, 0.85 + abs(plan.flip_gap), 0.5)
    assert plan.independent_set_size > plan.golden_set_size
    assert "does not score at least" in plan.changes_if and "RAG becomes the better buy" in plan.changes_if


def test_without_an_error_cost_the_pilot_detects_the_smallest_gap_worth_having(issue_example):
    plan = recommend(issue_example).pilot
    assert plan.detectable_gap == 0.05 and plan.flip_gap is None
    assert plan.golden_set_size == ev.paired_sample_size(0.8, 0.85, 0.5)  # 460 items
    assert "Miller 2024" in plan.why_this_size and "Connor 1987" in plan.why_this_size


def test_what_the_current_set_can_detect(issue_example):
    plan = recommend(issue_example, Assumptions(eval_golden_set_size=100)).pilot
    assert plan.current_set_size == 100
    assert plan.current_set_detects == pytest.approx(ev.minimum_detectable_difference(100, 0.8))
    assert any("Your current set of 100 items detects a gap of 10" in note for note in plan.notes)


def test_with_nothing_to_compare_the_pilot_estimates_one_accuracy():
    r = recommend(Scenario(queries_per_month=50_000, behavior_needs=["brand_voice"]))
    assert r.pilot.compare == (Architecture.FINE_TUNING,) and not r.pilot.paired
    assert r.pilot.golden_set_size == ev.estimation_sample_size(0.8, 0.05)


def test_the_brief_carries_the_pilot_plan_and_the_quality_table(issue_example):
    r = recommend(issue_example.replace(error_cost_usd=0.25), Assumptions(accuracy_hybrid=0.85))
    md = r.to_markdown(draws=200)
    pilot = md.split("## Before you commit: the pilot")[1].split("## The crossover")[0]
    assert f"**Golden set:** {advisor.count(r.pilot.golden_set_size)} labelled items" in pilot
    assert "Test " in pilot and r.pilot.changes_if in pilot and advisor.usd(r.pilot.cost_usd) in pilot
    quality = md.split("## Quality and the cost of a wrong answer")[1].split("## Before you commit")[0]
    assert "Cost per correct answer" in quality and "Total over 24 months with errors" in quality


# --- ranges, the calculator, the result ----------------------------------------------------------


def test_accuracy_ranges_are_drawn_like_every_other_assumption():
    s = Scenario(queries_per_month=500_000, corpus_documents=3_000, error_cost_usd=0.5)
    draws = simulate_draws(s, n=4_000, seed=2)
    column = sorted(draws.parameters["accuracy_rag"])
    low, high = Assumptions().range_of("accuracy_rag")
    assert low <= column[0] and column[-1] <= high
    assert column[2_000] == pytest.approx(0.8, abs=0.01)  # the default is the median
    assert column[400] == pytest.approx(ev.quantile_of(0.1, low, 0.8, high), abs=0.01)
    # and the brief's p10-p90 of the error cost is that range's image
    q = recommend(s).quality[Architecture.RAG]
    queries = 500_000 * 24
    assert q.error_cost_range[1] == pytest.approx(
        ev.expected_error_cost(ev.quantile_of(0.1, low, 0.8, high), 0.5, queries)
    )


def test_the_result_with_its_plan_pickles(issue_example):
    r = recommend(issue_example.replace(error_cost_usd=0.25, deadline_weeks=20, data_residency="region"))
    again = pickle.loads(pickle.dumps(r))
    assert again.pilot == r.pilot and again.quality == r.quality and again.findings == r.findings


def test_the_calculator_shows_the_plan(monkeypatch):
    monkeypatch.setenv("ADVISOR_STATIC_HTML", "1")
    from advisor import evaluation_widgets

    calc = evaluation_widgets.evaluation_calculator(
        Scenario(queries_per_month=300_000, corpus_documents=8_000, error_cost_usd=0.25)
    )
    assert calc.error is None and "The pilot that can settle it" in calc.summary.value
    calc.set(accuracy_hybrid=0.9)
    assert calc.result.architecture is Architecture.HYBRID
    calc.set(error_cost_usd=0)  # 0 in the box: not priced
    assert calc.result.scenario.error_cost_usd is None and calc.result.architecture is Architecture.RAG
    calc.set(eval_golden_set_size=200)
    assert "Your set of 200 items detects" in calc.summary.value
    assert 'class="advisor-chart"' in calc.static_html() or "vega" in calc.static_html()


def test_the_calculator_with_nothing_to_compare_measures_one_option():
    """Only fine-tuning meets a 100 ms budget: the calculator's pilot measures it alone (no second option
    to name, no gap between two to mark), and every other accuracy says it moves its row only."""
    import re

    from advisor.core import calculators

    out = calculators.run("evaluation", "latency_budget_ms=100")
    assert out["ok"], out
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(out["html"])))
    assert "The pilot: fine-tuning alone, with no alternative to compare." in text
    assert "settle it" not in text
    assert text.count("moves its row of the table only: the pilot measures fine-tuning alone") == 2
    records = out["records"]
    assert [row["show"] for row in records["yours"]] == [False]  # no gap between two options to mark


@pytest.mark.parametrize("scale, can_flip", [(1 - 1e-6, True), (1 + 1e-6, False)])
def test_a_flip_gap_beyond_100_points_is_said_to_be_out_of_reach(scale, can_flip):
    """The gap that flips the choice is the extra cost over (error cost x queries). Set the error cost so
    that the gap falls just under or just over 100 points: over it, no accuracy result can flip the choice,
    and the finding and the pilot say so instead of quoting an impossible gap."""
    s = Scenario(queries_per_month=10_000, corpus_documents=0)
    plain = recommend(s)
    chosen, alternative = plain.architecture, Architecture.FINE_TUNING
    extra = plain.costs[alternative].total - plain.costs[chosen].total
    queries = s.queries_per_month * s.horizon_months
    r = recommend(s.replace(error_cost_usd=extra / queries / scale))  # the gap is then `scale` (100 points)
    assert (r.architecture, r.pilot.compare) == (chosen, (chosen, alternative))
    assert r.pilot.flip_gap == pytest.approx(scale)
    quality = r.finding(Factor.QUALITY).explanation
    if can_flip:
        assert "The choice flips if fine-tuning answers more than 100 points more often correctly" in quality
        assert r.pilot.changes_if.startswith("If fine-tuning scores more than 100 points above prompting only")
    else:
        assert (
            "No accuracy gap can flip the choice between prompting only and fine-tuning: it would take 100 points"
            in quality
        )
        assert r.pilot.changes_if.startswith(
            "No pilot result changes the choice between prompting only and fine-tuning"
        )
    assert "flips if" not in quality or can_flip


@pytest.mark.parametrize(
    "gap, reachable",
    [
        (0.0, True),  # a tie: any lead flips it
        (0.999, True),
        (1.0, False),  # beating by more than 100 points cannot happen
        (1.5, False),
        (-0.5, True),  # the chosen option must keep a 50-point lead
        (-1.0, True),  # a 100-point lead: possible, just
        (-1.001, False),
    ],
)
def test_which_flip_gaps_an_accuracy_result_can_reach(gap, reachable):
    """Accuracies are shares, so two differ by at most 100 points: the alternative must beat the chosen
    option by more than a positive gap, and the chosen option must keep a lead of a negative gap's size."""
    from advisor.core.decision import _accuracy_can_flip

    assert _accuracy_can_flip(gap) is reachable
