"""The one-page print version of the chapter: every section, figure and formula.

The print page is generated at build time (``sitebuild.printpage.print_chapter``); every
page's footer links to it. Chromium prints it to a tagged PDF, which is read
back with pypdf: its outline names every section, its structure holds every
figure with its alt text, and its fonts include KaTeX's (typeset math).
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from urllib.parse import urljoin

from tests.conftest import is_print_page, pages_of, site_print_url


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
