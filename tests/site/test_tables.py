"""Every table of the content is wrapped by the build, as Material's script would wrap it.

Material's script (its content/table component) puts each table of the content that
has no class in two boxes and so moves it as the page opens; the build writes those
boxes instead (``sitebuild.slim.wrap_tables``) and gives the table the class
``mlp-wrapped``, which the script passes over. That the page is then the same, element
by element and style by style, is proved in a browser: tests/browser/test_tables.py.
"""

from __future__ import annotations

import re

from sitebuild.slim import TABLE_WRAP, WRAPPED_CLASS

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def test_no_table_of_any_page_is_left_for_materials_script_to_move(built_site):
    wrapped = 0
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for content in _ARTICLE.findall(html):
            starts = re.findall(r"<table\b[^>]*>", content)
            # What the script looks for ("table:not([class])") is not there.
            assert all(re.search(r"\sclass=", tag) for tag in starts), (page, starts)
            opened = content.count(f'{TABLE_WRAP[0]}<table class="{WRAPPED_CLASS}"')
            assert opened == content.count(f'class="{WRAPPED_CLASS}"'), page
            wrapped += opened
    assert wrapped > 100  # the glossary, the summary's tables, the reference, both languages


def test_a_wrapped_table_closes_its_boxes(built_site):
    html = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    [content] = _ARTICLE.findall(html)
    tables = content.count(f'<table class="{WRAPPED_CLASS}"')
    assert tables >= 3
    assert content.count("</table>" + TABLE_WRAP[1]) == tables
