"""The assumptions table: every parameter is a row with a source and a date, and the class reads it faithfully."""

import csv
import dataclasses
import datetime
from pathlib import Path

import pytest

import advisor
from advisor.core.assumptions import CHOICE_FIELDS, FIELD_BOUNDS, REFERENCE_ROWS, SNAPSHOT_FIELDS, TRAINING_PRICE_PREFIX

TABLE = Path(advisor.__file__).parent / "data" / "assumptions.csv"
KINDS = {"price_list", "measured", "vendor_claim", "heuristic", "choice"}


def hand_rows():
    with TABLE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_field_has_exactly_one_source():
    names = [row["parameter"] for row in hand_rows() if row["parameter"] not in REFERENCE_ROWS]
    assert len(names) == len(set(names))
    hand = {n for n in names if not n.startswith(TRAINING_PRICE_PREFIX)}
    fields = {f.name for f in dataclasses.fields(advisor.Assumptions)} - {"ranges"}
    # every field is a hand-kept row, read from the price snapshot, or (the provider's training price)
    # read from the hand-kept row of the chosen fine-tuned model; never two of these
    assert hand | set(SNAPSHOT_FIELDS) | {"training_usd_per_mtok_managed"} == fields
    assert not hand & set(SNAPSHOT_FIELDS)
    # a training price is kept for every fine-tuned model in the snapshot, and for nothing else
    trained = {n.removeprefix(TRAINING_PRICE_PREFIX) for n in names if n.startswith(TRAINING_PRICE_PREFIX)}
    assert trained == {k for k, m in advisor.model_prices().items() if m.kind == "fine_tuned"}


@pytest.mark.parametrize("row", hand_rows(), ids=lambda r: r["parameter"])
def test_hand_rows_are_cited_and_consistent(row, defaults):
    assert row["source"].strip() and row["unit"].strip()
    assert row["kind"] in KINDS
    datetime.date.fromisoformat(row["date"])
    name = row["parameter"]
    if name in REFERENCE_ROWS:
        assert row["kind"] == "vendor_claim" and float(row["low"]) <= float(row["value"]) <= float(row["high"])
        return
    if name in CHOICE_FIELDS:
        assert getattr(defaults, name) == row["value"]
        return
    value, low, high = float(row["value"]), float(row["low"]), float(row["high"])
    if name.startswith(TRAINING_PRICE_PREFIX):
        a = advisor.Assumptions(finetuned_endpoint_model=name.removeprefix(TRAINING_PRICE_PREFIX))
        assert a.training_usd_per_mtok_managed == value
        assert a.range_of("training_usd_per_mtok_managed") == (low, high)
        return
    assert low <= value <= high
    assert getattr(defaults, name) == value
    assert defaults.range_of(name) == (low, high)
    assert FIELD_BOUNDS[name].contains(low) and FIELD_BOUNDS[name].contains(high)


def test_heuristics_say_so():
    """Thresholds of the seed's rules are heuristics; the table must not pass them off as measurements."""
    rows = {r["parameter"]: r for r in hand_rows()}
    for name in [
        "frequent_updates_per_month",
        "large_corpus_documents",
        "low_volume_queries_per_day",
        "retrieval_latency_budget_ms",
        "max_context_fill_fraction",
    ]:
        assert rows[name]["kind"] == "heuristic"
    assert rows["build_rag_usd"]["kind"] == rows["build_finetuning_usd"]["kind"] == "vendor_claim"
    assert (rows["build_rag_usd"]["low"], rows["build_rag_usd"]["high"]) == ("15000", "60000")
    assert (rows["build_finetuning_usd"]["low"], rows["build_finetuning_usd"]["high"]) == ("25000", "120000")
    assert (rows["retrieval_latency_ms"]["low"], rows["retrieval_latency_ms"]["high"]) == ("50", "300")


def test_the_table_view_has_every_parameter_with_source_and_date(defaults):
    table = advisor.assumptions_table()
    assert set(table.index) == set(CHOICE_FIELDS) | set(FIELD_BOUNDS) | set(REFERENCE_ROWS)
    assert (table.loc["seed_crossover_queries_per_month", ["low", "high"]] == [500_000, 1_000_000]).all()
    assert table["source"].str.len().gt(0).all() and table["date"].str.len().gt(0).all()
    row = table.loc["managed_input_usd_per_mtok"]
    assert row["value"] == defaults.managed_input_usd_per_mtok
    assert "genai-prices" in row["source"] and defaults.managed_model in row["source"]
    trained = table.loc["training_usd_per_mtok_managed"]
    assert trained["value"] == 3.0 and "OpenAI" in trained["source"]  # ft:gpt-4o-mini's training price


def test_what_you_set_is_marked_and_taken_as_known():
    a = advisor.Assumptions(gpu_usd_per_hour=2.0, ranges={"build_rag_usd": (10_000, 90_000)})
    table = advisor.assumptions_table(a)
    assert table.loc["gpu_usd_per_hour", "kind"] == "user"
    assert table.loc["gpu_usd_per_hour", "source"] == "set by you"
    assert a.range_of("gpu_usd_per_hour") == (2.0, 2.0)
    assert a.range_of("build_rag_usd") == (10_000, 90_000)
    assert a.range_of("build_finetuning_usd") == (25_000, 120_000)  # untouched: the table's range


def test_changing_the_model_reprices_from_the_snapshot():
    a = advisor.Assumptions(managed_model="anthropic/claude-haiku-4-5")
    assert (a.managed_input_usd_per_mtok, a.managed_output_usd_per_mtok) == (1.0, 5.0)
    assert a.managed_cache_write_usd_per_mtok == 1.25
    assert a.managed_context_window_tokens == 200_000
    again = a.replace(managed_model="openai/gpt-4o-mini")
    assert again.managed_input_usd_per_mtok == 0.15 and again.managed_context_window_tokens == 128_000
    pinned = a.replace(managed_model="openai/gpt-4o-mini", managed_input_usd_per_mtok=0.1)
    assert pinned.managed_input_usd_per_mtok == 0.1


def test_replace_checks_again():
    with pytest.raises(ValueError, match="gpu_usd_per_hour"):
        advisor.Assumptions().replace(gpu_usd_per_hour=-1)


def test_a_chosen_models_prices_are_still_the_snapshots():
    table = advisor.assumptions_table(advisor.Assumptions(managed_model="openai/gpt-4o-mini"))
    assert table.loc["managed_model", "kind"] == "user"
    assert table.loc["managed_input_usd_per_mtok", "kind"] == "price_list"
    assert "openai/gpt-4o-mini" in table.loc["managed_input_usd_per_mtok", "source"]


def test_haiku_caches_only_from_4096_tokens():
    assert advisor.Assumptions(managed_model="anthropic/claude-haiku-4-5").managed_cache_min_tokens == 4_096
    assert advisor.Assumptions(managed_model="openai/gpt-4o").managed_cache_min_tokens == 1_024


def test_every_chat_model_is_usable_once_what_is_missing_is_given():
    for key, model in advisor.model_prices().items():
        if model.kind != "chat":
            continue
        if model.context_window is None:
            with pytest.raises(ValueError, match="give managed_context_window_tokens yourself"):
                advisor.Assumptions(managed_model=key)
            a = advisor.Assumptions(managed_model=key, managed_context_window_tokens=2_000_000)
            assert a.managed_context_window_tokens == 2_000_000
        else:
            a = advisor.Assumptions(managed_model=key)
        assert advisor.tco(advisor.Scenario(corpus_documents=100), "rag", a).total > 0


def test_a_model_of_the_wrong_kind_is_refused():
    with pytest.raises(ValueError, match="managed_model must be a chat model"):
        advisor.Assumptions(managed_model="openai/text-embedding-3-small")
    with pytest.raises(ValueError, match="embedding_model must be an embedding model"):
        advisor.Assumptions(embedding_model="openai/gpt-4o")
    with pytest.raises(ValueError, match="finetuned_endpoint_model"):
        advisor.Assumptions(finetuned_endpoint_model="openai/gpt-4o")


def test_assumptions_pickle_and_hash():
    import pickle

    a = advisor.Assumptions(gpu_usd_per_hour=2.5, ranges={"build_rag_usd": (10_000, 90_000)})
    again = pickle.loads(pickle.dumps(a))
    assert again == a and hash(again) == hash(a)
    assert again.range_of("build_rag_usd") == (10_000, 90_000) and again.range_of("gpu_usd_per_hour") == (2.5, 2.5)
    assert hash(advisor.Assumptions(gpu_usd_per_hour=2.6)) != hash(a)
    r = advisor.recommend(advisor.Scenario(corpus_documents=100), a)
    assert pickle.loads(pickle.dumps(r)).architecture is r.architecture


def test_range_of_an_unknown_name_says_so():
    with pytest.raises(ValueError, match="range_of: unknown parameter 'bogus'"):
        advisor.Assumptions().range_of("bogus")


def test_the_price_snapshot_cannot_be_corrupted_by_a_caller():
    prices = advisor.model_prices()
    prices.clear()
    assert advisor.model_prices() and advisor.Assumptions().managed_input_usd_per_mtok > 0
