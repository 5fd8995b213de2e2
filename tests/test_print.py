"""The one-page print version of the chapter: every section, figure and formula.

The print page is generated at build time (``mlp_edu.site.print_chapter``); every
page's footer links to it. Chromium prints it to a tagged PDF, which is read
back with pypdf: its outline names every section, its structure holds every
figure with its alt text, and its fonts include KaTeX's (typeset math).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from html import unescape
from urllib.parse import urljoin

import pytest
from test_browser_site import (
    ALL_MATH_TYPESET,
    SHOWN_IMAGES_DONE,
    is_print_page,
    pages_of,
    site_print_url,
)


def nav_pages(built_site) -> list[tuple[str, str]]:
    """``(url path, title)`` of each page in the sidebar, in reading order."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    primary = home[home.index("md-nav--primary"):]
    links = re.findall(r'<a href="([^"#]*)" class="md-nav__link[^"]*">\s*'
                       r'<span class="md-ellipsis">\s*(.*?)\s*</span>', primary, re.DOTALL)
    seen = {}
    for href, title in links:
        path = urljoin("http://site/", href)[len("http://site/"):]
        seen.setdefault(path, unescape(re.sub(r"<[^>]+>", "", title)).strip())
    return list(seen.items())


def section_titles(print_html: str) -> list[str]:
    """The first heading of each section on the print page, as text."""
    titles = []
    for section in print_html.split('<section class="mlp-print-section"')[1:]:
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", section, re.DOTALL)[1]
        heading = unescape(re.sub(r"<[^>]+>", "", heading))
        titles.append(heading.replace("\u00b6", "").strip())  # without the permalink's pilcrow
    return titles


def slug(path: str) -> str:
    return path.strip("/").removesuffix(".html").replace("/", "-") or "index"


@pytest.fixture(scope="module")
def print_html(built_site) -> str:
    return (built_site / site_print_url(built_site) / "index.html").read_text(encoding="utf-8")


def test_every_page_links_to_the_print_page(built_site):
    assert is_print_page(built_site, site_print_url(built_site))
    for path in pages_of(built_site):
        html = (built_site / path if path.endswith(".html")
                else built_site / path / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'class="mlp-provenance__print" href="([^"]+)"', html)
        assert links, f"{path or '/'}: no 'Print the chapter' link"
        if not path.endswith(".html"):  # the 404 page links from the site's root
            target = urljoin(f"http://site/{path}", links[0])[len("http://site/"):]
            assert is_print_page(built_site, target), (path, links[0])


def test_the_print_page_holds_every_section_in_reading_order(built_site, print_html):
    pages = nav_pages(built_site)
    assert len(pages) >= 5, pages
    sections = re.findall(r'<section class="mlp-print-section" id="([^"]+)"', print_html)
    assert sections == [slug(path) for path, _ in pages]


def test_the_print_page_has_every_figure_and_formula_of_the_sections(built_site, print_html):
    def count(html, pattern):
        return len(re.findall(pattern, html))

    for pattern in [r'class="mlp-figure"', r'#only-light"', r'class="arithmatex"']:
        in_pages = sum(count((built_site / path / "index.html").read_text(encoding="utf-8"),
                             pattern) for path, _ in nav_pages(built_site))
        assert in_pages > 0 and count(print_html, pattern) == in_pages, pattern


def test_ids_on_the_print_page_are_unique(print_html):
    ids = Counter(re.findall(r'\sid="([^"]+)"', print_html))
    assert [i for i, n in ids.items() if n > 1] == []


def test_the_print_page_is_not_in_search(built_site):
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert f'"location":"{site_print_url(built_site)}' not in index.replace(" ", "")


@pytest.mark.browser
def test_the_chapter_prints_to_a_pdf_with_every_section_figure_and_formula(
        browser, site_url, built_site, print_html):
    from pypdf import PdfReader

    context = browser.new_context(color_scheme="dark")  # paper gets the light figures anyway
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{site_url}/{site_print_url(built_site)}", wait_until="networkidle")
    page.emulate_media(media="print")
    page.wait_for_function(ALL_MATH_TYPESET)
    page.wait_for_function(SHOWN_IMAGES_DONE)
    shown = page.evaluate("""() => [...document.querySelectorAll('.mlp-figure img')]
        .filter(img => img.getClientRects().length > 0)
        .map(img => [img.getAttribute('src'), img.complete && img.naturalWidth > 0, img.alt])""")
    pdf = page.pdf(format="A4", tagged=True, outline=True)
    context.close()
    assert problems == []
    figures = print_html.count('class="mlp-figure"')
    assert len(shown) == figures and all(src.endswith("#only-light") and ok
                                         for src, ok, _ in shown), shown

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > len(nav_pages(built_site)), "each section starts a new sheet"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[1:] == section_titles(print_html)

    alts = []

    def walk(node):  # the tagged PDF's structure tree: a /Figure element per drawn image
        node = node.get_object()
        if node.get("/S") == "/Figure" and node.get("/Alt"):
            alts.append(str(node["/Alt"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    missing = Counter(alt for _, _, alt in shown) - Counter(alts)  # other images may be drawn too
    assert not missing, f"figures not in the PDF: {list(missing)}"

    fonts = set()
    for sheet in reader.pages:
        for font in sheet.get("/Resources", {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont", "")))
    assert any("KaTeX_Main" in f for f in fonts) and any("KaTeX_Math" in f for f in fonts), fonts
