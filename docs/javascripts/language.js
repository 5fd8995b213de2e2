// The header's language switcher, kept on the page being read.
//
// Every page exists in each language: docs/NAME.md at /NAME/ and docs/NAME.zh.md
// at /zh/NAME/ (the build fails otherwise). The <head> names each language's
// home (<link rel="alternate" hreflang="...">); the page's address under its own
// language's home, put under another language's home, is the same page in that
// language. The build writes these links into the header already; Material's
// instant navigation then swaps only the page's content and keeps the header,
// so after each navigation (Material's document$) they are set again here.
(function () {
  "use strict";

  function homes() {
    return Array.prototype.map.call(
      document.querySelectorAll("head link[rel=alternate][hreflang]"),
      // A home's address without index.html (named so in the offline edition, on disk).
      function (link) {
        return { lang: link.getAttribute("hreflang"), url: link.href.replace(/index\.html$/, "") };
      }
    ).filter(function (home) { return home.url; });
  }

  function update() {
    // The 404 page stands at any missing address: that address has no twin in the
    // other language, so its links stay on each language's home, as the build wrote them.
    if (document.querySelector("[data-mlp-missing-page]")) return;
    var all = homes();
    var here = window.location.href.split("#")[0];
    // The language being read: the longest home that this address lies under.
    var current = null;
    all.forEach(function (home) {
      if (here.indexOf(home.url) === 0 && (!current || home.url.length > current.url.length)) {
        current = home;
      }
    });
    if (!current) return;
    var rest = here.slice(current.url.length) + window.location.hash;
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      var home = all.filter(function (h) { return h.lang === link.getAttribute("hreflang"); })[0];
      if (home) link.href = home.url + rest;
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(update);
  } else {
    document.addEventListener("DOMContentLoaded", update);
  }
  window.addEventListener("hashchange", update);
})();
