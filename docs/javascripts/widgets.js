// The interactive widgets' scripts, fetched by the pages that hold a widget only.
//
// Every page loads this file; the derivative explorer (section 1.2), the
// backpropagation step-through (its section) and the playground each have a
// script of their own, which most pages would fetch and run for nothing (17 kB
// gzipped, make bench). Here, on the first load and after every instant
// navigation (Material's document$), each widget found in the page gets its
// script added, once: the script then subscribes to document$ itself, which
// hands a late subscriber the current page, and sets up every widget it finds.
(function () {
  "use strict";

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
})();
