"""Typeset the site's math once, at build time, with the pinned KaTeX.

pymdownx.arithmatex leaves each formula of a page as
``<span class="arithmatex">\\(…\\)</span>`` (inline) or
``<div class="arithmatex">\\[…\\]</div>`` (display); the Markdown cells of a
notebook page keep ``$…$`` and ``$$…$$`` as plain text. Typesetting them in
the reader's browser after load costs script time and moves the text as
formulas change size; here one Node.js process renders them all with the same
KaTeX whose stylesheet and fonts the site serves, and every page arrives
typeset: the site loads no math script at all.

KaTeX's fonts load only once the browser meets text set in them, after the
first paint: the formulas then change width and the lines around them move.
:func:`fonts_used` names the fonts a page's math needs, so the page can ask
for them first (``<link rel="preload">``). :func:`katex_files` lists the
stylesheet and fonts the site serves itself; :func:`subset_fonts` cuts each
font down to the characters the site's math shows (:func:`math_characters`),
the same glyphs in a fraction of the bytes a phone downloads.
"""

from __future__ import annotations

import html
import io
import json
import posixpath
import re
import string
import subprocess
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["KATEX_DIR", "KatexRenderer", "MathError", "fonts_used", "katex_files",
           "label_math", "math_characters", "preload_fonts", "renderer", "subset_fonts",
           "typeset_notebook_page", "typeset_page"]

KATEX_DIR = "assets/vendor/katex"  # where KaTeX lives in the built site
MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<tex>.*?)</(?P=tag)>', re.DOTALL)

# Reads one JSON request per line, answers one JSON line: the rendered HTML or an error.
_NODE_PROGRAM = r"""
const katex = require(process.argv[1]);
const lines = require("readline").createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const { tex, display, output } = JSON.parse(line);
  let answer;
  try {
    answer = { html: katex.renderToString(tex, { displayMode: display, throwOnError: true,
                                                 output }) };
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

    def render(self, tex: str, display: bool, output: str = "html") -> str:
        """KaTeX's HTML for ``tex``, labelled with its source for assistive technology.

        ``output="html"`` (the site's) is KaTeX's visible glyphs alone: its
        MathML copy, hidden on screen, doubled each formula's elements and so
        the page's style and layout work on a phone. The formula's TeX source
        becomes the label a screen reader reads (:func:`label_math`).
        ``output="htmlAndMathml"`` is KaTeX's default, for comparison.
        """
        key = (tex, display, output)
        if key not in self._done:
            request = {"tex": tex, "display": display, "output": output}
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            answer = json.loads(self._process.stdout.readline())
            if "error" in answer:
                raise MathError(f"KaTeX cannot typeset {tex!r}: {answer['error']}")
            self._done[key] = (label_math(answer["html"], tex) if output == "html"
                               else answer["html"])
        return self._done[key]

    def close(self) -> None:
        self._process.stdin.close()
        self._process.wait(timeout=10)


def label_math(katex_html: str, tex: str) -> str:
    """Give KaTeX's formula the role of math and its TeX source as its name.

    KaTeX hides its glyphs from assistive technology (``aria-hidden``); without
    its MathML copy, the label is what a screen reader reads.

    >>> label_math('<span class="katex"><span class="katex-html" aria-hidden="true">x'
    ...            '</span></span>', "x <  1")  # doctest: +NORMALIZE_WHITESPACE
    '<span class="katex" role="math" aria-label="x &lt; 1"><span class="katex-html"
    aria-hidden="true">x</span></span>'
    """
    label = html.escape(" ".join(tex.split()), quote=True)
    return katex_html.replace('<span class="katex">',
                              f'<span class="katex" role="math" aria-label="{label}">', 1)


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


def katex_files(node_modules: Path) -> dict[str, bytes]:
    """The KaTeX files the site serves itself: stylesheet, woff2 fonts, licence.

    They come from the npm package pinned in ``package-lock.json``. No script:
    the math is typeset at build time (:func:`typeset_page`).
    """
    dist = Path(node_modules) / "katex" / "dist"
    if not (dist / "katex.min.css").exists():
        raise FileNotFoundError(
            f"KaTeX is not installed at {dist}; run `make setup` (it runs `npm ci`)"
        )
    files = {
        f"{KATEX_DIR}/katex.min.css": (dist / "katex.min.css").read_bytes(),
        f"{KATEX_DIR}/LICENSE": (dist.parent / "LICENSE").read_bytes(),
    }
    for font in sorted((dist / "fonts").glob("*.woff2")):
        files[f"{KATEX_DIR}/fonts/{font.name}"] = font.read_bytes()
    return files


# Jupyter's Markdown cells, as nbconvert writes them.
_MARKDOWN_CELL = re.compile(r'<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>')
_TAG = re.compile(r"<(?P<end>/?)(?P<name>[a-zA-Z][\w-]*)[^>]*>")
# The delimiters KaTeX's auto-render knows, display ones first: $$ before $.
_NOTEBOOK_MATH = re.compile(
    r"\$\$(?P<display>.+?)\$\$|\\\[(?P<display2>.+?)\\\]"
    r"|\$(?P<inline>[^$]+?)\$|\\\((?P<inline2>.+?)\\\)", re.DOTALL)


def typeset_notebook_page(page_html: str, render) -> str:
    """Typeset the math in the Markdown cells of a notebook page.

    Text outside ``<code>`` and ``<pre>`` in each Markdown cell is searched for
    ``$$…$$`` and ``\\[…\\]`` (display) and ``$…$`` and ``\\(…\\)`` (inline); each
    formula becomes ``<span class="arithmatex" data-typeset="yes">`` holding
    KaTeX's HTML, as on the other pages. A ``$`` left without its partner
    raises :class:`MathError` (the build stops) rather than show stray TeX.

    >>> fake = lambda tex, display: f"<b>{tex}|{display}</b>"
    >>> cell = ('<div class="jp-RenderedMarkdown"><p>A $x &lt; 1$ and <code>$HOME</code>'
    ...         '</p><p>$$y$$</p></div><p>$5 and $6</p>')
    >>> typeset_notebook_page(cell, fake)  # doctest: +NORMALIZE_WHITESPACE
    '<div class="jp-RenderedMarkdown"><p>A <span class="arithmatex"
    data-typeset="yes"><b>x < 1|False</b></span> and <code>$HOME</code></p><p><span
    class="arithmatex" data-typeset="yes"><b>y|True</b></span></p></div><p>$5 and $6</p>'
    >>> typeset_notebook_page('<div class="jp-RenderedMarkdown">costs $5</div>', fake)
    Traceback (most recent call last):
    ...
    sitebuild.katex.MathError: a $ without its closing $ in a notebook cell: 'costs $5'
    """
    out, position = [], 0
    for cell in _MARKDOWN_CELL.finditer(page_html):
        if cell.start() < position:
            continue  # a cell nested in one already done (nbconvert does not nest them)
        end = _cell_end(page_html, cell.end())
        out.append(page_html[position:cell.end()])
        out.append(_typeset_cell(page_html[cell.end():end], render))
        position = end
    out.append(page_html[position:])
    return "".join(out)


def _cell_end(page_html: str, start: int) -> int:
    """Where the <div> opened just before ``start`` closes."""
    depth = 1
    for tag in _TAG.finditer(page_html, start):
        if tag["name"].lower() == "div":
            depth += -1 if tag["end"] else 1
            if depth == 0:
                return tag.start()
    raise ValueError("a notebook Markdown cell is never closed")


def _typeset_cell(cell_html: str, render) -> str:
    out, position, in_code = [], 0, 0
    for tag in _TAG.finditer(cell_html):
        out.append(_typeset_text(cell_html[position:tag.start()], render) if not in_code
                   else cell_html[position:tag.start()])
        if tag["name"].lower() in ("code", "pre"):
            in_code += -1 if tag["end"] else 1
        out.append(tag[0])
        position = tag.end()
    out.append(_typeset_text(cell_html[position:], render) if not in_code
               else cell_html[position:])
    return "".join(out)


def _typeset_text(text: str, render) -> str:
    def one(match: re.Match) -> str:
        display = match["display"] is not None or match["display2"] is not None
        tex = html.unescape(next(group for group in match.groups() if group is not None))
        return (f'<span class="arithmatex" data-typeset="yes">'
                f"{render(tex.strip(), display)}</span>")

    typeset = _NOTEBOOK_MATH.sub(one, text)
    if "$" in _NOTEBOOK_MATH.sub("", text):
        raise MathError(f"a $ without its closing $ in a notebook cell: {text.strip()[:60]!r}")
    return typeset


# The font file KaTeX's stylesheet gives text in each class (katex.css:
# ".katex .mathnormal {font-family: KaTeX_Math; font-style: italic}" and so on);
# text in none of them is in ".katex"'s own font, KaTeX_Main.
_KATEX_DEFAULT_FONT = "KaTeX_Main-Regular"
_FONT_OF_CLASS = {
    "mathnormal": "KaTeX_Math-Italic", "boldsymbol": "KaTeX_Math-BoldItalic",
    "mathit": "KaTeX_Main-Italic", "textit": "KaTeX_Main-Italic",
    "mathbf": "KaTeX_Main-Bold", "textbf": "KaTeX_Main-Bold",
    "mathrm": "KaTeX_Main-Regular", "textrm": "KaTeX_Main-Regular",
    "mainrm": "KaTeX_Main-Regular",
    "amsrm": "KaTeX_AMS-Regular", "mathbb": "KaTeX_AMS-Regular", "textbb": "KaTeX_AMS-Regular",
    "mathcal": "KaTeX_Caligraphic-Regular",
    "mathfrak": "KaTeX_Fraktur-Regular", "textfrak": "KaTeX_Fraktur-Regular",
    "mathscr": "KaTeX_Script-Regular", "textscr": "KaTeX_Script-Regular",
    "mathsf": "KaTeX_SansSerif-Regular", "textsf": "KaTeX_SansSerif-Regular",
    "mathtt": "KaTeX_Typewriter-Regular", "texttt": "KaTeX_Typewriter-Regular",
    "small-op": "KaTeX_Size1-Regular", "large-op": "KaTeX_Size2-Regular",
    "delim-size1": "KaTeX_Size1-Regular", "delim-size4": "KaTeX_Size4-Regular",
}
_SIZED_DELIMITER = {f"size{n}": f"KaTeX_Size{n}-Regular" for n in range(1, 5)}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _FontFinder(HTMLParser):
    """Collects the KaTeX font of every piece of text inside KaTeX's HTML that is
    shown when the page opens (not folded away in a closed ``<details>``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fonts: set[str] = set()
        # Each font's characters, of all the math, shown or folded away.
        self.characters: dict[str, set[str]] = {}
        self._open: list[str | None] = []  # per open element: the font it sets, if any
        self._katex_depth = 0  # open elements inside .katex-html (0: outside)
        self._details: list[list[bool]] = []  # per open <details>: [is open, in its summary]

    def _folded(self) -> bool:
        *outer, inner = self._details or [[True, False]]
        return any(not is_open for is_open, _ in outer) or not (inner[0] or inner[1])

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if tag == "details":
            self._details.append([any(name == "open" for name, _ in attrs), False])
        elif tag == "summary" and self._details:
            self._details[-1][1] = True
        classes = (dict(attrs).get("class") or "").split()
        font = None
        if self._katex_depth or "katex-html" in classes:
            if not self._katex_depth and not self._folded():
                # The formula's own font sets its line boxes, so the browser fetches
                # it for every formula shown, whatever its text is set in.
                self.fonts.add(_KATEX_DEFAULT_FONT)
            self._katex_depth += 1
            font = next((_FONT_OF_CLASS[c] for c in classes if c in _FONT_OF_CLASS), None)
            if font is None and "delimsizing" in classes:
                font = next((_SIZED_DELIMITER[c] for c in classes if c in _SIZED_DELIMITER),
                            None)
        self._open.append(font)

    def handle_endtag(self, tag):
        if tag == "details" and self._details:
            self._details.pop()
        elif tag == "summary" and self._details:
            self._details[-1][1] = False
        if tag in _VOID or not self._open:
            return
        self._open.pop()
        if self._katex_depth:
            self._katex_depth -= 1

    def handle_data(self, data):
        if not self._katex_depth:
            return
        font = next((f for f in reversed(self._open) if f), _KATEX_DEFAULT_FONT)
        self.characters.setdefault(font, set()).update(data)
        if data.strip() and not self._folded():
            self.fonts.add(font)


def fonts_used(page_html: str) -> list[str]:
    """The KaTeX fonts (file names without ``.woff2``) the page's math is shown in
    when the page opens.

    >>> fonts_used('<span class="katex-html"><span class="mord mathnormal">x</span></span>')
    ['KaTeX_Main-Regular', 'KaTeX_Math-Italic']
    >>> fonts_used('<p>No math</p><span class="katex-mathml"><mi>x</mi></span>')
    []

    Math folded away in a closed ``<details>`` is not drawn, so its fonts are
    not fetched, until a reader opens it; its summary line is shown:

    >>> bold = '<span class="katex-html"><span class="mathbf">W</span></span>'
    >>> fonts_used(f"<details><summary>S</summary>{bold}</details>")
    []
    >>> fonts_used(f"<details><summary>{bold}</summary></details>")
    ['KaTeX_Main-Bold', 'KaTeX_Main-Regular']
    >>> fonts_used(f"<details open><summary>S</summary>{bold}</details>")
    ['KaTeX_Main-Bold', 'KaTeX_Main-Regular']
    """
    finder = _FontFinder()
    finder.feed(page_html)
    finder.close()
    return sorted(finder.fonts)


def preload_fonts(page_html: str, fonts_url: str) -> str:
    """Ask for the fonts of the page's math at the top of ``<head>``.

    ``fonts_url`` is the folder of KaTeX's woff2 files, relative to the page.
    Fonts are fetched in CORS mode, so the preload says ``crossorigin`` to be
    the same request the stylesheet makes later.

    >>> page = ('<head><meta charset="utf-8"><title>t</title></head><body>'
    ...         '<span class="katex-html"><span class="mord mathnormal">x</span></span></body>')
    >>> head = preload_fonts(page, "../fonts").split("<title>")[0]
    >>> import re
    >>> re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>',
    ...            head)
    ['../fonts/KaTeX_Main-Regular.woff2', '../fonts/KaTeX_Math-Italic.woff2']
    >>> head.startswith('<head><meta charset="utf-8"><link rel="preload"')
    True
    >>> preload_fonts("<head></head><p>no math</p>", "f")
    '<head></head><p>no math</p>'
    """
    fonts = fonts_used(page_html)
    if not fonts:
        return page_html
    links = "".join(f'<link rel="preload" href="{fonts_url}/{font}.woff2" as="font" '
                    'type="font/woff2" crossorigin>' for font in fonts)
    charset = re.search(r"<meta charset=[^>]*>", page_html)
    at = charset.end() if charset else page_html.index("<head>") + len("<head>")
    return page_html[:at] + links + page_html[at:]


def math_characters(page_html: str) -> dict[str, set[str]]:
    """Every character of the text in KaTeX's HTML on the page, folded away or not,
    by the font that draws it (as :func:`fonts_used` names them).

    >>> found = math_characters('<span class="katex-html"><span class="mord">&#x3c3;(x)'
    ...                         '<span class="mathbf">W</span></span></span><p>not math</p>')
    >>> {font: sorted(characters) for font, characters in found.items()}
    {'KaTeX_Main-Regular': ['(', ')', 'x', 'σ'], 'KaTeX_Main-Bold': ['W']}
    """
    finder = _FontFinder()
    finder.feed(page_html)
    finder.close()
    return finder.characters


# Kept in KaTeX's own font whatever the pages show: a stylesheet rule may write one
# (katex.css puts "(" before equation tags), and they cost little.
_ALWAYS_KEPT = set(string.printable) - set(string.whitespace) | {" "}


def subset_fonts(fonts: dict[str, bytes], characters: dict[str, set[str]],
                 hinting: bool = False) -> dict[str, bytes]:
    """KaTeX's woff2 fonts (path: bytes) cut down to the characters each draws.

    ``characters`` maps a font's name (``KaTeX_Main-Bold``, the file's name without
    ``.woff2``) to the characters the pages' math sets in it (:func:`math_characters`);
    KaTeX's own font, in which the formulas' line boxes are set, keeps printable
    ASCII as well. Glyph shapes, metrics, kerning and the licence in the font's
    names are kept as they were; the hinting instructions are not, unless
    ``hinting``: ttfautohint's font program alone is 3.6 KB in every file, more
    than the glyphs of most, and on a page of formulas the fonts without it weigh
    a third less. Chromium places every formula as with KaTeX's own fonts and draws
    it pixel for pixel as with the hinted fonts (tests/browser/test_katex.py).
    Files that are not woff2 fonts pass unchanged.

    >>> from pathlib import Path
    >>> dist = Path("node_modules/katex/dist/fonts")
    >>> fonts = {name: (dist / name).read_bytes()
    ...          for name in ["KaTeX_Main-Regular.woff2", "KaTeX_Main-Bold.woff2"]}
    >>> smaller = subset_fonts(fonts, {"KaTeX_Main-Regular": {"→", "="},
    ...                                "KaTeX_Main-Bold": {"W"}})
    >>> len(smaller["KaTeX_Main-Regular.woff2"]) < len(fonts["KaTeX_Main-Regular.woff2"]) / 2
    True
    >>> from fontTools.ttLib import TTFont
    >>> def has(name, text):
    ...     cmap = TTFont(io.BytesIO(smaller[name])).getBestCmap()
    ...     return [ord(c) in cmap for c in text]
    >>> has("KaTeX_Main-Regular.woff2", "→x⇒"), has("KaTeX_Main-Bold.woff2", "Wx")
    ([True, True, False], [True, False])
    >>> hinting = {"fpgm", "prep", "cvt "}  # TrueType's hinting tables
    >>> sorted(hinting & set(TTFont(dist / "KaTeX_Main-Bold.woff2").keys()))
    ['cvt ', 'fpgm', 'prep']
    >>> sorted(hinting & set(TTFont(io.BytesIO(smaller["KaTeX_Main-Bold.woff2"])).keys()))
    []
    """
    from fontTools import subset  # the build's only use of fontTools (and brotli, for woff2)

    out = {}
    for path, data in fonts.items():
        if not path.endswith(".woff2"):
            out[path] = data
            continue
        name = posixpath.basename(path).removesuffix(".woff2")
        drawn = characters.get(name, set()) | (
            _ALWAYS_KEPT if name == _KATEX_DEFAULT_FONT else set())
        kept = sorted(ord(c) for c in drawn)
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.legacy_kern = True
        options.hinting = hinting
        font = subset.load_font(io.BytesIO(data), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=kept)
        subsetter.subset(font)
        buffer = io.BytesIO()
        subset.save_font(font, buffer, options)
        out[path] = buffer.getvalue()
    return out
