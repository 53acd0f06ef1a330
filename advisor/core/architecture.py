"""The four architectures and the seed's six cost categories."""

from __future__ import annotations

from enum import Enum


class Architecture(str, Enum):
    """An LLM application architecture. A ``str`` enum: ``Architecture("rag") is Architecture.RAG``."""

    PROMPTING = "prompting"
    RAG = "rag"
    FINE_TUNING = "fine_tuning"
    HYBRID = "hybrid"

    @property
    def label(self) -> str:
        return _LABELS[self]

    def __str__(self) -> str:
        return self.value


_LABELS = {
    Architecture.PROMPTING: "Prompting only",
    Architecture.RAG: "RAG",
    Architecture.FINE_TUNING: "Fine-tuning",
    Architecture.HYBRID: "Hybrid (fine-tuned + RAG)",
}

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
