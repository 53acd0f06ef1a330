"""The four architectures and the seed's six cost categories."""

from __future__ import annotations

from enum import Enum


class Architecture(str, Enum):
    """An LLM application architecture. A ``str`` enum: ``Architecture("rag") is Architecture.RAG``.

    ``Architecture(value)`` is the one place an architecture argument is read: every function that takes
    one accepts the enum or its value, and anything else is a ValueError that lists the four.

    >>> Architecture("fine_tuning") is Architecture.FINE_TUNING, Architecture(Architecture.RAG).label
    (True, 'RAG')
    >>> Architecture("fine-tuning")
    Traceback (most recent call last):
    ...
    ValueError: architecture must be one of ['prompting', 'rag', 'fine_tuning', 'hybrid'], got 'fine-tuning'
    """

    PROMPTING = "prompting"
    RAG = "rag"
    FINE_TUNING = "fine_tuning"
    HYBRID = "hybrid"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def in_sentence(self) -> str:
        """The architecture's name as it reads inside a sentence.

        ``label`` is the name for a heading, a table cell, a chart's axis or legend and the start of a
        sentence; inside a sentence the name is a common noun in lower case (RAG stays an acronym), and
        the hybrid takes its article.

        Returns
        -------
        str
            "prompting only", "RAG", "fine-tuning" or "the hybrid (fine-tuned + RAG)".

        See Also
        --------
        label : the capitalised name, "Fine-tuning".

        Examples
        --------
        >>> [a.in_sentence for a in Architecture]
        ['prompting only', 'RAG', 'fine-tuning', 'the hybrid (fine-tuned + RAG)']
        >>> f"Below it {Architecture.FINE_TUNING.in_sentence} is cheaper; above it, {Architecture.HYBRID.in_sentence}."
        'Below it fine-tuning is cheaper; above it, the hybrid (fine-tuned + RAG).'
        """
        return _IN_SENTENCE[self]

    def __str__(self) -> str:
        return self.value

    @classmethod
    def _missing_(cls, value: object) -> Architecture:
        raise ValueError(f"architecture must be one of {[a.value for a in cls]}, got {value!r}")

    @property
    def fine_tuned(self) -> bool:
        """Whether the architecture runs a fine-tuned model (and so has a hosting)."""
        return self in (Architecture.FINE_TUNING, Architecture.HYBRID)

    @property
    def retrieves(self) -> bool:
        """Whether the architecture retrieves from an index."""
        return self in (Architecture.RAG, Architecture.HYBRID)


_LABELS = {
    Architecture.PROMPTING: "Prompting only",
    Architecture.RAG: "RAG",
    Architecture.FINE_TUNING: "Fine-tuning",
    Architecture.HYBRID: "Hybrid (fine-tuned + RAG)",
}
# The same names inside a sentence ("below it fine-tuning is cheaper"): ``Architecture.in_sentence``.
_IN_SENTENCE = {
    Architecture.PROMPTING: "prompting only",
    Architecture.RAG: "RAG",
    Architecture.FINE_TUNING: "fine-tuning",
    Architecture.HYBRID: "the hybrid (fine-tuned + RAG)",
}

# Where a fine-tuned model runs: on the reader's own GPUs, or on the provider's fine-tuned endpoint.
# (``Assumptions.finetune_hosting`` also takes "auto": the cheaper of the two that meets the budget.)
HOSTINGS = ("self_hosted", "managed")
HOSTING_LABELS = {"self_hosted": "on your own GPUs", "managed": "on the provider's fine-tuned endpoint"}

# The seed's cost table, in its order. The first two are paid once, the rest every month.
ONE_TIME_CATEGORIES = ("initial_build", "data_preparation")
MONTHLY_CATEGORIES = ("infrastructure", "inference", "knowledge_updates", "maintenance")
COST_CATEGORIES = ONE_TIME_CATEGORIES + MONTHLY_CATEGORIES

CATEGORY_LABELS = {
    "initial_build": "Initial build",
    "data_preparation": "Data preparation",
    "infrastructure": "Infrastructure (ongoing)",
    "inference": "Inference",
    "knowledge_updates": "Knowledge updates",
    "maintenance": "Maintenance",
}
