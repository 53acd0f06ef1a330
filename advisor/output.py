"""What a chapter's code cell shows a reader: a sentence, a few named figures, or a table.

Every value is formatted by ``advisor.core.formatting`` before it is shown, so a page never prints a
Python repr (quotes, tuples, dicts), a long decimal, NaN or scientific notation. Each object renders as
an HTML table in a notebook or the book (``_repr_html_``) and as aligned plain text elsewhere.

>>> print(facts({"Recommended": "RAG", "Total over 24 months": "$140k"}))
Recommended           RAG
Total over 24 months  $140k
>>> print(table([{"model": "gpt-4o", "window": 128_000}], {"model": "Model", "window": ("Context window (tokens)", "count")}))
Model   Context window (tokens)
gpt-4o  128k
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Union

from .core import formatting

Formatter = Union[str, Callable[[Any], str]]
# Formatters by name, so that a column can say "usd" instead of importing the function.
FORMATTERS: dict[str, Callable[[Any], str]] = {
    "usd": formatting.usd,
    "usd_exact": formatting.usd_exact,
    "count": formatting.count,
    "tokens": formatting.tokens,
    "share": formatting.share,
    "ms": formatting.ms,
    "number": formatting.number,
    "yes_no": formatting.yes_no,
    "text": lambda value: formatting.MISSING if formatting.is_missing(value) else str(value),
    "cell": formatting.cell,
}
NUMERIC = {"usd", "usd_exact", "count", "tokens", "share", "ms", "number"}


def _formatter(fmt: Formatter | None) -> tuple[Callable[[Any], str], bool]:
    """The function for ``fmt`` and whether its column holds numbers (right-aligned)."""
    if fmt is None:
        return formatting.cell, False
    if isinstance(fmt, str):
        if fmt not in FORMATTERS:
            raise ValueError(f"format must be one of {sorted(FORMATTERS)} or a function, got {fmt!r}")
        return FORMATTERS[fmt], fmt in NUMERIC
    if not callable(fmt):
        raise ValueError(f"format must be one of {sorted(FORMATTERS)} or a function, got {fmt!r}")
    return fmt, getattr(fmt, "__name__", "") in NUMERIC


def _shown(fmt: Callable[[Any], str], value: Any) -> str:
    return formatting.MISSING if formatting.is_missing(value) else fmt(value)


def _looks_numeric(text: str) -> bool:
    stripped = text.lstrip("-−+$")
    return bool(stripped) and stripped[0].isdigit()


class Text:
    """A sentence the model wrote, shown as a paragraph (not as a quoted string)."""

    def __init__(self, text: str) -> None:
        self.text = " ".join(str(text).split())

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f'<p class="advisor-text">{html.escape(self.text)}</p>'


class Table:
    """Rows of strings already formatted, a header with units, and which columns hold numbers."""

    def __init__(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        numeric: Sequence[bool] | None = None,
        row_headers: bool = False,
        caption: str | None = None,
        show_header: bool = True,
    ) -> None:
        self.header = [str(h) for h in header]
        self.rows = [[str(c) for c in row] for row in rows]
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"every row needs {len(self.header)} cells, got {row!r}")
        if numeric is None:
            numeric = [
                bool(self.rows) and all(_looks_numeric(r[i]) or r[i] == formatting.MISSING for r in self.rows)
                for i in range(len(self.header))
            ]
        self.numeric = list(numeric)
        self.row_headers = row_headers
        self.caption = caption
        self.show_header = show_header

    def __repr__(self) -> str:
        lines = ([self.header] if self.show_header else []) + self.rows
        widths = [max(len(line[i]) for line in lines) for i in range(len(self.header))]
        text = ["  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in lines]
        return "\n".join(([self.caption] if self.caption else []) + text)

    def _repr_html_(self) -> str:
        def cell(tag: str, text: str, i: int, scope: str = "") -> str:
            classes = ' class="advisor-num"' if self.numeric[i] and not (tag == "th" and scope == "row") else ""
            return f"<{tag}{scope and f' scope={chr(34)}{scope}{chr(34)}'}{classes}>{html.escape(text)}</{tag}>"

        head = ""
        if self.show_header:
            head = "<thead><tr>" + "".join(cell("th", h, i, "col") for i, h in enumerate(self.header)) + "</tr></thead>"
        body = []
        for row in self.rows:
            cells = [cell("th", row[0], 0, "row") if self.row_headers else cell("td", row[0], 0)]
            cells += [cell("td", c, i) for i, c in enumerate(row[1:], start=1)]
            body.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        label = html.escape(self.caption or (self.header[0] if self.header else "table"), quote=True)
        return (
            f'<div class="advisor-table" role="region" tabindex="0" aria-label="{label}">'
            f'<table class="advisor-data">{caption}{head}<tbody>{"".join(body)}</tbody></table></div>'
        )


def text(sentence: str) -> Text:
    """A sentence shown as a paragraph.

    >>> text("RAG: the corpus is too large.")
    RAG: the corpus is too large.
    """
    return Text(sentence)


def facts(
    values: Mapping[str, Any] | Iterable[tuple[str, Any]],
    header: tuple[str, str] | None = None,
    format: Formatter | None = None,
) -> Table:
    """Named figures, one a row: a label (with its unit) and its value, formatted by ``format`` (a name in
    ``FORMATTERS`` or a function; by default numbers get separators and strings are kept as they are)."""
    fmt, numeric = _formatter(format)
    pairs = list(values.items()) if isinstance(values, Mapping) else list(values)
    rows = [[str(label), _shown(fmt, value)] for label, value in pairs]
    return (
        Table(
            list(header) if header else ["", ""],
            rows,
            [False, numeric or None] if numeric else None,
            row_headers=True,
            show_header=header is not None,
        )
        if rows
        else Table(["", ""], [], [False, False])
    )


Column = Union[str, tuple[str, Formatter]]


def table(
    data: Any, columns: Mapping[str, Column] | None = None, index: Column | None = None, caption: str | None = None
) -> Table:
    """A table from a pandas DataFrame, a list of records or a mapping of records (keyed by row label).

    ``columns`` maps each field to show, in order, to its header (with the unit in it) or to a pair
    (header, format); fields not named are left out (all fields, when ``columns`` is None). ``index`` is
    the header (or header and format) of a first column holding each row's label: a DataFrame's index, or
    the keys of a mapping of records.
    """
    labels: list[Any] | None = None
    if hasattr(data, "to_dict") and hasattr(data, "index") and hasattr(data, "columns"):  # a DataFrame
        records = data.to_dict("records")
        labels = list(data.index)
        fields = list(data.columns)
    elif isinstance(data, Mapping):
        labels = list(data)
        records = [dict(data[k]) for k in labels]
        fields = list(dict.fromkeys(f for r in records for f in r))
    else:
        records = [dict(r) for r in data]
        fields = list(dict.fromkeys(f for r in records for f in r))
    chosen = columns if columns is not None else {f: str(f) for f in fields}
    header, formats, numeric = [], [], []
    if index is not None:
        if labels is None:
            raise ValueError("index needs a DataFrame or a mapping of records (rows with labels)")
        name, fmt = (index, None) if isinstance(index, str) else index
        f, num = _formatter(fmt)
        header.append(name)
        formats.append(f)
        numeric.append(num)
    for field, spec in chosen.items():
        if field not in fields:
            raise ValueError(f"no field {field!r} in this table; it has {fields}")
        name, fmt = (spec, None) if isinstance(spec, str) else spec
        f, num = _formatter(fmt)
        header.append(name)
        formats.append(f)
        numeric.append(num)
    rows = []
    for i, record in enumerate(records):
        row = [labels[i]] if labels is not None and index is not None else []
        row += [record.get(field) for field in chosen]
        rows.append([_shown(f, v) for f, v in zip(formats, row)])
    # a column whose format is not a known numeric one is right-aligned when every value in it reads as a number
    detected = Table(header, rows).numeric if rows else [False] * len(header)
    numeric = [n or d for n, d in zip(numeric, detected)]
    return Table(header, rows, numeric, row_headers=index is not None, caption=caption)
