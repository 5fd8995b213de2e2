"""A table the build wrapped is the table Material's script would have wrapped.

Material's script puts each table of the content that has no class in two boxes
(``div.md-typeset__scrollwrap > div.md-typeset__table``), moving it as the page
opens, which on a phone restyles every table's elements. The build writes those
boxes itself and gives the table the class ``mlp-wrapped``, which the script passes
over and the theme's stylesheet reads as "no class" (``sitebuild.slim.wrap_tables``,
``sitebuild.stylesheets.with_tables_wrapped_by_build``). Proved here against the
page as the theme alone would make it (the build's boxes, class and selectors taken
out again, so the script does the wrapping): the same content once the script has
run, element by element, every property the theme's stylesheet sets computed the
same, and each table and its boxes in the same place and size.
"""

from __future__ import annotations

import re

import pytest

from sitebuild.slim import TABLE_WRAP, WRAPPED_CLASS
from tests.browser.test_notebook_stylesheet import property_names
from tests.browser.test_page_stylesheets import STYLES, differences
from tests.browser.test_site import ALL_MATH_TYPESET

_TABLE_TAG = re.compile(r"<table\b[^>]*>|</table\s*>")
_WRAPPED_START = f'{TABLE_WRAP[0]}<table class="{WRAPPED_CLASS}"'
_WRAPPED_SELECTOR = f"table:is(:not([class]),.{WRAPPED_CLASS})"

# The article's HTML, and the place and size of each table and its boxes.
CONTENT = """() => ({
  html: document.querySelector("article.md-content__inner").outerHTML,
  boxes: [...document.querySelectorAll(
      "article .md-typeset__scrollwrap, article .md-typeset__table, article table")]
    .map((el) => { const r = el.getBoundingClientRect();
                   return [el.className, r.x, r.y, r.width, r.height].join(" "); }),
})"""


def unwrapped(page: str) -> str:
    """The page as the theme wrote it: each table the build wrapped, bare again."""
    out, done, bare = [], 0, []
    for tag in _TABLE_TAG.finditer(page):
        if tag[0].startswith("</"):
            if bare.pop():
                assert page.startswith(TABLE_WRAP[1], tag.end())
                out += [page[done:tag.end()]]
                done = tag.end() + len(TABLE_WRAP[1])
            continue
        wrap_start = tag.start() - len(TABLE_WRAP[0])
        bare.append(page.startswith(_WRAPPED_START, wrap_start))
        if bare[-1]:
            out += [page[done:wrap_start], "<table"]
            done = tag.start() + len(f'<table class="{WRAPPED_CLASS}"')
    assert not bare
    return "".join(out) + page[done:]


def test_unwrapping_gives_back_the_themes_page():
    page = ('<article class="md-content__inner md-typeset"><p>a</p><table><tr><td>'
            '<table id="t"></table></td></tr></table><table class="x"></table></article>')
    from sitebuild.slim import wrap_tables
    assert wrap_tables(page) != page
    assert unwrapped(wrap_tables(page)) == page


def load(context, url: str, themes_own: bool):
    """The page as served, or (``themes_own``) as the theme and its script alone make it.

    Each in a context of its own: the stylesheet changed on its way must not stay in the
    browser's cache for the next page as served.
    """
    page = context.new_page()
    if themes_own:
        def html(route):
            response = route.fetch()
            route.fulfill(response=response, body=unwrapped(response.text()))

        def theme_css(route):
            response = route.fetch()
            css = response.text()
            assert _WRAPPED_SELECTOR in css
            route.fulfill(response=response,
                          body=css.replace(_WRAPPED_SELECTOR, "table:not([class])"))

        page.route(re.compile(r".*/$"), html)
        page.route(re.compile(r".*/assets/stylesheets/main\.\w+\.min\.css$"), theme_css)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(ALL_MATH_TYPESET)
    return page, page.evaluate(CONTENT)


# Tables in the glossary, the reference's parameter lists, the home page; Chinese too.
PAGES = ["glossary/", "api/playground/", "", "zh/activations/"]


@pytest.mark.parametrize("width", [390, 1280])
def test_a_table_the_build_wrapped_is_the_one_materials_script_would_have(
        browser, site_url, built_site, width):
    [theme_css] = built_site.glob("assets/stylesheets/main.*.min.css")
    properties = property_names(theme_css.read_text(encoding="utf-8"))
    failures, tables = [], 0
    for path in PAGES:
        url = f"{site_url}/{path}"
        found = {}
        for themes_own in (False, True):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page, content = load(context, url, themes_own)
            styles = page.evaluate(STYLES, ["body *", properties])
            found[themes_own] = content, [
                [name.replace(f"table.{WRAPPED_CLASS}", "table."), values]
                for name, values in styles]
            context.close()
        (served, styles), (theirs, their_styles) = found[False], found[True]
        assert f'class="{WRAPPED_CLASS}"' not in theirs["html"]  # the script did the wrapping
        built = (built_site / path / "index.html").read_text(encoding="utf-8")
        tables += built.count(f'<table class="{WRAPPED_CLASS}"')
        if len(theirs["boxes"]) != 3 * built.count(f'<table class="{WRAPPED_CLASS}"'):
            failures.append(f"{path}: the script wrapped {len(theirs['boxes']) // 3} tables, "
                            f"the build {built.count(WRAPPED_CLASS)}")
        if served["html"].replace(f' class="{WRAPPED_CLASS}"', "") != theirs["html"]:
            failures.append(f"{path}: the content differs")
        if [box.replace(WRAPPED_CLASS, "") for box in served["boxes"]] != theirs["boxes"]:
            failures.append(f"{path}: tables placed {served['boxes'][:3]} != {theirs['boxes'][:3]}")
        failures += [f"{path}: {line}" for line in differences(
            styles, their_styles, properties, ("wrapped by the build", "by Material's script"))]
    assert tables >= 15  # tables were compared (17 in these pages)
    assert not failures, "\n".join(failures)
