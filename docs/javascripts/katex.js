// Typeset the math that pymdownx.arithmatex leaves in .arithmatex elements.
// Material's document$ fires on the first load and after every instant
// navigation, so math stays typeset when a reader moves between pages.
(function () {
  "use strict";

  function typeset(root) {
    root.querySelectorAll(".arithmatex").forEach(function (element) {
      if (element.dataset.typeset === "yes") return;
      var source = element.textContent.trim();
      var display = element.tagName === "DIV";
      // Strip arithmatex's \( \) or \[ \] delimiters.
      var tex = source.replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
      try {
        katex.render(tex, element, { displayMode: display, throwOnError: true });
        element.dataset.typeset = "yes";
      } catch (error) {
        // Make the failure visible to readers and to the browser tests.
        element.classList.add("math-error");
        console.error("KaTeX could not typeset " + JSON.stringify(tex) + ": " + error.message);
      }
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { typeset(document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { typeset(document.body); });
  }
})();
