"""Typeset the pages' math once, at build time, with the pinned KaTeX.

pymdownx.arithmatex leaves each formula as ``<span class="arithmatex">\\(…\\)</span>``
(inline) or ``<div class="arithmatex">\\[…\\]</div>`` (display). Typesetting
them in the reader's browser after load costs script time and moves the text
as formulas change size; here one Node.js process renders them all with the
same KaTeX the site serves, and the page arrives typeset. The browser script
(docs/javascripts/katex.js) then only handles what is left, such as notebook
cells, and skips elements marked ``data-typeset="yes"``.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from functools import cache
from pathlib import Path

MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<tex>.*?)</(?P=tag)>', re.DOTALL)

# Reads one JSON request per line, answers one JSON line: the rendered HTML or an error.
_NODE_PROGRAM = r"""
const katex = require(process.argv[1]);
const lines = require("readline").createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const { tex, display } = JSON.parse(line);
  let answer;
  try {
    answer = { html: katex.renderToString(tex, { displayMode: display, throwOnError: true }) };
  } catch (error) {
    answer = { error: String(error.message) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
"""


class MathError(ValueError):
    """A formula KaTeX cannot typeset; the message names it."""


class KatexRenderer:
    """One Node.js process running KaTeX from ``node_modules``; formulas are cached."""

    def __init__(self, node_modules: Path) -> None:
        katex = Path(node_modules) / "katex"
        if not (katex / "package.json").exists():
            raise FileNotFoundError(f"KaTeX is not installed at {katex}; run `make setup`")
        self._process = subprocess.Popen(
            ["node", "-e", _NODE_PROGRAM, str(katex.resolve())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self._done: dict[tuple[str, bool], str] = {}

    def render(self, tex: str, display: bool) -> str:
        key = (tex, display)
        if key not in self._done:
            self._process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self._process.stdin.flush()
            answer = json.loads(self._process.stdout.readline())
            if "error" in answer:
                raise MathError(f"KaTeX cannot typeset {tex!r}: {answer['error']}")
            self._done[key] = answer["html"]
        return self._done[key]

    def close(self) -> None:
        self._process.stdin.close()
        self._process.wait(timeout=10)


@cache
def renderer(node_modules: Path) -> KatexRenderer:
    """The build's one renderer (started on first use)."""
    return KatexRenderer(node_modules)


def typeset_page(page_html: str, render) -> str:
    """Replace every arithmatex element of ``page_html`` with KaTeX's HTML.

    ``render(tex, display)`` returns the HTML of one formula.

    >>> fake = lambda tex, display: f"<b>{tex}|{display}</b>"
    >>> typeset_page('a <span class="arithmatex">\\\\(x &lt; 1\\\\)</span> b', fake)
    'a <span class="arithmatex" data-typeset="yes"><b>x < 1|False</b></span> b'
    """

    def one(match: re.Match) -> str:
        source = html.unescape(match["tex"]).strip()
        display = match["tag"] == "div"
        opening, closing = ("\\[", "\\]") if display else ("\\(", "\\)")
        if not (source.startswith(opening) and source.endswith(closing)):
            return match[0]  # not arithmatex's own markup: leave it to the browser
        tex = source[len(opening):-len(closing)]
        tag = match["tag"]
        return f'<{tag} class="arithmatex" data-typeset="yes">{render(tex, display)}</{tag}>'

    return MATH.sub(one, page_html)
