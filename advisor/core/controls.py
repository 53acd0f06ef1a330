"""The inputs a reader can set, declared once: field, label, range, step, unit and help.

The ipywidgets calculators (``advisor.widgets``), the static site's form ("Your case") and the URL
that shares a case all read these declarations; a control is either a Scenario field or an
Assumptions field. The accepted range of a number is the model's own (``SCENARIO_BOUNDS`` and
``FIELD_BOUNDS``): a control never narrows it; ``low``/``high`` are where a slider starts and ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from .assumptions import FIELD_BOUNDS, FINETUNE_HOSTING, Assumptions
from .prices import model_prices
from .scenario import BEHAVIOR_NEEDS, DATA_RESIDENCY, OPTIONAL_BOUNDS, SCENARIO_BOUNDS, Scenario


@dataclass(frozen=True)
class Control:
    """One input: what it sets, how it reads, and the range a slider for it covers."""

    field: str
    label: str
    kind: str  # number, optional_number, choice, choices, flag, text
    target: str  # "scenario" or "assumptions"
    unit: str = ""
    help: str = ""
    low: float | None = None  # slider start (the model may accept more: see ``accepted``)
    high: float | None = None
    step: float | None = None
    log: bool = False  # a slider over orders of magnitude
    integer: bool = False
    slider: bool = True  # False: a typed box, for a count that spans orders of magnitude
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for choices

    def accepted(self) -> str:
        """The accepted range, as the model states it in its error messages."""
        bounds = SCENARIO_BOUNDS.get(self.field) or OPTIONAL_BOUNDS.get(self.field) or FIELD_BOUNDS.get(self.field)
        return bounds.describe() if bounds else ""

    def default(self) -> object:
        """The value this control shows for a new case."""
        source = Scenario() if self.target == "scenario" else _default_assumptions()
        value = getattr(source, self.field)
        return list(value) if isinstance(value, tuple) else value


_ASSUMPTIONS: list[Assumptions] = []


def _default_assumptions() -> Assumptions:
    if not _ASSUMPTIONS:
        _ASSUMPTIONS.append(Assumptions())
    return _ASSUMPTIONS[0]


def _models(kind: str) -> tuple[tuple[str, str], ...]:
    return tuple((key, key) for key, m in sorted(model_prices().items()) if m.kind == kind)


def _needs() -> tuple[tuple[str, str], ...]:
    return tuple((name, f"{name.replace('_', ' ')}: {text}") for name, text in sorted(BEHAVIOR_NEEDS.items()))


SCENARIO_CONTROLS: tuple[Control, ...] = (
    Control("name", "Project name", "text", "scenario", help="Shown as the title of your decision brief."),
    Control(
        "queries_per_month",
        "Queries per month",
        "number",
        "scenario",
        "queries",
        "Requests your application sends the model in a month.",
        1,
        1e12,
        0.05,
        log=True,
    ),
    Control(
        "knowledge_updates_per_month",
        "Knowledge updates per month",
        "number",
        "scenario",
        "updates",
        "How often the private knowledge changes: 0 never, 1 monthly, 4.33 weekly.",
        0,
        30,
        0.25,
    ),
    Control(
        "corpus_documents",
        "Documents in the private corpus",
        "number",
        "scenario",
        "documents",
        "0 if answers need no private knowledge.",
        0,
        100_000,
        100,
        integer=True,
        slider=False,
    ),
    Control(
        "tokens_per_document",
        "Tokens per document",
        "number",
        "scenario",
        "tokens",
        "About 500 tokens a page of prose.",
        100,
        20_000,
        100,
        integer=True,
        slider=False,
    ),
    Control(
        "behavior_needs",
        "Behaviour prompting cannot enforce",
        "choices",
        "scenario",
        help="Output the model must always produce in one way.",
        options=_needs(),
    ),
    Control(
        "structured_outputs",
        "The model enforces a JSON schema while it decodes",
        "flag",
        "scenario",
        help="Structured outputs (OpenAI, Anthropic, Google; vLLM and SGLang when self-hosted).",
    ),
    Control(
        "latency_budget_ms",
        "Latency budget, p95 time to first token",
        "optional_number",
        "scenario",
        "ms",
        "Leave empty for no hard limit.",
        50,
        3_000,
        10,
    ),
    Control(
        "horizon_months",
        "Horizon",
        "number",
        "scenario",
        "months",
        "The period the total cost of ownership covers.",
        1,
        120,
        1,
        integer=True,
    ),
    Control(
        "error_cost_usd",
        "Cost of one wrong answer",
        "optional_number",
        "scenario",
        "USD",
        "An escalation, a refund, a bad contract answer. Leave empty to compare on cost alone.",
        0,
        100,
        0.05,
    ),
    Control(
        "data_residency",
        "Where the data may be processed",
        "choice",
        "scenario",
        help="In one region: managed APIs through in-region endpoints only. On premises: every model self-hosted.",
        options=tuple((key, text) for key, text in DATA_RESIDENCY.items()),
    ),
    Control(
        "deadline_weeks",
        "Deadline to production",
        "optional_number",
        "scenario",
        "weeks",
        "Leave empty for no deadline.",
        1,
        52,
        1,
    ),
    Control(
        "base_model_retires_in_months",
        "Base model retires in",
        "optional_number",
        "scenario",
        "months",
        "When the provider retires the model a hosted option runs on; empty if not known.",
        1,
        60,
        1,
    ),
    Control(
        "mlops_in_house",
        "The team runs ML infrastructure itself",
        "flag",
        "scenario",
        help="Unticked: the ML-ops hours each option needs are bought in.",
    ),
    Control(
        "provider_moves",
        "Expected moves to another provider",
        "number",
        "scenario",
        "moves",
        "Over the horizon: 0 none, 0.5 an even chance of one.",
        0,
        3,
        0.25,
    ),
)

ASSUMPTION_CONTROLS: tuple[Control, ...] = (
    Control(
        "managed_model",
        "Managed model",
        "choice",
        "assumptions",
        help="The model prompting and RAG call, with its prices and context window.",
        options=_models("chat"),
    ),
    Control(
        "finetune_hosting",
        "Fine-tuned model runs on",
        "choice",
        "assumptions",
        help="auto: wherever is cheaper at your volume and meets your latency budget.",
        options=tuple(
            (
                h,
                {
                    "auto": "the cheaper place (auto)",
                    "self_hosted": "your own rented GPUs",
                    "managed": "the provider's fine-tuned endpoint",
                }[h],
            )
            for h in FINETUNE_HOSTING
        ),
    ),
    Control(
        "finetuned_endpoint_model",
        "Provider's fine-tuned model",
        "choice",
        "assumptions",
        help="Used when the provider hosts the fine-tuned model.",
        options=_models("fine_tuned"),
    ),
    Control(
        "gpu_usd_per_hour",
        "GPU price",
        "number",
        "assumptions",
        "USD per GPU-hour",
        "On-demand price of one H100-class GPU.",
        0.5,
        12,
        0.05,
    ),
    Control(
        "min_gpu_replicas",
        "GPUs always running",
        "number",
        "assumptions",
        "GPUs",
        "The self-hosted fleet's floor, for failover.",
        0,
        8,
        1,
        integer=True,
    ),
    Control(
        "engineer_usd_per_month",
        "Engineer cost",
        "number",
        "assumptions",
        "USD per month",
        "Fully loaded cost of one engineer-month.",
        5_000,
        40_000,
        100,
    ),
    Control(
        "retrieved_chunks", "Chunks retrieved per query", "number", "assumptions", "chunks", "", 1, 20, 1, integer=True
    ),
    Control("output_tokens", "Answer length", "number", "assumptions", "tokens", "", 50, 4_000, 50),
    Control(
        "cache_hit_rate",
        "Prompt cache hit rate",
        "number",
        "assumptions",
        "share",
        "Share of queries whose fixed prefix is read from the provider's cache.",
        0,
        1,
        0.05,
    ),
    Control(
        "retrain_labour_usd",
        "People cost of a retrain",
        "number",
        "assumptions",
        "USD",
        "Data refresh, evaluation and rollout for one retraining cycle.",
        0,
        20_000,
        100,
    ),
    Control(
        "retrieval_latency_ms",
        "Retrieval",
        "number",
        "assumptions",
        "ms",
        "Vector search plus embedding the question, p95.",
        0,
        400,
        5,
    ),
    Control("reranker_latency_ms", "Reranker", "number", "assumptions", "ms", "0 for none.", 0, 300, 5),
    Control("build_rag_usd", "RAG initial build", "number", "assumptions", "USD", "", 5_000, 200_000, 2_500),
    Control(
        "build_finetuning_usd", "Fine-tuning initial build", "number", "assumptions", "USD", "", 5_000, 300_000, 2_500
    ),
)

CONTROLS: dict[str, Control] = {c.field: c for c in SCENARIO_CONTROLS + ASSUMPTION_CONTROLS}


def control(name: str) -> Control:
    """The declaration of one control; a ValueError lists the known ones.

    >>> control("queries_per_month").label
    'Queries per month'
    """
    if name not in CONTROLS:
        raise ValueError(f"unknown control {name!r}; accepted: {', '.join(CONTROLS)}")
    return CONTROLS[name]
