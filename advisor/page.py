"""The static site's "Your case" page as the model computes it (chapter "Your case" and the browser).

Public names for ``advisor.core.page``, which runs in the reader's browser (Pyodide) too:
``compute(fragment)`` turns a case's URL fragment (``advisor.case_to_mapping``) into everything the page
shows, as one JSON-safe mapping; ``PAGE_DRAWS`` is the number of uncertainty draws it makes.

>>> from advisor.page import compute
>>> "result" in compute("queries_per_month=300000&corpus_documents=8000", draws=50)
True
"""

from __future__ import annotations

from .core.page import PAGE_DRAWS, compute, compute_json

__all__ = ["PAGE_DRAWS", "compute", "compute_json"]
