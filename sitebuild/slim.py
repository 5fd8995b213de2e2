"""Fewer elements for the same page: what a phone must style and lay out.

Style and layout time grows with the number of elements on a page, and on the
chapter's long pages highlighted code is a third of them (make bench,
``--diagnostics``). Pygments wraps every token in a ``<span>``, also those the
theme draws in the code's own colour (names, ``.n``) or not at all (whitespace,
``.w``), and neighbouring tokens of one class each get their own. Unwrapping
the first and joining the second draws the same characters in the same colours
with a fraction of the elements; the text, and so copying and search, is
unchanged.
"""

from __future__ import annotations

import html.parser
import re

__all__ = ["LATE_ATTRIBUTE", "LATE_FROM", "TABLE_WRAP", "WRAPPED_CLASS", "mark_late_blocks",
           "slim_code", "wrap_tables"]

# The code blocks pymdownx.highlight writes (notebook cells are JupyterLab's, left alone).
_CODE_BLOCK = re.compile(r"(<pre><span></span><code[^>]*>)(.*?)(</code></pre>)", re.DOTALL)
# Material colours names as the code itself (--md-code-hl-name-color is
# --md-code-fg-color) and gives whitespace no style.
_PLAIN_TOKEN = re.compile(r'<span class="(?:n|w)">([^<]*)</span>')
_SAME_CLASS_PAIR = re.compile(
    r'<span class="([\w ]+)">([^<]*)</span><span class="\1">([^<]*)</span>')


def slim_code(page_html: str) -> str:
    """Unwrap the tokens Material draws unstyled and join neighbours of one class.

    >>> block = ('<pre><span></span><code><span class="n">f</span><span class="p">(</span>'
    ...          '<span class="p">[</span><span class="w"> </span><span class="mi">1</span>'
    ...          '<span class="p">])</span></code></pre>')
    >>> slim_code(block)  # doctest: +NORMALIZE_WHITESPACE
    '<pre><span></span><code>f<span class="p">([</span> <span
    class="mi">1</span><span class="p">])</span></code></pre>'
    >>> cell = '<div class="highlight-ipynb"><pre><span></span><span class="n">x</span></pre>'
    >>> slim_code(cell) == cell  # not a pymdownx block
    True
    """

    def one(match: re.Match) -> str:
        code = _PLAIN_TOKEN.sub(r"\1", match[2])
        joined = None
        while joined != code:
            joined, code = code, _SAME_CLASS_PAIR.sub(r'<span class="\1">\2\3</span>', code)
        return match[1] + code + match[3]

    return _CODE_BLOCK.sub(one, page_html)


# The first of a page's blocks drawn late: on every page of the site the 20th starts
# more than a screen and a half down, on a phone and on a desktop
# (tests/browser/test_layout_stability.py), so its guessed height never moves what
# the reader sees as the page opens.
LATE_FROM = 20
LATE_ATTRIBUTE = "data-mlp-late"
# Never drawn late: headings (the contents and the scroll spy need them where they are),
# rules, tables and their boxes (drawn late, axe took one for a region that scrolls
# with nothing to focus), the widgets.
_ALWAYS_DRAWN = {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "table"}
_WIDGET = re.compile(r"\sdata-mlp-(?:explorer|stepthrough|playground)[\s>=]")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')


class _Blocks(html.parser.HTMLParser):
    """The start tags of an element's children, given the HTML inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.blocks: list[tuple[tuple[int, int], str, str]] = []  # (line, column), tag, text

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append((self.getpos(), tag, self.get_starttag_text()))
        if tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append((self.getpos(), tag, self.get_starttag_text()))

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.depth -= 1


def mark_late_blocks(page_html: str) -> str:
    """Give the page's blocks from the ``LATE_FROM``-th on the attribute ``data-mlp-late``.

    The page's stylesheet draws those only as they near the screen
    (``content-visibility``, docs/stylesheets/extra.css): most of a long page's
    code and math is then neither styled nor laid out as it opens, the greater part
    of its main-thread work on a phone. Marked here, the browser finds them by
    that attribute, not by testing a position rule against every element of the page.
    Headings, rules, tables and widgets are never marked. A page whose content does
    not parse into whole elements is left as it is.

    >>> blocks = "".join(f"<p>{n}</p>" for n in range(1, 22)) + "<h2>x</h2><div class=a>y</div>"
    >>> page = f'<article class="md-content__inner md-typeset">{blocks}<table></table></article>'
    >>> page = wrap_tables(page)  # a table's boxes are never drawn late either
    >>> marked = mark_late_blocks(page)
    >>> marked.count("data-mlp-late"), '<p data-mlp-late>20</p>' in marked
    (3, True)
    >>> '<h2>x</h2>' in marked, '<div class=a data-mlp-late>y</div>' in marked
    (True, True)
    >>> '<div class="md-typeset__scrollwrap"><div' in marked
    True
    >>> mark_late_blocks(page.replace("</p>", "", 1)) == page.replace("</p>", "", 1)
    True
    """
    start = _ARTICLE.search(page_html)
    end = page_html.find("</article>", start.end()) if start else -1
    if end < 0:
        return page_html
    inner = page_html[start.end():end]
    parser = _Blocks()
    parser.feed(inner)
    parser.close()
    if parser.depth != 0:
        return page_html
    line_starts = [0] + [match.end() for match in re.finditer("\n", inner)]
    pieces, done = [], 0
    for number, ((line, column), tag, text) in enumerate(parser.blocks, start=1):
        if number < LATE_FROM or tag in _ALWAYS_DRAWN or text == _SCROLLWRAP \
                or _WIDGET.search(text):
            continue
        at = line_starts[line - 1] + column
        assert inner.startswith(text, at), (tag, at)
        # Last, so that what follows the tag's name and its class stays as it was.
        marked = re.sub(r"\s*/?>$", lambda close: f" {LATE_ATTRIBUTE}{close[0].lstrip()}", text)
        pieces += [inner[done:at], marked]
        done = at + len(text)
    pieces.append(inner[done:])
    return page_html[:start.end()] + "".join(pieces) + page_html[end:]


# Material's script puts each table of the content that has no class in two boxes, the
# outer one scrolling it sideways on a narrow screen (its content/table component,
# "table:not([class])"). Moved as the page opens, every table's elements are styled and
# laid out a second time: on a phone the largest single piece of a page's style work
# (the glossary: 800 of its 980 elements, in 120-200 ms unthrottled). The build writes
# the same boxes, and a class that the script passes over and Material's stylesheet
# reads as it reads "no class" (stylesheets.with_tables_wrapped_by_build).
WRAPPED_CLASS = "mlp-wrapped"
_SCROLLWRAP = '<div class="md-typeset__scrollwrap">'
TABLE_WRAP = (_SCROLLWRAP + '<div class="md-typeset__table">', "</div></div>")
_TABLE_TAG = re.compile(r"<table\b[^>]*>|</table\s*>", re.IGNORECASE)


class _StartTag(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        self.attributes = dict(attrs)


def _has_class(start_tag: str) -> bool:
    parser = _StartTag(convert_charrefs=True)
    parser.feed(start_tag)
    parser.close()
    return "class" in parser.attributes


def wrap_tables(page_html: str) -> str:
    """Wrap each table of the page's content without a class as Material's script would.

    The table gets the class ``mlp-wrapped`` (first, before its other attributes),
    so the script leaves it where it is.

    >>> page = ('<article class="md-content__inner md-typeset"><table><tr><td>'
    ...         '<table id="t"><tr><td>1</td></tr></table></td></tr></table>'
    ...         '<table class="x"></table></article>')
    >>> print(wrap_tables(page).replace("<div", "\\n<div").replace("</table>", "</table>\\n"))
    <article class="md-content__inner md-typeset">
    <div class="md-typeset__scrollwrap">
    <div class="md-typeset__table"><table class="mlp-wrapped"><tr><td>
    <div class="md-typeset__scrollwrap">
    <div class="md-typeset__table"><table class="mlp-wrapped" id="t"><tr><td>1</td></tr></table>
    </div></div></td></tr></table>
    </div></div><table class="x"></table>
    </article>
    >>> wrap_tables("<table></table>")  # no content: nothing the script would wrap
    '<table></table>'
    """
    start = _ARTICLE.search(page_html)
    end = page_html.find("</article>", start.end()) if start else -1
    if end < 0:
        return page_html
    wrapped: list[bool] = []  # for each open table, whether it is wrapped here

    def one(tag: re.Match) -> str:
        text = tag[0]
        if text.startswith("</"):
            return text + TABLE_WRAP[1] if wrapped and wrapped.pop() else text
        wrapped.append(not _has_class(text))
        return (TABLE_WRAP[0] + f'<table class="{WRAPPED_CLASS}"' + text[len("<table"):]
                if wrapped[-1] else text)

    inner = _TABLE_TAG.sub(one, page_html[start.end():end])
    return page_html[:start.end()] + inner + page_html[end:]
