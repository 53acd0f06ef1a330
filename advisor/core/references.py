"""The published sources behind the findings, read from ``data/references.csv`` (one row per source).

A finding that rests on research or on a vendor's documentation names it through ``cite``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Reference:
    """One source and what it supports."""

    key: str  # the finding it backs, e.g. "structured_outputs"
    cite: str  # how the text names it, e.g. "Ovadia et al. 2024"
    claim: str
    source: str
    url: str
    date: str


@lru_cache(maxsize=1)
def _rows() -> tuple[Reference, ...]:
    text = resources.files("advisor.data").joinpath("references.csv").read_text(encoding="utf-8")
    return tuple(Reference(**row) for row in csv.DictReader(text.splitlines()))


def references(key: str | None = None) -> list[Reference]:
    """Every source, or those behind one finding.

    Parameters
    ----------
    key : str, optional
        One reference's key; all when omitted.

    Returns
    -------
    list[Reference]
        The references behind the findings.

    Examples
    --------
    >>> [r.cite for r in references("finetuning_knowledge_injection")][:2]
    ['Ovadia et al. 2024', 'Soudani et al. 2024']
    """
    rows = [r for r in _rows() if key is None or r.key == key]
    if key is not None and not rows:
        known = sorted({r.key for r in _rows()})
        raise ValueError(f"references: unknown key {key!r}; known: {', '.join(known)}")
    return rows


def cite(key: str) -> str:
    """A short in-text citation of the sources behind one finding (each named once).

    Parameters
    ----------
    key : str
        A reference's key in advisor/data/references.csv.

    Returns
    -------
    str
        The short citation, e.g. 'Ovadia et al. 2024'.

    Examples
    --------
    >>> cite("finetuning_knowledge_injection")
    'Ovadia et al. 2024; Soudani et al. 2024; Gekhman et al. 2024'
    """
    return "; ".join(dict.fromkeys(r.cite for r in references(key)))
