"""How numbers and user text read in findings and briefs."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from typing import Any


def usd(amount: float) -> str:
    """Dollars, rounded to what is worth saying.

    Parameters
    ----------
    amount : float
        US dollars.

    Returns
    -------
    str
        From $100: whole dollars, then three significant figures with k or M. Below $100: three
        significant figures and at least the cents, so a price per query keeps its digits and a
        price in dollars reads as money ($1.50, not $1.5).

    Examples
    --------
    >>> usd(12_345), usd(1_234_567), usd(950), usd(12.5), usd(0.1), usd(0.0123), usd(0.0000123)
    ('$12.3k', '$1.23M', '$950', '$12.50', '$0.10', '$0.0123', '$0.0000123')
    """
    a = abs(amount)
    sign = "-" if amount < 0 else ""
    if a >= 99.995 or a == 0:  # what rounds to $100.00 or more reads in whole dollars
        return f"{sign}${count(a)}"
    # decimals for three significant figures (never scientific notation), and never fewer than the cents
    decimals = max(2, 2 - math.floor(math.log10(a)))
    text = f"{a:.{decimals}f}"
    whole, cents = text.split(".")
    return f"{sign}${whole}.{cents[:2] + cents[2:].rstrip('0')}"


def usd_or_na(amount: float | None) -> str:
    """``usd``, or "n/a" where there is no figure to show (None, or an amount that is not finite).

    >>> usd_or_na(0.0123), usd_or_na(2.5), usd_or_na(None), usd_or_na(float("inf"))
    ('$0.0123', '$2.50', 'n/a', 'n/a')
    """
    return usd(amount) if amount is not None and math.isfinite(amount) else "n/a"


def usd_exact(amount: float) -> str:
    """Dollars and cents with thousands separators, for prices that are small or must be exact.

    Parameters
    ----------
    amount : float
        US dollars.

    Returns
    -------
    str
        To the cent, with thousands separators.

    Examples
    --------
    >>> usd_exact(10.5), usd_exact(1234.567), usd_exact(0.004)
    ('$10.50', '$1,234.57', '$0.00')
    """
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def number(value: float, digits: int = 3) -> str:
    """A plain number to ``digits`` significant figures with thousands separators, never in scientific notation.

    Parameters
    ----------
    value : float
        Any number.
    digits : int, default 3
        Significant figures.

    Returns
    -------
    str
        The number with thousands separators.

    Examples
    --------
    >>> number(4.333333), number(1234567.0), number(0.000123), number(12.0)
    ('4.33', '1,230,000', '0.000123', '12')
    """
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    magnitude = math.floor(math.log10(abs(value)))
    if magnitude >= digits - 1:  # no decimals left to show: round the whole number
        return f"{round(value, -(magnitude - digits + 1)):,.0f}"
    return f"{value:,.{digits - 1 - magnitude}f}".rstrip("0").rstrip(".")


def count(n: float) -> str:
    """A count, shortened: 1,234 / 12.3k / 1.2M.

    Parameters
    ----------
    n : float
        A count (queries, tokens, documents).

    Returns
    -------
    str
        Three significant figures, with k or M.

    Examples
    --------
    >>> count(950), count(12_345), count(740_000), count(2_500_000)
    ('950', '12.3k', '740k', '2.5M')
    """
    a = abs(n)
    if a >= 1e9:
        return f"{n / 1e9:.3g}B"
    if a >= 1e6:
        return f"{n / 1e6:.3g}M"
    if a >= 1e4:
        return f"{n / 1e3:.3g}k"
    return f"{n:,.0f}"


def times_a_month(rate: float) -> str:
    """>>> times_a_month(1), times_a_month(4.33), times_a_month(0.25)
    ('once a month', '4.33 times a month', '0.25 times a month')
    """
    return "once a month" if rate == 1 else f"{rate:.3g} times a month"


def ms(value: float) -> str:
    """Milliseconds: whole above 10, two significant figures below (a 0.4 ms budget is not "0 ms").

    Parameters
    ----------
    value : float
        Milliseconds.

    Returns
    -------
    str
        Whole milliseconds from 10 up, two significant figures below.

    Examples
    --------
    >>> ms(1234.5), ms(80), ms(0.4), ms(2.25)
    ('1,234 ms', '80 ms', '0.4 ms', '2.2 ms')
    """
    return f"{value:,.0f} ms" if abs(value) >= 10 or value == 0 else f"{value:.2g} ms"


def share(fraction: float) -> str:
    """A share as a percentage, to what is worth saying.

    Parameters
    ----------
    fraction : float
        A share (0.25 for 25%).

    Returns
    -------
    str
        A percentage, to two significant figures below 10%.

    Examples
    --------
    >>> share(0.25), share(0.0312), share(1.5), share(0.0004)
    ('25%', '3.1%', '150%', '0.04%')
    """
    percent = fraction * 100
    if abs(percent) >= 10 or percent == 0:
        return f"{percent:,.0f}%"
    return f"{percent:.2g}%"


# ":", "/" and "@" too: a bare "http://..." or "name@host" would otherwise become a link (autolinks).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:/@])")


def escape_markdown(text: str) -> str:
    """User text made inert in Markdown and HTML: no links, emphasis, tables or tags.

    >>> escape_markdown("<script>alert(1)</script> *Acme* [x](http://e)")
    '&lt;script&gt;alert\\\\(1\\\\)&lt;\\\\/script&gt; \\\\*Acme\\\\* \\\\[x\\\\]\\\\(http\\\\:\\\\/\\\\/e\\\\)'
    """
    one_line = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=True))


_INLINE = re.compile(r"\\(.)|\*\*(.+?)\*\*|\*(.+?)\*|`([^`]+)`")


def _inline_html(text: str) -> str:
    """One line of the brief's Markdown as HTML: escapes, **bold**, *italic* and `code`."""
    out, last = [], 0
    for match in _INLINE.finditer(text):
        out.append(_text_html(text[last : match.start()]))
        escaped, bold, italic, code = match.groups()
        if escaped is not None:
            out.append(_text_html(escaped))
        elif bold is not None:
            out.append(f"<strong>{_inline_html(bold)}</strong>")
        elif italic is not None:
            out.append(f"<em>{_inline_html(italic)}</em>")
        else:
            out.append(f"<code>{_text_html(code)}</code>")
        last = match.end()
    out.append(_text_html(text[last:]))
    return "".join(out)


def _text_html(text: str) -> str:
    # Entities in the Markdown (the escaped project name has some) stand for their characters.
    return html.escape(html.unescape(text), quote=False)


def _cells(row: str) -> list[str]:
    cells, current, escaped = [], [], False
    for ch in row.strip().strip("|"):
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    cells.append("".join(current).strip())
    return cells


def markdown_html(markdown: str, heading_offset: int = 0) -> str:
    """The decision brief's Markdown as HTML: headings (shifted down by ``heading_offset`` levels, so an
    embedded brief sits under the section that holds it), paragraphs, lists and tables. It reads the
    subset of Markdown the brief is written in, and escapes everything else.

    >>> markdown_html("# Brief: \\\\*Acme\\\\*\\n\\nA **bold** move.\\n\\n- one\\n- two", heading_offset=1)
    '<h2>Brief: *Acme*</h2>\\n<p>A <strong>bold</strong> move.</p>\\n<ul>\\n<li>one</li>\\n<li>two</li>\\n</ul>'
    """
    blocks: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        heading = re.match(r"(#{1,6}) (.*)", line)
        if heading:
            level = min(6, len(heading.group(1)) + heading_offset)
            blocks.append(f"<h{level}>{_inline_html(heading.group(2))}</h{level}>")
            i += 1
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            header, body = _cells(rows[0]), [_cells(r) for r in rows[2:]]
            head = "".join(f"<th>{_inline_html(c)}</th>" for c in header)
            cells = "\n".join("<tr>" + "".join(f"<td>{_inline_html(c)}</td>" for c in r) + "</tr>" for r in body)
            blocks.append(
                f'<div class="advisor-table"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{cells}\n</tbody>\n</table></div>'
            )
        elif line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(f"<li>{_inline_html(lines[i][2:])}</li>")
                i += 1
            blocks.append("<ul>\n" + "\n".join(items) + "\n</ul>")
        else:
            paragraph = []
            while i < len(lines) and lines[i].strip() and not re.match(r"#{1,6} |\||- ", lines[i]):
                paragraph.append(lines[i])
                i += 1
            blocks.append(f"<p>{_inline_html(' '.join(paragraph))}</p>")
    return "\n".join(blocks)


# --- values in tables and short answers --------------------------------------------------------

MISSING = "—"  # what a table shows where there is no value (never "NaN" or "None")


def is_missing(value: object) -> bool:
    """None, NaN and pandas' missing markers.

    >>> is_missing(None), is_missing(float("nan")), is_missing(0), is_missing("")
    (True, True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def yes_no(value: object) -> str:
    """A flag in words.

    >>> yes_no(True), yes_no(False), yes_no(None)
    ('yes', 'no', '—')
    """
    return MISSING if is_missing(value) else ("yes" if value else "no")


def tokens(n: float) -> str:
    """A token count, shortened like ``count``.

    >>> tokens(95_150), tokens(1_000_000), tokens(400)
    ('95.2k', '1M', '400')
    """
    return count(n)


def cell(value: object) -> str:
    """Any value as a reader should see it in a table: numbers with separators and never in scientific
    notation or with a long tail of decimals, yes/no for flags, a dash for a missing value.

    >>> cell(95150), cell(0.000123), cell(2.5), cell(True), cell(float("nan")), cell("gpt-4o"), cell(1234567.891)
    ('95,150', '0.000123', '2.5', 'yes', '—', 'gpt-4o', '1,230,000')
    """
    if is_missing(value):
        return MISSING
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return yes_no(bool(value))
    if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
        return f"{int(value):,}"  # type: ignore[call-overload]  # an int or a numpy integer
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        value = float(value)  # type: ignore[arg-type]  # a float or a numpy float
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:,.0f}"
        return number(value)
    if isinstance(value, (tuple, list)):
        return ", ".join(cell(v) for v in value) or MISSING
    return str(value)


def value_range(low: float, high: float, fmt: Callable[[Any], str] | None = None) -> str:
    """Two ends of a range, each formatted alike.

    >>> value_range(2.0, 3.0, usd_exact), value_range(0.5, 0.9, share)
    ('$2.00 to $3.00', '50% to 90%')
    """
    fmt = fmt or cell
    return f"{fmt(low)} to {fmt(high)}"
