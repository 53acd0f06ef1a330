/* Live Code: Thebe from the book's own files (THEBE_JS_URL points there), and a plain message when
 * there is no network to reach Binder, instead of a button that waits forever.
 *
 * Replaces sphinx-thebe's initThebe (which the theme's "Live Code" button calls) once the page has
 * loaded; configureThebe and modifyDOMForThebe are sphinx-thebe's own.
 */
(function () {
  "use strict";
  var NO_NETWORK = "Live Code needs a network connection: it runs the code on a Python kernel at mybinder.org, " +
    "which this page cannot reach. Everything on the page was computed when the book was built, so you can still " +
    "read it all; to run the chapters yourself, pip install the project and open them in Jupyter.";
  var FAILED = "Live Code could not start a kernel at mybinder.org (no network, or Binder is busy). " +
    "Everything on the page was computed when the book was built; to run the chapters yourself, " +
    "pip install the project and open them in Jupyter.";

  function button() { return document.querySelector(".thebe-launch-button"); }

  function say(text) {
    var b = button();
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
    if (b) { b.textContent = "Live Code is not available"; b.disabled = true; }
  }

  function offline() { return navigator.onLine === false; }

  function start() {
    configureThebe();
    var failed = function () { say(offline() ? NO_NETWORK : FAILED); };
    window.thebelab.on("status", function (event, data) {
      if (/fail|error|dead/i.test(String((data && data.status) || ""))) failed();
    });
    window.thebelab.on("error", failed);  // Thebe 0.9 reports a lost Binder connection as an "error" event
    modifyDOMForThebe();
    // the book has no math: no MathJax from a CDN either, only the kernel needs the network
    var started = window.thebelab.bootstrap({mathjaxUrl: false});
    if (started && typeof started.catch === "function") {
      started.catch(function () { say(offline() ? NO_NETWORK : FAILED); });
    }
  }

  function initThebe() {
    if (offline()) { say(NO_NETWORK); return; }
    if (typeof window.thebelab !== "undefined") { start(); return; }
    var b = button();
    if (b) b.textContent = "Loading Live Code…";
    var script = document.createElement("script");
    script.src = THEBE_JS_URL;  // eslint-disable-line no-undef -- sphinx-thebe's, set to the book's copy
    script.addEventListener("load", start);
    script.addEventListener("error", function () { say("Live Code could not be loaded from this site's files."); });
    document.head.appendChild(script);
  }

  window.addEventListener("load", function () {
    if (typeof window.initThebe === "function" && typeof window.configureThebe === "function") {
      window.initThebe = initThebe;
    }
  });
})();
