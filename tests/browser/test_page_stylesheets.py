"""Each page links only the stylesheets that style it, and looks as it did with all.

The build drops a page's link to each of the site's stylesheets (KaTeX's,
mkdocstrings', the notebooks', each widget's) that can style nothing on it
(``hooks/mkdocs_hooks.py``, ``sitebuild.stylesheets.styles_anything``): fewer
requests before a phone draws the page. Proved here in a browser, by computed
style, element by element (and their ``::before``, ``::after``), in every
property the dropped stylesheets set:

- opened directly, a page is styled the same with the dropped links put back;
- reached by instant navigation from a page that links fewer stylesheets (Material
  then adds the next page's links at the end of ``<head>``), a page is styled as
  when opened directly;
- while those added stylesheets are still on their way, the new content is not
  shown (``javascripts/assets.js``).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from tests.browser.test_notebook_stylesheet import property_names
from tests.browser.test_site import ALL_MATH_TYPESET
from tests.site.test_page_stylesheets import linked, site_stylesheets, unlinked

# Each element's value of each property; a ::before or ::after only if it is drawn (its
# content: without one its other values draw nothing, and reading them was most of the time).
STYLES = """([selector, properties]) => {
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const name = `${el.tagName.toLowerCase()}.${typeof el.className === "string"
                                                 ? el.className : ""}`;
    out.push([name, properties.map((property) => getComputedStyle(el).getPropertyValue(property))]);
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      const content = style.getPropertyValue("content");
      out.push([name + pseudo, ["none", "normal"].includes(content) ? [content]
                : properties.map((property) => style.getPropertyValue(property))]);
    }
  }
  return out;
}"""
# Put each link back where the theme wrote it: before the first linked stylesheet that
# comes after it in the site's order.
RELINK = """async ([missing, order]) => {
  const linked = () => [...document.head.querySelectorAll('link[rel="stylesheet"]')];
  const loads = [];
  for (const href of missing) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    loads.push(new Promise((resolve, reject) => {
      link.onload = resolve;
      link.onerror = () => reject(new Error(href + " did not load"));
    }));
    const rank = (url) => order.findIndex((path) => url.endsWith("/" + path));
    const later = linked().find((other) => rank(other.href) > rank(href));
    document.head.insertBefore(link, later || null);
  }
  await Promise.all(loads);
  return linked().map((link) => link.href);
}"""
STYLES_SETTLED = "() => !document.documentElement.classList.contains('mlp-styles-pending')"


# A reference to an element the page's script made, named afresh on every load.
_LOCAL_URL = re.compile(r'url\("#[^"]*"\)')


def differences(a: list, b: list, properties: list[str], names=("first", "second")) -> list:
    if [name for name, _ in a] != [name for name, _ in b]:
        changed = [line for line in difflib.unified_diff(
            [name for name, _ in a], [name for name, _ in b], lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        return [f"different elements: {len(a)} ({names[0]}) and {len(b)} ({names[1]}): "
                + ", ".join(changed[:8])]
    found = []
    for (element, values), (_, others) in zip(a, b, strict=True):
        if len(values) != len(others):  # a pseudo-element drawn one way only
            found.append(f"{element} content: {values[-1] if len(values) == 1 else 'drawn'} "
                         f"({names[0]}) != {others[-1] if len(others) == 1 else 'drawn'} "
                         f"({names[1]})")
            continue
        read = properties if len(values) == len(properties) else ["content"]  # not drawn
        for name, value, other in zip(read, values, others, strict=True):
            value, other = (_LOCAL_URL.sub('url("#")', text) for text in (value, other))
            if value != other and len(found) < 10:
                found.append(f"{element} {name}: {value} ({names[0]}) != {other} ({names[1]})")
    return found


# Each kind of page: a short one and a long one without a widget, one with a widget, a
# notebook, a part of the reference; Chinese too. (Each page takes seconds: all its
# elements' styles, twice.)
PAGES = ["summary/", "mlp/", "activations/", "notebooks/mlp/", "api/network/",
         "zh/notebooks/backprop/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_page_looks_the_same_with_the_stylesheets_it_does_not_link(
        browser, site_url, built_site, scheme):
    order = site_stylesheets()
    failures, compared = [], 0
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    for path in PAGES if scheme == "light" else ["mlp/"]:
        missing = unlinked(built_site, path)
        if not missing:
            continue
        properties = property_names("\n".join(
            (built_site / sheet).read_text(encoding="utf-8") for sheet in missing))
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_function(ALL_MATH_TYPESET)
        served = page.evaluate(STYLES, ["body *", properties])
        links = page.evaluate(RELINK, [[f"{site_url}/{sheet}" for sheet in missing], order])
        assert len(links) == len(linked((built_site / path / "index.html").read_text(
            encoding="utf-8"))) + len(missing), (path, links)
        everything = page.evaluate(STYLES, ["body *", properties])
        compared += len(served)
        failures += [f"{path}: {line}" for line in differences(
            served, everything, properties, ("as served", "every stylesheet linked"))]
    context.close()
    assert compared > 10_000  # pages were compared, not skipped
    assert not failures, "\n".join(failures)


def navigate(page, path: str) -> None:
    """Follow a link to ``path`` as a reader would: Material's instant navigation."""
    page.evaluate("""(href) => {
      const link = document.createElement("a");
      link.href = href;
      link.textContent = "next";
      document.querySelector(".md-content").append(link);
      link.click();
    }""", path)


# Not inside <noscript>: the page instant navigation brings in is parsed with scripts
# off, so its <noscript> holds elements (never shown), where the page opened holds text.
CONTENT = ".md-content *:not(noscript *)"


def test_a_page_reached_by_instant_navigation_looks_as_when_opened(browser, site_url, built_site):
    start = "summary/"
    failures = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for path in ["activations/", "backprop/", "playground/", "notebooks/mlp/", "api/network/"]:
        added = sorted(set(unlinked(built_site, start)) - set(unlinked(built_site, path)))
        assert added, f"{path} links no stylesheet {start} does not: nothing to prove"
        properties = property_names("\n".join(
            (built_site / sheet).read_text(encoding="utf-8") for sheet in added))
        page.goto(f"{site_url}/{start}", wait_until="load")
        page.wait_for_load_state("networkidle")
        navigate(page, f"{site_url}/{path}")
        page.wait_for_url(f"**/{path}")
        page.wait_for_load_state("networkidle")
        page.wait_for_function(STYLES_SETTLED)
        page.wait_for_timeout(500)  # the widgets draw
        hrefs = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')]"
                              ".map(l => l.href)")
        assert all(any(href.endswith("/" + sheet) for href in hrefs) for sheet in added), hrefs
        navigated = page.evaluate(STYLES, [CONTENT, properties])
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        opened = page.evaluate(STYLES, [CONTENT, properties])
        failures += [f"{path}: {line}" for line in differences(
            navigated, opened, properties, ("by instant navigation", "opened"))]
    context.close()
    assert not failures, "\n".join(failures)


def test_content_is_hidden_until_its_new_stylesheets_have_loaded(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/summary/", wait_until="load")
    page.wait_for_load_state("networkidle")
    held = []

    def slowly(route):  # the explorer's stylesheet, on a slow connection
        held.append(route)

    page.route("**/stylesheets/explorer.css", slowly)
    navigate(page, f"{site_url}/activations/")
    page.wait_for_url("**/activations/")
    page.wait_for_function("() => document.querySelector('[data-mlp-explorer]') !== null")
    page.wait_for_timeout(300)
    assert held, "the explorer's stylesheet was not asked for"
    state = page.evaluate("""() => ({
      visibility: getComputedStyle(document.querySelector('.md-content')).visibility,
      loaded: [...document.querySelectorAll('link[rel=stylesheet]')]
        .filter(l => l.href.endsWith('/explorer.css')).map(l => l.sheet !== null)})""")
    assert state == {"visibility": "hidden", "loaded": [False]}, state
    held[0].continue_()
    page.wait_for_function(STYLES_SETTLED)
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.md-content')).visibility") == "visible"
    context.close()


THEME_CSS = "/__material-main.css"
NO_TRANSITIONS = "*, ::before, ::after { transition: none !important; }"
SETTLED = """() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(
  () => resolve(document.getAnimations().every((a) => a.playState !== "running")))))"""
# No element added for half a second: with content.lazy, Material gives a code block its
# buttons once it has come into view (a tab's, once the tab is chosen), a moment later.
DOM_STILL = """() => new Promise((resolve) => {
  const count = () => document.getElementsByTagName("*").length;
  const before = count();
  setTimeout(() => resolve(count() === before), 500);
})"""


def test_a_tab_set_looks_the_same_with_the_themes_whole_stylesheet(browser, site_url, built_site):
    """The theme's stylesheet is served without its rules for tab positions past the
    site's largest tab set (``sitebuild.stylesheets.without_tab_positions``)."""
    from material import templates

    from sitebuild.stylesheets import with_tables_wrapped_by_build
    # Whole but for the tables the build wraps, read as the script's (the page has
    # tables; that rewrite is proved in tests/browser/test_tables.py).
    whole = with_tables_wrapped_by_build(next(
        (Path(templates.__file__).parent / "assets" / "stylesheets").glob(
            "main.*.min.css")).read_text(encoding="utf-8"))
    # Not margins: the theme centres its grid with auto margins, whose computed value is
    # the length the layout gives them (as for width), which moved with the tab's content.
    properties = [name for name in property_names(whole) if not name.startswith("margin")]
    assert len(properties) > 100
    path = next(p for p in ("autograd/", "zh/autograd/")
                if 'class="tabbed-set' in (built_site / p / "index.html").read_text("utf-8"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(f"**{THEME_CSS}", lambda route: route.fulfill(body=whole,
                                                                 content_type="text/css"))
    page = context.new_page()
    failures, compared = [], 0
    for tab in (1, 2):  # each tab chosen in turn: the rules for its position apply
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        # No transitions: values mid-way (the header's title slides as the tab scrolls
        # into view) would differ between the two looks for no reason of the stylesheet.
        page.add_style_tag(content=NO_TRANSITIONS)
        page.locator(f".tabbed-labels > label:nth-child({tab})").first.click()
        page.wait_for_function(SETTLED)  # the header's title slides as the page scrolls
        page.wait_for_function(DOM_STILL)
        served = page.evaluate(STYLES, ["body *", properties])
        swapped = page.evaluate("""async (whole) => {
          const link = document.querySelector('link[href*="assets/stylesheets/main."]');
          await new Promise((resolve, reject) => {
            link.onload = resolve;
            link.onerror = () => reject(new Error("the whole stylesheet did not load"));
            link.href = whole;
          });
          return link.href;
        }""", THEME_CSS)
        assert swapped.endswith(THEME_CSS)
        page.wait_for_function(SETTLED)
        page.wait_for_function(DOM_STILL)
        everything = page.evaluate(STYLES, ["body *", properties])
        compared += len(served)
        failures += [f"tab {tab}: {line}" for line in differences(
            served, everything, properties, ("as served", "the theme's whole stylesheet"))]
    context.close()
    assert compared > 5_000
    assert not failures, "\n".join(failures)
