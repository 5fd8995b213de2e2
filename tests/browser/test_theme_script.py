"""Material's script, as the site serves it, restyles no page as it opens, fetches
each sitemap once, and does all it did: the colour toggle, a reader's stored or
system dark scheme, instant navigation with its stylesheets, the language selector
(``sitebuild/theme_script.py``).

What is watched is what made the whole page restyle, recorded from before the page's
first byte: a write of the ``color-scheme`` meta once the page is drawn, the mark
``data-md-color-switching`` on ``<body>``, a stylesheet link's ``href`` rewritten (which
loads the stylesheet again).
"""

from __future__ import annotations

import pytest

from tests.browser.test_page_stylesheets import navigate
from tests.browser.test_site import toggle_scheme

# Every write that restyles the whole page, from the page's first byte on.
RECORD = """
window.__writes = [];
const setAttribute = Element.prototype.setAttribute;
Element.prototype.setAttribute = function (name, value) {
  if (name === "data-md-color-switching") window.__writes.push("switching");
  return setAttribute.call(this, name, value);
};
const content = Object.getOwnPropertyDescriptor(HTMLMetaElement.prototype, "content");
Object.defineProperty(HTMLMetaElement.prototype, "content", {
  get: content.get,
  set(value) {
    // Before it is in <head> it costs nothing: nothing is drawn yet.
    if (this.name === "color-scheme" && this.isConnected) {
      window.__writes.push("color-scheme " + value);
    }
    content.set.call(this, value);
  },
});
new MutationObserver((records) => {
  for (const record of records) {
    const node = record.target;
    if (record.type === "attributes" && node.matches('link[rel="stylesheet"]'))
      window.__writes.push("href of " + node.getAttribute("href"));
    for (const added of record.addedNodes || [])
      if (added.nodeType === 1 && added.matches('meta[name="color-scheme"]') && document.body
          && document.body.querySelector(".md-main"))
        window.__writes.push("color-scheme meta added late");
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["href"]});
"""
STATE = """() => ({
  metas: [...document.querySelectorAll('meta[name="color-scheme"]')].map((m) => m.content),
  header: getComputedStyle(document.querySelector("header")).colorScheme,
  scheme: document.body.getAttribute("data-md-color-scheme"),
  marked: document.body.hasAttribute("data-md-color-switching"),
  writes: window.__writes,
})"""

THEME_COLOUR_IS_THE_HEADERS = """() => {
  const [r, g, b] = getComputedStyle(document.querySelector("header")).backgroundColor
    .match(/\\d+/g).map(Number);
  const hex = "#" + [r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("");
  return document.querySelector('meta[name="theme-color"]').content === hex;
}"""


def opened(browser, site_url, path, color_scheme="light", stored_palette=None):
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  color_scheme=color_scheme)
    context.add_init_script(RECORD)
    page = context.new_page()
    if stored_palette is not None:  # a reader who chose a scheme on an earlier visit
        page.goto(f"{site_url}/")
        page.wait_for_function("document.querySelector('meta[name=theme-color]')?.content")
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") != stored_palette:
            toggle_scheme(page, stored_palette)
        assert page.evaluate("localStorage.length"), "the choice is stored"
    page.goto(f"{site_url}/{path}", wait_until="load")
    page.wait_for_function("document.querySelector('meta[name=theme-color]')?.content")
    page.wait_for_timeout(300)  # the palette's last step runs a frame later
    return context, page


@pytest.mark.parametrize("color_scheme, stored, scheme", [
    ("light", None, "default"),  # most readers
    ("dark", "slate", "slate"),  # chose dark before
    ("light", "slate", "slate"),  # chose dark on a light system
])
@pytest.mark.parametrize("path", ["activations/", "zh/notebooks/mlp/", "api/network/"])
def test_a_page_opens_without_a_restyle_of_the_whole_page(browser, site_url, path,
                                                          color_scheme, stored, scheme):
    context, page = opened(browser, site_url, path, color_scheme, stored)
    state = page.evaluate(STATE)
    context.close()
    assert state["scheme"] == scheme
    expected = {"default": "light", "slate": "dark"}[scheme]
    assert state["metas"] == [expected] and state["header"] == expected, state
    assert not state["marked"]
    assert state["writes"] == [], state["writes"]


def test_a_first_visit_on_a_dark_system_switches_as_material_did(browser, site_url):
    """No choice stored, a dark system: the page is written in the light scheme and
    Material's script switches it, with the mark that keeps colours from fading."""
    context, page = opened(browser, site_url, "mlp/", color_scheme="dark")
    state = page.evaluate(STATE)
    context.close()
    assert state["scheme"] == "slate"
    assert state["metas"] == ["dark"] and state["header"] == "dark", state
    assert not state["marked"]  # taken off a frame later
    assert state["writes"] == ["switching", "color-scheme dark"], state["writes"]


def test_the_toggle_switches_colours_and_marks_the_switch(browser, site_url):
    context, page = opened(browser, site_url, "hidden-layer/")
    for scheme, expected in [("slate", "dark"), ("default", "light")]:
        page.evaluate("window.__writes = []")
        toggle_scheme(page, scheme)
        page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
        state = page.evaluate(STATE)
        assert state["metas"] == [expected] and state["header"] == expected, state
        assert state["writes"] == ["switching", f"color-scheme {expected}"], state["writes"]
        # The browser's bar takes the header's colour, as Material's script gives it.
        assert page.evaluate(THEME_COLOUR_IS_THE_HEADERS), scheme
    context.close()


def test_instant_navigation_keeps_the_stylesheets_pages_share_and_adds_the_rest(browser,
                                                                                site_url):
    """From a page one level deep to one two levels deep and on to others: each
    shared stylesheet stays the same element, never loaded again; each page ends
    with exactly the stylesheets it links when opened."""
    context, page = opened(browser, site_url, "summary/")
    for path in ["notebooks/mlp/", "api/network/", "activations/"]:
        page.evaluate("""() => document.querySelectorAll('link[rel="stylesheet"]')
                                  .forEach((link) => { link.__before = true; })""")
        before = page.evaluate("""() => [...document.head.querySelectorAll(
          'link[rel="stylesheet"]')].map((link) => link.getAttribute("data-mlp-href"))""")
        page.evaluate("window.__marker = 1")
        navigate(page, f"{site_url}/{path}")
        page.wait_for_url(f"{site_url}/{path}")
        page.wait_for_function("!document.documentElement.classList.contains('mlp-styles-pending')")
        assert page.evaluate("window.__marker") == 1, "not instant navigation"
        links = page.evaluate("""() => [...document.querySelectorAll('link[rel="stylesheet"]')]
          .map((link) => ({url: link.getAttribute("data-mlp-href") || link.href,
                           kept: !!link.__before, loaded: !!link.sheet,
                           inHead: link.parentNode === document.head}))""")
        fresh = browser.new_page()
        fresh.goto(f"{site_url}/{path}")
        expected = fresh.evaluate("""() => [...document.querySelectorAll('link[rel="stylesheet"]')]
                                          .map((link) => link.href)""")
        fresh.close()
        assert sorted(link["url"] for link in links) == sorted(expected), (path, links)
        for link in links:  # a notebook's own stylesheet comes and goes with its content
            assert link["loaded"], (path, link)
            assert link["kept"] == (link["inHead"] and link["url"] in before), (path, link)
        assert any(link["kept"] for link in links), path  # the theme's, at least
        assert page.evaluate("window.__writes") == [], path
    context.close()


@pytest.mark.parametrize("start", ["zh/mlp/", "mlp/"])
def test_each_sitemap_is_fetched_once_a_visit_and_the_language_selector_still_keeps_the_page(
        browser, site_url, start):
    # Material reads the sitemap of each language named in <head> and the site's own:
    # as a page opened, its language's was fetched twice; from an English page and
    # two more by instant navigation, five requests for the two.
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # the selector shown
    page = context.new_page()
    sitemaps = []
    page.on("request", lambda r: r.url.endswith("sitemap.xml") and sitemaps.append(
        r.url.removeprefix(site_url)))
    page.goto(f"{site_url}/{start}", wait_until="networkidle")
    page.evaluate("window.__marker = 1")
    lang = start.removesuffix("mlp/")
    for path in ["training/", "summary/"]:
        navigate(page, f"{site_url}/{lang}{path}")
        page.wait_for_url(f"{site_url}/{lang}{path}")
        page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__marker") == 1, "not instant navigation"
    assert sorted(sitemaps) == ["/sitemap.xml", "/zh/sitemap.xml"]
    # The selector still takes the reader to the same page in the other language,
    # a page loaded anew, which fetches each sitemap once.
    del sitemaps[:]
    other = "en" if lang else "zh"
    page.locator(".md-header__option .md-select").hover()
    page.locator(f".md-select__link[hreflang={other}]").click()
    page.wait_for_url(f"{site_url}/{'' if lang else 'zh/'}summary/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__marker") is None
    assert sorted(sitemaps) == ["/sitemap.xml", "/zh/sitemap.xml"]
    context.close()
