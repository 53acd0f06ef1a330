/* "Your case": the advisor model itself, run in the reader's browser by Pyodide.
 *
 * This script holds no model logic. It reads the form's fields by name into a URL fragment
 * (lists comma-joined), calls advisor.core.page.compute_json(fragment) in Pyodide, and places the
 * strings that come back: the result's HTML, the charts' datasets, the brief. Bad input comes back
 * as a message naming the field, shown in place of the result.
 *
 * Pyodide and the advisor wheel are loaded by the shared loader (advisor_pyodide.js, served by the site
 * itself) only on the reader's first change (or when the page is opened with a case in its link). Until
 * then, and wherever the model cannot run, the page shows the default case computed at build time.
 * The static site's Sphinx extension (static_site/offline_assets.py) adds this script to this page only.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 400;

  var state = {
    model: null, // advisor.core.page, once loaded
    loading: null, // the promise of the model
    failure: null, // why the model cannot run here, once known
    wanted: null, // the latest fragment asked for
    shown: null, // the fragment whose result is on the page
    extras: [], // fields of the link that the form has no input for, kept as they were ("name=value")
    computed: 0,
    timings: {},
  };

  function $(id) {
    return document.getElementById(id);
  }

  function form() {
    return $("advisor-case-form");
  }

  function boxes() {
    return Array.prototype.slice.call(form().querySelectorAll(".advisor-field[data-field]"));
  }

  function encode(text) {
    return encodeURIComponent(text).replace(/%2C/gi, ",");
  }

  // --- the form <-> the fragment: field names and their text, nothing more ---------------------

  function readField(box) {
    return window.advisorPyodide.readField(box);
  }

  function writeField(box, text) {
    var kind = box.getAttribute("data-kind");
    if (kind === "choices") {
      var chosen = text.split(",").map(function (s) { return s.trim(); });
      box.querySelectorAll("input[type=checkbox]").forEach(function (i) { i.checked = chosen.indexOf(i.value) >= 0; });
    } else if (kind === "flag") {
      box.querySelector("input").checked = /^\s*(true|1|yes|on)\s*$/i.test(text);
    } else if (kind === "choice") {
      var select = box.querySelector("select");
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === text; });
      if (!known) { // keep what the link says, so that the model can say what is wrong with it
        var option = document.createElement("option");
        option.value = text;
        option.textContent = text;
        option.setAttribute("data-from-link", "true");
        select.appendChild(option);
      }
      select.value = text;
    } else {
      box.querySelector("input").value = text;
    }
  }

  /** The form as a URL fragment: every field of the project; an assumption only where it differs from
   * the value the page was built with; then the link's fields that have no input here. */
  function formFragment() {
    var parts = [];
    boxes().forEach(function (box) {
      var text = readField(box);
      if (box.getAttribute("data-target") === "assumptions" && text === box.getAttribute("data-default")) return;
      parts.push(box.getAttribute("data-field") + "=" + encode(text));
    });
    return parts.concat(state.extras).join("&");
  }

  /** Put a fragment's values in the form; a field it leaves out shows its default. */
  function fillForm(fragment) {
    var params = new URLSearchParams(fragment.replace(/^#/, ""));
    var names = {};
    var assumptions = false;
    boxes().forEach(function (box) {
      var name = box.getAttribute("data-field");
      names[name] = true;
      var given = params.getAll(name);
      writeField(box, given.length ? given[given.length - 1] : box.getAttribute("data-default"));
      if (given.length && box.getAttribute("data-target") === "assumptions") assumptions = true;
    });
    var extras = [];
    params.forEach(function (value, name) {
      if (!names[name]) {
        extras.push(encode(name) + "=" + encode(value));
        assumptions = true;
      }
    });
    state.extras = extras;
    if (assumptions) form().querySelector("details.advisor-assumptions").open = true;
  }

  // --- what the page says ----------------------------------------------------------------------

  function status(text, kind) {
    var el = $("advisor-status");
    if (!el) return;
    el.textContent = text;
    el.setAttribute("data-kind", kind || "info");
  }

  var PAGE = "chapters/your-case.html";
  var KEPT = "The result, charts and brief below are the default case, computed when the book was built.";

  function unavailableReason() {
    if (!window.advisorPyodide) return "This page was built without the model's loader (advisor_pyodide.js).";
    return window.advisorPyodide.reason(window.advisorPyodide.problem(), PAGE, KEPT);
  }

  function showUnavailable(text) {
    state.failure = text;
    status(text, "unavailable");
    var root = $("advisor-result");
    if (root) root.setAttribute("data-unavailable", text);
  }

  // --- loading the model (once, by the shared loader: advisor_pyodide.js) ------------------------

  /** Pyodide and the advisor wheel (advisorPyodide.load), then advisor.core.page.
   * Resolves to true when the model is ready, false (with the reason shown) when it cannot be. */
  function loadModel() {
    if (state.loading) return state.loading;
    var reason = unavailableReason();
    if (reason) {
      showUnavailable(reason);
      state.loading = Promise.resolve(false);
      return state.loading;
    }
    status("Loading the model (about " + window.advisorPyodide.modelMB + " MB, once)…", "loading");
    state.loading = window.advisorPyodide.load()
      .then(function (pyodide) {
        state.model = pyodide.pyimport("advisor.core.page");
        var t = window.advisorPyodide.timings;
        state.timings.pyodide_ms = t.pyodide_ms;
        state.timings.wheel_ms = t.wheel_ms;
        state.timings.ready_ms = t.ready_ms;
        status("The model is loaded: it runs in your browser, and nothing you type leaves this page.", "ready");
        return true;
      })
      .catch(function (error) {
        showUnavailable(window.advisorPyodide.failed(error, PAGE,
          "The result, charts and brief below are the last ones computed; the form keeps your values."));
        return false;
      });
    return state.loading;
  }

  // --- computing and placing the result --------------------------------------------------------

  function whenDrawn(el) {
    return new Promise(function (resolve) {
      var waited = 0;
      (function poll() {
        if (el.__advisorView || waited > 10000) return resolve(el.__advisorView || null);
        waited += 50;
        setTimeout(poll, 50);
      })();
    });
  }

  function updateCharts(records) {
    var figures = Array.prototype.slice.call(document.querySelectorAll(".advisor-case-chart"));
    return Promise.all(figures.map(function (figure) {
      var el = figure.querySelector(".advisor-chart");
      return whenDrawn(el).then(function (view) {
        if (!view) return;
        var names = figure.getAttribute("data-datasets").split(" ");
        names.forEach(function (name) { view.data(name, records[name] || []); });
        return view.runAsync();
      });
    }));
  }

  function markInvalid(message) {
    boxes().forEach(function (box) {
      var name = box.getAttribute("data-field");
      var bad = message !== null && (message.indexOf(name + " ") === 0 || message.indexOf(name + ":") === 0);
      box.querySelectorAll("input, select").forEach(function (i) {
        if (bad) i.setAttribute("aria-invalid", "true"); else i.removeAttribute("aria-invalid");
      });
      box.classList.toggle("advisor-invalid", bad);
    });
  }

  function briefButtons(enabled) {
    ["advisor-download-brief", "advisor-print-brief"].forEach(function (id) {
      var button = $(id);
      if (button) button.disabled = !enabled;
    });
  }

  function render(out, fragment, ms) {
    var result = $("advisor-result");
    var charts = $("advisor-charts");
    var brief = $("advisor-brief");
    var done;
    if (out.ok) {
      result.innerHTML = out.html;
      result.setAttribute("data-result", JSON.stringify(out.result));
      result.removeAttribute("data-error");
      result.setAttribute("data-state", "ok");
      brief.innerHTML = out.brief_html;
      brief.setAttribute("data-markdown", out.brief_markdown);
      [charts, brief.parentNode].forEach(function (el) { if (el) el.classList.remove("advisor-stale"); });
      briefButtons(true);
      markInvalid(null);
      done = updateCharts(out.records);
      status("Computed in your browser in " + Math.round(ms) + " ms.", "ready");
    } else {
      var p = window.advisorPyodide.errorParagraph(out.error);
      var note = document.createElement("p");
      note.className = "advisor-stale-note";
      note.textContent = "The charts and the brief below, greyed out, are still those of the last case the model computed.";
      result.innerHTML = "";
      result.appendChild(p);
      result.appendChild(note);
      result.setAttribute("data-result", "null");
      result.setAttribute("data-error", out.error);
      result.setAttribute("data-state", "error");
      // the charts and the brief belong to the last good case: say so rather than let them pass for this one
      [charts, brief.parentNode].forEach(function (el) { if (el) el.classList.add("advisor-stale"); });
      briefButtons(false); // the brief on the page is not this case's
      markInvalid(out.error);
      done = Promise.resolve();
      status("The model could not compute this case: " + out.error, "error");
    }
    result.setAttribute("data-fragment", fragment);
    return done.then(function () {
      state.computed += 1;
      result.setAttribute("data-computed", String(state.computed));
      return out;
    });
  }

  function computeNow(fragment) {
    var t0 = performance.now();
    var out = JSON.parse(state.model.compute_json(fragment));
    var ms = performance.now() - t0;
    state.timings.last_compute_ms = ms;
    state.shown = fragment;
    return render(out, fragment, ms);
  }

  /** Compute the case in ``fragment`` (loading the model first if need be) and show it. */
  function request(fragment) {
    state.wanted = fragment;
    history.replaceState(null, "", location.pathname + location.search + "#" + fragment);
    if (state.failure) {
      status(state.failure, "unavailable");
      return Promise.resolve(null);
    }
    return loadModel().then(function (ready) {
      if (!ready || state.wanted !== fragment) return null; // a later change supersedes this one
      if (!state.model) return null;
      status("Computing…", "loading");
      // let the browser paint the status before Python holds the main thread
      return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(function () {
        if (state.wanted !== fragment) return null;
        return computeNow(fragment);
      });
    });
  }

  var timer = null;

  function onEdit(event) {
    if (timer) { clearTimeout(timer); timer = null; }
    var fragment = formFragment();
    if (fragment === state.wanted) return;
    if (event && event.type === "input" && event.target && event.target.type === "text") {
      timer = setTimeout(function () { timer = null; onEdit(); }, DEBOUNCE_MS);
      return;
    }
    request(fragment);
  }

  function show(fragment) {
    fragment = (fragment || "").replace(/^#/, "");
    fillForm(fragment);
    return request(fragment);
  }

  // --- the brief: download and print -----------------------------------------------------------

  function downloadBrief() {
    var markdown = $("advisor-brief").getAttribute("data-markdown") || "";
    var url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = "decision-brief.md";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function printBrief() {
    var copy = document.createElement("div");
    copy.id = "advisor-print";
    copy.innerHTML = $("advisor-brief").innerHTML;
    document.body.appendChild(copy);
    document.body.classList.add("advisor-printing-brief");
    var cleanup = function () {
      document.body.classList.remove("advisor-printing-brief");
      copy.remove();
      window.removeEventListener("afterprint", cleanup);
    };
    window.addEventListener("afterprint", cleanup);
    window.print();
  }

  // --- start -------------------------------------------------------------------------------------

  function start() {
    if (!form()) return;
    var download = $("advisor-download-brief");
    var print = $("advisor-print-brief");
    if (download) download.addEventListener("click", downloadBrief);
    if (print) print.addEventListener("click", printBrief);
    var reason = unavailableReason();
    if (reason) {
      // nothing here would recompute: say why, and let no control pretend otherwise
      showUnavailable(reason);
      form().querySelectorAll("input, select").forEach(function (i) { i.disabled = true; });
      document.querySelectorAll(".advisor-preset").forEach(function (b) { b.disabled = true; });
      state.loading = Promise.resolve(false);
      return;
    }
    form().addEventListener("input", onEdit);
    form().addEventListener("change", onEdit);
    form().addEventListener("submit", function (event) { event.preventDefault(); onEdit(); });
    document.querySelectorAll(".advisor-preset").forEach(function (button) {
      button.addEventListener("click", function () {
        // a typical project sets the project's fields; the assumptions stay as the reader set them
        var params = new URLSearchParams(button.getAttribute("data-fragment"));
        boxes().forEach(function (box) {
          var name = box.getAttribute("data-field");
          if (params.has(name)) writeField(box, params.get(name));
        });
        onEdit();
      });
    });
    window.addEventListener("hashchange", function () {
      var fragment = location.hash.replace(/^#/, "");
      if (fragment !== state.wanted) show(fragment);
    });
    if (location.hash.length > 1) show(location.hash); // a shared link: its case, computed here
  }

  window.advisorCase = {
    load: loadModel,
    show: show, // fill the form from a fragment and compute it; resolves to compute()'s output
    formFragment: formFragment,
    timings: state.timings,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
