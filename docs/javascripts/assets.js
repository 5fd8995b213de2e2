// What a page needs that other pages do not: its widgets' scripts, and after an
// instant navigation its stylesheets before its content shows.
(function () {
  "use strict";

  // The interactive widgets each have a script of their own (the derivative
  // explorer, section 1.2; the backpropagation step-through; the playground),
  // which most pages would fetch and run for nothing (17 kB gzipped, make bench).
  // Here, on the first load and after every instant navigation (Material's
  // document$), each widget found in the page gets its script added, once: the
  // script then subscribes to document$ itself, which hands a late subscriber the
  // current page, and sets up every widget it finds.
  var SCRIPTS = {  // a widget's attribute -> its script, beside this one
    "data-mlp-explorer": "explorer.js",
    "data-mlp-stepthrough": "stepthrough.js",
    "data-mlp-playground": "playground.js"
  };
  var here = document.currentScript.src;
  var added = {};

  function addScripts() {
    Object.keys(SCRIPTS).forEach(function (attribute) {
      if (added[attribute] || !document.querySelector("[" + attribute + "]")) return;
      added[attribute] = true;
      var script = document.createElement("script");
      script.src = new URL(SCRIPTS[attribute], here).href;
      document.body.appendChild(script);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(addScripts);
  } else {
    document.addEventListener("DOMContentLoaded", addScripts);
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
