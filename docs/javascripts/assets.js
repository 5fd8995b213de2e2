// What a page needs that other pages do not: its widgets' scripts, and after an
// instant navigation its stylesheets before its content shows.
(function () {
  "use strict";

  // Each interactive widget has a script (17 kB gzipped in all) and data (up to
  // 30 kB) that a reader of the first screen does not need: each widget sits below
  // it. So a widget starts, here alone, at the reader's first scroll or once it is
  // within half a screen of view; at once with a query in the address (a link to a
  // widget's state), on a printed page, or without IntersectionObserver. Starting
  // marks it data-mlp-wanted, adds its script once and fires "mlp:wanted"; the
  // script sets up each widget so marked.
  var SCRIPTS = {  // a widget's attribute -> its script, beside this one
    "data-mlp-explorer": "explorer.js",
    "data-mlp-stepthrough": "stepthrough.js",
    "data-mlp-playground": "playground.js"
  };
  var WIDGETS = Object.keys(SCRIPTS).map(function (a) { return "[" + a + "]"; }).join(",");
  var WANTED = "data-mlp-wanted";
  var here = document.currentScript.src;
  var added = {};

  function addScript(attribute) {
    if (added[attribute]) return;
    added[attribute] = true;
    var script = document.createElement("script");
    script.src = new URL(SCRIPTS[attribute], here).href;
    document.body.appendChild(script);
  }

  function start(root) {
    if (root.hasAttribute(WANTED)) return;
    root.setAttribute(WANTED, "");
    addScript(Object.keys(SCRIPTS).filter(function (a) { return root.hasAttribute(a); })[0]);
    root.dispatchEvent(new CustomEvent("mlp:wanted", { bubbles: true }));
  }

  var near = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) start(entry.target);
    });
  }, { rootMargin: "50% 0px" }) : null;

  function startAll() {
    if (near) near.disconnect();
    window.removeEventListener("scroll", onScroll);
    document.querySelectorAll(WIDGETS).forEach(start);
  }

  function watchWidgets() {
    if (near) near.disconnect();  // the widgets of a page navigated away from
    window.removeEventListener("scroll", onScroll);
    var roots = document.querySelectorAll(WIDGETS);
    if (!roots.length) return;
    if (!near || window.location.search || document.querySelector(".mlp-print-section")) {
      startAll();
      return;
    }
    roots.forEach(function (root) { near.observe(root); });
    window.addEventListener("scroll", onScroll, { passive: true });
  }

  // The reader's scroll, not the theme's return to the top after an instant navigation.
  function onScroll() {
    if (window.scrollY > 0) startAll();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(watchWidgets);
  } else {
    document.addEventListener("DOMContentLoaded", watchWidgets);
  }

  // A page links only the stylesheets that style something on it (the build drops
  // the others: each is a request a phone waits for). Instant navigation adds the
  // next page's (Material puts the new ones in <head>; a notebook's is in its
  // content), and a stylesheet a script adds does not hold back drawing: the new
  // content would show unstyled, math in pieces, until it arrived. So the content
  // stays hidden (visibility: it keeps its place) until they have all loaded, or
  // failed, or five seconds have passed. Mutation callbacks run before the next
  // frame is drawn, so no unstyled frame is drawn in between.
  var PENDING = "mlp-styles-pending";
  var waiting = [];

  function settle(link) {
    waiting = waiting.filter(function (other) { return other !== link; });
    if (!waiting.length) document.documentElement.classList.remove(PENDING);
  }

  function holdFor(link) {
    if (link.sheet || waiting.indexOf(link) >= 0) return;  // loaded, or waited for
    waiting.push(link);
    document.documentElement.classList.add(PENDING);
    var done = function () { settle(link); };
    link.addEventListener("load", done);
    link.addEventListener("error", done);
    setTimeout(done, 5000);
  }

  function newStylesheets(records) {
    records.forEach(function (record) {
      Array.prototype.forEach.call(record.addedNodes, function (node) {
        if (node.nodeType !== 1) return;
        if (node.matches('link[rel="stylesheet"]')) holdFor(node);
        Array.prototype.forEach.call(node.querySelectorAll('link[rel="stylesheet"]'), holdFor);
      });
    });
  }

  // From here on: the page's own links were parsed before this script, and wait
  // for nothing of ours. Instant navigation swaps whole children of <body> (the
  // container of the content), so the widgets' constant redrawing deep inside
  // is not watched.
  var observer = new MutationObserver(newStylesheets);
  observer.observe(document.head, { childList: true });
  observer.observe(document.body, { childList: true });
})();
