"""The Chinese pages in the browser: every page, the language switcher, search in
the language being read, the explorer's words.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.test_explorer import explorer_ready
from tests.site.test_i18n import CJK, _site_paths

# --- in the browser -------------------------------------------------------------------

IMAGES_DONE = """() => [...document.images]
    .filter(img => img.getClientRects().length > 0).every(img => img.complete)"""
MATH_DONE = """() => [...document.querySelectorAll('.arithmatex')]
    .every(el => el.querySelector('.katex') || el.classList.contains('math-error'))"""
READ = """() => ({
  lang: document.documentElement.lang,
  figures: [...document.querySelectorAll('.mlp-figure img')].filter(i => i.getClientRects().length)
    .map(i => ({alt: i.alt, loaded: i.complete && i.naturalWidth > 0, src: i.getAttribute('src')})),
  untypeset: [...document.querySelectorAll('.arithmatex')].filter(e => !e.querySelector('.katex'))
    .length,
})"""


class _Watch:
    def __init__(self, page, site_url):
        own = urlsplit(site_url).netloc
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"HTTP {r.status} {r.url}"))
        page.on("request", lambda r: urlsplit(r.url).scheme in {"http", "https"}
                and urlsplit(r.url).netloc != own and self.problems.append(f"other host {r.url}"))


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)  # the printed pages (print, handout) are a whole chapter
    page.watch = _Watch(page, site_url)
    yield page
    context.close()


def test_every_chinese_page_in_the_browser(page, site_url, built_site):
    for path in _site_paths(built_site, "zh/"):
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_function(MATH_DONE)
        page.wait_for_function(IMAGES_DONE)
        seen = page.evaluate(READ)
        assert seen["lang"] == "zh", path
        assert seen["untypeset"] == 0, path
        for figure in seen["figures"]:
            assert figure["loaded"] and "/figures/zh/" in figure["src"], (path, figure)
            assert CJK.search(figure["alt"]), (path, figure["alt"])
    assert page.watch.problems == []


def _switch_to(page, lang: str):
    page.locator(".md-header__option .md-select").hover()
    page.locator(f".md-select__link[hreflang={lang}]").click()
    page.wait_for_load_state("load")


def test_the_language_switcher_keeps_the_page(page, site_url):
    page.goto(f"{site_url}/activations/", wait_until="networkidle")
    _switch_to(page, "zh")
    page.wait_for_url(f"{site_url}/zh/activations/**")
    assert page.evaluate("document.documentElement.lang") == "zh"
    assert "激活函数" in page.locator("article h1").inner_text()
    # Instant navigation keeps the header: the switcher must follow the new page.
    page.evaluate("window.__stillTheSameDocument = true")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(f"{site_url}/zh/notebooks/activations/**")
    assert page.evaluate("window.__stillTheSameDocument === true"), "not instant navigation"
    _switch_to(page, "en")
    page.wait_for_url(f"{site_url}/notebooks/activations/**")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("window.__stillTheSameDocument") is None, "the page must load anew"
    page.goto(f"{site_url}/zh/vanishing-gradients/", wait_until="networkidle")
    _switch_to(page, "en")
    page.wait_for_url(f"{site_url}/vanishing-gradients/**")
    assert page.watch.problems == []


def test_search_in_chinese_finds_the_activation_section(page, site_url):
    page.goto(f"{site_url}/zh/", wait_until="networkidle")
    page.locator("input.md-search__input").click()
    # As an input method does: the text arrives whole, then a key is released.
    page.keyboard.insert_text("激活函数")
    page.keyboard.press("End")
    results = page.locator(".md-search-result__list a.md-search-result__link")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    hits = [h for h in hrefs if urlsplit(h).path == "/zh/activations/"]
    assert hits, hrefs
    results.nth(hrefs.index(hits[0])).click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/zh/activations/", wait_until="commit")
    page.wait_for_function(MATH_DONE)
    assert page.watch.problems == []


@pytest.mark.parametrize("home", ["/", "/zh/"])
def test_search_finds_pages_in_the_language_being_read_only(page, site_url, home):
    page.goto(f"{site_url}{home}activations/", wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type("sigmoid")
    page.wait_for_function("""() => [...document.querySelectorAll(
        '.md-search-result__list a.md-search-result__link')]
        .some(a => /[?&]h=sigmoid\\b/.test(a.href))""")
    paths = page.locator(".md-search-result__list a.md-search-result__link").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)")
    assert f"{home}activations/" in paths, paths
    assert all(p.startswith("/zh/") == (home == "/zh/") for p in paths), paths
    assert page.watch.problems == []


def test_the_explorer_reads_out_in_chinese(page, site_url):
    page.goto(f"{site_url}/zh/activations/", wait_until="networkidle")
    explorer_ready(page)
    page.get_by_label("输入 x", exact=True).fill("2")
    live = page.locator(".mlp-explorer__live")
    page.wait_for_function("document.querySelector('.mlp-explorer__live').textContent"
                           ".startsWith('x = 2.00，')")
    assert "导数" in live.inner_text()
    assert "切线斜率" in page.locator(".mlp-explorer__svg").get_attribute("aria-label")
    assert page.watch.problems == []
