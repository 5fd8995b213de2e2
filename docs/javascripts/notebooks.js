// Typeset the math in notebook pages with the site's own KaTeX.
// Jupyter's Markdown cells keep $...$ and $$...$$ as plain text (mkdocs-jupyter
// would load MathJax from a CDN for them; the hook removes that). KaTeX's
// auto-render finds the delimiters; Material's document$ fires on the first load
// and after every instant navigation.
(function () {
  "use strict";

  var DELIMITERS = [
    { left: "$$", right: "$$", display: true },
    { left: "\\[", right: "\\]", display: true },
    { left: "$", right: "$", display: false },
    { left: "\\(", right: "\\)", display: false },
  ];

  function typeset(root) {
    root.querySelectorAll(".jupyter-wrapper .jp-RenderedMarkdown").forEach(function (cell) {
      if (cell.dataset.typeset === "yes") return;
      renderMathInElement(cell, {
        delimiters: DELIMITERS,
        throwOnError: true,
        // A formula KaTeX cannot typeset stays visible as TeX, marked, and is
        // reported on the console (where the browser tests look for it).
        errorCallback: function (message, error) {
          cell.classList.add("math-error");
          console.error("KaTeX could not typeset a notebook formula: " + message + " " + error);
        },
      });
      cell.dataset.typeset = "yes";
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { typeset(document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { typeset(document.body); });
  }
})();
