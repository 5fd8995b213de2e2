"""Build-time math: KaTeX's HTML for pages and notebook cells, and the fonts it needs.

These run the pinned KaTeX from node_modules (``make setup`` installs it), the
same renderer the site build uses.
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from mlp_edu import mathrender


@pytest.fixture(scope="module")
def render():
    renderer = mathrender.KatexRenderer(ROOT / "node_modules")
    yield renderer.render
    renderer.close()


def test_a_page_formula_becomes_katex_html_with_its_source_kept_for_screen_readers(render):
    page = mathrender.typeset_page('<p>A <span class="arithmatex">\\(x &lt; 1\\)</span>.</p>',
                                   render)
    assert '<span class="arithmatex" data-typeset="yes"><span class="katex">' in page
    # KaTeX's MathML copy carries the formula's source for assistive technology.
    assert '<annotation encoding="application/x-tex">x &lt; 1</annotation>' in page


def test_notebook_cells_get_display_and_inline_math_and_code_stays_as_written(render):
    cell = ('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown" data-mime-type="text/'
            'markdown"><p>From $-8$ to $8$:</p>\n<p>$$\\sigma(x) = \\frac{1}{1 + e^{-x}}$$</p>'
            "<p><code>cost = $5</code> and \\(y\\)</p></div><p>$not a cell$</p>")
    page = mathrender.typeset_notebook_page(cell, render)
    assert page.count('<span class="arithmatex" data-typeset="yes">') == 4
    assert page.count('class="katex-display"') == 1
    assert "<code>cost = $5</code>" in page
    assert page.endswith("<p>$not a cell$</p>")


def test_a_notebook_formula_katex_cannot_typeset_stops_the_build(render):
    cell = '<div class="jp-RenderedMarkdown"><p>Broken: $\\frac{1$.</p></div>'
    with pytest.raises(mathrender.MathError, match=r"cannot typeset '\\\\frac\{1'"):
        mathrender.typeset_notebook_page(cell, render)


# Every kind of font KaTeX uses: letters, digits, bold, blackboard, calligraphic,
# script, fraktur, sans, typewriter, big operators and delimiters of each size.
FORMULAS = [
    "x", "1 + 2", r"\mathbf{W}_h", r"\boldsymbol{\alpha}", r"\mathbb{R}", r"\mathcal{L}",
    r"\mathscr{F}", r"\mathfrak{g}", r"\mathsf{A}", r"\mathtt{relu}", r"\mathit{ab}",
    r"\text{hidden layer}", r"\textbf{b}", r"\textit{i}", r"\operatorname{ReLU}(x)",
    r"\sum_i x_i", r"\prod_{l=1}^{L} \sigma'(z_l)", r"\int_0^1 f", r"\sqrt{2}", r"\hat{y}",
    r"\tfrac14", r"\underbrace{4 \cdot 5}_{W}", r"\left(\frac{1}{2}\right)",
    r"\Big( x \Big)", r"\bigg[ x \bigg]", r"\Bigg\{ x \Bigg\}",
    r"\left( \begin{matrix} 1 & 2 \\ 3 & 4 \\ 5 & 6 \end{matrix} \right)",
]
FONTS_LOADED = """async () => { await document.fonts.ready;
  return [...document.fonts].filter(f => f.status === "loaded").map(f => f.family + "-"
    + (((f.weight === "700" || f.weight === "bold") ? "Bold" : "")
       + (f.style === "italic" ? "Italic" : "") || "Regular")).sort(); }"""


@pytest.mark.browser
def test_fonts_used_names_the_fonts_the_browser_fetches_for_a_formula(browser, render,
                                                                        tmp_path):
    # The truth is what chromium fetches to draw the formula; fonts_used reads the HTML.
    # A font missing from fonts_used would arrive late and move the text around it.
    katex = ROOT / "node_modules" / "katex" / "dist"
    pages: dict[str, str] = {}

    def serve(route):  # the formula's page, or a KaTeX file
        path = route.request.url.removeprefix("http://mlp-edu.test/")
        if path in pages:
            route.fulfill(body=pages[path], content_type="text/html")
        else:
            route.fulfill(path=str(katex / path))

    context = browser.new_context()
    page = context.new_page()
    page.route("http://mlp-edu.test/**", serve)
    wrong = {}
    for display in (False, True):
        for number, tex in enumerate(FORMULAS):
            html = render(tex, display)
            name = f"{number}-{display}.html"
            pages[name] = ('<!doctype html><meta charset="utf-8"><link rel="stylesheet" '
                           f'href="katex.min.css"><p>{html}</p>')
            page.goto(f"http://mlp-edu.test/{name}", wait_until="load")
            fetched = page.evaluate(FONTS_LOADED)
            if fetched != mathrender.fonts_used(html):
                wrong[(tex, display)] = (fetched, mathrender.fonts_used(html))
    context.close()
    assert wrong == {}
