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

import re

__all__ = ["slim_code"]

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
