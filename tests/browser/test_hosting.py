"""The site under a sub-path (as GitHub Pages serves a project site), in the browser:
every page, instant navigation and the 404 page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.browser.test_site import ALL_MATH_TYPESET, READ_PAGE, SHOWN_IMAGES_DONE
from tests.conftest import SUB_PATH, pages_of


def test_every_page_works_under_the_sub_path(browser, hosted):
    url, site, outside = hosted
    origin = url[: -len(SUB_PATH)]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)  # the printed pages (print, handout) are a whole chapter
    problems, requests = [], []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.on("request", lambda r: requests.append(r.url))
    for path in pages_of(site):
        page.goto(url + path, wait_until="load")
        page.wait_for_function(ALL_MATH_TYPESET)
        page.wait_for_function(SHOWN_IMAGES_DONE)
        seen = page.evaluate(READ_PAGE)
        assert page.locator("link[rel=stylesheet]").count() >= 3, path
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")\
            in {"sticky", "fixed"}, f"{path}: Material's stylesheet did not load"
        assert seen["untypeset"] == [] and seen["mathErrors"] == [], path
        assert all(i["loaded"] for i in seen["images"] if i["shown"]), (path, seen["images"])
    page.wait_for_load_state("networkidle")
    assert problems == []
    off_path = [r for r in requests if urlsplit(r).scheme in {"http", "https"}
                and not r.startswith(origin + SUB_PATH)]
    assert off_path == [] and outside == []
    context.close()


def test_instant_navigation_and_the_404_page_work_under_the_sub_path(browser, hosted):
    url, _, outside = hosted
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.evaluate("window.__stillTheSameDocument = true")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_function(f"location.href.split('#')[0] !== {url!r}")
    page.wait_for_function(ALL_MATH_TYPESET)
    assert page.url.startswith(url) and page.evaluate("window.__stillTheSameDocument === true")

    response = page.goto(url + "no/such/page/", wait_until="networkidle")
    assert response.status == 404
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") \
        in {"sticky", "fixed"}, "the 404 page's stylesheets did not load"
    home = page.locator("a.md-header__button.md-logo").get_attribute("href")
    assert home.rstrip("/") + "/" == SUB_PATH or home.startswith(url), home
    # A reader of either language may land here: it says so in both, and leads to both homes.
    homes = page.locator("article a:not(.headerlink)").evaluate_all(
        "links => links.map(a => a.href)")
    assert homes == [url, url + "zh/"], homes
    assert "找不到页面" in page.locator("article [lang=zh]").inner_text()
    page.locator(f"article a[href$='{SUB_PATH}zh/']").click()
    page.wait_for_url(url + "zh/")
    assert page.evaluate("document.documentElement.lang") == "zh"
    context.close()
    assert outside == []


def test_the_404_pages_language_switcher_leads_to_pages_that_exist(browser, hosted):
    # GitHub Pages serves the 404 page at whatever address was missing, in either
    # language's part of the site: the switcher must not send a reader to that
    # address in the other language (missing too), but to each language's home.
    url, _, _ = hosted
    context = browser.new_context()
    page = context.new_page()
    for missing in ["no/such/page/", "zh/no/such/page/", "activations/no-such-anchor.html"]:
        response = page.goto(url + missing, wait_until="networkidle")
        assert response.status == 404, missing
        links = page.locator(".md-select__link[hreflang]").evaluate_all(
            "links => links.map(a => [a.getAttribute('hreflang'), a.href])")
        assert dict(links) == {"en": url, "zh": url + "zh/"}, (missing, links)
        for _, href in links:
            assert page.request.get(href).status == 200, (missing, href)
    context.close()
