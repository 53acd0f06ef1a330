/* Live Code: Thebe from the book's own files (THEBE_JS_URL points there) runs the chapter on a Binder kernel.
 *
 * Replaces sphinx-thebe's initThebe (which the theme's "Live Code" button calls) once the page has
 * loaded; modifyDOMForThebe is sphinx-thebe's own. What this adds:
 * - the page's Thebe config in full (Thebe 0.9's bootstrap puts its own useBinder over the page's);
 * - the button says what Live Code is doing, and a plain message replaces it when there is no network to
 *   reach Binder, instead of a button that waits forever (sphinx-thebe's own status hook throws once a
 *   cell has run, so it is not installed);
 * - once the kernel is up, the chapter's cells run in order, so that every cell a reader reruns has the
 *   names the chapter defined before it; a Python error in a cell shows in that cell and leaves Live Code on;
 * - no CDN: Thebe's widget manager fetches require.js from cdnjs by a fixed address before it draws any
 *   widget (a calculator); that fetch is answered from the copy vendored beside Thebe (thebe/vendor.sh);
 * - charts: advisor.notebook sends a chart as a Vega-Lite 5 spec, which Thebe cannot draw by itself;
 *   a renderer for that mimetype draws it with the page's vendored vega (vega-lite loaded on first use).
 */
(function () {
  "use strict";
  var VEGA_LITE = "application/vnd.vegalite.v5+json";  // advisor.notebook.MIMETYPE
  var NO_NETWORK = "Live Code needs a network connection: it runs the code on a Python kernel at mybinder.org, " +
    "which this page cannot reach. Everything on the page was computed when the book was built, so you can still " +
    "read it all; to run the chapters yourself, pip install the project and open them in Jupyter.";
  var FAILED = "Live Code could not start a kernel at mybinder.org (no network, or Binder is busy). " +
    "Everything on the page was computed when the book was built; to run the chapters yourself, " +
    "pip install the project and open them in Jupyter.";
  // Thebe's error kinds that end Live Code; "execute-error" (a cell raised) and "warning" do not
  var FATAL = /^(error|server-error|session-error)$/;
  var THEBE_REQUIREJS = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js";
  var vegaLiteLoaded = null;
  var settled = false;  // the chapter runs, or Live Code failed: Thebe's statuses no longer relabel the button

  function button() { return document.querySelector(".thebe-launch-button"); }

  // once clicked, the button stays disabled: a second click would start a second kernel
  function label(text) {
    var b = button();
    if (!b) return;
    b.textContent = text;
    b.disabled = true;
  }

  function say(text) {
    var note = document.querySelector(".advisor-live-status");
    if (!note) {
      note = document.createElement("p");
      note.className = "advisor-live-status";
      note.setAttribute("role", "status");
      var article = document.querySelector("article.bd-article") || document.body;
      var heading = article.querySelector("h1");
      if (heading) heading.insertAdjacentElement("afterend", note);
      else article.insertBefore(note, article.firstChild);
    }
    note.textContent = text;
    settled = true;
    label("Live Code is not available");
  }

  function offline() { return navigator.onLine === false; }

  function failed() { say(offline() ? NO_NETWORK : FAILED); }

  // vega-lite is not on chart pages (their charts are compiled to Vega when the book is built): load the
  // vendored copy from beside vega-embed the first time a live cell sends a Vega-Lite spec
  function loadVegaLite() {
    if (window.vegaLite) return Promise.resolve(window.vegaLite);
    if (!vegaLiteLoaded) {
      vegaLiteLoaded = new Promise(function (resolve, reject) {
        var embed = document.querySelector('script[src*="vega-embed.min.js"]');
        if (!embed) { reject(new Error("this page has no chart library")); return; }
        var script = document.createElement("script");
        script.src = embed.src.replace(/vega-embed\.min\.js(\?.*)?$/, "vega-lite.min.js");
        script.addEventListener("load", function () { resolve(window.vegaLite); });
        script.addEventListener("error", function () { reject(new Error("vega-lite could not be loaded")); });
        document.head.appendChild(script);
      });
    }
    return vegaLiteLoaded;
  }

  function drawVegaLite(node, spec) {
    var el = document.createElement("div");
    el.className = "advisor-chart advisor-live-chart";
    node.appendChild(el);
    return loadVegaLite()
      .then(function (vl) {
        // as wide as the page's column, where advisor.charts.fit_width says a chart can be (usermeta.advisor.fit_width)
        var fit = (spec.usermeta && spec.usermeta.advisor && spec.usermeta.advisor.fit_width) || {};
        var compiled = vl.compile(Object.assign({}, spec, fit)).spec;
        // the notebook spec already shows each slider's formatted value in its title (advisor.notebook.with_readouts)
        var meta = compiled.usermeta && compiled.usermeta.advisor;
        if (meta) delete meta.readouts;
        return window.advisorCharts.draw(el, compiled);
      })
      .catch(function (error) { el.textContent = "This chart could not be drawn: " + error.message; });
  }

  // a renderer is a Lumino widget; the registry's own HTML renderer is one, so take it and draw into its node
  function addChartRenderer(rendermime) {
    if (!rendermime || !window.advisorCharts || rendermime.mimeTypes.indexOf(VEGA_LITE) >= 0) return;
    var html = rendermime.getFactory("text/html");
    rendermime.addFactory({
      safe: true,
      mimeTypes: [VEGA_LITE],
      createRenderer: function (options) {
        var widget = html.createRenderer(options);
        widget.renderModel = function (model) { return drawVegaLite(widget.node, model.data[VEGA_LITE]); };
        return widget;
      }
    }, 57);  // JupyterLab's rank for Vega: before text/plain
  }

  function runChapter(notebook) {
    addChartRenderer(notebook.rendermime);
    settled = true;
    label("Running the chapter's code…");
    return notebook.executeAll(false).then(function () { label("Live Code is on"); });
  }

  function start() {
    var thebe = window.thebelab;
    thebe.on("status", function (event, data) {
      var status = String((data && data.status) || "");
      if (/fail|dead/i.test(status) || FATAL.test(status)) { failed(); return; }
      if (!settled && status) label("Live Code: " + status + "…");
    });
    thebe.on("error", function (event, data) {  // Thebe 0.9 reports a lost Binder connection as an "error" event
      if (FATAL.test(String((data && data.status) || "error"))) failed();
    });
    modifyDOMForThebe();
    // the page's config in full, and no MathJax from a CDN: the book has no math, only the kernel needs the network
    var options = Object.assign({}, thebe.getPageConfig(), {mathjaxUrl: false});
    label("Live Code: starting…");
    var started = thebe.bootstrap(options);
    if (started && typeof started.then === "function") {
      started
        .then(function (live) { if (live && live.notebook && live.session) return runChapter(live.notebook); })
        .catch(failed);
    }
  }

  // Thebe asks for exactly this address (thebe-core's RequireJsLoader); every other request goes out untouched
  function serveRequireJsLocally() {
    var local = new URL(THEBE_JS_URL.replace(/index\.js(\?.*)?$/, "require.js"), document.baseURI).href;  // eslint-disable-line no-undef
    var fetchFromNetwork = window.fetch;
    window.fetch = function (resource, init) {
      return fetchFromNetwork.call(this, resource === THEBE_REQUIREJS ? local : resource, init);
    };
  }

  function initThebe() {
    if (offline()) { say(NO_NETWORK); return; }
    var b = button();
    if (b && b.disabled) return;  // already starting or on
    if (typeof window.thebelab !== "undefined") { start(); return; }
    label("Loading Live Code…");
    serveRequireJsLocally();
    var script = document.createElement("script");
    script.src = THEBE_JS_URL;  // eslint-disable-line no-undef -- sphinx-thebe's, set to the book's copy
    script.addEventListener("load", start);
    script.addEventListener("error", function () { say("Live Code could not be loaded from this site's files."); });
    document.head.appendChild(script);
  }

  window.addEventListener("load", function () {
    if (typeof window.initThebe === "function" && typeof window.modifyDOMForThebe === "function") {
      window.initThebe = initThebe;
    }
  });
})();
