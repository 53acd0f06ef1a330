"""What the reader's project looks like: the input to every advisor function."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ._validation import Bounds, check_number

# Behaviour that prompt engineering alone cannot reliably enforce (the seed's list).
BEHAVIOR_NEEDS = {
    "json_schema": "output that always follows one JSON schema",
    "brand_voice": "a distinctive brand voice",
    "structured_reasoning": "a structured way of reasoning through one kind of problem",
    "workflow": "a workflow the model must follow step by step",
}

SCENARIO_BOUNDS = {
    "queries_per_month": Bounds(0, 1e12),
    "knowledge_updates_per_month": Bounds(0, 100_000),
    "corpus_documents": Bounds(0, 1e9, integer=True),
    "tokens_per_document": Bounds(0, 10_000_000, low_open=True, integer=True),
    "latency_budget_ms": Bounds(0, 1_000_000, low_open=True),
    "horizon_months": Bounds(1, 120, integer=True),
    "provider_moves": Bounds(0, 100),
}

# Numbers that may also be None ("not given"); None leaves the recommendation as it is without them.
OPTIONAL_BOUNDS = {
    "error_cost_usd": Bounds(0, 1e9),
    "deadline_weeks": Bounds(0, 520, low_open=True),
    "base_model_retires_in_months": Bounds(0, 1200),
}

# Where the data may be processed: anywhere (no constraint), in one region (managed APIs only through
# in-region endpoints, at a premium), or on premises (no managed API at all: every model is self-hosted).
DATA_RESIDENCY = {
    "anywhere": "no constraint on where the data is processed",
    "region": "data must be processed in one region (in-region managed endpoints only)",
    "on_premises": "data must stay on premises (no managed API; every model runs on your own GPUs)",
}
# Fields that hold True or False, and fields that hold one of a few words (as the URL fragment reads them).
FLAG_FIELDS = ("structured_outputs", "mlops_in_house")
CHOICE_FIELDS = {"data_residency": tuple(DATA_RESIDENCY)}


@dataclass(frozen=True)
class Scenario:
    """One LLM project, described by the numbers the decision turns on.

    Every field is checked when the scenario is made; a bad value raises ``ValueError``
    naming the field and its accepted range.

    >>> s = Scenario(queries_per_month=300_000, corpus_documents=8_000, behavior_needs=["json_schema"])
    >>> s.corpus_tokens
    8000000
    >>> Scenario(queries_per_month=-5)
    Traceback (most recent call last):
    ...
    ValueError: queries_per_month must be a number >= 0 and <= 1,000,000,000,000, got -5
    """

    queries_per_month: float = 100_000
    knowledge_updates_per_month: float = 1.0  # 0: never changes; ~4.3: weekly
    corpus_documents: int = 0  # 0: no private knowledge needed
    tokens_per_document: int = 1_000  # about two pages of prose
    behavior_needs: tuple[str, ...] = field(default_factory=tuple)
    latency_budget_ms: float | None = None  # p95 time to first token; None: no hard limit
    horizon_months: int = 24
    name: str = ""  # the project's name, shown in the decision brief
    # The chosen model or server enforces a JSON schema while it decodes (OpenAI, Anthropic, Google,
    # vLLM and SGLang all can); then a schema alone does not call for fine-tuning.
    structured_outputs: bool = True
    # What a wrong answer costs you, in USD (None: not given, so quality is not priced). With it the
    # choice weighs each architecture's expected errors over the horizon as well as its running cost.
    error_cost_usd: float | None = None
    # Where the data may be processed (see DATA_RESIDENCY); "anywhere" leaves every option as priced.
    data_residency: str = "anywhere"
    # Months until the provider retires the model a provider-hosted option runs on (None: not counted).
    # Its successors are taken to retire every ``model_lifetime_months`` after that.
    base_model_retires_in_months: float | None = None
    # The team runs ML infrastructure itself; False: the ML-ops hours each option needs are bought in.
    mlops_in_house: bool = True
    # Weeks until the system must be in production (None: no deadline).
    deadline_weeks: float | None = None
    # Expected moves to another provider over the horizon (0: none; 0.5: an even chance of one).
    provider_moves: float = 0.0

    def __post_init__(self) -> None:
        for name, bounds in SCENARIO_BOUNDS.items():
            value = getattr(self, name)
            if name == "latency_budget_ms" and value is None:
                continue
            number = check_number(name, value, bounds)
            object.__setattr__(self, name, int(number) if bounds.integer else number)
        for name, bounds in OPTIONAL_BOUNDS.items():
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, check_number(name, value, bounds))
        object.__setattr__(self, "behavior_needs", _check_behavior_needs(self.behavior_needs))
        for name in FLAG_FIELDS:
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be True or False, got {getattr(self, name)!r}")
        for name, options in CHOICE_FIELDS.items():
            if not isinstance(getattr(self, name), str) or getattr(self, name) not in options:
                raise ValueError(f"{name} must be one of {', '.join(options)}; got {getattr(self, name)!r}")
        if not isinstance(self.name, str):
            raise ValueError(f"name must be a string, got {self.name!r}")
        if len(self.name) > 200:
            raise ValueError(f"name must be at most 200 characters, got {len(self.name)}")

    @property
    def finetuning_needs(self) -> tuple[str, ...]:
        """The behaviour needs that prompting cannot meet here: all of them, except a JSON schema
        where the model enforces one at decoding time (``structured_outputs``).

        >>> Scenario(behavior_needs=["json_schema", "brand_voice"]).finetuning_needs
        ('brand_voice',)
        >>> Scenario(behavior_needs=["json_schema"], structured_outputs=False).finetuning_needs
        ('json_schema',)
        """
        met_by_decoding = ("json_schema",) if self.structured_outputs else ()
        return tuple(n for n in self.behavior_needs if n not in met_by_decoding)

    @property
    def on_premises(self) -> bool:
        """No managed API may see the data: every model runs on the reader's own GPUs."""
        return self.data_residency == "on_premises"

    @property
    def corpus_tokens(self) -> int:
        return self.corpus_documents * self.tokens_per_document

    @property
    def queries_per_day(self) -> float:
        return self.queries_per_month * 12 / 365

    def to_dict(self) -> dict[str, object]:
        """The scenario as JSON-safe values, one per field (``from_dict`` reads it back exactly).

        >>> s = Scenario(queries_per_month=300_000, behavior_needs=["json_schema"], latency_budget_ms=None)
        >>> Scenario.from_dict(s.to_dict()) == s
        True
        >>> s.to_dict()["behavior_needs"]
        ['json_schema']
        """
        return {name: (list(value) if isinstance(value, tuple) else value) for name, value in vars(self).items()}

    @classmethod
    def from_dict(cls, values: object) -> Scenario:
        """A scenario from a mapping of field names to values (absent fields take their defaults).

        >>> Scenario.from_dict({"queries_per_month": 5e5, "corpus_documents": 3000}).corpus_documents
        3000
        >>> Scenario.from_dict({"queries": 1})
        Traceback (most recent call last):
        ...
        ValueError: unknown field 'queries'; accepted: base_model_retires_in_months, behavior_needs, corpus_documents, data_residency, deadline_weeks, error_cost_usd, horizon_months, knowledge_updates_per_month, latency_budget_ms, mlops_in_house, name, provider_moves, queries_per_month, structured_outputs, tokens_per_document
        """
        if not isinstance(values, dict):
            raise ValueError(f"a scenario must be a mapping of field names to values, got {type(values).__name__}")
        accepted = sorted(cls.__dataclass_fields__)
        for name in values:
            if name not in cls.__dataclass_fields__:
                raise ValueError(f"unknown field {name!r}; accepted: {', '.join(accepted)}")
        return cls(**values)

    def replace(self, **changes: object) -> Scenario:
        """A copy with some fields changed (and checked again)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values.update(changes)
        return Scenario(**values)


def _check_behavior_needs(needs: object) -> tuple[str, ...]:
    if isinstance(needs, str) or not isinstance(needs, Iterable):
        raise ValueError(f"behavior_needs must be a list of names from {sorted(BEHAVIOR_NEEDS)}, got {needs!r}")
    checked: list[str] = []
    for need in needs:
        if not isinstance(need, str) or need not in BEHAVIOR_NEEDS:
            raise ValueError(
                f"behavior_needs: unknown behaviour {need!r}; accepted: {', '.join(sorted(BEHAVIOR_NEEDS))}"
            )
        if need not in checked:
            checked.append(need)
    return tuple(checked)
