"""Every page of the built site, as a reader's browser shows it.

The pages are found in the built site itself (every ``*.html``), so a page added
later is covered without touching this file. One browser visits each page once
in the light scheme and once in the dark one; the tests then read what that
visit recorded: errors, requests, images, math, anchors and axe-core's
accessibility findings. Links and anchors between pages are checked statically
in every HTML file. A few reader journeys (search, the colour toggle, instant
navigation) get their own tests.
"""

from __future__ import annotations

import html.parser
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from sitebuild import offline
from tests.conftest import ROOT, is_print_page, pages_of

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}  # axe impacts that fail a page

# What one visit records about the page, in the browser.
READ_PAGE = r"""() => {
  const shown = el => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden";
  const images = [...document.images].map(img => ({
    src: img.getAttribute("src"), alt: (img.getAttribute("alt") || "").trim(),
    shown: shown(img), loaded: img.complete && img.naturalWidth > 0}));
  const math = [...document.querySelectorAll(".arithmatex")];
  const prose = (document.querySelector("article") || document.body).cloneNode(true);
  prose.querySelectorAll("pre, code, script, style, textarea, .katex").forEach(el => el.remove());
  const rawTex = prose.textContent.match(
    /\\[()[\]]|\$\$|\\[a-zA-Z]{2,}|\$[^$\n]*[\\^_{}][^$\n]*\$/g) || [];
  const missingAnchors = [...document.querySelectorAll("a[href^='#']")]
    .map(a => decodeURIComponent(a.getAttribute("href").slice(1)))
    .filter(id => id && !document.getElementById(id));
  return {
    images,
    math: math.length,
    untypeset: math.filter(el => !el.querySelector(".katex"))
      .map(el => el.textContent.slice(0, 60)),
    mathErrors: [...document.querySelectorAll(".math-error, .katex-error")]
      .map(el => el.textContent.slice(0, 60)),
    rawTex: rawTex.slice(0, 5),
    missingAnchors,
    scheme: document.body.getAttribute("data-md-color-scheme"),
    switcher: [...document.querySelectorAll(".md-select__link[hreflang]")].map(a => a.href),
  };
}"""
# KaTeX's fonts the page asked for in <head>, and those the browser had to fetch to
# draw it (as file names: KaTeX_Main-Bold.woff2 is family KaTeX_Main, weight 700).
# Blocks a long page draws late (content-visibility, stylesheets/extra.css) are drawn
# first: the page asks for the fonts of all its math, not only of its first screen.
MATH_FONTS = """async () => {
  document.querySelectorAll(".md-content__inner > *").forEach(el => {
    if (getComputedStyle(el).contentVisibility === "auto") el.style.contentVisibility = "visible";
  });
  document.body.getBoundingClientRect();  // lay them out, so their fonts are asked for
  await document.fonts.ready;
  const asked = [...document.querySelectorAll("link[rel=preload][as=font]")]
    .map(link => link.getAttribute("href").split("/").pop()).sort();
  const fetched = [...document.fonts].filter(f => f.status === "loaded"
      && f.family.startsWith("KaTeX_"))
    .map(f => f.family + "-" + (((f.weight === "700" || f.weight === "bold") ? "Bold" : "")
      + (f.style === "italic" ? "Italic" : "") || "Regular") + ".woff2").sort();
  return {asked, fetched};
}"""
ALL_MATH_TYPESET = """() => [...document.querySelectorAll('.arithmatex')]
    .every(el => el.querySelector('.katex') || el.classList.contains('math-error'))"""
SHOWN_IMAGES_DONE = """() => [...document.images]
    .filter(img => img.getClientRects().length > 0).every(img => img.complete)"""
RUN_AXE = """([context, options]) => axe.run(context === "document" ? document : context, options)
    .then(r => r.violations)"""
# Between the schemes only colours change: the dark pass runs the colour rules alone.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


class Recorder:
    """Console errors, page errors, failed requests and every URL a page asks for."""

    def __init__(self, page, own_netloc: str):
        self.own = own_netloc
        self.problems: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(
            f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"HTTP {r.status}: {r.url}"))
        page.on("request", self._request)

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != self.own:
            self.foreign.append(request.url)

    def take(self) -> tuple[list[str], list[str]]:
        problems, foreign = self.problems, self.foreign
        self.problems, self.foreign = [], []
        return problems, foreign


def toggle_scheme(page, to: str):
    """Click Material's light/dark toggle and wait until the page shows ``to``."""
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{to}'")
    page.wait_for_function(SHOWN_IMAGES_DONE)


def axe_findings(page, only: list[str] | None = None, skip: list[str] = (),
                 context: dict | None = None) -> list[str]:
    """axe-core's serious and critical violations on the page (or ``context``) as it is now."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in skip}}
    if only:
        options["runOnly"] = {"type": "rule", "values": only}
    return [f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in page.evaluate(RUN_AXE, [context or "document", options])
            if v["impact"] in BLOCKING]


@pytest.fixture(scope="module")
def visits(browser, site_url, built_site) -> dict[str, dict]:
    """Each page, visited once per colour scheme: what the browser saw there."""
    assert AXE.is_file(), f"{AXE} missing: run `make setup` (npm ci)"
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  color_scheme="light")
    page = context.new_page()
    recorder = Recorder(page, urlsplit(site_url).netloc)
    reports = {}
    main_language = re.search(r'<html lang="([^"]*)"',
                              (built_site / "index.html").read_text(encoding="utf-8"))[1]
    for path in pages_of(built_site):
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_function(ALL_MATH_TYPESET)
        page.wait_for_function(SHOWN_IMAGES_DONE)
        fonts = page.evaluate(MATH_FONTS)  # before anything is opened or toggled
        # Colours are the theme's: they are checked, in both schemes, on the pages of the
        # main language (sections, notebooks, glossary, API reference, print page, 404).
        # A translation has the same colours; there axe checks everything else. The print
        # page repeats the sections, checked on their own pages: there axe's other rules
        # check what surrounds them, and the colour rules the whole page, as it is styled.
        printed = is_print_page(built_site, path)
        colours = page.evaluate("document.documentElement.lang") == main_language
        seen = {}
        # The toggle's choice is stored, so a page opens in the scheme the last one left:
        # read that scheme first, then the other (no toggling back and forth).
        first = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        schemes = ["default", "slate"] if first == "default" else ["slate", "default"]
        for scheme in schemes:
            if scheme != first:
                toggle_scheme(page, scheme)
            name = "light" if scheme == "default" else "dark"
            seen[name] = page.evaluate(READ_PAGE)
            if printed and scheme == first:
                seen[name]["axe"] = axe_findings(page, skip=COLOUR_RULES, context={
                    "exclude": [[".mlp-print-section"]]}) + (
                    axe_findings(page, only=COLOUR_RULES) if colours else [])
            elif scheme == first:
                seen[name]["axe"] = axe_findings(page, skip=() if colours else COLOUR_RULES)
            else:  # only colours change between the schemes
                seen[name]["axe"] = axe_findings(page, only=COLOUR_RULES) if colours else []
        problems, foreign = recorder.take()
        reports[path or "/"] = {**seen, "problems": problems, "foreign": foreign,
                                "fonts": fonts}
    context.close()
    return reports


def test_the_pages_are_found_in_the_built_site(built_site):
    pages = pages_of(built_site)
    for expected in ["", "activations/", "404.html"]:
        assert expected in pages, pages


def test_no_page_logs_an_error_or_fails_a_request(visits):
    failing = {path: report["problems"] for path, report in visits.items() if report["problems"]}
    assert failing == {}


def test_no_page_asks_another_host_for_anything(visits):
    foreign = {path: report["foreign"] for path, report in visits.items() if report["foreign"]}
    assert foreign == {}


def test_every_image_loads_and_has_alt_text(visits):
    for path, report in visits.items():
        for scheme in ["light", "dark"]:
            images = report[scheme]["images"]
            assert [i["src"] for i in images if not i["alt"]] == [], f"{path}: image without alt"
            broken = [i["src"] for i in images if i["shown"] and not i["loaded"]]
            assert broken == [], f"{path} ({scheme}): images shown but not loaded"


def test_figures_follow_the_colour_scheme_on_every_page(visits):
    for path, report in visits.items():
        for scheme, shown_suffix, hidden_suffix in [("light", "#only-light", "#only-dark"),
                                                    ("dark", "#only-dark", "#only-light")]:
            images = report[scheme]["images"]
            themed = [i for i in images if i["src"].endswith(("#only-light", "#only-dark"))]
            wrong = [i["src"] for i in themed if i["shown"] != i["src"].endswith(shown_suffix)]
            assert wrong == [], f"{path} ({scheme}): shown/hidden wrongly: {wrong}"
            assert len([i for i in themed if i["src"].endswith(hidden_suffix)]) == len(
                [i for i in themed if i["src"].endswith(shown_suffix)]), f"{path}: unpaired figure"


def test_math_is_typeset_on_every_page(visits):
    assert visits["activations/"]["light"]["math"] > 20  # the checks below see real math
    for path, report in visits.items():
        seen = report["light"]
        assert seen["untypeset"] == [], f"{path}: math left untypeset"
        assert seen["mathErrors"] == [], f"{path}: KaTeX could not typeset"
        assert seen["rawTex"] == [], f"{path}: raw TeX in the text"


def test_each_page_asks_first_for_exactly_the_math_fonts_it_shows(visits):
    # A font fetched only when the browser meets it arrives after the first paint, and
    # the formulas set in it change width and move the text (layout shift); a font
    # asked for but never used is a wasted download and a console warning.
    assert visits["activations/"]["fonts"]["fetched"]  # the check below sees real fonts
    wrong = {path: r["fonts"] for path, r in visits.items()
             if r["fonts"]["asked"] != r["fonts"]["fetched"]}
    assert wrong == {}


def test_every_language_switcher_link_of_every_page_leads_to_a_page(visits, site_url):
    # As the browser shows them, after javascripts/language.js: the 404 page included.
    links = {link.split("#")[0] for r in visits.values() for link in r["light"]["switcher"]}
    assert len(links) > len(visits) // 2  # every page names a twin: the test sees real links
    status = {link: _status(link) for link in sorted(links)}
    assert {link: code for link, code in status.items() if code != 200} == {}


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 - the local test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_every_in_page_anchor_resolves_in_the_browser(visits):
    missing = {path: r["light"]["missingAnchors"] for path, r in visits.items()
               if r["light"]["missingAnchors"]}
    assert missing == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation_on_any_page(visits, scheme):
    findings = {path: r[scheme]["axe"] for path, r in visits.items()
                if scheme in r and r[scheme]["axe"]}
    assert findings == {}


class _Links(html.parser.HTMLParser):
    """The ids of a page and every address it links to or loads."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.addresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag == "link" and attributes.get("rel") in {"canonical", "alternate"}:
            return  # names the page's public address; loads nothing
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.addresses.append(attributes[name])


def _parse(file: Path) -> _Links:
    links = _Links()
    links.feed(file.read_text(encoding="utf-8"))
    return links


def site_root_path(built_site: Path) -> str:
    """The path part of the site_url the site was built with, e.g. ``/`` or ``/mlp-edu/``."""
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    return urlsplit(re.search(r"<loc>([^<]+)</loc>", sitemap)[1]).path


def broken_links(built_site: Path) -> list[str]:
    """Every internal link or asset address in the site that names no file or no anchor."""
    root = site_root_path(built_site)
    parsed = {f: _parse(f) for f in built_site.rglob("*.html")}
    broken = []
    for file, links in parsed.items():
        here = "/" + file.relative_to(built_site).as_posix()
        for address in links.addresses:
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or not (parts.path or parts.fragment):
                continue  # another host, data:, mailto:, javascript:, or a bare "#"
            target = urlsplit(urljoin(f"http://site{here}", address)).path
            if address.startswith("/"):  # site-absolute (the 404 page): under site_url's path
                if not target.startswith(root):
                    broken.append(f"{here}: {address} is outside the site's path {root}")
                    continue
                target = "/" + target[len(root):]
            path = built_site / unquote(target).lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            if path == built_site / offline.ARCHIVE_NAME:
                continue  # the Pages workflow puts it there (tests/site/test_offline.py)
            if not path.is_file():
                broken.append(f"{here}: {address} -> no file {path.relative_to(built_site)}")
            elif parts.fragment and path.suffix == ".html":
                ids = parsed[path].ids if path in parsed else _parse(path).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{here}: {address} -> no id {parts.fragment!r}")
    return broken


def test_every_internal_link_and_anchor_resolves(built_site):
    assert broken_links(built_site) == []


def test_the_link_check_catches_a_broken_link_and_a_broken_anchor(built_site, tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "summary" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", '<a href="../nowhere/">x</a><a href="../activations/#no-such-id">y</a>'
        "</article>"), encoding="utf-8")
    found = broken_links(site)
    assert any("../nowhere/" in b for b in found) and any("no-such-id" in b for b in found), found


@pytest.mark.parametrize("partial", ["search.html", "progress.html"])
def test_overridden_partials_are_materials_own_plus_an_accessible_name(partial):
    # If Material changes one of these partials, refresh our copy from the new one.
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / partial).read_text(
        encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / partial).read_text(encoding="utf-8")
    strip = re.compile(r"\{#-.*?-#\}\s*", re.DOTALL)  # template comments
    added = re.compile(r' aria-label="[^"]+"')
    assert added.search(strip.sub("", ours)), f"{partial}: the aria-label is gone"
    theirs_first, ours_first = (strip.sub("", t).split("\n", 1) for t in (theirs, ours))
    assert added.sub("", ours_first[0]) == theirs_first[0]
    assert ours_first[1:] == theirs_first[1:]


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.recorder = Recorder(page, urlsplit(site_url).netloc)
    yield page
    context.close()


def test_search_for_sigmoid_finds_the_activation_section(page, site_url):
    page.goto(f"{site_url}/", wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type("sigmoid")
    results = page.locator(".md-search-result__list a.md-search-result__link")
    # The list is redrawn after each keystroke: wait for the whole word's results,
    # then click a result by its address, not by its place in the list.
    page.wait_for_function("""() => [...document.querySelectorAll(
        '.md-search-result__list a.md-search-result__link')]
        .some(a => /[?&]h=sigmoid\\b/.test(a.href))""")
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    hits = [h for h in hrefs
            if urlsplit(h).path.endswith("/activations/") and "sigmoid" in urlsplit(h).fragment]
    assert hits, hrefs
    fragment = urlsplit(hits[0]).fragment
    visited = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and visited.append(frame.url))
    page.locator(f'.md-search-result__list a.md-search-result__link[href="{hits[0]}"]').click()
    # The reader lands on the section: its heading sits at the top of the window,
    # just under the sticky header, once the page has settled.
    page.wait_for_function("""(id) => {
        const heading = document.getElementById(id);
        if (!location.pathname.endsWith('/activations/') || !heading) return false;
        const top = heading.getBoundingClientRect().top;
        return top >= 0 && top <= 160 && document.readyState === 'complete';
    }""", arg=fragment)
    # Instant navigation went to the section's address. (Material's
    # navigation.tracking may rewrite the hash later from the scroll position;
    # when the test's own click scrolls the window, it clears it: seen in CI.)
    assert any(urlsplit(url).path.endswith("/activations/") and urlsplit(url).fragment == fragment
               for url in visited), visited
    assert "sigmoid" in page.locator(f"[id='{fragment}']").inner_text().lower()
    page.wait_for_function(ALL_MATH_TYPESET)
    assert page.recorder.take() == ([], [])


@pytest.mark.parametrize("home", ["", "zh/"])
def test_search_results_show_formulas_as_text_not_tex(page, site_url, home):
    # ReLU's results quote its formula, ReLU(x) = max(x, 0): as text, not \(...\) TeX.
    page.goto(f"{site_url}/{home}", wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type("relu")
    page.wait_for_function("""() => [...document.querySelectorAll(
        '.md-search-result__list a.md-search-result__link')]
        .some(a => /[?&]h=relu\\b/.test(a.href))""")
    texts = page.locator(".md-search-result__list .md-search-result__article").evaluate_all(
        "articles => articles.map(a => a.textContent)")  # the folded ones too
    tex = [t for t in texts if re.search(r"\\[()\[\]]|\\[a-zA-Z]{2,}", t)]
    assert tex == [], tex
    assert any("max(x, 0)" in t for t in texts), texts
    assert page.recorder.take() == ([], [])


@pytest.mark.parametrize("home", ["", "zh/"])
def test_the_search_index_is_fetched_only_when_the_reader_goes_to_search(page, site_url, home):
    asked = []
    page.on("request", lambda r: r.url.endswith("search_index.json") and asked.append(r.url))
    page.goto(f"{site_url}/{home}activations/", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert asked == []
    page.keyboard.press("/")  # Material's shortcut: focuses the search box
    page.keyboard.type("relu")
    page.wait_for_selector(".md-search-result__list a.md-search-result__link")
    assert asked == [f"{site_url}/{home}search/search_index.json"]
    assert page.recorder.take() == ([], [])


def test_the_colour_choice_switches_figures_and_survives_a_reload(page, site_url):
    figures = """() => [...document.querySelectorAll('.mlp-figure img')]
        .filter(img => img.getClientRects().length > 0)
        .map(img => [img.getAttribute('src'), img.complete && img.naturalWidth > 0])"""
    page.goto(f"{site_url}/activations/", wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    shown = page.evaluate(figures)
    assert shown and all(src.endswith("-light.svg#only-light") and ok for src, ok in shown)
    toggle_scheme(page, "slate")
    shown = page.evaluate(figures)
    assert shown and all(src.endswith("-dark.svg#only-dark") and ok for src, ok in shown)
    stored = page.evaluate("""() => Object.keys(localStorage).filter(k => k.endsWith('__palette'))
        .map(k => localStorage.getItem(k))""")
    assert stored and '"slate"' in stored[0], stored
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.wait_for_function(SHOWN_IMAGES_DONE)
    shown = page.evaluate(figures)
    assert shown and all(src.endswith("-dark.svg#only-dark") and ok for src, ok in shown)
    toggle_scheme(page, "default")
    assert page.recorder.take() == ([], [])


def test_the_hidden_schemes_figures_are_fetched_only_once_it_is_chosen(browser, site_url):
    # Both schemes' images are on the page and the theme hides one: the hidden one's
    # figures cost a reader on a phone nothing until the toggle shows them.
    for opening, shown, hidden in [("light", "-light.svg", "-dark.svg"),
                                   ("dark", "-dark.svg", "-light.svg")]:
        context = browser.new_context(color_scheme=opening)
        page = context.new_page()
        fetched = []
        page.on("request", lambda r, seen=fetched: r.url.endswith(".svg") and seen.append(r.url))
        page.goto(f"{site_url}/activations/", wait_until="networkidle")
        page.wait_for_function(SHOWN_IMAGES_DONE)
        figures = page.locator(".mlp-figure img").count() // 2
        assert len([u for u in fetched if u.endswith(shown)]) == figures > 0, fetched
        assert [u for u in fetched if u.endswith(hidden)] == [], f"{opening}: hidden fetched"
        toggle_scheme(page, "slate" if opening == "light" else "default")
        assert len([u for u in fetched if u.endswith(hidden)]) == figures, fetched
        context.close()


def test_instant_navigation_through_the_chapter_keeps_math_and_figures(page, site_url):
    # The sidebar's order; Material's "next" link walks it without reloading the page.
    page.goto(f"{site_url}/", wait_until="networkidle")
    page.evaluate("window.__stillTheSameDocument = true")
    nav = page.locator("nav.md-nav--primary a.md-nav__link[href]").evaluate_all(
        "links => links.map(a => a.href).filter(h => !h.includes('#'))")
    visited = [page.url]
    while page.locator("a.md-footer__link--next").count():
        before, title = page.url, page.title()
        page.locator("a.md-footer__link--next").click()
        # Material changes the address, then swaps in the new content (and title).
        page.wait_for_function(f"location.href !== {before!r} && document.title !== {title!r}")
        page.wait_for_load_state("networkidle")
        visited.append(page.url)
        page.wait_for_function(ALL_MATH_TYPESET)
        page.wait_for_function(SHOWN_IMAGES_DONE)
        seen = page.evaluate(READ_PAGE)
        assert seen["untypeset"] == [] and seen["mathErrors"] == [], page.url
        assert all(i["loaded"] for i in seen["images"] if i["shown"]), page.url
        assert page.evaluate("window.__stillTheSameDocument === true"), f"{page.url} reloaded"
    visited = [url.split("#")[0] for url in visited]  # navigation.tracking may add a hash
    assert len(visited) >= 5 and visited == list(dict.fromkeys(nav)), (visited, nav)
    assert page.recorder.take() == ([], [])
