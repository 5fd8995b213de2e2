"""The notebook pages look the same with JupyterLab's stylesheet cut down.

The build keeps only the rules of JupyterLab's stylesheet that the pages linking
it can use (``sitebuild.stylesheets``): 590 kB becomes about 20 kB. Here each
page that links it is opened twice over in a browser, with the served stylesheet
and with mkdocs-jupyter's whole one, and every element's computed style (and
its ``::before`` and ``::after``) must be the same in every property the whole
stylesheet sets, in both colour schemes. (The printed pages also link it; they
hold no element a notebook page does not, in kind, and are left out for time.)
"""

from __future__ import annotations

import re

import tinycss2

from tests.browser.test_site import ALL_MATH_TYPESET

WHOLE = "/__whole-jupyterlab.css"
# Every element's value of each property, in the page's own order; then the same with
# the whole stylesheet in place of the served one; the first differences found.
COMPARE = """async ([properties, whole]) => {
  const elements = [...document.querySelectorAll("body *")];  // the same ones both times
  const styles = () => {
    const out = [];
    for (const el of elements) {
      for (const pseudo of [null, "::before", "::after"]) {
        const style = getComputedStyle(el, pseudo);
        out.push(properties.map((name) => style.getPropertyValue(name)));
      }
    }
    return out;
  };
  const served = styles();
  const links = [...document.querySelectorAll('link[href*="assets/notebooks/jupyter-"]')];
  await Promise.all(links.map((link) => new Promise((resolve, reject) => {
    link.onload = resolve;
    link.onerror = () => reject(new Error("the whole stylesheet did not load"));
    link.href = whole;
  })));
  const full = styles();
  const differences = [];
  full.forEach((values, index) => {
    values.forEach((value, which) => {
      if (value !== served[index][which] && differences.length < 10) {
        const el = elements[Math.floor(index / 3)];
        differences.push(`${el.tagName.toLowerCase()}.${el.className} ${
          ["", "::before", "::after"][index % 3]} ${properties[which]}: ` +
          `${value} (whole) != ${served[index][which]} (served)`);
      }
    });
  });
  return {differences, links: links.length, compared: full.length};
}"""


# Their computed values are lengths the layout resolves (an element's width in px), which
# move with whatever finished loading between the two looks, not with the stylesheet.
LAID_OUT = {"width", "height", "top", "right", "bottom", "left", "inset", "transform-origin",
            "-webkit-transform-origin", "perspective-origin"}


def property_names(css: str) -> list[str]:
    """Every property a stylesheet sets (not custom properties: they end in these),
    but those whose computed value is a length from the layout (``LAID_OUT``)."""
    names = set()

    def walk(nodes):
        for node in nodes:
            if node.type == "declaration" and not node.name.startswith("--"):
                names.add(node.lower_name)
            elif node.type in ("qualified-rule", "at-rule") and node.content is not None:
                walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True,
                                                    skip_whitespace=True))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return sorted(names - LAID_OUT)


def notebook_pages(built_site) -> list[str]:
    """The notebook pages of both languages (the printed pages link the stylesheet too,
    but hold 130,000 elements: comparing theirs would take minutes)."""
    return sorted(str(path.parent.relative_to(built_site)) + "/"
                  for path in built_site.glob("**/notebooks/*/index.html")
                  if re.search(r'href="[^"]*assets/notebooks/jupyter-',
                               path.read_text(encoding="utf-8")))


def test_the_cut_down_stylesheet_styles_every_element_as_the_whole_one(
        browser, site_url, built_site, jupyterlab_stylesheet):
    properties = property_names(jupyterlab_stylesheet)
    assert len(properties) > 50  # the whole stylesheet, not an empty stand-in
    pages = notebook_pages(built_site)
    assert any(p.startswith("notebooks/") for p in pages) and any(
        p.startswith("zh/notebooks/") for p in pages), pages
    failures = []
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      color_scheme=scheme)
        context.route(f"**{WHOLE}", lambda route: route.fulfill(
            body=jupyterlab_stylesheet, content_type="text/css"))
        page = context.new_page()  # Material's palette follows prefers-color-scheme
        for path in pages:
            if scheme == "dark" and not path.startswith(("notebooks/mlp", "zh/notebooks/mlp")):
                continue  # the dark scheme once per language: its rules are few
            page.goto(f"{site_url}/{path}", wait_until="load")
            page.wait_for_function(ALL_MATH_TYPESET)
            shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert shown == {"light": "default", "dark": "slate"}[scheme], (path, shown)
            found = page.evaluate(COMPARE, [properties, WHOLE])
            assert found["links"] >= 1 and found["compared"] > 300, (path, found)
            failures += [f"{path} ({scheme}): {line}" for line in found["differences"]]
        context.close()
    assert not failures, "\n".join(failures)
