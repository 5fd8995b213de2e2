"""The print page printed by chromium to a tagged PDF, read back with pypdf: its
outline names every section, its structure holds every figure with its alt text,
and its fonts include KaTeX's. Its widgets are drawn without the reader scrolling to them.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest

from tests.browser.test_site import ALL_MATH_TYPESET, SHOWN_IMAGES_DONE
from tests.conftest import site_print_url
from tests.site.test_print import nav_pages, section_titles


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


@pytest.mark.parametrize("printed", ["print/", "handout/", "zh/print/"])
def test_a_printed_pages_widgets_are_drawn_without_the_reader_scrolling(browser, site_url,
                                                                        printed):
    # On other pages a widget waits for the reader to come near it; paper is not scrolled,
    # so on a page made to be printed each is set up at once, ready for Ctrl+P.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.goto(f"{site_url}/{printed}", wait_until="networkidle")
    widgets = page.evaluate("""() => [...document.querySelectorAll(
        '[data-mlp-explorer], [data-mlp-stepthrough], [data-mlp-playground]')].map(w => ({
          name: [...w.attributes].find(a => a.name.startsWith('data-mlp-')).name,
          screensDown: w.getBoundingClientRect().top / innerHeight,
        }))""")
    assert sorted(w["name"] for w in widgets) == [
        "data-mlp-explorer", "data-mlp-playground", "data-mlp-stepthrough"], widgets
    assert min(w["screensDown"] for w in widgets) > 2, widgets  # far from the first screen
    waiting = """() => [...document.querySelectorAll(
        '[data-mlp-explorer], [data-mlp-stepthrough], [data-mlp-playground]')]
        .filter(w => w.getAttribute('data-ready') !== 'yes').map(w => w.className)"""
    try:
        page.wait_for_function(f"() => ({waiting})().length === 0", timeout=15000)
    except PlaywrightTimeout:
        pass
    assert page.evaluate(waiting) == [], "not set up without scrolling"
    assert page.evaluate("scrollY") == 0
    context.close()
