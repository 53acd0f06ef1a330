"""How numbers and user text read in findings and briefs."""

from __future__ import annotations

import html
import re


def usd(amount: float) -> str:
    """Dollars, rounded to what is worth saying.

    >>> usd(12_345), usd(1_234_567), usd(950), usd(0.0123)
    ('$12.3k', '$1.23M', '$950', '$0.0123')
    """
    a = abs(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}${count(a) if a >= 1 else f'{a:.3g}'}"


def count(n: float) -> str:
    """A count, shortened: 1,234 / 12.3k / 1.2M.

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

    >>> ms(1234.5), ms(80), ms(0.4), ms(2.25)
    ('1,234 ms', '80 ms', '0.4 ms', '2.2 ms')
    """
    return f"{value:,.0f} ms" if abs(value) >= 10 or value == 0 else f"{value:.2g} ms"


def share(fraction: float) -> str:
    """A share as a percentage, to what is worth saying.

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
