/* The advisor model in the reader's browser: Pyodide and the advisor wheel, loaded once, on demand.
 *
 * Shared by the "Your case" page (your_case.js) and the chapter calculators (calculators.js). Nothing
 * is fetched until one of them calls advisorPyodide.load(), which they do on the reader's first action.
 * Pyodide's core and the wheel are served by the site itself (_static/advisor-vendor/); the Sphinx
 * extension (static_site/offline_assets.py) adds this script, with the wheel's file name (data-wheel)
 * and the download size (data-model-mb), to the pages that use it and to no other.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var VENDOR = new URL(".", script.src).href; // .../_static/advisor-vendor/
  var WHEEL = script.getAttribute("data-wheel");
  var MODEL_MB = script.getAttribute("data-model-mb") || "14";
  var SERVE = "python -m http.server -d _build/html";
  var LOAD_TIMEOUT_MS = 180000; // 14 MB on a slow line; only a last resort against a load that hangs
  // Pyodide's core, as the extension copies it (offline_assets.PYODIDE_FILES)
  var PYODIDE_FILES = ["pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

  var loading = null;
  var timings = {};

  /** Why the model cannot run here, before trying: "file", "wasm", "wheel", or null. */
  function problem() {
    if (location.protocol === "file:") return "file";
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") return "wasm";
    if (!WHEEL) return "wheel";
    return null;
  }

  /** The reader's words for ``problem()``; ``page`` is this page's path, for the address to open. */
  function reason(kind, page, kept) {
    var how = "Serve the built book over http instead: in the book's folder run `" + SERVE + "` and open " +
      "http://localhost:8000/" + page + ". " + kept;
    if (kind === "file") {
      return "This page was opened as a file, and a browser does not let a page opened that way load the " +
        "model (Python compiled to WebAssembly). " + how;
    }
    if (kind === "wasm") return "This browser cannot run WebAssembly, which the model needs. Use a current browser. " + kept;
    if (kind === "wheel") return "This page was built without the model's files. " + how;
    return null;
  }

  function failed(error, page, kept) {
    return "The model could not be loaded (" + (error && error.message ? error.message : error) +
      "). Serve the built book over http: in the book's folder run `" + SERVE + "` and open " +
      "http://localhost:8000/" + page + ". " + kept;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.onload = resolve;
      el.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(el);
    });
  }

  /** Every file the model needs answers (HEAD): a missing one fails here, by name, instead of leaving
   * Pyodide waiting for a WebAssembly file that never comes. */
  function checkAssets() {
    var files = PYODIDE_FILES.map(function (f) { return "pyodide/" + f; }).concat([WHEEL]);
    return Promise.all(files.map(function (file) {
      return fetch(VENDOR + file, { method: "HEAD", cache: "no-store" }).then(
        function (response) { if (!response.ok) throw new Error(file + " answered HTTP " + response.status); },
        function () { throw new Error(file + " could not be fetched"); });
    }));
  }

  /** ``promise``, failed by a rejection nobody handles while it runs (how Pyodide's own loader reports a
   * download that breaks off) or after ``ms``. */
  function guarded(promise, ms) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { finish(reject, new Error("Pyodide did not start within " + ms / 1000 + " s")); }, ms);
      function onRejection(event) {
        event.preventDefault(); // reported on the page instead
        var r = event.reason;
        finish(reject, r instanceof Error ? r : new Error(String(r)));
      }
      function finish(settle, value) {
        clearTimeout(timer);
        window.removeEventListener("unhandledrejection", onRejection);
        settle(value);
      }
      window.addEventListener("unhandledrejection", onRejection);
      promise.then(function (value) { finish(resolve, value); }, function (error) { finish(reject, error); });
    });
  }

  /** Pyodide, with the advisor wheel unpacked into its site-packages: once per page, whoever asks first.
   * Rejects with an Error saying what failed; call ``problem()`` first for what can be known without trying. */
  function load() {
    if (loading) return loading;
    var t0 = performance.now();
    var pyodide;
    loading = checkAssets()
      .then(function () { return loadScript(VENDOR + "pyodide/pyodide.js"); })
      .then(function () {
        if (typeof window.loadPyodide !== "function") throw new Error("pyodide.js did not define loadPyodide");
        return guarded(window.loadPyodide({ indexURL: VENDOR + "pyodide/" }), LOAD_TIMEOUT_MS);
      })
      .then(function (py) {
        pyodide = py;
        timings.pyodide_ms = performance.now() - t0;
        return fetch(VENDOR + WHEEL);
      })
      .then(function (response) {
        if (!response.ok) throw new Error("the model's wheel " + WHEEL + " answered HTTP " + response.status);
        return response.arrayBuffer();
      })
      .then(function (buffer) {
        var t1 = performance.now();
        pyodide.unpackArchive(buffer, "wheel");
        timings.wheel_ms = performance.now() - t1;
        timings.ready_ms = performance.now() - t0;
        return pyodide;
      });
    return loading;
  }

  /** A form field's text as a URL fragment writes it (advisor.page_form: one .advisor-field per control;
   * lists comma-joined, flags true/false). Shared by both pages' forms. */
  function readField(box) {
    var kind = box.getAttribute("data-kind");
    if (kind === "choices") {
      return Array.prototype.slice
        .call(box.querySelectorAll("input[type=checkbox]"))
        .filter(function (i) { return i.checked; })
        .map(function (i) { return i.value; })
        .join(",");
    }
    if (kind === "flag") return box.querySelector("input").checked ? "true" : "false";
    var input = box.querySelector("input, select");
    return kind === "choice" ? input.value : input.value.trim();
  }

  /** The model's refusal, shown in place of the result: "Check this input:" and its message (an alert). */
  function errorParagraph(message) {
    var p = document.createElement("p");
    p.className = "advisor-error";
    p.setAttribute("role", "alert");
    var strong = document.createElement("strong");
    strong.textContent = "Check this input: ";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(message));
    return p;
  }

  window.advisorPyodide = {
    load: load,
    readField: readField,
    errorParagraph: errorParagraph,
    problem: problem,
    reason: reason,
    failed: failed,
    timings: timings,
    modelMB: MODEL_MB,
    SERVE: SERVE,
  };
})();
