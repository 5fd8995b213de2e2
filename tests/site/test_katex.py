"""Build-time math: KaTeX's HTML for pages and notebook cells, and the fonts it needs.

These run the pinned KaTeX from node_modules (``make setup`` installs it), the
same renderer the site build uses.
"""

from __future__ import annotations

import pytest

from sitebuild import katex


def test_a_page_formula_becomes_katex_html_with_its_source_kept_for_screen_readers(katex_render):
    page = katex.typeset_page('<p>A <span class="arithmatex">\\(x &lt; 1\\)</span>.</p>',
                                   katex_render)
    # The formula's source is its accessible name; KaTeX's glyphs are hidden from
    # assistive technology, and its MathML copy (twice the elements) is left out.
    assert ('<span class="arithmatex" data-typeset="yes"><span class="katex" role="math" '
            'aria-label="x &lt; 1"><span class="katex-html" aria-hidden="true">') in page
    assert "<math" not in page and "katex-mathml" not in page


def test_notebook_cells_get_display_and_inline_math_and_code_stays_as_written(katex_render):
    cell = ('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown" data-mime-type="text/'
            'markdown"><p>From $-8$ to $8$:</p>\n<p>$$\\sigma(x) = \\frac{1}{1 + e^{-x}}$$</p>'
            "<p><code>cost = $5</code> and \\(y\\)</p></div><p>$not a cell$</p>")
    page = katex.typeset_notebook_page(cell, katex_render)
    assert page.count('<span class="arithmatex" data-typeset="yes">') == 4
    assert page.count('class="katex-display"') == 1
    assert "<code>cost = $5</code>" in page
    assert page.endswith("<p>$not a cell$</p>")


def test_a_notebook_formula_katex_cannot_typeset_stops_the_build(katex_render):
    cell = '<div class="jp-RenderedMarkdown"><p>Broken: $\\frac{1$.</p></div>'
    with pytest.raises(katex.MathError, match=r"cannot typeset '\\\\frac\{1'"):
        katex.typeset_notebook_page(cell, katex_render)


def test_the_served_fonts_keep_every_character_the_pages_math_shows(built_site):
    # The build cuts each of KaTeX's fonts down to what the math sets in it
    # (katex.subset_fonts): whatever a page's math shows, in either language, the font
    # that draws it has it wherever KaTeX's own font did. That each character is drawn
    # in the font named here: tests/browser/test_katex.py asks chromium.
    from fontTools.ttLib import TTFont

    from tests.conftest import ROOT

    shown: dict[str, set[str]] = {}
    for page in built_site.rglob("*.html"):
        for font, characters in katex.math_characters(page.read_text(encoding="utf-8")).items():
            shown.setdefault(font, set()).update(characters)
    everything = set().union(*shown.values())
    assert {"σ", "∂", "→", "ℓ"} <= everything, sorted(everything)  # the chapter's math
    assert {"KaTeX_Main-Bold", "KaTeX_Math-Italic", "KaTeX_AMS-Regular"} <= set(shown)
    original_fonts = ROOT / "node_modules" / "katex" / "dist" / "fonts"
    served_fonts = built_site / katex.KATEX_DIR / "fonts"
    smaller = 0
    for original in sorted(original_fonts.glob("*.woff2")):
        served = served_fonts / original.name
        had = set(TTFont(original).getBestCmap())
        has = set(TTFont(served).getBestCmap() or {})  # none: a font no math is set in
        missing = {chr(c) for c in had - has if chr(c) in shown.get(original.stem, set())}
        assert missing == set(), f"{original.name} lost {sorted(missing)}"
        smaller += served.stat().st_size < original.stat().st_size
    assert smaller >= 10, "the served fonts are KaTeX's own, not cut down"
