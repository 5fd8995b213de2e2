"""Search, one language at a time.

mkdocs-static-i18n writes one search index for the whole site, so a reader
searching "sigmoid" got the English and the Chinese page mixed. Each language
gets its own index under its home instead, and each page tells Material's
scripts that its language's home is the "base" where
``search/search_index.json`` (and ``sitemap.xml``) live.

Material fetches the index (80-95 kB gzipped) as every page opens, though most
readers never search: :func:`index_on_demand` lets a page fetch it only once
the reader turns to the search box.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mlp_edu.i18n import DEFAULT, LANGUAGES
from sitebuild.i18n import site_prefix

__all__ = ["SEARCH_INDEX", "index_on_demand", "readable_math", "split_search_index",
           "with_language_base"]

SEARCH_INDEX = "search/search_index.json"
_CONFIG_BASE = re.compile(r'("base": )"[^"]*"')


def split_search_index(site_dir: Path) -> dict[str, int]:
    """Split the site's search index into one per language; return the entries of each.

    Entries under ``zh/`` go to ``zh/search/search_index.json`` with that prefix
    taken off their locations (which are relative to the index's home); the rest
    stay in the root index. Formulas in titles and texts become readable text
    (:func:`readable_math`). Running it again changes nothing.

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> (site / "search").mkdir()
    >>> docs = [{"location": "a/", "text": "A"}, {"location": "zh/a/#x", "text": "甲"}]
    >>> _ = (site / SEARCH_INDEX).write_text(json.dumps({"config": {}, "docs": docs}))
    >>> split_search_index(site)
    {'en': 1, 'zh': 1}
    >>> json.loads((site / "zh" / SEARCH_INDEX).read_text())["docs"]
    [{'location': 'a/#x', 'text': '甲'}]
    >>> split_search_index(site)
    {'en': 1, 'zh': 1}
    """
    root = Path(site_dir) / SEARCH_INDEX
    index = json.loads(root.read_text(encoding="utf-8"))
    by_language = {lang: [] for lang in LANGUAGES}
    for doc in index["docs"]:
        doc = {**doc, **{key: readable_math(doc[key]) for key in ("title", "text") if key in doc}}
        lang = next((code for code in LANGUAGES
                     if code != DEFAULT and doc["location"].startswith(site_prefix(code))),
                    DEFAULT)
        by_language[lang].append({**doc, "location": doc["location"]
                                  .removeprefix(site_prefix(lang))})
    for lang, docs in by_language.items():
        path = Path(site_dir) / site_prefix(lang) / SEARCH_INDEX
        if lang != DEFAULT and not docs and path.is_file():
            continue  # split already: this language's entries are in its own index
        if lang == DEFAULT or docs:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({**index, "docs": docs}, ensure_ascii=False,
                                       separators=(",", ":")), encoding="utf-8")
    return {lang: len(json.loads((Path(site_dir) / site_prefix(lang) / SEARCH_INDEX)
                                 .read_text(encoding="utf-8"))["docs"])
            for lang in LANGUAGES}


def with_language_base(page_html: str, home_url: str) -> str:
    """Point the "base" of Material's page configuration at the language's home.

    ``home_url`` is that home relative to the page (``".."`` from ``zh/mlp/``).

    >>> with_language_base('<script id="__config">{"base": "../..", "x": 1}</script>', "..")
    '<script id="__config">{"base": "..", "x": 1}</script>'
    """
    start = page_html.find('id="__config"')
    if start < 0:
        return page_html
    end = page_html.index("</script>", start)
    return (page_html[:start] + _CONFIG_BASE.sub(rf'\g<1>"{home_url}"', page_html[start:end],
                                                  count=1) + page_html[end:])


# ---- formulas in search results -------------------------------------------------------
# Material shows a result's text from the index as it is: a formula would read as its TeX
# source, \(\sigma(x) = \frac{1}{1 + \exp(-x)}\). The index gets it as readable Unicode
# text instead, σ(x) = 1/(1 + exp(−x)): typeset math (KaTeX's HTML) would make the index
# many times larger, and search matches words, not glyphs.

# \(...\) and \[...\] from the pages (arithmatex), $...$ and $$...$$ from the notebooks'
# Markdown cells.
_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.DOTALL)
_SYMBOLS = {
    "alpha": "α", "beta": "β", "eta": "η", "pi": "π", "sigma": "σ", "phi": "ϕ",
    "varphi": "φ", "Phi": "Φ", "varepsilon": "ε", "epsilon": "ϵ", "ell": "ℓ",
    "partial": "∂", "sum": "∑", "prod": "∏", "sqrt": "√", "times": "×", "cdot": "·",
    "ast": "∗", "odot": "⊙", "pm": "±", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "approx": "≈", "lesssim": "≲", "in": "∈", "to": "→", "leftarrow": "←",
    "infty": "∞", "top": "⊤", "dots": "…", "ldots": "…", "cdots": "⋯", "lVert": "‖",
    "rVert": "‖", "quad": " ", "qquad": " ", ",": " ", ";": " ", ":": " ", "!": "",
    " ": " ", "\\": "; ", "{": "{", "}": "}", "%": "%", "&": "&", "_": "_", "#": "#",
    "lbrace": "{", "rbrace": "}", "mid": "|",
}
_OPERATORS = set("≤≥≈∈→←×·±≲∗⊙")
_SIZES = {"bigl", "bigr", "Bigl", "Bigr", "big", "Big", "left", "right", "displaystyle"}
_ONE_ARGUMENT = {"mathbf", "mathrm", "mathit", "boldsymbol", "operatorname", "text", "textrm",
                 "mathbb", "hat", "bar", "overline", "sqrt", "underbrace", "tilde", "vec"}
_TWO_ARGUMENTS = {"frac", "tfrac", "dfrac"}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "E": "𝔼", "P": "ℙ", "Q": "ℚ", "C": "ℂ"}
_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "overline": "\u0305", "tilde": "\u0303",
            "vec": "\u20d7"}
_SUPERSCRIPTS = dict(zip("0123456789+-=()abcdefghijklmnoprstuvwxyzT",
                         "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx",
                       "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))


def readable_math(text: str) -> str:
    r"""``text`` with each formula (``\(...\)``, ``\[...\]``, ``$...$``, ``$$...$$``) as
    readable Unicode text.

    >>> readable_math(r"ReLU is \(\operatorname{ReLU}(x) = \max(x, 0)\).")
    'ReLU is ReLU(x) = max(x, 0).'
    >>> readable_math(r"\(\sigma(x) = \frac{1}{1 + \exp(-x)}\) and \(\mathbf{H}^{(1)}\)")
    'σ(x) = 1/(1 + exp(−x)) and H⁽¹⁾'
    >>> readable_math(r"\[\frac{\partial \ell}{\partial w_{ij}} \in \mathbb{R}^{d \times h}\]")
    '∂ℓ/∂wᵢⱼ ∈ ℝ^(d × h)'
    >>> readable_math(r"A notebook's $$\operatorname{ReLU}(x)$$, $0.25^{10}$ and $e^x$")
    "A notebook's ReLU(x), 0.25¹⁰ and eˣ"
    >>> readable_math("no formula: 1 - 2") == "no formula: 1 - 2"
    True
    """
    return _MATH.sub(lambda m: _plain(next(g for g in m.groups() if g is not None)), text)


def _plain(tex: str) -> str:
    """One formula's TeX as text: symbols as characters, fractions with a slash."""
    out, i = [], 0
    while i < len(tex):
        char = tex[i]
        if char == "\\":
            command = re.match(r"\\([a-zA-Z]+|.)", tex[i:])
            name, i = command[1], i + len(command[0])
            while name.isalpha() and i < len(tex) and tex[i] == " ":  # as TeX: not spaces
                i += 1
            if name in _TWO_ARGUMENTS:
                numerator, i = _argument(tex, i)
                denominator, i = _argument(tex, i)
                out.append(f"{_grouped(_plain(numerator))}/{_grouped(_plain(denominator))}")
            elif name in _ONE_ARGUMENT:
                argument, i = _argument(tex, i)
                inner = _plain(argument)
                if name == "mathbb":
                    inner = "".join(_BLACKBOARD.get(c, c) for c in inner)
                elif name in _ACCENTS:
                    inner += _ACCENTS[name]  # a combining mark: ŷ, x̄
                elif name == "sqrt":
                    inner = "√" + _grouped(inner)
                out.append(inner)
                if name == "underbrace" and tex[i:i + 1] == "_":  # the brace's label: dropped
                    _, i = _argument(tex, i + 1)
            elif name in {"begin", "end"}:
                _, i = _argument(tex, i)
            elif name in _SIZES:
                continue
            else:
                symbol = _SYMBOLS.get(name, name)
                if symbol in _OPERATORS:  # x \le 0 reads x ≤ 0
                    symbol = f" {symbol} "
                elif len(symbol) > 1 and tex[i:i + 1].isalpha():  # \log x reads log x
                    symbol += " "
                out.append(symbol)
        elif char in "^_":
            argument, i = _argument(tex, i + 1)
            out.append(_script(_plain(argument), superscript=char == "^"))
        elif char in "{}":
            i += 1
        elif char in "&~":
            out.append(" ")
            i += 1
        else:
            out.append("−" if char == "-" else char)
            i += 1
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _argument(tex: str, i: int) -> tuple[str, int]:
    """The argument starting at ``tex[i]``: a {group}, a \\command or one character."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if i >= len(tex):
        return "", i
    if tex[i] == "{":
        depth = 0
        for j in range(i, len(tex)):
            depth += {"{": 1, "}": -1}.get(tex[j], 0) if tex[j - 1:j] != "\\" else 0
            if depth == 0:
                return tex[i + 1:j], j + 1
        return tex[i + 1:], len(tex)
    if tex[i] == "\\":
        command = re.match(r"\\([a-zA-Z]+|.)", tex[i:])[0]
        return command, i + len(command)
    return tex[i], i + 1


def _grouped(text: str) -> str:
    """``text`` as it can stand beside a slash: in parentheses unless it is one term."""
    return text if re.fullmatch(r"[\w.∂ℓ·′]+|\(.*\)", text) and not re.search(
        r"\).*\(", text) else f"({text})"


def _script(text: str, superscript: bool) -> str:
    """A super- or subscript in Unicode's small characters where all exist, else ^(...)."""
    table = _SUPERSCRIPTS if superscript else _SUBSCRIPTS
    compact = text.replace("−", "-").replace(" ", "")
    if compact and all(c in table for c in compact):
        return "".join(table[c] for c in compact)
    mark = "^" if superscript else "_"
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"
# Material asks for the index (an XMLHttpRequest) when its script starts; this holds
# that one request's send() back until the reader focuses the search box (a click, a
# tap on the search icon, or the s, f and / keys, which Material answers by focusing
# it). A page opened from a search result (?h=...) highlights the words found, so it
# asks at once.
_ON_DEMAND = """<script>(function () {
  var request = XMLHttpRequest.prototype, open = request.open, send = request.send;
  var wanted, asked = new Promise(function (resolve) { wanted = resolve; });
  if (/[?&]h=/.test(location.search)) wanted();
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) {
      wanted();
    }
  });
  document.addEventListener("change", function (event) {  // the search icon, on a phone
    if (event.target.id === "__search" && event.target.checked) wanted();
  });
  request.open = function (method, url) {
    this.mlpSearchIndex = /search\\/search_index\\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  request.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.mlpSearchIndex) return send.apply(xhr, args);
    asked.then(function () { if (xhr.readyState === 1) send.apply(xhr, args); });
  };
})();</script>"""


def index_on_demand(page_html: str) -> str:
    """Make the page fetch its search index only when the reader goes to search.

    A small script, first in ``<head>`` (before Material's own), holds back
    Material's request for ``search/search_index.json`` until the search box
    gets the focus; every other request goes through untouched.

    >>> page = index_on_demand('<head><meta charset="utf-8"><title>t</title></head>')
    >>> page.startswith('<head><meta charset="utf-8"><script>') and "search_index" in page
    True
    >>> index_on_demand("<p>no head</p>")
    '<p>no head</p>'
    """
    charset = re.search(r"<meta charset=[^>]*>", page_html)
    if charset is None:
        return page_html
    return page_html[:charset.end()] + _ON_DEMAND + page_html[charset.end():]
