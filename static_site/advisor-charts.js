/* The book's charts (advisor.charts.static_html calls advisorCharts.draw for each).
 *
 * Draws the compiled Vega spec with vega-embed as an SVG as wide as its column, keeps the view on the
 * element (tests read its signals), and gives each slider a readout written by a Vega signal of the
 * spec (usermeta.advisor.readouts: {slider signal: readout signal}), formatted like the rest of the
 * book ("$72,500", "80%", "120 ms") instead of Vega's raw number. Colours follow the page's light or
 * dark theme through the stylesheet, so toggling the theme needs no redraw.
 */
(function () {
  "use strict";

  function readouts(el, view, spec) {
    var meta = (spec.usermeta && spec.usermeta.advisor && spec.usermeta.advisor.readouts) || {};
    Object.keys(meta).forEach(function (signal) {
      var input = el.querySelector('input[name="' + signal + '"]');
      if (!input) return;
      var label = input.closest("label") || input.parentNode;
      var raw = input.nextElementSibling;
      if (raw && raw.tagName === "SPAN") raw.classList.add("advisor-raw-value");
      label.classList.add("advisor-has-readout");
      var out = document.createElement("output");
      out.className = "advisor-readout";
      out.setAttribute("aria-live", "polite");
      label.appendChild(out);
      var show = function () { out.textContent = String(view.signal(meta[signal])); };
      view.addSignalListener(meta[signal], show);
      show();
    });
  }

  function draw(el, spec) {
    if (!window.vegaEmbed) {
      el.textContent = "This chart needs the page's chart library, which did not load.";
      return Promise.resolve(null);
    }
    var options = {actions: false, renderer: "svg", mode: el.getAttribute("data-mode") || "vega"};
    return window.vegaEmbed(el, spec, options)
      .then(function (result) {
        // once the autosized width is known, lay out again: a legend that wraps to the width is then counted in the height
        return result.view.resize().runAsync().then(function () { return result; });
      })
      .then(function (result) {
        readouts(el, result.view, spec);
        el.__advisorView = result.view;
        el.setAttribute("data-drawn-at", performance.now());
        el.setAttribute("data-drawn", "true");
        return result.view;
      })
      .catch(function (error) { el.textContent = "This chart could not be drawn: " + error; });
  }

  window.advisorCharts = {draw: draw};
})();
