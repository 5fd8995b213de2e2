// Figures come in both colour schemes (img ...#only-light, ...#only-dark) and the
// theme shows one; the build marks every such image loading="lazy", so the hidden
// scheme's images, never laid out, are not fetched (sitebuild/figures.py). The
// shown scheme's are asked for at once here, as a page without lazy images would
// (not only as they scroll into view); when the reader switches scheme, the other
// scheme's follow, and before printing the light ones, which paper gets.
(function () {
  "use strict";

  function fetchNow(scheme) {
    var images = document.querySelectorAll('img[loading=lazy][src$="#only-' + scheme + '"]');
    Array.prototype.forEach.call(images, function (img) { img.loading = "eager"; });
  }

  function fetchShown() {
    var slate = document.body.getAttribute("data-md-color-scheme") === "slate";
    fetchNow(slate ? "dark" : "light");
  }

  new MutationObserver(fetchShown).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme"]
  });
  window.addEventListener("beforeprint", function () { fetchNow("light"); });
  fetchShown();  // now, while the page loads, so its load waits for them
  if (typeof document$ !== "undefined") {
    document$.subscribe(fetchShown);  // every page reached by instant navigation
  }
})();
