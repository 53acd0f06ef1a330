"""Every built page as a reader sees it: on a phone (390 px) and a desktop (1280 px), light and dark.

Debian's Chromium, driven by Playwright, headless, with no network: one browser, one context per
width and theme. For each page:

* no sideways scroll, and nothing visible wider than the page unless it sits in its own scroll box;
* every chart drawn, no wider than its container, every text of it (labels, legend, markers) inside it;
* every chart's axes cover its data, and a line chart's data runs the whole length of its x-axis;
* no raw value a reader could doubt: long decimals, NaN, scientific notation, Python reprs;
* zero console errors, zero requests to other hosts;
* every text (HTML and chart) at WCAG AA contrast against its effective background.

A screenshot of every page at both widths and in both themes goes to ``$ADVISOR_SCREENSHOTS`` (default:
``advisor-pages`` in the temporary folder), outside the repository.

Per chapter, the number the prose prints and the marker on its chart are the same value; every slider
starts on its own grid, and the chart at load is the chart the slider gives back at its default.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from test_browser import ALL_DRAWN, Visit, browser, pages  # noqa: F401 (browser: the fixture, shared)

WIDTHS = {"phone": 390, "desktop": 1280}
THEMES = ("light", "dark")
SHOTS = Path(os.environ.get("ADVISOR_SCREENSHOTS") or Path(tempfile.gettempdir()) / "advisor-pages")


_contexts: dict = {}


@pytest.fixture(scope="module")
def contexts(browser):  # noqa: F811 (the shared fixture)
    """One context per width and theme, made on first use and closed at the end of the module."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def get(width: str, theme: str):
        key = (width, theme)
        if key not in _contexts:
            _contexts[key] = browser.new_context(
                viewport={"width": WIDTHS[width], "height": 900}, color_scheme=theme, device_scale_factor=1
            )
        return _contexts[key]

    yield get
    for context in _contexts.values():
        context.close()
    _contexts.clear()


class Loaded(Visit):
    """A page loaded in one width and theme (``Visit``'s recording of errors and remote requests), fonts and charts ready."""

    def __init__(self, context, name: str) -> None:
        super().__init__(context, name)
        self.page.wait_for_function(ALL_DRAWN, timeout=30_000)
        self.page.evaluate("document.fonts.ready")


# --- what the page shows, measured in the page ----------------------------------------------------

LAYOUT = r"""() => {
  const problems = [];
  const W = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > W + 1 || document.body.scrollWidth > W + 1)
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide in a ${W} px window`);
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
  const shown = el => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();
      return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0; };
  const article = document.querySelector('article.bd-article');
  for (const el of article.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > W + 1 && shown(el) && !scrolls(el) && !el.closest('svg'))
      problems.push(`${el.tagName.toLowerCase()}.${el.className} reaches ${Math.round(r.right)} px in a ${W} px window: ${(el.innerText || '').slice(0, 60)}`);
  }
  for (const el of document.querySelectorAll('.advisor-chart')) {
    const box = el.getBoundingClientRect(), parent = el.parentElement.getBoundingClientRect();
    const svg = el.querySelector('svg.marks');
    if (!svg) { problems.push('a chart was not drawn: ' + el.textContent.slice(0, 80)); continue; }
    const s = svg.getBoundingClientRect();
    if (box.width > parent.width + 1) problems.push(`a chart is ${Math.round(box.width)} px wide in a ${Math.round(parent.width)} px column`);
    if (s.width > box.width + 1) problems.push(`a chart's drawing is ${Math.round(s.width)} px wide in its ${Math.round(box.width)} px box`);
    if (s.width < 260) problems.push(`a chart is squeezed to ${Math.round(s.width)} px`);
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim() || Number(getComputedStyle(t).opacity) === 0) continue;  // dropped for overlapping
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1)
        problems.push(`chart text clipped: "${t.textContent}" at ${Math.round(r.left - s.left)}..${Math.round(r.right - s.left)} px of ${Math.round(s.width)}`);
    }
    for (const input of el.querySelectorAll('.vega-bind input, .vega-bind select')) {
      const r = input.getBoundingClientRect();
      if (r.right > W + 1 || r.left < -1) problems.push(`a slider is off-screen (${Math.round(r.left)}..${Math.round(r.right)} px)`);
    }
  }
  return problems;
}"""

# Marks (not axes, legends or titles) must lie inside the plot: a scale's domain covers its data. A line
# chart's lines must run from the left end of the x-axis to the right end: the axis does not outrun the data.
DATA_IN_AXES = r"""() => {
  const problems = [];
  const charts = Array.from(document.querySelectorAll('.advisor-chart'));
  charts.forEach((el, i) => {
    const view = el.__advisorView; if (!view) return;
    const width = view.width(), height = view.height();
    let lineLeft = Infinity, lineRight = -Infinity, lines = 0;
    const walk = (item, role) => {
      const mark = item.mark || null;
      for (const sub of (item.items || [])) {
        if (sub.marktype) {  // a mark: its items
          const isData = sub.role === 'mark' && ['line', 'area', 'rect', 'symbol', 'rule'].includes(sub.marktype);
          for (const it of sub.items || []) {
            if (isData && it.bounds && !(sub.marktype === 'rect' && it.width === 0)) {
              const b = it.bounds, pad = 3 + (it.strokeWidth || 0);
              if (b.x1 < -pad || b.x2 > width + pad || b.y1 < -pad || b.y2 > height + pad)
                problems.push(`chart ${i + 1}: a ${sub.marktype} lies outside its axes (${Math.round(b.x1)}..${Math.round(b.x2)} of ${width}, ${Math.round(b.y1)}..${Math.round(b.y2)} of ${height})`);
              if (sub.marktype === 'line') { lines++; lineLeft = Math.min(lineLeft, b.x1); lineRight = Math.max(lineRight, b.x2); }
            }
            if (sub.marktype === 'group' && sub.role !== 'axis' && sub.role !== 'legend' && sub.role !== 'title') walk(it);
          }
        }
      }
    };
    walk(view.scenegraph().root.items[0]);
    if (lines && (lineLeft > 0.02 * width + 3 || lineRight < 0.98 * width - 3))
      problems.push(`chart ${i + 1}: its lines run from ${Math.round(lineLeft)} to ${Math.round(lineRight)} px of a ${width} px axis`);
  });
  return problems;
}"""

# What a reader reads: the article's text without code, and every text drawn in a chart.
READER_TEXT = r"""() => {
  const SKIP = 'pre, code, .highlight, script, style, dl.py dt, .advisor-chart svg, a.reference.external, .headerlink';
  const text = (root, skip) => {
    const parts = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip) || !el.checkVisibility()) continue;
      parts.push(n.textContent);
    }
    return parts.join('\n');
  };
  const article = document.querySelector('article.bd-article');
  const outputs = Array.from(article.querySelectorAll('.cell_output')).map(o => text(o, 'script, style, .advisor-chart svg'));
  const prose = text(article, SKIP + ', .cell_output');
  const charts = Array.from(document.querySelectorAll('.advisor-chart svg text')).map(t => t.textContent);
  const readouts = Array.from(document.querySelectorAll('.advisor-readout')).map(t => t.textContent);
  const figures = Array.from(article.querySelectorAll('.advisor-num, .advisor-calculator td, .advisor-result, p.advisor-text')).map(t => t.innerText);
  return {prose, outputs, charts, readouts, figures};
}"""

RAW_VALUES = [
    (re.compile(r"(?<![\w.])\d+\.0*[1-9]\d{4,}"), "a long decimal"),  # five significant digits after the point
    (re.compile(r"(?<![\w.])\d{4,}\.\d{3,}"), "a long decimal"),
    (re.compile(r"\bNaN\b|\bnan\b|<NA>|\binf\b|\bInfinity\b"), "NaN or infinity"),
    (re.compile(r"(?<![\w/])\d+(?:\.\d+)?e[+-]?\d+\b", re.IGNORECASE), "scientific notation"),
    (re.compile(r"\$\s?-?\d+(?:\.\d+)?e[+-]?\d+", re.IGNORECASE), "scientific notation"),
]
# 3000 or 95150 where the book writes 3,000 and 95,150 (a year such as 2024 is not a count); read in the
# prose and in the places that hold figures (numeric cells, the calculators' inputs, readouts, charts),
# not in quoted sources, where "DEFAULT_CHUNK_SIZE = 1024" or a model called "Ministral 3 8B 2512" is a name
NO_SEPARATORS = re.compile(r"(?<![\w.,/:#-])(?!(?:19|20)\d\d(?![\d]))\d{4,}(?![\w.,:/-])")
PYTHON_REPRS = [
    (re.compile(r"^\s*[(\[{]'"), "a Python tuple, list or dict"),
    (re.compile(r"^\s*\(\s*\d"), "a Python tuple"),
    (re.compile(r"^'.*'$", re.DOTALL), "a quoted string"),
    (re.compile(r"dtype: \w+|Name: \w+, dtype"), "a pandas repr"),
    (
        re.compile(r"(?<![\w])None(?=[ \t]*(?:$|[,)\]}]))", re.MULTILINE),
        "None",
    ),  # a value, not "None: the factors agree"
    (
        re.compile(r"^[ \t]*\w+ {2,}\S+ {2,}\S", re.MULTILINE),
        "a DataFrame or Series repr (columns aligned with spaces)",
    ),
]
URL = re.compile(r"\S+://\S+|\b\d{4}\.\d{4,5}(?:v\d)?\b")  # addresses and arXiv ids are not values


def raw_values(text: str, where: str, figures: bool = True) -> list[str]:
    """Raw values in ``text``; ``figures``: the text is one that states figures (thousands separators checked)."""
    text = URL.sub(" ", text)
    found = []
    for pattern, what in RAW_VALUES + ([(NO_SEPARATORS, "a number without thousands separators")] if figures else []):
        for m in pattern.finditer(text):
            found.append(f"{where}: {what}: …{text[max(0, m.start() - 40) : m.end() + 20]}…")
    return found


CONTRAST = r"""() => {
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, bottom) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]); };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const background = el => {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    const root = parse(getComputedStyle(document.body).backgroundColor);
    if (root && root[3] >= 1) bg = root;
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const opacity = el => { let o = 1; for (let e = el; e && e.nodeType === 1; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
  const problems = [];
  const seen = new Set();
  const check = (el, color, text, large) => {
    const bg = background(el.closest('svg') ? el.closest('svg').parentElement : el);
    let fg = parse(color); if (!fg) return;
    const alpha = opacity(el) * (el.tagName.toLowerCase() === 'text' ? Number(getComputedStyle(el).fillOpacity) : 1);
    if (alpha === 0) return;  // not shown (an axis label dropped for overlapping its neighbour)
    fg = over([fg[0], fg[1], fg[2], fg[3] * alpha], bg);
    const r = ratio(fg, bg), need = large ? 3 : 4.5;
    if (r + 0.01 < need) {
      const key = color + '|' + getComputedStyle(el).backgroundColor + '|' + el.tagName + '|' + text.slice(0, 30);
      if (!seen.has(key)) { seen.add(key); problems.push(`contrast ${r.toFixed(2)} < ${need}: "${text.slice(0, 50)}" (${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''}, ${color} on rgb(${bg.slice(0, 3).map(Math.round)}))`); }
    }
  };
  // WCAG 1.4.3 exempts inactive controls (a disabled button) from the contrast minimum
  const visible = el => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();
    return s.visibility !== 'hidden' && r.width > 0 && r.height > 0 && el.closest('[hidden], .d-none, :disabled, [aria-disabled="true"]') === null; };
  const scope = document.querySelectorAll('.bd-header, .bd-sidebar-primary, article.bd-article, .bd-footer-article, .prev-next-area, .bd-sidebar-secondary');
  for (const root of scope) {
    for (const el of root.querySelectorAll('*')) {
      if (el.closest('svg') && el.tagName.toLowerCase() !== 'text') continue;
      const own = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
      if (!own || !visible(el)) continue;
      const s = getComputedStyle(el);
      if (el.tagName.toLowerCase() === 'text') { check(el, s.fill, own, parseFloat(s.fontSize) >= 18.66); continue; }
      const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
      check(el, s.color, own, size >= 24 || (bold && size >= 18.66));
    }
  }
  return problems;
}"""


def _shot_name(name: str, width: str, theme: str) -> Path:
    return SHOTS / f"{name.replace('/', '_')}-{WIDTHS[width]}-{theme}.png"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", pages())
def test_page_reads_well(contexts, name, width, theme):
    loaded = Loaded(contexts(width, theme), name)
    page = loaded.page
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        problems = page.evaluate(LAYOUT) + page.evaluate(DATA_IN_AXES) + page.evaluate(CONTRAST)
        text = page.evaluate(READER_TEXT)
        problems += raw_values(text["prose"], "prose")
        for i, out in enumerate(text["outputs"]):
            problems += raw_values(out, f"output {i + 1}", figures=False)
            for pattern, what in PYTHON_REPRS:
                if pattern.search(out):
                    problems.append(f"output {i + 1}: {what}: {out[:120]!r}")
        for label in text["charts"] + text["readouts"]:
            problems += raw_values(label, "chart")
        for figure in text["figures"]:
            problems += raw_values(figure, "figure")
        problems += [f"console error: {e}" for e in loaded.errors]
        problems += [f"request to another host: {u}" for u in loaded.remote]
        page.screenshot(path=str(_shot_name(name, width, theme)), full_page=True)
        assert problems == [], "\n".join(problems)
    finally:
        page.close()


# --- the numbers a chapter prints are the ones its charts mark --------------------------------------

MARKERS = r"""() => Array.from(document.querySelectorAll('.advisor-chart')).map(el => {
  const texts = [];
  const walk = item => { for (const sub of item.items || []) { if (sub.marktype === 'text' && sub.role === 'mark')
      for (const it of sub.items || []) texts.push([].concat(it.text).join(' ')); else if (sub.marktype === 'group' && !['axis', 'legend', 'title'].includes(sub.role)) for (const it of sub.items || []) walk(it); } };
  walk(el.__advisorView.scenegraph().root.items[0]);
  return {texts, sliders: el.querySelectorAll('input[type=range]').length};
})"""
CROSSING = re.compile(r"crossover ≈ (\S+) / month")


@pytest.mark.parametrize("name", [p for p in pages() if re.match(r"chapters/(0[2-9]|1[0-2])-", p)])
def test_the_marker_on_a_chart_is_the_number_the_prose_prints(contexts, name):
    """A crossover marked on a chart is the one the chapter's text gives (same formatter, same value),
    and a chart whose lines are meant to cross shows its marker when the page loads."""
    loaded = Loaded(contexts("desktop", "light"), name)
    try:
        prose = loaded.page.evaluate(READER_TEXT)["prose"]
        for i, chart in enumerate(loaded.page.evaluate(MARKERS)):
            for text in chart["texts"]:
                m = CROSSING.fullmatch(text)
                if m:
                    assert re.search(rf"(?<![\w.]){re.escape(m.group(1))}(?![\w.])", prose), (
                        f"chart {i + 1} marks a crossover at {m.group(1)} a month, which the text never gives"
                    )
    finally:
        loaded.page.close()


SLIDER_STATE = r"""el => el.__advisorView.runAsync().then(view => {
  const names = Object.keys(view.getState({data: () => true, signals: () => false}).data || {}).filter(n => !/marks|pathgroup|^root$/.test(n));
  const round = v => typeof v === 'number' ? Number(v.toPrecision(9)) : v;
  const data = names.map(n => view.data(n).map(row => Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('_') && k !== 'Symbol(vega_id)').map(([k, v]) => [k, round(v)]))));
  const texts = [];
  const walk = item => { for (const sub of item.items || []) { if (sub.marktype === 'text' && sub.role === 'mark')
      for (const it of sub.items || []) texts.push([].concat(it.text).join(' ')); else if (sub.marktype === 'group' && !['axis', 'legend', 'title'].includes(sub.role)) for (const it of sub.items || []) walk(it); } };
  walk(view.scenegraph().root.items[0]);
  return JSON.stringify({data, texts, readouts: Array.from(el.querySelectorAll('.advisor-readout')).map(o => o.textContent)});
})"""


def _set(slider, value: str) -> None:
    slider.fill(value)
    slider.dispatch_event("input")
    slider.dispatch_event("change")


@pytest.mark.parametrize("name", [p for p in pages() if re.match(r"chapters/(0[2-9]|1[0-2])-", p)])
def test_every_slider_starts_on_its_grid_and_gives_back_the_chart_at_load(contexts, name):
    loaded = Loaded(contexts("desktop", "light"), name)
    page = loaded.page
    try:
        charts = page.locator(".advisor-chart", has=page.locator("input[type=range]"))
        assert charts.count() >= 1
        for c in range(charts.count()):
            chart = charts.nth(c)
            sliders = chart.locator("input[type=range]")
            for s in range(sliders.count()):
                slider = sliders.nth(s)
                low, high, step = (float(slider.get_attribute(a)) for a in ("min", "max", "step"))
                default = slider.evaluate("el => el.value")
                k = (float(default) - low) / step
                assert abs(k - round(k)) < 1e-6, (
                    f"{slider.get_attribute('name')} starts at {default}, off its grid {low} + k * {step}"
                )
                readout = chart.locator(".advisor-readout").nth(s).text_content()
                assert readout and not re.fullmatch(r"-?\d+(\.\d+)?", readout), (
                    f"slider readout {readout!r} is a raw number"
                )
                at_load = chart.evaluate(SLIDER_STATE)
                _set(slider, slider.get_attribute("max") if float(default) != high else slider.get_attribute("min"))
                assert chart.evaluate(SLIDER_STATE) != at_load, "the chart does not answer its slider"
                _set(slider, default)
                assert chart.evaluate(SLIDER_STATE) == at_load, (
                    "moved back to its default, the slider gives another chart"
                )
        assert loaded.errors == [] and loaded.remote == []
    finally:
        page.close()


def test_dark_mode_toggle_recolors_the_charts_without_a_redraw(contexts):
    loaded = Loaded(contexts("desktop", "light"), "chapters/09-the-crossover")
    page = loaded.page
    try:
        label = page.locator(".advisor-chart svg .role-axis-label text").first
        light = label.evaluate("t => getComputedStyle(t).fill")
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
        dark = label.evaluate("t => getComputedStyle(t).fill")
        assert light != dark
        assert page.evaluate("getComputedStyle(document.querySelector('.advisor-chart svg')).backgroundColor") in (
            "rgba(0, 0, 0, 0)",
            "transparent",
        )
    finally:
        page.close()


def test_live_code_offline_says_so_plainly(contexts):
    """Thebe comes from the book's own files; with no network, the reader is told why Live Code cannot start."""
    context = contexts("desktop", "light")
    loaded = Loaded(context, "chapters/02-two-architectures")
    page = loaded.page
    try:
        context.set_offline(True)
        page.evaluate("initThebeSBT()")
        status = page.locator(".advisor-live-status")
        status.wait_for(timeout=10_000)
        assert "network" in status.inner_text()
        assert "CDN" not in page.inner_text("body")
        assert page.evaluate("THEBE_JS_URL").startswith("../_static/")
        assert loaded.remote == []
    finally:
        context.set_offline(False)
        page.close()


DRAWS = re.compile(r"(\d[\d,.]*)(k?)\s+(?:simulated\s+)?draws\b")


def _amount(digits: str, k: str) -> float:
    return float(digits.replace(",", "")) * (1_000 if k else 1)


@pytest.mark.parametrize("name", pages())
def test_a_page_gives_one_number_of_draws(contexts, name):
    """Where the text says the ranges come from 4,000 draws, the charts and the brief say 4,000 too."""
    loaded = Loaded(contexts("desktop", "light"), name)
    try:
        text = loaded.page.inner_text("article.bd-article")
        totals = {_amount(d.rstrip(".,"), k) for d, k in DRAWS.findall(text.replace("of the draws", ""))}
        # "3,456 of 4,000 draws cross" counts draws that cross: only the totals must agree
        crossing = {_amount(d, k) for d, k in re.findall(r"(\d[\d,.]*)(k?) of \d[\d,.]*k? draws", text)}
        assert len(totals - crossing) <= 1, f"the page gives different numbers of draws: {sorted(totals)}"
    finally:
        loaded.page.close()


def test_live_code_that_cannot_reach_binder_says_so_and_asks_nothing_else_of_the_network(contexts):
    loaded = Loaded(contexts("desktop", "light"), "chapters/02-two-architectures")
    page = loaded.page
    try:
        page.evaluate("initThebeSBT()")  # online, but every request off this machine fails
        status = page.locator(".advisor-live-status")
        status.wait_for(timeout=30_000)
        assert "mybinder.org" in status.inner_text()
        assert loaded.remote and all(u.startswith("https://mybinder.org/") for u in loaded.remote), loaded.remote
        assert page.locator(".thebe-launch-button").first.inner_text() == "Live Code is not available"
    finally:
        page.close()
