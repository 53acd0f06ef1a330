"""What each architecture costs: per-query prices, monthly terms, and total cost of ownership.

The formulas are written once, over numbers that may be floats (one scenario) or numpy arrays
(thousands of draws in ``simulate``, or a grid of volumes for a chart). Every monthly cost is a
``Term``: a straight line in the monthly query volume, optionally with a floor. That shape is what
lets ``crossover_volume`` solve for the crossing exactly instead of searching for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Union

from .architecture import (
    CATEGORY_LABELS,
    COST_CATEGORIES,
    HOSTINGS,
    MONTHLY_CATEGORIES,
    ONE_TIME_CATEGORIES,
    Architecture,
)
from .assumptions import Assumptions
from .formatting import count, markdown_html, usd
from .numbers import Number, ceil, divide, is_plain, item, maximum, nan_where
from .prices import SHEET_FIELDS, request_usd
from .scenario import Scenario

Params = Mapping[str, Number]

HOURS_PER_MONTH = 730.0  # 365 * 24 / 12
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600.0
MTOK = 1_000_000.0


@dataclass(frozen=True)
class Term:
    """Monthly USD as a function of queries per month ``v``: ``base + per_query * v``, never below ``floor``.

    >>> Term(base=100.0, per_query=0.01).at(1_000)
    110.0
    >>> Term(base=0.0, per_query=0.001, floor=50.0).at(1_000)  # a minimum monthly fee
    50.0
    """

    base: Number = 0.0
    per_query: Number = 0.0
    floor: Number | None = None

    def at(self, queries_per_month: Number, whole: bool = True) -> Number:
        value = self.base + self.per_query * queries_per_month
        if self.floor is None:
            return value
        return maximum(self.floor, value)

    def kink(self) -> Number | None:
        """The volume where the floor stops binding (NaN where it never does), or None for a plain line."""
        if self.floor is None:
            return None
        volume = divide(self.floor - self.base, self.per_query)
        return nan_where((self.per_query <= 0) | (volume <= 0), volume)  # NaN: the floor binds at every volume

    def take(self, draw: int) -> Term:
        """The term of one draw, in plain floats."""
        return Term(
            item(self.base, draw), item(self.per_query, draw), None if self.floor is None else item(self.floor, draw)
        )


# GPUs are rented whole: a fleet that needs 2.03 GPUs at its peak runs 3. The tolerance keeps a
# count that is whole up to rounding (2.0000000001) from buying one more.
_WHOLE_TOLERANCE = 1e-12


def whole_gpus(needed: Number, minimum: Number) -> Number:
    """GPUs provisioned: the whole number that covers ``needed``, and never fewer than ``minimum``.

    >>> whole_gpus(2.03, 2), whole_gpus(0.4, 2), whole_gpus(3.0, 1), whole_gpus(0.0, 0)
    (3.0, 2.0, 3.0, 0.0)
    """
    return maximum(float(minimum) if is_plain(minimum) else minimum, ceil(needed * (1.0 - _WHOLE_TOLERANCE)))


@dataclass(frozen=True)
class FleetTerm:
    """Monthly USD of the GPUs a self-hosted model needs beyond its always-on minimum.

    The fleet is sized for the peak in whole GPUs: ``max(min_gpus, ceil(v * gpus_per_query))``.
    The minimum is a separate fixed ``Term`` (infrastructure); this term is the GPUs added as the
    volume needs them (inference). ``at(v, whole=False)`` is the same fleet in fractions of a GPU,
    which bounds the whole-GPU cost from below (the crossover search uses it).

    >>> t = FleetTerm(usd_per_gpu_month=1_000.0, gpus_per_query=0.5 ** 20, min_gpus=2.0)
    >>> v = 2.25 * 2 ** 20  # 2.25 GPUs needed at the peak: 3 run
    >>> t.at(v), t.gpus(v), t.at(v, whole=False)
    (1000.0, 3.0, 250.0)
    """

    usd_per_gpu_month: Number
    gpus_per_query: Number  # GPUs needed per (query per month) at the peak, at the target utilisation
    min_gpus: Number

    def gpus(self, queries_per_month: Number) -> Number:
        return whole_gpus(queries_per_month * self.gpus_per_query, self.min_gpus)

    def at(self, queries_per_month: Number, whole: bool = True) -> Number:
        if whole:
            return self.usd_per_gpu_month * (self.gpus(queries_per_month) - self.min_gpus)
        return self.usd_per_gpu_month * maximum(0.0, queries_per_month * self.gpus_per_query - self.min_gpus)

    def kink(self) -> Number:
        """The volume where the fleet outgrows its minimum (NaN where it never does)."""
        volume = divide(self.min_gpus, self.gpus_per_query)
        return nan_where(self.gpus_per_query <= 0, volume)

    def steps(self, low: float, high: float, limit: int = 10_000) -> list[float]:
        """Volumes in [low, high] after which one more GPU is added (one draw; at most ``limit`` of them)."""
        g, m = float(self.gpus_per_query), float(self.min_gpus)
        if g <= 0 or high < low:
            return []
        first = max(math.ceil(low * g), int(m), 1)
        last = math.floor(high * g)
        if last < first:
            return []
        if last - first >= limit:  # too many to list: spread ``limit`` of them over the range
            stride = (last - first) / (limit - 1)
            return [round(first + i * stride) / g for i in range(limit)]
        return [k / g for k in range(first, last + 1)]

    def take(self, draw: int) -> FleetTerm:
        return FleetTerm(item(self.usd_per_gpu_month, draw), item(self.gpus_per_query, draw), item(self.min_gpus, draw))


AnyTerm = Union[Term, FleetTerm]


@dataclass(frozen=True)
class CostCurve:
    """One architecture's costs as functions of the monthly query volume.

    ``why_not`` is empty where the architecture can serve the scenario, else the reason it cannot;
    ``hosting`` says where a fine-tuned model runs (empty for the managed-API architectures).
    """

    architecture: Architecture
    one_time: Mapping[str, Number]
    monthly: Mapping[str, tuple[AnyTerm, ...]]
    why_not: str = ""
    hosting: str = ""

    @property
    def feasible(self) -> bool:
        return not self.why_not

    def monthly_at(self, queries_per_month: Number, whole: bool = True) -> dict[str, Number]:
        return {c: sum((t.at(queries_per_month, whole) for t in self.monthly[c]), 0.0) for c in MONTHLY_CATEGORIES}

    def total_at(self, queries_per_month: Number, horizon_months: float, whole: bool = True) -> Number:
        monthly = self.monthly_at(queries_per_month, whole)
        return sum(self.one_time.values(), 0.0) + horizon_months * sum(monthly.values(), 0.0)

    def kinks(self) -> list[Number]:
        return [k for terms in self.monthly.values() for t in terms if (k := t.kink()) is not None]

    def fleets(self) -> list[FleetTerm]:
        return [t for terms in self.monthly.values() for t in terms if isinstance(t, FleetTerm)]

    def gpus_at(self, queries_per_month: Number) -> Number:
        """Whole GPUs provisioned at this volume (0 where nothing is self-hosted)."""
        return sum((f.gpus(queries_per_month) for f in self.fleets()), 0.0)

    def take(self, draw: int) -> CostCurve:
        """The curve of one draw of a vectorised curve, in plain floats."""
        return CostCurve(
            self.architecture,
            {k: item(v, draw) for k, v in self.one_time.items()},
            {c: tuple(t.take(draw) for t in terms) for c, terms in self.monthly.items()},
            self.why_not,
            self.hosting,
        )


# --- per-query building blocks -------------------------------------------------------------


def retrieved_tokens(p: Params) -> Number:
    return p["retrieved_chunks"] * p["chunk_tokens"]


def behavior_prompt_tokens(s: Scenario, p: Params) -> Number:
    """Prompt tokens of the rules that ask for each behaviour need (a prompted model's way to meet them)."""
    return len(s.behavior_needs) * p["behavior_prompt_tokens_per_need"]


def managed_prompt_tokens(s: Scenario, architecture: Architecture, p: Params) -> tuple[Number, Number]:
    """(prefix, variable) tokens of a managed model's prompt: the static prefix a provider may cache
    (instructions, behaviour rules, and the whole corpus when it is stuffed in), and what changes with each
    query (the question, and the retrieved chunks where it retrieves).

    >>> managed_prompt_tokens(Scenario(corpus_documents=10), Architecture.PROMPTING, Assumptions().numbers())
    (10400.0, 150.0)
    >>> managed_prompt_tokens(Scenario(corpus_documents=10), Architecture.RAG, Assumptions().numbers())
    (400.0, 3350.0)
    """
    retrieving = Architecture(architecture).retrieves
    prefix = p["system_prompt_tokens"] + behavior_prompt_tokens(s, p) + (0 if retrieving else s.corpus_tokens)
    variable = p["question_tokens"] + (retrieved_tokens(p) if retrieving else 0.0)
    return prefix, variable


def prefix_cacheable(prefix_tokens: Number, p: Params) -> Number:
    """Whether a prefix is long enough for the managed model's cache (a bool, or one per draw)."""
    return prefix_tokens >= p["managed_cache_min_tokens"]


def cached_share(prefix_tokens: Number, p: Params) -> Number:
    """Share of queries that read the prefix from the managed model's cache: ``cache_hit_rate`` for a
    cacheable prefix, none for a shorter one.

    >>> p = Assumptions().numbers()  # 1,024 tokens at least; 80% of queries hit
    >>> cached_share(1_024, p), cached_share(1_023, p)
    (0.8, 0.0)
    """
    return prefix_cacheable(prefix_tokens, p) * p["cache_hit_rate"]


def managed_sheet(p: Params) -> dict[str, Number]:
    """The managed model's price sheet (``prices.SHEET_FIELDS``), read from the parameters."""
    return {name: p["managed_" + name] for name in SHEET_FIELDS}


def managed_query_usd(prefix_tokens: Number, variable_tokens: Number, p: Params) -> Number:
    """Expected USD per query on the managed model: a static prefix that may be cached, the rest at full price.

    A prefix of at least the model's minimum cacheable length is read from the cache on
    ``cache_hit_rate`` of queries; a miss writes it to the cache (at the cache-write price where the
    provider charges one). A share ``batch_share`` of queries goes through the batch API. Each kind of
    request is priced by ``prices.request_usd``, so long-context tiers and the provider's batch and
    cache rules apply as they do on the invoice.

    Hand-worked: 3,750 uncached input tokens at $2.50/M and 300 output tokens at $10/M
    cost 0.009375 + 0.003 = $0.012375.

    >>> p = dict(Assumptions(managed_model="openai/gpt-4o").numbers())
    >>> round(managed_query_usd(400, 3_350, p), 6)  # 400 tokens: too short a prefix to cache
    0.012375
    """
    sheet = managed_sheet(p)
    cacheable = prefix_cacheable(prefix_tokens, p)
    hit_rate = cached_share(prefix_tokens, p)
    output = p["output_tokens"]

    def expected(batch: bool) -> Number:
        hit = request_usd(
            sheet,
            uncached_input_tokens=variable_tokens,
            cache_read_tokens=prefix_tokens,
            cache_write_tokens=0.0,
            output_tokens=output,
            batch=batch,
        )
        miss = request_usd(
            sheet,
            uncached_input_tokens=variable_tokens + (1 - cacheable) * prefix_tokens,
            cache_read_tokens=0.0,
            cache_write_tokens=cacheable * prefix_tokens,
            output_tokens=output,
            batch=batch,
        )
        return hit_rate * hit + (1.0 - hit_rate) * miss

    share = p["batch_share"]
    if isinstance(share, float) and share == 0.0:
        return expected(False)
    return (1.0 - share) * expected(False) + share * expected(True)


def finetuned_input_tokens(with_retrieval: bool, p: Params) -> Number:
    tokens = p["finetuned_prompt_tokens"] + p["question_tokens"]
    return tokens + retrieved_tokens(p) if with_retrieval else tokens


def finetuned_endpoint_query_usd(input_tokens: Number, p: Params) -> Number:
    """USD per query on a provider's fine-tuned model endpoint (no prompt to cache: it is short).

    >>> p = dict(Assumptions().numbers())  # ft:gpt-4o-mini: $0.30/M in, $1.20/M out
    >>> round(finetuned_endpoint_query_usd(250, p), 6)  # 250*0.3/1e6 + 300*1.2/1e6
    0.000435
    """
    usd = (
        input_tokens * p["finetuned_endpoint_input_usd_per_mtok"]
        + p["output_tokens"] * p["finetuned_endpoint_output_usd_per_mtok"]
    ) / MTOK
    return usd * (1.0 - p["batch_share"] * p["finetuned_endpoint_batch_discount"])


def gpu_seconds_per_query(input_tokens: Number, p: Params) -> Number:
    """GPU time one query takes on the self-hosted model: prefill plus decode.

    >>> p = dict(Assumptions(prefill_tokens_per_gpu_second=1000, decode_tokens_per_gpu_second=100).numbers())
    >>> gpu_seconds_per_query(500, p)  # 500/1000 + 300/100
    3.5
    """
    return input_tokens / p["prefill_tokens_per_gpu_second"] + p["output_tokens"] / p["decode_tokens_per_gpu_second"]


def gpus_needed_per_query(input_tokens: Number, p: Params) -> Number:
    """GPUs needed per (query per month), sized for the peak at the target utilisation."""
    return (
        p["peak_to_average_load"]
        * gpu_seconds_per_query(input_tokens, p)
        / (SECONDS_PER_MONTH * p["target_gpu_utilization"])
    )


def gpu_fleet_terms(input_tokens: Number, p: Params) -> tuple[Term, FleetTerm]:
    """(infrastructure, inference) for a self-hosted fleet of whole GPUs: the minimum replicas always
    run; GPUs beyond them, added one at a time as the peak needs them, count as inference."""
    usd_per_gpu_month = p["gpu_usd_per_hour"] * HOURS_PER_MONTH
    baseline = Term(base=p["min_gpu_replicas"] * usd_per_gpu_month)
    return baseline, FleetTerm(usd_per_gpu_month, gpus_needed_per_query(input_tokens, p), p["min_gpu_replicas"])


def index_gigabytes(s: Scenario, p: Params) -> Number:
    return s.corpus_tokens / p["chunk_tokens"] * p["bytes_per_indexed_chunk"] / 1e9


def vector_db_term(s: Scenario, p: Params) -> Term:
    """Vector store: storage, re-indexing writes and per-query reads, with the plan's monthly minimum.

    >>> p = dict(Assumptions().numbers())
    >>> vector_db_term(Scenario(corpus_documents=1_000), p).at(100_000)  # tiny index: the $50 minimum
    50.0
    """
    gigabytes = index_gigabytes(s, p)
    chunks = s.corpus_tokens / p["chunk_tokens"]
    storage = gigabytes * p["vector_db_storage_usd_per_gb_month"]
    writes = (
        s.knowledge_updates_per_month
        * p["update_changed_fraction"]
        * chunks
        * p["vector_db_write_usd_per_million_units"]
        / 1e6
    )
    read_units = maximum(p["vector_db_min_read_units_per_query"], gigabytes)
    reads = read_units * p["vector_db_read_usd_per_million_units"] / 1e6
    return Term(base=storage + writes, per_query=reads, floor=p["vector_db_min_usd_per_month"])


def embedding_usd(tokens: Number, p: Params) -> Number:
    return tokens * p["embedding_usd_per_mtok"] / MTOK


def training_examples(s: Scenario, architecture: Architecture, p: Params) -> Number:
    """Examples to curate and train on. A hybrid learns behaviour only; its facts come from retrieval
    (with no behaviour need it is still taught to use retrieved context, as one need's worth). A schema
    the model enforces while decoding (``structured_outputs``) needs no examples.

    Parameters
    ----------
    s : Scenario
        The case.
    architecture : Architecture
        Which architecture.
    p : Mapping[str, float]
        The numbers the formulas read: ``parameters(assumptions)``.

    Returns
    -------
    float
        The number of training examples.

    Examples
    --------
    >>> p = Assumptions().numbers()
    >>> training_examples(Scenario(corpus_documents=100, behavior_needs=["json_schema", "brand_voice"]), Architecture.FINE_TUNING, p)
    800.0
    """
    per_need = p["behavior_examples_per_need"]
    taught = len(s.finetuning_needs)
    if Architecture(architecture) is Architecture.HYBRID:
        return max(taught, 1) * per_need
    return s.corpus_documents * p["training_pairs_per_document"] + taught * per_need


def training_usd_per_mtok(hosting: str, p: Params) -> Number:
    """The training price of the model being fine-tuned: a small open model on a training service
    when it is self-hosted, the provider's price for its own base model when the provider hosts it."""
    return p["training_usd_per_mtok_managed" if hosting == "managed" else "training_usd_per_mtok_self_hosted"]


def training_run_usd(s: Scenario, architecture: Architecture, p: Params, hosting: str = "self_hosted") -> Number:
    """Compute for one training run: examples x tokens each x epochs, at the training price.

    Parameters
    ----------
    s : Scenario
        The case.
    architecture : Architecture
        Which architecture.
    p : Mapping[str, float]
        The numbers the formulas read: ``parameters(assumptions)``.
    hosting : {"self_hosted", "managed"}
        Where a fine-tuned model runs (ignored by prompting and RAG).

    Returns
    -------
    float
        USD of compute for one run.

    Examples
    --------
    >>> p = dict(Assumptions(training_usd_per_mtok_self_hosted=3.0).numbers())
    >>> training_run_usd(Scenario(corpus_documents=1_000), Architecture.FINE_TUNING, p)  # 3,000 x 500 x 3 = 4.5M tokens x $3/M
    13.5
    """
    tokens = training_examples(s, architecture, p) * p["tokens_per_training_example"] * p["training_epochs"]
    return tokens * training_usd_per_mtok(hosting, p) / MTOK


def retrain_usd(s: Scenario, architecture: Architecture, p: Params, hosting: str = "self_hosted") -> Number:
    """One retraining cycle: a training run plus the people who refresh data, evaluate and roll out.

    Parameters
    ----------
    s : Scenario
        The case.
    architecture : Architecture
        Which architecture.
    p : Mapping[str, float]
        The numbers the formulas read: ``parameters(assumptions)``.
    hosting : {"self_hosted", "managed"}
        Where a fine-tuned model runs (ignored by prompting and RAG).

    Returns
    -------
    float
        USD of one retraining cycle.

    Examples
    --------
    >>> p = dict(Assumptions(training_usd_per_mtok_self_hosted=3.0).numbers())
    >>> retrain_usd(Scenario(corpus_documents=1_000), Architecture.FINE_TUNING, p)  # $13.50 of compute + $2,000
    2013.5
    """
    return training_run_usd(s, architecture, p, hosting) + p["retrain_labour_usd"]


def rag_update_usd(s: Scenario, p: Params) -> Number:
    """One knowledge update in a retrieval index: re-embed the changed part and check it.

    Parameters
    ----------
    s : Scenario
        The case.
    p : Mapping[str, float]
        The numbers the formulas read: ``parameters(assumptions)``.

    Returns
    -------
    float
        USD of one update: the checking labour plus embedding ``update_changed_fraction`` of the corpus.

    Examples
    --------
    >>> from advisor import Assumptions, Scenario
    >>> rag_update_usd(Scenario(corpus_documents=1_000), parameters(Assumptions()))  # $100 + 100k tokens x $0.02/M
    100.002
    """
    return p["content_update_labour_usd"] + embedding_usd(p["update_changed_fraction"] * s.corpus_tokens, p)


# --- what can work at all ---------------------------------------------------------------------


def prompt_overhead_tokens(s: Scenario, p: Params) -> Number:
    """Tokens a stuffed prompt needs besides the corpus: instructions, behaviour rules, question, answer."""
    return p["system_prompt_tokens"] + behavior_prompt_tokens(s, p) + p["question_tokens"] + p["output_tokens"]


def usable_context_tokens(context_window: Number, p: Params) -> Number:
    """The part of a context window a prompt may fill (``max_context_fill_fraction`` of it)."""
    return p["max_context_fill_fraction"] * context_window


def why_not(s: Scenario, architecture: Architecture, p: Params, hosting: str = "self_hosted") -> str:
    """Why ``architecture`` cannot serve the scenario at all, in one sentence with the numbers; "" if it can.

    What cannot work is a prompt larger than the serving model's window allows: a whole corpus that does
    not fit (prompting), retrieved chunks and instructions that do not (RAG), or a fine-tuned model's
    prompt (with its retrieved chunks in a hybrid) that does not fit the window of the model on your own
    GPUs. A provider's fine-tuned endpoint is not checked: its window is not among the assumptions, and
    a fine-tuned model's prompt is short.

    >>> p = dict(Assumptions(managed_model="openai/gpt-4o").numbers())
    >>> why_not(Scenario(corpus_documents=8_000), Architecture.PROMPTING, p)
    'The corpus (8M tokens) does not fit in the prompt: with instructions, question and answer it needs 8M tokens, and 75% of the 128k-token window of the managed model is 96k.'
    >>> why_not(Scenario(corpus_documents=8_000), Architecture.RAG, p)
    ''
    >>> why_not(Scenario(corpus_documents=8_000), Architecture.HYBRID, {**p, "selfhosted_context_window_tokens": 4_000})
    "The retrieved chunks (3,200 tokens) with the fine-tuned model's instructions, question and answer need 3,750 tokens a query, and 75% of the 4,000-token window of the self-hosted model is 3,000."
    """
    architecture = Architecture(architecture)
    own_gpus = runs_on_own_gpus(s, architecture, hosting)
    if architecture.fine_tuned and not own_gpus:
        return ""
    window = p["selfhosted_context_window_tokens"] if own_gpus else p["managed_context_window_tokens"]
    which = "managed model"
    if own_gpus:
        which = "self-hosted model (data stays on premises)" if s.on_premises else "self-hosted model"
    usable = usable_context_tokens(window, p)
    if not is_plain(usable, prompt_overhead_tokens(s, p), retrieved_tokens(p), p["finetuned_prompt_tokens"]):
        return ""  # drawn parameters: what can work is judged once, at the central values (``curve_for``)
    fill = f"{float(p['max_context_fill_fraction']):.0%} of the {count(float(window))}-token window of the {which} is {count(float(usable))}"
    if architecture is Architecture.PROMPTING:
        needed = s.corpus_tokens + prompt_overhead_tokens(s, p)
        if needed > usable:
            what = (
                f"The corpus ({count(s.corpus_tokens)} tokens) does not fit"
                if s.corpus_tokens
                else "The prompt does not fit"
            )
            return f"{what} in the prompt: with instructions, question and answer it needs {count(float(needed))} tokens, and {fill}."
    elif architecture is Architecture.RAG:
        needed = prompt_overhead_tokens(s, p) + retrieved_tokens(p)
        if needed > usable:
            return (
                f"The retrieved chunks ({count(float(retrieved_tokens(p)))} tokens) with instructions, question and "
                f"answer need {count(float(needed))} tokens a query, and {fill}."
            )
    else:
        hybrid = architecture is Architecture.HYBRID
        needed = finetuned_input_tokens(hybrid, p) + p["output_tokens"]
        if needed > usable:
            chunks = f"The retrieved chunks ({count(float(retrieved_tokens(p)))} tokens) with the" if hybrid else "The"
            return (
                f"{chunks} fine-tuned model's instructions, question and answer need {count(float(needed))} tokens "
                f"a query, and {fill}."
            )
    return ""


# --- risk and governance: residency, model lifecycle, lock-in, ML-ops (issue 12) -------------------


def regional_factor(s: Scenario, p: Params) -> Number:
    """What managed generation costs relative to the global price: in-region endpoints carry a premium.

    >>> regional_factor(Scenario(data_residency="region"), {"regional_price_premium": 0.1})
    1.1
    >>> regional_factor(Scenario(), {"regional_price_premium": 0.1})
    1.0
    """
    return 1.0 + p["regional_price_premium"] if s.data_residency == "region" else 1.0


def runs_on_own_gpus(s: Scenario, architecture: Architecture, hosting: str) -> bool:
    """Whether the option's model runs on the reader's GPUs: always on premises, and a self-hosted fine-tuned model."""
    fine_tuned = Architecture(architecture) in (Architecture.FINE_TUNING, Architecture.HYBRID)
    return s.on_premises or (fine_tuned and hosting == "self_hosted")


def selfhosted_prompt_tokens(prefix_tokens: Number, variable_tokens: Number, p: Params) -> Number:
    """Input tokens a self-hosted server must prefill per query: the shared prefix only on a cache miss
    (vLLM's automatic prefix caching reuses it), the rest every time.

    >>> selfhosted_prompt_tokens(10_000, 150, {"cache_hit_rate": 0.75})
    2650.0
    """
    return prefix_tokens * (1.0 - p["cache_hit_rate"]) + variable_tokens


def expected_retirements(s: Scenario, p: Params) -> Number:
    """Expected retirements of a provider's model within the horizon: the first after
    ``base_model_retires_in_months``, then one every ``model_lifetime_months`` on average. 0 when not given.

    >>> expected_retirements(Scenario(base_model_retires_in_months=6, horizon_months=24), {"model_lifetime_months": 18})
    2.0
    >>> expected_retirements(Scenario(base_model_retires_in_months=30, horizon_months=24), {"model_lifetime_months": 18})
    0.0
    """
    first = s.base_model_retires_in_months
    if first is None or first > s.horizon_months:
        return 0.0
    return 1.0 + (s.horizon_months - first) / p["model_lifetime_months"]


def retirement_usd(s: Scenario, architecture: Architecture, p: Params, hosting: str = "self_hosted") -> Number:
    """One forced move to a successor model when the provider retires the one in use.

    A provider's fine-tuned model is tied to its base model: it is trained again on the successor
    (a retraining cycle, as for a knowledge update). A prompted managed model needs its prompts checked
    and adjusted on the successor. Open weights on your own GPUs are not retired by anyone: nothing.
    """
    architecture = Architecture(architecture)
    if runs_on_own_gpus(s, architecture, hosting):
        return 0.0
    if architecture in (Architecture.FINE_TUNING, Architecture.HYBRID):
        return retrain_usd(s, architecture, p, hosting)
    return p["prompt_migration_usd"]


def provider_move_usd(s: Scenario, architecture: Architecture, p: Params, hosting: str = "self_hosted") -> Number:
    """What moving the option to another provider costs once (its lock-in).

    Every move re-tests and adjusts the prompts on the new model and API (``prompt_migration_usd``); an
    index is embedded again (vectors of one embedding model mean nothing to another); a provider's
    fine-tuned weights do not move at all, so the model is also trained again elsewhere from your data
    (a retraining cycle), while open weights you host move with you.

    Parameters
    ----------
    s : Scenario
        The case.
    architecture : Architecture
        Which architecture.
    p : Mapping[str, float]
        The numbers the formulas read: ``parameters(assumptions)``.
    hosting : {"self_hosted", "managed"}
        Where a fine-tuned model runs (ignored by prompting and RAG).

    Returns
    -------
    float
        USD of one move.

    Examples
    --------
    >>> p = dict(Assumptions(finetune_hosting="managed").numbers())
    >>> provider_move_usd(Scenario(), Architecture.PROMPTING, p) == p["prompt_migration_usd"]
    True
    >>> s = Scenario(behavior_needs=["brand_voice"])
    >>> provider_move_usd(s, Architecture.FINE_TUNING, p, "managed") - provider_move_usd(s, Architecture.FINE_TUNING, p, "self_hosted") == retrain_usd(s, Architecture.FINE_TUNING, p, "managed")
    True
    """
    architecture = Architecture(architecture)
    reindex = (
        embedding_usd(s.corpus_tokens, p)
        + s.corpus_tokens / p["chunk_tokens"] * p["vector_db_write_usd_per_million_units"] / 1e6
    )
    usd = p["prompt_migration_usd"] + (reindex if architecture in (Architecture.RAG, Architecture.HYBRID) else 0.0)
    if architecture in (Architecture.FINE_TUNING, Architecture.HYBRID) and not runs_on_own_gpus(
        s, architecture, hosting
    ):
        usd = usd + retrain_usd(s, architecture, p, hosting)
    return usd


def mlops_hours_per_month(s: Scenario, architecture: Architecture, p: Params, hosting: str = "self_hosted") -> Number:
    """ML-ops hours a month the option needs: serving your own GPUs, or training jobs on a provider's
    service, plus an index pipeline where it retrieves; a prompted managed model needs none.

    >>> p = Assumptions().numbers()
    >>> mlops_hours_per_month(Scenario(), Architecture.HYBRID, p, "self_hosted")  # 40 serving + 8 index
    48.0
    """
    architecture = Architecture(architecture)
    if runs_on_own_gpus(s, architecture, hosting):
        model = p["mlops_hours_per_month_self_hosted"]
    elif architecture in (Architecture.FINE_TUNING, Architecture.HYBRID):
        model = p["mlops_hours_per_month_finetuned_endpoint"]
    else:
        model = 0.0
    retrieving = architecture in (Architecture.RAG, Architecture.HYBRID)
    return model + (p["mlops_hours_per_month_rag"] if retrieving else 0.0)


def risk_terms(s: Scenario, architecture: Architecture, p: Params, hosting: str = "self_hosted") -> tuple[Term, ...]:
    """Monthly maintenance terms for the risks the reader chose to price: retirements of the provider's
    model, moves to another provider, and ML-ops hours bought in. None by default (each is 0 unless set)."""
    terms = []
    h = s.horizon_months
    if s.base_model_retires_in_months is not None:
        terms.append(Term(base=expected_retirements(s, p) * retirement_usd(s, architecture, p, hosting) / h))
    if s.provider_moves > 0:
        terms.append(Term(base=s.provider_moves * provider_move_usd(s, architecture, p, hosting) / h))
    if not s.mlops_in_house:
        terms.append(Term(base=mlops_hours_per_month(s, architecture, p, hosting) * p["mlops_usd_per_hour"]))
    return tuple(terms)


def pilot_query_usd(s: Scenario, architecture: Architecture, p: Params, hosting: str = "self_hosted") -> Number:
    """USD for one evaluation query in a pilot: list prices on a provider, or the GPU time it takes on your
    own GPUs at full use (a pilot rents a GPU by the hour, with no replicas kept idle).

    >>> p = dict(Assumptions(managed_model="openai/gpt-4o").numbers())
    >>> round(pilot_query_usd(Scenario(), Architecture.PROMPTING, p), 6)  # 550 uncached tokens in, 300 out
    0.004375
    """
    architecture = Architecture(architecture)
    retrieving = architecture in (Architecture.RAG, Architecture.HYBRID)
    embed = embedding_usd(p["question_tokens"], p) if retrieving else 0.0
    if architecture in (Architecture.FINE_TUNING, Architecture.HYBRID):
        tokens = finetuned_input_tokens(retrieving, p)
        if runs_on_own_gpus(s, architecture, hosting):
            return gpu_seconds_per_query(tokens, p) * p["gpu_usd_per_hour"] / 3600.0 + embed
        return finetuned_endpoint_query_usd(tokens, p) * regional_factor(s, p) + embed
    prefix, variable = managed_prompt_tokens(s, architecture, p)
    if s.on_premises:
        return (
            gpu_seconds_per_query(selfhosted_prompt_tokens(prefix, variable, p), p) * p["gpu_usd_per_hour"] / 3600.0
            + embed
        )
    return managed_query_usd(prefix, variable, p) * regional_factor(s, p) + embed


def judge_usd(s: Scenario, p: Params) -> Number:
    """USD for one answer graded by a model (LLM-as-judge) on the managed model at list price, or on your
    own GPUs when the data must stay on premises."""
    tokens_in, tokens_out = p["judge_input_tokens"], p["judge_output_tokens"]
    if s.on_premises:
        seconds = tokens_in / p["prefill_tokens_per_gpu_second"] + tokens_out / p["decode_tokens_per_gpu_second"]
        return seconds * p["gpu_usd_per_hour"] / 3600.0
    usd = (tokens_in * p["managed_input_usd_per_mtok"] + tokens_out * p["managed_output_usd_per_mtok"]) / MTOK
    return usd * regional_factor(s, p)


def pilot_setup_usd(s: Scenario, architecture: Architecture, p: Params, hosting: str = "self_hosted") -> Number:
    """What a pilot of the option needs before its first answer: a small fine-tuning run on curated
    examples, and an index of the corpus (its embeddings) where it retrieves.

    >>> p = dict(Assumptions().numbers())
    >>> pilot_setup_usd(Scenario(), Architecture.PROMPTING, p)
    0.0
    """
    architecture = Architecture(architecture)
    usd: Number = 0.0
    if architecture in (Architecture.FINE_TUNING, Architecture.HYBRID):
        examples = p["pilot_training_examples"]
        tokens = examples * p["tokens_per_training_example"] * p["training_epochs"]
        usd = usd + tokens * training_usd_per_mtok(hosting, p) / MTOK + examples * p["example_curation_usd"]
    if architecture in (Architecture.RAG, Architecture.HYBRID):
        usd = usd + embedding_usd(s.corpus_tokens, p)
    return usd


# --- the four architectures ------------------------------------------------------------------

FINE_TUNE_HOSTINGS = HOSTINGS


def cost_curve(scenario: Scenario, architecture: Architecture, p: Params, hosting: str = "self_hosted") -> CostCurve:
    """The cost structure of one architecture for one scenario, with parameters ``p``.

    ``hosting`` ("self_hosted" or "managed") says where a fine-tuned model runs; the managed-API
    architectures ignore it.

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    architecture : Architecture
        Which architecture.
    p : Mapping[str, float]
        The numbers the formulas read: ``parameters(assumptions)``.
    hosting : {"self_hosted", "managed"}
        Where a fine-tuned model runs (ignored by prompting and RAG).

    Returns
    -------
    CostCurve
        One-time costs, and monthly costs as terms linear in the monthly volume (with floors and whole GPUs).

    Examples
    --------
    >>> from advisor import Assumptions, Scenario
    >>> curve = cost_curve(Scenario(corpus_documents=100), Architecture.RAG, parameters(Assumptions()))
    >>> curve.feasible, sorted(curve.one_time)
    (True, ['data_preparation', 'initial_build'])
    """
    architecture = Architecture(architecture)
    s = scenario
    has_corpus = s.corpus_documents > 0
    updates = s.knowledge_updates_per_month if has_corpus else 0.0
    engineer = p["engineer_usd_per_month"]
    cleaning = s.corpus_documents * p["document_cleaning_usd_per_document"]
    rag_indexing = (
        cleaning
        + embedding_usd(s.corpus_tokens, p)
        + (s.corpus_tokens / p["chunk_tokens"] * p["vector_db_write_usd_per_million_units"] / 1e6)
    )
    # The seed's build ranges include the data work, which is charged here by its size: count it once.
    rag_build = p["build_rag_usd"] * (1.0 - p["build_data_share_rag"])
    finetuning_build = p["build_finetuning_usd"] * (1.0 - p["build_data_share_finetuning"])
    reason = why_not(s, architecture, p, hosting)

    own_gpus = runs_on_own_gpus(s, architecture, hosting)
    risks = risk_terms(s, architecture, p, hosting)

    if architecture is Architecture.PROMPTING:
        prefix, question = managed_prompt_tokens(s, architecture, p)
        infrastructure: tuple[AnyTerm, ...]
        inference: tuple[AnyTerm, ...]
        if own_gpus:  # on premises: a self-hosted open model reads the stuffed prompt
            fleet, extra_gpus = gpu_fleet_terms(selfhosted_prompt_tokens(prefix, question, p), p)
            infrastructure, inference = (fleet,), (extra_gpus,)
        else:
            infrastructure = ()
            inference = (Term(per_query=managed_query_usd(prefix, question, p) * regional_factor(s, p)),)
        return CostCurve(
            architecture,
            one_time={"initial_build": p["build_prompting_usd"], "data_preparation": cleaning},
            monthly={
                "infrastructure": infrastructure,
                "inference": inference,
                "knowledge_updates": (Term(base=updates * p["content_update_labour_usd"]),),
                "maintenance": (Term(base=p["maintenance_fte_prompting"] * engineer),) + risks,
            },
            why_not=reason,
            hosting="self_hosted" if own_gpus else "",
        )

    if architecture is Architecture.RAG:
        prefix, variable = managed_prompt_tokens(s, architecture, p)
        if own_gpus:  # on premises: the self-hosted model reads the retrieved chunks (the index is priced as before)
            fleet, extra_gpus = gpu_fleet_terms(selfhosted_prompt_tokens(prefix, variable, p), p)
            rag_infrastructure: tuple[AnyTerm, ...] = (fleet,)
            rag_inference: tuple[AnyTerm, ...] = (extra_gpus, Term(per_query=embedding_usd(p["question_tokens"], p)))
        else:
            per_query = managed_query_usd(prefix, variable, p) * regional_factor(s, p) + embedding_usd(
                p["question_tokens"], p
            )
            rag_infrastructure, rag_inference = (), (Term(per_query=per_query),)
        return CostCurve(
            architecture,
            one_time={"initial_build": rag_build, "data_preparation": rag_indexing},
            monthly={
                "infrastructure": rag_infrastructure + (vector_db_term(s, p),),
                "inference": rag_inference,
                "knowledge_updates": (Term(base=updates * rag_update_usd(s, p)),),
                "maintenance": (Term(base=p["maintenance_fte_rag"] * engineer),) + risks,
            },
            why_not=reason,
            hosting="self_hosted" if own_gpus else "",
        )

    if hosting not in FINE_TUNE_HOSTINGS:
        raise ValueError(f"hosting must be one of {FINE_TUNE_HOSTINGS}, got {hosting!r}")
    hybrid = architecture is Architecture.HYBRID
    input_tokens = finetuned_input_tokens(hybrid, p)
    if hosting == "managed":
        infrastructure = ()
        inference = (Term(per_query=finetuned_endpoint_query_usd(input_tokens, p) * regional_factor(s, p)),)
        if s.on_premises and not reason:
            reason = (
                "The data must stay on premises, so a provider's fine-tuned model endpoint cannot be used; "
                "the fine-tuned model runs on your own GPUs."
            )
    else:
        fleet, extra_gpus = gpu_fleet_terms(input_tokens, p)
        infrastructure, inference = (fleet,), (extra_gpus,)
    first_training_run = training_run_usd(s, architecture, p, hosting)
    retrain = retrain_usd(s, architecture, p, hosting)
    curation = training_examples(s, architecture, p) * p["example_curation_usd"]
    drift_retraining = Term(base=p["periodic_retrains_per_month"] * retrain)

    if not hybrid:
        return CostCurve(
            architecture,
            one_time={"initial_build": finetuning_build + first_training_run, "data_preparation": curation},
            monthly={
                "infrastructure": infrastructure,
                "inference": inference,
                "knowledge_updates": (Term(base=updates * retrain),),
                "maintenance": (Term(base=p["maintenance_fte_finetuning"] * engineer), drift_retraining) + risks,
            },
            why_not=reason,
            hosting=hosting,
        )

    return CostCurve(
        architecture,
        one_time={
            "initial_build": rag_build + finetuning_build + first_training_run,
            "data_preparation": rag_indexing + curation,
        },
        monthly={
            "infrastructure": infrastructure + (vector_db_term(s, p),),
            "inference": inference + (Term(per_query=embedding_usd(p["question_tokens"], p)),),
            "knowledge_updates": (Term(base=updates * rag_update_usd(s, p)),),
            "maintenance": (
                Term(base=(p["maintenance_fte_rag"] + p["maintenance_fte_finetuning"]) * engineer),
                drift_retraining,
            )
            + risks,
        },
        why_not=reason,
        hosting=hosting,
    )


def parameters(assumptions: Assumptions) -> Mapping[str, Number]:
    """The numbers the formulas read (read-only, made once per Assumptions).

    Parameters
    ----------
    assumptions : Assumptions
        The assumptions to read.

    Returns
    -------
    Mapping[str, float]
        Every numeric assumption by name; ``cost_curve`` and the other building blocks take it as ``p``.

    Examples
    --------
    >>> parameters(Assumptions())["cache_hit_rate"]
    0.8
    """
    return assumptions.numbers()


# --- the public result ----------------------------------------------------------------------


@dataclass(frozen=True)
class TCO:
    """Total cost of ownership of one architecture over the scenario's horizon, in USD.

    An architecture that cannot serve the scenario is not priced: ``feasible`` is False, ``why_not``
    says why with the numbers, and ``total``, ``by_category``, ``one_time`` and ``monthly`` are empty.
    ``gpus`` is the whole number of GPUs provisioned (0 where nothing is self-hosted); ``hosting``
    where a fine-tuned model runs ("self_hosted" or "managed"; "" for the managed-API architectures).
    """

    architecture: Architecture
    horizon_months: int
    queries_per_month: float
    one_time: Mapping[str, float]
    monthly: Mapping[str, float]
    feasible: bool = True
    why_not: str = ""
    gpus: int = 0
    hosting: str = ""
    by_category: Mapping[str, float] = field(init=False)
    total: float | None = field(init=False)

    def __post_init__(self) -> None:
        if not self.feasible:
            object.__setattr__(self, "one_time", {})
            object.__setattr__(self, "monthly", {})
            object.__setattr__(self, "by_category", {})
            object.__setattr__(self, "total", None)
            return
        by_category = {c: float(self.one_time[c]) for c in ONE_TIME_CATEGORIES}
        by_category.update({c: float(self.monthly[c]) * self.horizon_months for c in MONTHLY_CATEGORIES})
        object.__setattr__(self, "by_category", by_category)
        object.__setattr__(self, "total", float(sum(by_category.values())))

    def __repr__(self) -> str:
        """One line: the total, the horizon and volume, the monthly run rate (or why it cannot serve).

        >>> tco(Scenario(queries_per_month=0, corpus_documents=0, horizon_months=12), "prompting")
        TCO(Prompting only: $13.6k over 12 months at 0 queries a month; $715 a month once built)
        """
        if self.total is None or self.monthly_run_rate is None:
            return f"TCO({self.architecture.label}: cannot serve this scenario. {self.why_not})"
        return (
            f"TCO({self.architecture.label}: {usd(self.total)} over {self.horizon_months} months at "
            f"{count(self.queries_per_month)} queries a month; {usd(self.monthly_run_rate)} a month once built)"
        )

    def _repr_markdown_(self) -> str:
        """The total and its categories as a Markdown table (what a notebook shows)."""
        title = f"**{self.architecture.label}**, total cost of ownership over {self.horizon_months} months"
        if not self.feasible:
            return f"{title}: cannot serve this scenario. {self.why_not}"
        rows = [f"| {CATEGORY_LABELS[c]} | {usd(v)} |" for c, v in self.by_category.items()]
        return "\n".join(
            [
                f"{title} at {count(self.queries_per_month)} queries a month:",
                "",
                "| Category | USD |",
                "| --- | ---: |",
                *rows,
                f"| **Total** | **{usd(self.total or 0.0)}** |",
            ]
        )

    def _repr_html_(self) -> str:
        return markdown_html(self._repr_markdown_())

    @property
    def monthly_run_rate(self) -> float | None:
        """What one month of operation costs once built (None where infeasible)."""
        return float(sum(self.monthly.values())) if self.feasible else None

    @property
    def per_query(self) -> float | None:
        """Total cost divided by all queries over the horizon; None with under one query, or where infeasible."""
        queries = self.queries_per_month * self.horizon_months
        if self.total is None or queries < 1:
            return None
        return self.total / queries

    @property
    def by_month(self) -> Any:
        """A DataFrame, one row per month (1..horizon), one column per category, plus total and cumulative."""
        import pandas as pd

        if not self.feasible:
            raise ValueError(f"{self.architecture.label} has no costs by month: {self.why_not}")
        months = range(1, self.horizon_months + 1)
        rows = []
        for month in months:
            row = {c: (float(self.one_time[c]) if month == 1 else 0.0) for c in ONE_TIME_CATEGORIES}
            row.update({c: float(self.monthly[c]) for c in MONTHLY_CATEGORIES})
            rows.append(row)
        frame = pd.DataFrame(rows, index=pd.Index(months, name="month"), columns=list(COST_CATEGORIES))
        frame["total"] = frame.sum(axis=1)
        frame["cumulative"] = frame["total"].cumsum()
        return frame


def _coerce(scenario: Scenario, assumptions: Assumptions | None) -> Assumptions:
    if not isinstance(scenario, Scenario):
        raise ValueError(f"scenario must be an advisor.Scenario, got {type(scenario).__name__}")
    if assumptions is None:
        return _default_assumptions()
    if not isinstance(assumptions, Assumptions):
        raise ValueError(f"assumptions must be an advisor.Assumptions, got {type(assumptions).__name__}")
    return assumptions


_DEFAULTS: list[Assumptions] = []


def _default_assumptions() -> Assumptions:
    if not _DEFAULTS:
        _DEFAULTS.append(Assumptions())
    return _DEFAULTS[0]


# Kept for the modules that import it: ``Architecture(value)`` itself reads and checks an architecture.
_architecture = Architecture


def curve_for(scenario: Scenario, architecture: Architecture | str, assumptions: Assumptions) -> CostCurve:
    """The cost curve of ``architecture`` as the advisor prices it, hosting resolved.

    With ``finetune_hosting="auto"`` a fine-tuned model runs where it is cheaper at the scenario's
    volume, among the hostings that meet its latency budget (the faster one when neither does). The
    curve keeps that hosting at every volume: ``tco_curve`` and the crossovers price one deployment.
    """
    arch = Architecture(architecture)
    p = parameters(assumptions)
    if arch not in (Architecture.FINE_TUNING, Architecture.HYBRID):
        return cost_curve(scenario, arch, p)
    if scenario.on_premises:  # no provider endpoint may see the data
        return cost_curve(scenario, arch, p, "self_hosted")
    if assumptions.finetune_hosting != "auto":
        return cost_curve(scenario, arch, p, assumptions.finetune_hosting)
    from .latency import latency_parts  # latency reads costs' token counts: import it when needed

    every = [cost_curve(scenario, arch, p, hosting) for hosting in FINE_TUNE_HOSTINGS]
    curves = [c for c in every if c.feasible] or every  # a hosting that cannot serve is no choice
    v, h = scenario.queries_per_month, scenario.horizon_months
    budget = scenario.latency_budget_ms
    if budget is not None:
        waits = {c.hosting: float(sum(latency_parts(scenario, arch, p, c.hosting, c).values(), 0.0)) for c in curves}
        fast = [c for c in curves if waits[c.hosting] <= budget]
        if not fast:  # neither meets the budget: the faster, as the recommendation takes the fastest option
            return min(curves, key=lambda c: (waits[c.hosting], float(c.total_at(v, h))))
        curves = fast
    return min(curves, key=lambda c: (float(c.total_at(v, h)), FINE_TUNE_HOSTINGS.index(c.hosting)))


def tco(scenario: Scenario, architecture: Architecture | str, assumptions: Assumptions | None = None) -> TCO:
    """Total cost of ownership of ``architecture`` for ``scenario`` over its horizon.

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    architecture : Architecture or str
        ``"prompting"``, ``"rag"``, ``"fine_tuning"`` or ``"hybrid"`` (or the enum).
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    TCO
        One-time and monthly costs by category and their total over ``scenario.horizon_months``; unpriced
        (``feasible`` False, ``why_not`` says why) where the architecture cannot serve the scenario.

    Examples
    --------
    >>> s = Scenario(queries_per_month=0, corpus_documents=0, horizon_months=12)
    >>> t = tco(s, Architecture.PROMPTING)
    >>> t.total  # build $5,000 + 12 months x 0.05 engineer x $14,300
    13580.0
    >>> t.by_category["maintenance"]
    8580.0
    >>> big = tco(Scenario(corpus_documents=50_000), "prompting")
    >>> big.feasible, big.total
    (False, None)
    """
    a = _coerce(scenario, assumptions)
    return tco_from_curve(scenario, curve_for(scenario, architecture, a))


def tco_from_curve(scenario: Scenario, curve: CostCurve) -> TCO:
    """The TCO at the scenario's volume, read off an already computed cost curve."""
    arch = curve.architecture
    if not curve.feasible:
        return TCO(
            arch,
            scenario.horizon_months,
            scenario.queries_per_month,
            {},
            {},
            feasible=False,
            why_not=curve.why_not,
            hosting=curve.hosting,
        )
    v = scenario.queries_per_month
    monthly = curve.monthly_at(v)
    return TCO(
        architecture=arch,
        horizon_months=scenario.horizon_months,
        queries_per_month=v,
        one_time={k: float(x) for k, x in curve.one_time.items()},
        monthly={k: float(x) for k, x in monthly.items()},
        gpus=int(curve.gpus_at(v)),
        hosting=curve.hosting,
    )


def tco_all(scenario: Scenario, assumptions: Assumptions | None = None) -> dict[Architecture, TCO]:
    """``tco`` for every architecture (those that cannot serve the scenario say why, unpriced).

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    dict[Architecture, TCO]
        One ``TCO`` per architecture, in ``Architecture`` order.
    """
    return {arch: tco(scenario, arch, assumptions) for arch in Architecture}


def feasibility(scenario: Scenario, architecture: Architecture | str, assumptions: Assumptions | None = None) -> str:
    """Why ``architecture`` cannot serve ``scenario``, in one sentence with the numbers; "" where it can.

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    architecture : Architecture or str
        ``"prompting"``, ``"rag"``, ``"fine_tuning"`` or ``"hybrid"`` (or the enum).
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    str
        One sentence with the numbers, or ``""`` where the architecture can serve the scenario.

    Examples
    --------
    >>> feasibility(Scenario(corpus_documents=10), "prompting")
    ''
    """
    a = _coerce(scenario, assumptions)
    return curve_for(scenario, Architecture(architecture), a).why_not  # where tco would run it


def step_volumes(
    scenario: Scenario,
    architecture: Architecture | str,
    low: float,
    high: float,
    assumptions: Assumptions | None = None,
) -> list[float]:
    """Volumes in [low, high] after which a self-hosted fleet adds one GPU (where a cost chart steps up)."""
    a = _coerce(scenario, assumptions)
    curve = curve_for(scenario, architecture, a)
    return sorted(v for fleet in curve.fleets() for v in fleet.steps(low, high, limit=200))


def knowledge_update_costs(scenario: Scenario, assumptions: Assumptions | None = None) -> dict[str, float]:
    """What one knowledge update costs each way: retraining the fine-tuned model, or re-indexing.

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    dict[str, float]
        ``retrain_usd`` (one retraining cycle of the fine-tuned model, where it would run) and
        ``reindex_usd`` (one update of a retrieval index).

    Examples
    --------
    >>> knowledge_update_costs(Scenario(corpus_documents=1_000), Assumptions(finetune_hosting="self_hosted", training_usd_per_mtok_self_hosted=3.0))
    {'retrain_usd': 2013.5, 'reindex_usd': 100.002}
    """
    a = _coerce(scenario, assumptions)
    p = parameters(a)
    hosting = curve_for(scenario, Architecture.FINE_TUNING, a).hosting
    return {
        "retrain_usd": float(retrain_usd(scenario, Architecture.FINE_TUNING, p, hosting)),
        "reindex_usd": float(rag_update_usd(scenario, p)),
    }


def query_tokens(
    scenario: Scenario, architecture: Architecture | str, assumptions: Assumptions | None = None
) -> dict[str, float]:
    """Tokens one query sends and receives, by part: what each architecture puts in its prompt.

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    architecture : Architecture or str
        ``"prompting"``, ``"rag"``, ``"fine_tuning"`` or ``"hybrid"`` (or the enum).
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    dict[str, float]
        Tokens by part: instructions, behaviour rules, question, retrieved chunks, whole corpus, answer.

    Examples
    --------
    >>> query_tokens(Scenario(corpus_documents=10), "rag")
    {'instructions': 400.0, 'behaviour rules': 0.0, 'question': 150.0, 'retrieved chunks': 3200.0, 'whole corpus': 0.0, 'answer': 300.0}
    """
    a = _coerce(scenario, assumptions)
    arch = Architecture(architecture)
    p = parameters(a)
    fine_tuned = arch in (Architecture.FINE_TUNING, Architecture.HYBRID)
    parts = {
        "instructions": p["finetuned_prompt_tokens"] if fine_tuned else p["system_prompt_tokens"],
        "behaviour rules": 0.0 if fine_tuned else behavior_prompt_tokens(scenario, p),
        "question": p["question_tokens"],
        "retrieved chunks": retrieved_tokens(p) if arch in (Architecture.RAG, Architecture.HYBRID) else 0.0,
        "whole corpus": float(scenario.corpus_tokens) if arch is Architecture.PROMPTING else 0.0,
        "answer": p["output_tokens"],
    }
    return {k: float(v) for k, v in parts.items()}
