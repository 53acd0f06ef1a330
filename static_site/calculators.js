/* The chapter calculators on the static site: "Use your own numbers" runs the advisor model itself.
 *
 * Each calculator card (advisor.widgets, static build) shows its result for the chapter's inputs,
 * computed when the book was built, and carries: its key (data-calculator), its whole case as a URL
 * fragment (data-base), the draws it uses (data-draws), its form (a <template> generated from the
 * control declarations, advisor.page_form), and its chart's dataset names (data-datasets). Nothing is
 * fetched until the reader clicks the button: then the shared loader (advisor_pyodide.js) brings
 * Pyodide and the advisor wheel, and every change calls advisor.core.calculators.run_json(key,
 * fragment, draws) and places what comes back: the summary HTML, the chart's datasets, the figures
 * (data-result). This script holds no model logic; bad input comes back as a message naming the field.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 400;
  var module = null; // advisor.core.calculators, once loaded

  function page() {
    var path = location.pathname.replace(/^\//, "");
    var at = path.indexOf("chapters/");
    return at >= 0 ? path.slice(at) : path;
  }

  var KEPT = "The result and chart below are those computed when the book was built.";

  function status(card, text, kind) {
    var el = card.querySelector(".advisor-calc-status");
    el.textContent = text;
    el.setAttribute("data-kind", kind || "info");
    el.hidden = false;
  }

  function boxes(card) {
    return Array.prototype.slice.call(card.querySelectorAll(".advisor-calc-form .advisor-field[data-field]"));
  }

  /** The card's case with the form's values over it, as a URL fragment. */
  function fragment(card) {
    var params = new URLSearchParams(card.getAttribute("data-base") || "");
    boxes(card).forEach(function (box) {
      params.set(box.getAttribute("data-field"), window.advisorPyodide.readField(box));
    });
    return params.toString();
  }

  function whenDrawn(el) {
    return new Promise(function (resolve) {
      var waited = 0;
      (function poll() {
        if (!el || el.__advisorView || waited > 10000) return resolve(el ? el.__advisorView || null : null);
        waited += 50;
        setTimeout(poll, 50);
      })();
    });
  }

  function updateChart(card, records) {
    var figure = card.querySelector(".advisor-calc-chart");
    if (!figure) return Promise.resolve();
    return whenDrawn(figure.querySelector(".advisor-chart")).then(function (view) {
      if (!view) return;
      var names = figure.getAttribute("data-datasets").split(" ");
      // every dataset has a row (a marker with nothing to mark has an invisible one): Vega has no empty extent to warn of
      names.forEach(function (name) { view.data(name, records[name] || []); });
      return view.runAsync();
    });
  }

  function markInvalid(card, message) {
    boxes(card).forEach(function (box) {
      var name = box.getAttribute("data-field");
      var bad = message !== null && (message.indexOf(name + " ") === 0 || message.indexOf(name + ":") === 0);
      box.querySelectorAll("input, select").forEach(function (i) {
        if (bad) i.setAttribute("aria-invalid", "true"); else i.removeAttribute("aria-invalid");
      });
      box.classList.toggle("advisor-invalid", bad);
    });
  }

  function render(card, out, ms) {
    var result = card.querySelector(".advisor-result");
    var figure = card.querySelector(".advisor-calc-chart");
    var done;
    if (out.ok) {
      result.innerHTML = out.html;
      result.setAttribute("data-result", JSON.stringify(out.result));
      result.removeAttribute("data-error");
      result.setAttribute("data-state", "ok");
      if (figure) figure.classList.remove("advisor-stale");
      markInvalid(card, null);
      done = updateChart(card, out.records);
      status(card, "Computed in your browser in " + Math.round(ms) + " ms.", "ready");
    } else {
      var p = window.advisorPyodide.errorParagraph(out.error);
      result.innerHTML = "";
      result.appendChild(p);
      result.setAttribute("data-result", "null");
      result.setAttribute("data-error", out.error);
      result.setAttribute("data-state", "error");
      if (figure) figure.classList.add("advisor-stale"); // the chart is the last good case's
      markInvalid(card, out.error);
      done = Promise.resolve();
      status(card, "The model could not compute this: " + out.error, "error");
    }
    return done.then(function () {
      var n = Number(result.getAttribute("data-computed") || "0") + 1;
      result.setAttribute("data-computed", String(n));
      result.setAttribute("data-fragment", card.__wanted);
      return out;
    });
  }

  function compute(card) {
    var wanted = fragment(card);
    card.__wanted = wanted;
    return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(function () {
      if (card.__wanted !== wanted) return null; // a later change supersedes this one
      var t0 = performance.now();
      var draws = Number(card.getAttribute("data-draws") || "0") || null;
      var out = JSON.parse(module.run_json(card.getAttribute("data-calculator"), wanted, draws));
      var ms = performance.now() - t0;
      card.__timings.last_compute_ms = ms;
      return render(card, out, ms);
    });
  }

  function showForm(card) {
    var template = card.querySelector("template.advisor-calc-template");
    var form = card.querySelector("form.advisor-calc-form");
    if (!form && template) {
      card.querySelector(".advisor-inputs").replaceWith(template.content.cloneNode(true));
      form = card.querySelector("form.advisor-calc-form");
    }
    var timer = null;
    function onEdit(event) {
      if (timer) { clearTimeout(timer); timer = null; }
      if (event && event.type === "input" && event.target && event.target.type === "text") {
        timer = setTimeout(function () { timer = null; onEdit(); }, DEBOUNCE_MS);
        return;
      }
      if (fragment(card) === card.__wanted) return;
      compute(card);
    }
    form.addEventListener("input", onEdit);
    form.addEventListener("change", onEdit);
    form.addEventListener("submit", function (event) { event.preventDefault(); compute(card); });
    return form;
  }

  /** The reader's click: load the model (once per page), show the form, compute the card's case. */
  function start(card) {
    var button = card.querySelector(".advisor-own-numbers");
    var loader = window.advisorPyodide;
    var problem = loader ? loader.problem() : "wheel";
    if (problem) {
      status(card, loader ? loader.reason(problem, page(), KEPT) : "This page was built without the model's loader. " + KEPT, "unavailable");
      card.setAttribute("data-unavailable", "true");
      return Promise.resolve(null);
    }
    if (card.__started) return card.__started;
    button.disabled = true;
    var t0 = performance.now();
    card.__timings = {};
    status(card, "Loading the model (about " + loader.modelMB + " MB, once for the book)…", "loading");
    card.__started = loader.load()
      .then(function (pyodide) {
        if (!module) module = pyodide.pyimport("advisor.core.calculators");
        showForm(card);
        return compute(card);
      })
      .then(function (out) {
        card.__timings.first_result_ms = performance.now() - t0;
        button.hidden = true;
        return out;
      })
      .catch(function (error) {
        card.__started = null;
        button.disabled = false;
        status(card, loader.failed(error, page(), KEPT), "unavailable");
        card.setAttribute("data-unavailable", "true");
        return null;
      });
    return card.__started;
  }

  function init() {
    document.querySelectorAll(".advisor-calculator[data-calculator]").forEach(function (card) {
      var button = card.querySelector(".advisor-own-numbers");
      if (button) button.addEventListener("click", function () { start(card); });
    });
  }

  window.advisorCalculators = {
    start: start, // resolves to run()'s output for the card's case, or null where the model cannot run
    compute: compute,
    fragment: fragment,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
