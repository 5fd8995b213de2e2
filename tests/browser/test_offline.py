"""The offline edition, unpacked from its archive and opened from disk (file://) in chromium.

It is built once for this module as ``make offline`` builds it (``mkdocs.offline.yml``,
then :func:`sitebuild.offline.write_archive`), sharing the figures the session's
site build drew, and unpacked into an empty folder: what a reader who downloaded it
has. Every page opens without an error and asks no other host; links, the language
switcher, search in both languages, math, figures in both colour schemes, the
explorer, the step-through and the playground work from there.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from mlp_edu.i18n import LANGUAGES
from sitebuild import offline, printpage
from tests.browser.test_i18n import _switch_to
from tests.conftest import mkdocs_build

MATH_DONE = """() => [...document.querySelectorAll('.arithmatex')]
    .every(el => el.querySelector('.katex'))"""
SHOWN_FIGURES = """() => [...document.querySelectorAll('.mlp-figure img')]
    .filter(img => img.getClientRects().length > 0)
    .map(img => ({src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0}))"""


@pytest.fixture(scope="module")
def unpacked(built_site, tmp_path_factory) -> Path:
    """The offline edition's folder, unpacked from the archive ``make offline`` writes."""
    base = tmp_path_factory.mktemp("offline")
    result = mkdocs_build(base / "site", config="mkdocs.offline.yml",
                          env={"MLP_EDU_FIGURE_CACHE": str(built_site.parent / "cache")})
    assert result.returncode == 0, f"mkdocs build --strict (offline) failed:\n{result.stderr}"
    archive = base / offline.ARCHIVE_NAME
    offline.write_archive(base / "site", archive)
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(base / "unpacked")
    return base / "unpacked" / offline.ARCHIVE_FOLDER


class _Watch:
    """Console errors, page errors, failed requests; any request to a host is refused."""

    def __init__(self, page):
        self.problems: list[str] = []
        self.hosts: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        # Not net::ERR_ABORTED: a load the next page's opening cut short (the favicon).
        page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
                and self.problems.append(f"request failed: {r.url} ({r.failure})"))
        page.route(re.compile(r"^(https?|wss?)://"), self._refuse)

    def _refuse(self, route):
        self.hosts.append(route.request.url)
        route.abort()

    def take(self) -> tuple[list[str], list[str]]:
        taken = self.problems, self.hosts
        self.problems, self.hosts = [], []
        return taken


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.set_default_timeout(120_000)  # the printed pages are the whole chapter
    page.watch = _Watch(page)
    yield page
    context.close()


def open_page(page, unpacked: Path, path: str) -> None:
    """Open ``path`` (``NAME.html``, or with a query ``NAME.html?x=1``) from disk."""
    file, _, query = path.partition("?")
    page.goto((unpacked / file).as_uri() + (f"?{query}" if query else ""), wait_until="load")


def pages(unpacked: Path) -> list[str]:
    return sorted(p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*.html"))


# --- the archive, read as files ---------------------------------------------------------

def test_the_archive_holds_both_languages_and_the_notebooks(unpacked):
    found = set(pages(unpacked))
    for name in ["index", "activations", "playground", "glossary", "api/index", "api/network",
                 "print", "notebooks/activations", "notebooks/backprop"]:
        assert f"{name}.html" in found and f"zh/{name}.html" in found, name
    assert (unpacked / "notebooks" / "activations.ipynb").is_file()
    assert (unpacked / "zh" / "notebooks" / "activations.ipynb").is_file()
    # A folder's own page (the API reference's index) is linked as .../index.html.
    assert not [p for p in found if p.endswith("/index.html")
                and p not in ("zh/index.html", "api/index.html", "zh/api/index.html")], (
        "pages are NAME.html: a browser opens no index.html for a folder on disk")
    # The footer links the archive on the hosted site, not in the archive itself.
    assert "mlp-provenance__print" in (unpacked / "index.html").read_text(encoding="utf-8")
    assert "mlp-provenance__offline" not in (unpacked / "index.html").read_text(encoding="utf-8")


_LINK = re.compile(r'<(?:a|link|script|img|source)\b[^>]*?\b(?:href|src)="([^"#?]*)[^"]*"')


def test_every_link_and_file_a_page_names_is_in_the_archive(unpacked):
    missing = []
    for path in pages(unpacked):
        html = (unpacked / path).read_text(encoding="utf-8")
        for target in set(_LINK.findall(html)):
            if not target or urlsplit(target).scheme or target.startswith("//"):
                continue  # an anchor on the page, or a link out (not fetched by the page)
            resolved = (unpacked / path).parent / unquote(target)
            if not resolved.is_file():  # a folder is no page on disk
                missing.append(f"{path}: {target}")
    assert missing == []


# --- opened from disk ---------------------------------------------------------------------

# The printed pages (print, handout, answer key, in each language) are the other pages'
# sections put together, and take a minute to lay out: their links and files are
# checked above, and tests/browser/test_print.py opens them in the hosted site.
PRINTED = {printpage.print_page_path(lang, kind).removesuffix(".md") + ".html"
           for kind in printpage.PRINTED for lang in LANGUAGES}


def test_every_page_opens_without_an_error_or_a_request_to_any_host(page, unpacked):
    opened = [path for path in pages(unpacked) if path not in PRINTED]
    assert len(opened) == len(pages(unpacked)) - len(PRINTED)
    for path in opened:
        open_page(page, unpacked, path)
        page.wait_for_function(MATH_DONE)
        problems, hosts = page.watch.take()
        assert problems == [], path
        assert hosts == [], path


def test_the_navigation_and_the_language_switcher_lead_to_pages_on_disk(page, unpacked):
    open_page(page, unpacked, "index.html")
    page.locator("nav.md-nav--primary a[href$='activations.html']").first.click()
    page.wait_for_url(re.compile(r"/activations\.html$"))
    assert page.locator("h1").first.inner_text().startswith("1.2")
    _switch_to(page, "zh")  # the header's switcher
    page.wait_for_url(re.compile(r"/zh/activations\.html"))
    assert page.evaluate("document.documentElement.lang") == "zh"
    page.locator("nav.md-nav--primary a[href$='mlp.html']").first.click()
    page.wait_for_url(re.compile(r"/zh/mlp\.html$"))
    _switch_to(page, "en")
    page.wait_for_url(re.compile(r"/mlp\.html"))
    assert "/zh/" not in page.url and page.evaluate("document.documentElement.lang") == "en"
    assert page.watch.take() == ([], [])


@pytest.mark.parametrize(("start", "words", "found"), [
    ("index.html", "sigmoid", "activations.html"),
    ("zh/index.html", "激活函数", "zh/activations.html"),
])
def test_search_finds_a_page_in_the_language_being_read(page, unpacked, start, words, found):
    open_page(page, unpacked, start)
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text(words)  # whole, as an input method gives it
    page.keyboard.press("End")
    results = page.locator(".md-search-result__list a.md-search-result__link")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.href.split(/[?#]/)[0])")
    target = (unpacked / found).as_uri()
    assert target in hrefs, hrefs
    assert all(("/zh/" in h) == found.startswith("zh/") for h in hrefs), hrefs
    results.nth(hrefs.index(target)).click()
    page.wait_for_url(lambda url: url.split("?")[0].split("#")[0] == target)
    page.wait_for_function(MATH_DONE)
    assert page.watch.take() == ([], [])


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_math_and_the_figures_of_the_scheme_shown_load(browser, unpacked, scheme):
    context = browser.new_context(color_scheme="dark" if scheme == "slate" else "light")
    page = context.new_page()
    watch = _Watch(page)
    open_page(page, unpacked, "activations.html")
    page.wait_for_function(MATH_DONE)
    assert page.locator(".arithmatex .katex").count() > 20
    # KaTeX's own fonts, from the archive: a formula drawn in a fallback font reads wrong.
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate("document.fonts.check('1em KaTeX_Main')")
    loaded = page.evaluate("""() => [...document.fonts].filter(f => f.family === 'KaTeX_Main'
        && f.status === 'loaded').length""")
    assert loaded > 0
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    page.wait_for_function(f"() => ({SHOWN_FIGURES})().every(f => f.loaded)")
    figures = page.evaluate(SHOWN_FIGURES)
    suffix = "-dark.svg#only-dark" if scheme == "slate" else "-light.svg#only-light"
    assert len(figures) == 6 and all(f["src"].endswith(suffix) for f in figures), figures
    assert watch.take() == ([], [])
    context.close()


def test_the_explorer_answers_the_slider(page, unpacked):
    open_page(page, unpacked, "activations.html?act=gelu&x=0.75")
    widget = page.locator("[data-mlp-explorer][data-ready=yes]")
    widget.wait_for()
    assert widget.locator(".mlp-explorer__value-x").inner_text() == "0.75"
    before = widget.locator(".mlp-explorer__value-f").inner_text()
    widget.locator("input[type=range]").focus()
    page.keyboard.press("Home")
    page.wait_for_function("""() => document.querySelector('.mlp-explorer__value-x')
        .textContent !== '0.75'""")
    assert widget.locator(".mlp-explorer__value-f").inner_text() != before
    assert page.watch.take() == ([], [])


def test_the_step_through_steps(page, unpacked):
    open_page(page, unpacked, "zh/backprop.html")
    widget = page.locator(".mlp-step")
    widget.scroll_into_view_if_needed()  # it loads near view
    next_step = widget.locator(".mlp-step__next")
    next_step.wait_for()
    page.wait_for_function("() => !document.querySelector('.mlp-step__next').disabled")
    counter = widget.locator(".mlp-step__counter").inner_text()
    next_step.click()
    page.wait_for_function(f"""() => document.querySelector('.mlp-step__counter')
        .textContent !== {counter!r}""")
    assert page.watch.take() == ([], [])


def test_the_playground_loads_a_setting_chosen(page, unpacked):
    open_page(page, unpacked, "playground.html")
    page.locator("[data-mlp-playground]").scroll_into_view_if_needed()  # it loads near view
    widget = page.locator("[data-mlp-playground][data-ready=yes]")
    widget.wait_for()
    page.get_by_label("Data set", exact=True).select_option("xor")
    page.wait_for_function("""() => { const root = document.querySelector('[data-mlp-playground]');
        return root.dataset.setting.startsWith('xor-') && !root.hasAttribute('aria-busy'); }""")
    assert "data=xor" in page.url
    assert page.watch.take() == ([], [])


def test_a_notebook_page_links_its_download_and_its_section(page, unpacked):
    open_page(page, unpacked, "zh/notebooks/mlp.html")
    download = page.locator("a[download]").first.get_attribute("href")
    assert (unpacked / "zh" / "notebooks" / download).is_file(), download
    page.locator("a.md-button:not([download])").first.click()
    page.wait_for_url(re.compile(r"/zh/mlp\.html$"))
    assert page.watch.take() == ([], [])
