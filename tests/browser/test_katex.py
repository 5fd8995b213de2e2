"""KaTeX's fonts in the browser: sitebuild.katex.fonts_used names exactly the fonts
chromium fetches for a formula.
"""

from __future__ import annotations

from sitebuild import katex
from tests.conftest import ROOT

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


def test_fonts_used_names_the_fonts_the_browser_fetches_for_a_formula(browser, katex_render,
                                                                        tmp_path):
    # The truth is what chromium fetches to draw the formula; fonts_used reads the HTML.
    # A font missing from fonts_used would arrive late and move the text around it.
    dist = ROOT / "node_modules" / "katex" / "dist"
    pages: dict[str, str] = {}

    def serve(route):  # the formula's page, or a KaTeX file
        path = route.request.url.removeprefix("http://mlp-edu.test/")
        if path in pages:
            route.fulfill(body=pages[path], content_type="text/html")
        else:
            route.fulfill(path=str(dist / path))

    context = browser.new_context()
    page = context.new_page()
    page.route("http://mlp-edu.test/**", serve)
    wrong = {}
    for display in (False, True):
        for number, tex in enumerate(FORMULAS):
            html = katex_render(tex, display)
            name = f"{number}-{display}.html"
            pages[name] = ('<!doctype html><meta charset="utf-8"><link rel="stylesheet" '
                           f'href="katex.min.css"><p>{html}</p>')
            page.goto(f"http://mlp-edu.test/{name}", wait_until="load")
            fetched = page.evaluate(FONTS_LOADED)
            if fetched != katex.fonts_used(html):
                wrong[(tex, display)] = (fetched, katex.fonts_used(html))
    context.close()
    assert wrong == {}



def test_math_without_its_mathml_copy_looks_the_same_and_reads_its_source(browser, katex_render):
    # The site leaves KaTeX's MathML copy out (half the elements of every formula):
    # each formula must draw pixel for pixel as KaTeX's default output does, and
    # its accessible name must be its TeX source.
    dist = ROOT / "node_modules" / "katex" / "dist"
    cases = [(tex, display) for display in (False, True) for tex in FORMULAS]
    pages = {output: '<!doctype html><meta charset="utf-8"><link rel="stylesheet" '
             'href="katex.min.css">' + "".join(
                 f'<p id="m{n}">A {katex_render(tex, display, output)} b.</p>'
                 for n, (tex, display) in enumerate(cases))
             for output in ("htmlAndMathml", "html")}

    def serve(route):
        path = route.request.url.removeprefix("http://mlp-edu.test/")
        if path in pages:
            route.fulfill(body=pages[path], content_type="text/html")
        else:
            route.fulfill(path=str(dist / path))

    context = browser.new_context(viewport={"width": 600, "height": 300})
    page = context.new_page()
    page.route("http://mlp-edu.test/**", serve)
    shots = {}
    for output in pages:
        page.goto(f"http://mlp-edu.test/{output}", wait_until="load")
        page.evaluate("document.fonts.ready")
        shots[output] = [page.locator(f"#m{n}").screenshot() for n in range(len(cases))]
    # Each formula is on the page twice, inline and displayed.
    unnamed = [tex for tex in FORMULAS
               if page.get_by_role("math", name=" ".join(tex.split()), exact=True).count() != 2]
    context.close()
    different = [case for case, before, after in zip(cases, *shots.values(), strict=True)
                 if before != after]
    assert different == [] and unnamed == []


# Every element of the page's math with text of its own is marked, once everything
# is drawn: the blocks a long page draws late and the math folded in <details>.
MARK_GLYPHS = """async () => {
  document.querySelectorAll(".md-content__inner > *").forEach(el => {
    if (getComputedStyle(el).contentVisibility === "auto") el.style.contentVisibility = "visible";
  });
  document.querySelectorAll("details:not([open])").forEach(el => { el.open = true; });
  let marked = 0;
  for (const el of document.querySelectorAll(".katex-html *")) {
    if ([...el.childNodes].some(node => node.nodeType === 3 && node.data.trim())) {
      el.setAttribute("data-test-glyphs", "");
      marked += 1;
    }
  }
  document.body.getBoundingClientRect();
  await document.fonts.ready;
  return marked;
}"""


def test_every_character_of_every_pages_math_is_drawn_in_a_katex_font(
        browser, site_url, built_site):
    # The build cuts each KaTeX font down to the characters it draws (katex.subset_fonts);
    # a character cut from the font that draws it would come from another font on the
    # machine. Chromium says which fonts drew each element's text.
    from tests.conftest import is_print_page, pages_of

    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    wrong, checked = [], 0
    for path in pages_of(built_site):
        if is_print_page(built_site, path):  # its math is the sections' own
            continue
        page.goto(f"{site_url}/{path}", wait_until="load")
        marked = page.evaluate(MARK_GLYPHS)
        if not marked:
            continue
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll",
                         {"nodeId": root, "selector": "[data-test-glyphs]"})["nodeIds"]
        assert len(nodes) == marked, path
        for node in nodes:
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            if not fonts:  # not drawn: in a tab not chosen, a widget's hidden panel
                continue
            checked += 1
            others = [f["familyName"] for f in fonts
                      if not (f["isCustomFont"] and f["familyName"].startswith("KaTeX_"))]
            if others:
                html = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
                wrong.append(f"{path}: {html[:120]} drawn in {others}")
        cdp.send("CSS.disable")
        cdp.send("DOM.disable")
    context.close()
    assert checked > 5000, checked  # the chapter's math, every page of it
    assert not wrong, f"{len(wrong)} drawn outside KaTeX's fonts:\n" + "\n".join(wrong[:20])


# Every formula of the page's text drawn (long pages draw their blocks late) and
# numbered, not those of the widgets (they redraw theirs as the reader uses them);
# then, for each, where each element of its KaTeX HTML is in it and how big, to
# 1/100 px (in it: a figure loading above moves the whole formula, not its parts).
MATH_BOXES = """async () => {
  document.querySelectorAll(".md-content__inner > *").forEach(el => {
    if (getComputedStyle(el).contentVisibility === "auto") el.style.contentVisibility = "visible";
  });
  document.querySelectorAll("details:not([open])").forEach(el => { el.open = true; });
  await document.fonts.ready;
  let count = 0;
  for (const formula of document.querySelectorAll(".katex")) {
    if (formula.checkVisibility() && !formula.closest(
        "[data-mlp-stepthrough], [data-mlp-explorer], [data-mlp-playground]")) {
      formula.setAttribute("data-test-formula", count++);
    }
  }
  return [...document.querySelectorAll("[data-test-formula]")].map(formula => {
    const at = formula.getBoundingClientRect();
    return [...formula.querySelectorAll(".katex-html, .katex-html *")].map(el => {
      const r = el.getBoundingClientRect();
      return [r.x - at.x, r.y - at.y, r.width, r.height].map(v => v.toFixed(2)).join(" ");
    }).join(", ");
  });
}"""


def test_the_served_fonts_place_every_formula_as_katexs_own_and_draw_it_as_hinted_fonts(
        browser, site_url, built_site):
    # The served fonts are KaTeX's cut down to the characters the pages use, without
    # their hinting instructions (katex.subset_fonts). Every page's math, opened with
    # them and again with KaTeX's own fonts from npm, must be laid out the same
    # (every element's box); each formula of three pages, at 1 and at 3 device
    # pixels a CSS pixel (a phone's), must be drawn pixel for pixel as with the same
    # fonts hinting kept.
    from tests.conftest import is_print_page, pages_of

    math_pages = [path for path in pages_of(built_site)
                  if path.endswith("/") and not is_print_page(built_site, path)
                  and 'class="katex-html"' in (built_site / path / "index.html").read_text(
                      encoding="utf-8")]
    drawn_pages = ["activations/", "zh/mlp/", "notebooks/backprop/"]
    assert set(drawn_pages) <= set(math_pages) and len(math_pages) > 30, math_pages
    shown: dict[str, set[str]] = {}
    for page in built_site.rglob("*.html"):
        for font, characters in katex.math_characters(page.read_text(encoding="utf-8")).items():
            shown.setdefault(font, set()).update(characters)
    fonts = {"KaTeX's own": katex.katex_files(ROOT / "node_modules")}
    fonts["hinted"] = katex.subset_fonts(fonts["KaTeX's own"], shown, hinting=True)

    def fonts_of(kind):
        def fulfil(route):
            name = route.request.url.rsplit("/", 1)[1]
            route.fulfill(body=fonts[kind][f"{katex.KATEX_DIR}/fonts/{name}"],
                          content_type="font/woff2")
        return fulfil

    seen: dict[tuple, tuple] = {}
    visits = [("served", 1, math_pages), ("KaTeX's own", 1, math_pages),
              ("hinted", 1, drawn_pages), ("served", 3, drawn_pages), ("hinted", 3, drawn_pages)]
    for kind, scale, paths in visits:
        context = browser.new_context(viewport={"width": 390, "height": 800},
                                      device_scale_factor=scale)
        page = context.new_page()
        if kind != "served":
            page.route("**/assets/vendor/katex/fonts/*.woff2", fonts_of(kind))
        for path in paths:
            page.goto(f"{site_url}/{path}", wait_until="load")
            boxes = page.evaluate(MATH_BOXES)
            shoot = path in drawn_pages and kind != "KaTeX's own"
            shots = [page.locator(f'[data-test-formula="{n}"]').screenshot()
                     for n in range(page.locator("[data-test-formula]").count() if shoot else 0)]
            seen[(kind, scale, path)] = (boxes, shots)
        context.close()
    moved = [path for path in math_pages
             if seen[("served", 1, path)][0] != seen[("KaTeX's own", 1, path)][0]]
    redrawn = {f"{path} x{scale}": sum(a != b for a, b in zip(
                   seen[("served", scale, path)][1], seen[("hinted", scale, path)][1],
                   strict=True))
               for path in drawn_pages for scale in (1, 3)}
    assert all(seen[("served", 1, path)][1] for path in drawn_pages)  # formulas were shot
    assert moved == [] and set(redrawn.values()) == {0}, (moved, redrawn)
